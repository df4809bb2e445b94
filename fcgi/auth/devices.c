/*
 * Registered devices on the account's pages and at login. The devices page lists them and
 * registers a new one: a one-time token (its keyed hash stored, 10 minutes, single use) shown
 * as a QR code and as text; the device sends it to its JSON endpoint (device_api.c) and
 * gets its key and TOTP secret; the browser then confirms the device with the first code it
 * shows. At login, "Approve on my device" creates an approval tied to the pending login;
 * the waiting page refreshes itself until the device answered YES (the login finishes), NO
 * or not within two minutes (the login is refused).
 */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "devices.h"
#include "fields.h"

/* ------------------------------------------------------------ the devices page */

/* The list with the register form; reg_err is a refusal at the register form's password,
 * rm_id/rm_err one at a device's remove form. */
static int devices_page(struct req *r, int status, const char *reg_err, long long rm_id,
                        const char *rm_err, long wait)
{
	struct db_rows rows;
	int rc = db_exec(r->app->db, r->arena, AS_DEVICE_LIST, DB_ARGS(DB_INT(r->sess->user_id)), &rows);
	if (rc != DB_OK)
		return rc;
	struct _xmlNode *root = view_page(r, "devices.title");
	if (r->method == M_GET)
		view_notice(r, root, "devices.notice.", &r->form.v[DL_NOTICE]);
	if (sess_reauth_needed(r))
		view_node(root, "reauth");
	if (reg_err != NULL) {
		view_field_error(root, "password", reg_err);
	}
	if (wait > 0) {
		view_message(root, "error", "login.throttled");
		view_wait(root, wait);
	}
	struct _xmlNode *list = view_node(root, "devices");
	for (size_t i = 0; i < rows.nrows; i++) {
		struct _xmlNode *d = view_node(list, "device");
		view_attr(d, "id", db_cell(&rows, i, 0));
		view_attr(d, "created", db_cell(&rows, i, 2));
		if (db_cell(&rows, i, 3) != NULL)
			view_attr(d, "last-used", db_cell(&rows, i, 3));
		if (db_int(&rows, i, 4))
			view_attr(d, "confirmed", "1");
		if (rm_err != NULL && db_int(&rows, i, 0) == rm_id)
			view_attr(d, "error", rm_err);
		view_text(d, "label", db_cell(&rows, i, 1));
	}
	return view_render(r, status, AP_DEVICES);
}

int auth_devices(struct req *r)
{
	return devices_page(r, 200, NULL, 0, NULL, 0);
}

/* The password again when the last one given is over 5 minutes old: 0 when not needed or
 * right, else the status to answer with *err (the catalogue key) set, or a DB status. */
static int password_again(struct req *r, const char **err, long *wait)
{
	*err = NULL;
	*wait = 0;
	if (!sess_reauth_needed(r))
		return 0;
	int rc = sess_password_again(r, &r->form.v[DP_PASSWORD], wait);
	if (rc < 0)
		return rc;
	if (rc == 2) {
		*err = "devices.password_throttled";
		return 429;
	}
	if (rc == 1) {
		*err = r->form.v[DP_PASSWORD].present ? "devices.password_wrong" : "devices.password_missing";
		return 400;
	}
	return 0;
}

/* What the QR code carries: the base URL the device talks to and the token, as JSON. */
static const char *registration_payload(struct req *r, const char *token)
{
	json_t *v = json_pack("{s:s,s:i,s:s,s:s}", "kontor", "device", "v", 1, "url",
	                      r->app->conf.base_url, "token", token);
	char *s = v != NULL ? json_dumps(v, JSON_COMPACT) : NULL;
	json_decref(v);
	if (s == NULL)
		abort();  /* only on out-of-memory */
	const char *out = arena_strdup(r->arena, s);
	free(s);
	return out;
}

