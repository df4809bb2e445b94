// Changing organizations over the API: PATCH /organizations/{org} (coordinates), POST
// /organizations/{org}/members (invitations), PATCH and DELETE /organizations/{org}/members/{user}
// (roles, removal, leaving). The rules are those of the pages (fcgi/org): only administrators
// and legal representatives change anything, only a legal representative touches one, the
// last one always stays. Every refusal is checked to have left the database as it was.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  apiCall as call, assertApiError as assertError, assertApiFields as assertFields, kontorctl,
  newOrg, newProduct, newToken, newUser, q, sql, sqlValue, waitForMail,
} from './lib.js';

const WRITE = ['organizations:read', 'organizations:write'];
let orgCounter = 0;
let addressCounter = 0;

// A name no other organization of this run has: mails are told apart by it.
function orgName(what) {
  orgCounter += 1;
  return `${what} ${process.pid}-${orgCounter}`;
}

// An address that has no account (an invitee).
function newAddress(prefix = 'invitee') {
  addressCounter += 1;
  return `${prefix}${process.pid}x${addressCounter}@example.test`;
}

// Everything of the organization a request could change, and the mails waiting or sent to
// the given addresses. The VAT status is left out: a VIES worker of another test file may
// confirm a number at any time.
function state(org, addresses = []) {
  return {
    org: sql(`SELECT name, entity_type, country, street, postcode, city, phone, email, vat_number,
      uid_number, members_version, COALESCE(terms_accepted_at, '-'), COALESCE(updated_at, '-')
      FROM organizations WHERE id = ${org}`),
    members: sql(`SELECT user_id, role FROM memberships WHERE org_id = ${org} ORDER BY user_id`),
    invitations: sql(`SELECT id, email, role, COALESCE(pending, '-'), expires_at, token_hash
      FROM invitations WHERE org_id = ${org} ORDER BY id`),
    activity: sql(`SELECT COUNT(*), COALESCE(MAX(id), 0) FROM org_activity WHERE org_id = ${org}`),
    grants: sql(`SELECT user_id, product_id FROM product_grants WHERE org_id = ${org} ORDER BY 1, 2`),
    kinds: sql(`SELECT user_id, kind FROM kind_grants WHERE org_id = ${org} ORDER BY 1, 2`),
    tokenProducts: sql(`SELECT tp.token_id, tp.product_id FROM api_token_products tp
      JOIN products p ON p.id = tp.product_id WHERE p.org_id = ${org} ORDER BY 1, 2`),
    mails: addresses.map((a) => [a, sqlValue(`SELECT COUNT(*) FROM outbox WHERE recipient = ${q(a)}`)]),
  };
}

// The newest activity entries of the organization, newest first.
function activity(org, n = 1) {
  return sql(`SELECT event, subject, detail, ip, COALESCE(actor_id, 0), actor_name FROM org_activity
    WHERE org_id = ${org} ORDER BY id DESC LIMIT ${n}`);
}

function role(org, user) {
  return sqlValue(`SELECT role FROM memberships WHERE org_id = ${org} AND user_id = ${user.id}`);
}

// The queued notices "the legal representatives of <org> changed" to an address.
function legalRepNotices(address, name) {
  return Number(sqlValue(`SELECT COUNT(*) FROM outbox WHERE recipient = ${q(address)}
    AND subject = ${q(`The legal representatives of ${name} changed`)}`));
}

// An organization with a legal representative, an admin and a user, each with a token that
// may write, and a read-only token of the legal representative.
function team(what, extra = []) {
  const name = orgName(what);
  const rep = newUser('wrep');
  const admin = newUser('wadmin');
  const user = newUser('wuser');
  const org = newOrg(name, rep, extra);
  kontorctl(['member', 'add', String(org), admin.email, '--role', 'admin']);
  kontorctl(['member', 'add', String(org), user.email, '--role', 'user']);
  return {
    name, org, rep, admin, user,
    repToken: newToken(rep, WRITE).token,
    adminToken: newToken(admin, WRITE).token,
    userToken: newToken(user, WRITE).token,
    readToken: newToken(rep, ['organizations:read']).token,
  };
}

const COORDS = {
  name: 'Beispiel Verein e.V.',
  entity_type: 'association',
  country: 'DE',
  address: { street: 'Hauptstraße 1', postcode: '10115', city: 'Berlin' },
  phone: '+49 30 1234567',
  email: 'Info@Beispiel.TEST',
  vat_number: 'de 136 695 976',
  terms_accepted: true,
};

// ----------------------------------------------------------- PATCH /organizations/{org}

test('PATCH organization: a legal representative changes every coordinate; the answer is the organization as GET shows it', async () => {
  const t = team('Coordinates');
  const res = await call(t.repToken, 'PATCH', `/organizations/${t.org}`, COORDS);
  assert.equal(res.status, 200, res.body);
  assert.equal(res.json.result, 'success');
  const d = res.json.data;
  assert.equal(d.id, t.org);
  assert.equal(d.name, 'Beispiel Verein e.V.');
  assert.equal(d.entity_type, 'association');
  assert.equal(d.country, 'DE');
  assert.deepEqual(d.address, { street: 'Hauptstraße 1', postcode: '10115', city: 'Berlin' });
  assert.equal(d.phone, '+49 30 1234567');
  assert.equal(d.email, 'Info@beispiel.test', 'the domain is lower-cased');
  assert.equal(d.vat_number, 'DE136695976', 'the number is normalised');
  assert.equal(d.vat_status, 'not_checked');
  assert.equal(d.role, 'legal_representative');
  const get = await call(t.readToken, 'GET', `/organizations/${t.org}`);
  assert.equal(get.status, 200);
  assert.deepEqual(get.json, res.json, 'PATCH answers what GET shows');

  const row = sql(`SELECT name, entity_type, country, street, postcode, city, phone, email, vat_number,
    uid_number, terms_accepted_at IS NOT NULL, updated_at IS NOT NULL FROM organizations WHERE id = ${t.org}`)[0];
  assert.deepEqual(row, ['Beispiel Verein e.V.', 'association', 'DE', 'Hauptstraße 1', '10115', 'Berlin',
    '+49 30 1234567', 'Info@beispiel.test', 'DE136695976', '', '1', '1']);
  assert.deepEqual(activity(t.org)[0],
    ['coordinates_changed', 'Beispiel Verein e.V.', 'DE136695976', res.address, String(t.rep.id), `Test wrep ${t.rep.email.match(/x(\d+)@/)[1]}`]);
});

