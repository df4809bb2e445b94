-- Throttle subjects hold whole lower-cased e-mail addresses (up to 254 bytes): a shorter
-- column truncated long addresses, and case variants of one address counted apart.
ALTER TABLE throttle MODIFY subject VARBINARY(255) NOT NULL;
