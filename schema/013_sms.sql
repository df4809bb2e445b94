-- SMS codes as a second factor. The phone number is the 'sms' row of second_factors (one
-- confirmed per user; a new number waits unconfirmed beside it until its first code).

-- One row per code sent: 6 digits, valid 10 minutes, used once. Only a keyed hash of the
-- code (with the user id mixed in) is kept. A code belongs to the factor (number) it was sent
-- to: a code sent to a number being enrolled confirms that number and opens no login. The
-- rows are also the count of sends (at most 3 in 15 minutes): a number replaced or enrolled
-- again leaves its codes behind, unusable (factor_id NULL) but counted.
CREATE TABLE sms_codes (
	id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
	user_id BIGINT UNSIGNED NOT NULL,
	factor_id BIGINT UNSIGNED NULL,
	code_hash BINARY(32) NOT NULL,
	created_at DATETIME NOT NULL,
	expires_at DATETIME NOT NULL,
	used_at DATETIME NULL,
	KEY sms_codes_user (user_id, code_hash),
	KEY sms_codes_sent (user_id, created_at),
	KEY sms_codes_expiry (expires_at),
	CONSTRAINT sms_codes_user_fk FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
	CONSTRAINT sms_codes_factor_fk FOREIGN KEY (factor_id) REFERENCES second_factors (id)
		ON DELETE SET NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- The row that guards a user's sends: every send (and every change of the user's SMS
-- factor) writes it first, in its transaction, so that two requests at once are serialised
-- (and conflict on a multi-writer cluster) and the count of recent codes cannot be passed.
CREATE TABLE sms_guard (
	user_id BIGINT UNSIGNED NOT NULL PRIMARY KEY,
	version BIGINT UNSIGNED NOT NULL DEFAULT 0,
	CONSTRAINT sms_guard_user_fk FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
