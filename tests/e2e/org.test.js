// The organization's pages over HTTP: who may see and change what, coordinates with VAT and
// UID numbers, billing addresses, the activity log. Members, roles and invitations are in
// org_members.test.js; the API in api_org_write.test.js.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  assertPage, client, fieldErrors, kontorctl, loggedIn, mainText, messages, newOrg, newUser,
  q, sql, sqlValue,
} from './lib.js';

const coords = (extra = {}) => ({
  name: 'Coordinates AG', entity_type: 'company', country: 'DE', street: 'Hauptstrasse 1',
  postcode: '10115', city: 'Berlin', phone: '+49 30 123456', email: 'office@coords.example',
  vat_number: 'DE 136 695 976', uid_number: '', terms: '1', ...extra,
});

function orgRow(org) {
  return sql(`SELECT name, country, vat_number, vat_status, uid_number, terms_accepted_at IS NOT NULL FROM organizations WHERE id = ${org}`)[0];
}

test('a legal representative saves the coordinates; the VAT number is normalised and logged', async () => {
  const rep = newUser('corep');
  const org = newOrg('Coordinates Start AG', rep);
  const c = await loggedIn(rep);
  const page = await c.get(`/orgs/${org}`);
  assert.equal(page.status, 200);
  assertPage(page.body);
  assert.match(page.body, /<label for="f-vat_number">/);
  assert.match(page.body, /<option value="CH" selected>Switzerland<\/option>/);
  // The stored type is the one selected (the first option would otherwise change it unseen).
  assert.match(page.body, /<option value="company" selected>Company<\/option>/);
  const res = await c.post(`/orgs/${org}`, coords());
  assert.equal(res.status, 303, mainText(c.lastBody));
  assert.equal(res.headers.location, `/orgs/${org}?notice=saved`);
  assert.deepEqual(orgRow(org), ['Coordinates AG', 'DE', 'DE136695976', 'not_checked', '', '1']);
  const after = await c.get(res.headers.location);
  assert.deepEqual(messages(after.body), ['The coordinates were saved.']);
  const log = sql(`SELECT actor_name, event, ip FROM org_activity WHERE org_id = ${org}`);
  assert.equal(log.length, 1);
  assert.equal(log[0][1], 'coordinates_changed');
  assert.equal(log[0][2], c.address);
});

test('VAT numbers of the wrong country, length or check digit are refused at the field, nothing saved', async () => {
  const rep = newUser('covat');
  const org = newOrg('VAT Checks AG', rep);
  const c = await loggedIn(rep);
  await c.get(`/orgs/${org}`);
  const before = orgRow(org);
  const cases = [
    [{ vat_number: 'ATU13585627' }, 'vat_number', /country prefix/],
    [{ vat_number: 'DE13669597' }, 'vat_number', /wrong length or characters/],
    [{ vat_number: 'DE136695977' }, 'vat_number', /check digit/],
    [{ country: 'CH', vat_number: 'DE136695976' }, 'vat_number', /does not apply to Swiss/],
    [{ country: 'US', vat_number: 'DE136695976' }, 'vat_number', /only for organizations in the EU/],
    [{ country: 'DE', uid_number: 'CHE-116.281.710' }, 'uid_number', /organizations in Switzerland/],
    [{ country: 'CH', vat_number: '', uid_number: 'CHE-116.281.711' }, 'uid_number', /check digit/],
    [{ country: 'XX' }, 'country', /Choose a country/],
    [{ terms: undefined }, 'terms', /accept the terms/],
    [{ name: 'x'.repeat(201) }, 'name', /.+/],
    [{ email: 'a@b.example\r\nBcc: x@y.example' }, 'email', /.+/],
    [{ entity_type: 'corporation' }, 'entity_type', /.+/],
  ];
  for (const [change, field, why] of cases) {
    const form = coords(change);
    if (change.terms === undefined && 'terms' in change) delete form.terms;
    const res = await c.post(`/orgs/${org}`, form);
    assert.equal(res.status, 400, JSON.stringify(change));
    assert.match(fieldErrors(res.body)[field] ?? '', why, JSON.stringify(change));
    assertPage(res.body);
    assert.deepEqual(orgRow(org), before, JSON.stringify(change));
  }
  // What was typed comes back, so nothing has to be entered again.
  const res = await c.post(`/orgs/${org}`, coords({ vat_number: 'DE136695977', city: 'Potsdam' }));
  assert.match(res.body, /id="f-city"[^>]*value="Potsdam"/);
  assert.match(res.body, /id="f-vat_number"[^>]*aria-invalid="true"/);
});

