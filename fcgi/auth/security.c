/*
 * The security page: how the user logs in (password, second factors, emergency codes left,
 * with a warning at three or fewer), and the way to everything else about the account's
 * security: application passwords, sessions, the security log, "my password may be
 * compromised". Each of those has its own page.
 */
#include "fields.h"
#include "twofa.h"

int auth_security(struct req *r)
{
	struct factors f;
	struct _xmlNode *root = view_page(r, "security.title");
	view_notice(r, root, "security.notice.", &r->form.v[SN_NOTICE]);
	int rc = factors_view(r, r->sess->user_id, root, &f);
	if (rc != DB_OK)
		return rc;
	return view_render(r, 200, AP_SECURITY);
}
