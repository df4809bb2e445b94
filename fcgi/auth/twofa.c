/*
 * Two-factor authentication in the account: the overview (every confirmed factor with its
 * "remove", the ways to add one, new emergency codes, turning 2FA off), the authenticator
 * app's enrolment (QR code and secret, confirmed with a first code), new emergency codes on
 * demand, and removing a factor or turning 2FA off. Showing a new secret and new codes needs
 * the password again after 5 minutes; removing a factor needs the password and a current
 * second factor. Every change writes the user's twofa_version first (the guarding row).
 */
#include <string.h>

#include <libxml/tree.h>

#include "fields.h"
#include "twofa.h"

#define TOTP_ISSUER "Kontor"

/* What a check of the page's form found wrong, for the page to show. */
struct refusal {
	int status;         /* 400, 409 or 429 */
	const char *field;  /* the field the message belongs to, or NULL for the page */
	const char *key;    /* catalogue key */
	long wait;          /* seconds, when throttled */
};

static void refusal_view(struct req *r, struct _xmlNode *root, const struct refusal *no)
{
	if (no == NULL)
		return;
	if (r->method == M_POST)
		view_form_errors(root, &r->form);
	if (no->key != NULL && no->field != NULL)
		view_field_error(root, no->field, no->key);
	else if (no->key != NULL)
		view_message(root, "error", no->key);
	if (no->wait > 0)
		view_wait(root, no->wait);
}

/* The password given again in field pw: 0 when right, else the refusal filled in (a wrong
 * one counts like a failed login), or a DB status < 0. */
static int password_again(struct req *r, const struct field_value *pw, struct refusal *no)
{
	long wait = 0;
	if (!pw->present) {
		*no = (struct refusal){400, "password", "twofa.password.missing", 0};
		return 1;
	}
	int rc = sess_password_again(r, pw, &wait);
	if (rc == 1)
		*no = (struct refusal){400, "password", "twofa.password.wrong", 0};
	else if (rc == 2)
		*no = (struct refusal){429, NULL, "login.throttled", wait};
	return rc;
}

/* ------------------------------------------------------------ the overview */

/* GET /account/2fa, and the answer to a refused POST of its emergency-codes form. */
static int twofa_page(struct req *r, const struct refusal *no)
{
	struct factors f;
	struct _xmlNode *root = view_page(r, "twofa.title");
	if (r->method == M_GET && r->form.v[TF_NOTICE].present) {
		const char *n = r->form.v[TF_NOTICE].s;
		/* Staff turned 2FA off after a recovery request: a warning, not a confirmation. */
		view_message(root, strcmp(n, "setup_required") == 0 ? "warning" : "info",
		             arena_printf(r->arena, "security.notice.%s", n));
	}
	refusal_view(r, root, no);
	int rc = factors_view(r, r->sess->user_id, root, &f);
	if (rc != DB_OK)
		return rc;
	if (sess_reauth_needed(r))
		view_node(root, "reauth");
	return view_render(r, no != NULL ? no->status : 200, AP_TWOFA);
}

int auth_twofa(struct req *r)
{
	return twofa_page(r, NULL);
}

/* ------------------------------------------------------------ emergency codes */

struct renew {
	struct req *r;
	const char *codes[EMERGENCY_CODES];
};

static int renew_txn(struct db *db, void *p)
{
	struct renew *t = p;
	struct req *r = t->r;
	struct account me = auth_me(r);
	struct db_rows n;
	int rc;
	if ((rc = db_exec(db, r->arena, AS_TWOFA_LOCK, DB_ARGS(DB_INT(me.id)), NULL)) != DB_OK ||
	    (rc = db_exec(db, r->arena, AS_FACTORS_CONFIRMED, DB_ARGS(DB_INT(me.id)), &n)) != DB_OK)
		return rc;
	/* Emergency codes stand in for a factor: without one (turned off meanwhile) there are none. */
	if (db_int(&n, 0, 0) == 0)
		return 1;
	if ((rc = emergency_generate(r, me.id, t->codes)) != DB_OK)
		return rc;
	return auth_event(r, &me, "emergency_codes_renewed", "", true);
}

