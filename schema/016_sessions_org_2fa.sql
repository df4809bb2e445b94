-- Account security: active sessions, and organizations that require 2FA of their members.

-- A stable public id per session: the sessions page names a session by it ("end this
-- session"); the cookie's keyed hash stays the primary key and is never shown.
ALTER TABLE sessions ADD COLUMN id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT UNIQUE;

-- Set by a legal representative or an administrator: members are asked to turn 2FA on, and
-- those who have not are listed to the organization's managers.
ALTER TABLE organizations ADD COLUMN require_2fa TINYINT(1) NOT NULL DEFAULT 0;

-- When the member was last reminded to turn 2FA on: at most one reminder a day, set by a
-- conditional update so that a double click sends one mail.
ALTER TABLE memberships ADD COLUMN twofa_reminded_at DATETIME NULL;
