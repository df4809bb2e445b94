/*
 * The device's JSON endpoint (routes flagged ROUTE_KEY: no cookie, no CSRF token; see
 * core.h). A device registers once with the token of the QR code and receives its key and
 * its TOTP secret; from then on it authenticates with "Authorization: Bearer <device key>",
 * lists the pending login approvals of its user and answers them. Errors use the API's JSON
 * shape. Wrong keys and tokens are counted per address and throttled.
 *
 *   POST /device/register        {"token": "...", "name": "Anna's phone"}  -> 201
 *   GET  /device/approvals                                                  -> 200 [approval]
 *   POST /device/approvals/{id}  {"answer": "yes" | "no"}                   -> 200
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "devices.h"

/* The device a request was authenticated with. */
struct device {
	long long id;
	const char *label;
	bool confirmed;         /* its first code was given in the browser */
	struct account who;     /* its user */
};

static const char *address(struct req *r)
{
	return r->remote_addr != NULL ? r->remote_addr : "";
}

/* 429 in the API's error shape with Retry-After. Returns 429. */
static int too_many(struct req *r, long wait)
{
	json_t *body = json_pack("{s:s,s:{s:s,s:s}}", "result", "error", "error", "code",
	                         "too_many_requests", "description",
	                         "Too many wrong keys or tokens from this address; retry after the"
	                         " seconds in Retry-After.");
	char *s = body != NULL ? json_dumps(body, JSON_COMPACT) : NULL;
	json_decref(body);
	resp_headers(r, 429, "application/json", arena_printf(r->arena, "Retry-After: %ld\r\n", wait));
	if (s != NULL) {
		resp_write(r, s, strlen(s));
		free(s);
	}
	return 429;
}

/* 0 when the address may try a key or a token, else 429 sent (or a DB status < 0). */
static int not_throttled(struct req *r)
{
	long wait = throttle_wait(r, THR_DEVICE_ADDRESS, address(r));
	if (wait < 0)
		return (int)wait;
	return wait > 0 ? too_many(r, wait) : 0;
}

/* A wrong key or token: counted for the address, then 401 with code and description. */
static int refused(struct req *r, const char *code, const char *text)
{
	int rc = throttle_fail(r, THR_DEVICE_ADDRESS, address(r));
	if (rc != DB_OK)
		return rc;
	return api_error(r, 401, code, text, NULL);
}

/* The key of "Authorization: Bearer <key>", or NULL. */
static const char *bearer(struct req *r)
{
	const char *a = r->authorization;
	if (a == NULL || strncasecmp(a, "Bearer ", 7) != 0)
		return NULL;
	a += 7;
	a += strspn(a, " ");
	return *a != '\0' ? a : NULL;
}

/* 403 for a device whose first code was not given yet: it may not answer logins. */
static int not_confirmed(struct req *r)
{
	return api_error(r, 403, "device_not_confirmed",
	                 "Confirm this device first: type the code it shows on the registration page"
	                 " in the browser.",
	                 NULL);
}

/* Authenticates the request's device key into *d, a confirmed device: 0, or a status
 * already answered (401, 429, 403 for a device whose first code was not given yet), or a DB
 * status < 0. */
static int device_auth(struct req *r, struct device *d)
{
	static const char unknown[] =
		"Send this device's key: Authorization: Bearer <device key>. A removed device must be"
		" registered again.";
	struct db_rows rows;
	unsigned char h[32];
	int rc = not_throttled(r);
	if (rc != 0)
		return rc;
	if (!sec_token_hash(&r->app->conf, DEVICE_KEY_PURPOSE, bearer(r), h))
		return refused(r, "not_authenticated", unknown);
	if ((rc = db_exec(r->app->db, r->arena, AS_DEVICE_BY_KEY, DB_ARGS(DB_BLOB(h, 32)), &rows)) != DB_OK)
		return rc;
	if (rows.nrows != 1)
		return refused(r, "not_authenticated", unknown);
	d->id = db_int(&rows, 0, 0);
	d->who.id = db_int(&rows, 0, 1);
	d->label = db_cell(&rows, 0, 2);
	d->confirmed = db_int(&rows, 0, 3) != 0;
	d->who.email = db_cell(&rows, 0, 4);
	d->who.locale = i18n_locale(db_cell(&rows, 0, 5));
	return d->confirmed ? 0 : not_confirmed(r);
}


static json_t *iso_time(time_t t)
{
	struct tm tm;
	char buf[32];
	gmtime_r(&t, &tm);
	strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", &tm);
	return json_string(buf);
}

/* 400 validation_failed naming one field. */
static int invalid_field(struct req *r, const char *field, const char *why)
{
	return api_error(r, 400, "validation_failed", NULL, json_pack("{s:s}", field, why));
}

