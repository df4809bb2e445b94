/* The products area's statements (enum products_stmt). */
#include "products.h"

/* What a member may see: administrators and legal representatives everything (the first
 * parameter is 1 and the rest is never evaluated), a member with role user the products of
 * the kinds granted to them and the single products granted to them. Parameters: manages,
 * org, user, org, user. */
#define VISIBLE                                                                              \
	" AND (? OR p.kind IN (SELECT kind FROM kind_grants WHERE org_id = ? AND user_id = ?)"   \
	" OR p.id IN (SELECT product_id FROM product_grants WHERE org_id = ? AND user_id = ?))"

/* The search finds the text anywhere in the name, in any letter case (INSTR in the column's
 * collation: no LIKE wildcards to escape). Parameters: org, kind ('' for all), kind, search
 * ('' for none), search, the VISIBLE ones,
 * then LIMIT (a page and one more, to know whether a next page exists) and OFFSET. */
#define LIST(order)                                                                          \
	"SELECT p.id, p.kind, p.name, p.status, p.expires_at, p.auto_renew FROM products p"      \
	" WHERE p.org_id = ? AND (? = '' OR p.kind = ?)"                                          \
	" AND (? = '' OR INSTR(p.name, ?) > 0)" VISIBLE " ORDER BY " order " LIMIT ? OFFSET ?"

static const char *const sql[PS__MAX - OS__MAX] = {
	[PS_LIST_NAME - OS__MAX] = LIST("p.name, p.id"),
	[PS_LIST_NAME_DESC - OS__MAX] = LIST("p.name DESC, p.id DESC"),
	[PS_LIST_EXPIRY - OS__MAX] = LIST("p.expires_at, p.id"),
	[PS_LIST_EXPIRY_DESC - OS__MAX] = LIST("p.expires_at DESC, p.id DESC"),
	/* One product of the organization, when the member may see it; with its payer's name. */
	[PS_PRODUCT - OS__MAX] =
		"SELECT p.id, p.kind, p.name, p.status, p.expires_at, p.auto_renew, p.holder_name,"
		" p.holder_org, p.holder_email, p.holder_country, p.holder_street, p.holder_postcode,"
		" p.holder_city, p.payer_org_id, payer.name, o.name, o.country"
		" FROM products p JOIN organizations o ON o.id = p.org_id"
		" JOIN organizations payer ON payer.id = p.payer_org_id"
		" WHERE p.id = ? AND p.org_id = ?" VISIBLE,
};

const struct db_sql products_sql = {sql, PS__MAX - OS__MAX, &org_sql};
