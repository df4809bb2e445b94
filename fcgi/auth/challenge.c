/*
 * The login's second step. A right password for an account with a second factor gives no
 * session, only a challenge: 256 random bits in a cookie, their keyed hash in
 * login_challenges, valid 20 minutes. Every way of giving the second factor (code, device,
 * recovery) starts from the challenge, and only challenge_finish turns it into a session.
 */
#include <string.h>

#include "twofa.h"

#define CHALLENGE_COOKIE "kontor_2fa"

static bool challenge_hash(struct req *r, const char *value, unsigned char out[32])
{
	return sec_token_hash(&r->app->conf, "login-challenge", value, out);
}

int challenge_start(struct req *r, const struct account *who)
{
	unsigned char h[32];
	const char *value = sec_token(r->arena, 32);
	if (!challenge_hash(r, value, h))
		return DB_ERROR;
	int rc = db_exec(r->app->db, r->arena, AS_CHALLENGE_INSERT,
	                 DB_ARGS(DB_BLOB(h, 32), DB_INT(who->id), DB_INT(r->now),
	                         DB_INT(r->now + CHALLENGE_TTL),
	                         DB_TEXT(r->remote_addr ? r->remote_addr : ""),
	                         DB_TEXT(r->user_agent)),
	                 NULL);
	if (rc == DB_OK)
		resp_cookie(r, CHALLENGE_COOKIE, value, CHALLENGE_TTL);
	return rc;
}

int challenge_load(struct req *r, struct challenge **out)
{
	unsigned char h[32];
	struct db_rows rows;
	*out = NULL;
	if (!challenge_hash(r, req_cookie(r, CHALLENGE_COOKIE), h))
		return DB_OK;
	int rc = db_exec(r->app->db, r->arena, AS_CHALLENGE_GET, DB_ARGS(DB_BLOB(h, 32), DB_INT(r->now)),
	                 &rows);
	if (rc != DB_OK || rows.nrows != 1)
		return rc;
	struct challenge *c = arena_calloc(r->arena, 1, sizeof(*c));
	memcpy(c->id_hash, h, 32);
	c->who.id = db_int(&rows, 0, 0);
	c->who.email = db_cell(&rows, 0, 1);
	c->who.locale = i18n_locale(db_cell(&rows, 0, 2));
	c->created = db_int(&rows, 0, 3);
	c->expires = db_int(&rows, 0, 4);
	c->refused = db_int(&rows, 0, 5) != 0;
	*out = c;
	return DB_OK;
}

int challenge_need(struct req *r, struct challenge **out)
{
	int rc = challenge_load(r, out);
	if (rc != DB_OK)
		return rc;
	if (*out == NULL)
		return resp_redirect(r, "/login?notice=expired");
	if ((*out)->refused) {
		/* A NO on the device ends the login for every way of going on (codes, SMS, help). */
		if ((rc = challenge_drop(r, *out)) != DB_OK)
			return rc;
		*out = NULL;
		return resp_redirect(r, "/login?notice=device_denied");
	}
	return 0;
}

struct finish {
	struct req *r;
	struct challenge *c;
	const char *method;
	struct session *old;
};

static int finish_txn(struct db *db, void *p)
{
	struct finish *f = p;
	struct req *r = f->r;
	int rc;
	/* A rerun after a deadlock starts afresh: the first attempt's session was rolled back. */
	r->nset_cookie = 0;
	r->sess = f->old;
	if ((rc = db_exec(db, r->arena, AS_CHALLENGE_DELETE, DB_ARGS(DB_BLOB(f->c->id_hash, 32)),
	                  NULL)) != DB_OK)
		return rc;
	if (db_affected(db) != 1)
		return 1;  /* finished meanwhile by another request (a double submit): no second session */
	if ((rc = throttle_clear(r, THR_CODE_ACCOUNT, f->c->who.email)) != DB_OK ||
	    (rc = sess_start(r, f->c->who.id)) != DB_OK || (rc = twofa_stepup_done(r)) != DB_OK)
		return rc;
	if ((rc = auth_event(r, &f->c->who, "login", f->method, false)) != DB_OK)
		return rc;
	/* An emergency code is the last resort: the user hears of each one used. */
	if (strcmp(f->method, "emergency") == 0)
		return auth_event(r, &f->c->who, "emergency_code_used", "", true);
	return DB_OK;
}

int challenge_finish(struct req *r, struct challenge *c, const char *method)
{
	struct finish f = {r, c, method, r->sess};
	int rc = db_txn(r->app->db, finish_txn, &f);
	if (rc != DB_OK) {
		r->nset_cookie = 0;
		r->sess = NULL;
		return rc > 0 ? resp_redirect(r, "/login?notice=expired") : rc;
	}
	resp_cookie(r, CHALLENGE_COOKIE, "", 0);
	return resp_redirect(r, "/");
}

int challenge_drop(struct req *r, struct challenge *c)
{
	resp_cookie(r, CHALLENGE_COOKIE, "", 0);
	if (c == NULL)
		return DB_OK;
	return db_exec(r->app->db, r->arena, AS_CHALLENGE_DELETE, DB_ARGS(DB_BLOB(c->id_hash, 32)),
	               NULL);
}
