/*
 * The org executable: an organization's coordinates, billing addresses, members, invitations
 * and activity log (/orgs/...), and the invitation link (/invitation). The rules themselves
 * live in members.c, invite.c and coords.c, shared with the API and kontorctl.
 */
#include "pages.h"

static const char *const pages[OPG__MAX] = {
	[OPG_ORG] = "org/org",
	[OPG_MEMBERS] = "org/members",
	[OPG_MEMBER] = "org/member",
	[OPG_INVITATION] = "org/invitation",
	[OPG_BILLING] = "org/billing",
	[OPG_ACTIVITY] = "org/activity",
};

/* Fields, and the statement that loads the session with the user's organizations. */
#define ORG(decl) decl, sizeof(decl) / sizeof(decl[0]), OS_SESSION_ORGS, 0
#define F(decl) decl, sizeof(decl) / sizeof(decl[0]), 0, 0
#define S ROUTE_NEEDS_SESSION
#define SC (ROUTE_NEEDS_SESSION | ROUTE_NEEDS_CSRF)

static const struct route routes[] = {
	{M_GET, "/orgs/{id}", org_page, S, ORG(notice_fields)},
	{M_POST, "/orgs/{id}", org_save, SC, ORG(coords_fields)},
	{M_GET, "/orgs/{id}/members", org_members, S, ORG(notice_fields)},
	{M_POST, "/orgs/{id}/invitations", org_invite_post, SC, ORG(invite_fields)},
	{M_POST, "/orgs/{id}/invitations/{id}/resend", org_invite_resend_post, SC, ORG(csrf_fields)},
	{M_POST, "/orgs/{id}/invitations/{id}/withdraw", org_invite_withdraw_post, SC, ORG(csrf_fields)},
	{M_GET, "/orgs/{id}/members/{id}", org_member_page, S, ORG(notice_fields)},
	{M_POST, "/orgs/{id}/members/{id}/role", org_member_role_post, SC, ORG(role_fields)},
	{M_POST, "/orgs/{id}/members/{id}/remove", org_member_remove_post, SC, ORG(remove_fields)},
	{M_POST, "/orgs/{id}/members/{id}/grants", org_member_grants_post, SC, ORG(grants_fields)},
	{M_GET, "/orgs/{id}/activity", org_activity_page, S, ORG(notice_fields)},
	{M_GET, "/orgs/{id}/billing", org_billing, S, ORG(notice_fields)},
	{M_POST, "/orgs/{id}/billing", org_billing_add, SC, ORG(billing_fields)},
	{M_GET, "/orgs/{id}/billing/{id}", org_billing_edit, S, ORG(notice_fields)},
	{M_POST, "/orgs/{id}/billing/{id}", org_billing_save, SC, ORG(billing_fields)},
	{M_POST, "/orgs/{id}/billing/{id}/default", org_billing_default, SC, ORG(csrf_fields)},
	{M_POST, "/orgs/{id}/billing/{id}/delete", org_billing_delete, SC, ORG(csrf_fields)},
	{M_POST, "/orgs/{id}/twofa", org_twofa_post, SC, ORG(twofa_fields)},
	{M_POST, "/orgs/{id}/twofa/reminders", org_twofa_remind_all_post, SC, ORG(csrf_fields)},
	{M_POST, "/orgs/{id}/members/{id}/twofa-reminder", org_twofa_remind_post, SC, ORG(csrf_fields)},
	{M_GET, "/invitation", org_invitation_page, 0, F(invitation_fields)},
	{M_POST, "/invitation/accept", org_invitation_accept, SC, F(invitation_accept_fields)},
	{M_POST, "/invitation/register", org_invitation_register, ROUTE_NEEDS_CSRF,
	 F(invitation_register_fields)},
};

int main(void)
{
	static struct app app;
	app_init(&app, "org", &org_pages_sql, routes, sizeof(routes) / sizeof(routes[0]), pages,
	         OPG__MAX);
	return app_run(&app);
}