test('PATCH organization: an administrator may change it too; only the keys sent change; an Austrian number is accepted', async () => {
  const t = team('Partial', ['--country', 'AT']);
  sql(`UPDATE organizations SET street = 'Ring 1', city = 'Wien', phone = '+43 1 000' WHERE id = ${t.org}`);
  const res = await call(t.adminToken, 'PATCH', `/organizations/${t.org}`,
    { vat_number: 'ATU13585627', address: { postcode: '1010' }, terms_accepted: true });
  assert.equal(res.status, 200, res.body);
  assert.equal(res.json.data.vat_number, 'ATU13585627');
  assert.equal(res.json.data.role, 'admin');
  assert.deepEqual(res.json.data.address, { street: 'Ring 1', postcode: '1010', city: 'Wien' });
  assert.equal(res.json.data.phone, '+43 1 000');
  assert.equal(res.json.data.name, t.name);
  assert.equal(res.json.data.country, 'AT');
  assert.deepEqual(activity(t.org)[0].slice(0, 5), ['coordinates_changed', t.name, 'ATU13585627', res.address, String(t.admin.id)]);
});

test('PATCH organization: a changed VAT number starts over as not checked, an unchanged one keeps its status, an empty one clears it', async () => {
  const t = team('VAT status', ['--country', 'DE']);
  assert.equal((await call(t.repToken, 'PATCH', `/organizations/${t.org}`, { vat_number: 'DE136695976', terms_accepted: true })).status, 200);
  sql(`UPDATE organizations SET vat_status = 'valid', vat_checked_at = UTC_TIMESTAMP() WHERE id = ${t.org}`);
  const same = await call(t.repToken, 'PATCH', `/organizations/${t.org}`, { phone: '+49 1', terms_accepted: true });
  assert.equal(same.status, 200, same.body);
  assert.equal(same.json.data.vat_status, 'valid', 'the number did not change');
  assert.equal(sqlValue(`SELECT vat_checked_at IS NOT NULL FROM organizations WHERE id = ${t.org}`), '1');
  const other = await call(t.repToken, 'PATCH', `/organizations/${t.org}`, { vat_number: 'DE 129 273 398', terms_accepted: true });
  assert.equal(other.status, 200, other.body);
  assert.equal(other.json.data.vat_number, 'DE129273398');
  assert.equal(other.json.data.vat_status, 'not_checked');
  assert.equal(sqlValue(`SELECT vat_checked_at IS NULL FROM organizations WHERE id = ${t.org}`), '1');
  const cleared = await call(t.repToken, 'PATCH', `/organizations/${t.org}`, { vat_number: '', phone: '', terms_accepted: true });
  assert.equal(cleared.status, 200, cleared.body);
  assert.equal(cleared.json.data.vat_number, null);
  assert.equal(cleared.json.data.phone, '');
  assert.deepEqual(sql(`SELECT vat_number, phone FROM organizations WHERE id = ${t.org}`)[0], ['', '']);
});

test('PATCH organization: a Swiss organization stores its UID number; elsewhere the UID is refused', async () => {
  const t = team('UID');  // Swiss by default
  const res = await call(t.repToken, 'PATCH', `/organizations/${t.org}`, { uid_number: 'CHE-116.281.710 MWST', terms_accepted: true });
  assert.equal(res.status, 200, res.body);
  assert.equal(sqlValue(`SELECT uid_number FROM organizations WHERE id = ${t.org}`), 'CHE-116.281.710 MWST');
  const bad = await call(t.repToken, 'PATCH', `/organizations/${t.org}`, { uid_number: 'CHE-116.281.711', terms_accepted: true });
  assertFields(bad, ['uid_number']);
  assert.equal(sqlValue(`SELECT uid_number FROM organizations WHERE id = ${t.org}`), 'CHE-116.281.710 MWST');

  const de = team('UID abroad', ['--country', 'DE']);
  const before = state(de.org);
  const refused = await call(de.repToken, 'PATCH', `/organizations/${de.org}`, { uid_number: 'CHE-116.281.710 MWST', terms_accepted: true });
  assertFields(refused, ['uid_number']);
  assert.equal(refused.json.error.fields.uid_number, 'The UID number is for organizations in Switzerland.');
  // An EU VAT number does not apply to a Swiss organization either.
  const vat = await call(t.repToken, 'PATCH', `/organizations/${t.org}`, { vat_number: 'DE136695976', terms_accepted: true });
  assertFields(vat, ['vat_number']);
  assert.deepEqual(state(de.org), before);
});

test('PATCH organization: invalid values answer 400 validation_failed with the fields at fault, and nothing changes', async () => {
  const t = team('Invalid coordinates', ['--country', 'DE']);
  const before = state(t.org);
  const cases = [
    [{ vat_number: 'DE136695977', terms_accepted: true }, ['vat_number'], /check digit/],
    [{ vat_number: 'ATU13585627', terms_accepted: true }, ['vat_number'], /prefix/],
    [{ vat_number: 'DE12345', terms_accepted: true }, ['vat_number'], /length or characters/],
    [{ country: 'XX', terms_accepted: true }, ['country']],
    [{ country: 'de', terms_accepted: true }, ['country']],
    [{ country: 'DEU', terms_accepted: true }, ['country']],
    [{ entity_type: 'sole_trader', terms_accepted: true }, ['entity_type']],
    [{ entity_type: 1, terms_accepted: true }, ['entity_type']],
    [{ name: '', terms_accepted: true }, ['name']],
    [{ name: 'x'.repeat(201), terms_accepted: true }, ['name']],
    [{ name: 42, terms_accepted: true }, ['name']],
    [{ email: 'not-an-address', terms_accepted: true }, ['email']],
    [{ phone: '1'.repeat(41), terms_accepted: true }, ['phone']],
    [{ address: { city: 'c'.repeat(101) }, terms_accepted: true }, ['address.city']],
    [{ address: 'Hauptstraße 1', terms_accepted: true }, ['address']],
    [{ address: null, terms_accepted: true }, ['address']],
    [{ name: 'New name' }, ['terms_accepted']],
    [{ name: 'New name', terms_accepted: false }, ['terms_accepted']],
    [{ name: 'New name', terms_accepted: 'true' }, ['terms_accepted']],
    [{ name: 'New name', terms_accepted: true, website: 'x' }, ['website']],
    [{ address: { zip: '1' }, terms_accepted: true }, ['zip']],
    [{ name: '', email: 'nope', terms_accepted: false }, ['name', 'email', 'terms_accepted']],
  ];
  for (const [body, fields, message] of cases) {
    const res = await call(t.repToken, 'PATCH', `/organizations/${t.org}`, body);
    assertFields(res, fields);
    if (message) assert.match(res.json.error.fields[fields[0]], message, JSON.stringify(body));
  }
  assert.equal((await call(t.adminToken, 'PATCH', `/organizations/${t.org}`, { terms_accepted: true, unknown: 1 })).json.error.fields.unknown, 'unknown field');
  for (const raw of ['[]', '"name"', '{"name": ', '{"name":"a","name":"b","terms_accepted":true}']) {
    assertError(await call(t.adminToken, 'PATCH', `/organizations/${t.org}`, raw), 400, 'validation_failed');
  }
  assertError(await call(t.adminToken, 'PATCH', `/organizations/${t.org}`), 400, 'validation_failed');
  assertError(await call(t.adminToken, 'PATCH', `/organizations/${t.org}`, 'name=x&terms_accepted=1',
    { headers: { 'Content-Type': 'application/x-www-form-urlencoded' } }), 415, 'unsupported_media_type');
  assert.deepEqual(state(t.org), before);
});

