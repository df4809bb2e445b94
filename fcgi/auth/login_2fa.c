/*
 * The login's second step: the page offering every method the user has (a code from the
 * authenticator app or a device, an SMS code, approval on a device, an emergency code, or a
 * help request when all are lost), and the check of a code. Without a pending login (none,
 * expired, or finished) it sends the browser back to the login page.
 */
#include <string.h>

#include "fields.h"
#include "twofa.h"

int second_step_page(struct req *r, struct challenge *c, int status, bool at_field,
                     const char *msg, long wait)
{
	struct factors f;
	struct _xmlNode *root = view_page(r, "twofa.login.title");
	int rc = factors_view(r, c->who.id, root, &f);
	if (rc != DB_OK)
		return rc;
	view_attr_int(view_node(root, "challenge"), "expires", (long long)c->expires);
	if (r->method == M_POST && r->route->fn == auth_login_2fa)
		view_form_errors(root, &r->form);
	if (msg != NULL && at_field) {
		view_field_error(root, "code", msg);
	} else if (msg != NULL) {
		view_message(root, status >= 400 ? "error" : "info", msg);
	}
	if (wait > 0)
		view_wait(root, wait);
	return view_render(r, status, AP_LOGIN_2FA);
}

int auth_login_2fa_form(struct req *r)
{
	struct challenge *c;
	int rc = challenge_need(r, &c);
	if (rc != 0)
		return rc;
	const struct field_value *n = &r->form.v[NF_NOTICE];
	return second_step_page(r, c, 200, false,
	                        n->present ? arena_printf(r->arena, "notice.%s", n->s) : NULL, 0);
}

int auth_login_2fa(struct req *r)
{
	static const unsigned required[] = {CF_CODE};
	struct challenge *c;
	const char *method = NULL;
	long wait = 0;
	int rc = challenge_need(r, &c);
	if (rc != 0)
		return rc;
	if (form_require(&r->form, required, 1) != 0)
		return second_step_page(r, c, 400, false, NULL, 0);
	rc = twofa_check_code(r, &c->who, code_typed(r->arena, r->form.v[CF_CODE].s), &method, &wait);
	switch (rc) {
	case CODE_OK:
		return challenge_finish(r, c, method);
	case CODE_WRONG:
		return second_step_page(r, c, 400, true, "twofa.code.wrong", 0);
	case CODE_REPLAYED:
		return second_step_page(r, c, 400, true, "twofa.code.replayed", 0);
	case CODE_THROTTLED:
		return second_step_page(r, c, 429, false, "login.throttled", wait);
	default:
		return rc;
	}
}

int auth_login_2fa_cancel(struct req *r)
{
	struct challenge *c;
	int rc = challenge_load(r, &c);
	if (rc != DB_OK || (rc = challenge_drop(r, c)) != DB_OK)
		return rc;
	return resp_redirect(r, "/login");
}
