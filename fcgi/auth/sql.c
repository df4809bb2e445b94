/* The auth area's statements, by name (enum auth_stmt). */
#include "auth.h"

static const char *const sql[AS__MAX - CS__MAX] = {
	/* With whether a second factor is due, and whether staff reset it (set up again). */
	[AS_USER_BY_EMAIL - CS__MAX] =
		"SELECT id, password_hash, locale, EXISTS (SELECT 1 FROM second_factors f"
		" WHERE f.user_id = users.id AND f.confirmed_at IS NOT NULL), twofa_setup_required"
		" FROM users WHERE email = ?",
	[AS_USER_REHASH - CS__MAX] = "UPDATE users SET password_hash = ? WHERE id = ?",
	[AS_USER_SET_PASSWORD - CS__MAX] =
		"UPDATE users SET password_hash = ?, password_changed_at = FROM_UNIXTIME(?) WHERE id = ?",
	[AS_RESET_INSERT - CS__MAX] =
		"INSERT INTO password_resets (token_hash, user_id, created_at, expires_at)"
		" VALUES (?, ?, FROM_UNIXTIME(?), FROM_UNIXTIME(?))",
	[AS_RESET_GET - CS__MAX] =
		"SELECT r.user_id, u.email, u.locale FROM password_resets r JOIN users u"
		" ON u.id = r.user_id WHERE r.token_hash = ? AND r.used_at IS NULL"
		" AND r.expires_at > FROM_UNIXTIME(?)",
	/* Single use: only the request whose update changes the row may go on. */
	[AS_RESET_USE - CS__MAX] =
		"UPDATE password_resets SET used_at = FROM_UNIXTIME(?) WHERE token_hash = ?"
		" AND used_at IS NULL AND expires_at > FROM_UNIXTIME(?)",
	[AS_RESET_INVALIDATE_USER - CS__MAX] =
		"UPDATE password_resets SET used_at = FROM_UNIXTIME(?) WHERE user_id = ? AND used_at IS NULL",
	[AS_SESSIONS_DELETE_USER - CS__MAX] = "DELETE FROM sessions WHERE user_id = ?",
	/* The session and the user's organizations in one round trip (the home page is the most
	 * visited page). A member with the role "user" sees only granted products: no count of
	 * the others. */
	/* A member with role "user" sees only granted products: counted by AS_HOME_GRANTED, and
	 * only when there is such a membership (subqueries here would cost every page view). */
	/* The last column: the organization requires 2FA and the user has none (the subquery
	 * runs only for such an organization: one indexed look-up). */
	[AS_HOME_ORGS - CS__MAX] =
		"SELECT " SESSION_COLUMNS ", o.id, o.name, m.role, IF(m.role = 'user', 0, o.products_count),"
		" IF(o.require_2fa = 1, NOT EXISTS (SELECT 1 FROM second_factors f"
		" WHERE f.user_id = s.user_id AND f.confirmed_at IS NOT NULL), 0)"
		" FROM " SESSION_FROM " LEFT JOIN memberships m ON m.user_id = s.user_id"
		" LEFT JOIN organizations o ON o.id = m.org_id"
		" WHERE s.id_hash = ? ORDER BY o.name, o.id LIMIT 200",
	/* Granted products per organization where the user has role "user": whole kinds (through
	 * the products' (org_id, kind) index), and single products of other kinds. */
	[AS_HOME_GRANTED - CS__MAX] =
		"SELECT m.org_id,"
		" (SELECT COUNT(*) FROM kind_grants k JOIN products p ON p.org_id = k.org_id AND p.kind = k.kind"
		"  WHERE k.org_id = m.org_id AND k.user_id = m.user_id)"
		" + (SELECT COUNT(*) FROM product_grants g JOIN products p ON p.id = g.product_id"
		"  WHERE g.org_id = m.org_id AND g.user_id = m.user_id AND NOT EXISTS (SELECT 1 FROM kind_grants k"
		"  WHERE k.org_id = g.org_id AND k.user_id = g.user_id AND k.kind = p.kind))"
		" FROM memberships m WHERE m.user_id = ? AND m.role = 'user' LIMIT 200",
	[AS_SECLOG_INSERT - CS__MAX] =
		"INSERT INTO security_log (user_id, event, detail, ip, created_at)"
		" VALUES (?, ?, ?, ?, FROM_UNIXTIME(?))",
	[AS_TOKENS_LIST - CS__MAX] =
		"SELECT t.id, t.name, t.scopes, t.all_products, DATE(t.created_at),"
		" DATE(t.expires_at - INTERVAL 1 DAY), t.last_used_at, t.last_used_ip,"
		" CASE WHEN t.revoked_at IS NOT NULL THEN 'revoked'"
		" WHEN t.deactivated_at IS NOT NULL THEN 'deactivated'"
		" WHEN t.expires_at IS NOT NULL AND t.expires_at <= FROM_UNIXTIME(?) THEN 'expired'"
		" ELSE 'active' END,"
		" (SELECT GROUP_CONCAT(p.name ORDER BY p.name SEPARATOR ', ') FROM api_token_products tp"
		" JOIN products p ON p.id = tp.product_id WHERE tp.token_id = t.id)"
		" , COUNT(*) OVER ()"
		" FROM api_tokens t WHERE t.user_id = ? ORDER BY t.created_at DESC, t.id DESC LIMIT ? OFFSET ?",
	[AS_TOKEN_PRODUCT_CHOICES - CS__MAX] =
		"SELECT p.id, p.name, p.kind, o.name FROM products p JOIN memberships m ON m.org_id = p.org_id"
		" JOIN organizations o ON o.id = p.org_id WHERE m.user_id = ?"
		" AND m.role IN ('legal_representative', 'admin') ORDER BY o.name, p.name, p.id LIMIT 500",
	/* The user's own token only: another user's id changes nothing and answers 404. */
	[AS_TOKEN_REVOKE - CS__MAX] =
		"UPDATE api_tokens SET revoked_at = FROM_UNIXTIME(?) WHERE id = ? AND user_id = ?"
		" AND revoked_at IS NULL",
	[AS_CHALLENGE_INSERT - CS__MAX] =
		"INSERT INTO login_challenges (id_hash, user_id, created_at, expires_at, ip, user_agent)"
		" VALUES (?, ?, FROM_UNIXTIME(?), FROM_UNIXTIME(?), ?, ?)",
	[AS_CHALLENGE_GET - CS__MAX] =
		"SELECT c.user_id, u.email, u.locale, UNIX_TIMESTAMP(c.created_at),"
		" UNIX_TIMESTAMP(c.expires_at), c.refused_at IS NOT NULL"
		" FROM login_challenges c JOIN users u ON u.id = c.user_id"
		" WHERE c.id_hash = ? AND c.expires_at > FROM_UNIXTIME(?)",
	[AS_CHALLENGE_DELETE - CS__MAX] = "DELETE FROM login_challenges WHERE id_hash = ?",
	[AS_FACTORS_LIST - CS__MAX] =
		"SELECT id, kind, label, phone, DATE_FORMAT(created_at, '%Y-%m-%d %H:%i'),"
		" DATE_FORMAT(last_used_at, '%Y-%m-%d %H:%i'), confirmed_at IS NOT NULL"
		" FROM second_factors WHERE user_id = ? ORDER BY created_at, id LIMIT 50",
	[AS_EMERGENCY_LEFT - CS__MAX] =
		"SELECT COUNT(*) FROM emergency_codes WHERE user_id = ? AND used_at IS NULL",
	[AS_TOTP_SECRETS - CS__MAX] =
		"SELECT id, kind, secret_sealed, last_step, label FROM second_factors WHERE user_id = ?"
		" AND confirmed_at IS NOT NULL AND secret_sealed IS NOT NULL ORDER BY id LIMIT 20",
	/* A step is accepted once: only the request whose update changes the row goes on. */
	[AS_TOTP_STEP - CS__MAX] =
		"UPDATE second_factors SET last_step = ?, last_used_at = FROM_UNIXTIME(?)"
		" WHERE id = ? AND last_step < ?",
	[AS_EMERGENCY_DELETE_USER - CS__MAX] = "DELETE FROM emergency_codes WHERE user_id = ?",
	[AS_EMERGENCY_INSERT - CS__MAX] =
		"INSERT INTO emergency_codes (code_hash, user_id, created_at) VALUES (?, ?, FROM_UNIXTIME(?))",
	/* Single use: of two simultaneous uses, only one changes the row. */
	[AS_EMERGENCY_USE - CS__MAX] =
		"UPDATE emergency_codes SET used_at = FROM_UNIXTIME(?) WHERE code_hash = ? AND user_id = ?"
		" AND used_at IS NULL",
	[AS_SESSION_TWOFA_GET - CS__MAX] = "SELECT UNIX_TIMESTAMP(twofa_at) FROM sessions WHERE id_hash = ?",
	[AS_SESSION_TWOFA_SET - CS__MAX] = "UPDATE sessions SET twofa_at = FROM_UNIXTIME(?) WHERE id_hash = ?",
	[AS_FACTOR_CONFIRM - CS__MAX] =
		"UPDATE second_factors SET confirmed_at = FROM_UNIXTIME(?) WHERE id = ? AND user_id = ?"
		" AND confirmed_at IS NULL",
	[AS_SETUP_DONE - CS__MAX] = "UPDATE users SET twofa_setup_required = 0 WHERE id = ?",
	/* totp and emergency codes: begin */
	/* The guarding row of the user's 2FA set-up, written first by every change of it. */
	[AS_TWOFA_LOCK - CS__MAX] = "UPDATE users SET twofa_version = twofa_version + 1 WHERE id = ?",
	/* The authenticator app being enrolled: one unconfirmed row, reused with a new secret. */
	[AS_TOTP_PENDING_GET - CS__MAX] =
		"SELECT id, secret_sealed FROM second_factors WHERE user_id = ? AND kind = 'totp'"
		" AND confirmed_at IS NULL ORDER BY id LIMIT 1",
	[AS_TOTP_PENDING_INSERT - CS__MAX] =
		"INSERT INTO second_factors (user_id, kind, secret_sealed, created_at)"
		" VALUES (?, 'totp', ?, FROM_UNIXTIME(?))",
	[AS_TOTP_PENDING_SET - CS__MAX] =
		"UPDATE second_factors SET secret_sealed = ?, created_at = FROM_UNIXTIME(?), last_step = 0"
		" WHERE id = ? AND user_id = ? AND confirmed_at IS NULL",
	/* A confirmed factor of the user (another user's id finds nothing: 404). */
	[AS_FACTOR_GET - CS__MAX] =
		"SELECT id, kind, label, DATE_FORMAT(created_at, '%Y-%m-%d %H:%i') FROM second_factors"
		" WHERE id = ? AND user_id = ? AND confirmed_at IS NOT NULL",
	[AS_FACTOR_DELETE - CS__MAX] =
		"DELETE FROM second_factors WHERE id = ? AND user_id = ? AND confirmed_at IS NOT NULL",
	[AS_FACTORS_CONFIRMED - CS__MAX] =
		"SELECT COUNT(*) FROM second_factors WHERE user_id = ? AND confirmed_at IS NOT NULL",
	/* 2FA off: every factor, confirmed or still being enrolled. */
	[AS_FACTORS_DELETE_USER - CS__MAX] = "DELETE FROM second_factors WHERE user_id = ?",
	/* totp and emergency codes: end */

	/* sms: begin */
	/* Written first by every transaction that sends a code or changes the SMS factor: two
	 * requests of one user are serialised here (and conflict across cluster nodes). */
	[AS_SMS_GUARD - CS__MAX] =
		"INSERT INTO sms_guard (user_id, version) VALUES (?, 1)"
		" ON DUPLICATE KEY UPDATE version = version + 1",
	/* Codes sent in the window (read after the guard: it sees every committed send). */
	[AS_SMS_RECENT - CS__MAX] =
		"SELECT COUNT(*), UNIX_TIMESTAMP(MIN(created_at)) FROM sms_codes WHERE user_id = ?"
		" AND created_at > FROM_UNIXTIME(?)",
	[AS_SMS_CODE_INSERT - CS__MAX] =
		"INSERT INTO sms_codes (user_id, factor_id, code_hash, created_at, expires_at)"
		" VALUES (?, ?, ?, FROM_UNIXTIME(?), FROM_UNIXTIME(?))",
	[AS_SMS_FACTOR_CONFIRMED - CS__MAX] =
		"SELECT id, phone FROM second_factors WHERE user_id = ? AND kind = 'sms'"
		" AND confirmed_at IS NOT NULL ORDER BY id DESC LIMIT 1",
	[AS_SMS_PENDING - CS__MAX] =
		"SELECT id, phone FROM second_factors WHERE user_id = ? AND kind = 'sms'"
		" AND confirmed_at IS NULL ORDER BY id DESC LIMIT 1",
	/* The user's own number being enrolled only: another id answers 404. */
	[AS_SMS_PENDING_GET - CS__MAX] =
		"SELECT phone FROM second_factors WHERE id = ? AND user_id = ? AND kind = 'sms'"
		" AND confirmed_at IS NULL",
	[AS_SMS_PENDING_DELETE - CS__MAX] =
		"DELETE FROM second_factors WHERE user_id = ? AND kind = 'sms' AND confirmed_at IS NULL",
	[AS_SMS_FACTOR_INSERT - CS__MAX] =
		"INSERT INTO second_factors (user_id, kind, phone, created_at)"
		" VALUES (?, 'sms', ?, FROM_UNIXTIME(?))",
	/* Single use: of two simultaneous uses, only one changes the row. A code confirms only
	 * the number it was sent to. */
	[AS_SMS_CODE_USE_FACTOR - CS__MAX] =
		"UPDATE sms_codes SET used_at = FROM_UNIXTIME(?) WHERE user_id = ? AND factor_id = ?"
		" AND code_hash = ? AND used_at IS NULL AND expires_at > FROM_UNIXTIME(?)"
		" ORDER BY id LIMIT 1",
	/* At login, only codes sent to the confirmed number count. */
	[AS_SMS_CODE_USE_LOGIN - CS__MAX] =
		"UPDATE sms_codes SET used_at = FROM_UNIXTIME(?) WHERE user_id = ? AND code_hash = ?"
		" AND used_at IS NULL AND expires_at > FROM_UNIXTIME(?) AND factor_id IN (SELECT f.id"
		" FROM second_factors f WHERE f.user_id = ? AND f.kind = 'sms'"
		" AND f.confirmed_at IS NOT NULL) ORDER BY id LIMIT 1",
	[AS_SMS_FACTOR_USED - CS__MAX] =
		"UPDATE second_factors SET last_used_at = FROM_UNIXTIME(?) WHERE user_id = ?"
		" AND kind = 'sms' AND confirmed_at IS NOT NULL",
	/* The number just confirmed replaces any other. */
	[AS_SMS_OTHERS_DELETE - CS__MAX] =
		"DELETE FROM second_factors WHERE user_id = ? AND kind = 'sms' AND id <> ?",
	/* sms: end */

	/* devices: begin */
	[AS_DEVICE_LIST - CS__MAX] =
		"SELECT id, label, DATE_FORMAT(created_at, '%Y-%m-%d %H:%i'),"
		" DATE_FORMAT(last_used_at, '%Y-%m-%d %H:%i'), confirmed_at IS NOT NULL"
		" FROM second_factors WHERE user_id = ? AND kind = 'device' ORDER BY created_at, id LIMIT 50",
	/* The user's own device only: another user's id finds nothing (404). */
	[AS_DEVICE_GET - CS__MAX] =
		"SELECT label FROM second_factors WHERE id = ? AND user_id = ? AND kind = 'device'"
		" AND confirmed_at IS NULL",
	[AS_DEVICE_DELETE - CS__MAX] =
		"DELETE FROM second_factors WHERE id = ? AND user_id = ? AND kind = 'device'"
		" AND confirmed_at IS NULL",
	[AS_DEVICE_REG_INSERT - CS__MAX] =
		"INSERT INTO device_registrations (token_hash, user_id, created_at, expires_at)"
		" VALUES (?, ?, FROM_UNIXTIME(?), FROM_UNIXTIME(?))",
	/* A user's registrations a day after they expired: nothing refers to them any more. */
	[AS_DEVICE_REG_PURGE - CS__MAX] =
		"DELETE FROM device_registrations WHERE user_id = ? AND expires_at < FROM_UNIXTIME(?) - INTERVAL 1 DAY",
	[AS_DEVICE_REG_BY_TOKEN - CS__MAX] =
		"SELECT r.id, r.user_id, UNIX_TIMESTAMP(r.expires_at), r.used_at IS NOT NULL, u.email, u.locale"
		" FROM device_registrations r JOIN users u ON u.id = r.user_id WHERE r.token_hash = ?",
	/* Single use: of two registrations with one token, only one changes the row. */
	[AS_DEVICE_REG_USE - CS__MAX] =
		"UPDATE device_registrations SET used_at = FROM_UNIXTIME(?) WHERE id = ? AND used_at IS NULL"
		" AND expires_at > FROM_UNIXTIME(?)",
	[AS_DEVICE_REG_FACTOR - CS__MAX] = "UPDATE device_registrations SET factor_id = ? WHERE id = ?",
	/* The user's own registration, with the device it made (if it still exists). */
	[AS_DEVICE_REG_GET - CS__MAX] =
		"SELECT UNIX_TIMESTAMP(r.expires_at), r.used_at IS NOT NULL, f.id, f.label,"
		" f.confirmed_at IS NOT NULL, f.secret_sealed FROM device_registrations r"
		" LEFT JOIN second_factors f ON f.id = r.factor_id WHERE r.id = ? AND r.user_id = ?",
	[AS_DEVICE_INSERT - CS__MAX] =
		"INSERT INTO second_factors (user_id, kind, label, secret_sealed, key_hash, created_at)"
		" VALUES (?, 'device', ?, ?, ?, FROM_UNIXTIME(?))",
	/* The one indexed look-up that authenticates a device. */
	[AS_DEVICE_BY_KEY - CS__MAX] =
		"SELECT f.id, f.user_id, f.label, f.confirmed_at IS NOT NULL, u.email, u.locale"
		" FROM second_factors f JOIN users u ON u.id = f.user_id WHERE f.key_hash = ? AND f.kind = 'device'",
	[AS_DEVICE_USED - CS__MAX] =
		"UPDATE second_factors SET last_used_at = FROM_UNIXTIME(?) WHERE id = ?",
	/* At most APPROVALS_PENDING unanswered approvals a user at a time: a password alone must
	 * not flood the device with requests (a condition in the insert: no extra round trip). */
	[AS_APPROVAL_INSERT - CS__MAX] =
		"INSERT INTO login_approvals (challenge_hash, user_id, created_at, expires_at, ip, user_agent)"
		" SELECT ?, ?, FROM_UNIXTIME(?), FROM_UNIXTIME(?), ?, ? FROM DUAL WHERE (SELECT COUNT(*)"
		" FROM login_approvals p WHERE p.user_id = ? AND p.answer IS NULL"
		" AND p.expires_at > FROM_UNIXTIME(?)) < ?",
	/* NO on the device: the login it belongs to is refused for good. */
	[AS_CHALLENGE_REFUSE - CS__MAX] =
		"UPDATE login_challenges c JOIN login_approvals a ON a.challenge_hash = c.id_hash"
		" SET c.refused_at = FROM_UNIXTIME(?) WHERE a.id = ?",
	[AS_APPROVAL_BY_CHALLENGE - CS__MAX] =
		"SELECT id, answer, UNIX_TIMESTAMP(expires_at) FROM login_approvals WHERE challenge_hash = ?",
	[AS_APPROVALS_PENDING - CS__MAX] =
		"SELECT id, UNIX_TIMESTAMP(created_at), ip, user_agent, UNIX_TIMESTAMP(expires_at)"
		" FROM login_approvals WHERE user_id = ? AND answer IS NULL AND expires_at > FROM_UNIXTIME(?)"
		" ORDER BY created_at, id LIMIT 20",
	/* Another user's approval finds nothing (404). */
	[AS_APPROVAL_GET - CS__MAX] =
		"SELECT answer, UNIX_TIMESTAMP(expires_at), ip FROM login_approvals WHERE id = ? AND user_id = ?",
	/* The answer is final: only an unanswered, unexpired approval changes. */
	[AS_APPROVAL_ANSWER - CS__MAX] =
		"UPDATE login_approvals SET answer = ?, answered_at = FROM_UNIXTIME(?), device_id = ?"
		" WHERE id = ? AND user_id = ? AND answer IS NULL AND expires_at > FROM_UNIXTIME(?)",
	/* devices: end */

	/* recovery: begin */
	/* The user's latest help request, and when its documents are deleted at the latest. */
	[AS_RECOVERY_LATEST - CS__MAX] =
		"SELECT id, status, reason, DATE_FORMAT(created_at, '%Y-%m-%d %H:%i'),"
		" DATE_FORMAT(decided_at, '%Y-%m-%d %H:%i'), DATE_FORMAT(documents_deleted_at, '%Y-%m-%d %H:%i'),"
		" DATE_FORMAT(created_at + INTERVAL 72 HOUR, '%Y-%m-%d %H:%i')"
		" FROM recovery_requests WHERE user_id = ? ORDER BY created_at DESC, id DESC LIMIT 1",
	/* open_user_id is unique: a second pending request of the user is refused (1062). */
	[AS_RECOVERY_INSERT - CS__MAX] =
		"INSERT INTO recovery_requests (user_id, open_user_id, phone, ip, created_at)"
		" VALUES (?, ?, ?, ?, FROM_UNIXTIME(?))",
	[AS_RECOVERY_DOC_INSERT - CS__MAX] =
		"INSERT INTO recovery_documents (request_id, kind, stored_name, detected_type, size, created_at)"
		" VALUES (?, ?, ?, ?, ?, FROM_UNIXTIME(?))",
	/* The review queue: pending first, oldest first. */
	[AS_RECOVERY_QUEUE - CS__MAX] =
		"SELECT r.id, u.email, u.name, r.status, DATE_FORMAT(r.created_at, '%Y-%m-%d %H:%i'),"
		" r.documents_deleted_at IS NULL, COUNT(*) OVER ()"
		" FROM recovery_requests r JOIN users u ON u.id = r.user_id"
		" ORDER BY r.status = 'pending' DESC, r.created_at, r.id LIMIT ? OFFSET ?",
	[AS_RECOVERY_GET - CS__MAX] =
		"SELECT r.id, r.user_id, u.email, u.name, r.phone, r.status, r.reason, r.ip,"
		" DATE_FORMAT(r.created_at, '%Y-%m-%d %H:%i'), DATE_FORMAT(r.decided_at, '%Y-%m-%d %H:%i'),"
		" DATE_FORMAT(r.documents_deleted_at, '%Y-%m-%d %H:%i'),"
		" DATE_FORMAT(r.created_at + INTERVAL 72 HOUR, '%Y-%m-%d %H:%i'), s.name, s.email, u.locale,"
		" (SELECT COUNT(*) FROM second_factors f WHERE f.user_id = r.user_id AND f.confirmed_at IS NOT NULL)"
		" FROM recovery_requests r JOIN users u ON u.id = r.user_id"
		" LEFT JOIN users s ON s.id = r.decided_by WHERE r.id = ?",
	/* In the order front, back, selfie (the enum's): document n of the page is row n. */
	[AS_RECOVERY_DOCS - CS__MAX] =
		"SELECT kind, stored_name, detected_type, size FROM recovery_documents"
		" WHERE request_id = ? ORDER BY kind LIMIT 3",
	/* The decision, once: only a pending request changes, never by its own user, and an
	 * approval only while the documents are there to be checked. */
	[AS_RECOVERY_DECIDE - CS__MAX] =
		"UPDATE recovery_requests SET status = ?, reason = ?, decided_at = FROM_UNIXTIME(?),"
		" decided_by = ?, open_user_id = NULL WHERE id = ? AND status = 'pending' AND user_id <> ?"
		" AND (? = 0 OR (documents_deleted_at IS NULL AND created_at > FROM_UNIXTIME(?) - INTERVAL 72 HOUR))",
	[AS_SETUP_REQUIRE - CS__MAX] = "UPDATE users SET twofa_setup_required = 1 WHERE id = ?",
	/* recovery: end */

	/* application passwords: begin */
	/* The user's application passwords, newest first, a page at a time. */
	[AS_APPPW_LIST - CS__MAX] =
		"SELECT id, name, protocols, DATE_FORMAT(created_at, '%Y-%m-%d %H:%i'),"
		" DATE(expires_at - INTERVAL 1 DAY), DATE_FORMAT(last_used_at, '%Y-%m-%d %H:%i'),"
		" last_used_ip, CASE WHEN revoked_at IS NOT NULL THEN 'revoked'"
		" WHEN expires_at IS NOT NULL AND expires_at <= FROM_UNIXTIME(?) THEN 'expired'"
		" ELSE 'active' END, COUNT(*) OVER ()"
		" FROM app_passwords WHERE user_id = ? ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?",
	/* Valid up to the end of its last valid day (UTC). */
	[AS_APPPW_INSERT - CS__MAX] =
		"INSERT INTO app_passwords (user_id, name, password_hash, protocols, created_at, expires_at)"
		" VALUES (?, ?, ?, ?, FROM_UNIXTIME(?), CAST(? AS DATE) + INTERVAL 1 DAY)",
	/* The user's own password only (another user's id: no row, 404). */
	[AS_APPPW_GET - CS__MAX] =
		"SELECT name, revoked_at IS NOT NULL FROM app_passwords WHERE id = ? AND user_id = ?",
	[AS_APPPW_REVOKE - CS__MAX] =
		"UPDATE app_passwords SET revoked_at = FROM_UNIXTIME(?) WHERE id = ? AND user_id = ?"
		" AND revoked_at IS NULL",
	/* Expired ones too: none of them may come back. */
	[AS_APPPW_REVOKE_ALL - CS__MAX] =
		"UPDATE app_passwords SET revoked_at = FROM_UNIXTIME(?) WHERE user_id = ?"
		" AND revoked_at IS NULL",
	/* nginx's check, in one round trip: the password by its keyed hash (unique) with its
	 * account, and the throttle rows of the account and of the address. Every row comes
	 * from a key (const look-ups); the first one always exists so the throttle rows are read
	 * when the password is unknown too. Columns: id, user, e-mail, allowed here, revoked,
	 * expired, use to record; failures, window, last failure (account), and (address). */
	[AS_APPPW_CHECK - CS__MAX] =
		"SELECT a.id, a.user_id, u.email,"
		" a.protocols = '' OR FIND_IN_SET(?, a.protocols) > 0, a.revoked_at IS NOT NULL,"
		" a.expires_at IS NOT NULL AND a.expires_at <= FROM_UNIXTIME(?),"
		" a.last_used_at IS NULL OR a.last_used_at < FROM_UNIXTIME(?) - INTERVAL 60 SECOND,"
		" ta.failures, UNIX_TIMESTAMP(ta.window_start), UNIX_TIMESTAMP(ta.last_failure),"
		" tb.failures, UNIX_TIMESTAMP(tb.window_start), UNIX_TIMESTAMP(tb.last_failure)"
		" FROM (SELECT 1 AS one) x"
		" LEFT JOIN (app_passwords a JOIN users u ON u.id = a.user_id) ON a.password_hash = ?"
		" LEFT JOIN throttle ta ON ta.scope = ? AND ta.subject = ?"
		" LEFT JOIN throttle tb ON tb.scope = ? AND tb.subject = ?",
	/* The last use, at most once a minute (a busy client would otherwise write every
	 * request). */
	[AS_APPPW_USED - CS__MAX] =
		"UPDATE app_passwords SET last_used_at = FROM_UNIXTIME(?), last_used_ip = ? WHERE id = ?"
		" AND (last_used_at IS NULL OR last_used_at < FROM_UNIXTIME(?) - INTERVAL 60 SECOND)",
	/* application passwords: end */

	/* sessions and log: begin */
	/* The user's live sessions (idle and absolute lifetimes applied, as sess_load does),
	 * the current one marked; a user has a handful, the limit bounds a forgotten many. */
	[AS_SESSIONS_LIST - CS__MAX] =
		"SELECT id, ip, user_agent, DATE_FORMAT(created_at, '%Y-%m-%d %H:%i:%s'),"
		" DATE_FORMAT(last_seen, '%Y-%m-%d %H:%i:%s'), id_hash = ? FROM sessions"
		" WHERE user_id = ? AND last_seen >= FROM_UNIXTIME(?) AND created_at >= FROM_UNIXTIME(?)"
		" ORDER BY id_hash = ? DESC, last_seen DESC, id DESC LIMIT 100",
	/* A session by its public id, only the user's own: whether it is the current one. */
	[AS_SESSION_OF_USER - CS__MAX] =
		"SELECT id_hash = ?, user_agent, ip FROM sessions WHERE id = ? AND user_id = ?",
	/* Never the current one (that is the logout). */
	[AS_SESSION_END_ID - CS__MAX] =
		"DELETE FROM sessions WHERE id = ? AND user_id = ? AND id_hash <> ?",
	/* Newest first; one row more than a page says whether there is a next one, so the cost
	 * stays that of the page whatever the log's length (no count of the whole log). */
	[AS_SECLOG_PAGE - CS__MAX] =
		"SELECT event, detail, ip, DATE_FORMAT(created_at, '%Y-%m-%d %H:%i:%s') FROM security_log"
		" WHERE user_id = ? ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?",
	[AS_TOKENS_REVOKE_USER - CS__MAX] =
		"UPDATE api_tokens SET revoked_at = FROM_UNIXTIME(?) WHERE user_id = ? AND revoked_at IS NULL",
	/* Pending logins (right password, second factor due) made with the old password. */
	[AS_CHALLENGES_DELETE_USER - CS__MAX] = "DELETE FROM login_challenges WHERE user_id = ?",
	/* sessions and log: end */
};

const struct db_sql auth_sql = {sql, AS__MAX - CS__MAX, NULL};
