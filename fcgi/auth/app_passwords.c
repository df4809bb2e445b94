/*
 * Application passwords in the account: the list (name, protocols, created, expires, last
 * use, status; revoke one, or all at once), and creating one. Creating asks for the account's
 * password again like creating an API token; the new password is shown once, in the answer
 * to the POST itself, and only its keyed hash is kept. Each change is a security event
 * that is mailed: a password opens the account to a client without the second factor.
 */
#include <string.h>

#include <libxml/tree.h>

#include "fields.h"
#include "twofa.h"

#define APPPW_PER_PAGE 50
#define NAME_MAX_CHARS 100

/* The list, page by page; with notice (after a redirect), or with the refusal of "revoke
 * all" unconfirmed (status 400). */
static int list_page(struct req *r, int status, long long page, const struct field_value *notice)
{
	struct db_rows rows;
	int rc = db_exec(r->app->db, r->arena, AS_APPPW_LIST,
	                 DB_ARGS(DB_INT(r->now), DB_INT(r->sess->user_id), DB_INT(APPPW_PER_PAGE),
	                         DB_INT((page - 1) * APPPW_PER_PAGE)),
	                 &rows);
	if (rc != DB_OK)
		return rc;
	struct _xmlNode *root = view_page(r, "apppw.title");
	if (notice != NULL)
		view_notice(r, root, "apppw.notice.", notice);
	if (status == 400) {
		view_field_error(root, "confirm", "apppw.revoke_all.unconfirmed");
	}
	struct _xmlNode *list = view_node(root, "app-passwords");
	view_attr(list, "user", r->sess->email);
	view_pager(list, page, APPPW_PER_PAGE, rows.nrows > 0 ? db_int(&rows, 0, 8) : 0);
	for (size_t i = 0; i < rows.nrows; i++) {
		struct _xmlNode *p = view_node(list, "app-password");
		view_attr(p, "id", db_cell(&rows, i, 0));
		view_attr(p, "created", db_cell(&rows, i, 3));
		if (db_cell(&rows, i, 4) != NULL)
			view_attr(p, "expires", db_cell(&rows, i, 4));
		if (db_cell(&rows, i, 5) != NULL) {
			view_attr(p, "used", db_cell(&rows, i, 5));
			view_attr(p, "used_from", db_cell(&rows, i, 6));
		}
		view_attr(p, "status", db_cell(&rows, i, 7));
		view_text(p, "name", db_cell(&rows, i, 1));
		const char *protocols = db_cell(&rows, i, 2);
		for (const char *s = protocols; s != NULL && *s != '\0';) {
			size_t n = strcspn(s, ",");
			view_attr(view_node(p, "protocol"), "name", arena_strndup(r->arena, s, n));
			s += n + (s[n] == ',');
		}
	}
	return view_render(r, status, AP_APPPW_LIST);
}

int auth_apppw_list(struct req *r)
{
	long long page = r->form.v[AL_PAGE].present ? r->form.v[AL_PAGE].i : 1;
	return list_page(r, 200, page, &r->form.v[AL_NOTICE]);
}

/* The creation form with what was entered; when status is 400, the refusals at their
 * fields, in keys of ours where the generic ones would not say what a name or a day must
 * be, and expires_problem (token_expiry_problem's key) at the day. */