int auth_device_new(struct req *r)
{
	int stepup = twofa_stepup(r, STEPUP_DEVICES);  /* with 2FA: confirm it is you first */
	if (stepup != 0)
		return stepup;
	const char *err;
	long wait;
	int st = password_again(r, &err, &wait);
	if (st < 0)
		return st;
	if (st > 0)
		return devices_page(r, st, err, 0, NULL, wait);
	unsigned char h[32];
	const char *token = sec_token(r->arena, 32);
	if (!sec_token_hash(&r->app->conf, DEVICE_REG_PURPOSE, token, h))
		return DB_ERROR;
	/* The worker has no job for these: each new registration clears the user's old ones. */
	int rc = db_exec(r->app->db, r->arena, AS_DEVICE_REG_PURGE,
	                 DB_ARGS(DB_INT(r->sess->user_id), DB_INT(r->now)), NULL);
	if (rc != DB_OK)
		return rc;
	rc = db_exec(r->app->db, r->arena, AS_DEVICE_REG_INSERT,
	                 DB_ARGS(DB_BLOB(h, 32), DB_INT(r->sess->user_id), DB_INT(r->now),
	                         DB_INT(r->now + DEVICE_REG_TTL)),
	                 NULL);
	if (rc != DB_OK)
		return rc;
	long long id = (long long)db_insert_id(r->app->db);
	struct _xmlNode *root = view_page(r, "devices.new.title");
	struct _xmlNode *n = view_node(root, "registration");
	view_attr_int(n, "id", id);
	view_attr_int(n, "minutes", DEVICE_REG_TTL / 60);
	view_attr(n, "url", r->app->conf.base_url);
	view_attr(n, "token", token);
	if (qr_view(r, n, registration_payload(r, token)) == NULL)
		return DB_ERROR;
	return view_render(r, 200, AP_DEVICE_NEW);
}

/* ------------------------------------------------------------ confirming a registration */

struct registration {
	time_t expires;
	bool used;
	long long factor_id;     /* 0: none (not registered yet, or removed since) */
	const char *label;
	bool confirmed;
	const char *sealed;      /* the device's TOTP secret, sealed */
};

/* The user's registration r->args[0] into *g: 1 when found, 0 when not (404), or a DB status. */
static int registration_load(struct req *r, struct registration *g)
{
	struct db_rows rows;
	int rc = db_exec(r->app->db, r->arena, AS_DEVICE_REG_GET,
	                 DB_ARGS(DB_INT(r->args[0]), DB_INT(r->sess->user_id)), &rows);
	if (rc != DB_OK)
		return rc;
	if (rows.nrows != 1)
		return 0;
	g->expires = db_int(&rows, 0, 0);
	g->used = db_int(&rows, 0, 1) != 0;
	g->factor_id = db_cell(&rows, 0, 2) != NULL ? db_int(&rows, 0, 2) : 0;
	g->label = db_cell(&rows, 0, 3);
	g->confirmed = db_int(&rows, 0, 4) != 0;
	g->sealed = db_cell(&rows, 0, 5);
	return 1;
}

static const char *registration_state(const struct registration *g, time_t now)
{
	if (g->used && g->factor_id != 0)
		return g->confirmed ? "confirmed" : "confirm";
	if (g->used)
		return "gone";
	return g->expires > now ? "waiting" : "expired";
}

/* The registration's page: waiting for the device (refreshing itself), the code form, or
 * what became of it; msg is a refusal at the code field. */
static int registration_page(struct req *r, const struct registration *g, int status,
                             const char *msg, long wait)
{
	struct _xmlNode *root = view_page(r, "devices.confirm.title");
	const char *state = registration_state(g, r->now);
	struct _xmlNode *n = view_node(root, "registration");
	view_attr_int(n, "id", r->args[0]);
	view_attr(n, "state", state);
	if (g->label != NULL)
		view_text(n, "label", g->label);
	/* Without JavaScript: the page asks again every few seconds until the device is there. */
	if (strcmp(state, "waiting") == 0)
		view_attr_int(view_node(root, "refresh"), "seconds", 3);
	if (msg != NULL) {
		view_field_error(root, "code", msg);
	}
	if (wait > 0) {
		view_message(root, "error", "login.throttled");
		view_wait(root, wait);
	}
	return view_render(r, status, AP_DEVICE_CONFIRM);
}

