// GET /api/1/organizations/{id} and /members: the organization and its members, for a member
// only; an organization of others answers 404 and says nothing of it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { apiGet, kontorctl, newOrg, newToken, newUser } from './lib.js';

test('a member reads the organization and its members', async () => {
  const rep = newUser('orgrep');
  const admin = newUser('orgadmin');
  const org = newOrg('Members API AG', rep);
  kontorctl(['member', 'add', String(org), admin.email, '--role', 'admin']);
  const { token } = newToken(admin, ['organizations:read']);
  const one = await apiGet(token, `/organizations/${org}`);
  assert.equal(one.status, 200);
  assert.equal(one.json.data.id, org);
  assert.equal(one.json.data.name, 'Members API AG');
  assert.equal(one.json.data.role, 'admin');
  const members = await apiGet(token, `/organizations/${org}/members`);
  assert.equal(members.status, 200);
  assert.equal(members.json.total, 2);
  assert.deepEqual(members.json.data.map((m) => [m.user_id, m.email, m.role]).sort(),
    [[rep.id, rep.email, 'legal_representative'], [admin.id, admin.email, 'admin']].sort());
  const page2 = await apiGet(token, `/organizations/${org}/members?per_page=1&page=2`);
  assert.equal(page2.json.data.length, 1);
  assert.equal(page2.json.pages, 2);
  const past = await apiGet(token, `/organizations/${org}/members?page=9`);
  assert.equal(past.status, 200);
  assert.deepEqual(past.json.data, []);
  assert.equal(past.json.total, 2);
});

test('an organization the user is not a member of answers 404, never its data', async () => {
  const owner = newUser('orgowner');
  const org = newOrg('Private AG', owner);
  const stranger = newUser('orgstranger');
  const { token } = newToken(stranger, ['organizations:read']);
  for (const path of [`/organizations/${org}`, `/organizations/${org}/members`, `/organizations/${org}/members?page=2`, '/organizations/999999999']) {
    const res = await apiGet(token, path);
    assert.equal(res.status, 404, path);
    assert.equal(res.json.error.code, 'not_found', path);
    assert.doesNotMatch(JSON.stringify(res.json), /Private AG|orgowner/);
  }
  const noScope = newToken(owner, ['profile:read']).token;
  assert.equal((await apiGet(noScope, `/organizations/${org}`)).status, 403);
});