static int apppw_form(struct req *r, int status, const char *expires_problem)
{
	const struct form *f = &r->form;
	bool posted = r->method == M_POST;
	struct _xmlNode *root = view_page(r, "apppw_new.title");
	for (size_t i = 0; posted && i < f->n; i++) {
		enum field_error err = f->v[i].err;
		if (err == FERR_NONE)
			continue;
		const char *key = field_error_key(err);
		bool missing = err == FERR_MISSING || err == FERR_TOO_SHORT;
		if (i == AN_NAME)
			key = missing ? "apppw_new.name.missing"
			      : err == FERR_TOO_LONG ? "apppw_new.name.too_long" : "apppw_new.name.invalid";
		else if (i == AN_EXPIRES)
			key = expires_problem != NULL ? expires_problem : "apppw_new.expires.invalid";
		else if (i == AN_PASSWORD)
			key = missing ? "apppw_new.password.missing" : "apppw_new.password.wrong";
		view_field_error(root, f->decl[i].name, key);
	}
	if (posted && !form_ok(f))
		view_message(root, "error", "apppw_new.refused");
	struct _xmlNode *form = view_node(root, "form");
	/* What was typed stays, refused or not, to be corrected. */
	if (posted && f->v[AN_NAME].s != NULL)
		view_attr(form, "name", f->v[AN_NAME].s);
	if (posted && f->v[AN_EXPIRES].s != NULL)
		view_attr(form, "expires", f->v[AN_EXPIRES].s);
	if (sess_reauth_needed(r))
		view_attr(form, "reauth", "1");
	struct _xmlNode *protocols = view_node(root, "protocols");
	for (int i = 0; i < APPPW__MAX; i++) {
		struct _xmlNode *p = view_node(protocols, "protocol");
		view_attr(p, "name", apppw_protocols[i]);
		view_attr(p, "field", apppw_fields[AN_PROTOCOL + i].name);
		if (posted && f->v[AN_PROTOCOL + i].present)
			view_attr(p, "checked", "1");
	}
	return view_render(r, status, AP_APPPW_NEW);
}

int auth_apppw_new(struct req *r)
{
	return apppw_form(r, 200, NULL);
}

/* Refuses a field that the declaration let through. */
static void refuse(struct req *r, unsigned idx, enum field_error e)
{
	struct field_value *v = &r->form.v[idx];
	if (v->err == FERR_NONE) {
		v->present = false;
		v->err = e;
	}
}

/* UTF-8 characters of s (the name's limit is in characters, as the column's). */
static size_t utf8_chars(const char *s)
{
	size_t n = 0;
	for (const unsigned char *c = (const unsigned char *)s; *c; c++)
		n += (*c & 0xc0) != 0x80;
	return n;
}

struct create_txn {
	struct req *r;
	const char *name;
	const char *protocols;       /* the SET's value: "caldav,webdav", "" for all */
	const char *expires;         /* last valid day, or NULL */
	const unsigned char *hash;
};

static int create_txn(struct db *db, void *p)
{
	struct create_txn *t = p;
	struct req *r = t->r;
	struct account me = auth_me(r);
	int rc = db_exec(db, r->arena, AS_APPPW_INSERT,
	                 DB_ARGS(DB_INT(me.id), DB_TEXT(t->name), DB_BLOB(t->hash, 32),
	                         DB_TEXT(t->protocols), DB_INT(r->now),
	                         t->expires != NULL ? DB_TEXT(t->expires) : DB_NULL),
	                 NULL);
	if (rc != DB_OK)
		return rc;
	return auth_event(r, &me, "app_password_created", t->name, true);
}

int auth_apppw_create(struct req *r)
{
	struct form *f = &r->form;
	const char *why = NULL;
	long wait;
	int rc;

	if (!f->v[AN_NAME].present)
		refuse(r, AN_NAME, FERR_MISSING);
	else if (utf8_chars(f->v[AN_NAME].s) > NAME_MAX_CHARS)
		refuse(r, AN_NAME, FERR_TOO_LONG);
	if (f->v[AN_EXPIRES].present && (why = token_expiry_problem(f->v[AN_EXPIRES].s, r->now)))
		refuse(r, AN_EXPIRES, FERR_RANGE);
	if (sess_reauth_needed(r)) {
		if ((rc = sess_password_again(r, &f->v[AN_PASSWORD], &wait)) < 0)
			return rc;
		if (rc == 2)
			return 429;
		if (rc == 1)
			refuse(r, AN_PASSWORD, f->v[AN_PASSWORD].present ? FERR_INVALID : FERR_MISSING);
	}
	/* A refused checkbox or password field that the page does not ask for counts too. */
	if (!form_ok(f))
		return apppw_form(r, 400, why);

	const char *protocols = "";
	for (int i = 0; i < APPPW__MAX; i++)
		if (f->v[AN_PROTOCOL + i].present)
			protocols = arena_printf(r->arena, "%s%s%s", protocols, *protocols ? "," : "",
			                         apppw_protocols[i]);
	const char *password = apppw_new(r->arena);
	unsigned char hash[32];
	if (!apppw_hash(&r->app->conf, password, hash))
		return 500;
	struct create_txn t = {r, f->v[AN_NAME].s, protocols,
	                       f->v[AN_EXPIRES].present ? f->v[AN_EXPIRES].s : NULL, hash};
	/* 140 random bits do not collide; a duplicate would be a broken generator: 500. */
	if ((rc = db_txn(r->app->db, create_txn, &t)) != DB_OK)
		return rc == DB_DUPLICATE ? DB_ERROR : rc;

	struct _xmlNode *root = view_page(r, "apppw_created.title");
	struct _xmlNode *n = view_node(root, "created");
	view_attr(n, "password", password);
	view_attr(n, "user", r->sess->email);
	view_attr(n, "base", r->app->conf.base_url);
	if (t.expires != NULL)
		view_attr(n, "expires", t.expires);
	view_text(n, "name", t.name);
	for (int i = 0; i < APPPW__MAX; i++)
		if (f->v[AN_PROTOCOL + i].present)
			view_attr(view_node(n, "protocol"), "name", apppw_protocols[i]);
	return view_render(r, 200, AP_APPPW_CREATED);
}

