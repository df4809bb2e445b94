-- Tags: an organization's coloured labels for its products. The name is unique in the
-- organization regardless of letter case (the column's collation compares case-insensitively,
-- but tells accents apart).
CREATE TABLE tags (
	id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
	org_id BIGINT UNSIGNED NOT NULL,
	-- Case-insensitive but accent-sensitive: "Résumé" and "resume" are two tags.
	name VARCHAR(30) NOT NULL COLLATE utf8mb4_uca1400_as_ci,
	color CHAR(7) NOT NULL,
	created_at DATETIME NOT NULL,
	UNIQUE KEY tags_org_name (org_id, name),
	CONSTRAINT tags_org_fk FOREIGN KEY (org_id) REFERENCES organizations (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE product_tags (
	product_id BIGINT UNSIGNED NOT NULL,
	tag_id BIGINT UNSIGNED NOT NULL,
	PRIMARY KEY (product_id, tag_id),
	KEY product_tags_tag (tag_id, product_id),
	CONSTRAINT product_tags_product_fk FOREIGN KEY (product_id) REFERENCES products (id) ON DELETE CASCADE,
	CONSTRAINT product_tags_tag_fk FOREIGN KEY (tag_id) REFERENCES tags (id) ON DELETE CASCADE
) ENGINE=InnoDB;
