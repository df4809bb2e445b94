-- Application passwords: for CalDAV, CardDAV, WebDAV and mail clients that cannot do 2FA.
-- Only a keyed hash of the generated password is kept; it is unique, so nginx's
-- auth_request check is one look-up by it (no argon2 on that path).
CREATE TABLE app_passwords (
	id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
	user_id BIGINT UNSIGNED NOT NULL,
	name VARCHAR(100) NOT NULL,
	password_hash BINARY(32) NOT NULL,
	-- Empty: every protocol.
	protocols SET('caldav', 'carddav', 'webdav', 'mail') NOT NULL DEFAULT '',
	created_at DATETIME NOT NULL,
	expires_at DATETIME NULL,
	last_used_at DATETIME NULL,
	last_used_ip VARCHAR(45) NULL,
	revoked_at DATETIME NULL,
	UNIQUE KEY app_passwords_hash (password_hash),
	KEY app_passwords_user (user_id, created_at),
	CONSTRAINT app_passwords_user_fk FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
