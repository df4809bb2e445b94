/*
 * Two-factor authentication, shared by every way of giving the second factor: the login's
 * pending second step (a challenge), the user's factors, and the check of a code
 * (authenticator app or device TOTP, SMS code, emergency code). Every page of the security
 * features builds on these; none of them checks a code another way.
 */
#ifndef KONTOR_AUTH_TWOFA_H
#define KONTOR_AUTH_TWOFA_H

#include "auth.h"

/* Who a security event or a mail concerns. */
struct account {
	long long id;
	const char *email;
	int locale;
};

/* A login between its right password and its second factor (table login_challenges). */
struct challenge {
	unsigned char id_hash[32];
	struct account who;
	time_t created, expires;
	bool refused;   /* refused on a device: no way of finishing it is left */
};

#define CHALLENGE_TTL 1200  /* seconds: time to find the phone, or to photograph documents */

/* Starts the second step for a user whose password was right: a row and a cookie. */
int challenge_start(struct req *r, const struct account *who) WUR;
/* The request's pending login into *out (NULL when there is none or it expired). */
int challenge_load(struct req *r, struct challenge **out) WUR;
/* The same for a page that needs one: without it the browser is sent to the login page
 * ("expired"; "device_denied" for one refused on a device, which then ends), and that
 * redirect's status (> 0) is returned; 0 with *out set, or a DB status < 0. */
int challenge_need(struct req *r, struct challenge **out) WUR;
/* The second factor was given (method: "totp", "sms", "emergency", "device"): in one
 * transaction the challenge ends, the session starts and the login is logged; then the
 * redirect home (a double submit that lost the race is sent to the login page). */
int challenge_finish(struct req *r, struct challenge *c, const char *method) WUR;
/* The second step's page for the challenge, with msg (a catalogue key: at the code field
 * when at_field, else a message at the top, an error when status >= 400) and the minutes
 * to wait when wait > 0. */
int second_step_page(struct req *r, struct challenge *c, int status, bool at_field,
                     const char *msg, long wait) WUR;
/* Ends the pending login without a session (cancelled, or refused on a device). */
int challenge_drop(struct req *r, struct challenge *c) WUR;

/* The user's confirmed factors. */
enum factor_kind { FACTOR_TOTP, FACTOR_SMS, FACTOR_DEVICE, FACTOR__MAX };
extern const char *const factor_names[FACTOR__MAX];
#define FACTOR(k) (1u << (k))
struct factors {
	unsigned kinds;        /* FACTOR() bits of the confirmed factors */
	long emergency_left;   /* unused emergency codes */
};
int factors_of(struct req *r, long long uid, struct factors *f) WUR;
/* Adds <factors kinds=".."><factor id kind label phone created last-used/>...
 * <emergency left="n"/></factors> under parent: the security page, the login's second step. */
int factors_view(struct req *r, long long uid, struct _xmlNode *parent, struct factors *f) WUR;

/* The result of a second-factor code. */
enum code_result {
	CODE_OK = 0,
	CODE_WRONG = 1,      /* counted by the throttle */
	CODE_REPLAYED = 2,   /* a TOTP code (or an older one) already used: logged, counted */
	CODE_THROTTLED = 3,  /* too many wrong codes: *wait seconds */
};
/* Checks a code of the user: 6 digits against every TOTP secret (authenticator app and
 * devices, one step either side, each step once) and the pending SMS codes; the emergency
 * code format against the unused emergency codes (single use). Throttled per account and
 * per address, in one transaction that holds both counters first (parallel guesses cannot
 * slip past the count); a wrong or replayed code is logged. Returns a code_result with
 * *method set on CODE_OK, or a DB status < 0. Runs its own transaction: not inside one. */
int twofa_check_code(struct req *r, const struct account *who, const char *code,
                     const char **method, long *wait) WUR;

