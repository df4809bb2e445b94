-- Indexes for the worker's purge of what has expired (sessions, throttle counters, reset
-- links, delivered mail), so that it reads only what it deletes.
ALTER TABLE sessions ADD KEY sessions_last_seen (last_seen), ADD KEY sessions_created (created_at);
ALTER TABLE throttle ADD KEY throttle_last_failure (last_failure);
ALTER TABLE password_resets ADD KEY password_resets_expires (expires_at);
ALTER TABLE outbox ADD KEY outbox_done (status, created_at);
