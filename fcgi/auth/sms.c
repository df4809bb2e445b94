/*
 * SMS codes as a second factor. A code is 6 random digits, valid 10 minutes, used once, and
 * stored only as a keyed hash with the user id mixed in; it goes out through the outbox (kind
 * 'sms') in the user's language. At most SMS_SENDS codes are sent per user in SMS_WINDOW
 * seconds: every send runs in a transaction that first writes the user's guard row
 * (sms_guard), then counts the recent codes, so that parallel requests cannot pass the limit.
 *
 * Enrolment (/account/2fa/sms): a number in E.164 (the password again when the last one was
 * given over 5 minutes ago) becomes an unconfirmed 'sms' factor and gets a code; the right
 * code confirms it (twofa_confirm) and replaces the user's former number, which works until
 * then. At login, the second step's "send a code by SMS" posts to /login/2fa/sms; the code is
 * then typed into the usual field and checked by twofa_check_code (sms_code_use).
 */
#include <stdio.h>
#include <string.h>

#include <libxml/tree.h>
#include <sodium.h>

#include "fields.h"
#include "twofa.h"

#define SMS_CODE_TTL 600  /* seconds a code is valid */
#define SMS_SENDS 3       /* codes per user ... */
#define SMS_WINDOW 900    /* ... in this many seconds */

/* The keyed hash of a code: the user id is mixed in, so a code is one user's. */
static void sms_hash(struct req *r, long long uid, const char *code, unsigned char h[32])
{
	char buf[48];
	int n = snprintf(buf, sizeof(buf), "%lld:%s", uid, code);
	sec_keyed_hash(&r->app->conf, "sms-code", buf, (size_t)n, h);
	sodium_memzero(buf, sizeof(buf));
}

/* The last 3 digits of a number: what pages and the security log show of it. */
static const char *phone_end(const char *phone)
{
	size_t n = strlen(phone);
	return phone + (n > 3 ? n - 3 : 0);
}

static bool six_digits(const char *s)
{
	return strlen(s) == 6 && strspn(s, "0123456789") == 6;
}

/* ------------------------------------------------------------ sending */

/* One send: to an existing factor (factor_id), or to a new number that becomes the user's
 * unconfirmed factor (factor_id 0, phone), replacing an earlier unconfirmed one. */
struct sms_send {
	struct req *r;
	struct account who;
	long long factor_id;   /* the factor, or 0 for a new one */
	const char *phone;     /* E.164 */
	long wait;             /* out, when refused: seconds until a send is allowed again */
};

enum { SEND_LIMIT = 1 };  /* db_txn's "roll back and return this" */

static int send_txn(struct db *db, void *p)
{
	struct sms_send *s = p;
	struct req *r = s->r;
	struct db_rows rows;
	char code[8];
	unsigned char h[32];
	long long fid = s->factor_id;
	int rc;

	s->wait = 0;
	/* The guard first: what follows sees every send committed before it. */
	if ((rc = db_exec(db, r->arena, AS_SMS_GUARD, DB_ARGS(DB_INT(s->who.id)), NULL)) != DB_OK ||
	    (rc = db_exec(db, r->arena, AS_SMS_RECENT,
	                  DB_ARGS(DB_INT(s->who.id), DB_INT(r->now - SMS_WINDOW)), &rows)) != DB_OK)
		return rc;
	if (rows.nrows == 1 && db_int(&rows, 0, 0) >= SMS_SENDS) {
		s->wait = (long)(db_int(&rows, 0, 1) + SMS_WINDOW - r->now);
		if (s->wait < 1)
			s->wait = 1;
		return SEND_LIMIT;
	}
	if (fid == 0) {
		if ((rc = db_exec(db, r->arena, AS_SMS_PENDING_DELETE, DB_ARGS(DB_INT(s->who.id)), NULL)) !=
		        DB_OK ||
		    (rc = db_exec(db, r->arena, AS_SMS_FACTOR_INSERT,
		                  DB_ARGS(DB_INT(s->who.id), DB_TEXT(s->phone), DB_INT(r->now)), NULL)) !=
		        DB_OK)
			return rc;
		fid = (long long)db_insert_id(db);
	}
	snprintf(code, sizeof(code), "%06u", (unsigned)randombytes_uniform(1000000));
	sms_hash(r, s->who.id, code, h);
	rc = db_exec(db, r->arena, AS_SMS_CODE_INSERT,
	             DB_ARGS(DB_INT(s->who.id), DB_INT(fid), DB_BLOB(h, 32), DB_INT(r->now),
	                     DB_INT(r->now + SMS_CODE_TTL)),
	             NULL);
	if (rc == DB_OK) {
		int locale = s->who.locale >= 0 ? s->who.locale : r->locale;
		char *text = sms_text(r->arena, locale, "sms.text", code);
		rc = sms_queue(db, r->arena, s->phone, text);
		sodium_memzero(text, strlen(text));
	}
	sodium_memzero(code, sizeof(code));
	if (rc != DB_OK)
		return rc;
	return auth_event(r, &s->who, "sms_code_sent", phone_end(s->phone), false);
}

