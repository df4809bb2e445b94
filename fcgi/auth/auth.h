/* The auth area: login, logout, password change and reset, language, the home page. */
#ifndef KONTOR_AUTH_H
#define KONTOR_AUTH_H

#include "core.h"

/* Stylesheets, by index into the names given to view_init. */
enum auth_page {
	AP_LOGIN,
	AP_HOME,
	AP_RESET_REQUEST,
	AP_RESET_CONFIRM,
	AP_PASSWORD,
	AP_TOKENS,
	AP_TOKEN_NEW,
	AP_TOKEN_CREATED,
	AP_LOGIN_2FA,
	AP_SECURITY,
	AP_EMERGENCY_CODES,
	/* totp and emergency codes: begin */
	AP_TWOFA,
	AP_TOTP,
	AP_TWOFA_CONFIRM,
	/* totp and emergency codes: end */

	/* sms: begin */
	AP_SMS,
	/* sms: end */

	/* devices: begin */
	AP_DEVICES,
	AP_DEVICE_NEW,
	AP_DEVICE_CONFIRM,
	AP_LOGIN_DEVICE,
	/* devices: end */

	/* recovery: begin */
	AP_RECOVERY,
	AP_STAFF_RECOVERY_LIST,
	AP_STAFF_RECOVERY,
	/* recovery: end */

	/* application passwords: begin */
	AP_APPPW_LIST,
	AP_APPPW_NEW,
	AP_APPPW_CREATED,
	/* application passwords: end */

	/* sessions and log: begin */
	AP_SESSIONS,
	AP_SECLOG,
	AP_COMPROMISED,
	/* sessions and log: end */
	AP__MAX
};

/* Statements, numbered after the core's. */
enum auth_stmt {
	AS_USER_BY_EMAIL = CS__MAX,
	AS_USER_REHASH,
	AS_USER_SET_PASSWORD,
	AS_RESET_INSERT,
	AS_RESET_GET,
	AS_RESET_USE,
	AS_RESET_INVALIDATE_USER,
	AS_SESSIONS_DELETE_USER,
	AS_HOME_ORGS,
	AS_HOME_GRANTED,
	AS_SECLOG_INSERT,
	AS_TOKENS_LIST,
	AS_TOKEN_PRODUCT_CHOICES,
	AS_TOKEN_REVOKE,
	AS_CHALLENGE_INSERT,
	AS_CHALLENGE_GET,
	AS_CHALLENGE_DELETE,
	AS_FACTORS_LIST,
	AS_EMERGENCY_LEFT,
	AS_TOTP_SECRETS,
	AS_TOTP_STEP,
	AS_EMERGENCY_DELETE_USER,
	AS_EMERGENCY_INSERT,
	AS_EMERGENCY_USE,
	AS_FACTOR_CONFIRM,
	AS_SESSION_TWOFA_GET,
	AS_SESSION_TWOFA_SET,
	AS_SETUP_DONE,
	/* totp and emergency codes: begin */
	AS_TWOFA_LOCK,
	AS_TOTP_PENDING_GET,
	AS_TOTP_PENDING_INSERT,
	AS_TOTP_PENDING_SET,
	AS_FACTOR_GET,
	AS_FACTOR_DELETE,
	AS_FACTORS_CONFIRMED,
	AS_FACTORS_DELETE_USER,
	/* totp and emergency codes: end */

	/* sms: begin */
	AS_SMS_GUARD,
	AS_SMS_RECENT,
	AS_SMS_CODE_INSERT,
	AS_SMS_FACTOR_CONFIRMED,
	AS_SMS_PENDING,
	AS_SMS_PENDING_GET,
	AS_SMS_PENDING_DELETE,
	AS_SMS_FACTOR_INSERT,
	AS_SMS_CODE_USE_FACTOR,
	AS_SMS_CODE_USE_LOGIN,
	AS_SMS_FACTOR_USED,
	AS_SMS_OTHERS_DELETE,
	/* sms: end */