int auth_device_registration(struct req *r)
{
	struct registration g;
	int rc = registration_load(r, &g);
	if (rc <= 0)
		return rc == 0 ? 404 : rc;
	return registration_page(r, &g, 200, NULL, 0);
}

struct confirm {
	struct req *r;
	long long factor_id;
	long long step;
	const char *codes[EMERGENCY_CODES];
	bool made;
};

/* The step is used (a code counts once, also for the next login) and the device counts. */
static int confirm_txn(struct db *db, void *p)
{
	struct confirm *c = p;
	int rc = db_exec(db, c->r->arena, AS_TOTP_STEP,
	                 DB_ARGS(DB_INT(c->step), DB_INT(c->r->now), DB_INT(c->factor_id), DB_INT(c->step)),
	                 NULL);
	if (rc != DB_OK)
		return rc;
	if (db_affected(db) != 1)
		return 2;  /* this code (or a later one) was used meanwhile */
	rc = twofa_confirm(c->r, c->factor_id, "device", c->codes, &c->made);
	return rc < 0 ? rc : DB_OK;
}

int auth_device_confirm(struct req *r)
{
	int stepup = twofa_stepup(r, STEPUP_DEVICES);  /* with 2FA: confirm it is you first */
	if (stepup != 0)
		return stepup;
	static const unsigned required[] = {CF_CODE};
	struct registration g;
	int rc = registration_load(r, &g);
	if (rc <= 0)
		return rc == 0 ? 404 : rc;
	if (strcmp(registration_state(&g, r->now), "confirm") != 0)
		return resp_redirect(r, arena_printf(r->arena, "/account/devices/registrations/%lld", r->args[0]));
	if (form_require(&r->form, required, 1) != 0)
		return registration_page(r, &g, 400, "devices.code_missing", 0);
	const char *code = code_typed(r->arena, r->form.v[CF_CODE].s);
	/* The same throttle as every second-factor code. */
	const char *addr = r->remote_addr ? r->remote_addr : "";
	long wa = throttle_wait(r, THR_CODE_ACCOUNT, r->sess->email);
	long wb = throttle_wait(r, THR_CODE_ADDRESS, addr);
	if (wa < 0 || wb < 0)
		return wa < 0 ? (int)wa : (int)wb;
	if (wa > 0 || wb > 0)
		return registration_page(r, &g, 429, NULL, wa > wb ? wa : wb);
	const char *secret = g.sealed != NULL ? totp_unseal(r, g.sealed) : NULL;
	long long step = secret != NULL ? totp_match(secret, code, r->now) : -1;
	if (step < 0) {
		if ((rc = throttle_fail(r, THR_CODE_ACCOUNT, r->sess->email)) != DB_OK ||
		    (rc = throttle_fail(r, THR_CODE_ADDRESS, addr)) != DB_OK)
			return rc;
		return registration_page(r, &g, 400, "twofa.code.wrong", 0);
	}
	struct confirm c = {.r = r, .factor_id = g.factor_id, .step = step};
	rc = db_txn(r->app->db, confirm_txn, &c);
	if (rc == 2)
		return registration_page(r, &g, 400, "twofa.code.replayed", 0);
	if (rc != DB_OK)
		return rc;
	return twofa_codes_page(r, c.codes, c.made, "device_confirmed");
}

/* ------------------------------------------------------------ removing a device */

/* Only a device never confirmed goes here, with the password: a confirmed one is a way of
 * logging in, removed like every method with the password and a current second factor
 * (/account/2fa/factors/{id}/remove), which the list links to. */

struct removal {
	struct req *r;
	long long id;
	const char *label;
};

static int remove_txn(struct db *db, void *p)
{
	struct removal *m = p;
	struct account me = auth_me(m->r);
	int rc = db_exec(db, m->r->arena, AS_DEVICE_DELETE, DB_ARGS(DB_INT(m->id), DB_INT(me.id)), NULL);
	if (rc != DB_OK)
		return rc;
	if (db_affected(db) != 1)
		return 1;  /* removed meanwhile */
	return auth_event(m->r, &me, "device_removed", m->label, true);
}

