/* The statements of the organizations' rules (enum org_stmt), shared by org, api, kontorctl. */
#include "org.h"

static const char *const sql[OS__MAX - CS__MAX] = {
	/* Lock by writing: every change of members writes this row first (see org.h). */
	[OS_ORG_BUMP - CS__MAX] =
		"UPDATE organizations SET members_version = members_version + 1 WHERE id = ?",
	/* What the rules need, read after the bump: the actor's and the target's rows, and every
	 * legal representative (with what a mail to them needs). */
	[OS_RULE_MEMBERS - CS__MAX] =
		"SELECT m.user_id, m.role, u.email, u.name, u.locale FROM memberships m"
		" JOIN users u ON u.id = m.user_id WHERE m.org_id = ?"
		" AND (m.user_id IN (?, ?) OR m.role = 'legal_representative') LIMIT 1000",
	[OS_MEMBER_ROLE_SET - CS__MAX] =
		"UPDATE memberships SET role = ? WHERE org_id = ? AND user_id = ?",
	[OS_MEMBER_DELETE - CS__MAX] = "DELETE FROM memberships WHERE org_id = ? AND user_id = ?",
	[OS_MEMBER_INSERT - CS__MAX] =
		"INSERT INTO memberships (org_id, user_id, role, created_at) VALUES (?, ?, ?, FROM_UNIXTIME(?))",
	[OS_GRANTS_PRODUCTS_DROP - CS__MAX] =
		"DELETE FROM product_grants WHERE org_id = ? AND user_id = ?",
	[OS_GRANTS_KINDS_DROP - CS__MAX] = "DELETE FROM kind_grants WHERE org_id = ? AND user_id = ?",
	/* A token limited to products names them; those of an organization the user left go. */
	[OS_TOKEN_PRODUCTS_DROP - CS__MAX] =
		"DELETE tp FROM api_token_products tp JOIN api_tokens t ON t.id = tp.token_id"
		" JOIN products p ON p.id = tp.product_id WHERE t.user_id = ? AND p.org_id = ?",
	[OS_ACTIVITY_INSERT - CS__MAX] =
		"INSERT INTO org_activity (org_id, actor_id, actor_name, event, subject, detail, ip,"
		" created_at) VALUES (?, NULLIF(?, 0), ?, ?, ?, ?, ?, UTC_TIMESTAMP())",
	/* The session and the user's organizations (the switcher, and the role on this page's
	 * organization) in one round trip. */
	[OS_SESSION_ORGS - CS__MAX] =
		"SELECT " SESSION_COLUMNS ", o.id, o.name, m.role, o.members_version FROM " SESSION_FROM
		" LEFT JOIN memberships m ON m.user_id = s.user_id"
		" LEFT JOIN organizations o ON o.id = m.org_id"
		" WHERE s.id_hash = ? ORDER BY o.name, o.id LIMIT 200",
	[OS_ORG_NAME - CS__MAX] = "SELECT name FROM organizations WHERE id = ?",
	[OS_ROLE_OF - CS__MAX] = "SELECT role FROM memberships WHERE org_id = ? AND user_id = ?",
	[OS_USER_BY_EMAIL - CS__MAX] = "SELECT id, locale FROM users WHERE email = ?",
	[OS_USER_BRIEF - CS__MAX] = "SELECT email, name, locale FROM users WHERE id = ?",
	/* An expired pending invitation no longer blocks a new one to the same address. */
	[OS_INVITE_EXPIRE_OLD - CS__MAX] =
		"UPDATE invitations SET pending = NULL WHERE org_id = ? AND email = ? AND pending = 1"
		" AND expires_at <= FROM_UNIXTIME(?)",
	[OS_INVITE_INSERT - CS__MAX] =
		"INSERT INTO invitations (org_id, email, role, token_hash, invited_by, created_at,"
		" expires_at) VALUES (?, ?, ?, ?, NULLIF(?, 0), FROM_UNIXTIME(?), FROM_UNIXTIME(?))",
	[OS_INVITE_BY_ID - CS__MAX] =
		"SELECT email, role, UNIX_TIMESTAMP(expires_at) FROM invitations"
		" WHERE id = ? AND org_id = ? AND pending = 1",
	[OS_INVITE_RETOKEN - CS__MAX] =
		"UPDATE invitations SET token_hash = ?, expires_at = FROM_UNIXTIME(?)"
		" WHERE id = ? AND org_id = ? AND pending = 1",
	[OS_INVITE_WITHDRAW - CS__MAX] =
		"UPDATE invitations SET pending = NULL, withdrawn_at = FROM_UNIXTIME(?)"
		" WHERE id = ? AND org_id = ? AND pending = 1",
	[OS_INVITE_BY_TOKEN - CS__MAX] =
		"SELECT i.id, i.org_id, i.role, i.email, o.name, COALESCE(u.name, ''),"
		" UNIX_TIMESTAMP(i.expires_at) FROM invitations i JOIN organizations o ON o.id = i.org_id"
		" LEFT JOIN users u ON u.id = i.invited_by"
		" WHERE i.token_hash = ? AND i.pending = 1 AND i.expires_at > FROM_UNIXTIME(?)",
	/* The invitation a link names, locked, with whether the accepting account has the invited
	 * address (compared in the column's case-insensitive collation) and what its mail needs. */
	[OS_INVITE_LOCK - CS__MAX] =
		"SELECT i.id, i.org_id, i.role, u.email, i.email = u.email, u.name, u.locale"
		" FROM invitations i JOIN users u ON u.id = ?"
		" WHERE i.token_hash = ? AND i.pending = 1 AND i.expires_at > FROM_UNIXTIME(?) FOR UPDATE",
	/* Single use: only the first of two simultaneous acceptances changes the row, and only
	 * with the link's current token (a resend replaces it). */
	[OS_INVITE_ACCEPT - CS__MAX] =
		"UPDATE invitations SET pending = NULL, accepted_at = FROM_UNIXTIME(?), accepted_by = ?"
		" WHERE id = ? AND token_hash = ? AND pending = 1",
	[OS_INVITES_RECENT - CS__MAX] =
		"SELECT COUNT(*) FROM org_activity WHERE org_id = ? AND created_at > UTC_TIMESTAMP()"
		" - INTERVAL 1 HOUR AND event IN ('invitation_sent', 'invitation_resent')",
	[OS_ORG_COORDS_GET - CS__MAX] =
		"SELECT name, entity_type, country, street, postcode, city, phone, email, vat_number,"
		" uid_number FROM organizations WHERE id = ? FOR UPDATE",
	/* A changed VAT number starts over as "not checked" (the worker confirms it when VIES is
	 * configured). */
	[OS_ORG_COORDS_SET - CS__MAX] =
		"UPDATE organizations SET vat_status = IF(vat_number = ?, vat_status, 'not_checked'),"
		" vat_checked_at = IF(vat_number = ?, vat_checked_at, NULL),"
		" name = ?, entity_type = ?, country = ?, street = ?, postcode = ?, city = ?, phone = ?,"
		" email = ?, vat_number = ?, uid_number = ?, terms_accepted_at = FROM_UNIXTIME(?),"
		" updated_at = FROM_UNIXTIME(?) WHERE id = ?",
};

const struct db_sql org_sql = {sql, OS__MAX - CS__MAX, NULL};