/* POST /account/2fa/emergency: ten new codes (the old ones stop working), shown once. 409
 * without a factor; the password again when the last one given is over 5 minutes old. */
int auth_emergency_renew(struct req *r)
{
	int stepup = twofa_stepup(r, STEPUP_TWOFA);  /* with 2FA: confirm it is you first */
	if (stepup != 0)
		return stepup;
	struct refusal no;
	struct renew t = {r, {NULL}};
	int rc;
	if (sess_reauth_needed(r) && (rc = password_again(r, &r->form.v[EM_PASSWORD], &no)) != DB_OK)
		return rc < 0 ? rc : twofa_page(r, &no);
	rc = db_txn(r->app->db, renew_txn, &t);
	if (rc == 1) {
		no = (struct refusal){409, NULL, "twofa.emergency.no_factor", 0};
		return twofa_page(r, &no);
	}
	if (rc != DB_OK)
		return rc;
	return twofa_codes_page(r, t.codes, true, "emergency_renewed");
}

/* ------------------------------------------------------------ the authenticator app */

/* The enrolment page: the password form when secret is NULL, else the QR code, the secret
 * in groups of four and the first code's form. */
static int totp_page(struct req *r, const char *secret, const struct refusal *no)
{
	struct _xmlNode *root = view_page(r, "totp.title");
	refusal_view(r, root, no);
	if (secret == NULL) {
		view_node(root, "reauth");
		return view_render(r, no != NULL ? no->status : 200, AP_TOTP);
	}
	struct _xmlNode *t = view_node(root, "totp");
	size_t n = strlen(secret);
	char *grouped = arena_alloc(r->arena, n + n / 4 + 1), *g = grouped;
	for (size_t i = 0; i < n; i++) {
		if (i > 0 && i % 4 == 0)
			*g++ = ' ';
		*g++ = secret[i];
	}
	*g = '\0';
	const char *uri = totp_uri(r->arena, TOTP_ISSUER, r->sess->email, secret);
	view_attr(t, "secret", secret);
	view_attr(t, "grouped", grouped);
	view_attr(t, "issuer", TOTP_ISSUER);
	view_attr(t, "account", r->sess->email);
	view_attr(t, "uri", uri);
	qr_view(r, t, uri);
	return view_render(r, no != NULL ? no->status : 200, AP_TOTP);
}

struct pending {
	struct req *r;
	const char *sealed;  /* the new secret, sealed */
};

/* The user's unconfirmed authenticator row gets the new secret (made when there is none). */
static int pending_txn(struct db *db, void *p)
{
	struct pending *t = p;
	struct req *r = t->r;
	long long uid = r->sess->user_id;
	struct db_rows rows;
	int rc;
	if ((rc = db_exec(db, r->arena, AS_TWOFA_LOCK, DB_ARGS(DB_INT(uid)), NULL)) != DB_OK ||
	    (rc = db_exec(db, r->arena, AS_TOTP_PENDING_GET, DB_ARGS(DB_INT(uid)), &rows)) != DB_OK)
		return rc;
	if (rows.nrows == 1)
		return db_exec(db, r->arena, AS_TOTP_PENDING_SET,
		               DB_ARGS(DB_TEXT(t->sealed), DB_INT(r->now), DB_INT(db_int(&rows, 0, 0)),
		                       DB_INT(uid)),
		               NULL);
	return db_exec(db, r->arena, AS_TOTP_PENDING_INSERT,
	               DB_ARGS(DB_INT(uid), DB_TEXT(t->sealed), DB_INT(r->now)), NULL);
}

/* GET /account/2fa/totp: a new secret for the authenticator being added (the password
 * first, when the last one given is over 5 minutes old). */
int auth_totp_form(struct req *r)
{
	int stepup = twofa_stepup(r, STEPUP_TOTP);  /* with 2FA: confirm it is you first */
	if (stepup != 0)
		return stepup;
	if (sess_reauth_needed(r))
		return totp_page(r, NULL, NULL);
	const char *secret = totp_secret_new(r->arena);
	struct pending t = {r, totp_seal(r, secret)};
	int rc = db_txn(r->app->db, pending_txn, &t);
	if (rc != DB_OK)
		return rc;
	return totp_page(r, secret, NULL);
}

