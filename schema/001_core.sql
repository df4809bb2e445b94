-- Kontor core schema: users, sessions, organizations and members, products, the outbox.
-- All timestamps are UTC (the connection sets time_zone = '+00:00').

CREATE TABLE users (
	id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
	email VARCHAR(254) NOT NULL,
	name VARCHAR(200) NOT NULL,
	password_hash VARCHAR(128) NOT NULL,
	locale VARCHAR(5) NOT NULL DEFAULT '',
	is_staff TINYINT(1) NOT NULL DEFAULT 0,
	created_at DATETIME NOT NULL,
	password_changed_at DATETIME NOT NULL,
	UNIQUE KEY users_email (email)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE sessions (
	id_hash BINARY(32) NOT NULL PRIMARY KEY,
	user_id BIGINT UNSIGNED NOT NULL,
	created_at DATETIME NOT NULL,
	last_seen DATETIME NOT NULL,
	reauth_at DATETIME NOT NULL,
	ip VARCHAR(45) NOT NULL,
	user_agent VARCHAR(255) NOT NULL,
	KEY sessions_user (user_id),
	CONSTRAINT sessions_user_fk FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE password_resets (
	token_hash BINARY(32) NOT NULL PRIMARY KEY,
	user_id BIGINT UNSIGNED NOT NULL,
	created_at DATETIME NOT NULL,
	expires_at DATETIME NOT NULL,
	used_at DATETIME NULL,
	KEY password_resets_user (user_id),
	CONSTRAINT password_resets_user_fk FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Failed attempts per scope (login by account, login by address, ...) in a one-hour window.
CREATE TABLE throttle (
	scope TINYINT UNSIGNED NOT NULL,
	subject VARBINARY(64) NOT NULL,
	window_start DATETIME NOT NULL,
	failures INT UNSIGNED NOT NULL,
	last_failure DATETIME NOT NULL,
	PRIMARY KEY (scope, subject)
) ENGINE=InnoDB;

CREATE TABLE security_log (
	id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
	user_id BIGINT UNSIGNED NOT NULL,
	event VARCHAR(40) NOT NULL,
	ip VARCHAR(45) NOT NULL,
	created_at DATETIME NOT NULL,
	KEY security_log_user (user_id, created_at),
	CONSTRAINT security_log_user_fk FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE organizations (
	id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
	name VARCHAR(200) NOT NULL,
	entity_type ENUM('individual', 'company', 'association', 'public_body') NOT NULL DEFAULT 'company',
	country CHAR(2) NOT NULL DEFAULT 'CH',
	street VARCHAR(200) NOT NULL DEFAULT '',
	postcode VARCHAR(20) NOT NULL DEFAULT '',
	city VARCHAR(100) NOT NULL DEFAULT '',
	phone VARCHAR(40) NOT NULL DEFAULT '',
	email VARCHAR(254) NOT NULL DEFAULT '',
	vat_number VARCHAR(20) NOT NULL DEFAULT '',
	vat_status ENUM('not_checked', 'valid', 'invalid', 'unavailable') NOT NULL DEFAULT 'not_checked',
	is_partner TINYINT(1) NOT NULL DEFAULT 0,
	-- Bumped by every transaction that changes the members: a write that conflicts on one
	-- server and on a Galera cluster alike (see shared notes on Galera).
	members_version BIGINT UNSIGNED NOT NULL DEFAULT 0,
	created_at DATETIME NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE memberships (
	org_id BIGINT UNSIGNED NOT NULL,
	user_id BIGINT UNSIGNED NOT NULL,
	role ENUM('legal_representative', 'admin', 'user') NOT NULL,
	created_at DATETIME NOT NULL,
	PRIMARY KEY (org_id, user_id),
	KEY memberships_user (user_id),
	CONSTRAINT memberships_org_fk FOREIGN KEY (org_id) REFERENCES organizations (id) ON DELETE CASCADE,
	CONSTRAINT memberships_user_fk FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE products (
	id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
	org_id BIGINT UNSIGNED NOT NULL,
	payer_org_id BIGINT UNSIGNED NOT NULL,
	kind ENUM('domain', 'hosting', 'mail', 'other') NOT NULL,
	name VARCHAR(253) NOT NULL,
	status ENUM('active', 'expired', 'cancelled') NOT NULL DEFAULT 'active',
	expires_at DATE NOT NULL,
	auto_renew TINYINT(1) NOT NULL DEFAULT 0,
	price_cents BIGINT NULL,
	currency CHAR(3) NULL,
	holder_name VARCHAR(200) NOT NULL DEFAULT '',
	holder_org VARCHAR(200) NOT NULL DEFAULT '',
	holder_email VARCHAR(254) NOT NULL DEFAULT '',
	holder_country CHAR(2) NOT NULL DEFAULT '',
	created_at DATETIME NOT NULL,
	KEY products_org_name (org_id, name),
	KEY products_payer (payer_org_id),
	CONSTRAINT products_org_fk FOREIGN KEY (org_id) REFERENCES organizations (id),
	CONSTRAINT products_payer_fk FOREIGN KEY (payer_org_id) REFERENCES organizations (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- E-mail and SMS to send. Rows are claimed by a worker (status 'sending') in a committed
-- transaction before anything is sent, so two workers never send one row twice.
CREATE TABLE outbox (
	id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
	kind ENUM('email', 'sms') NOT NULL,
	recipient VARCHAR(254) NOT NULL,
	subject VARCHAR(998) NOT NULL,
	body MEDIUMTEXT NOT NULL,
	status ENUM('pending', 'sending', 'sent', 'failed') NOT NULL,
	attempts INT UNSIGNED NOT NULL DEFAULT 0,
	not_before DATETIME NOT NULL,
	claimed_at DATETIME NULL,
	claimed_by VARCHAR(80) NULL,
	sent_at DATETIME NULL,
	last_error VARCHAR(255) NULL,
	created_at DATETIME NOT NULL,
	KEY outbox_due (status, not_before)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