/* Sends a code (see struct sms_send). DB_OK, SEND_LIMIT with s->wait (the refusal is in the
 * security log), or a DB status. */
static int sms_send_code(struct sms_send *s)
{
	int rc = db_txn(s->r->app->db, send_txn, s);
	if (rc == SEND_LIMIT) {
		log_info("sms: user %lld asked for more than %d codes in %d minutes", s->who.id, SMS_SENDS,
		         SMS_WINDOW / 60);
		int rc2 = auth_event(s->r, &s->who, "sms_send_refused", phone_end(s->phone), false);
		if (rc2 != DB_OK)
			return rc2;
	}
	return rc;
}

/* ------------------------------------------------------------ the check at login */

int sms_code_use(struct req *r, long long uid, const char *code)
{
	unsigned char h[32];
	if (!six_digits(code))
		return 0;
	sms_hash(r, uid, code, h);
	int rc = db_exec(r->app->db, r->arena, AS_SMS_CODE_USE_LOGIN,
	                 DB_ARGS(DB_INT(r->now), DB_INT(uid), DB_BLOB(h, 32), DB_INT(r->now), DB_INT(uid)),
	                 NULL);
	if (rc != DB_OK)
		return rc;
	if (db_affected(r->app->db) != 1)
		return 0;
	rc = db_exec(r->app->db, r->arena, AS_SMS_FACTOR_USED, DB_ARGS(DB_INT(r->now), DB_INT(uid)),
	             NULL);
	return rc != DB_OK ? rc : 1;
}

/* ------------------------------------------------------------ the login's second step */

int auth_login_2fa_sms(struct req *r)
{
	struct challenge *c;
	struct db_rows rows;
	int rc = challenge_need(r, &c);
	if (rc != 0)
		return rc;
	rc = db_exec(r->app->db, r->arena, AS_SMS_FACTOR_CONFIRMED, DB_ARGS(DB_INT(c->who.id)), &rows);
	if (rc != DB_OK)
		return rc;
	if (rows.nrows != 1)
		return resp_redirect(r, "/login/2fa");  /* no number to send to (any more) */
	struct sms_send s = {r, c->who, db_int(&rows, 0, 0), db_cell(&rows, 0, 1), 0};
	rc = sms_send_code(&s);
	if (rc == SEND_LIMIT)
		return second_step_page(r, c, 429, false, "sms.limit", s.wait);
	if (rc != DB_OK)
		return rc;
	return resp_redirect(r, "/login/2fa?notice=sms_sent");
}

/* ------------------------------------------------------------ removing a method */

/* POST /account/2fa/sms/send: a code to the confirmed number, for the page that removes a
 * method (factor), turns 2FA off, or confirms it is the user (next), which need a current
 * second factor: a user whose only method is SMS gets one this way. Back there with a
 * notice. */
int auth_sms_send_for_change(struct req *r)
{
	struct db_rows rows;
	const struct field_value *f = &r->form.v[SCH_FACTOR];
	const struct field_value *next = &r->form.v[SCH_NEXT];
	const char *back = next->present ? arena_printf(r->arena, "/account/2fa/verify?next=%s&", next->s)
	                   : f->present ? arena_printf(r->arena, "/account/2fa/factors/%lld/remove?", f->i)
	                                : "/account/2fa/off?";
	int rc = db_exec(r->app->db, r->arena, AS_SMS_FACTOR_CONFIRMED, DB_ARGS(DB_INT(r->sess->user_id)),
	                 &rows);
	if (rc != DB_OK)
		return rc;
	if (rows.nrows != 1)
		return 404;
	struct sms_send s = {r, auth_me(r), db_int(&rows, 0, 0), db_cell(&rows, 0, 1), 0};
	rc = sms_send_code(&s);
	if (rc == SEND_LIMIT)
		return resp_redirect(r, arena_printf(r->arena, "%snotice=sms_limit", back));
	if (rc != DB_OK)
		return rc;
	return resp_redirect(r, arena_printf(r->arena, "%snotice=sms_sent", back));
}

/* ------------------------------------------------------------ enrolment */

