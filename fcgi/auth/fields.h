/* The fields each auth form accepts, by declaration (index enums match the arrays). */
#ifndef KONTOR_AUTH_FIELDS_H
#define KONTOR_AUTH_FIELDS_H

#include "core.h"

#define NEW_PASSWORD(name) {name, FIELD_SECRET, 1, 1024, 0, 0, NULL}

static const char *const locales[] = {"en", "de", "fr", "it", NULL};
static const char *const notices[] = {
	"reset_sent", "reset_done", "logged_out", "expired", "password_changed",
	"token_revoked", "left",
	/* devices: the login was refused on the device, or not answered in time */
	"device_denied", "device_expired",
	/* sms: a code was sent */
	"sms_sent",
	NULL};

/* A code by SMS for a page that asks for a current second factor: the removal of a method
 * (factor), turning 2FA off (neither), or confirming it is the user (next). */
static const char *const stepup_targets[] = {"twofa", "totp", "sms", "devices", NULL};
enum { SCH_FACTOR, SCH_NEXT, SCH_CSRF };
static const struct field_decl sms_change_fields[] = {
	{"factor", FIELD_INT, 0, 0, 1, 9007199254740992LL, NULL},
	{"next", FIELD_ENUM, 0, 0, 0, 0, stepup_targets},
	CSRF_FIELD,
};
/* The notice those pages show after it. */
static const char *const sms_change_notices[] = {"sms_sent", "sms_limit", NULL};
enum { SCN_NOTICE };
static const struct field_decl sms_change_notice_fields[] = {
	{"notice", FIELD_ENUM, 0, 0, 0, 0, sms_change_notices},
};

enum { LF_EMAIL, LF_PASSWORD, LF_CSRF };
static const struct field_decl login_fields[] = {
	{"email", FIELD_EMAIL, 3, 254, 0, 0, NULL},
	{"password", FIELD_SECRET, 1, 1024, 0, 0, NULL},
	CSRF_FIELD,
};

enum { NF_NOTICE };
static const struct field_decl notice_fields[] = {
	{"notice", FIELD_ENUM, 0, 0, 0, 0, notices},
};

static const struct field_decl csrf_fields[] = {CSRF_FIELD};

enum { TL_NOTICE, TL_PAGE };
static const struct field_decl tokens_list_fields[] = {
	{"notice", FIELD_ENUM, 0, 0, 0, 0, notices},
	{"page", FIELD_INT, 0, 0, 1, 100000, NULL},
};

enum { LOC_LANG, LOC_NEXT, LOC_CSRF };
static const struct field_decl locale_fields[] = {
	{"lang", FIELD_ENUM, 0, 0, 0, 0, locales},
	{"next", FIELD_TEXT, 1, 512, 0, 0, NULL},
	CSRF_FIELD,
};

enum { RR_EMAIL, RR_CSRF };
static const struct field_decl reset_request_fields[] = {
	{"email", FIELD_EMAIL, 3, 254, 0, 0, NULL},
	CSRF_FIELD,
};

enum { RT_TOKEN };
static const struct field_decl reset_token_fields[] = {
	{"token", FIELD_TOKEN, 43, 43, 0, 0, NULL},
};

enum { RC_TOKEN, RC_PASSWORD, RC_PASSWORD2, RC_CSRF };
static const struct field_decl reset_confirm_fields[] = {
	{"token", FIELD_TOKEN, 43, 43, 0, 0, NULL},
	NEW_PASSWORD("password"),
	NEW_PASSWORD("password2"),
	CSRF_FIELD,
};

enum { PW_CURRENT, PW_PASSWORD, PW_PASSWORD2, PW_CSRF };
static const struct field_decl password_fields[] = {
	{"current", FIELD_SECRET, 1, 1024, 0, 0, NULL},
	NEW_PASSWORD("password"),
	NEW_PASSWORD("password2"),
	CSRF_FIELD,
};

/* Creating an API token: a name, one checkbox per scope (in enum scope_bit order), the
 * products, the validity, and the password when the last one given is over 5 minutes old. */
static const char *const products_modes[] = {"all", "chosen", NULL};
static const char *const validities[] = {"unlimited", "until", NULL};
enum { TK_NAME, TK_SCOPE, TK_PRODUCTS_MODE = TK_SCOPE + SCOPE__MAX, TK_PRODUCTS, TK_VALIDITY,
       TK_EXPIRES, TK_PASSWORD, TK_CSRF };
#define SCOPE_FIELD(n) {"scope_" n, FIELD_BOOL, 0, 0, 0, 0, NULL}
static const struct field_decl token_fields[] = {
	{"name", FIELD_TEXT, 1, 100, 0, 0, NULL},
	SCOPE_FIELD("profile_read"), SCOPE_FIELD("organizations_read"),
	SCOPE_FIELD("organizations_write"), SCOPE_FIELD("products_read"),
	SCOPE_FIELD("products_write"), SCOPE_FIELD("billing_read"), SCOPE_FIELD("billing_write"),
	SCOPE_FIELD("partners_read"), SCOPE_FIELD("partners_write"), SCOPE_FIELD("tenders_read"),
	SCOPE_FIELD("tenders_write"), SCOPE_FIELD("profile_write"),
	{"products_mode", FIELD_ENUM, 0, 0, 0, 0, products_modes},
	{"products", FIELD_IDS, 0, 1000, 0, 0, NULL},
	{"validity", FIELD_ENUM, 0, 0, 0, 0, validities},
	{"expires", FIELD_DATE, 10, 10, 0, 0, NULL},
	{"password", FIELD_SECRET, 1, 1024, 0, 0, NULL},
	CSRF_FIELD,
};