struct confirm {
	struct req *r;
	long long id;    /* the pending row */
	long long step;  /* the first code's time step */
	const char *codes[EMERGENCY_CODES];
	bool made;
};

static int confirm_txn(struct db *db, void *p)
{
	struct confirm *t = p;
	struct req *r = t->r;
	int rc;
	t->made = false;
	/* The first code's step counts as used: it cannot log in a second time. */
	if ((rc = db_exec(db, r->arena, AS_TWOFA_LOCK, DB_ARGS(DB_INT(r->sess->user_id)), NULL)) != DB_OK ||
	    (rc = db_exec(db, r->arena, AS_TOTP_STEP,
	                  DB_ARGS(DB_INT(t->step), DB_INT(r->now), DB_INT(t->id), DB_INT(t->step)),
	                  NULL)) != DB_OK)
		return rc;
	rc = twofa_confirm(r, t->id, "totp", t->codes, &t->made);
	return rc == 0 ? 1 : rc < 0 ? rc : DB_OK;
}

/* POST /account/2fa/totp: either the password again (then the secret is shown), or the
 * first code, which confirms the authenticator; a wrong code changes nothing. */
int auth_totp(struct req *r)
{
	int stepup = twofa_stepup(r, STEPUP_TOTP);  /* with 2FA: confirm it is you first */
	if (stepup != 0)
		return stepup;
	const struct field_value *code = &r->form.v[TO_CODE];
	struct refusal no;
	struct db_rows rows;
	int rc;
	if (!code->present && code->err == FERR_NONE) {
		if (sess_reauth_needed(r) &&
		    (rc = password_again(r, &r->form.v[TO_PASSWORD], &no)) != DB_OK)
			return rc < 0 ? rc : totp_page(r, NULL, &no);
		return resp_redirect(r, "/account/2fa/totp");
	}
	rc = db_exec(r->app->db, r->arena, AS_TOTP_PENDING_GET, DB_ARGS(DB_INT(r->sess->user_id)),
	             &rows);
	if (rc != DB_OK)
		return rc;
	const char *secret = rows.nrows == 1 ? totp_unseal(r, db_cell(&rows, 0, 1)) : NULL;
	if (secret == NULL)
		return resp_redirect(r, "/account/2fa/totp");  /* nothing pending: start again */
	struct confirm t = {r, db_int(&rows, 0, 0), totp_match(secret, code_typed(r->arena, code->present ? code->s : ""), r->now),
	                    {NULL}, false};
	if (t.step < 0) {
		r->form.v[TO_CODE].err = FERR_NONE;  /* one message at the field: this one */
		no = (struct refusal){400, "code", "totp.code.wrong", 0};
		return totp_page(r, secret, &no);
	}
	rc = db_txn(r->app->db, confirm_txn, &t);
	if (rc == 1)
		return resp_redirect(r, "/account/2fa");  /* confirmed meanwhile (a double submit) */
	if (rc != DB_OK)
		return rc;
	return twofa_codes_page(r, t.codes, t.made, "totp_added");
}

/* ------------------------------------------------------------ removing, turning off */

/* The confirmation page of a change: a factor's removal (factor set), turning 2FA off, or
 * confirming it is the user before going on to verify's page (verify >= 0). */
