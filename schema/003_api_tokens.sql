-- API tokens: shown once, stored only as a keyed hash; scoped to applications (a SET of
-- "<area>:<read|write>") and optionally to chosen products; deactivated by the worker after
-- a year without use.
CREATE TABLE api_tokens (
	id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
	user_id BIGINT UNSIGNED NOT NULL,
	name VARCHAR(100) NOT NULL,
	token_hash BINARY(32) NOT NULL,
	scopes SET('profile:read', 'organizations:read', 'organizations:write', 'products:read',
	           'products:write', 'billing:read', 'billing:write', 'partners:read',
	           'partners:write', 'tenders:read', 'tenders:write') NOT NULL,
	all_products TINYINT(1) NOT NULL DEFAULT 1,
	created_at DATETIME NOT NULL,
	expires_at DATETIME NULL,
	last_used_at DATETIME NULL,
	last_used_ip VARCHAR(45) NULL,
	-- Creation or last use, whichever is later: the clock of the automatic deactivation.
	idle_since DATETIME NOT NULL,
	revoked_at DATETIME NULL,
	deactivation_warned_at DATETIME NULL,
	deactivated_at DATETIME NULL,
	UNIQUE KEY api_tokens_hash (token_hash),
	KEY api_tokens_user (user_id, created_at),
	KEY api_tokens_idle (deactivated_at, revoked_at, idle_since),
	CONSTRAINT api_tokens_user_fk FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE api_token_products (
	token_id BIGINT UNSIGNED NOT NULL,
	product_id BIGINT UNSIGNED NOT NULL,
	PRIMARY KEY (token_id, product_id),
	KEY api_token_products_product (product_id),
	CONSTRAINT api_token_products_token_fk FOREIGN KEY (token_id) REFERENCES api_tokens (id) ON DELETE CASCADE,
	CONSTRAINT api_token_products_product_fk FOREIGN KEY (product_id) REFERENCES products (id) ON DELETE CASCADE
) ENGINE=InnoDB;
