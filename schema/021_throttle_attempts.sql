-- Attempts held under a counter (throttle_hold): a real write, so that parallel checks of
-- one subject run one after the other on one server and conflict on a cluster.
ALTER TABLE throttle ADD COLUMN attempts INT UNSIGNED NOT NULL DEFAULT 0;