static int change_page(struct req *r, const struct db_rows *factor, int verify,
                       const struct refusal *no)
{
	const char *title = verify >= 0 ? "twofa.verify.title"
	                    : factor != NULL ? "twofa.remove.title" : "twofa.off.title";
	struct _xmlNode *root = view_page(r, title);
	refusal_view(r, root, no);
	if (r->method == M_GET)
		view_notice(r, root, "sms.change.", &r->form.v[verify >= 0 ? TVG_NOTICE : SCN_NOTICE]);
	/* The methods, for the way to a code by SMS when the user has that method. */
	struct factors fs;
	int rc = factors_view(r, r->sess->user_id, root, &fs);
	if (rc != DB_OK)
		return rc;
	struct _xmlNode *c = view_node(root, "change");
	if (factor != NULL) {
		view_attr(c, "action", arena_printf(r->arena, "/account/2fa/factors/%s/remove",
		                                    db_cell(factor, 0, 0)));
		view_attr(c, "kind", db_cell(factor, 0, 1));
		view_attr(c, "created", db_cell(factor, 0, 3));
		view_text(c, "label", db_cell(factor, 0, 2));
		/* The last factor's removal turns 2FA off: the page says so. */
		struct db_rows n;
		if ((rc = db_exec(r->app->db, r->arena, AS_FACTORS_CONFIRMED,
		                  DB_ARGS(DB_INT(r->sess->user_id)), &n)) != DB_OK)
			return rc;
		if (db_int(&n, 0, 0) <= 1)
			view_attr(c, "last", "1");
	} else if (verify >= 0) {
		view_attr(c, "action", "/account/2fa/verify");
		view_attr(c, "verify", stepup_targets[verify]);
	} else {
		view_attr(c, "action", "/account/2fa/off");
	}
	return view_render(r, no != NULL ? no->status : 200, AP_TWOFA_CONFIRM);
}

/* The factor {id} of the user into rows: 1 when found, 0 when not (404), or a DB status. */
static int factor_get(struct req *r, long long id, struct db_rows *rows)
{
	int rc = db_exec(r->app->db, r->arena, AS_FACTOR_GET,
	                 DB_ARGS(DB_INT(id), DB_INT(r->sess->user_id)), rows);
	return rc != DB_OK ? rc : rows->nrows == 1;
}

/* The password and a current second factor, as the change's form gives them: 0 when both
 * are right, else the refusal filled in (nothing changed but the counters), or a DB status.
 * The code is checked only after the password, so a wrong password uses up no code. */
static int change_allowed(struct req *r, struct refusal *no)
{
	const struct field_value *code = &r->form.v[TC_CODE];
	struct account me = auth_me(r);
	const char *method = NULL;
	long wait = 0;
	int rc = password_again(r, &r->form.v[TC_PASSWORD], no);
	if (rc != DB_OK)
		return rc;
	if (!code->present) {
		*no = (struct refusal){400, "code", "twofa.change.code_missing", 0};
		r->form.v[TC_CODE].err = FERR_NONE;
		return 1;
	}
	rc = twofa_check_code(r, &me, code_typed(r->arena, code->present ? code->s : ""), &method, &wait);
	switch (rc) {
	case CODE_OK:
		return DB_OK;
	case CODE_WRONG:
		*no = (struct refusal){400, "code", "twofa.code.wrong", 0};
		return 1;
	case CODE_REPLAYED:
		*no = (struct refusal){400, "code", "twofa.code.replayed", 0};
		return 1;
	case CODE_THROTTLED:
		*no = (struct refusal){429, NULL, "login.throttled", wait};
		return 1;
	default:
		return rc;
	}
}

struct change {
	struct req *r;
	long long factor_id;  /* 0: turn 2FA off */
	const char *kind;     /* the removed factor's kind */
	bool off;             /* 2FA is off afterwards */
};

/* Everything of the user's 2FA goes: factors (also those being enrolled) and emergency codes. */
static int all_off(struct db *db, struct req *r, const struct account *me)
{
	int rc;
	if ((rc = db_exec(db, r->arena, AS_FACTORS_DELETE_USER, DB_ARGS(DB_INT(me->id)), NULL)) != DB_OK ||
	    (rc = db_exec(db, r->arena, AS_EMERGENCY_DELETE_USER, DB_ARGS(DB_INT(me->id)), NULL)) != DB_OK)
		return rc;
	return auth_event(r, me, "twofa_disabled", "", true);
}

