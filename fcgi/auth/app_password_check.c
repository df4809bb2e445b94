/*
 * nginx's check of an application password (auth_request to an internal location): the
 * HTTP Basic credentials of the request, an account's e-mail and one of its application
 * passwords, for the protocol of the location nginx protects ($kontor_app_protocol, passed
 * as KONTOR_APP_PROTOCOL). It runs before every request of a DAV or mail client, so it is
 * one statement on the usual path: the password by its keyed hash (no argon2: the password
 * is 140 random bits) with its account and both throttle rows. The answer is 200 (with the
 * account in X-Kontor-User and X-Kontor-Email for the protected service) or 401 with the
 * Basic challenge, also while throttled: auth_request turns any other status into 500.
 */
#include <errno.h>
#include <string.h>
#include <sys/stat.h>

#include <sodium.h>

#include "auth.h"

#define CHALLENGE "WWW-Authenticate: Basic realm=\"Kontor\", charset=\"UTF-8\"\r\n"

/* The account's own WebDAV folder, <dav_dir>/<user id>/dav, which nginx's /dav/ location
 * serves as its root: made on a right "webdav" password when the configuration names a
 * dav_dir (make run's stack does), so that a new account's client finds its folder. */
static int dav_folder(struct req *r, const char *protocol, const char *uid)
{
	const char *dir = r->app->conf.dav_dir;
	if (dir == NULL || *dir == '\0' || strcmp(protocol, "webdav") != 0)
		return DB_OK;
	const char *user = arena_printf(r->arena, "%s/%s", dir, uid);
	const char *files = arena_printf(r->arena, "%s/dav", user);
	if ((mkdir(user, 0700) != 0 && errno != EEXIST) || (mkdir(files, 0700) != 0 && errno != EEXIST)) {
		log_err("cannot make the WebDAV folder %s: %s", files, strerror(errno));
		return DB_ERROR;
	}
	return DB_OK;
}

/* Returns 401 with the challenge. */
static int refuse(struct req *r)
{
	static const char body[] = "401 Unauthorized\n";
	resp_headers(r, 401, "text/plain; charset=utf-8", CHALLENGE);
	resp_write(r, body, sizeof(body) - 1);
	return 401;
}

/* A wrong password (or a revoked or expired one, or one for other protocols): counted for
 * the account named (when one is) and for the address. Returns 401 or a DB status. */
static int failed(struct req *r, const char *email)
{
	int rc = DB_OK;
	if (email != NULL && *email != '\0')
		rc = throttle_fail(r, THR_APPPW_ACCOUNT, email);
	if (rc == DB_OK)
		rc = throttle_fail(r, THR_APPPW_ADDRESS, r->remote_addr);
	return rc != DB_OK ? rc : refuse(r);
}

int auth_apppw_check(struct req *r)
{
	const char *protocol = req_param(r, "KONTOR_APP_PROTOCOL");
	const char *email, *password;
	unsigned char hash[32];
	struct db_rows rows;
	size_t alen, blen;

	if (apppw_protocol(protocol) < 0) {
		log_warn("application password check without a known KONTOR_APP_PROTOCOL: set "
		         "$kontor_app_protocol in the protected location");
		return refuse(r);
	}
	/* A client asks without credentials first, and sends them after the challenge. */
	if (r->authorization == NULL)
		return refuse(r);
	if (apppw_basic(r->arena, r->authorization, &email, &password) != 0)
		return failed(r, NULL);
	/* Not of our form (the account's own password, a typo): no look-up, but counted. */
	if (!apppw_hash(&r->app->conf, password, hash))
		return failed(r, email);

	const char *akey = throttle_subject(r, email, &alen);
	const char *bkey = throttle_subject(r, r->remote_addr, &blen);
	int rc = db_exec(r->app->db, r->arena, AS_APPPW_CHECK,
	                 DB_ARGS(DB_TEXT(protocol), DB_INT(r->now), DB_INT(r->now), DB_BLOB(hash, 32),
	                         DB_INT(THR_APPPW_ACCOUNT), DB_BLOB(akey, alen),
	                         DB_INT(THR_APPPW_ADDRESS), DB_BLOB(bkey, blen)),
	                 &rows);
	sodium_memzero(hash, sizeof(hash));
	if (rc != DB_OK)
		return rc;
	if (rows.nrows != 1)
		return DB_ERROR;
	/* An address that guessed too often waits, even with a right password. */
	if (throttle_wait_row(r, THR_APPPW_ADDRESS, &rows, 0, 10) > 0) {
		log_warn("application passwords throttled for %s", r->remote_addr);
		return refuse(r);
	}
	/* The e-mail as the users table compares it: without case. */
	const char *owner = db_cell(&rows, 0, 2);
	bool valid = db_cell(&rows, 0, 0) != NULL && owner != NULL && strcasecmp(owner, email) == 0 &&
	             db_int(&rows, 0, 3) == 1 && db_int(&rows, 0, 4) == 0 && db_int(&rows, 0, 5) == 0;
	/* An account's failures make its wrong passwords wait, never a right one: anyone may send
	 * wrong passwords with someone's e-mail, and must not lock that person's clients out (a
	 * 140-bit password needs no account limit against guessing; the address limit stays). */
	if (!valid) {
		if (throttle_wait_row(r, THR_APPPW_ACCOUNT, &rows, 0, 7) > 0) {
			log_warn("application passwords throttled for an account, from %s", r->remote_addr);
			return refuse(r);
		}
		return failed(r, email);
	}

	long long id = db_int(&rows, 0, 0);
	if ((rc = dav_folder(r, protocol, db_cell(&rows, 0, 1))) != DB_OK)
		return rc;
	if (db_int(&rows, 0, 6) == 1 &&
	    (rc = db_exec(r->app->db, r->arena, AS_APPPW_USED,
	                  DB_ARGS(DB_INT(r->now), DB_TEXT(r->remote_addr), DB_INT(id), DB_INT(r->now)),
	                  NULL)) != DB_OK)
		return rc;
	/* The account's earlier failures are forgiven (as a login's are); the address's are not. */
	if (db_cell(&rows, 0, 7) != NULL &&
	    (rc = throttle_clear(r, THR_APPPW_ACCOUNT, email)) != DB_OK)
		return rc;
	const char *extra = mail_header_safe(owner)
	                            ? arena_printf(r->arena, "X-Kontor-User: %s\r\nX-Kontor-Email: %s\r\n",
	                                           db_cell(&rows, 0, 1), owner)
	                            : arena_printf(r->arena, "X-Kontor-User: %s\r\n", db_cell(&rows, 0, 1));
	resp_headers(r, 200, NULL, extra);
	return 200;
}
