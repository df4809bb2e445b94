-- Organizations: coordinates, billing addresses, invitations, product grants for members with
-- role "user", and the activity log.

-- The Swiss UID/MWST number is the Swiss company's own number (the EU VAT number does not
-- apply to it). The VAT status is confirmed online by the worker when VIES is configured:
-- vat_checked_at is the last attempt (a retry of "unavailable" waits for it to age).
ALTER TABLE organizations
	ADD COLUMN uid_number VARCHAR(20) NOT NULL DEFAULT '' AFTER vat_number,
	ADD COLUMN vat_checked_at DATETIME NULL AFTER vat_status,
	ADD COLUMN terms_accepted_at DATETIME NULL,
	ADD COLUMN updated_at DATETIME NULL,
	ADD KEY organizations_vat (vat_status, vat_checked_at);

-- Several billing addresses, one of them the default: is_default is 1 on the default and
-- NULL on the others, so the unique key allows exactly one default per organization.
CREATE TABLE billing_addresses (
	id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
	org_id BIGINT UNSIGNED NOT NULL,
	name VARCHAR(200) NOT NULL,
	street VARCHAR(200) NOT NULL,
	postcode VARCHAR(20) NOT NULL,
	city VARCHAR(100) NOT NULL,
	country CHAR(2) NOT NULL,
	vat_number VARCHAR(20) NOT NULL DEFAULT '',
	vat_status ENUM('not_checked', 'valid', 'invalid', 'unavailable') NOT NULL DEFAULT 'not_checked',
	vat_checked_at DATETIME NULL,
	is_default TINYINT(1) NULL,
	created_at DATETIME NOT NULL,
	UNIQUE KEY billing_addresses_default (org_id, is_default),
	KEY billing_addresses_vat (vat_status, vat_checked_at),
	CONSTRAINT billing_addresses_org_fk FOREIGN KEY (org_id) REFERENCES organizations (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- An invitation's link carries a random token; only its keyed hash is stored. pending is 1
-- while it can be accepted and NULL once accepted, withdrawn or replaced, so the unique key
-- refuses a second pending invitation of one address to one organization.
CREATE TABLE invitations (
	id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
	org_id BIGINT UNSIGNED NOT NULL,
	email VARCHAR(254) NOT NULL,
	role ENUM('legal_representative', 'admin', 'user') NOT NULL,
	token_hash BINARY(32) NOT NULL,
	invited_by BIGINT UNSIGNED NULL,
	created_at DATETIME NOT NULL,
	expires_at DATETIME NOT NULL,
	pending TINYINT(1) NULL DEFAULT 1,
	accepted_at DATETIME NULL,
	accepted_by BIGINT UNSIGNED NULL,
	withdrawn_at DATETIME NULL,
	UNIQUE KEY invitations_token (token_hash),
	UNIQUE KEY invitations_pending (org_id, email, pending),
	KEY invitations_expiry (pending, expires_at),
	CONSTRAINT invitations_org_fk FOREIGN KEY (org_id) REFERENCES organizations (id) ON DELETE CASCADE,
	CONSTRAINT invitations_by_fk FOREIGN KEY (invited_by) REFERENCES users (id) ON DELETE SET NULL,
	CONSTRAINT invitations_accepted_fk FOREIGN KEY (accepted_by) REFERENCES users (id) ON DELETE SET NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- What a member with role "user" may see: single products, or every product of a kind
-- (including future ones). Administrators and legal representatives see everything.
CREATE TABLE product_grants (
	org_id BIGINT UNSIGNED NOT NULL,
	user_id BIGINT UNSIGNED NOT NULL,
	product_id BIGINT UNSIGNED NOT NULL,
	created_at DATETIME NOT NULL,
	PRIMARY KEY (org_id, user_id, product_id),
	KEY product_grants_product (product_id),
	CONSTRAINT product_grants_member_fk FOREIGN KEY (org_id, user_id) REFERENCES memberships (org_id, user_id) ON DELETE CASCADE,
	CONSTRAINT product_grants_product_fk FOREIGN KEY (product_id) REFERENCES products (id) ON DELETE CASCADE
) ENGINE=InnoDB;

-- Counting and listing a kind of an organization's products (grants of a whole kind).
ALTER TABLE products ADD KEY products_org_kind (org_id, kind);

CREATE TABLE kind_grants (
	org_id BIGINT UNSIGNED NOT NULL,
	user_id BIGINT UNSIGNED NOT NULL,
	kind ENUM('domain', 'hosting', 'mail', 'other') NOT NULL,
	created_at DATETIME NOT NULL,
	PRIMARY KEY (org_id, user_id, kind),
	CONSTRAINT kind_grants_member_fk FOREIGN KEY (org_id, user_id) REFERENCES memberships (org_id, user_id) ON DELETE CASCADE
) ENGINE=InnoDB;

-- Who did what to the organization's members and coordinates, when, and from where. The
-- actor's name is kept as it was (a deleted account leaves its entries readable).
CREATE TABLE org_activity (
	id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
	org_id BIGINT UNSIGNED NOT NULL,
	actor_id BIGINT UNSIGNED NULL,
	actor_name VARCHAR(200) NOT NULL,
	event VARCHAR(40) NOT NULL,
	subject VARCHAR(254) NOT NULL DEFAULT '',
	detail VARCHAR(200) NOT NULL DEFAULT '',
	ip VARCHAR(45) NOT NULL,
	created_at DATETIME NOT NULL,
	KEY org_activity_org (org_id, id),
	CONSTRAINT org_activity_org_fk FOREIGN KEY (org_id) REFERENCES organizations (id) ON DELETE CASCADE,
	CONSTRAINT org_activity_actor_fk FOREIGN KEY (actor_id) REFERENCES users (id) ON DELETE SET NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
