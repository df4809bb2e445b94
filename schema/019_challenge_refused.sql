-- A pending login refused on a device (NO) can no longer be finished in any other way.
ALTER TABLE login_challenges ADD COLUMN refused_at DATETIME NULL;
