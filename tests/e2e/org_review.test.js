// Regression tests for what the review of the organizations feature found: each test names
// the bug it guards against.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  PASSWORD, client, fieldErrors, kontorctl, loggedIn, mainText, messages, newOrg, newProduct,
  newUser, q, sql, sqlValue, waitForMail,
} from './lib.js';

const linkIn = (mail) => /\/invitation\?token=([A-Za-z0-9_-]{43})/.exec(mail.body)[1];

test('bug: resending or withdrawing an invitation one may not handle crashed the process', async () => {
  const rep = newUser('rvlrinv');
  const admin = newUser('rvadmin');
  const org = newOrg('Review Invitations AG', rep);
  kontorctl(['member', 'add', String(org), admin.email, '--role', 'admin']);
  const r = await loggedIn(rep);
  await r.get(`/orgs/${org}/members`);
  await r.post(`/orgs/${org}/invitations`, { email: `rvlr${process.pid}@example.test`, role: 'legal_representative' });
  const id = sqlValue(`SELECT id FROM invitations WHERE org_id = ${org}`);
  const a = await loggedIn(admin);
  const page = await a.get(`/orgs/${org}/members`);
  assert.doesNotMatch(page.body, new RegExp(`/invitations/${id}/(resend|withdraw)`));
  assert.match(mainText(page.body), /A legal representative manages this invitation/);
  for (const action of ['resend', 'withdraw']) {
    const res = await a.post(`/orgs/${org}/invitations/${id}/${action}`, {});
    assert.equal(res.status, 403, action);
    assert.match(messages(res.body).join(' '), /Only a legal representative/);
  }
  assert.equal(sqlValue(`SELECT pending FROM invitations WHERE id = ${id}`), '1');
});

test('bug: coordinates posted without the optional fields crashed the process', async () => {
  const rep = newUser('rvcoords');
  const org = newOrg('Review Coordinates AG', rep);
  const c = await loggedIn(rep);
  await c.get(`/orgs/${org}`);
  const res = await c.post(`/orgs/${org}`, { name: 'Review Coordinates AG', entity_type: 'company', country: 'CH', terms: '1' });
  assert.equal(res.status, 303);
  assert.deepEqual(sql(`SELECT street, phone, vat_number FROM organizations WHERE id = ${org}`), [['', '', '']]);
});

test('bug: an invitation could be accepted by any logged-in account holding the link', async () => {
  const rep = newUser('rvwrong');
  const mallory = newUser('rvmallory');
  const org = newOrg('Review Accept AG', rep);
  const c = await loggedIn(rep);
  const email = `rvcarol${process.pid}@example.test`;
  await c.get(`/orgs/${org}/members`);
  await c.post(`/orgs/${org}/invitations`, { email, role: 'legal_representative' });
  const token = linkIn(await waitForMail(email));
  const m = await loggedIn(mallory);
  const page = await m.get(`/invitation?token=${token}`);
  assert.match(mainText(page.body), new RegExp(`This invitation is for ${email.replace(/\./g, '\\.')}`));
  assert.doesNotMatch(page.body, /action="\/invitation\/accept"/);
  assert.match(page.body, /<button type="submit">Log out<\/button>/);
  const res = await m.post('/invitation/accept', { token });
  assert.equal(res.status, 403);
  assert.match(messages(res.body).join(' '), /for another e-mail address/);
  assert.equal(sqlValue(`SELECT COUNT(*) FROM memberships WHERE org_id = ${org} AND user_id = ${mallory.id}`), '0');
  assert.equal(sqlValue(`SELECT pending FROM invitations WHERE org_id = ${org}`), '1');
  // The address's owner, in another letter case, still can.
  kontorctl(['user', 'add', email.toUpperCase(), '--name', 'Carol'], `${PASSWORD}\n`);
  const carol = await loggedIn({ email, password: PASSWORD });
  await carol.get(`/invitation?token=${token}`);
  assert.equal((await carol.post('/invitation/accept', { token })).status, 303);
});

test('bug: many or repeated product ids in the grants form answered 500', async () => {
  const rep = newUser('rvgrants');
  const user = newUser('rvgrantee');
  const org = newOrg('Review Grants AG', rep);
  kontorctl(['member', 'add', String(org), user.email, '--role', 'user']);
  sql(`INSERT INTO products (org_id, payer_org_id, kind, name, expires_at, created_at) SELECT ${org}, ${org}, 'domain', CONCAT('rv', seq, '-${process.pid}.ch'), '2027-01-01', UTC_TIMESTAMP() FROM seq_1_to_80`);
  const ids = sql(`SELECT id FROM products WHERE org_id = ${org}`).map((r) => r[0]);
  const c = await loggedIn(rep);
  await c.get(`/orgs/${org}/members/${user.id}`);
  const res = await c.post(`/orgs/${org}/members/${user.id}/grants`, { products: [...ids, ids[0]].join(',') });
  assert.equal(res.status, 303);
  assert.equal(sqlValue(`SELECT COUNT(*) FROM product_grants WHERE user_id = ${user.id}`), '80');
  assert.equal(sqlValue(`SELECT detail FROM org_activity WHERE org_id = ${org} AND event = 'grants_changed'`), '80 product(s), 0 kind(s)');
});

