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
	/* totp and emergency codes: end */

	/* sms: begin */
	/* sms: end */

	/* devices: begin */
	/* devices: end */

	/* recovery: begin */
	AP_RECOVERY,
	AP_STAFF_RECOVERY_LIST,
	AP_STAFF_RECOVERY,
	/* recovery: end */

	/* application passwords: begin */
	/* application passwords: end */

	/* sessions and log: begin */
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
	AS_SETUP_DONE,
	/* totp and emergency codes: begin */
	/* totp and emergency codes: end */

	/* sms: begin */
	/* sms: end */

	/* devices: begin */
	/* devices: end */

	/* recovery: begin */
	AS_RECOVERY_LATEST,
	AS_RECOVERY_INSERT,
	AS_RECOVERY_DOC_INSERT,
	AS_RECOVERY_QUEUE,
	AS_RECOVERY_GET,
	AS_RECOVERY_DOCS,
	AS_RECOVERY_DECIDE,
	AS_FACTORS_DELETE_USER,
	AS_SETUP_REQUIRE,
	AS_CHALLENGES_DELETE_USER,
	/* recovery: end */

	/* application passwords: begin */
	/* application passwords: end */

	/* sessions and log: begin */
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
/* totp and emergency codes: begin */
/* totp and emergency codes: end */

/* sms: begin */
/* sms: end */

/* devices: begin */
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
/* application passwords: end */

/* sessions and log: begin */
/* sessions and log: end */

/* Records a security event for the user (login, failed login, password changed), without
 * detail or mail (twofa.h has auth_event for those). */
int auth_seclog(struct req *r, long long user_id, const char *event) WUR;

#endif
