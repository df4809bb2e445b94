-- Mail bodies are sealed (encrypted with a key derived from the server key) while they wait
-- in the outbox: reset links must not be readable in the database, even for the seconds
-- before delivery. Rows written by older code (sealed = 0) stay readable as they are.
ALTER TABLE outbox ADD COLUMN sealed TINYINT(1) NOT NULL DEFAULT 0 AFTER body;