/* TOTP (RFC 6238, SHA-1, 30 s, 6 digits) with liboath. */
#define TOTP_SECRET_BYTES 20
/* A new random secret, base32 without padding, in the arena. */
char *totp_secret_new(struct arena *a);
/* The secret sealed for the database, and back (NULL when tampered with). */
char *totp_seal(struct req *r, const char *base32);
char *totp_unseal(struct req *r, const char *sealed);
/* The step a code matches for secret at time now (window of one step either side), or -1. */
long long totp_match(const char *base32, const char *code, time_t now);
/* The otpauth:// URI an authenticator app reads from the QR code. */
char *totp_uri(struct arena *a, const char *issuer, const char *account, const char *base32);

/* A QR code of text under parent as <qr size="n" d="svg path"/>, drawn by layout.xsl's "qr"
 * template (with its accessible name); NULL when the text is too long for a QR code. */
struct _xmlNode *qr_view(struct req *r, struct _xmlNode *parent, const char *text);

/* Emergency codes: ten, single use, stored as keyed hashes. */
#define EMERGENCY_CODES 10
#define EMERGENCY_LEN 11  /* "xxxxx-xxxxx": 10 characters of an unambiguous alphabet */
/* Replaces the user's codes with ten new ones (inside the caller's transaction); the codes
 * to show once go to out[]. */
int emergency_generate(struct req *r, long long uid, const char *out[EMERGENCY_CODES]) WUR;
/* True when s has the shape of an emergency code (any case, with or without the dash). */
bool emergency_shaped(const char *s);
/* 1 when the code was unused and is now used, 0 when not (wrong or used), or a DB status. */
int emergency_use(struct req *r, long long uid, const char *code) WUR;

/* A factor's enrolment is finished (its first code was right), inside the caller's
 * transaction: the factor counts from now on (1 when it changed, 0 when it was already
 * confirmed or is not the user's), staff's "set up again" is cleared, the session counts
 * as having given a second factor (twofa_stepup), the event
 * "factor_added" (detail: the kind) is logged and mailed, and, when the user has no unused
 * emergency codes, ten new ones go to codes[] and *made is set. */
int twofa_confirm(struct req *r, long long factor_id, const char *kind,
                  const char *codes[EMERGENCY_CODES], bool *made) WUR;
/* The page that shows new emergency codes once, with download and print (made), else the
 * redirect to the security page with notice. */
int twofa_codes_page(struct req *r, const char *const codes[EMERGENCY_CODES], bool made,
                     const char *notice);

/* Where a user goes back to after confirming it is them (stepup_targets in fields.h). */
enum stepup_target { STEPUP_TWOFA, STEPUP_TOTP, STEPUP_SMS, STEPUP_DEVICES, STEPUP__MAX };
/* Adding a method or renewing the emergency codes of a user who has 2FA needs a second
 * factor given in this session within the last 5 minutes (at login, or with the password on
 * /account/2fa/verify): otherwise a session alone (or a password alone) could add a factor
 * and then remove the user's own. 0 when that holds (or the user has no 2FA), else the
 * redirect to the confirmation, back to target afterwards (its status > 0), or a DB status. */
int twofa_stepup(struct req *r, enum stepup_target back) WUR;
/* The page a target names. */
const char *twofa_stepup_path(int back);
/* Records that this session gave a second factor now. */
int twofa_stepup_done(struct req *r) WUR;
/* The code as typed, without the spaces and dashes people copy ("123 456", "abcde-fghjk"),
 * in the arena. */
const char *code_typed(struct arena *a, const char *typed);

/* A security event in the user's log, with what it concerns (detail, may be ""); and, when
 * mail is true, an e-mail to the user saying what happened, when and from where (for the
 * events that change how they log in). Inside the caller's transaction. */
int auth_event(struct req *r, const struct account *who, const char *event, const char *detail,
               bool mail) WUR;
/* The logged-in user as an account. */
struct account auth_me(struct req *r);

#endif
