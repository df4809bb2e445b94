-- Account security, part one: second factors, emergency codes and the login's pending
-- second step. Features of the security issue add their own tables in later files.

-- One row per second factor of a user: an authenticator app ('totp'), a phone for SMS codes
-- ('sms'), or a registered device ('device': push approval, and TOTP codes when offline).
-- A factor counts once confirmed (the first code given at enrolment).
CREATE TABLE second_factors (
	id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
	user_id BIGINT UNSIGNED NOT NULL,
	kind ENUM('totp', 'sms', 'device') NOT NULL,
	label VARCHAR(100) NOT NULL DEFAULT '',
	-- The TOTP secret (base32), sealed with a key derived from the server key.
	secret_sealed VARCHAR(255) NULL,
	-- E.164 number for 'sms'.
	phone VARCHAR(20) NULL,
	-- Keyed hash of a device's key ('device'): how the device authenticates.
	key_hash BINARY(32) NULL,
	-- The last TOTP time step accepted: a code (and any older one) is then refused, so a code
	-- is used once even when two requests race (the update is conditional on it).
	last_step BIGINT NOT NULL DEFAULT 0,
	created_at DATETIME NOT NULL,
	confirmed_at DATETIME NULL,
	last_used_at DATETIME NULL,
	UNIQUE KEY second_factors_key (key_hash),
	KEY second_factors_user (user_id, confirmed_at),
	CONSTRAINT second_factors_user_fk FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Ten single-use codes per user, stored as keyed hashes; a new set replaces the old one.
CREATE TABLE emergency_codes (
	code_hash BINARY(32) NOT NULL PRIMARY KEY,
	user_id BIGINT UNSIGNED NOT NULL,
	created_at DATETIME NOT NULL,
	used_at DATETIME NULL,
	KEY emergency_codes_user (user_id, used_at),
	CONSTRAINT emergency_codes_user_fk FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- A login whose password was right and whose second factor is still due. The browser holds
-- the random id in a cookie (only its keyed hash is here); it lives 20 minutes.
CREATE TABLE login_challenges (
	id_hash BINARY(32) NOT NULL PRIMARY KEY,
	user_id BIGINT UNSIGNED NOT NULL,
	created_at DATETIME NOT NULL,
	expires_at DATETIME NOT NULL,
	ip VARCHAR(45) NOT NULL,
	user_agent VARCHAR(255) NOT NULL,
	KEY login_challenges_user (user_id),
	KEY login_challenges_expiry (expires_at),
	CONSTRAINT login_challenges_user_fk FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Set when staff approved a recovery (2FA was turned off): the next login goes to the 2FA
-- set-up first.
ALTER TABLE users ADD COLUMN twofa_setup_required TINYINT(1) NOT NULL DEFAULT 0;

-- What an event concerns (an application password's name, a device's label), shown in the
-- user's security log.
ALTER TABLE security_log ADD COLUMN detail VARCHAR(200) NOT NULL DEFAULT '';
