-- When a session last gave a second factor (at login, or confirming it is the user): adding
-- a method or renewing emergency codes needs one within 5 minutes.
ALTER TABLE sessions ADD COLUMN twofa_at DATETIME NULL;