static int change_txn(struct db *db, void *p)
{
	struct change *t = p;
	struct req *r = t->r;
	struct account me = auth_me(r);
	struct db_rows n, f;
	int rc;
	t->off = false;
	if ((rc = db_exec(db, r->arena, AS_TWOFA_LOCK, DB_ARGS(DB_INT(me.id)), NULL)) != DB_OK ||
	    (rc = db_exec(db, r->arena, AS_FACTORS_CONFIRMED, DB_ARGS(DB_INT(me.id)), &n)) != DB_OK)
		return rc;
	long long confirmed = db_int(&n, 0, 0);
	if (t->factor_id == 0) {
		if (confirmed == 0)
			return 1;  /* already off */
		t->off = true;
		return all_off(db, r, &me);
	}
	if ((rc = db_exec(db, r->arena, AS_FACTOR_GET, DB_ARGS(DB_INT(t->factor_id), DB_INT(me.id)),
	                  &f)) != DB_OK)
		return rc;
	if (f.nrows != 1)
		return 1;  /* removed meanwhile */
	t->kind = db_cell(&f, 0, 1);
	/* The last factor's removal turns 2FA off: the emergency codes go with it. */
	if (confirmed <= 1) {
		t->off = true;
		if ((rc = auth_event(r, &me, "factor_removed", t->kind, false)) != DB_OK)
			return rc;
		return all_off(db, r, &me);
	}
	if ((rc = db_exec(db, r->arena, AS_FACTOR_DELETE, DB_ARGS(DB_INT(t->factor_id), DB_INT(me.id)),
	                  NULL)) != DB_OK)
		return rc;
	return auth_event(r, &me, "factor_removed", t->kind, true);
}

/* Runs the change once its form is right; the redirect to the overview with its notice. */
static int change_run(struct req *r, struct db_rows *factor)
{
	struct refusal no;
	int rc = change_allowed(r, &no);
	if (rc != DB_OK)
		return rc < 0 ? rc : change_page(r, factor, -1, &no);
	struct change t = {r, factor != NULL ? db_int(factor, 0, 0) : 0, NULL, false};
	rc = db_txn(r->app->db, change_txn, &t);
	if (rc == 1)
		return factor != NULL ? 404 : resp_redirect(r, "/account/2fa");
	if (rc != DB_OK)
		return rc;
	return resp_redirect(r, t.off ? "/account/2fa?notice=twofa_disabled"
	                              : "/account/2fa?notice=factor_removed");
}

/* GET /account/2fa/factors/{id}/remove: the confirmation (404 for another user's factor). */
int auth_factor_remove_form(struct req *r)
{
	struct db_rows f;
	int rc = factor_get(r, r->args[0], &f);
	if (rc <= 0)
		return rc < 0 ? rc : 404;
	return change_page(r, &f, -1, NULL);
}

/* POST /account/2fa/factors/{id}/remove: with the password and a current second factor. */
int auth_factor_remove(struct req *r)
{
	struct db_rows f;
	int rc = factor_get(r, r->args[0], &f);
	if (rc <= 0)
		return rc < 0 ? rc : 404;
	return change_run(r, &f);
}

/* GET /account/2fa/off: the confirmation (to the overview when 2FA is off already). */
int auth_twofa_off_form(struct req *r)
{
	struct factors f;
	int rc = factors_of(r, r->sess->user_id, &f);
	if (rc != DB_OK)
		return rc;
	if (f.kinds == 0)
		return resp_redirect(r, "/account/2fa");
	return change_page(r, NULL, -1, NULL);
}

/* POST /account/2fa/off: with the password and a current second factor. */
int auth_twofa_off(struct req *r)
{
	return change_run(r, NULL);
}

/* ------------------------------------------------------------ confirming it is the user */

/* GET /account/2fa/verify?next=...: the password and a current code, before a method is
 * added or the emergency codes are renewed (twofa_stepup sends the user here). */
int auth_stepup_form(struct req *r)
{
	const struct field_value *next = &r->form.v[TVG_NEXT];
	return change_page(r, NULL, next->present ? (int)next->i : STEPUP_TWOFA, NULL);
}

/* POST /account/2fa/verify: both right, the session counts as confirmed for 5 minutes. */
int auth_stepup(struct req *r)
{
	const struct field_value *next = &r->form.v[TV_NEXT];
	int back = next->present ? (int)next->i : STEPUP_TWOFA;
	struct refusal no;
	int rc = change_allowed(r, &no);
	if (rc != DB_OK)
		return rc < 0 ? rc : change_page(r, NULL, back, &no);
	if ((rc = twofa_stepup_done(r)) != DB_OK)
		return rc;
	return resp_redirect(r, twofa_stepup_path(back));
}
