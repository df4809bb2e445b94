/* The api area's statements, by name (enum api_stmt). */
#include "api.h"

/* The organization's columns, in the order api_organization_json reads them. */
#define ORG_COLUMNS                                                                         \
	"o.id, o.name, o.entity_type, o.country, o.street, o.postcode, o.city, o.phone,"         \
	" o.email, o.vat_number, o.vat_status, o.is_partner, o.uid_number"

static const char *const sql[PS__MAX - PD__MAX] = {
	[PS_PROFILE - PD__MAX] =
		"SELECT id, email, name, locale, UNIX_TIMESTAMP(created_at) FROM users WHERE id = ?",
	[PS_PROFILE_UPDATE - PD__MAX] =
		"UPDATE users SET name = COALESCE(?, name), locale = COALESCE(?, locale) WHERE id = ?",
	/* The total comes with the page (a window count before LIMIT): one round trip. */
	[PS_ORGS_PAGE - PD__MAX] =
		"SELECT " ORG_COLUMNS ", m.role, COUNT(*) OVER () FROM memberships m"
		" JOIN organizations o ON o.id = m.org_id"
		" WHERE m.user_id = ? ORDER BY o.name, o.id LIMIT ? OFFSET ?",
	/* The organization only when the token's user is a member: another id answers 404. */
	[PS_ORG_GET - PD__MAX] =
		"SELECT " ORG_COLUMNS ", m.role FROM memberships m"
		" JOIN organizations o ON o.id = m.org_id WHERE m.org_id = ? AND m.user_id = ?",
	/* Members, for a member of the organization (the join on me checks it). */
	[PS_MEMBERS_PAGE - PD__MAX] =
		"SELECT u.id, u.email, u.name, m.role, COUNT(*) OVER () FROM memberships me"
		" JOIN memberships m ON m.org_id = me.org_id JOIN users u ON u.id = m.user_id"
		" WHERE me.org_id = ? AND me.user_id = ? ORDER BY u.name, u.id LIMIT ? OFFSET ?",
	[PS_MEMBER_GET - PD__MAX] =
		"SELECT u.id, u.email, u.name, m.role FROM memberships me"
		" JOIN memberships m ON m.org_id = me.org_id JOIN users u ON u.id = m.user_id"
		" WHERE me.org_id = ? AND me.user_id = ? AND m.user_id = ?",
};

const struct db_sql api_sql = {sql, PS__MAX - PD__MAX, &products_sql};
