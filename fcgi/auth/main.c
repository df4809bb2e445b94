/*
 * The auth executable: the page table. Handlers live in login.c, password.c, home.c.
 */
#include "auth.h"
#include "fields.h"

static const char *const pages[AP__MAX] = {
	[AP_LOGIN] = "auth/login",
	[AP_HOME] = "auth/home",
	[AP_RESET_REQUEST] = "auth/reset_request",
	[AP_RESET_CONFIRM] = "auth/reset_confirm",
	[AP_PASSWORD] = "auth/password",
	[AP_TOKENS] = "auth/tokens",
	[AP_TOKEN_NEW] = "auth/token_new",
	[AP_TOKEN_CREATED] = "auth/token_created",
	[AP_LOGIN_2FA] = "auth/login_2fa",
	[AP_SECURITY] = "auth/security",
	[AP_EMERGENCY_CODES] = "auth/emergency_codes",
	/* totp and emergency codes: begin */
	[AP_TWOFA] = "auth/twofa",
	[AP_TOTP] = "auth/totp",
	[AP_TWOFA_CONFIRM] = "auth/twofa_confirm",
	/* totp and emergency codes: end */

	/* sms: begin */
	[AP_SMS] = "auth/sms",
	/* sms: end */

	/* devices: begin */
	[AP_DEVICES] = "auth/devices",
	[AP_DEVICE_NEW] = "auth/device_new",
	[AP_DEVICE_CONFIRM] = "auth/device_confirm",
	[AP_LOGIN_DEVICE] = "auth/login_device",
	/* devices: end */

	/* recovery: begin */
	[AP_RECOVERY] = "auth/recovery",
	[AP_STAFF_RECOVERY_LIST] = "auth/staff_recovery_list",
	[AP_STAFF_RECOVERY] = "auth/staff_recovery",
	/* recovery: end */

	/* application passwords: begin */
	[AP_APPPW_LIST] = "auth/app_passwords",
	[AP_APPPW_NEW] = "auth/app_password_new",
	[AP_APPPW_CREATED] = "auth/app_password_created",
	/* application passwords: end */

	/* sessions and log: begin */
	[AP_SESSIONS] = "auth/sessions",
	[AP_SECLOG] = "auth/seclog",
	[AP_COMPROMISED] = "auth/compromised",
	/* sessions and log: end */
};

/* Fields, and the statement that loads the session with the page's rows (0: the plain one). */
#define FS(decl, stmt) decl, sizeof(decl) / sizeof(decl[0]), stmt, 0
#define F(decl) FS(decl, 0)
#define NONE NULL, 0, 0, 0

/* Where nginx sends a request whose body it refused as too large: the page says so. */
static int auth_too_large(struct req *r)
{
	(void)r;
	return 413;
}

