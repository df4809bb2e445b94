-- Lost-device recovery: a user who gave the right password but can no longer give a second
-- factor asks provider staff for help, with photos of an identity document (front and back)
-- and a selfie holding it. Staff approve (2FA is turned off) or reject with a reason; the
-- worker deletes the documents at the decision, and after 72 hours in any case.
CREATE TABLE recovery_requests (
	id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
	user_id BIGINT UNSIGNED NOT NULL,
	-- The user's id while the request is pending, NULL once it is decided: the unique key
	-- keeps one open request per user however many submissions race (on a cluster too).
	open_user_id BIGINT UNSIGNED NULL,
	-- E.164: '+' and 7 to 15 digits.
	phone VARCHAR(20) NOT NULL,
	status ENUM('pending', 'approved', 'rejected') NOT NULL DEFAULT 'pending',
	-- Why staff rejected it (mailed to the user); empty otherwise.
	reason VARCHAR(1000) NOT NULL DEFAULT '',
	ip VARCHAR(45) NOT NULL DEFAULT '',
	created_at DATETIME NOT NULL,
	decided_at DATETIME NULL,
	decided_by BIGINT UNSIGNED NULL,
	-- When the worker deleted the documents (files and rows).
	documents_deleted_at DATETIME NULL,
	-- The worker's claim while it deletes the files (taken over after 15 minutes).
	purge_claimed_at DATETIME NULL,
	UNIQUE KEY recovery_requests_open (open_user_id),
	KEY recovery_requests_user (user_id, created_at),
	KEY recovery_requests_queue (status, created_at),
	KEY recovery_requests_purge (documents_deleted_at, created_at),
	CONSTRAINT recovery_requests_user_fk FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
	CONSTRAINT recovery_requests_staff_fk FOREIGN KEY (decided_by) REFERENCES users (id) ON DELETE SET NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- The documents of a request: one file each in the uploads folder, named by the server
-- (random), sealed with a key derived from the server key. Never the uploaded file name.
CREATE TABLE recovery_documents (
	id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
	request_id BIGINT UNSIGNED NOT NULL,
	kind ENUM('front', 'back', 'selfie') NOT NULL,
	stored_name CHAR(43) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
	-- What libmagic found in the content: image/jpeg, image/png or application/pdf.
	detected_type VARCHAR(40) NOT NULL,
	-- Bytes uploaded (the file is 40 bytes longer, sealed).
	size BIGINT UNSIGNED NOT NULL,
	created_at DATETIME NOT NULL,
	UNIQUE KEY recovery_documents_kind (request_id, kind),
	UNIQUE KEY recovery_documents_name (stored_name),
	CONSTRAINT recovery_documents_request_fk FOREIGN KEY (request_id) REFERENCES recovery_requests (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
