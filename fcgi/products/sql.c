/* The products area's statements (enum products_stmt). */
#include "products.h"

/* The search finds the text anywhere in the name, in any letter case (INSTR in the column's
 * collation: no LIKE wildcards to escape). Parameters: org, kind ('' for all), kind, search
 * ('' for none), search, five tags (each twice), the VISIBLE ones,
 * then LIMIT (a page and one more, to know whether a next page exists) and OFFSET. */
#define LIST(order)                                                                          \
	"SELECT p.id, p.kind, p.name, p.status, p.expires_at, p.auto_renew FROM products p"      \
	" WHERE p.org_id = ? AND (? = '' OR p.kind = ?)"                                          \
	" AND (? = '' OR INSTR(p.name, ?) > 0)" TAGGED TAGGED TAGGED TAGGED TAGGED VISIBLE              \
	" ORDER BY " order " LIMIT ? OFFSET ?"

static const char *const sql[PD__MAX - OS__MAX] = {
	[PD_LIST_NAME - OS__MAX] = LIST("p.name, p.id"),
	[PD_LIST_NAME_DESC - OS__MAX] = LIST("p.name DESC, p.id DESC"),
	[PD_LIST_EXPIRY - OS__MAX] = LIST("p.expires_at, p.id"),
	[PD_LIST_EXPIRY_DESC - OS__MAX] = LIST("p.expires_at DESC, p.id DESC"),
	/* One product of the organization, when the member may see it; with its payer's name. */
	[PD_PRODUCT - OS__MAX] =
		"SELECT p.id, p.kind, p.name, p.status, p.expires_at, p.auto_renew, p.holder_name,"
		" p.holder_org, p.holder_email, p.holder_country, p.holder_street, p.holder_postcode,"
		" p.holder_city, p.payer_org_id, payer.name, o.name, o.country"
		" FROM products p JOIN organizations o ON o.id = p.org_id"
		" JOIN organizations payer ON payer.id = p.payer_org_id"
		" WHERE p.id = ? AND p.org_id = ?" VISIBLE,
	/* The organization's tags with how many products that the member may see carry each
	 * (a user learns nothing of products not granted, not even the names of tags found only
	 * on other products). Parameters: the VISIBLE ones, org, manages. */
	[PD_TAGS_OF_ORG - OS__MAX] =
		"SELECT id, name, color, n FROM (SELECT t.id, t.name, t.color, (SELECT COUNT(*)"
		" FROM product_tags pt JOIN products p ON p.id = pt.product_id WHERE pt.tag_id = t.id"
		VISIBLE ") AS n FROM tags t WHERE t.org_id = ?) x WHERE ? OR n > 0"
		" ORDER BY name, id LIMIT 500",
	[PD_TAG_GET - OS__MAX] = "SELECT id, name, color FROM tags WHERE id = ? AND org_id = ?",
	[PD_TAG_COUNT - OS__MAX] = "SELECT COUNT(*) FROM tags WHERE org_id = ?",
	[PD_TAG_INSERT - OS__MAX] =
		"INSERT INTO tags (org_id, name, color, created_at) VALUES (?, ?, ?, UTC_TIMESTAMP())",
	[PD_TAG_UPDATE - OS__MAX] =
		"UPDATE tags SET name = COALESCE(?, name), color = COALESCE(?, color) WHERE id = ? AND org_id = ?",
	[PD_TAG_DELETE - OS__MAX] = "DELETE FROM tags WHERE id = ? AND org_id = ?",
	[PD_TAG_PRODUCTS - OS__MAX] = "SELECT COUNT(*) FROM product_tags WHERE tag_id = ?",
	[PD_PRODUCT_TAG_ADD - OS__MAX] =
		"INSERT IGNORE INTO product_tags (product_id, tag_id) VALUES (?, ?)",
	[PD_PRODUCT_TAG_REMOVE - OS__MAX] = "DELETE FROM product_tags WHERE product_id = ? AND tag_id = ?",
	[PD_PRODUCT_TAGS - OS__MAX] =
		"SELECT t.id, t.name, t.color FROM product_tags pt JOIN tags t ON t.id = pt.tag_id"
		" JOIN products p ON p.id = pt.product_id WHERE pt.product_id = ? AND p.org_id = ?"
		" ORDER BY t.name, t.id",
	/* The tags of the products on one page of the list (unused places are 0). */
	[PD_PAGE_TAGS - OS__MAX] =
		"SELECT pt.product_id, t.id, t.name, t.color FROM product_tags pt"
		" JOIN tags t ON t.id = pt.tag_id WHERE pt.product_id IN (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
		" ORDER BY t.name, t.id",
	[PD_PRODUCT_IN_ORG - OS__MAX] = "SELECT 1 FROM products WHERE id = ? AND org_id = ?",
	[PD_TAG_BY_NAME - OS__MAX] = "SELECT id FROM tags WHERE org_id = ? AND name = ?",
	[PD_TAG_COLORS - OS__MAX] = "SELECT id, color FROM tags WHERE org_id = ? LIMIT 500",
	/* The list's tag filter: names only (counting over a large organization costs ~150 ms a
	 * page, measured with 100,000 products); a user sees the tags of products they may see.
	 * Parameters: org, then the VISIBLE ones. */
	[PD_TAGS_FOR_LIST - OS__MAX] =
		"SELECT t.id, t.name, t.color, NULL FROM tags t WHERE t.org_id = ? AND (? OR EXISTS"
		" (SELECT 1 FROM product_tags pt JOIN products p ON p.id = pt.product_id"
		" WHERE pt.tag_id = t.id AND (p.kind IN (SELECT kind FROM kind_grants WHERE org_id = ?"
		" AND user_id = ?) OR p.id IN (SELECT product_id FROM product_grants WHERE org_id = ?"
		" AND user_id = ?)))) ORDER BY t.name, t.id LIMIT 500",
	[PD_HOLDER_SET - OS__MAX] =
		"UPDATE products SET holder_name = ?, holder_org = ?, holder_email = ?, holder_country = ?,"
		" holder_street = ?, holder_postcode = ?, holder_city = ? WHERE id = ? AND org_id = ?",
	/* The coordinates check: what a careful customer should verify. */
	[PD_CHECK_USER - OS__MAX] = "SELECT name, email, locale FROM users WHERE id = ?",
	[PD_CHECK_ORG - OS__MAX] =
		"SELECT name, street, postcode, city, phone, email, vat_number, vat_status, country,"
		" entity_type, terms_accepted_at IS NULL FROM organizations WHERE id = ?",
	[PD_CHECK_BILLING - OS__MAX] =
		"SELECT COUNT(*), COUNT(is_default), SUM(vat_status = 'invalid') FROM billing_addresses"
		" WHERE org_id = ?",
	/* Products whose holder is not the managing organization, or whose payer is neither the
	 * managing organization nor the holder; visible ones only, the first 100 by name.
	 * Parameters: org name, org, then the VISIBLE ones. */
	[PD_CHECK_PRODUCTS - OS__MAX] =
		"SELECT p.id, p.name, p.kind, p.holder_name, p.holder_org, payer.name,"
		" p.holder_org <> ?, p.payer_org_id <> p.org_id AND payer.name <> p.holder_org"
		" FROM products p JOIN organizations payer ON payer.id = p.payer_org_id"
		" WHERE p.org_id = ? AND (p.holder_org <> (SELECT name FROM organizations WHERE id = p.org_id)"
		" OR (p.payer_org_id <> p.org_id AND payer.name <> p.holder_org))" VISIBLE
		" ORDER BY p.name, p.id LIMIT 101",
};

const struct db_sql products_sql = {sql, PD__MAX - OS__MAX, &org_sql};