test('PATCH organization: a member with role user gets 403 forbidden, a stranger 404, a read-only token 403; nothing changes', async () => {
  const t = team('Refused coordinates');
  const stranger = newUser('wstranger');
  const strangerToken = newToken(stranger, WRITE).token;
  const before = state(t.org);
  const body = { name: 'Taken over', terms_accepted: true };
  assertError(await call(t.userToken, 'PATCH', `/organizations/${t.org}`, body), 403, 'forbidden');
  const nf = await call(strangerToken, 'PATCH', `/organizations/${t.org}`, body);
  assertError(nf, 404, 'not_found');
  assert.doesNotMatch(nf.body, new RegExp(t.name));
  assertError(await call(strangerToken, 'PATCH', '/organizations/999999999', body), 404, 'not_found');
  assertError(await call(t.readToken, 'PATCH', `/organizations/${t.org}`, body), 403, 'forbidden');
  assertError(await call(null, 'PATCH', `/organizations/${t.org}`, body), 401, 'not_authenticated');
  assert.deepEqual(state(t.org), before);
  assert.equal(sqlValue(`SELECT name FROM organizations WHERE id = ${t.org}`), t.name);
});

// ----------------------------------------------------- POST /organizations/{org}/members

test('POST members: an administrator invites; 201 with the invitation, logged, and the invitation mailed with its link', async () => {
  const t = team('Invite');
  const email = newAddress();
  const res = await call(t.adminToken, 'POST', `/organizations/${t.org}/members`, { email, role: 'user' });
  assert.equal(res.status, 201, res.body);
  assert.equal(res.json.result, 'success');
  const d = res.json.data;
  assert.deepEqual(Object.keys(d).sort(), ['email', 'expires_at', 'invitation_id', 'role']);
  assert.equal(d.email, email);
  assert.equal(d.role, 'user');
  assert.ok(Number.isInteger(d.invitation_id) && d.invitation_id > 0);
  assert.match(d.expires_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  const row = sql(`SELECT org_id, email, role, pending, invited_by, UNIX_TIMESTAMP(expires_at) - UNIX_TIMESTAMP(created_at),
    UNIX_TIMESTAMP(expires_at) FROM invitations WHERE id = ${d.invitation_id}`)[0];
  assert.deepEqual(row.slice(0, 6), [String(t.org), email, 'user', '1', String(t.admin.id), String(7 * 86400)]);
  const skew = Math.abs(Date.parse(d.expires_at) / 1000 - Number(row[6]));
  assert.ok(skew <= 1, `expires_at ${d.expires_at} is the stored one (off by ${skew} s)`);
  assert.deepEqual(activity(t.org)[0].slice(0, 5), ['invitation_sent', email, 'user', res.address, String(t.admin.id)]);
  const mail = await waitForMail(email, (m) => m.subject === `Invitation to ${t.name}`);
  assert.match(mail.body, /\/invitation\?token=[A-Za-z0-9_-]{20,}/);
  assert.match(mail.body, new RegExp(`Invited by: Test wadmin`));
  assert.match(mail.body, /Role: User\b/);
});

test('POST members: a legal representative invites another legal representative', async () => {
  const t = team('Invite rep');
  const email = newAddress();
  const res = await call(t.repToken, 'POST', `/organizations/${t.org}/members`, { email, role: 'legal_representative' });
  assert.equal(res.status, 201, res.body);
  assert.equal(res.json.data.role, 'legal_representative');
  assert.deepEqual(sql(`SELECT role, pending FROM invitations WHERE id = ${res.json.data.invitation_id}`)[0], ['legal_representative', '1']);
  const mail = await waitForMail(email, (m) => m.subject === `Invitation to ${t.name}`);
  assert.match(mail.body, /Legal representative/);
});

test('POST members: 409 already_member and already_invited, 403 legal_representative_only and forbidden, 404 for strangers; nothing changes', async () => {
  const t = team('Invite refused');
  const pendingAddress = newAddress();
  assert.equal((await call(t.repToken, 'POST', `/organizations/${t.org}/members`, { email: pendingAddress, role: 'admin' })).status, 201);
  const stranger = newUser('wstranger');
  const strangerToken = newToken(stranger, WRITE).token;
  const fresh = newAddress();
  const watched = [pendingAddress, fresh, t.user.email, t.admin.email, t.rep.email];
  const before = state(t.org, watched);
  const url = `/organizations/${t.org}/members`;
  assertError(await call(t.repToken, 'POST', url, { email: t.user.email, role: 'user' }), 409, 'already_member');
  assertError(await call(t.adminToken, 'POST', url, { email: t.rep.email, role: 'admin' }), 409, 'already_member');
  assertError(await call(t.repToken, 'POST', url, { email: t.rep.email, role: 'legal_representative' }), 409, 'already_member');
  assertError(await call(t.repToken, 'POST', url, { email: t.user.email.toUpperCase(), role: 'user' }), 409, 'already_member');
  assertError(await call(t.repToken, 'POST', url, { email: pendingAddress, role: 'admin' }), 409, 'already_invited');
  assertError(await call(t.repToken, 'POST', url, { email: ` ${pendingAddress.toUpperCase()} `, role: 'admin' }), 409, 'already_invited');
  assertError(await call(t.adminToken, 'POST', url, { email: pendingAddress, role: 'user' }), 409, 'already_invited');
  assertError(await call(t.adminToken, 'POST', url, { email: fresh, role: 'legal_representative' }), 403, 'legal_representative_only');
  assertError(await call(t.userToken, 'POST', url, { email: fresh, role: 'user' }), 403, 'forbidden');
  assertError(await call(strangerToken, 'POST', url, { email: fresh, role: 'user' }), 404, 'not_found');
  assertError(await call(strangerToken, 'POST', '/organizations/999999999/members', { email: fresh, role: 'user' }), 404, 'not_found');
  assertError(await call(t.readToken, 'POST', url, { email: fresh, role: 'user' }), 403, 'forbidden');
  assertError(await call(null, 'POST', url, { email: fresh, role: 'user' }), 401, 'not_authenticated');
  assert.deepEqual(state(t.org, watched), before);
});

test('POST members: an expired invitation no longer blocks a new one to the same address', async () => {
  const t = team('Invite again');
  const email = newAddress();
  const url = `/organizations/${t.org}/members`;
  const first = await call(t.repToken, 'POST', url, { email, role: 'user' });
  assert.equal(first.status, 201, first.body);
  assertError(await call(t.repToken, 'POST', url, { email, role: 'user' }), 409, 'already_invited');
  sql(`UPDATE invitations SET created_at = created_at - INTERVAL 8 DAY, expires_at = expires_at - INTERVAL 8 DAY WHERE id = ${first.json.data.invitation_id}`);
  const second = await call(t.repToken, 'POST', url, { email, role: 'admin' });
  assert.equal(second.status, 201, second.body);
  assert.notEqual(second.json.data.invitation_id, first.json.data.invitation_id);
  assert.deepEqual(sql(`SELECT id, role, COALESCE(pending, '-') FROM invitations WHERE org_id = ${t.org} ORDER BY id`),
    [[String(first.json.data.invitation_id), 'user', '-'], [String(second.json.data.invitation_id), 'admin', '1']]);
});

test('POST members: at most 50 invitations an organization and hour; older ones do not count', async () => {
  const t = team('Invite limit');
  const email = newAddress();
  const url = `/organizations/${t.org}/members`;
  // 49 sent or sent again in the last hour (the log is what counts), one more is allowed.
  sql(`INSERT INTO org_activity (org_id, actor_id, actor_name, event, subject, detail, ip, created_at)
    SELECT ${t.org}, ${t.rep.id}, 'seed', IF(n % 2, 'invitation_sent', 'invitation_resent'), CONCAT('seed', n, '@example.test'), 'user', '127.0.0.1',
      UTC_TIMESTAMP() - INTERVAL n MINUTE FROM (SELECT seq AS n FROM seq_1_to_49) s`);
  sql(`INSERT INTO org_activity (org_id, actor_id, actor_name, event, subject, detail, ip, created_at)
    VALUES (${t.org}, ${t.rep.id}, 'seed', 'invitation_sent', 'old@example.test', 'user', '127.0.0.1', UTC_TIMESTAMP() - INTERVAL 61 MINUTE),
           (${t.org}, ${t.rep.id}, 'seed', 'member_removed', 'other@example.test', 'user', '127.0.0.1', UTC_TIMESTAMP())`);
  const fiftieth = await call(t.adminToken, 'POST', url, { email, role: 'user' });
  assert.equal(fiftieth.status, 201, fiftieth.body);
  const next = newAddress();
  const before = state(t.org, [next]);
  const refused = await call(t.repToken, 'POST', url, { email: next, role: 'user' });
  assertError(refused, 429, 'too_many_requests');
  assert.match(refused.json.error.description, /many invitations/);
  assert.deepEqual(state(t.org, [next]), before);
  // Another organization is not affected.
  const other = team('Invite limit other');
  assert.equal((await call(other.repToken, 'POST', `/organizations/${other.org}/members`, { email: next, role: 'user' })).status, 201);
});

test('POST members: a bad role or address answers 400 with the field, header injection included; nothing is queued', async () => {
  const t = team('Invite invalid');
  const email = newAddress();
  const url = `/organizations/${t.org}/members`;
  const injected = [`${email}\r\nBcc: victim@example.test`, `${email}\nBcc: victim@example.test`, `${email}\r`,
    `x\r\n@example.test`, `${email}\u2028`];
  const before = state(t.org, [email, 'victim@example.test']);
  const cases = [
    [{ email, role: 'owner' }, ['role']],
    [{ email, role: 'Admin' }, ['role']],
    [{ email, role: 1 }, ['role']],
    [{ email }, ['role']],
    [{ role: 'user' }, ['email']],
    [{ email: 'no-at-sign', role: 'user' }, ['email']],
    [{ email: '', role: 'user' }, ['email']],
    [{ email: ['a@example.test'], role: 'user' }, ['email']],
    [{ email: `${'a'.repeat(250)}@example.test`, role: 'user' }, ['email']],
    [{ email: 'bad', role: 'bad' }, ['email', 'role']],
    [{ email, role: 'user', name: 'X' }, ['name']],
    ...injected.map((e) => [{ email: e, role: 'user' }, ['email']]),
  ];
  for (const [body, fields] of cases) assertFields(await call(t.repToken, 'POST', url, body), fields);
  for (const raw of ['[]', 'null', '{"email":', '']) assertError(await call(t.repToken, 'POST', url, raw === '' ? undefined : raw), 400, 'validation_failed');
  assert.deepEqual(state(t.org, [email, 'victim@example.test']), before);
  assert.equal(sqlValue(`SELECT COUNT(*) FROM outbox WHERE recipient LIKE '%victim@example.test%' OR recipient LIKE '%\\r%' OR recipient LIKE '%\\n%'`), '0');
});

test('POST members: a statement failing anywhere in the invitation leaves no invitation, log entry or mail behind', async () => {
  const t = team('Invite fault');
  const email = newAddress();
  const before = state(t.org, [email]);
  let created;
  for (let n = 1; n <= 20 && !created; n++) {
    const res = await call(t.repToken, 'POST', `/organizations/${t.org}/members`, { email, role: 'user' },
      { headers: { 'X-Kontor-Fault': String(n) } });
    if (res.status === 201) {
      created = res;
      break;
    }
    assert.ok(res.status >= 400, `fault at statement ${n}: ${res.status}`);
    assert.deepEqual(state(t.org, [email]), before, `fault at statement ${n}`);
  }
  assert.ok(created, 'the invitation went through once no statement failed');
  assert.equal(sqlValue(`SELECT COUNT(*) FROM invitations WHERE org_id = ${t.org} AND email = ${q(email)}`), '1');
  assert.equal(sqlValue(`SELECT COUNT(*) FROM outbox WHERE recipient = ${q(email)}`), '1');
});

// Found in review (fcgi/org/members.c org_role_of): "not a member" and DB_ERROR were both -1,
// so a failing membership check read as "not a member": the invitee's check let an existing
// member be invited (201, mailed), the inviter's answered 404.
test('bug: a failing membership check never invites an existing member nor answers 404', async () => {
  const t = team('Role check fault');
  const before = state(t.org, [t.user.email]);
  for (let n = 1; n <= 8; n++) {
    const res = await call(t.repToken, 'POST', `/organizations/${t.org}/members`, { email: t.user.email, role: 'admin' },
      { headers: { 'X-Kontor-Fault': String(n) } });
    assert.ok(res.status === 409 || res.status >= 500, `fault at statement ${n}: ${res.status} ${res.body}`);
    assert.deepEqual(state(t.org, [t.user.email]), before, `fault at statement ${n}`);
  }
});

// --------------------------------------------- PATCH /organizations/{org}/members/{user}

test('PATCH member: an administrator makes a user an administrator; the member answers; the activity log has the change, by whom and from where', async () => {
  const t = team('Role change');
  const p = newProduct(t.org, `role${process.pid}.example`);
  sql(`INSERT INTO product_grants (org_id, user_id, product_id, created_at) VALUES (${t.org}, ${t.user.id}, ${p}, UTC_TIMESTAMP())`);
  sql(`INSERT INTO kind_grants (org_id, user_id, kind, created_at) VALUES (${t.org}, ${t.user.id}, 'mail', UTC_TIMESTAMP())`);
  const version = Number(sqlValue(`SELECT members_version FROM organizations WHERE id = ${t.org}`));
  const res = await call(t.adminToken, 'PATCH', `/organizations/${t.org}/members/${t.user.id}`, { role: 'admin' });
  assert.equal(res.status, 200, res.body);
  assert.deepEqual(res.json, { result: 'success', data: { user_id: t.user.id, email: t.user.email, name: res.json.data.name, role: 'admin' } });
  assert.match(res.json.data.name, /^Test wuser \d+$/);
  assert.equal(role(t.org, t.user), 'admin');
  const [event, subject, detail, ip, actor, actorName] = activity(t.org)[0];
  assert.equal(event, 'member_role_changed');
  assert.equal(subject, t.user.email);
  assert.equal(detail, 'user>admin');
  assert.equal(ip, res.address, 'the client address is logged');
  assert.equal(actor, String(t.admin.id));
  assert.match(actorName, /^Test wadmin \d+$/);
  assert.equal(Number(sqlValue(`SELECT members_version FROM organizations WHERE id = ${t.org}`)), version + 1);
  // The grants of role "user" mean nothing for an administrator: they are gone.
  assert.equal(sqlValue(`SELECT COUNT(*) FROM product_grants WHERE org_id = ${t.org} AND user_id = ${t.user.id}`), '0');
  assert.equal(sqlValue(`SELECT COUNT(*) FROM kind_grants WHERE org_id = ${t.org} AND user_id = ${t.user.id}`), '0');
  // No legal representative was involved: no notice.
  assert.equal(legalRepNotices(t.rep.email, t.name), 0);
  // The list shows the new role.
  const list = await call(t.readToken, 'GET', `/organizations/${t.org}/members`);
  assert.equal(list.json.data.find((m) => m.user_id === t.user.id).role, 'admin');
});

test('PATCH member: an administrator made a user loses the token product rows of this organization', async () => {
  const t = team('Demote');
  const elsewhere = newOrg(orgName('Demote elsewhere'), t.admin);
  const here = newProduct(t.org, `demote${process.pid}.example`);
  const there = newProduct(elsewhere, `demote2${process.pid}.example`);
  const limited = newToken(t.admin, ['products:read'], ['--products', `${here},${there}`]);
  const res = await call(t.repToken, 'PATCH', `/organizations/${t.org}/members/${t.admin.id}`, { role: 'user' });
  assert.equal(res.status, 200, res.body);
  assert.equal(res.json.data.role, 'user');
  assert.deepEqual(sql(`SELECT product_id FROM api_token_products WHERE token_id = ${limited.id}`), [[String(there)]]);
  assert.deepEqual(activity(t.org)[0].slice(0, 4), ['member_role_changed', t.admin.email, 'admin>user', res.address]);
  // Now a user, the former administrator changes nobody.
  assertError(await call(t.adminToken, 'PATCH', `/organizations/${t.org}/members/${t.user.id}`, { role: 'admin' }), 403, 'forbidden');
});

test('PATCH member: appointing a second legal representative mails every legal representative, the new one too', async () => {
  const t = team('Second rep');
  const res = await call(t.repToken, 'PATCH', `/organizations/${t.org}/members/${t.admin.id}`, { role: 'legal_representative' });
  assert.equal(res.status, 200, res.body);
  assert.equal(res.json.data.role, 'legal_representative');
  assert.equal(role(t.org, t.admin), 'legal_representative');
  assert.deepEqual(activity(t.org)[0].slice(0, 5),
    ['member_role_changed', t.admin.email, 'admin>legal_representative', res.address, String(t.rep.id)]);
  const subject = `The legal representatives of ${t.name} changed`;
  for (const who of [t.rep, t.admin]) {
    const mail = await waitForMail(who.email, (m) => m.subject === subject);
    assert.match(mail.body, /The role of Test wadmin \d+ was changed/);
    assert.match(mail.body, /Changed by: Test wrep \d+/);
    assert.match(mail.body, new RegExp(`Requested from the address ${res.address.replace(/\./g, '\\.')}\\.`));
    assert.equal(legalRepNotices(who.email, t.name), 1, `one notice to ${who.email}`);
  }
  assert.equal(legalRepNotices(t.user.email, t.name), 0, 'a mere user is not told');
});

test('PATCH member: a legal representative steps down while another remains; both are told', async () => {
  const t = team('Step down');
  const second = newUser('wrep2');
  kontorctl(['member', 'add', String(t.org), second.email, '--role', 'legal_representative']);
  const res = await call(t.repToken, 'PATCH', `/organizations/${t.org}/members/${t.rep.id}`, { role: 'admin' });
  assert.equal(res.status, 200, res.body);
  assert.equal(res.json.data.role, 'admin');
  assert.equal(role(t.org, t.rep), 'admin');
  assert.deepEqual(activity(t.org)[0].slice(0, 3), ['member_role_changed', t.rep.email, 'legal_representative>admin']);
  for (const who of [t.rep, second]) {
    await waitForMail(who.email, (m) => m.subject === `The legal representatives of ${t.name} changed`
      && /The role of Test wrep \d+ was changed/.test(m.body));
  }
  // Now the other is the last one: demoting them is refused.
  const secondToken = newToken(second, WRITE).token;
  assertError(await call(secondToken, 'PATCH', `/organizations/${t.org}/members/${second.id}`, { role: 'admin' }), 409, 'last_legal_representative');
  assert.equal(role(t.org, second), 'legal_representative');
});

test('PATCH member: the role the member already has answers 200 and writes nothing', async () => {
  const t = team('Same role');
  const before = state(t.org, [t.rep.email, t.user.email]);
  const res = await call(t.adminToken, 'PATCH', `/organizations/${t.org}/members/${t.user.id}`, { role: 'user' });
  assert.equal(res.status, 200, res.body);
  assert.equal(res.json.data.role, 'user');
  assert.equal(res.json.data.user_id, t.user.id);
  const rep = await call(t.repToken, 'PATCH', `/organizations/${t.org}/members/${t.rep.id}`, { role: 'legal_representative' });
  assert.equal(rep.status, 200, rep.body);
  assert.equal(rep.json.data.role, 'legal_representative');
  assert.deepEqual(state(t.org, [t.rep.email, t.user.email]), before);
});

test('PATCH member: 409 last_legal_representative, 403 legal_representative_only and forbidden, 404 and 400; nothing changes', async () => {
  const t = team('Role refused');
  const other = newUser('wother');
  const otherOrg = newOrg(orgName('Other'), other);
  const stranger = newUser('wstranger');
  const strangerToken = newToken(stranger, WRITE).token;
  const watched = [t.rep.email, t.admin.email, t.user.email];
  const before = state(t.org, watched);
  const beforeOther = state(otherOrg, [other.email]);
  const m = (u) => `/organizations/${t.org}/members/${u.id ?? u}`;
  // The last legal representative cannot demote themselves, not even to admin.
  assertError(await call(t.repToken, 'PATCH', m(t.rep), { role: 'admin' }), 409, 'last_legal_representative');
  assertError(await call(t.repToken, 'PATCH', m(t.rep), { role: 'user' }), 409, 'last_legal_representative');
  // An administrator neither changes a legal representative nor appoints one.
  assertError(await call(t.adminToken, 'PATCH', m(t.rep), { role: 'admin' }), 403, 'legal_representative_only');
  assertError(await call(t.adminToken, 'PATCH', m(t.user), { role: 'legal_representative' }), 403, 'legal_representative_only');
  assertError(await call(t.adminToken, 'PATCH', m(t.admin), { role: 'legal_representative' }), 403, 'legal_representative_only');
  // A user changes nobody, not even themselves.
  assertError(await call(t.userToken, 'PATCH', m(t.admin), { role: 'user' }), 403, 'forbidden');
  assertError(await call(t.userToken, 'PATCH', m(t.user), { role: 'admin' }), 403, 'forbidden');
  // Someone who is not a member of this organization, and organizations or members that are not there.
  assertError(await call(t.repToken, 'PATCH', m(other), { role: 'user' }), 404, 'not_found');
  assertError(await call(t.repToken, 'PATCH', m(999999999), { role: 'user' }), 404, 'not_found');
  assertError(await call(t.repToken, 'PATCH', `/organizations/${otherOrg}/members/${other.id}`, { role: 'admin' }), 404, 'not_found');
  assertError(await call(strangerToken, 'PATCH', m(t.user), { role: 'admin' }), 404, 'not_found');
  assertError(await call(strangerToken, 'PATCH', `/organizations/999999999/members/${t.user.id}`, { role: 'admin' }), 404, 'not_found');
  // Bodies.
  assertFields(await call(t.repToken, 'PATCH', m(t.user), { role: 'owner' }), ['role']);
  assertFields(await call(t.repToken, 'PATCH', m(t.user), { role: null }), ['role']);
  assertFields(await call(t.repToken, 'PATCH', m(t.user), {}), ['role']);
  assertFields(await call(t.repToken, 'PATCH', m(t.user), { role: 'admin', email: 'x@example.test' }), ['email']);
  assertError(await call(t.repToken, 'PATCH', m(t.user), '[]'), 400, 'validation_failed');
  assertError(await call(t.repToken, 'PATCH', m(t.user)), 400, 'validation_failed');
  // The scope.
  assertError(await call(t.readToken, 'PATCH', m(t.user), { role: 'admin' }), 403, 'forbidden');
  assertError(await call(null, 'PATCH', m(t.user), { role: 'admin' }), 401, 'not_authenticated');
  assert.deepEqual(state(t.org, watched), before);
  assert.deepEqual(state(otherOrg, [other.email]), beforeOther);
});

// -------------------------------------------- DELETE /organizations/{org}/members/{user}

test('DELETE member: a legal representative removes an administrator; grants and the token product rows of this organization go, others stay', async () => {
  const t = team('Remove');
  const elsewhere = newOrg(orgName('Elsewhere'), t.admin);
  const here = newProduct(t.org, `here${process.pid}.example`);
  const there = newProduct(elsewhere, `there${process.pid}.example`);
  const limited = newToken(t.admin, ['products:read'], ['--products', `${here},${there}`]);
  const limitedHere = newToken(t.admin, ['products:read'], ['--products', String(here)]);
  const repLimited = newToken(t.rep, ['products:read'], ['--products', String(here)]);
  sql(`INSERT INTO kind_grants (org_id, user_id, kind, created_at) VALUES (${t.org}, ${t.admin.id}, 'domain', UTC_TIMESTAMP())`);
  assert.deepEqual(sql(`SELECT token_id, product_id FROM api_token_products WHERE token_id IN (${limited.id}, ${limitedHere.id}) ORDER BY 1, 2`),
    [[String(limited.id), String(here)], [String(limited.id), String(there)], [String(limitedHere.id), String(here)]]);
  const res = await call(t.repToken, 'DELETE', `/organizations/${t.org}/members/${t.admin.id}`);
  assert.equal(res.status, 200, res.body);
  assert.deepEqual(res.json, { result: 'success', data: { user_id: t.admin.id, removed: true } });
  assert.equal(role(t.org, t.admin), undefined);
  assert.equal(role(elsewhere, t.admin), 'legal_representative', 'the other membership stays');
  assert.deepEqual(sql(`SELECT token_id, product_id FROM api_token_products WHERE token_id IN (${limited.id}, ${limitedHere.id}) ORDER BY 1, 2`),
    [[String(limited.id), String(there)]], 'only the rows for products of this organization go');
  assert.equal(sqlValue(`SELECT COUNT(*) FROM api_token_products WHERE token_id = ${repLimited.id} AND product_id = ${here}`), '1',
    'other members keep theirs');
  assert.equal(sqlValue(`SELECT COUNT(*) FROM kind_grants WHERE org_id = ${t.org} AND user_id = ${t.admin.id}`), '0');
  assert.equal(sqlValue(`SELECT COUNT(*) FROM api_tokens WHERE id IN (${limited.id}, ${limitedHere.id})`), '2', 'the tokens themselves stay');
  assert.deepEqual(activity(t.org)[0].slice(0, 5), ['member_removed', t.admin.email, 'admin', res.address, String(t.rep.id)]);
  // The removed administrator's tokens no longer reach the organization.
  assertError(await call(t.adminToken, 'GET', `/organizations/${t.org}`), 404, 'not_found');
  assertError(await call(t.adminToken, 'PATCH', `/organizations/${t.org}/members/${t.user.id}`, { role: 'admin' }), 404, 'not_found');
  assert.equal(legalRepNotices(t.rep.email, t.name), 0, 'no legal representative changed');
});

test('DELETE member: a member leaves on their own, even with role user', async () => {
  const t = team('Leave');
  const res = await call(t.userToken, 'DELETE', `/organizations/${t.org}/members/${t.user.id}`);
  assert.equal(res.status, 200, res.body);
  assert.deepEqual(res.json.data, { user_id: t.user.id, removed: true });
  assert.equal(role(t.org, t.user), undefined);
  assert.deepEqual(activity(t.org)[0].slice(0, 5), ['member_left', t.user.email, 'user', res.address, String(t.user.id)]);
  const admin = await call(t.adminToken, 'DELETE', `/organizations/${t.org}/members/${t.admin.id}`);
  assert.equal(admin.status, 200, admin.body);
  assert.equal(activity(t.org)[0][0], 'member_left');
  assert.deepEqual(sql(`SELECT user_id, role FROM memberships WHERE org_id = ${t.org}`), [[String(t.rep.id), 'legal_representative']]);
});

test('DELETE member: removing a legal representative, or one leaving, mails every legal representative, the one who goes too', async () => {
  const t = team('Rep removed');
  const second = newUser('wrep2');
  const third = newUser('wrep3');
  kontorctl(['member', 'add', String(t.org), second.email, '--role', 'legal_representative']);
  kontorctl(['member', 'add', String(t.org), third.email, '--role', 'legal_representative']);
  const removed = await call(t.repToken, 'DELETE', `/organizations/${t.org}/members/${second.id}`);
  assert.equal(removed.status, 200, removed.body);
  assert.equal(role(t.org, second), undefined);
  assert.deepEqual(activity(t.org)[0].slice(0, 5), ['member_removed', second.email, 'legal_representative', removed.address, String(t.rep.id)]);
  const subject = `The legal representatives of ${t.name} changed`;
  for (const who of [t.rep, second, third]) {
    const mail = await waitForMail(who.email, (m) => m.subject === subject && /Test wrep2 \d+ was removed/.test(m.body));
    assert.match(mail.body, /Changed by: Test wrep \d+/);
  }
  assert.equal(legalRepNotices(t.admin.email, t.name), 0);
  const toSecond = legalRepNotices(second.email, t.name);
  // The third one leaves: the two who were legal representatives are told.
  const thirdToken = newToken(third, WRITE).token;
  const left = await call(thirdToken, 'DELETE', `/organizations/${t.org}/members/${third.id}`);
  assert.equal(left.status, 200, left.body);
  assert.equal(activity(t.org)[0][0], 'member_left');
  for (const who of [t.rep, third]) {
    await waitForMail(who.email, (m) => m.subject === subject && /Test wrep3 \d+ left the organization/.test(m.body));
  }
  assert.equal(legalRepNotices(second.email, t.name), toSecond, 'who was removed before is not told again');
});

test('DELETE member: 409 last_legal_representative, 403 legal_representative_only and forbidden, 404; nothing changes', async () => {
  const t = team('Remove refused');
  const p = newProduct(t.org, `keep${process.pid}.example`);
  newToken(t.admin, ['products:read'], ['--products', String(p)]);
  sql(`INSERT INTO product_grants (org_id, user_id, product_id, created_at) VALUES (${t.org}, ${t.user.id}, ${p}, UTC_TIMESTAMP())`);
  const other = newUser('wother');
  const otherOrg = newOrg(orgName('Other'), other);
  const stranger = newUser('wstranger');
  const strangerToken = newToken(stranger, WRITE).token;
  const watched = [t.rep.email, t.admin.email, t.user.email];
  const before = state(t.org, watched);
  const beforeOther = state(otherOrg, [other.email]);
  const m = (u) => `/organizations/${t.org}/members/${u.id ?? u}`;
  assertError(await call(t.repToken, 'DELETE', m(t.rep)), 409, 'last_legal_representative');
  assertError(await call(t.adminToken, 'DELETE', m(t.rep)), 403, 'legal_representative_only');
  assertError(await call(t.userToken, 'DELETE', m(t.admin)), 403, 'forbidden');
  assertError(await call(t.userToken, 'DELETE', m(t.rep)), 403, 'forbidden');
  assertError(await call(t.repToken, 'DELETE', m(other)), 404, 'not_found');
  assertError(await call(t.repToken, 'DELETE', m(999999999)), 404, 'not_found');
  assertError(await call(t.repToken, 'DELETE', `/organizations/${otherOrg}/members/${other.id}`), 404, 'not_found');
  assertError(await call(strangerToken, 'DELETE', m(t.user)), 404, 'not_found');
  assertError(await call(strangerToken, 'DELETE', `/organizations/999999999/members/${stranger.id}`), 404, 'not_found');
  assertError(await call(t.readToken, 'DELETE', m(t.user)), 403, 'forbidden');
  assertError(await call(null, 'DELETE', m(t.user)), 401, 'not_authenticated');
  assert.deepEqual(state(t.org, watched), before);
  assert.deepEqual(state(otherOrg, [other.email]), beforeOther);
});

test('DELETE member: a statement failing anywhere in the change leaves nothing half done', async () => {
  const t = team('Remove fault');
  const second = newUser('wrep2');
  kontorctl(['member', 'add', String(t.org), second.email, '--role', 'legal_representative']);
  const p = newProduct(t.org, `fault${process.pid}.example`);
  newToken(second, ['products:read'], ['--products', String(p)]);
  const watched = [t.rep.email, second.email];
  const before = state(t.org, watched);
  let done = false;
  let failures = 0;
  for (let n = 1; n <= 20 && !done; n++) {
    const res = await call(t.repToken, 'DELETE', `/organizations/${t.org}/members/${second.id}`, undefined,
      { headers: { 'X-Kontor-Fault': String(n) } });
    if (res.status === 200) {
      done = true;
      break;
    }
    failures += 1;
    assert.ok([500, 503].includes(res.status), `fault at statement ${n}: ${res.status} ${res.body}`);
    assert.equal(res.json?.result, 'error', res.body);
    assert.deepEqual(state(t.org, watched), before, `fault at statement ${n}`);
  }
  assert.ok(done, 'the change went through once no statement failed');
  assert.ok(failures >= 5, `${failures} statements could fail`);
  assert.equal(role(t.org, second), undefined);
  assert.equal(sqlValue(`SELECT COUNT(*) FROM api_token_products WHERE product_id = ${p}`), '0');
});

// ------------------------------------------------------------------------ concurrency

test('two legal representatives removing each other, or both leaving, at the same moment: one wins, the other is refused; one always remains', async () => {
  for (let round = 0; round < 4; round++) {
    const name = orgName('Duel');
    const a = newUser('wduela');
    const b = newUser('wduelb');
    const org = newOrg(name, a);
    kontorctl(['member', 'add', String(org), b.email, '--role', 'legal_representative']);
    const ta = newToken(a, WRITE).token;
    const tb = newToken(b, WRITE).token;
    // Alternately: removing the other, and both leaving.
    const [ra, rb] = await Promise.all(round % 2 === 0
      ? [call(ta, 'DELETE', `/organizations/${org}/members/${b.id}`), call(tb, 'DELETE', `/organizations/${org}/members/${a.id}`)]
      : [call(ta, 'DELETE', `/organizations/${org}/members/${a.id}`), call(tb, 'DELETE', `/organizations/${org}/members/${b.id}`)]);
    // Whoever comes second finds the other gone: after being removed, no longer a member
    // (404); after the other left, the last legal representative (409).
    const leaving = round % 2 === 1;
    const [winner, loser] = ra.status === 200 ? [ra, rb] : [rb, ra];
    assert.equal(winner.status, 200, `round ${round}: ${ra.body} ${rb.body}`);
    assertError(loser, leaving ? 409 : 404, leaving ? 'last_legal_representative' : 'not_found');
    assert.deepEqual(sql(`SELECT role, COUNT(*) FROM memberships WHERE org_id = ${org} GROUP BY role`), [['legal_representative', '1']]);
    assert.equal(sqlValue(`SELECT COUNT(*) FROM org_activity WHERE org_id = ${org} AND event IN ('member_removed', 'member_left')`), '1');
  }
});

test('two legal representatives demoting each other at the same moment: one wins, the other is refused; one always remains', async () => {
  for (let round = 0; round < 3; round++) {
    const a = newUser('wduela');
    const b = newUser('wduelb');
    const org = newOrg(orgName('Demotion duel'), a);
    kontorctl(['member', 'add', String(org), b.email, '--role', 'legal_representative']);
    const ta = newToken(a, WRITE).token;
    const tb = newToken(b, WRITE).token;
    const [ra, rb] = await Promise.all([
      call(ta, 'PATCH', `/organizations/${org}/members/${b.id}`, { role: 'admin' }),
      call(tb, 'PATCH', `/organizations/${org}/members/${a.id}`, { role: 'admin' }),
    ]);
    // The winner demoted the other; the loser, no longer a legal representative, may not
    // touch one (403) or found the last one (409).
    const statuses = [ra.status, rb.status].sort();
    assert.equal(statuses[0], 200, `round ${round}: ${ra.body} ${rb.body}`);
    assert.ok([403, 409].includes(statuses[1]), `round ${round}: ${ra.body} ${rb.body}`);
    assert.equal(sqlValue(`SELECT COUNT(*) FROM memberships WHERE org_id = ${org} AND role = 'legal_representative'`), '1');
  }
});

// Found in review (fcgi/api/org.c): PATCH /organizations/{org} read the current coordinates
// outside the transaction that writes them all back, so two simultaneous changes of different
// keys lost one of them although both answered 200.
test('bug: two simultaneous PATCHes of different keys both take effect', async () => {
  const t = team('Lost update');
  const t2 = newToken(t.rep, WRITE).token;
  for (let i = 1; i <= 10; i++) {
    const [a, b] = await Promise.all([
      call(t.repToken, 'PATCH', `/organizations/${t.org}`, { phone: `+41 ${i}`, terms_accepted: true }),
      call(t2, 'PATCH', `/organizations/${t.org}`, { address: { city: `City ${i}` }, terms_accepted: true }),
    ]);
    assert.deepEqual([a.status, b.status], [200, 200]);
    assert.deepEqual(sql(`SELECT phone, city FROM organizations WHERE id = ${t.org}`)[0], [`+41 ${i}`, `City ${i}`], `round ${i}`);
  }
});
