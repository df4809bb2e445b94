// The organization's product list and product pages (first part of the products issue): sorted,
// paged and filtered on the server; a member with role user sees only what is granted
// (kontorctl grant, or a whole kind); the product page shows holder, manager and payer.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  assertPage, kontorctl, kontorctlRun, loggedIn, mainText, newOrg, newProduct, newUser, sql,
} from './lib.js';

const names = (html) => [...html.matchAll(/<th scope="row"><a href="\/orgs\/\d+\/products\/\d+">([^<]*)<\/a><\/th>/g)].map((m) => m[1]);

function shop(tag) {
  const rep = newUser(`pr${tag}`);
  const org = newOrg(`Products ${tag} AG`, rep);
  const ids = {};
  for (const [name, kind, expires] of [['beta.ch', 'domain', '2027-05-01'], ['Alpha Hosting', 'hosting', '2027-03-01'],
    ['gamma.ch', 'domain', '2027-01-15'], ['Mail 100% Pro_x', 'mail', '2027-09-30']]) {
    ids[name] = Number(kontorctl(['product', 'add', String(org), '--kind', kind, '--name', name, '--expires', expires]));
  }
  return { rep, org, ids };
}

test('the list is sorted, filtered and paged on the server', async () => {
  const { rep, org } = shop('list');
  const c = await loggedIn(rep);
  let res = await c.get(`/orgs/${org}/products`);
  assert.equal(res.status, 200);
  assertPage(res.body);
  assert.deepEqual(names(res.body), ['Alpha Hosting', 'beta.ch', 'gamma.ch', 'Mail 100% Pro_x']);
  res = await c.get(`/orgs/${org}/products?sort=-name`);
  assert.deepEqual(names(res.body), ['Mail 100% Pro_x', 'gamma.ch', 'beta.ch', 'Alpha Hosting']);
  res = await c.get(`/orgs/${org}/products?sort=expires`);
  assert.deepEqual(names(res.body), ['gamma.ch', 'Alpha Hosting', 'beta.ch', 'Mail 100% Pro_x']);
  res = await c.get(`/orgs/${org}/products?kind=domain`);
  assert.deepEqual(names(res.body), ['beta.ch', 'gamma.ch']);
  // The search is a plain text, in any letter case: % and _ are no wildcards.
  res = await c.get(`/orgs/${org}/products?search=${encodeURIComponent('100%')}`);
  assert.deepEqual(names(res.body), ['Mail 100% Pro_x']);
  res = await c.get(`/orgs/${org}/products?search=${encodeURIComponent('%')}`);
  assert.deepEqual(names(res.body), ['Mail 100% Pro_x']);
  res = await c.get(`/orgs/${org}/products?search=ALPHA`);
  assert.deepEqual(names(res.body), ['Alpha Hosting']);
  // A page past the end is an empty page, not an error.
  res = await c.get(`/orgs/${org}/products?page=9`);
  assert.equal(res.status, 200);
  assert.deepEqual(names(res.body), []);
  assert.match(mainText(res.body), /No products match/);
  // A kind or an order that does not exist is not guessed at: the plain list.
  res = await c.get(`/orgs/${org}/products?kind=car&sort=price`);
  assert.equal(res.status, 200);
  assert.equal(names(res.body).length, 4);
});

test('50 a page; the pages keep the filters', async () => {
  const rep = newUser('prpages');
  const org = newOrg('Products Pages AG', rep);
  sql(`INSERT INTO products (org_id, payer_org_id, kind, name, expires_at, created_at) SELECT ${org}, ${org}, 'domain', CONCAT('d', LPAD(seq, 3, '0'), '.ch'), '2027-01-01', UTC_TIMESTAMP() FROM seq_1_to_120`);
  const c = await loggedIn(rep);
  const p1 = await c.get(`/orgs/${org}/products?kind=domain&search=.ch`);
  assert.equal(names(p1.body).length, 50);
  assert.match(p1.body, /href="\/orgs\/\d+\/products\?page=2&amp;kind=domain&amp;sort=name&amp;search=.ch" rel="next"/);
  const p3 = await c.get(`/orgs/${org}/products?page=3&kind=domain&search=.ch`);
  assert.deepEqual(names(p3.body), Array.from({ length: 20 }, (_, i) => `d${String(101 + i).padStart(3, '0')}.ch`));
  assert.doesNotMatch(p3.body, /rel="next"/);
});

