/*
 * Changing a password (current one required) and resetting it by an e-mailed single-use
 * link. Opening the link only shows a form; only the form's POST changes anything, so a
 * mail scanner that follows links changes nothing.
 */
#include <string.h>

#include <libxml/tree.h>
#include <sodium.h>

#include "fields.h"
#include "twofa.h"

/* Queues the "your password was changed" notice. */
static int notify_changed(struct req *r, const char *email, int locale)
{
	struct _xmlNode *root;
	xmlDocPtr m = mail_model(r->arena, &root);
	view_attr(root, "ip", r->remote_addr);
	view_text(root, "email", email);
	return mail_queue(r->app->db, r->arena, locale, email, "password_changed", m);
}

/* Sets a new hash and ends every session of the user, every login of theirs waiting for its
 * second factor (whoever passed the old password there must not go on) and every reset
 * link, in the caller's transaction. */
static int set_password(struct req *r, long long uid, const struct field_value *pw)
{
	char hash[crypto_pwhash_STRBYTES];
	int rc;
	if (sec_password_hash(pw->s, pw->len, hash) != 0)
		return DB_ERROR;
	if ((rc = db_exec(r->app->db, r->arena, AS_USER_SET_PASSWORD,
	                  DB_ARGS(DB_TEXT(hash), DB_INT(r->now), DB_INT(uid)), NULL)) != DB_OK)
		return rc;
	if ((rc = db_exec(r->app->db, r->arena, AS_RESET_INVALIDATE_USER,
	                  DB_ARGS(DB_INT(r->now), DB_INT(uid)), NULL)) != DB_OK)
		return rc;
	if ((rc = db_exec(r->app->db, r->arena, AS_CHALLENGES_DELETE_USER, DB_ARGS(DB_INT(uid)),
	                  NULL)) != DB_OK)
		return rc;
	return db_exec(r->app->db, r->arena, AS_SESSIONS_DELETE_USER, DB_ARGS(DB_INT(uid)), NULL);
}

/* The field a problem of sec_password_problem belongs to. */
static const char *problem_field(const char *key)
{
	return strcmp(key, "password.mismatch") == 0 ? "password2" : "password";
}

/* --- change, while logged in: the ordinary change, and "my password may be compromised" */

/* What a change of the logged-in user's password is: the form that answers a refusal, the
 * event logged, whether everything else that opens the account goes too, where it leads. */
struct change_kind {
	unsigned page;        /* the form's stylesheet (AP_PASSWORD, AP_COMPROMISED) */
	const char *title;    /* its title's catalogue key */
	const char *event;    /* the security log's event */
	bool revoke_all;      /* also every application password, API token and pending login */
	const char *done;     /* where the browser goes after the change */
};

static const struct change_kind ordinary_change = {
	AP_PASSWORD, "password.title", "password_changed", false, "/?notice=password_changed"};
static const struct change_kind compromised_change = {
	AP_COMPROMISED, "compromised.title", "password_compromised", true,
	"/account/security?notice=compromised"};

/* The form with the parser's field errors, msg at field when given, else at the top, and
 * the minutes to wait when wait > 0. */
static int password_page(struct req *r, const struct change_kind *k, int status,
                         const char *field, const char *msg, long wait)
{
	struct _xmlNode *root = view_page(r, k->title);
	if (r->method == M_POST)
		view_form_errors(root, &r->form);
	if (msg != NULL && field != NULL)
		view_field_error(root, field, msg);
	else if (msg != NULL)
		view_message(root, status < 400 ? "info" : "error", msg);
	if (wait > 0)
		view_wait(root, wait);
	return view_render(r, status, k->page);
}

int auth_password_form(struct req *r)
{
	return password_page(r, &ordinary_change, 200, NULL, NULL, 0);
}

int auth_compromised_form(struct req *r)
{
	return password_page(r, &compromised_change, 200, NULL, NULL, 0);
}

struct change {
	struct req *r;
	const struct change_kind *kind;
	const struct field_value *pw;
	int locale;
};

/* One transaction: the new password (every session, pending login and reset link ended),
 * and for a compromised password every application password and API token revoked; the
 * event logged, the user told. */
