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
	/* totp and emergency codes: end */

	/* sms: begin */
	/* sms: end */

	/* devices: begin */
	/* devices: end */

	/* recovery: begin */
	[AP_RECOVERY] = "auth/recovery",
	[AP_STAFF_RECOVERY_LIST] = "auth/staff_recovery_list",
	[AP_STAFF_RECOVERY] = "auth/staff_recovery",
	/* recovery: end */

	/* application passwords: begin */
	/* application passwords: end */

	/* sessions and log: begin */
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
	/* totp and emergency codes: begin */
	/* totp and emergency codes: end */

	/* sms: begin */
	/* sms: end */

	/* devices: begin */
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
	/* application passwords: end */

	/* sessions and log: begin */
	/* sessions and log: end */
};

int main(void)
{
	static struct app app;
	app_init(&app, "auth", &auth_sql, routes, sizeof(routes) / sizeof(routes[0]), pages, AP__MAX);
	return app_run(&app);
}
