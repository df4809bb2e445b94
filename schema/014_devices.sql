-- Registered devices: the provider's authenticator app approves logins (push YES/NO) and
-- shows TOTP codes when offline. A device is a 'device' row of second_factors (its key's
-- keyed hash in key_hash, its TOTP secret sealed); these tables hold how it got there and
-- what it is asked.

-- A one-time registration token, made on the security pages and carried to the device by a
-- QR code: only its keyed hash is kept; valid 10 minutes; single use (used_at is set by the
-- one request whose conditional update changes the row). factor_id is the device it made.
CREATE TABLE device_registrations (
	id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
	token_hash BINARY(32) NOT NULL,
	user_id BIGINT UNSIGNED NOT NULL,
	created_at DATETIME NOT NULL,
	expires_at DATETIME NOT NULL,
	used_at DATETIME NULL,
	factor_id BIGINT UNSIGNED NULL,
	UNIQUE KEY device_registrations_token (token_hash),
	KEY device_registrations_user (user_id, created_at),
	CONSTRAINT device_registrations_user_fk FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
	CONSTRAINT device_registrations_factor_fk FOREIGN KEY (factor_id) REFERENCES second_factors (id)
		ON DELETE SET NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- A login waiting for its approval on one of the user's devices: one per pending login (the
-- challenge), gone with it; valid 2 minutes. The answer is final: it is written by a
-- conditional update on an unanswered, unexpired row. ip and user_agent are the browser's,
-- shown on the device so that the user recognises their own login.
CREATE TABLE login_approvals (
	id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
	challenge_hash BINARY(32) NOT NULL,
	user_id BIGINT UNSIGNED NOT NULL,
	created_at DATETIME NOT NULL,
	expires_at DATETIME NOT NULL,
	ip VARCHAR(45) NOT NULL,
	user_agent VARCHAR(255) NOT NULL,
	answer ENUM('yes', 'no') NULL,
	answered_at DATETIME NULL,
	device_id BIGINT UNSIGNED NULL,
	UNIQUE KEY login_approvals_challenge (challenge_hash),
	KEY login_approvals_user (user_id, answer, expires_at),
	CONSTRAINT login_approvals_challenge_fk FOREIGN KEY (challenge_hash)
		REFERENCES login_challenges (id_hash) ON DELETE CASCADE,
	CONSTRAINT login_approvals_user_fk FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
	CONSTRAINT login_approvals_device_fk FOREIGN KEY (device_id) REFERENCES second_factors (id)
		ON DELETE SET NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
