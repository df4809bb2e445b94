-- The worker's purge of expired device registration tokens reads them by expiry.
CREATE INDEX device_registrations_expiry ON device_registrations (expires_at);