	/* devices: begin */
	AS_DEVICE_LIST,
	AS_DEVICE_GET,
	AS_DEVICE_DELETE,
	AS_DEVICE_REG_INSERT,
	AS_DEVICE_REG_PURGE,
	AS_DEVICE_REG_BY_TOKEN,
	AS_DEVICE_REG_USE,
	AS_DEVICE_REG_FACTOR,
	AS_DEVICE_REG_GET,
	AS_DEVICE_INSERT,
	AS_DEVICE_BY_KEY,
	AS_DEVICE_USED,
	AS_APPROVAL_INSERT,
	AS_CHALLENGE_REFUSE,
	AS_APPROVAL_BY_CHALLENGE,
	AS_APPROVALS_PENDING,
	AS_APPROVAL_GET,
	AS_APPROVAL_ANSWER,
	/* devices: end */

	/* recovery: begin */
	AS_RECOVERY_LATEST,
	AS_RECOVERY_INSERT,
	AS_RECOVERY_DOC_INSERT,
	AS_RECOVERY_QUEUE,
	AS_RECOVERY_GET,
	AS_RECOVERY_DOCS,
	AS_RECOVERY_DECIDE,
	AS_SETUP_REQUIRE,
	/* recovery: end */

	/* application passwords: begin */
	AS_APPPW_LIST,
	AS_APPPW_INSERT,
	AS_APPPW_GET,
	AS_APPPW_REVOKE,
	AS_APPPW_REVOKE_ALL,
	AS_APPPW_CHECK,
	AS_APPPW_USED,
	/* application passwords: end */

	/* sessions and log: begin */
	AS_SESSIONS_LIST,
	AS_SESSION_OF_USER,
	AS_SESSION_END_ID,
	AS_SECLOG_PAGE,
	AS_TOKENS_REVOKE_USER,
	AS_CHALLENGES_DELETE_USER,
	/* sessions and log: end */
	AS__MAX
};

extern const struct db_sql auth_sql;

int auth_login_form(struct req *r);
int auth_login(struct req *r);
int auth_logout(struct req *r);
int auth_home(struct req *r);
int auth_locale(struct req *r);
int auth_reset_form(struct req *r);
int auth_reset_request(struct req *r);
int auth_reset_confirm_form(struct req *r);
int auth_reset_confirm(struct req *r);
int auth_password_form(struct req *r);
int auth_password(struct req *r);
int auth_tokens(struct req *r);
int auth_token_new(struct req *r);
int auth_token_create(struct req *r);
int auth_token_revoke(struct req *r);
int auth_login_2fa_form(struct req *r);
int auth_login_2fa(struct req *r);
int auth_login_2fa_cancel(struct req *r);
int auth_security(struct req *r);
int auth_stepup_form(struct req *r);
int auth_stepup(struct req *r);
/* totp and emergency codes: begin */
int auth_twofa(struct req *r);
int auth_totp_form(struct req *r);
int auth_totp(struct req *r);
int auth_emergency_renew(struct req *r);
int auth_factor_remove_form(struct req *r);
int auth_factor_remove(struct req *r);
int auth_twofa_off_form(struct req *r);
int auth_twofa_off(struct req *r);
/* totp and emergency codes: end */

/* sms: begin */
int auth_sms_form(struct req *r);
int auth_sms_enrol(struct req *r);
int auth_sms_confirm(struct req *r);
int auth_sms_resend(struct req *r);
int auth_login_2fa_sms(struct req *r);
int auth_sms_send_for_change(struct req *r);
/* 1 when code is an unused, unexpired SMS code sent to the user's confirmed number (and it
 * is now used), 0 when not, or a DB status < 0 (fcgi/auth/sms.c; twofa_check_code). */
int sms_code_use(struct req *r, long long uid, const char *code) WUR;
/* sms: end */

