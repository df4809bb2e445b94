-- Products: the holder's address (the owner contact: for a domain, its registrant), and the
-- indexes the organization's product list sorts and filters by.
ALTER TABLE products
	ADD COLUMN holder_street VARCHAR(200) NOT NULL DEFAULT '' AFTER holder_email,
	ADD COLUMN holder_postcode VARCHAR(20) NOT NULL DEFAULT '' AFTER holder_street,
	ADD COLUMN holder_city VARCHAR(100) NOT NULL DEFAULT '' AFTER holder_postcode,
	ADD KEY products_org_expiry (org_id, expires_at, id);