/* ------------------------------------------------------------ registration */

struct reg_txn {
	struct req *r;
	long long reg_id;
	struct account who;
	const char *name;
	const char *key;      /* out: the device key, shown once */
	const char *secret;   /* out: the TOTP secret (base32) */
};

/* Uses the token (single use, still valid) and creates the unconfirmed device. 1 when the
 * token was used or expired meanwhile. */
static int register_txn(struct db *db, void *p)
{
	struct reg_txn *t = p;
	struct req *r = t->r;
	unsigned char h[32];
	int rc = db_exec(db, r->arena, AS_DEVICE_REG_USE,
	                 DB_ARGS(DB_INT(r->now), DB_INT(t->reg_id), DB_INT(r->now)), NULL);
	if (rc != DB_OK)
		return rc;
	if (db_affected(db) != 1)
		return 1;
	t->key = sec_token(r->arena, 32);
	t->secret = totp_secret_new(r->arena);
	if (!sec_token_hash(&r->app->conf, DEVICE_KEY_PURPOSE, t->key, h))
		return DB_ERROR;
	rc = db_exec(db, r->arena, AS_DEVICE_INSERT,
	             DB_ARGS(DB_INT(t->who.id), DB_TEXT(t->name), DB_TEXT(totp_seal(r, t->secret)),
	                     DB_BLOB(h, 32), DB_INT(r->now)),
	             NULL);
	if (rc != DB_OK)
		return rc;
	long long fid = (long long)db_insert_id(db);
	if ((rc = db_exec(db, r->arena, AS_DEVICE_REG_FACTOR, DB_ARGS(DB_INT(fid), DB_INT(t->reg_id)),
	                  NULL)) != DB_OK)
		return rc;
	/* Registered from wherever the device is: the user hears of it at once. */
	return auth_event(r, &t->who, "device_added", t->name, true);
}

int device_register(struct req *r)
{
	static const char *const allowed[] = {"token", "name", NULL};
	static const struct field_decl name_decl = {"name", FIELD_TEXT, 1, 100, 0, 0, NULL};
	static const char again[] = " Make a new one on the devices page (Security, Devices).";
	struct field_value name;
	struct db_rows rows;
	unsigned char h[32];
	int rc = not_throttled(r);
	if (rc != 0)
		return rc;
	if (r->json == NULL || !json_is_object(r->json))
		return api_error(r, 400, "validation_failed",
		                 "Send a JSON object: {\"token\": \"...\", \"name\": \"...\"}.", NULL);
	if ((rc = api_known_fields(r, r->json, allowed)) != 0)
		return rc;
	const char *token = json_string_value(json_object_get(r->json, "token"));
	const char *raw = json_string_value(json_object_get(r->json, "name"));
	if (token == NULL)
		return invalid_field(r, "token", "the registration token from the QR code, as a string");
	if (raw == NULL ||
	    field_check(r->arena, &name_decl, raw, strlen(raw), &name) != FERR_NONE || !name.present)
		return invalid_field(r, "name", "a name for this device: 1 to 100 characters of text");
	if (!sec_token_hash(&r->app->conf, DEVICE_REG_PURPOSE, token, h))
		return refused(r, "registration_token_unknown",
		               arena_printf(r->arena, "This registration token is not known.%s", again));
	if ((rc = db_exec(r->app->db, r->arena, AS_DEVICE_REG_BY_TOKEN, DB_ARGS(DB_BLOB(h, 32)),
	                  &rows)) != DB_OK)
		return rc;
	if (rows.nrows != 1)
		return refused(r, "registration_token_unknown",
		               arena_printf(r->arena, "This registration token is not known.%s", again));
	const char *used = arena_printf(r->arena, "This registration token has already been used.%s", again);
	if (db_int(&rows, 0, 3) != 0)
		return refused(r, "registration_token_used", used);
	if (db_int(&rows, 0, 2) <= r->now)
		return refused(r, "registration_token_expired",
		               arena_printf(r->arena, "This registration token has expired (it is valid %d"
		                            " minutes).%s", DEVICE_REG_TTL / 60, again));
	int l = i18n_locale(db_cell(&rows, 0, 5));
	struct reg_txn t = {r, db_int(&rows, 0, 0), {db_int(&rows, 0, 1), db_cell(&rows, 0, 4), l},
	                    name.s, NULL, NULL};
	rc = db_txn(r->app->db, register_txn, &t);
	if (rc == 1)
		return refused(r, "registration_token_used", used);
	if (rc != DB_OK)
		return rc;
	return api_ok(r, 201, json_pack("{s:s,s:s,s:s,s:s,s:s,s:i,s:i}", "device_key", t.key,
	                                "totp_secret", t.secret, "account", t.who.email, "issuer",
	                                "Kontor", "algorithm", "SHA1", "digits", 6, "period", 30));
}