struct revoke_txn {
	struct req *r;
	long long id;
	const char *notice;
};

/* 404 when the password is not the user's (positive: rolled back and returned). */
static int revoke_txn(struct db *db, void *p)
{
	struct revoke_txn *t = p;
	struct req *r = t->r;
	struct account me = auth_me(r);
	struct db_rows rows;
	int rc = db_exec(db, r->arena, AS_APPPW_GET, DB_ARGS(DB_INT(t->id), DB_INT(me.id)), &rows);
	if (rc != DB_OK)
		return rc;
	if (rows.nrows != 1)
		return 404;
	rc = db_exec(db, r->arena, AS_APPPW_REVOKE,
	             DB_ARGS(DB_INT(r->now), DB_INT(t->id), DB_INT(me.id)), NULL);
	if (rc != DB_OK)
		return rc;
	/* Revoked already (a second click, another tab): nothing happened, nothing to tell. */
	if (db_affected(db) != 1) {
		t->notice = "already_revoked";
		return DB_OK;
	}
	t->notice = "revoked";
	return auth_event(r, &me, "app_password_revoked", db_cell(&rows, 0, 0), true);
}

int auth_apppw_revoke(struct req *r)
{
	struct revoke_txn t = {r, r->args[0], NULL};
	int rc = db_txn(r->app->db, revoke_txn, &t);
	if (rc != DB_OK)
		return rc;
	return resp_redirect(r, arena_printf(r->arena, "/account/app-passwords?notice=%s", t.notice));
}

int apppw_revoke_all(struct req *r, const struct account *who, unsigned long long *n)
{
	int rc = db_exec(r->app->db, r->arena, AS_APPPW_REVOKE_ALL,
	                 DB_ARGS(DB_INT(r->now), DB_INT(who->id)), NULL);
	if (rc != DB_OK)
		return rc;
	*n = db_affected(r->app->db);
	if (*n == 0)
		return DB_OK;
	return auth_event(r, who, "app_passwords_revoked_all", arena_printf(r->arena, "%llu", *n), true);
}

struct revoke_all_txn {
	struct req *r;
	unsigned long long n;
};

static int revoke_all_txn(struct db *db, void *p)
{
	(void)db;
	struct revoke_all_txn *t = p;
	struct account me = auth_me(t->r);
	return apppw_revoke_all(t->r, &me, &t->n);
}

int auth_apppw_revoke_all(struct req *r)
{
	/* Unconfirmed: the list again, saying what the checkbox is for. */
	if (!r->form.v[AA_CONFIRM].present)
		return list_page(r, 400, 1, NULL);
	struct revoke_all_txn t = {r, 0};
	int rc = db_txn(r->app->db, revoke_all_txn, &t);
	if (rc != DB_OK)
		return rc;
	return resp_redirect(r, t.n > 0 ? "/account/app-passwords?notice=revoked_all"
	                                 : "/account/app-passwords?notice=none_to_revoke");
}
