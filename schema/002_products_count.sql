-- The number of products an organization manages, kept with the products themselves: the
-- home page shows it on every visit, and counting there cost a subquery per organization.
-- Triggers keep it exact for every writer (kontorctl, the products area, the API), inside
-- the writer's own transaction.

ALTER TABLE organizations ADD COLUMN products_count INT UNSIGNED NOT NULL DEFAULT 0 AFTER is_partner;

UPDATE organizations o SET products_count = (SELECT COUNT(*) FROM products p WHERE p.org_id = o.id);

CREATE TRIGGER products_count_insert AFTER INSERT ON products FOR EACH ROW
	UPDATE organizations SET products_count = products_count + 1 WHERE id = NEW.org_id;

CREATE TRIGGER products_count_delete AFTER DELETE ON products FOR EACH ROW
	UPDATE organizations SET products_count = products_count - 1 WHERE id = OLD.org_id;

DELIMITER //
CREATE TRIGGER products_count_move AFTER UPDATE ON products FOR EACH ROW
BEGIN
	IF NEW.org_id <> OLD.org_id THEN
		UPDATE organizations SET products_count = products_count - 1 WHERE id = OLD.org_id;
		UPDATE organizations SET products_count = products_count + 1 WHERE id = NEW.org_id;
	END IF;
END//
DELIMITER ;