/* ------------------------------------------------------------ approvals */

int device_approvals(struct req *r)
{
	struct device d;
	struct db_rows rows;
	int rc = device_auth(r, &d);
	if (rc != 0)
		return rc;
	if ((rc = db_exec(r->app->db, r->arena, AS_APPROVALS_PENDING,
	                  DB_ARGS(DB_INT(d.who.id), DB_INT(r->now)), &rows)) != DB_OK)
		return rc;
	json_t *list = json_array();
	for (size_t i = 0; i < rows.nrows; i++) {
		time_t expires = db_int(&rows, i, 4);
		json_array_append_new(
			list, json_pack("{s:I,s:o,s:s,s:s,s:o,s:I}", "id", (json_int_t)db_int(&rows, i, 0),
			                "created_at", iso_time(db_int(&rows, i, 1)), "address",
			                db_cell(&rows, i, 2), "browser", db_cell(&rows, i, 3), "expires_at",
			                iso_time(expires), "expires_in", (json_int_t)(expires - r->now)));
	}
	return api_ok(r, 200, list);
}

struct answer_txn {
	struct req *r;
	struct device *d;
	long long id;
	bool yes;
	const char *login_ip;   /* the browser's address, for the security log */
};

static int answer_txn(struct db *db, void *p)
{
	struct answer_txn *t = p;
	struct req *r = t->r;
	int rc = db_exec(db, r->arena, AS_APPROVAL_ANSWER,
	                 DB_ARGS(DB_TEXT(t->yes ? "yes" : "no"), DB_INT(r->now), DB_INT(t->d->id),
	                         DB_INT(t->id), DB_INT(t->d->who.id), DB_INT(r->now)),
	                 NULL);
	if (rc != DB_OK)
		return rc;
	if (db_affected(db) != 1)
		return 1;  /* answered or expired meanwhile */
	if ((rc = db_exec(db, r->arena, AS_DEVICE_USED, DB_ARGS(DB_INT(r->now), DB_INT(t->d->id)),
	                  NULL)) != DB_OK)
		return rc;
	if (!t->yes && (rc = db_exec(db, r->arena, AS_CHALLENGE_REFUSE,
	                             DB_ARGS(DB_INT(r->now), DB_INT(t->id)), NULL)) != DB_OK)
		return rc;
	/* NO means someone else has the password: the user is told at once. */
	return auth_event(r, &t->d->who, t->yes ? "login_approved" : "login_denied", t->login_ip, !t->yes);
}

int device_answer(struct req *r)
{
	static const char *const allowed[] = {"answer", NULL};
	struct device d;
	struct db_rows rows;
	int rc = device_auth(r, &d);
	if (rc != 0)
		return rc;
	if (r->json == NULL || !json_is_object(r->json))
		return api_error(r, 400, "validation_failed", "Send a JSON object: {\"answer\": \"yes\"}.", NULL);
	if ((rc = api_known_fields(r, r->json, allowed)) != 0)
		return rc;
	const char *a = json_string_value(json_object_get(r->json, "answer"));
	if (a == NULL || (strcmp(a, "yes") != 0 && strcmp(a, "no") != 0))
		return invalid_field(r, "answer", "\"yes\" or \"no\"");
	if ((rc = db_exec(r->app->db, r->arena, AS_APPROVAL_GET,
	                  DB_ARGS(DB_INT(r->args[0]), DB_INT(d.who.id)), &rows)) != DB_OK)
		return rc;
	if (rows.nrows != 1)
		return api_error(r, 404, "not_found", "No such login approval for this device's user.", NULL);
	static const char answered[] = "This login has already been answered: the answer is final.";
	static const char expired[] = "This login approval has expired: the login was refused.";
	if (db_cell(&rows, 0, 0) != NULL)
		return api_error(r, 409, "conflict", answered, NULL);
	if (db_int(&rows, 0, 1) <= r->now)
		return api_error(r, 409, "conflict", expired, NULL);
	struct answer_txn t = {r, &d, r->args[0], strcmp(a, "yes") == 0, db_cell(&rows, 0, 2)};
	rc = db_txn(r->app->db, answer_txn, &t);
	if (rc == 1)
		return api_error(r, 409, "conflict", db_int(&rows, 0, 1) <= time(NULL) ? expired : answered,
		                 NULL);
	if (rc != DB_OK)
		return rc;
	return api_ok(r, 200, json_pack("{s:I,s:s}", "id", (json_int_t)r->args[0], "answer", a));
}
