/*
 * Logging in and out. An unknown e-mail and a wrong password get the same answer in the
 * same time (a dummy argon2id verification); failures are throttled per account and per
 * address before any password is checked.
 */
#include <string.h>

#include <sodium.h>

#include "fields.h"
#include "twofa.h"

/* The login page, with the fields' errors and a message key when given. */
static int login_page(struct req *r, int status, const char *kind, const char *msg,
                      long wait)
{
	struct _xmlNode *root = view_page(r, "login.title");
	if (r->method == M_POST) {
		view_form_errors(root, &r->form);
		const struct field_value *email = &r->form.v[LF_EMAIL];
		if (email->present)
			view_attr(view_node(root, "form"), "email", email->s);
	}
	if (msg != NULL)
		view_message(root, kind, msg);
	if (wait > 0)
		view_wait(root, wait);
	return view_render(r, status, AP_LOGIN);
}

int auth_login_form(struct req *r)
{
	const struct field_value *n = &r->form.v[NF_NOTICE];
	const char *msg = n->present ? arena_printf(r->arena, "notice.%s", n->s) : NULL;
	return login_page(r, 200, "info", msg, 0);
}

struct login_ok {
	struct req *r;
	long long uid;
	const char *email;
	struct session *old;  /* a session the browser had before: it ends */
};

/* A successful login in one transaction: counter cleared, session, security log. */
static int login_txn(struct db *db, void *p)
{
	struct login_ok *ok = p;
	int rc;
	(void)db;
	/* A rerun after a deadlock starts afresh: the first attempt's session was rolled back. */
	ok->r->nset_cookie = 0;
	ok->r->sess = ok->old;
	if ((rc = throttle_clear(ok->r, THR_LOGIN_ACCOUNT, ok->email)) != DB_OK ||
	    (rc = sess_start(ok->r, ok->uid)) != DB_OK)
		return rc;
	return auth_seclog(ok->r, ok->uid, "login");
}

int auth_login(struct req *r)
{
	static const unsigned required[] = {LF_EMAIL, LF_PASSWORD};
	struct db_rows rows;
	bool rehash = false;
	int rc;

	if (form_require(&r->form, required, 2) != 0)
		return login_page(r, 400, "error", "login.incomplete", 0);
	const char *email = r->form.v[LF_EMAIL].s;
	const struct field_value *pw = &r->form.v[LF_PASSWORD];

	long wa = throttle_wait(r, THR_LOGIN_ACCOUNT, email);
	long wb = throttle_wait(r, THR_LOGIN_ADDRESS, r->remote_addr);
	if (wa < 0 || wb < 0)
		return wa < 0 ? (int)wa : (int)wb;
	if (wa > 0 || wb > 0) {
		log_warn("login throttled for an account or %s", r->remote_addr);
		return login_page(r, 429, "error", "login.throttled", wa > wb ? wa : wb);
	}
	if ((rc = db_exec(r->app->db, r->arena, AS_USER_BY_EMAIL, DB_ARGS(DB_TEXT(email)), &rows)) != DB_OK)
		return rc;
	long long uid = rows.nrows == 1 ? db_int(&rows, 0, 0) : 0;
	bool ok = false;
	if (uid == 0)
		sec_password_dummy(pw->s, pw->len);
	else
		ok = sec_password_verify(db_cell(&rows, 0, 1), pw->s, pw->len, &rehash) == 0;
	if (!ok) {
		if ((rc = throttle_fail(r, THR_LOGIN_ACCOUNT, email)) != DB_OK ||
		    (rc = throttle_fail(r, THR_LOGIN_ADDRESS, r->remote_addr)) != DB_OK)
			return rc;
		if (uid != 0 && (rc = auth_seclog(r, uid, "login_failed")) != DB_OK)
			return rc;
		return login_page(r, 401, "error", "login.failed", 0);
	}
	if (rehash) {
		char hash[crypto_pwhash_STRBYTES];
		if (sec_password_hash(pw->s, pw->len, hash) == 0 &&
		    (rc = db_exec(r->app->db, r->arena, AS_USER_REHASH,
		                  DB_ARGS(DB_TEXT(hash), DB_INT(uid)), NULL)) != DB_OK)
			return rc;
	}
	if (db_int(&rows, 0, 3) != 0) {
		/* A second factor is due: no session yet, only the pending second step. */
		int l = i18n_locale(db_cell(&rows, 0, 2));
		struct account who = {uid, email, l >= 0 ? l : r->locale};
		if ((rc = throttle_clear(r, THR_LOGIN_ACCOUNT, email)) != DB_OK ||
		    (rc = challenge_start(r, &who)) != DB_OK)
			return rc;
		return resp_redirect(r, "/login/2fa");
	}
	struct login_ok done = {r, uid, email, r->sess};
	if ((rc = db_txn(r->app->db, login_txn, &done)) != DB_OK) {
		/* Rolled back: no session exists, so no cookie may name one. */
		r->nset_cookie = 0;
		r->sess = NULL;
		return rc;
	}
	/* Staff turned 2FA off after a recovery: it is set up again first. */
	if (db_int(&rows, 0, 4) != 0)
		return resp_redirect(r, "/account/2fa?notice=setup_required");
	return resp_redirect(r, "/");
}

int auth_logout(struct req *r)
{
	int rc = sess_end(r);
	if (rc != DB_OK)
		return rc;
	return resp_redirect(r, "/login?notice=logged_out");
}

/* The language: stored on the user when logged in, else in a cookie for a year. */
int auth_locale(struct req *r)
{
	const struct field_value *lang = &r->form.v[LOC_LANG];
	const struct field_value *next = &r->form.v[LOC_NEXT];
	if (!lang->present)
		return 400;
	if (r->sess != NULL) {
		int rc = db_exec(r->app->db, r->arena, CS_USER_LOCALE_SET,
		                 DB_ARGS(DB_TEXT(lang->s), DB_INT(r->sess->user_id)), NULL);
		if (rc != DB_OK)
			return rc;
	}
	resp_cookie(r, "kontor_lang", lang->s, 365L * 86400);
	return resp_redirect(r, next->present ? next->s : "/");
}
