/*
 * The core's statements, by name (enum core_stmt in core.h). Areas number theirs after
 * CS__MAX. Times are bound as Unix seconds so that the caller's clock is the only clock.
 */
#include "core.h"

const char *const core_sql[CS__MAX] = {
	[CS_SESSION_GET] = "SELECT " SESSION_COLUMNS " FROM " SESSION_FROM " WHERE s.id_hash = ?",
	[CS_SESSION_INSERT] =
		"INSERT INTO sessions (id_hash, user_id, created_at, last_seen, reauth_at, ip,"
		" user_agent) VALUES (?, ?, FROM_UNIXTIME(?), FROM_UNIXTIME(?), FROM_UNIXTIME(?), ?, ?)",
	[CS_SESSION_TOUCH] = "UPDATE sessions SET last_seen = FROM_UNIXTIME(?) WHERE id_hash = ?",
	[CS_SESSION_DELETE] = "DELETE FROM sessions WHERE id_hash = ?",
	[CS_SESSION_DELETE_USER_OTHERS] = "DELETE FROM sessions WHERE user_id = ? AND id_hash <> ?",
	[CS_USER_LOCALE_SET] = "UPDATE users SET locale = ? WHERE id = ?",
	[CS_OUTBOX_INSERT] =
		"INSERT INTO outbox (kind, recipient, subject, body, sealed, status, not_before,"
		" created_at) VALUES (?, ?, ?, ?, 1, 'pending', UTC_TIMESTAMP(), UTC_TIMESTAMP())",
	[CS_THROTTLE_GET] =
		"SELECT failures, UNIX_TIMESTAMP(window_start), UNIX_TIMESTAMP(last_failure)"
		" FROM throttle WHERE scope = ? AND subject = ?",
	/* failures is assigned before window_start, so both tests see the old window. */
	[CS_THROTTLE_FAIL] =
		"INSERT INTO throttle (scope, subject, window_start, failures, last_failure)"
		" VALUES (?, ?, FROM_UNIXTIME(?), 1, FROM_UNIXTIME(?)) ON DUPLICATE KEY UPDATE"
		" failures = IF(window_start < FROM_UNIXTIME(?) - INTERVAL 1 HOUR, 1, failures + 1),"
		" window_start = IF(window_start < FROM_UNIXTIME(?) - INTERVAL 1 HOUR,"
		" FROM_UNIXTIME(?), window_start), last_failure = FROM_UNIXTIME(?)",
	[CS_THROTTLE_CLEAR] = "DELETE FROM throttle WHERE scope = ? AND subject = ?",
	[CS_NOW] = "SELECT UNIX_TIMESTAMP()",
	[CS_TOKEN_GET] =
		"SELECT t.id, t.user_id, t.scopes, t.all_products,"
		" t.expires_at IS NOT NULL AND t.expires_at <= FROM_UNIXTIME(?),"
		" t.revoked_at IS NOT NULL,"
		/* A year without use deactivates a token even before the worker has marked it. */
		" t.deactivated_at IS NOT NULL OR t.idle_since <= FROM_UNIXTIME(?) - INTERVAL 365 DAY,"
		" u.email, u.name, u.locale"
		" FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.token_hash = ?",
	/* At most once a minute, so that a busy script does not write on every call. */
	[CS_TOKEN_USED] =
		"UPDATE api_tokens SET last_used_at = FROM_UNIXTIME(?), last_used_ip = ?,"
		" idle_since = FROM_UNIXTIME(?), deactivation_warned_at = NULL WHERE id = ?"
		" AND (last_used_at IS NULL OR last_used_at < FROM_UNIXTIME(?) - INTERVAL 60 SECOND)",
	[CS_TOKEN_PRODUCT] =
		"SELECT 1 FROM api_token_products WHERE token_id = ? AND product_id = ?",
	[CS_TOKEN_INSERT] =
		"INSERT INTO api_tokens (user_id, name, token_hash, scopes, all_products, created_at,"
		" expires_at, idle_since) VALUES (?, ?, ?, ?, ?, FROM_UNIXTIME(?),"
		" CAST(? AS DATE) + INTERVAL 1 DAY, FROM_UNIXTIME(?))",
	/* Only products the user manages (administrator or legal representative of their
	 * organization) can be named. */
	[CS_TOKEN_PRODUCT_ADD] =
		"INSERT INTO api_token_products (token_id, product_id) SELECT ?, p.id FROM products p"
		" JOIN memberships m ON m.org_id = p.org_id WHERE p.id = ? AND m.user_id = ?"
		" AND m.role IN ('legal_representative', 'admin')",
	[CS_USER_PASSWORD_HASH] = "SELECT password_hash FROM users WHERE id = ?",
	[CS_SESSION_REAUTH] = "UPDATE sessions SET reauth_at = FROM_UNIXTIME(?) WHERE id_hash = ?",
	/* A real change (attempts), so that the row is written on a cluster too: a no-op update
	 * would lock it on one server only. A new row has no failures. */
	[CS_THROTTLE_HOLD] =
		"INSERT INTO throttle (scope, subject, window_start, failures, last_failure, attempts)"
		" VALUES (?, ?, FROM_UNIXTIME(?), 0, FROM_UNIXTIME(?), 1)"
		" ON DUPLICATE KEY UPDATE attempts = attempts + 1",
};
