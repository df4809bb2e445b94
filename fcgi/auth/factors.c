/*
 * Second factors: TOTP with liboath (secrets sealed with the server key), emergency codes
 * (keyed hashes, single use), and the one check every login and every sensitive change
 * goes through (twofa_check_code).
 */
#include <stdlib.h>
#include <string.h>

#include <liboath/oath.h>
#include <libxml/tree.h>
#include <sodium.h>

#include "twofa.h"

const char *const factor_names[FACTOR__MAX] = {"totp", "sms", "device"};

static int factor_kind(const char *name)
{
	for (int k = 0; k < FACTOR__MAX; k++)
		if (name != NULL && strcmp(name, factor_names[k]) == 0)
			return k;
	return -1;
}

/* ------------------------------------------------------------------ TOTP */

static void oath_ready(void)
{
	static bool done;
	if (!done && oath_init() == OATH_OK)
		done = true;
}

char *totp_secret_new(struct arena *a)
{
	unsigned char raw[TOTP_SECRET_BYTES];
	char *b32 = NULL;
	size_t len = 0;
	oath_ready();
	randombytes_buf(raw, sizeof(raw));
	int rc = oath_base32_encode((const char *)raw, sizeof(raw), &b32, &len);
	sodium_memzero(raw, sizeof(raw));
	if (rc != OATH_OK)
		abort();  /* only on out-of-memory */
	char *out = arena_strndup(a, b32, strcspn(b32, "="));
	sodium_memzero(b32, len);
	free(b32);
	return out;
}

char *totp_seal(struct req *r, const char *base32)
{
	return sec_seal(&r->app->conf, r->arena, "totp", base32);
}

char *totp_unseal(struct req *r, const char *sealed)
{
	return sec_unseal(&r->app->conf, r->arena, "totp", sealed);
}

long long totp_match(const char *base32, const char *code, time_t now)
{
	char *raw = NULL;
	size_t len = 0;
	uint64_t step = 0;
	int pos;
	oath_ready();
	if (strlen(code) != 6 || strspn(code, "0123456789") != 6 ||
	    oath_base32_decode(base32, strlen(base32), &raw, &len) != OATH_OK)
		return -1;
	int rc = oath_totp_validate3(raw, len, now, 30, 0, 1, &pos, &step, code);
	sodium_memzero(raw, len);
	free(raw);
	return rc >= 0 ? (long long)step : -1;
}

