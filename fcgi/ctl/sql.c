/* kontorctl's statements, by name (enum ctl_stmt). */
#include "ctl.h"

static const char *const sql[KS__MAX - OS__MAX] = {
	[KS_USER_INSERT - OS__MAX] =
		"INSERT INTO users (email, name, password_hash, locale, is_staff, created_at,"
		" password_changed_at) VALUES (?, ?, ?, ?, ?, UTC_TIMESTAMP(), UTC_TIMESTAMP())",
	[KS_USER_ID - OS__MAX] = "SELECT id FROM users WHERE email = ?",
	[KS_USER_LOCALE - OS__MAX] = "SELECT locale FROM users WHERE email = ?",
	[KS_USER_PASSWORD - OS__MAX] =
		"UPDATE users SET password_hash = ?, password_changed_at = UTC_TIMESTAMP() WHERE id = ?",
	[KS_USER_SESSIONS_END - OS__MAX] = "DELETE FROM sessions WHERE user_id = ?",
	[KS_USER_CHALLENGES_END - OS__MAX] = "DELETE FROM login_challenges WHERE user_id = ?",
	[KS_USER_RESETS_END - OS__MAX] =
		"UPDATE password_resets SET used_at = UTC_TIMESTAMP() WHERE user_id = ? AND used_at IS NULL",
	[KS_USER_SECLOG - OS__MAX] =
		"INSERT INTO security_log (user_id, event, ip, created_at) VALUES (?, ?, 'kontorctl', UTC_TIMESTAMP())",
	[KS_ORG_INSERT - OS__MAX] =
		"INSERT INTO organizations (name, country, is_partner, created_at)"
		" VALUES (?, ?, ?, UTC_TIMESTAMP())",
	[KS_ORG_GET - OS__MAX] = "SELECT name, country FROM organizations WHERE id = ?",
	[KS_PRODUCT_INSERT - OS__MAX] =
		"INSERT INTO products (org_id, payer_org_id, kind, name, expires_at, auto_renew,"
		" price_cents, currency, holder_name, holder_org, holder_country, created_at)"
		" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, UTC_TIMESTAMP())",
	/* A grant of one product to a member with role user (again: nothing new). */
	[KS_GRANT_PRODUCT - OS__MAX] =
		"INSERT IGNORE INTO product_grants (org_id, user_id, product_id, created_at)"
		" VALUES (?, ?, ?, UTC_TIMESTAMP())",
	[KS_PRODUCT_OF_ORG - OS__MAX] = "SELECT name FROM products WHERE id = ? AND org_id = ?",
	[KS_USER_STAFF - OS__MAX] = "UPDATE users SET is_staff = ? WHERE id = ?",
};

const struct db_sql ctl_sql = {sql, KS__MAX - OS__MAX, &org_sql};
