/*
 * Sessions and CSRF. The cookie carries 256 random bits; the database holds only their keyed
 * hash. Idle and absolute lifetimes are enforced here; last_seen is written at most once a
 * minute so that an ordinary page view costs no write. CSRF tokens are derived (keyed hash of
 * the session, or of a pre-session cookie for the login form), so they need no storage.
 */
#include <string.h>

#include <sodium.h>

#include "core.h"

#define SESSION_COOKIE "kontor"
#define PRESESSION_COOKIE "kontor_pre"
#define TOUCH_EVERY 60
#define REAUTH_WINDOW 300

static bool sess_hash(struct req *r, const char *value, unsigned char out[32])
{
	return sec_token_hash(&r->app->conf, "session", value, out);
}

int sess_load(struct req *r)
{
	unsigned char h[32];
	struct db_rows rows;
	const struct conf *c = &r->app->conf;

	r->sess = NULL;
	if (!sess_hash(r, req_cookie(r, SESSION_COOKIE), h))
		return DB_OK;
	unsigned stmt = r->route != NULL && r->route->sess_stmt ? r->route->sess_stmt : CS_SESSION_GET;
	int rc = db_exec(r->app->db, r->arena, stmt, DB_ARGS(DB_BLOB(h, 32)), &rows);
	if (rc != DB_OK)
		return rc;
	if (rows.nrows == 0) {
		resp_cookie(r, SESSION_COOKIE, "", 0);
		return DB_OK;
	}
	time_t created = db_int(&rows, 0, 1), seen = db_int(&rows, 0, 2);
	if (r->now - seen > (time_t)c->session_idle || r->now - created > (time_t)c->session_absolute) {
		rc = db_exec(r->app->db, r->arena, CS_SESSION_DELETE, DB_ARGS(DB_BLOB(h, 32)), NULL);
		resp_cookie(r, SESSION_COOKIE, "", 0);
		return rc == DB_DOWN ? DB_DOWN : DB_OK;
	}
	if (r->now - seen >= TOUCH_EVERY) {
		rc = db_exec(r->app->db, r->arena, CS_SESSION_TOUCH,
		             DB_ARGS(DB_INT(r->now), DB_BLOB(h, 32)), NULL);
		if (rc != DB_OK)
			return rc;
		seen = r->now;
	}
	if (stmt != CS_SESSION_GET)
		r->sess_rows = rows;
	struct session *s = arena_calloc(r->arena, 1, sizeof(*s));
	s->user_id = db_int(&rows, 0, 0);
	memcpy(s->id_hash, h, 32);
	s->created = created;
	s->last_seen = seen;
	s->reauth_at = db_int(&rows, 0, 3);
	s->email = db_cell(&rows, 0, 4);
	s->name = db_cell(&rows, 0, 5);
	s->staff = db_int(&rows, 0, 6) != 0;
	s->locale = i18n_locale(db_cell(&rows, 0, 7));
	s->setup_2fa = db_int(&rows, 0, 8) != 0;
	r->sess = s;
	return DB_OK;
}