test('a Swiss company stores its UID number; Greek and Northern Irish numbers use EL and XI', async () => {
  const rep = newUser('couid');
  const org = newOrg('UID AG', rep);
  const c = await loggedIn(rep);
  await c.get(`/orgs/${org}`);
  let res = await c.post(`/orgs/${org}`, coords({ country: 'CH', vat_number: '', uid_number: 'che116281710 mwst' }));
  assert.equal(res.status, 303, JSON.stringify(fieldErrors(c.lastBody)));
  assert.equal(orgRow(org)[4], 'CHE-116.281.710 MWST');
  await c.get(`/orgs/${org}`);
  res = await c.post(`/orgs/${org}`, coords({ country: 'GR', vat_number: 'GR094259216' }));
  assert.equal(res.status, 303, JSON.stringify(fieldErrors(c.lastBody)));
  assert.equal(orgRow(org)[2], 'EL094259216');
});

test('a changed VAT number starts over as not checked; an unchanged one keeps its status', async () => {
  const rep = newUser('costatus');
  const org = newOrg('Status AG', rep);
  const c = await loggedIn(rep);
  await c.get(`/orgs/${org}`);
  await c.post(`/orgs/${org}`, coords());
  sql(`UPDATE organizations SET vat_status = 'valid' WHERE id = ${org}`);
  await c.get(`/orgs/${org}`);
  await c.post(`/orgs/${org}`, coords({ phone: '+49 30 999' }));
  assert.equal(orgRow(org)[3], 'valid');
  await c.get(`/orgs/${org}`);
  await c.post(`/orgs/${org}`, coords({ vat_number: 'DE129273398' }));
  assert.deepEqual(orgRow(org).slice(2, 4), ['DE129273398', 'not_checked']);
});