static int change_txn(struct db *db, void *p)
{
	struct change *c = p;
	struct req *r = c->r;
	long long uid = r->sess->user_id;
	int rc = set_password(r, uid, c->pw);
	if (rc != DB_OK)
		return rc;
	if (c->kind->revoke_all) {
		if ((rc = db_exec(db, r->arena, AS_APPPW_REVOKE_ALL,
		                  DB_ARGS(DB_INT(r->now), DB_INT(uid)), NULL)) != DB_OK ||
		    (rc = db_exec(db, r->arena, AS_TOKENS_REVOKE_USER,
		                  DB_ARGS(DB_INT(r->now), DB_INT(uid)), NULL)) != DB_OK)
			return rc;
		/* The security mail says what happened (seclog.password_compromised). */
		struct account me = {uid, r->sess->email, c->locale};
		return auth_event(r, &me, c->kind->event, "", true);
	}
	if ((rc = auth_seclog(r, uid, c->kind->event)) != DB_OK)
		return rc;
	return notify_changed(r, r->sess->email, c->locale);
}

/* The change: the current password (throttled like a login), the rules of the new one, the
 * transaction, and this browser's session continued under a fresh id. */
static int password_change(struct req *r, const struct change_kind *k)
{
	const struct field_value *pw = &r->form.v[PW_PASSWORD];
	long wait;

	int rc = sess_password_again(r, &r->form.v[PW_CURRENT], &wait);
	if (rc < 0)
		return rc;
	if (rc == 2)
		return password_page(r, k, 429, NULL, "login.throttled", wait);
	if (rc == 1)
		return password_page(r, k, 400, "current", "password.current_wrong", 0);
	const char *problem = sec_password_problem(pw, &r->form.v[PW_PASSWORD2], r->sess->email);
	if (problem != NULL)
		return password_page(r, k, 400, problem_field(problem), problem, 0);
	struct change c = {r, k, pw, r->locale};
	if ((rc = db_txn(r->app->db, change_txn, &c)) != DB_OK)
		return rc;
	/* Every session was ended; this one continues under a fresh id. */
	long long uid = r->sess->user_id;
	r->sess = NULL;
	if ((rc = sess_start(r, uid)) != DB_OK)
		return rc;
	return resp_redirect(r, k->done);
}

int auth_password(struct req *r)
{
	return password_change(r, &ordinary_change);
}

int auth_compromised(struct req *r)
{
	return password_change(r, &compromised_change);
}

/* --- reset by e-mail */

int auth_reset_form(struct req *r)
{
	view_page(r, "reset.title");
	return view_render(r, 200, AP_RESET_REQUEST);
}

struct reset {
	struct req *r;
	long long uid;
	const char *email;
	int locale;
	const char *token;
	const struct field_value *pw;
	bool used;
};

static int reset_request_txn(struct db *db, void *p)
{
	struct reset *s = p;
	unsigned char h[32];
	struct req *r = s->r;
	sec_keyed_hash(&r->app->conf, "reset", s->token, strlen(s->token), h);
	int rc = db_exec(db, r->arena, AS_RESET_INSERT,
	                 DB_ARGS(DB_BLOB(h, 32), DB_INT(s->uid), DB_INT(r->now),
	                         DB_INT(r->now + r->app->conf.reset_ttl)),
	                 NULL);
	if (rc != DB_OK)
		return rc;
	struct _xmlNode *root;
	xmlDocPtr m = mail_model(r->arena, &root);
	view_attr(root, "token", s->token);
	view_attr_int(root, "minutes", r->app->conf.reset_ttl / 60);
	view_attr(root, "ip", r->remote_addr);
	return mail_queue(db, r->arena, s->locale, s->email, "password_reset", m);
}

int auth_reset_request(struct req *r)
{
	static const unsigned required[] = {RR_EMAIL};
	struct db_rows rows;
	int rc;

	if (form_require(&r->form, required, 1) != 0) {
		struct _xmlNode *root = view_page(r, "reset.title");
		view_form_errors(root, &r->form);
		return view_render(r, 400, AP_RESET_REQUEST);
	}
	long wait = throttle_wait(r, THR_RESET_ADDRESS, r->remote_addr);
	if (wait < 0)
		return (int)wait;
	if (wait > 0) {
		struct _xmlNode *root = view_page(r, "reset.title");
		view_message(root, "error", "login.throttled");
		view_wait(root, wait);
		return view_render(r, 429, AP_RESET_REQUEST);
	}
	if ((rc = throttle_fail(r, THR_RESET_ADDRESS, r->remote_addr)) != DB_OK)
		return rc;
	const char *email = r->form.v[RR_EMAIL].s;
	if ((rc = db_exec(r->app->db, r->arena, AS_USER_BY_EMAIL, DB_ARGS(DB_TEXT(email)), &rows)) != DB_OK)
		return rc;
	/* The same answer whether the account exists or not. */
	if (rows.nrows == 1) {
		int l = i18n_locale(db_cell(&rows, 0, 2));
		struct reset s = {r, db_int(&rows, 0, 0), email, l >= 0 ? l : r->locale,
		                  sec_token(r->arena, 32), NULL, false};
		if ((rc = db_txn(r->app->db, reset_request_txn, &s)) != DB_OK)
			return rc;
	}
	return resp_redirect(r, "/login?notice=reset_sent");
}