int sess_start(struct req *r, long long user_id)
{
	unsigned char raw[32], h[32];
	char value[64];
	int rc;

	if (r->sess != NULL && (rc = sess_end(r)) != DB_OK)
		return rc;
	randombytes_buf(raw, sizeof(raw));
	sodium_bin2base64(value, sizeof(value), raw, sizeof(raw),
	                  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sec_keyed_hash(&r->app->conf, "session", raw, sizeof(raw), h);
	sodium_memzero(raw, sizeof(raw));
	rc = db_exec(r->app->db, r->arena, CS_SESSION_INSERT,
	             DB_ARGS(DB_BLOB(h, 32), DB_INT(user_id), DB_INT(r->now), DB_INT(r->now),
	                     DB_INT(r->now), DB_TEXT(r->remote_addr ? r->remote_addr : ""),
	                     DB_TEXT(r->user_agent)),
	             NULL);
	if (rc == DB_OK) {
		resp_cookie(r, SESSION_COOKIE, value, -1);
		struct session *s = arena_calloc(r->arena, 1, sizeof(*s));
		s->user_id = user_id;
		memcpy(s->id_hash, h, 32);
		s->created = s->last_seen = s->reauth_at = r->now;
		s->email = s->name = "";
		s->locale = -1;
		r->sess = s;
		r->csrf = NULL;
	}
	sodium_memzero(value, sizeof(value));
	return rc;
}

int sess_end(struct req *r)
{
	int rc = DB_OK;
	if (r->sess != NULL)
		rc = db_exec(r->app->db, r->arena, CS_SESSION_DELETE,
		             DB_ARGS(DB_BLOB(r->sess->id_hash, 32)), NULL);
	resp_cookie(r, SESSION_COOKIE, "", 0);
	r->sess = NULL;
	r->csrf = NULL;
	return rc;
}

int sess_end_others(struct req *r)
{
	if (r->sess == NULL)
		return DB_OK;
	return db_exec(r->app->db, r->arena, CS_SESSION_DELETE_USER_OTHERS,
	               DB_ARGS(DB_INT(r->sess->user_id), DB_BLOB(r->sess->id_hash, 32)), NULL);
}

/* base64url of the keyed hash of in, for purpose: a CSRF token, in the arena. */
static const char *csrf_derive(struct req *r, const char *purpose, const void *in, size_t n)
{
	unsigned char h[32];
	sec_keyed_hash(&r->app->conf, purpose, in, n, h);
	size_t len = sodium_base64_encoded_len(32, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	char *t = arena_alloc(r->arena, len);
	sodium_bin2base64(t, len, h, 32, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	return t;
}

static bool pre_cookie_valid(const char *pre)
{
	return pre != NULL && strlen(pre) == 22 &&
	       strspn(pre, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") == 22;
}

static bool token_equal(const char *posted, const char *want)
{
	return strlen(posted) == strlen(want) && sec_equal(posted, want, strlen(want));
}

/* The token: keyed hash of the session id hash, or of the pre-session cookie value. */
const char *csrf_token(struct req *r)
{
	if (r->csrf != NULL)
		return r->csrf;
	if (r->sess != NULL) {
		r->csrf = csrf_derive(r, "csrf", r->sess->id_hash, 32);
	} else {
		const char *pre = req_cookie(r, PRESESSION_COOKIE);
		if (!pre_cookie_valid(pre)) {
			pre = sec_token(r->arena, 16);
			resp_cookie(r, PRESESSION_COOKIE, pre, -1);
		}
		r->csrf = csrf_derive(r, "csrf-pre", pre, strlen(pre));
	}
	return r->csrf;
}

/* True when the Origin header names this site: the origin of the configured base_url, or
 * https:// with the Host and the port the request came in on. nginx may pass Host without
 * its port ($host), and https://host alone is another origin when the port is not 443. */
static bool origin_ok(struct req *r)
{
	const char *base = r->app->conf.base_url;
	const char *auth = base != NULL ? strstr(base, "://") : NULL;
	if (auth != NULL) {
		size_t n = (size_t)(auth + 3 - base) + strcspn(auth + 3, "/");
		if (strlen(r->origin) == n && strncmp(r->origin, base, n) == 0)
			return true;
	}
	if (r->host == NULL || strncmp(r->origin, "https://", 8) != 0)
		return false;
	const char *port = req_param(r, "SERVER_PORT");
	const char *site = r->host;
	if (strchr(r->host, ':') == NULL && port != NULL && strcmp(port, "443") != 0)
		site = arena_printf(r->arena, "%s:%s", r->host, port);
	return strcmp(r->origin + 8, site) == 0;
}

bool csrf_check(struct req *r, const char *posted)
{
	/* Browsers send Origin on cross-site POSTs; it must be this very site. */
	if (r->origin != NULL && !origin_ok(r))
		return false;
	const char *pre = req_cookie(r, PRESESSION_COOKIE);
	if (posted == NULL || (r->sess == NULL && !pre_cookie_valid(pre)))
		return false;
	if (token_equal(posted, csrf_token(r)))
		return true;
	/* Pages rendered before the session was looked up (a 404) carry the pre-session token;
	 * it is bound to an HttpOnly __Host- cookie of this browser, so it is as good. */
	return r->sess != NULL && pre_cookie_valid(pre) &&
	       token_equal(posted, csrf_derive(r, "csrf-pre", pre, strlen(pre)));
}

bool sess_reauth_needed(const struct req *r)
{
	return r->now - r->sess->reauth_at > REAUTH_WINDOW;
}

int sess_password_again(struct req *r, const struct field_value *pw, long *wait)
{
	struct db_rows rows;
	bool rehash;
	*wait = throttle_wait(r, THR_LOGIN_ACCOUNT, r->sess->email);
	if (*wait < 0)
		return (int)*wait;
	if (*wait > 0)
		return 2;
	int rc = db_exec(r->app->db, r->arena, CS_USER_PASSWORD_HASH, DB_ARGS(DB_INT(r->sess->user_id)),
	                 &rows);
	if (rc != DB_OK)
		return rc;
	if (rows.nrows == 1 && pw->present &&
	    sec_password_verify(db_cell(&rows, 0, 0), pw->s, pw->len, &rehash) == 0) {
		rc = db_exec(r->app->db, r->arena, CS_SESSION_REAUTH,
		             DB_ARGS(DB_INT(r->now), DB_BLOB(r->sess->id_hash, 32)), NULL);
		if (rc == DB_OK)
			r->sess->reauth_at = r->now;
		return rc;
	}
	rc = throttle_fail(r, THR_LOGIN_ACCOUNT, r->sess->email);
	return rc != DB_OK ? rc : 1;
}