char *totp_uri(struct arena *a, const char *issuer, const char *account, const char *base32)
{
	/* Label and issuer percent-encoded: an address may hold '+' or '%'. */
	const char *parts[2] = {issuer, account};
	char *enc[2];
	for (int i = 0; i < 2; i++) {
		size_t n = strlen(parts[i]);
		char *o = arena_alloc(a, 3 * n + 1), *p = o;
		for (const unsigned char *c = (const unsigned char *)parts[i]; *c; c++) {
			if ((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') ||
			    *c == '.' || *c == '-' || *c == '_' || *c == '@') {
				*p++ = (char)*c;
			} else {
				static const char hex[] = "0123456789ABCDEF";
				*p++ = '%';
				*p++ = hex[*c >> 4];
				*p++ = hex[*c & 15];
			}
		}
		*p = '\0';
		enc[i] = o;
	}
	return arena_printf(a, "otpauth://totp/%s:%s?secret=%s&issuer=%s&algorithm=SHA1&digits=6&period=30",
	                    enc[0], enc[1], base32, enc[0]);
}

/* 1 when code matches one of the user's TOTP secrets at a step not used before (and it is
 * now used), 0 when it matches none, 2 when it matches an already used step. */
static int totp_use(struct req *r, long long uid, const char *code, const char **method)
{
	struct db_rows rows;
	int rc = db_exec(r->app->db, r->arena, AS_TOTP_SECRETS, DB_ARGS(DB_INT(uid)), &rows);
	if (rc != DB_OK)
		return rc;
	bool replayed = false;
	for (size_t i = 0; i < rows.nrows; i++) {
		const char *secret = totp_unseal(r, db_cell(&rows, i, 2));
		if (secret == NULL) {
			log_warn("a TOTP secret of user %lld cannot be unsealed (another server key?)", uid);
			continue;
		}
		long long step = totp_match(secret, code, r->now);
		if (step < 0)
			continue;
		rc = db_exec(r->app->db, r->arena, AS_TOTP_STEP,
		             DB_ARGS(DB_INT(step), DB_INT(r->now), DB_INT(db_int(&rows, i, 0)), DB_INT(step)),
		             NULL);
		if (rc != DB_OK)
			return rc;
		if (db_affected(r->app->db) == 1) {
			*method = db_cell(&rows, i, 1);
			return 1;
		}
		replayed = true;
	}
	return replayed ? 2 : 0;
}

/* ------------------------------------------------------------ emergency codes */

/* Crockford's base32: no i, l, o, u; typed o, i, l are read as 0, 1, 1. */
static const char emergency_alphabet[] = "0123456789abcdefghjkmnpqrstvwxyz";

/* The code as stored: 10 lower-case characters, dash and spaces removed; false when it is
 * not shaped like one. */
static bool emergency_normal(const char *s, char out[11])
{
	size_t n = 0;
	for (; *s; s++) {
		char c = *s;
		if (c == '-' || c == ' ')
			continue;
		if (c >= 'A' && c <= 'Z')
			c = (char)(c + 32);
		if (c == 'o')
			c = '0';
		else if (c == 'i' || c == 'l')
			c = '1';
		if (strchr(emergency_alphabet, c) == NULL || c == '\0' || n == 10)
			return false;
		out[n++] = c;
	}
	out[n] = '\0';
	return n == 10;
}

bool emergency_shaped(const char *s)
{
	char n[11];
	return emergency_normal(s, n);
}

static void emergency_hash(struct req *r, long long uid, const char *normal, unsigned char h[32])
{
	/* The user id is hashed in: a code is one user's, and equal codes of two users differ. */
	char buf[48];
	int n = snprintf(buf, sizeof(buf), "%lld:%s", uid, normal);
	sec_keyed_hash(&r->app->conf, "emergency", buf, (size_t)n, h);
}

int emergency_generate(struct req *r, long long uid, const char *out[EMERGENCY_CODES])
{
	int rc = db_exec(r->app->db, r->arena, AS_EMERGENCY_DELETE_USER, DB_ARGS(DB_INT(uid)), NULL);
	for (int i = 0; rc == DB_OK && i < EMERGENCY_CODES; i++) {
		unsigned char raw[10];
		char normal[11], *shown = arena_alloc(r->arena, EMERGENCY_LEN + 1);
		unsigned char h[32];
		randombytes_buf(raw, sizeof(raw));
		for (int c = 0; c < 10; c++)
			normal[c] = emergency_alphabet[raw[c] & 31];
		normal[10] = '\0';
		memcpy(shown, normal, 5);
		shown[5] = '-';
		memcpy(shown + 6, normal + 5, 6);
		out[i] = shown;
		emergency_hash(r, uid, normal, h);
		rc = db_exec(r->app->db, r->arena, AS_EMERGENCY_INSERT,
		             DB_ARGS(DB_BLOB(h, 32), DB_INT(uid), DB_INT(r->now)), NULL);
		/* Two equal codes among ten (2^-50 each): draw that one again. */
		if (rc == DB_DUPLICATE) {
			rc = DB_OK;
			i--;
		}
	}
	return rc;
}

int emergency_use(struct req *r, long long uid, const char *code)
{
	char normal[11];
	unsigned char h[32];
	if (!emergency_normal(code, normal))
		return 0;
	emergency_hash(r, uid, normal, h);
	int rc = db_exec(r->app->db, r->arena, AS_EMERGENCY_USE,
	                 DB_ARGS(DB_INT(r->now), DB_BLOB(h, 32), DB_INT(uid)), NULL);
	if (rc != DB_OK)
		return rc;
	return db_affected(r->app->db) == 1 ? 1 : 0;
}

/* ------------------------------------------------------------ the user's factors */

int factors_of(struct req *r, long long uid, struct factors *f)
{
	return factors_view(r, uid, NULL, f);
}

int factors_view(struct req *r, long long uid, struct _xmlNode *parent, struct factors *f)
{
	struct db_rows rows, left;
	int rc = db_exec(r->app->db, r->arena, AS_FACTORS_LIST, DB_ARGS(DB_INT(uid)), &rows);
	if (rc != DB_OK ||
	    (rc = db_exec(r->app->db, r->arena, AS_EMERGENCY_LEFT, DB_ARGS(DB_INT(uid)), &left)) != DB_OK)
		return rc;
	f->kinds = 0;
	f->emergency_left = left.nrows == 1 ? db_int(&left, 0, 0) : 0;
	struct _xmlNode *list = parent != NULL ? view_node(parent, "factors") : NULL;
	for (size_t i = 0; i < rows.nrows; i++) {
		int k = factor_kind(db_cell(&rows, i, 1));
		bool confirmed = db_int(&rows, i, 6) != 0;
		if (k < 0 || !confirmed)
			continue;
		f->kinds |= FACTOR(k);
		if (list == NULL)
			continue;
		struct _xmlNode *n = view_node(list, "factor");
		view_attr(n, "id", db_cell(&rows, i, 0));
		view_attr(n, "kind", factor_names[k]);
		view_attr(n, "created", db_cell(&rows, i, 4));
		if (db_cell(&rows, i, 5) != NULL)
			view_attr(n, "last-used", db_cell(&rows, i, 5));
		const char *phone = db_cell(&rows, i, 3);
		if (phone != NULL) {
			/* Only the last digits: the page may be seen over a shoulder. */
			size_t n2 = strlen(phone);
			view_attr(n, "phone-end", phone + (n2 > 3 ? n2 - 3 : 0));
		}
		view_text(n, "label", db_cell(&rows, i, 2));
	}
	if (list != NULL) {
		for (int k = 0; k < FACTOR__MAX; k++)
			if (f->kinds & FACTOR(k))
				view_attr(list, factor_names[k], "1");
		view_attr_int(view_node(list, "emergency"), "left", f->emergency_left);
		if (f->kinds != 0)
			view_attr(list, "enabled", "1");
	}
	return DB_OK;
}

/* ------------------------------------------------------------ the check */

const char *code_typed(struct arena *a, const char *typed)
{
	char *code = arena_strdup(a, typed), *o = code;
	for (const char *p = code; *p; p++)
		if (*p != ' ' && *p != '-')
			*o++ = *p;
	*o = '\0';
	return code;
}

/* ------------------------------------------------------------ confirming it is the user */

static const char *const stepup_paths[STEPUP__MAX] = {
	[STEPUP_TWOFA] = "/account/2fa",
	[STEPUP_TOTP] = "/account/2fa/totp",
	[STEPUP_SMS] = "/account/2fa/sms",
	[STEPUP_DEVICES] = "/account/devices",
};
static const char *const stepup_names[STEPUP__MAX] = {"twofa", "totp", "sms", "devices"};

#define STEPUP_WINDOW 300

int twofa_stepup(struct req *r, enum stepup_target back)
{
	struct factors f;
	struct db_rows rows;
	int rc = factors_of(r, r->sess->user_id, &f);
	if (rc != DB_OK || f.kinds == 0)
		return rc;
	if ((rc = db_exec(r->app->db, r->arena, AS_SESSION_TWOFA_GET,
	                  DB_ARGS(DB_BLOB(r->sess->id_hash, 32)), &rows)) != DB_OK)
		return rc;
	if (rows.nrows == 1 && db_cell(&rows, 0, 0) != NULL && r->now - db_int(&rows, 0, 0) <= STEPUP_WINDOW)
		return 0;
	return resp_redirect(r, arena_printf(r->arena, "/account/2fa/verify?next=%s", stepup_names[back]));
}

int twofa_stepup_done(struct req *r)
{
	return db_exec(r->app->db, r->arena, AS_SESSION_TWOFA_SET,
	               DB_ARGS(DB_INT(r->now), DB_BLOB(r->sess->id_hash, 32)), NULL);
}

const char *twofa_stepup_path(int back)
{
	return back >= 0 && back < STEPUP__MAX ? stepup_paths[back] : stepup_paths[STEPUP_TWOFA];
}

/* sms: begin */
/* sms: end */

struct code_check {
	struct req *r;
	const struct account *who;
	const char *code;
	const char **method;
	long *wait;
	int result;   /* enum code_result */
};

/* One transaction: the account's and the address's counters held first, so that parallel
 * guesses are checked one after the other against every failure before them. */
static int code_txn(struct db *db, void *p)
{
	struct code_check *k = p;
	struct req *r = k->r;
	const char *addr = r->remote_addr ? r->remote_addr : "";
	int rc;
	(void)db;
	if ((rc = throttle_hold(r, THR_CODE_ACCOUNT, k->who->email)) != DB_OK ||
	    (rc = throttle_hold(r, THR_CODE_ADDRESS, addr)) != DB_OK)
		return rc;
	long wa = throttle_wait(r, THR_CODE_ACCOUNT, k->who->email);
	long wb = throttle_wait(r, THR_CODE_ADDRESS, addr);
	if (wa < 0 || wb < 0)
		return wa < 0 ? (int)wa : (int)wb;
	if (wa > 0 || wb > 0) {
		*k->wait = wa > wb ? wa : wb;
		k->result = CODE_THROTTLED;
		return DB_OK;
	}
	int found = 0;
	const char *code = k->code;
	if (strlen(code) == 6 && strspn(code, "0123456789") == 6) {
		found = totp_use(r, k->who->id, code, k->method);
		/* sms: begin */
		if (found == 0 && (found = sms_code_use(r, k->who->id, code)) == 1)
			*k->method = "sms";
		/* sms: end */
	} else if (emergency_shaped(code)) {
		found = emergency_use(r, k->who->id, code);
		*k->method = "emergency";
	}
	if (found < 0)
		return found;
	if (found == 1) {
		k->result = CODE_OK;
		return DB_OK;
	}
	if ((rc = throttle_fail(r, THR_CODE_ACCOUNT, k->who->email)) != DB_OK ||
	    (rc = throttle_fail(r, THR_CODE_ADDRESS, addr)) != DB_OK ||
	    (rc = auth_event(r, k->who, found == 2 ? "code_replayed" : "code_failed", "", false)) != DB_OK)
		return rc;
	k->result = found == 2 ? CODE_REPLAYED : CODE_WRONG;
	return DB_OK;
}

int twofa_check_code(struct req *r, const struct account *who, const char *code,
                     const char **method, long *wait)
{
	struct code_check k = {r, who, code, method, wait, CODE_WRONG};
	int rc = db_txn(r->app->db, code_txn, &k);
	return rc != DB_OK ? rc : k.result;
}

/* ------------------------------------------------------------ enrolment */

int twofa_confirm(struct req *r, long long factor_id, const char *kind,
                  const char *codes[EMERGENCY_CODES], bool *made)
{
	struct db_rows left;
	struct account me = auth_me(r);
	*made = false;
	int rc = db_exec(r->app->db, r->arena, AS_FACTOR_CONFIRM,
	                 DB_ARGS(DB_INT(r->now), DB_INT(factor_id), DB_INT(me.id)), NULL);
	if (rc != DB_OK)
		return rc;
	if (db_affected(r->app->db) != 1)
		return 0;
	/* The code just given proves the new factor: this session counts as confirmed (another
	 * method may follow without asking again; adding this one needed that already when the
	 * user had 2FA). */
	if ((rc = db_exec(r->app->db, r->arena, AS_SETUP_DONE, DB_ARGS(DB_INT(me.id)), NULL)) != DB_OK ||
	    (rc = twofa_stepup_done(r)) != DB_OK ||
	    (rc = auth_event(r, &me, "factor_added", kind, true)) != DB_OK ||
	    (rc = db_exec(r->app->db, r->arena, AS_EMERGENCY_LEFT, DB_ARGS(DB_INT(me.id)), &left)) != DB_OK)
		return rc;
	if (left.nrows == 1 && db_int(&left, 0, 0) > 0)
		return 1;
	if ((rc = emergency_generate(r, me.id, codes)) != DB_OK)
		return rc;
	*made = true;
	return 1;
}

int twofa_codes_page(struct req *r, const char *const codes[EMERGENCY_CODES], bool made,
                     const char *notice)
{
	if (!made)
		return resp_redirect(r, arena_printf(r->arena, "/account/security?notice=%s", notice));
	struct _xmlNode *root = view_page(r, "emergency.title");
	view_message(root, "info", arena_printf(r->arena, "security.notice.%s", notice));
	struct _xmlNode *list = view_node(root, "codes");
	/* The text file the download link carries: the codes, one a line, with the account. */
	const char *file = arena_printf(r->arena, "Kontor %s\n", r->sess->email);
	for (int i = 0; i < EMERGENCY_CODES; i++) {
		view_text(list, "code", codes[i]);
		file = arena_printf(r->arena, "%s%s\n", file, codes[i]);
	}
	view_text(root, "file", file);
	view_text(root, "account", r->sess->email);
	return view_render(r, 200, AP_EMERGENCY_CODES);
}
