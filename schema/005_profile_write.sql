-- The scope for PATCH /api/1/profile. Appended, so that the SET's existing members keep
-- their values.
ALTER TABLE api_tokens MODIFY scopes SET('profile:read', 'organizations:read',
	'organizations:write', 'products:read', 'products:write', 'billing:read', 'billing:write',
	'partners:read', 'partners:write', 'tenders:read', 'tenders:write', 'profile:write') NOT NULL;