/* devices: begin */
/* Registered devices (devices.c): the account's pages, the login's approval. */
int auth_devices(struct req *r);
int auth_device_new(struct req *r);
int auth_device_registration(struct req *r);
int auth_device_confirm(struct req *r);
int auth_device_remove(struct req *r);
int auth_login_device_start(struct req *r);
int auth_login_device_wait(struct req *r);
/* The device's JSON endpoint (device_api.c), authenticated by the device key. */
int device_register(struct req *r);
int device_approvals(struct req *r);
int device_answer(struct req *r);
/* devices: end */

/* recovery: begin */
/* The login's help request when every second factor is lost (recovery.c), and its review
 * by provider staff (recovery_staff.c). */
int auth_recovery_form(struct req *r);
int auth_recovery(struct req *r);
int auth_staff_recovery_list(struct req *r);
int auth_staff_recovery(struct req *r);
int auth_staff_recovery_document(struct req *r);
int auth_staff_recovery_approve(struct req *r);
int auth_staff_recovery_reject(struct req *r);
/* recovery: end */

/* application passwords: begin */
/* Application passwords (app_passwords.c: the pages; app_password_check.c: nginx's check;
 * app_password_format.c: their form, pure). */
int auth_apppw_list(struct req *r);
int auth_apppw_new(struct req *r);
int auth_apppw_create(struct req *r);
int auth_apppw_revoke(struct req *r);
int auth_apppw_revoke_all(struct req *r);
int auth_apppw_check(struct req *r);
struct account;
/* Revokes every application password of the user still valid, inside the caller's
 * transaction (for "my password may be compromised" too), and logs and mails
 * "app_passwords_revoked_all" when there was one; *n says how many. */
int apppw_revoke_all(struct req *r, const struct account *who, unsigned long long *n) WUR;

/* 140 random bits as 28 characters of a 32-letter alphabet (lower-case letters and digits
 * without 0, 1, l and o), in 7 groups of 4 joined by dashes: easy to type on a phone. */
#define APPPW_CHARS 28
#define APPPW_LEN 34
#define APPPW_HASH_PURPOSE "app-password"
/* The protocols a password may be limited to: names as in the SET column and in nginx's
 * $kontor_app_protocol. */
enum apppw_protocol { APPPW_CALDAV, APPPW_CARDDAV, APPPW_WEBDAV, APPPW_MAIL, APPPW__MAX };
extern const char *const apppw_protocols[APPPW__MAX];
/* A new password to show once, in the arena. */
char *apppw_new(struct arena *a);
/* The password as hashed: case, dashes and spaces dropped. False when s cannot be one (the
 * wrong length or a letter outside the alphabet), without a database look-up. */
bool apppw_canonical(const char *s, char out[APPPW_CHARS + 1]);
/* The keyed hash of a password as typed (false when it cannot be one). */
bool apppw_hash(const struct conf *c, const char *s, unsigned char out[32]);
/* The user and password of an "Authorization: Basic" header, in the arena: 0, or -1 when
 * it is another scheme or malformed (bad base64, no colon, a NUL or control byte). */
int apppw_basic(struct arena *a, const char *header, const char **user, const char **password) WUR;
/* The protocol's index for its name, or -1. */
int apppw_protocol(const char *name);
/* application passwords: end */

/* sessions and log: begin */
int auth_sessions(struct req *r);
int auth_session_end(struct req *r);
int auth_sessions_end_others(struct req *r);
int auth_seclog_page(struct req *r);
int auth_compromised_form(struct req *r);
int auth_compromised(struct req *r);
/* A short name of the device behind a User-Agent header ("Firefox on Linux", "curl"),
 * written to out (n bytes) with the word on ("on") between browser and system; NULL (and
 * out "") when the header names nothing known. */
const char *device_name(const char *ua, const char *on, char *out, size_t n);
/* sessions and log: end */

/* Records a security event for the user (login, failed login, password changed), without
 * detail or mail (twofa.h has auth_event for those). */
int auth_seclog(struct req *r, long long user_id, const char *event) WUR;

#endif