test('a member with role user sees only the products granted to them', async () => {
  const { rep, org, ids } = shop('grants');
  const user = newUser('prgrantee');
  kontorctl(['member', 'add', String(org), user.email, '--role', 'user']);
  const u = await loggedIn(user);
  let res = await u.get(`/orgs/${org}/products`);
  assert.deepEqual(names(res.body), []);
  assert.equal((await u.get(`/orgs/${org}/products/${ids['beta.ch']}`)).status, 404);
  assert.equal(kontorctl(['grant', String(org), user.email, String(ids['beta.ch'])]), String(ids['beta.ch']));
  sql(`INSERT INTO kind_grants (org_id, user_id, kind, created_at) VALUES (${org}, ${user.id}, 'mail', UTC_TIMESTAMP())`);
  res = await u.get(`/orgs/${org}/products`);
  assert.deepEqual(names(res.body), ['beta.ch', 'Mail 100% Pro_x']);
  assert.equal((await u.get(`/orgs/${org}/products/${ids['beta.ch']}`)).status, 200);
  assert.equal((await u.get(`/orgs/${org}/products/${ids['gamma.ch']}`)).status, 404);
  // A new product of a granted kind is seen at once ("including future ones").
  newProduct(org, 'Mail Later', 'mail');
  res = await u.get(`/orgs/${org}/products`);
  assert.deepEqual(names(res.body), ['beta.ch', 'Mail 100% Pro_x', 'Mail Later']);
  // kontorctl grant refuses what makes no sense.
  let r = kontorctlRun(['grant', String(org), rep.email, String(ids['gamma.ch'])]);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /see every product already/);
  const other = newOrg('Products Other AG', newUser('prother'));
  const foreign = newProduct(other, 'foreign.ch');
  r = kontorctlRun(['grant', String(org), user.email, String(foreign)]);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /no product/);
  r = kontorctlRun(['grant', String(other), user.email, String(foreign)]);
  assert.match(r.stderr, /not a member/);
  assert.equal(sql(`SELECT COUNT(*) FROM product_grants WHERE user_id = ${user.id}`)[0][0], '1');
});

test('the product page shows holder, manager and payer side by side', async () => {
  const { rep, org, ids } = shop('page');
  sql(`UPDATE products SET holder_name = 'Erika Muster', holder_org = 'Muster Holding', holder_email = 'erika@example.test', holder_country = 'CH', holder_city = 'Bern', holder_postcode = '3000' WHERE id = ${ids['beta.ch']}`);
  const c = await loggedIn(rep);
  const res = await c.get(`/orgs/${org}/products/${ids['beta.ch']}`);
  assert.equal(res.status, 200);
  assertPage(res.body);
  const t = mainText(res.body);
  assert.match(t, /Paying for a product does not make you its owner, and managing it does not either/);
  assert.match(t, /Holder \(owner\) The registrant of the domain: its legal owner\. Erika Muster Muster Holding 3000 Bern Switzerland erika@example\.test/);
  assert.match(t, /Managed by .* Products page AG/);
  assert.match(t, /Paid by .* Products page AG \(this organization\)/);
  // Another organization's product through this organization's address, a stranger: 404.
  const other = newOrg('Products Foreign AG', newUser('prforeign'));
  const foreign = newProduct(other, 'foreign-page.ch');
  assert.equal((await c.get(`/orgs/${org}/products/${foreign}`)).status, 404);
  const s = await loggedIn(newUser('prstranger'));
  assert.equal((await s.get(`/orgs/${org}/products/${ids['beta.ch']}`)).status, 404);
  assert.equal((await s.get(`/orgs/${org}/products`)).status, 404);
});