int auth_device_remove(struct req *r)
{
	struct db_rows rows;
	const char *err;
	long wait;
	int rc = db_exec(r->app->db, r->arena, AS_DEVICE_GET,
	                 DB_ARGS(DB_INT(r->args[0]), DB_INT(r->sess->user_id)), &rows);
	if (rc != DB_OK)
		return rc;
	if (rows.nrows != 1)
		return 404;
	int st = password_again(r, &err, &wait);
	if (st < 0)
		return st;
	if (st > 0)
		return devices_page(r, st, NULL, r->args[0], err, wait);
	struct removal m = {r, r->args[0], db_cell(&rows, 0, 0)};
	rc = db_txn(r->app->db, remove_txn, &m);
	if (rc == 1)
		return 404;
	if (rc != DB_OK)
		return rc;
	return resp_redirect(r, "/account/devices?notice=removed");
}

/* ------------------------------------------------------------ at login */

int auth_login_device_start(struct req *r)
{
	struct challenge *c;
	struct factors f;
	struct db_rows rows;
	int rc = challenge_need(r, &c);
	if (rc != 0)
		return rc;
	if ((rc = factors_of(r, c->who.id, &f)) != DB_OK)
		return rc;
	if (!(f.kinds & FACTOR(FACTOR_DEVICE)))
		return resp_redirect(r, "/login/2fa");
	/* One approval per pending login: a second click waits on the first. */
	if ((rc = db_exec(r->app->db, r->arena, AS_APPROVAL_BY_CHALLENGE,
	                  DB_ARGS(DB_BLOB(c->id_hash, 32)), &rows)) != DB_OK)
		return rc;
	if (rows.nrows == 0) {
		rc = db_exec(r->app->db, r->arena, AS_APPROVAL_INSERT,
		             DB_ARGS(DB_BLOB(c->id_hash, 32), DB_INT(c->who.id), DB_INT(r->now),
		                     DB_INT(r->now + APPROVAL_TTL), DB_TEXT(r->remote_addr ? r->remote_addr : ""),
		                     DB_TEXT(r->user_agent), DB_INT(c->who.id), DB_INT(r->now),
		                     DB_INT(APPROVALS_PENDING)),
		             NULL);
		if (rc != DB_OK && rc != DB_DUPLICATE)
			return rc;
		if (rc == DB_OK && db_affected(r->app->db) == 0)
			return second_step_page(r, c, 429, false, "devices.too_many_pending", 0);
	}
	return resp_redirect(r, "/login/2fa/device");
}

int auth_login_device_wait(struct req *r)
{
	struct challenge *c;
	struct db_rows rows;
	int rc = challenge_need(r, &c);
	if (rc != 0)
		return rc;
	if ((rc = db_exec(r->app->db, r->arena, AS_APPROVAL_BY_CHALLENGE,
	                  DB_ARGS(DB_BLOB(c->id_hash, 32)), &rows)) != DB_OK)
		return rc;
	if (rows.nrows == 0)
		return resp_redirect(r, "/login/2fa");
	const char *answer = db_cell(&rows, 0, 1);
	time_t expires = db_int(&rows, 0, 2);
	if (answer != NULL && strcmp(answer, "yes") == 0)
		return challenge_finish(r, c, "device");
	if (answer != NULL || expires <= r->now) {
		/* Refused on the device, or no answer in time: the login ends here. */
		if ((rc = challenge_drop(r, c)) != DB_OK)
			return rc;
		return resp_redirect(r, answer != NULL ? "/login?notice=device_denied"
		                                       : "/login?notice=device_expired");
	}
	struct _xmlNode *root = view_page(r, "devices.wait.title");
	view_attr_int(view_node(root, "refresh"), "seconds", 3);
	struct _xmlNode *n = view_node(root, "approval");
	view_attr_int(n, "seconds", (long long)(expires - r->now));
	view_attr(n, "ip", r->remote_addr ? r->remote_addr : "");
	return view_render(r, 200, AP_LOGIN_DEVICE);
}