test('a user sees the coordinates but cannot change them; strangers get 404 everywhere', async () => {
  const rep = newUser('corep2');
  const member = newUser('comember');
  const stranger = newUser('costranger');
  const org = newOrg('Visibility AG', rep);
  kontorctl(['member', 'add', String(org), member.email, '--role', 'user']);
  const m = await loggedIn(member);
  const page = await m.get(`/orgs/${org}`);
  assert.equal(page.status, 200);
  assert.doesNotMatch(page.body, /<form method="post" action="\/orgs\//);
  assert.match(mainText(page.body), /Visibility AG/);
  assert.equal((await m.post(`/orgs/${org}`, coords())).status, 404);
  assert.equal((await m.get(`/orgs/${org}/activity`)).status, 404);
  assert.equal(orgRow(org)[0], 'Visibility AG');
  const s = await loggedIn(stranger);
  for (const path of [`/orgs/${org}`, `/orgs/${org}/members`, `/orgs/${org}/billing`, `/orgs/${org}/activity`,
    `/orgs/${org}/members/${rep.id}`, '/orgs/99999999']) {
    const res = await s.get(path);
    assert.equal(res.status, 404, path);
    assert.doesNotMatch(res.body, /Visibility AG/);
  }
  await s.get('/');
  assert.equal((await s.post(`/orgs/${org}`, coords())).status, 404);
  assert.equal(orgRow(org)[0], 'Visibility AG');
  // Not logged in: the login page.
  assert.equal((await client().get(`/orgs/${org}`)).status, 303);
});

test('a form without the CSRF token changes nothing', async () => {
  const rep = newUser('cocsrf');
  const org = newOrg('CSRF AG', rep);
  const c = await loggedIn(rep);
  await c.get(`/orgs/${org}`);
  const res = await c.post(`/orgs/${org}`, { ...coords(), csrf: '' });
  assert.equal(res.status, 403);
  const forged = await c.post(`/orgs/${org}`, { ...coords(), csrf: 'A'.repeat(43) });
  assert.equal(forged.status, 403);
  assert.equal(orgRow(org)[0], 'CSRF AG');
});

test('the header switches between the organizations of a user', async () => {
  const rep = newUser('coswitch');
  const a = newOrg('Switch Alpha AG', rep);
  const b = newOrg('Switch Beta AG', rep);
  const c = await loggedIn(rep);
  const page = await c.get(`/orgs/${a}`);
  assert.match(page.body, new RegExp(`<a href="/orgs/${b}">Switch Beta AG</a>`));
  assert.match(page.body, new RegExp(`<a href="/orgs/${a}" aria-current="page">Switch Alpha AG</a>`));
});

test('billing addresses: one default, several allowed, each with a checked VAT number', async () => {
  const rep = newUser('cobill');
  const org = newOrg('Billing AG', rep);
  const other = newOrg('Other Billing AG', newUser('cobillother'));
  const c = await loggedIn(rep);
  await c.get(`/orgs/${org}/billing`);
  const addr = (extra = {}) => ({ name: 'Billing AG, Accounts', street: 'Bahnhofstrasse 1', postcode: '8001', city: 'Zürich', country: 'CH', vat_number: '', ...extra });
  let res = await c.post(`/orgs/${org}/billing`, addr());
  assert.equal(res.status, 303, JSON.stringify(fieldErrors(c.lastBody)));
  await c.get(`/orgs/${org}/billing`);
  res = await c.post(`/orgs/${org}/billing`, addr({ name: 'Branch Wien', country: 'AT', vat_number: 'ATU13585627' }));
  assert.equal(res.status, 303, JSON.stringify(fieldErrors(c.lastBody)));
  let rows = sql(`SELECT name, vat_number, vat_status, is_default FROM billing_addresses WHERE org_id = ${org} ORDER BY id`);
  assert.deepEqual(rows, [['Billing AG, Accounts', '', 'not_checked', '1'], ['Branch Wien', 'ATU13585627', 'not_checked', 'NULL']]);
  const wien = sqlValue(`SELECT id FROM billing_addresses WHERE org_id = ${org} AND name = 'Branch Wien'`);
  // A wrong check digit, a Swiss address with an EU number: refused, nothing changed.
  await c.get(`/orgs/${org}/billing`);
  res = await c.post(`/orgs/${org}/billing`, addr({ country: 'AT', vat_number: 'ATU13585626' }));
  assert.equal(res.status, 400);
  assert.match(fieldErrors(res.body).vat_number, /check digit/);
  res = await c.post(`/orgs/${org}/billing`, addr({ vat_number: 'ATU13585627' }));
  assert.match(fieldErrors(res.body).vat_number, /does not apply to Swiss/);
  res = await c.post(`/orgs/${org}/billing`, addr({ street: '' }));
  assert.ok(fieldErrors(res.body).street);
  assert.equal(sqlValue(`SELECT COUNT(*) FROM billing_addresses WHERE org_id = ${org}`), '2');
  // Make the second the default: exactly one default remains.
  await c.get(`/orgs/${org}/billing`);
  res = await c.post(`/orgs/${org}/billing/${wien}/default`, {});
  assert.equal(res.status, 303);
  rows = sql(`SELECT name FROM billing_addresses WHERE org_id = ${org} AND is_default = 1`);
  assert.deepEqual(rows, [['Branch Wien']]);
  // Edit: the page shows the address; a forged id of another organization is 404.
  const edit = await c.get(`/orgs/${org}/billing/${wien}`);
  assert.equal(edit.status, 200);
  assert.match(edit.body, /value="Branch Wien"/);
  await c.post(`/orgs/${other}/billing`, addr());
  assert.equal((await c.get(`/orgs/${org}/billing/99999999`)).status, 404);
  await c.get(`/orgs/${org}/billing`);
  res = await c.post(`/orgs/${org}/billing/${wien}`, addr({ name: 'Branch Wien 2', country: 'AT', vat_number: 'ATU13585627', default: '1' }));
  assert.equal(res.status, 303);
  // Deleting the default makes the other one the default.
  await c.get(`/orgs/${org}/billing`);
  res = await c.post(`/orgs/${org}/billing/${wien}/delete`, {});
  assert.equal(res.status, 303);
  rows = sql(`SELECT name, is_default FROM billing_addresses WHERE org_id = ${org}`);
  assert.deepEqual(rows, [['Billing AG, Accounts', '1']]);
  assert.ok(Number(sqlValue(`SELECT COUNT(*) FROM org_activity WHERE org_id = ${org} AND event LIKE 'billing%'`)) >= 4);
  // Another organization's address cannot be reached through this one.
  const foreign = sqlValue(`SELECT COUNT(*) FROM billing_addresses WHERE org_id = ${other}`);
  assert.equal(foreign, '0');
  const otherAddr = sqlValue(`SELECT id FROM billing_addresses WHERE org_id = ${org}`);
  const stranger = await loggedIn(newUser('cobillstranger'));
  await stranger.get('/');
  assert.equal((await stranger.post(`/orgs/${org}/billing/${otherAddr}/delete`, {})).status, 404);
  assert.equal(sqlValue(`SELECT COUNT(*) FROM billing_addresses WHERE id = ${q(otherAddr)}`), '1');
});

test('the activity log says who did what, when and from where, a page at a time', async () => {
  const rep = newUser('coact');
  const org = newOrg('Activity AG', rep);
  const c = await loggedIn(rep);
  for (let i = 0; i < 3; i++) {
    await c.get(`/orgs/${org}`);
    await c.post(`/orgs/${org}`, coords({ name: `Activity AG ${i}`, vat_number: '' }));
  }
  const page = await c.get(`/orgs/${org}/activity`);
  assert.equal(page.status, 200);
  assertPage(page.body);
  const t = mainText(page.body);
  assert.match(t, /The coordinates were saved \(Activity AG 2\)/);
  assert.match(t, new RegExp(c.address.replace(/\./g, '\\.')));
  assert.match(t, /Test coact/);
  sql(`INSERT INTO org_activity (org_id, actor_name, event, subject, ip, created_at) SELECT ${org}, 'filler', 'coordinates_changed', 'x', '127.0.0.1', UTC_TIMESTAMP() FROM seq_1_to_60`);
  const p1 = await c.get(`/orgs/${org}/activity`);
  assert.match(p1.body, /href="\?page=2" rel="next"/);
  const p2 = await c.get(`/orgs/${org}/activity?page=2`);
  assert.match(p2.body, /rel="prev"/);
  // A page number that is not one shows the first page.
  const odd = await c.get(`/orgs/${org}/activity?page=x`);
  assert.equal(odd.status, 200);
  assert.match(odd.body, /href="\?page=2" rel="next"/);
});
