-- Products and tags for the product list rows of `make bench` (scripts/bench.sh), for one
-- organization at a time. The caller sets @org (the organization's id) and @n (how many
-- products, at most 100,000) before this script, e.g.
--   { echo "SET @org = 5, @n = 100000;"; cat scripts/bench_products.sql; } | scripts/stack.sh sql VAR
--
-- Products: names hashed from their number, so that the order by name is not the order of
-- insertion (as in life: the first page's rows are spread over the table); the four kinds,
-- expiry dates over 2.5 years, one in three renewed automatically. organizations.products_count
-- follows by its triggers.
-- Tags: eight per organization, and every product carries one to three of them (the first
-- page, sorted by name, shows 50 products with tags; the tags page and the list's tag filter
-- count over all of them, as they would in an organization that uses tags). One more tag,
-- "rare", is on one product in a thousand: the filter by it is the list's slow path (few
-- matches to find among many rows).
SET @now = UTC_TIMESTAMP();

INSERT INTO products (org_id, payer_org_id, kind, name, status, expires_at, auto_renew, created_at)
SELECT @org, @org, ELT(1 + seq % 4, 'domain', 'hosting', 'mail', 'other'),
	CONCAT(SUBSTR(MD5(CONCAT(@org, '/', seq)), 1, 12), '.example.ch'),
	IF(seq % 50 = 0, 'expired', 'active'), '2026-06-01' + INTERVAL (seq * 7) % 900 DAY,
	seq % 3 = 0, @now
FROM seq_1_to_100000 WHERE seq <= @n;

INSERT INTO tags (org_id, name, color, created_at)
SELECT @org, ELT(seq, 'production', 'staging', 'customer', 'internal', 'eu', 'switzerland',
	'renew-manually', 'legacy'), '#0b5cad', @now
FROM seq_1_to_8;
INSERT INTO tags (org_id, name, color, created_at) VALUES (@org, 'rare', '#0b5cad', @now);

-- Tags number k = 0..7 in the order of their ids; product p carries 1 + p % 3 of them:
-- k = p % 8, then (p + 3) % 8, then (p + 5) % 8 (always three different ones).
INSERT INTO product_tags (product_id, tag_id)
SELECT p.id, t.id
FROM products p
JOIN seq_0_to_2 s ON s.seq <= p.id % 3
JOIN (SELECT id, ROW_NUMBER() OVER (ORDER BY id) - 1 AS k FROM tags
	WHERE org_id = @org AND name <> 'rare') t ON t.k = (p.id + ELT(s.seq + 1, 0, 3, 5)) % 8
WHERE p.org_id = @org;

INSERT INTO product_tags (product_id, tag_id)
SELECT p.id, (SELECT id FROM tags WHERE org_id = @org AND name = 'rare')
FROM products p WHERE p.org_id = @org AND p.id % 1000 = 0;

ANALYZE TABLE products, tags, product_tags;