test('administrators change a holder; the change is logged; users cannot', async () => {
  const { rep, org, ids } = shop('holder');
  const c = await loggedIn(rep);
  const page = await c.get(`/orgs/${org}/products/${ids['beta.ch']}`);
  assert.match(page.body, /<summary>Change the holder<\/summary>/);
  let res = await c.post(`/orgs/${org}/products/${ids['beta.ch']}/holder`, {
    name: 'Hans Halter', organization: 'Halter GmbH', email: 'hans@example.test', country: 'AT', city: 'Wien', postcode: '1010', street: '',
  });
  assert.equal(res.status, 303);
  assert.deepEqual(sql(`SELECT holder_name, holder_org, holder_email, holder_country, holder_city FROM products WHERE id = ${ids['beta.ch']}`),
    [['Hans Halter', 'Halter GmbH', 'hans@example.test', 'AT', 'Wien']]);
  assert.equal(sql(`SELECT COUNT(*) FROM org_activity WHERE org_id = ${org} AND event = 'holder_changed'`)[0][0], '1');
  // Refused values: at the field, nothing changed.
  await c.get(`/orgs/${org}/products/${ids['beta.ch']}`);
  for (const bad of [{ name: '', email: 'x@example.test', country: 'CH' }, { name: 'X', email: 'nope', country: 'CH' },
    { name: 'X', email: 'x@example.test', country: 'XX' }, { name: 'x'.repeat(201), email: 'x@example.test', country: 'CH' }]) {
    res = await c.post(`/orgs/${org}/products/${ids['beta.ch']}/holder`, bad);
    assert.equal(res.status, 400, JSON.stringify(bad));
  }
  assert.equal(sql(`SELECT holder_name FROM products WHERE id = ${ids['beta.ch']}`)[0][0], 'Hans Halter');
  const user = newUser('prholderuser');
  kontorctl(['member', 'add', String(org), user.email, '--role', 'user']);
  kontorctl(['grant', String(org), user.email, String(ids['beta.ch'])]);
  const u = await loggedIn(user);
  const up = await u.get(`/orgs/${org}/products/${ids['beta.ch']}`);
  assert.doesNotMatch(up.body, /Change the holder/);
  res = await u.post(`/orgs/${org}/products/${ids['beta.ch']}/holder`, { name: 'Mine', email: 'm@example.test', country: 'CH' });
  assert.equal(res.status, 404);
  assert.equal(sql(`SELECT holder_name FROM products WHERE id = ${ids['beta.ch']}`)[0][0], 'Hans Halter');
});

test('the coordinates check flags what to verify, each with a link to fix it', async () => {
  const { rep, org, ids } = shop('check');
  const payer = newOrg('Check Payer AG', rep);
  sql(`UPDATE products SET holder_org = 'Products check AG' WHERE org_id = ${org}`);
  sql(`UPDATE products SET holder_org = 'Somebody Else SA' WHERE id = ${ids['beta.ch']}`);
  sql(`UPDATE products SET payer_org_id = ${payer} WHERE id = ${ids['gamma.ch']}`);
  const c = await loggedIn(rep);
  const res = await c.get(`/orgs/${org}/products/check`);
  assert.equal(res.status, 200);
  assertPage(res.body);
  const t = mainText(res.body);
  assert.match(t, /The organization's address has no street/);
  assert.match(t, /There is no billing address/);
  assert.match(t, /beta\.ch: the holder \(owner\) is not this organization/);
  assert.match(t, /gamma\.ch: paid by an organization that is neither this one nor the holder/);
  assert.doesNotMatch(t, /Alpha Hosting:/);
  assert.match(res.body, new RegExp(`<a href="/orgs/${org}/products/${ids['beta.ch']}">`));
  assert.match(res.body, new RegExp(`<a href="/orgs/${org}/billing">There is no billing address`));
  // A user sees only the flags of products granted to them.
  const user = newUser('prcheckuser');
  kontorctl(['member', 'add', String(org), user.email, '--role', 'user']);
  kontorctl(['grant', String(org), user.email, String(ids['gamma.ch'])]);
  const u = await loggedIn(user);
  const ut = mainText((await u.get(`/orgs/${org}/products/check`)).body);
  assert.match(ut, /gamma\.ch/);
  assert.doesNotMatch(ut, /beta\.ch/);
  assert.equal((await (await loggedIn(newUser('prcheckstranger'))).get(`/orgs/${org}/products/check`)).status, 404);
});
