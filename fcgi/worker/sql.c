/* The worker's statements, by name (enum worker_stmt). */
#include "worker.h"

static const char *const sql[WS__MAX - CS__MAX] = {
	/* A worker that died after claiming leaves rows in 'sending'; free them after a while. */
	[WS_RELEASE_STALE - CS__MAX] =
		"UPDATE outbox SET status = 'pending' WHERE status = 'sending'"
		" AND claimed_at < FROM_UNIXTIME(?) - INTERVAL 15 MINUTE",
	[WS_DUE - CS__MAX] =
		"SELECT id FROM outbox WHERE status = 'pending' AND not_before <= FROM_UNIXTIME(?)"
		" ORDER BY id LIMIT 20 FOR UPDATE SKIP LOCKED",
	/* The claim is a write to the row, so two workers (or two Galera nodes) conflict. */
	[WS_CLAIM - CS__MAX] =
		"UPDATE outbox SET status = 'sending', claimed_at = FROM_UNIXTIME(?), claimed_by = ?,"
		" attempts = attempts + 1 WHERE id = ? AND status = 'pending'",
	/* Just before sending: still ours? A claim older than the stale limit may have been
	 * released to another worker, which then sends it instead. */
	[WS_CLAIM_REFRESH - CS__MAX] =
		"UPDATE outbox SET claimed_at = FROM_UNIXTIME(?) WHERE id = ? AND claimed_by = ?"
		" AND status = 'sending'",
	[WS_GET - CS__MAX] =
		"SELECT kind, recipient, subject, body, attempts, sealed FROM outbox WHERE id = ? AND claimed_by = ?",
	[WS_SENT - CS__MAX] =
		/* The body goes once sent: reset links and other secrets must not stay behind. */
		"UPDATE outbox SET status = 'sent', sent_at = FROM_UNIXTIME(?), last_error = NULL,"
		" body = '' WHERE id = ? AND claimed_by = ?",
	[WS_RETRY - CS__MAX] =
		"UPDATE outbox SET body = IF(attempts >= ?, '', body),"
		" status = IF(attempts >= ?, 'failed', 'pending'),"
		" not_before = FROM_UNIXTIME(?), last_error = ? WHERE id = ? AND claimed_by = ?",
	/* Active tokens idle since before the given time, not yet handled: mode 0 those to
	 * deactivate, mode 1 those to warn. Claimed by the update that follows. */
	[WS_TOKENS_IDLE - CS__MAX] =
		"SELECT t.id, t.name, u.email, u.locale, DATE(t.idle_since + INTERVAL 365 DAY)"
		" FROM api_tokens t JOIN users u ON u.id = t.user_id"
		" WHERE t.deactivated_at IS NULL AND t.revoked_at IS NULL AND t.idle_since <= FROM_UNIXTIME(?)"
		" AND (t.expires_at IS NULL OR t.expires_at > FROM_UNIXTIME(?))"
		" AND (? = 0 OR t.deactivation_warned_at IS NULL)"
		" ORDER BY t.id LIMIT 100 FOR UPDATE SKIP LOCKED",
	[WS_TOKEN_DEACTIVATE - CS__MAX] =
		"UPDATE api_tokens SET deactivated_at = FROM_UNIXTIME(?) WHERE id = ? AND deactivated_at IS NULL"
		" AND revoked_at IS NULL",
	[WS_TOKEN_WARN - CS__MAX] =
		"UPDATE api_tokens SET deactivation_warned_at = FROM_UNIXTIME(?) WHERE id = ?"
		" AND deactivation_warned_at IS NULL AND deactivated_at IS NULL",
	/* The purge: bounded batches, each on an index. */
	[WS_PURGE_SESSIONS - CS__MAX] =
		"DELETE FROM sessions WHERE last_seen < FROM_UNIXTIME(?) OR created_at < FROM_UNIXTIME(?)"
		" LIMIT 1000",
	[WS_PURGE_THROTTLE - CS__MAX] =
		"DELETE FROM throttle WHERE last_failure < FROM_UNIXTIME(?) - INTERVAL 1 DAY LIMIT 1000",
	[WS_PURGE_RESETS - CS__MAX] =
		"DELETE FROM password_resets WHERE expires_at < FROM_UNIXTIME(?) - INTERVAL 1 DAY LIMIT 1000",
	[WS_PURGE_OUTBOX - CS__MAX] =
		"DELETE FROM outbox WHERE status IN ('sent', 'failed')"
		" AND created_at < FROM_UNIXTIME(?) - INTERVAL 30 DAY LIMIT 1000",
	/* An invitation expired 30 days ago leaves the list of pending ones (the row stays). */
	[WS_PURGE_INVITATIONS - CS__MAX] =
		"UPDATE invitations SET pending = NULL WHERE pending = 1"
		" AND expires_at < FROM_UNIXTIME(?) - INTERVAL 30 DAY LIMIT 1000",
	/* VAT numbers to confirm with VIES: not checked, or 'unavailable' 10 minutes ago. A
	 * 'not_checked' row with a time is claimed by a worker asking now, or by one that died
	 * (taken over after the same 10 minutes). Kind 0 is an organization, 1 an address. */
	[WS_VIES_DUE - CS__MAX] =
		"(SELECT 0 AS kind, id, vat_number, UNIX_TIMESTAMP(vat_checked_at) AS at FROM organizations"
		" WHERE vat_status IN ('not_checked', 'unavailable') AND vat_number <> ''"
		" AND (vat_checked_at IS NULL OR vat_checked_at < FROM_UNIXTIME(?) - INTERVAL 10 MINUTE)"
		" ORDER BY vat_checked_at, id LIMIT 20)"
		" UNION ALL"
		" (SELECT 1, id, vat_number, UNIX_TIMESTAMP(vat_checked_at) FROM billing_addresses"
		" WHERE vat_status IN ('not_checked', 'unavailable') AND vat_number <> ''"
		" AND (vat_checked_at IS NULL OR vat_checked_at < FROM_UNIXTIME(?) - INTERVAL 10 MINUTE)"
		" ORDER BY vat_checked_at, id LIMIT 20)"
		" ORDER BY at, kind, id LIMIT 20",
	/* The claim, before the request: a write, so that two workers (or two Galera nodes)
	 * conflict. It holds only while the row has the number and the time that were read. */
	[WS_VIES_CLAIM_ORG - CS__MAX] =
		"UPDATE organizations SET vat_checked_at = FROM_UNIXTIME(?) WHERE id = ? AND vat_number = ?"
		" AND vat_status IN ('not_checked', 'unavailable') AND vat_checked_at <=> FROM_UNIXTIME(?)",
	[WS_VIES_CLAIM_ADDRESS - CS__MAX] =
		"UPDATE billing_addresses SET vat_checked_at = FROM_UNIXTIME(?) WHERE id = ? AND vat_number = ?"
		" AND vat_status IN ('not_checked', 'unavailable') AND vat_checked_at <=> FROM_UNIXTIME(?)",
	/* The answer, only for the number it was given about. */
	[WS_VIES_SET_ORG - CS__MAX] =
		"UPDATE organizations SET vat_status = ?, vat_checked_at = FROM_UNIXTIME(?)"
		" WHERE id = ? AND vat_number = ?",
	[WS_VIES_SET_ADDRESS - CS__MAX] =
		"UPDATE billing_addresses SET vat_status = ?, vat_checked_at = FROM_UNIXTIME(?)"
		" WHERE id = ? AND vat_number = ?",
	/* SMS codes a day past expiry (the send limit looks back 15 minutes only). */
	[WS_PURGE_SMS_CODES - CS__MAX] =
		"DELETE FROM sms_codes WHERE expires_at < FROM_UNIXTIME(?) - INTERVAL 1 DAY LIMIT 1000",
	/* Pending second steps (their device approvals go with them) and device registration
	 * tokens: a day past expiry, so that the status pages can still say "expired". */
	[WS_PURGE_CHALLENGES - CS__MAX] =
		"DELETE FROM login_challenges WHERE expires_at < FROM_UNIXTIME(?) - INTERVAL 1 DAY LIMIT 1000",
	[WS_PURGE_DEVICE_REGS - CS__MAX] =
		"DELETE FROM device_registrations WHERE expires_at < FROM_UNIXTIME(?) - INTERVAL 1 DAY LIMIT 1000",
	/* Help requests whose documents are due for deletion: decided, or sent 72 hours ago;
	 * not claimed, or claimed 15 minutes ago by a worker that died. */
	[WS_RECOVERY_DUE - CS__MAX] =
		"SELECT id FROM recovery_requests WHERE documents_deleted_at IS NULL"
		" AND (status <> 'pending' OR created_at <= FROM_UNIXTIME(?) - INTERVAL 72 HOUR)"
		" AND (purge_claimed_at IS NULL OR purge_claimed_at < FROM_UNIXTIME(?) - INTERVAL 15 MINUTE)"
		" ORDER BY id LIMIT 20 FOR UPDATE SKIP LOCKED",
	/* The claim is a write: two workers (or two Galera nodes) conflict on it. */
	[WS_RECOVERY_CLAIM - CS__MAX] =
		"UPDATE recovery_requests SET purge_claimed_at = FROM_UNIXTIME(?) WHERE id = ?"
		" AND documents_deleted_at IS NULL"
		" AND (purge_claimed_at IS NULL OR purge_claimed_at < FROM_UNIXTIME(?) - INTERVAL 15 MINUTE)",
	[WS_RECOVERY_FILES - CS__MAX] =
		"SELECT stored_name FROM recovery_documents WHERE request_id = ? LIMIT 10",
	[WS_RECOVERY_FILES_DELETE - CS__MAX] = "DELETE FROM recovery_documents WHERE request_id = ?",
	[WS_RECOVERY_FILE_KNOWN - CS__MAX] = "SELECT 1 FROM recovery_documents WHERE stored_name = ?",
	[WS_RECOVERY_DELETED - CS__MAX] =
		"UPDATE recovery_requests SET documents_deleted_at = FROM_UNIXTIME(?), purge_claimed_at = NULL"
		" WHERE id = ? AND documents_deleted_at IS NULL",
};

const struct db_sql worker_sql = {sql, WS__MAX - CS__MAX, NULL};