/* The new-password form for a valid token (else the way to a new link), with the parser's
 * field errors and msg at field when given, else at the top. */
static int reset_page(struct req *r, int status, const char *token, const char *field,
                      const char *msg)
{
	struct _xmlNode *root = view_page(r, "reset.title");
	if (token != NULL)
		view_attr(view_node(root, "reset"), "token", token);
	if (r->method == M_POST)
		view_form_errors(root, &r->form);
	if (msg != NULL && field != NULL)
		view_field_error(root, field, msg);
	else if (msg != NULL)
		view_message(root, "error", msg);
	return view_render(r, status, AP_RESET_CONFIRM);
}

/* Looks the token up. 0 with s filled when it is valid and unused; otherwise the page
 * saying the link is no longer valid was rendered and its status is returned (or a DB
 * status < 0). */
static int reset_lookup(struct req *r, const struct field_value *t, struct reset *s)
{
	unsigned char h[32];
	struct db_rows rows;
	if (!t->present)
		return reset_page(r, 400, NULL, NULL, "reset.invalid");
	sec_keyed_hash(&r->app->conf, "reset", t->s, t->len, h);
	int rc = db_exec(r->app->db, r->arena, AS_RESET_GET, DB_ARGS(DB_BLOB(h, 32), DB_INT(r->now)), &rows);
	if (rc != DB_OK)
		return rc;
	if (rows.nrows != 1)
		return reset_page(r, 400, NULL, NULL, "reset.invalid");
	s->uid = db_int(&rows, 0, 0);
	s->email = db_cell(&rows, 0, 1);
	int l = i18n_locale(db_cell(&rows, 0, 2));
	s->locale = l >= 0 ? l : r->locale;
	s->token = t->s;
	return 0;
}

int auth_reset_confirm_form(struct req *r)
{
	struct reset s = {r, 0, NULL, 0, NULL, NULL, false};
	const struct field_value *t = &r->form.v[RT_TOKEN];
	int rc = reset_lookup(r, t, &s);
	return rc != 0 ? rc : reset_page(r, 200, t->s, NULL, NULL);
}

static int reset_confirm_txn(struct db *db, void *p)
{
	struct reset *s = p;
	struct req *r = s->r;
	unsigned char h[32];
	sec_keyed_hash(&r->app->conf, "reset", s->token, strlen(s->token), h);
	int rc = db_exec(db, r->arena, AS_RESET_USE,
	                 DB_ARGS(DB_INT(r->now), DB_BLOB(h, 32), DB_INT(r->now)), NULL);
	if (rc != DB_OK)
		return rc;
	if (db_affected(db) != 1) {
		s->used = true;
		return 1;  /* used meanwhile: roll back, change nothing */
	}
	if ((rc = set_password(r, s->uid, s->pw)) != DB_OK)
		return rc;
	if ((rc = auth_seclog(r, s->uid, "password_reset")) != DB_OK)
		return rc;
	return notify_changed(r, s->email, s->locale);
}

int auth_reset_confirm(struct req *r)
{
	struct reset s = {r, 0, NULL, 0, NULL, NULL, false};
	const struct field_value *t = &r->form.v[RC_TOKEN];
	int rc = reset_lookup(r, t, &s);
	if (rc != 0)
		return rc;
	const char *problem = sec_password_problem(&r->form.v[RC_PASSWORD],
	                                             &r->form.v[RC_PASSWORD2], s.email);
	if (problem != NULL)
		return reset_page(r, 400, t->s, problem_field(problem), problem);
	s.pw = &r->form.v[RC_PASSWORD];
	rc = db_txn(r->app->db, reset_confirm_txn, &s);
	if (rc < 0)
		return rc;
	if (s.used)
		return reset_page(r, 400, NULL, NULL, "reset.invalid");
	if (r->sess != NULL && (rc = sess_end(r)) != DB_OK)
		return rc;
	return resp_redirect(r, "/login?notice=reset_done");
}