test('bug: granted products beyond the 500 listed were dropped by the next save', async () => {
  const rep = newUser('rvmany');
  const user = newUser('rvmanyuser');
  const org = newOrg('Review Many Products AG', rep);
  kontorctl(['member', 'add', String(org), user.email, '--role', 'user']);
  sql(`INSERT INTO products (org_id, payer_org_id, kind, name, expires_at, created_at) SELECT ${org}, ${org}, 'hosting', CONCAT('a', LPAD(seq, 4, '0')), '2027-01-01', UTC_TIMESTAMP() FROM seq_1_to_501`);
  const last = newProduct(org, 'zz-last.ch');
  sql(`INSERT INTO product_grants (org_id, user_id, product_id, created_at) VALUES (${org}, ${user.id}, ${last}, UTC_TIMESTAMP())`);
  const c = await loggedIn(rep);
  const page = await c.get(`/orgs/${org}/members/${user.id}`);
  assert.match(page.body, new RegExp(`name="products" value="${last}" checked`));
  const checked = [...page.body.matchAll(/name="products" value="(\d+)" checked/g)].map((m) => m[1]);
  const res = await c.post(`/orgs/${org}/members/${user.id}/grants`, { products: checked.join(','), kind_mail: '1' });
  assert.equal(res.status, 303);
  assert.deepEqual(sql(`SELECT product_id FROM product_grants WHERE user_id = ${user.id}`), [[String(last)]]);
});

test('bug: billing addresses had no limit while the list shows 100', async () => {
  const rep = newUser('rvbill');
  const org = newOrg('Review Billing AG', rep);
  sql(`INSERT INTO billing_addresses (org_id, name, street, postcode, city, country, created_at) SELECT ${org}, CONCAT('A', seq), 'S', '1', 'C', 'CH', UTC_TIMESTAMP() FROM seq_1_to_100`);
  const c = await loggedIn(rep);
  await c.get(`/orgs/${org}/billing`);
  const res = await c.post(`/orgs/${org}/billing`, { name: 'One more', street: 'S', postcode: '1', city: 'C', country: 'CH' });
  assert.equal(res.status, 409);
  assert.match(messages(res.body).join(' '), /at most 100 billing addresses/);
  assert.equal(sqlValue(`SELECT COUNT(*) FROM billing_addresses WHERE org_id = ${org}`), '100');
});

test('bug: registering through a link for an address with an account hashed a password first; a used link left an account', async () => {
  const rep = newUser('rvreg');
  const org = newOrg('Review Register AG', rep);
  const c = await loggedIn(rep);
  const email = `rvreg${process.pid}@example.test`;
  await c.get(`/orgs/${org}/members`);
  await c.post(`/orgs/${org}/invitations`, { email, role: 'user' });
  const token = linkIn(await waitForMail(email));
  // Withdrawn between opening the page and sending the form: no account is left behind.
  const n = client();
  await n.get(`/invitation?token=${token}`);
  const id = sqlValue(`SELECT id FROM invitations WHERE org_id = ${org}`);
  await c.get(`/orgs/${org}/members`);
  await c.post(`/orgs/${org}/invitations/${id}/withdraw`, {});
  const res = await n.post('/invitation/register', { token, name: 'Late', password: PASSWORD, password2: PASSWORD });
  assert.equal(res.status, 404);
  assert.equal(sqlValue(`SELECT COUNT(*) FROM users WHERE email = ${q(email)}`), '0');
  assert.ok(!n.cookies.has('__Host-kontor'));
  // An existing account: asked to log in, whatever password was typed.
  const other = newUser('rvregother');
  await c.get(`/orgs/${org}/members`);
  await c.post(`/orgs/${org}/invitations`, { email: other.email, role: 'user' });
  const token2 = linkIn(await waitForMail(other.email));
  const m = client();
  await m.get(`/invitation?token=${token2}`);
  const again = await m.post('/invitation/register', { token: token2, name: 'X', password: 'short', password2: 'short' });
  assert.equal(again.status, 409);
  assert.match(messages(again.body).join(' '), /An account with this address exists/);
  assert.deepEqual(fieldErrors(again.body), {});
});
