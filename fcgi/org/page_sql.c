/* The org pages' statements (enum org_page_stmt), after the rules' table. */
#include "pages.h"

static const char *const sql[OP__MAX - OS__MAX] = {
	[OP_ORG_VIEW - OS__MAX] =
		"SELECT name, entity_type, country, street, postcode, city, phone, email, vat_number,"
		" vat_status, uid_number, DATE(terms_accepted_at), is_partner FROM organizations WHERE id = ?",
	[OP_MEMBERS_LIST - OS__MAX] =
		"SELECT u.id, u.email, u.name, m.role, DATE(m.created_at), COUNT(*) OVER () FROM memberships m"
		" JOIN users u ON u.id = m.user_id WHERE m.org_id = ?"
		" ORDER BY FIELD(m.role, 'legal_representative', 'admin', 'user'), u.name, u.id"
		" LIMIT ? OFFSET ?",
	[OP_INVITATIONS_LIST - OS__MAX] =
		"SELECT id, email, role, DATE(created_at), DATE(expires_at), expires_at <= UTC_TIMESTAMP()"
		" FROM invitations WHERE org_id = ? AND pending = 1 ORDER BY created_at DESC LIMIT 200",
	[OP_MEMBER_GET - OS__MAX] =
		"SELECT u.id, u.email, u.name, m.role, DATE(m.created_at),"
		" (SELECT COUNT(*) FROM memberships l WHERE l.org_id = m.org_id"
		"  AND l.role = 'legal_representative') FROM memberships m JOIN users u ON u.id = m.user_id"
		" WHERE m.org_id = ? AND m.user_id = ?",
	[OP_MEMBER_GRANTS - OS__MAX] =
		"SELECT p.id, p.name, p.kind FROM product_grants g JOIN products p ON p.id = g.product_id"
		" WHERE g.org_id = ? AND g.user_id = ? ORDER BY p.name, p.id LIMIT 1000",
	[OP_MEMBER_KIND_GRANTS - OS__MAX] =
		"SELECT kind FROM kind_grants WHERE org_id = ? AND user_id = ?",
	/* Tokens of the member that name products of this organization: they lose those. */
	[OP_MEMBER_TOKENS - OS__MAX] =
		"SELECT COUNT(DISTINCT t.id) FROM api_tokens t JOIN api_token_products tp ON tp.token_id = t.id"
		" JOIN products p ON p.id = tp.product_id WHERE t.user_id = ? AND p.org_id = ?"
		" AND t.revoked_at IS NULL",
	[OP_PRODUCTS_CHOICE - OS__MAX] =
		"SELECT id, name, kind FROM products WHERE org_id = ? ORDER BY name, id LIMIT 500",
	[OP_GRANT_PRODUCT - OS__MAX] =
		"INSERT INTO product_grants (org_id, user_id, product_id, created_at)"
		" SELECT ?, ?, p.id, FROM_UNIXTIME(?) FROM products p WHERE p.id = ? AND p.org_id = ?",
	[OP_GRANT_KIND - OS__MAX] =
		"INSERT INTO kind_grants (org_id, user_id, kind, created_at) VALUES (?, ?, ?, FROM_UNIXTIME(?))",
	[OP_ACTIVITY_PAGE - OS__MAX] =
		"SELECT created_at, actor_name, event, subject, detail, ip, COUNT(*) OVER ()"
		" FROM org_activity WHERE org_id = ? ORDER BY id DESC LIMIT ? OFFSET ?",
	[OP_BILLING_LIST - OS__MAX] =
		"SELECT id, name, street, postcode, city, country, vat_number, vat_status, is_default"
		" FROM billing_addresses WHERE org_id = ? ORDER BY is_default DESC, name, id LIMIT 100",
	[OP_BILLING_GET - OS__MAX] =
		"SELECT id, name, street, postcode, city, country, vat_number, vat_status, is_default"
		" FROM billing_addresses WHERE id = ? AND org_id = ?",
	[OP_BILLING_INSERT - OS__MAX] =
		"INSERT INTO billing_addresses (org_id, name, street, postcode, city, country, vat_number,"
		" created_at) VALUES (?, ?, ?, ?, ?, ?, ?, FROM_UNIXTIME(?))",
	[OP_BILLING_UPDATE - OS__MAX] =
		"UPDATE billing_addresses SET vat_status = IF(vat_number = ?, vat_status, 'not_checked'),"
		" vat_checked_at = IF(vat_number = ?, vat_checked_at, NULL), name = ?, street = ?,"
		" postcode = ?, city = ?, country = ?, vat_number = ? WHERE id = ? AND org_id = ?",
	[OP_BILLING_DELETE - OS__MAX] = "DELETE FROM billing_addresses WHERE id = ? AND org_id = ?",
	[OP_BILLING_UNDEFAULT - OS__MAX] =
		"UPDATE billing_addresses SET is_default = NULL WHERE org_id = ? AND is_default = 1",
	[OP_BILLING_DEFAULT - OS__MAX] =
		"UPDATE billing_addresses SET is_default = 1 WHERE id = ? AND org_id = ?",
	[OP_BILLING_COUNT - OS__MAX] =
		"SELECT COUNT(*), MIN(id) FROM billing_addresses WHERE org_id = ?",
	[OP_USER_INSERT - OS__MAX] =
		"INSERT INTO users (email, name, password_hash, locale, created_at, password_changed_at)"
		" VALUES (?, ?, ?, ?, FROM_UNIXTIME(?), FROM_UNIXTIME(?))",
	/* Organizations requiring 2FA. "Has 2FA" is a confirmed second factor, as at login. */
	[OP_ORG_TWOFA - OS__MAX] = "SELECT require_2fa FROM organizations WHERE id = ?",
	/* Matches only a change (the connection counts matched rows): the activity logs changes. */
	[OP_ORG_TWOFA_SET - OS__MAX] =
		"UPDATE organizations SET require_2fa = ? WHERE id = ? AND require_2fa <> ?",
	/* Members without 2FA, and when a reminder is possible again (NULL: now). */
	[OP_MEMBERS_NO_2FA - OS__MAX] =
		"SELECT u.id, u.name, u.email, m.role,"
		" IF(m.twofa_reminded_at > FROM_UNIXTIME(?) - INTERVAL 1 DAY,"
		"  DATE_FORMAT(m.twofa_reminded_at + INTERVAL 1 DAY, '%Y-%m-%d %H:%i:%s'), NULL), u.locale"
		" FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.org_id = ?"
		" AND NOT EXISTS (SELECT 1 FROM second_factors f WHERE f.user_id = m.user_id"
		"  AND f.confirmed_at IS NOT NULL)"
		" ORDER BY u.name, u.id LIMIT 500",
	[OP_TWOFA_MEMBER - OS__MAX] =
		"SELECT u.email, u.name, u.locale,"
		" DATE_FORMAT(m.twofa_reminded_at + INTERVAL 1 DAY, '%Y-%m-%d %H:%i:%s'),"
		" EXISTS (SELECT 1 FROM second_factors f WHERE f.user_id = m.user_id"
		"  AND f.confirmed_at IS NOT NULL)"
		" FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.org_id = ? AND m.user_id = ?",
	/* At most one reminder a day: of two simultaneous clicks only one changes the row. Only
	 * while the organization requires 2FA and the member has none. */
	[OP_TWOFA_REMIND - OS__MAX] =
		"UPDATE memberships SET twofa_reminded_at = FROM_UNIXTIME(?) WHERE org_id = ? AND user_id = ?"
		" AND (twofa_reminded_at IS NULL OR twofa_reminded_at <= FROM_UNIXTIME(?) - INTERVAL 1 DAY)"
		" AND NOT EXISTS (SELECT 1 FROM second_factors f WHERE f.user_id = memberships.user_id"
		"  AND f.confirmed_at IS NOT NULL)"
		" AND EXISTS (SELECT 1 FROM organizations o WHERE o.id = memberships.org_id"
		"  AND o.require_2fa = 1)",
};

const struct db_sql org_pages_sql = {sql, OP__MAX - OS__MAX, &org_sql};