/* The login's second step: a code of any kind (TOTP, SMS, emergency). */
enum { CF_CODE, CF_CSRF };
static const struct field_decl code_fields[] = {
	{"code", FIELD_TEXT, 1, 20, 0, 0, NULL},
	CSRF_FIELD,
};

/* The security page's notices (after a redirect). */
static const char *const security_notices[] = {
	/* totp and emergency codes: begin */
	"totp_added", "emergency_renewed",
	/* totp and emergency codes: end */

	/* sms: begin */
	"sms_added",
	/* sms: end */

	/* devices: begin */
	"device_confirmed",
	/* devices: end */

	/* recovery: begin */
	/* recovery: end */

	/* application passwords: begin */
	/* application passwords: end */

	/* sessions and log: begin */
	"compromised",
	/* sessions and log: end */
	NULL};
enum { SN_NOTICE };
static const struct field_decl security_fields[] = {
	{"notice", FIELD_ENUM, 0, 0, 0, 0, security_notices},
};

/* totp and emergency codes: begin */
/* The two-factor overview's notices (after a redirect; setup_required from the login). */
static const char *const twofa_notices[] = {
	"setup_required", "factor_removed", "twofa_disabled", "totp_added", "emergency_renewed", NULL};
enum { TF_NOTICE };
static const struct field_decl twofa_fields[] = {
	{"notice", FIELD_ENUM, 0, 0, 0, 0, twofa_notices},
};

/* The authenticator's enrolment: the password again (before a secret is shown, when the
 * last one given is over 5 minutes old), then the first code. */
enum { TO_CODE, TO_PASSWORD, TO_CSRF };
static const struct field_decl totp_fields[] = {
	{"code", FIELD_TEXT, 1, 20, 0, 0, NULL},
	{"password", FIELD_SECRET, 1, 1024, 0, 0, NULL},
	CSRF_FIELD,
};

/* New emergency codes: the password again when the last one given is over 5 minutes old. */
enum { EM_PASSWORD, EM_CSRF };
static const struct field_decl emergency_fields[] = {
	{"password", FIELD_SECRET, 1, 1024, 0, 0, NULL},
	CSRF_FIELD,
};

/* Removing a factor, or turning 2FA off: the password and a current second factor. */
enum { TC_PASSWORD, TC_CODE, TC_CSRF };
static const struct field_decl twofa_change_fields[] = {
	{"password", FIELD_SECRET, 1, 1024, 0, 0, NULL},
	{"code", FIELD_TEXT, 1, 20, 0, 0, NULL},
	CSRF_FIELD,
};
/* Confirming it is the user (password and a current second factor) before a method is added
 * or emergency codes are renewed, then back to next (STEPUP_* in twofa.h, by name). The
 * fields of the change form first (the same indexes), then where to go. */
enum { TV_NEXT = TC_CSRF + 1 };
static const struct field_decl stepup_fields[] = {
	{"password", FIELD_SECRET, 1, 1024, 0, 0, NULL},
	{"code", FIELD_TEXT, 1, 20, 0, 0, NULL},
	CSRF_FIELD,
	{"next", FIELD_ENUM, 0, 0, 0, 0, stepup_targets},
};
/* The page: where to go afterwards, and the notice of a code sent by SMS. */
enum { TVG_NEXT, TVG_NOTICE };
static const struct field_decl stepup_form_fields[] = {
	{"next", FIELD_ENUM, 0, 0, 0, 0, stepup_targets},
	{"notice", FIELD_ENUM, 0, 0, 0, 0, sms_change_notices},
};
/* totp and emergency codes: end */

/* sms: begin */
/* SMS codes: the number to enrol (and the password when the last one given is over 5
 * minutes old), the code sent to it, a new code for it. */
static const char *const sms_notices[] = {"code_sent", NULL};
enum { SMN_NOTICE };
static const struct field_decl sms_form_fields[] = {
	{"notice", FIELD_ENUM, 0, 0, 0, 0, sms_notices},
};
enum { SME_PHONE, SME_PASSWORD, SME_CSRF };
static const struct field_decl sms_enrol_fields[] = {
	{"phone", FIELD_TEXT, 1, 40, 0, 0, NULL},
	{"password", FIELD_SECRET, 1, 1024, 0, 0, NULL},
	CSRF_FIELD,
};
enum { SMC_FACTOR, SMC_CODE, SMC_CSRF };
static const struct field_decl sms_confirm_fields[] = {
	{"factor", FIELD_INT, 0, 0, 1, 9007199254740992LL, NULL},
	{"code", FIELD_TEXT, 1, 20, 0, 0, NULL},
	CSRF_FIELD,
};
enum { SMR_FACTOR, SMR_CSRF };
static const struct field_decl sms_resend_fields[] = {
	{"factor", FIELD_INT, 0, 0, 1, 9007199254740992LL, NULL},
	CSRF_FIELD,
};
/* A code by SMS for the removal of a method (factor) or for turning 2FA off (no factor). */
/* sms: end */

