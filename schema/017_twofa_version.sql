-- The guarding row of a user's two-factor set-up: every change of it (an authenticator's
-- enrolment started, a factor removed, 2FA turned off) bumps this version first, inside its
-- transaction, so that two concurrent changes run one after the other (on one server and on
-- a multi-writer cluster alike) and the last factor is never removed twice over.
ALTER TABLE users ADD COLUMN twofa_version BIGINT UNSIGNED NOT NULL DEFAULT 0;