/* Refusals at the enrolment page's fields: message keys, NULL for none. */
struct sms_refusals {
	const char *phone, *password, *code;
};

/* The enrolment page: the current number, the number being enrolled with its code form, and
 * the form for a (new) number. msg is a message key (error when status >= 400); wait > 0
 * gives the minutes to wait; bad names the refused fields. */
static int sms_page(struct req *r, int status, const char *msg, long wait,
                    const struct sms_refusals *bad)
{
	struct db_rows cur, pending;
	long long uid = r->sess->user_id;
	int rc;
	if ((rc = db_exec(r->app->db, r->arena, AS_SMS_FACTOR_CONFIRMED, DB_ARGS(DB_INT(uid)), &cur)) !=
	        DB_OK ||
	    (rc = db_exec(r->app->db, r->arena, AS_SMS_PENDING, DB_ARGS(DB_INT(uid)), &pending)) != DB_OK)
		return rc;
	struct _xmlNode *root = view_page(r, "sms.title");
	if (r->method == M_GET)
		view_notice(r, root, "sms.notice.", &r->form.v[SMN_NOTICE]);
	if (msg != NULL)
		view_message(root, status >= 400 ? "error" : "info", msg);
	if (wait > 0)
		view_wait(root, wait);
	const char *fields[] = {"phone", "password", "code"};
	const char *keys[] = {bad ? bad->phone : NULL, bad ? bad->password : NULL, bad ? bad->code : NULL};
	for (int i = 0; i < 3; i++) {
		if (keys[i] == NULL)
			continue;
		view_field_error(root, fields[i], keys[i]);
	}
	struct _xmlNode *sms = view_node(root, "sms");
	if (cur.nrows == 1)
		view_attr(view_node(sms, "current"), "phone-end", phone_end(db_cell(&cur, 0, 1)));
	if (pending.nrows == 1) {
		struct _xmlNode *p = view_node(sms, "pending");
		view_attr(p, "id", db_cell(&pending, 0, 0));
		view_attr(p, "phone-end", phone_end(db_cell(&pending, 0, 1)));
	}
	if (sess_reauth_needed(r))
		view_attr(sms, "reauth", "1");
	/* The number as typed, to correct it. */
	if (r->route->fn == auth_sms_enrol && r->form.v[SME_PHONE].present)
		view_attr(sms, "phone", r->form.v[SME_PHONE].s);
	return view_render(r, status, AP_SMS);
}

int auth_sms_form(struct req *r)
{
	int stepup = twofa_stepup(r, STEPUP_SMS);  /* with 2FA: confirm it is you first */
	if (stepup != 0)
		return stepup;
	return sms_page(r, 200, NULL, 0, NULL);
}

/* A code for the number being enrolled: back to the page that takes it, or the page saying
 * how long to wait. */
static int enrolment_send(struct sms_send *s)
{
	int rc = sms_send_code(s);
	if (rc == SEND_LIMIT)
		return sms_page(s->r, 429, "sms.limit", s->wait, NULL);
	if (rc != DB_OK)
		return rc;
	return resp_redirect(s->r, "/account/2fa/sms?notice=code_sent");
}

int auth_sms_enrol(struct req *r)
{
	int stepup = twofa_stepup(r, STEPUP_SMS);  /* with 2FA: confirm it is you first */
	if (stepup != 0)
		return stepup;
	struct form *f = &r->form;
	char phone[SMS_PHONE_MAX + 1];
	struct sms_refusals bad = {NULL, NULL, NULL};
	long wait;
	int rc;

	if (!f->v[SME_PHONE].present && f->v[SME_PHONE].err != FERR_TOO_LONG)
		bad.phone = "field.missing";
	else if (!f->v[SME_PHONE].present || !sms_phone_normal(f->v[SME_PHONE].s, phone))
		bad.phone = "sms.phone.invalid";
	if (sess_reauth_needed(r)) {
		if ((rc = sess_password_again(r, &f->v[SME_PASSWORD], &wait)) < 0)
			return rc;
		if (rc == 2)
			return sms_page(r, 429, "login.throttled", wait, NULL);
		if (rc == 1)
			bad.password = f->v[SME_PASSWORD].present ? "sms.password.wrong" : "field.missing";
	}
	if (bad.phone != NULL || bad.password != NULL)
		return sms_page(r, 400, NULL, 0, &bad);
	struct sms_send s = {r, auth_me(r), 0, phone, 0};
	return enrolment_send(&s);
}

/* The user's number being enrolled (its E.164 form in *phone), 404 when the id is not one,
 * or a DB status. */