/* devices: begin */
/* The devices page: its notices, registering (the password when the last one given is over
 * 5 minutes old), confirming with the code the device shows, removing. */
static const char *const device_notices[] = {"removed", NULL};
enum { DL_NOTICE };
static const struct field_decl device_list_fields[] = {
	{"notice", FIELD_ENUM, 0, 0, 0, 0, device_notices},
};
enum { DP_PASSWORD, DP_CSRF };
static const struct field_decl device_password_fields[] = {
	{"password", FIELD_SECRET, 1, 1024, 0, 0, NULL},
	CSRF_FIELD,
};
/* devices: end */

/* recovery: begin */
/* The help request: the phone number and the CSRF token (the documents are uploads). */
enum { RQ_PHONE, RQ_CSRF };
static const struct field_decl recovery_fields[] = {
	{"phone", FIELD_TEXT, 1, 40, 0, 0, NULL},
	CSRF_FIELD,
};
static const char *const recovery_notices[] = {"sent", NULL};
enum { RN_NOTICE };
static const struct field_decl recovery_notice_fields[] = {
	{"notice", FIELD_ENUM, 0, 0, 0, 0, recovery_notices},
};
enum { SRL_PAGE };
static const struct field_decl staff_recovery_list_fields[] = {
	{"page", FIELD_INT, 0, 0, 1, 100000, NULL},
};
static const char *const staff_recovery_notices[] = {"approved", "rejected", NULL};
enum { SR_NOTICE };
static const struct field_decl staff_recovery_fields[] = {
	{"notice", FIELD_ENUM, 0, 0, 0, 0, staff_recovery_notices},
};
enum { SRJ_REASON, SRJ_CSRF };
static const struct field_decl staff_reject_fields[] = {
	{"reason", FIELD_LINES, 1, 1000, 0, 0, NULL},
	CSRF_FIELD,
};
/* recovery: end */

/* application passwords: begin */
/* The list: notices after a redirect, and the page. */
static const char *const apppw_notices[] = {"revoked", "already_revoked", "revoked_all", "none_to_revoke", NULL};
enum { AL_NOTICE, AL_PAGE };
static const struct field_decl apppw_list_fields[] = {
	{"notice", FIELD_ENUM, 0, 0, 0, 0, apppw_notices},
	{"page", FIELD_INT, 0, 0, 1, 100000, NULL},
};
/* A new one: a name (at most 100 characters: up to 400 bytes, counted in app_passwords.c),
 * one checkbox per protocol (enum apppw_protocol order; none: every protocol), the last
 * valid day, and the password when the last one given is over 5 minutes old. */
enum { AN_NAME, AN_PROTOCOL, AN_EXPIRES = AN_PROTOCOL + 4, AN_PASSWORD, AN_CSRF };
static const struct field_decl apppw_fields[] = {
	{"name", FIELD_TEXT, 1, 400, 0, 0, NULL},
	{"protocol_caldav", FIELD_BOOL, 0, 0, 0, 0, NULL},
	{"protocol_carddav", FIELD_BOOL, 0, 0, 0, 0, NULL},
	{"protocol_webdav", FIELD_BOOL, 0, 0, 0, 0, NULL},
	{"protocol_mail", FIELD_BOOL, 0, 0, 0, 0, NULL},
	{"expires", FIELD_DATE, 10, 10, 0, 0, NULL},
	{"password", FIELD_SECRET, 1, 1024, 0, 0, NULL},
	CSRF_FIELD,
};
/* Revoking all: a checkbox that confirms it. */
enum { AA_CONFIRM, AA_CSRF };
static const struct field_decl apppw_revoke_all_fields[] = {
	{"confirm", FIELD_BOOL, 0, 0, 0, 0, NULL},
	CSRF_FIELD,
};
/* application passwords: end */

/* sessions and log: begin */
/* The sessions page's notices, after ending one or all others. */
static const char *const sessions_notices[] = {"session_ended", "others_ended", NULL};
enum { SS_NOTICE };
static const struct field_decl sessions_fields[] = {
	{"notice", FIELD_ENUM, 0, 0, 0, 0, sessions_notices},
};
/* The security log, a page at a time: at most 2,000 pages of 50 (an offset bound). */
#define SECLOG_PER_PAGE 50
#define SECLOG_MAX_PAGE 2000
enum { SL_PAGE };
static const struct field_decl seclog_fields[] = {
	{"page", FIELD_INT, 0, 0, 1, SECLOG_MAX_PAGE, NULL},
};
/* sessions and log: end */

#endif
