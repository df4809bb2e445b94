/* The api area's statements, by name (enum api_stmt). */
#include "api.h"

/* The organization's columns, in the order api_organization_json reads them. */
#define ORG_COLUMNS                                                                         \
	"o.id, o.name, o.entity_type, o.country, o.street, o.postcode, o.city, o.phone,"         \
	" o.email, o.vat_number, o.vat_status, o.is_partner, o.uid_number"

/* An organization's products as the token may see them: the conditions of the products
 * area's list (fcgi/products/sql.c, LIST and VISIBLE: kind, a text in the name, up to five
 * tags all required, and for a member with role user only the kinds and products granted),
 * and for a token limited to chosen products only those. Parameters: org, kind ('' for all),
 * kind, search ('' for none), search, five tags (each twice, 0 for none), manages, org, user,
 * org, user, all products, token. */
#define PRODUCTS_WHERE                                                                      \
	" WHERE p.org_id = ? AND (? = '' OR p.kind = ?) AND (? = '' OR INSTR(p.name, ?) > 0)"      \
	TAGGED TAGGED TAGGED TAGGED TAGGED VISIBLE                                               \
	" AND (? OR p.id IN (SELECT product_id FROM api_token_products WHERE token_id = ?))"

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
	/* A page of products by name (the index on org and name), one row more than the page to
	 * know whether the count is needed. Then LIMIT and OFFSET. */
	[PS_PRODUCTS_PAGE - PD__MAX] =
		"SELECT p.id, p.kind, p.name, p.status, p.expires_at, p.auto_renew, p.holder_name,"
		" p.holder_org, p.holder_email, p.holder_country, p.org_id, p.payer_org_id"
		" FROM products p" PRODUCTS_WHERE " ORDER BY p.name, p.id LIMIT ? OFFSET ?",
	/* How many the same conditions select: a range of the organization's index entries, so
	 * at most the organization's products are counted (only asked when a page is full). */
	[PS_PRODUCTS_COUNT - PD__MAX] = "SELECT COUNT(*) FROM products p" PRODUCTS_WHERE,
	/* A product's organization and the token user's role there: none unless a member. */
	[PS_PRODUCT_ORG - PD__MAX] =
		"SELECT p.org_id, m.role FROM products p JOIN memberships m ON m.org_id = p.org_id"
		" WHERE p.id = ? AND m.user_id = ?",
	/* A tag with its organization and the token user's role there: none unless a member. */
	[PS_TAG_ORG - PD__MAX] =
		"SELECT t.org_id, m.role, t.name, t.color FROM tags t"
		" JOIN memberships m ON m.org_id = t.org_id WHERE t.id = ? AND m.user_id = ?",
};

const struct db_sql api_sql = {sql, PS__MAX - PD__MAX, &products_sql};