static int pending_factor(struct req *r, long long id, const char **phone)
{
	struct db_rows rows;
	int rc = db_exec(r->app->db, r->arena, AS_SMS_PENDING_GET,
	                 DB_ARGS(DB_INT(id), DB_INT(r->sess->user_id)), &rows);
	if (rc != DB_OK)
		return rc;
	if (rows.nrows != 1)
		return 404;
	*phone = db_cell(&rows, 0, 0);
	return DB_OK;
}

int auth_sms_resend(struct req *r)
{
	int stepup = twofa_stepup(r, STEPUP_SMS);  /* with 2FA: confirm it is you first */
	if (stepup != 0)
		return stepup;
	const char *phone;
	if (!r->form.v[SMR_FACTOR].present)
		return 404;
	int rc = pending_factor(r, r->form.v[SMR_FACTOR].i, &phone);
	if (rc != DB_OK)
		return rc;
	struct sms_send s = {r, auth_me(r), r->form.v[SMR_FACTOR].i, phone, 0};
	return enrolment_send(&s);
}

struct sms_confirm {
	struct req *r;
	long long factor_id;
	const char *code;
	const char *codes[EMERGENCY_CODES];  /* new emergency codes, when made */
	bool made;
};

enum { CONFIRM_WRONG = 1 };

static int confirm_txn(struct db *db, void *p)
{
	struct sms_confirm *c = p;
	struct req *r = c->r;
	long long uid = r->sess->user_id;
	unsigned char h[32];
	int rc;

	sms_hash(r, uid, c->code, h);
	if ((rc = db_exec(db, r->arena, AS_SMS_GUARD, DB_ARGS(DB_INT(uid)), NULL)) != DB_OK ||
	    (rc = db_exec(db, r->arena, AS_SMS_CODE_USE_FACTOR,
	                  DB_ARGS(DB_INT(r->now), DB_INT(uid), DB_INT(c->factor_id), DB_BLOB(h, 32),
	                          DB_INT(r->now)),
	                  NULL)) != DB_OK)
		return rc;
	if (db_affected(db) != 1)
		return CONFIRM_WRONG;
	rc = twofa_confirm(r, c->factor_id, "sms", c->codes, &c->made);
	if (rc < 0)
		return rc;
	if (rc == 0)
		return CONFIRM_WRONG;  /* confirmed or replaced meanwhile */
	return db_exec(db, r->arena, AS_SMS_OTHERS_DELETE, DB_ARGS(DB_INT(uid), DB_INT(c->factor_id)),
	               NULL);
}

int auth_sms_confirm(struct req *r)
{
	int stepup = twofa_stepup(r, STEPUP_SMS);  /* with 2FA: confirm it is you first */
	if (stepup != 0)
		return stepup;
	const char *phone, *addr = r->remote_addr ? r->remote_addr : "";
	struct sms_refusals bad = {NULL, NULL, NULL};
	struct account me = auth_me(r);
	if (!r->form.v[SMC_FACTOR].present)
		return 404;
	int rc = pending_factor(r, r->form.v[SMC_FACTOR].i, &phone);
	if (rc != DB_OK)
		return rc;
	long wa = throttle_wait(r, THR_CODE_ACCOUNT, me.email);
	long wb = throttle_wait(r, THR_CODE_ADDRESS, addr);
	if (wa < 0 || wb < 0)
		return wa < 0 ? (int)wa : (int)wb;
	if (wa > 0 || wb > 0)
		return sms_page(r, 429, "login.throttled", wa > wb ? wa : wb, NULL);
	if (!r->form.v[SMC_CODE].present) {
		bad.code = "field.missing";
		return sms_page(r, 400, NULL, 0, &bad);
	}
	struct sms_confirm c = {r, r->form.v[SMC_FACTOR].i, code_typed(r->arena, r->form.v[SMC_CODE].s), {0},
	                        false};
	rc = six_digits(c.code) ? db_txn(r->app->db, confirm_txn, &c) : CONFIRM_WRONG;
	if (rc == CONFIRM_WRONG) {
		if ((rc = throttle_fail(r, THR_CODE_ACCOUNT, me.email)) != DB_OK ||
		    (rc = throttle_fail(r, THR_CODE_ADDRESS, addr)) != DB_OK ||
		    (rc = auth_event(r, &me, "code_failed", "sms", false)) != DB_OK)
			return rc;
		bad.code = "sms.code.wrong";
		return sms_page(r, 400, NULL, 0, &bad);
	}
	if (rc != DB_OK)
		return rc;
	if ((rc = throttle_clear(r, THR_CODE_ACCOUNT, me.email)) != DB_OK)
		return rc;
	return twofa_codes_page(r, c.codes, c.made, "sms_added");
}