static const struct route routes[] = {
	{M_GET, "/too-large", auth_too_large, 0, NONE},
	{M_GET, "/", auth_home, ROUTE_NEEDS_SESSION, FS(notice_fields, AS_HOME_ORGS)},
	{M_GET, "/login", auth_login_form, ROUTE_ANON_ONLY, F(notice_fields)},
	{M_POST, "/login", auth_login, ROUTE_NEEDS_CSRF, F(login_fields)},
	{M_POST, "/logout", auth_logout, ROUTE_NEEDS_SESSION | ROUTE_NEEDS_CSRF, F(csrf_fields)},
	{M_POST, "/locale", auth_locale, ROUTE_NEEDS_CSRF, F(locale_fields)},
	{M_GET, "/reset", auth_reset_form, ROUTE_ANON_ONLY, NONE},
	{M_POST, "/reset", auth_reset_request, ROUTE_NEEDS_CSRF, F(reset_request_fields)},
	{M_GET, "/reset/confirm", auth_reset_confirm_form, 0, F(reset_token_fields)},
	{M_POST, "/reset/confirm", auth_reset_confirm, ROUTE_NEEDS_CSRF, F(reset_confirm_fields)},
	{M_GET, "/account/password", auth_password_form, ROUTE_NEEDS_SESSION, NONE},
	{M_POST, "/account/password", auth_password, ROUTE_NEEDS_SESSION | ROUTE_NEEDS_CSRF,
	 F(password_fields)},
	{M_GET, "/account/tokens", auth_tokens, ROUTE_NEEDS_SESSION, F(tokens_list_fields)},
	{M_GET, "/account/tokens/new", auth_token_new, ROUTE_NEEDS_SESSION, NONE},
	{M_POST, "/account/tokens", auth_token_create, ROUTE_NEEDS_SESSION | ROUTE_NEEDS_CSRF,
	 F(token_fields)},
	{M_POST, "/account/tokens/{id}/revoke", auth_token_revoke,
	 ROUTE_NEEDS_SESSION | ROUTE_NEEDS_CSRF, F(csrf_fields)},
	{M_GET, "/login/2fa", auth_login_2fa_form, ROUTE_ANON_ONLY, F(notice_fields)},
	{M_POST, "/login/2fa", auth_login_2fa, ROUTE_NEEDS_CSRF, F(code_fields)},
	{M_POST, "/login/2fa/cancel", auth_login_2fa_cancel, ROUTE_NEEDS_CSRF, F(csrf_fields)},
	{M_GET, "/account/security", auth_security, ROUTE_NEEDS_SESSION, F(security_fields)},
	{M_GET, "/account/2fa/verify", auth_stepup_form, ROUTE_NEEDS_SESSION, F(stepup_form_fields)},
	{M_POST, "/account/2fa/verify", auth_stepup, ROUTE_NEEDS_SESSION | ROUTE_NEEDS_CSRF,
	 F(stepup_fields)},
	/* totp and emergency codes: begin */
	{M_GET, "/account/2fa", auth_twofa, ROUTE_NEEDS_SESSION, F(twofa_fields)},
	{M_GET, "/account/2fa/totp", auth_totp_form, ROUTE_NEEDS_SESSION, NONE},
	{M_POST, "/account/2fa/totp", auth_totp, ROUTE_NEEDS_SESSION | ROUTE_NEEDS_CSRF, F(totp_fields)},
	{M_POST, "/account/2fa/emergency", auth_emergency_renew, ROUTE_NEEDS_SESSION | ROUTE_NEEDS_CSRF,
	 F(emergency_fields)},
	{M_GET, "/account/2fa/factors/{id}/remove", auth_factor_remove_form, ROUTE_NEEDS_SESSION,
	 F(sms_change_notice_fields)},
	{M_POST, "/account/2fa/factors/{id}/remove", auth_factor_remove,
	 ROUTE_NEEDS_SESSION | ROUTE_NEEDS_CSRF, F(twofa_change_fields)},
	{M_GET, "/account/2fa/off", auth_twofa_off_form, ROUTE_NEEDS_SESSION, F(sms_change_notice_fields)},
	{M_POST, "/account/2fa/off", auth_twofa_off, ROUTE_NEEDS_SESSION | ROUTE_NEEDS_CSRF,
	 F(twofa_change_fields)},
	/* totp and emergency codes: end */

	/* sms: begin */
	{M_GET, "/account/2fa/sms", auth_sms_form, ROUTE_NEEDS_SESSION, F(sms_form_fields)},
	{M_POST, "/account/2fa/sms", auth_sms_enrol, ROUTE_NEEDS_SESSION | ROUTE_NEEDS_CSRF,
	 F(sms_enrol_fields)},
	{M_POST, "/account/2fa/sms/confirm", auth_sms_confirm, ROUTE_NEEDS_SESSION | ROUTE_NEEDS_CSRF,
	 F(sms_confirm_fields)},
	{M_POST, "/account/2fa/sms/resend", auth_sms_resend, ROUTE_NEEDS_SESSION | ROUTE_NEEDS_CSRF,
	 F(sms_resend_fields)},
	{M_POST, "/login/2fa/sms", auth_login_2fa_sms, ROUTE_NEEDS_CSRF, F(csrf_fields)},
	{M_POST, "/account/2fa/sms/send", auth_sms_send_for_change, ROUTE_NEEDS_SESSION | ROUTE_NEEDS_CSRF,
	 F(sms_change_fields)},
	/* sms: end */

	/* devices: begin */
	{M_GET, "/account/devices", auth_devices, ROUTE_NEEDS_SESSION, F(device_list_fields)},
	{M_POST, "/account/devices", auth_device_new, ROUTE_NEEDS_SESSION | ROUTE_NEEDS_CSRF,
	 F(device_password_fields)},
	{M_GET, "/account/devices/registrations/{id}", auth_device_registration, ROUTE_NEEDS_SESSION,
	 NONE},
	{M_POST, "/account/devices/registrations/{id}", auth_device_confirm,
	 ROUTE_NEEDS_SESSION | ROUTE_NEEDS_CSRF, F(code_fields)},
	{M_POST, "/account/devices/{id}/remove", auth_device_remove,
	 ROUTE_NEEDS_SESSION | ROUTE_NEEDS_CSRF, F(device_password_fields)},
	{M_POST, "/login/2fa/device", auth_login_device_start, ROUTE_NEEDS_CSRF, F(csrf_fields)},
	{M_GET, "/login/2fa/device", auth_login_device_wait, ROUTE_ANON_ONLY, NONE},
	/* The device's own JSON endpoint: no cookie, the device key (see ROUTE_KEY). */
	{M_POST, "/device/register", device_register, ROUTE_JSON | ROUTE_KEY, NONE},
	{M_GET, "/device/approvals", device_approvals, ROUTE_KEY, NONE},
	{M_POST, "/device/approvals/{id}", device_answer, ROUTE_JSON | ROUTE_KEY, NONE},
	/* devices: end */

	/* recovery: begin */
	{M_GET, "/login/recovery", auth_recovery_form, ROUTE_ANON_ONLY, F(recovery_notice_fields)},
	{M_POST, "/login/recovery", auth_recovery, ROUTE_NEEDS_CSRF | ROUTE_MULTIPART,
	 F(recovery_fields)},
	{M_GET, "/staff/recovery", auth_staff_recovery_list, ROUTE_NEEDS_SESSION | ROUTE_STAFF_ONLY,
	 F(staff_recovery_list_fields)},
	{M_GET, "/staff/recovery/{id}", auth_staff_recovery, ROUTE_NEEDS_SESSION | ROUTE_STAFF_ONLY,
	 F(staff_recovery_fields)},
	{M_GET, "/staff/recovery/{id}/documents/{n}", auth_staff_recovery_document,
	 ROUTE_NEEDS_SESSION | ROUTE_STAFF_ONLY, NONE},
	{M_POST, "/staff/recovery/{id}/approve", auth_staff_recovery_approve,
	 ROUTE_NEEDS_SESSION | ROUTE_STAFF_ONLY | ROUTE_NEEDS_CSRF, F(csrf_fields)},
	{M_POST, "/staff/recovery/{id}/reject", auth_staff_recovery_reject,
	 ROUTE_NEEDS_SESSION | ROUTE_STAFF_ONLY | ROUTE_NEEDS_CSRF, F(staff_reject_fields)},
	/* recovery: end */

	/* application passwords: begin */
	{M_GET, "/account/app-passwords", auth_apppw_list, ROUTE_NEEDS_SESSION, F(apppw_list_fields)},
	{M_GET, "/account/app-passwords/new", auth_apppw_new, ROUTE_NEEDS_SESSION, NONE},
	{M_POST, "/account/app-passwords/new", auth_apppw_create, ROUTE_NEEDS_SESSION | ROUTE_NEEDS_CSRF,
	 F(apppw_fields)},
	{M_POST, "/account/app-passwords/{id}/revoke", auth_apppw_revoke,
	 ROUTE_NEEDS_SESSION | ROUTE_NEEDS_CSRF, F(csrf_fields)},
	{M_POST, "/account/app-passwords/revoke-all", auth_apppw_revoke_all,
	 ROUTE_NEEDS_SESSION | ROUTE_NEEDS_CSRF, F(apppw_revoke_all_fields)},
	/* nginx's auth_request for the locations it protects with application passwords (an
	 * internal location: no session, no cookie, no form; the credentials in the header). */
	{M_GET, "/_auth/app-password", auth_apppw_check, 0, NONE},
	/* application passwords: end */

	/* sessions and log: begin */
	{M_GET, "/account/sessions", auth_sessions, ROUTE_NEEDS_SESSION, F(sessions_fields)},
	{M_POST, "/account/sessions/{id}/end", auth_session_end, ROUTE_NEEDS_SESSION | ROUTE_NEEDS_CSRF,
	 F(csrf_fields)},
	{M_POST, "/account/sessions/end-others", auth_sessions_end_others,
	 ROUTE_NEEDS_SESSION | ROUTE_NEEDS_CSRF, F(csrf_fields)},
	{M_GET, "/account/security/log", auth_seclog_page, ROUTE_NEEDS_SESSION, F(seclog_fields)},
	{M_GET, "/account/compromised", auth_compromised_form, ROUTE_NEEDS_SESSION, NONE},
	{M_POST, "/account/compromised", auth_compromised, ROUTE_NEEDS_SESSION | ROUTE_NEEDS_CSRF,
	 F(password_fields)},
	/* sessions and log: end */
};

int main(void)
{
	static struct app app;
	app_init(&app, "auth", &auth_sql, routes, sizeof(routes) / sizeof(routes[0]), pages, AP__MAX);
	return app_run(&app);
}
