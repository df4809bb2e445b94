// Products and tags over the API (issue 5): GET /organizations/{org}/products (filters, pages,
// visibility), GET /products/{id}, GET and POST /organizations/{org}/tags, PATCH and DELETE
// /tags/{id}, PUT /products/{id}/tags. A member with role user sees only what is granted to
// them and counts only on that; a token limited to chosen products sees only those; only
// administrators and legal representatives change tags. Every refusal is checked to have
// left the database as it was.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  apiCall as call, assertApiError as assertError, assertApiFields as assertFields, kontorctl,
  newOrg, newProduct, newToken, newUser, sql, sqlValue,
} from './lib.js';

const READ = ['products:read'];
const WRITE = ['products:read', 'products:write'];
let orgCounter = 0;

function orgName(what) {
  orgCounter += 1;
  return `${what} ${process.pid}-${orgCounter}`;
}

// Everything of the organization that a tag request could change.
function state(org) {
  return {
    version: sqlValue(`SELECT members_version FROM organizations WHERE id = ${org}`),
    tags: sql(`SELECT id, name, color FROM tags WHERE org_id = ${org} ORDER BY id`),
    productTags: sql(`SELECT pt.product_id, pt.tag_id FROM product_tags pt
      JOIN products p ON p.id = pt.product_id WHERE p.org_id = ${org} ORDER BY 1, 2`),
  };
}

function tagsOn(product) {
  return sql(`SELECT tag_id FROM product_tags WHERE product_id = ${product} ORDER BY tag_id`).map((r) => Number(r[0]));
}

function addTag(org, name, color = '#0b5cad') {
  sql(`INSERT INTO tags (org_id, name, color, created_at) VALUES (${org}, '${name}', '${color}', UTC_TIMESTAMP())`);
  return Number(sqlValue(`SELECT id FROM tags WHERE org_id = ${org} AND name = '${name}'`));
}

function tagProduct(product, tag) {
  sql(`INSERT INTO product_tags (product_id, tag_id) VALUES (${product}, ${tag})`);
}

// An organization with a legal representative, an administrator and a member with role user
// who is granted one product; three products (alpha: domain, beta: hosting, gamma: mail) and
// tags: red on alpha and beta, blue on beta, green on nothing. A stranger is a member of
// another organization, which has a tag and a product of its own.
function team(what) {
  const name = orgName(what);
  const rep = newUser('prep');
  const admin = newUser('padmin');
  const user = newUser('puser');
  const stranger = newUser('pstranger');
  const org = newOrg(name, rep);
  kontorctl(['member', 'add', String(org), admin.email, '--role', 'admin']);
  kontorctl(['member', 'add', String(org), user.email, '--role', 'user']);
  const productNames = { alpha: `alpha-${orgCounter}.ch`, beta: `Beta-${orgCounter}.ch`, gamma: `gamma-${orgCounter}.ch` };
  const p = {
    alpha: newProduct(org, productNames.alpha, 'domain'),
    beta: newProduct(org, productNames.beta, 'hosting'),
    gamma: newProduct(org, productNames.gamma, 'mail'),
  };
  kontorctl(['grant', String(org), user.email, String(p.alpha)]);
  const t = { red: addTag(org, 'Red', '#b00020'), blue: addTag(org, 'Blue', '#0b5cad'), green: addTag(org, 'Green', '#1e6b34') };
  tagProduct(p.alpha, t.red);
  tagProduct(p.beta, t.red);
  tagProduct(p.beta, t.blue);
  const other = newOrg(orgName(`${what} other`), stranger);
  const otherProduct = newProduct(other, `other-${orgCounter}.ch`);
  const otherTag = addTag(other, 'Red', '#b00020');
  return {
    name, org, rep, admin, user, stranger, p, productNames, t, other, otherProduct, otherTag,
    repToken: newToken(rep, WRITE).token,
    adminToken: newToken(admin, WRITE).token,
    userToken: newToken(user, WRITE).token,
    strangerToken: newToken(stranger, WRITE).token,
    readToken: newToken(rep, READ).token,
  };
}

const names = (res) => res.json.data.map((p) => p.name);

// ---------------------------------------------------------------- GET products

test('GET products: every field of a product, by name, with its tags, holder, organization and payer', async () => {
  const t = team('List');
  sql(`UPDATE products SET holder_name = 'Anna Muster', holder_org = 'Muster GmbH', holder_email = 'anna@example.test',
    holder_country = 'DE', payer_org_id = ${t.other}, auto_renew = 1, status = 'expired', expires_at = '2031-02-28'
    WHERE id = ${t.p.beta}`);
  const res = await call(t.readToken, 'GET', `/organizations/${t.org}/products`);
  assert.equal(res.status, 200, res.body);
  assert.equal(res.json.result, 'success');
  assert.equal(res.json.total, 3);
  assert.equal(res.json.page, 1);
  assert.equal(res.json.pages, 1);
  assert.deepEqual(res.json.data.map((p) => p.id), [t.p.alpha, t.p.beta, t.p.gamma], 'by name, in any letter case');
  const beta = res.json.data[1];
  assert.deepEqual(beta, {
    id: t.p.beta, kind: 'hosting', name: t.productNames.beta, status: 'expired', expires_at: '2031-02-28',
    auto_renew: true,
    tags: [{ id: t.t.blue, name: 'Blue', color: '#0b5cad' }, { id: t.t.red, name: 'Red', color: '#b00020' }],
    holder: { name: 'Anna Muster', organization: 'Muster GmbH', email: 'anna@example.test', country: 'DE' },
    organization_id: t.org, payer_organization_id: t.other,
  });
  assert.equal(res.json.data[0].auto_renew, false);
  assert.equal(res.json.data[0].expires_at, '2030-06-30');
  assert.deepEqual(res.json.data[2].tags, []);
  assert.equal(res.json.data[2].payer_organization_id, t.org);
  // The administrator sees the same.
  const admin = await call(t.adminToken, 'GET', `/organizations/${t.org}/products`);
  assert.deepEqual(admin.json, res.json);
});

test('GET products: pages of per_page with total and pages; a page past the end is an empty page, not an error', async () => {
  const t = team('Pages');
  for (let i = 0; i < 4; i++) newProduct(t.org, `zz-${i}-${orgCounter}.ch`, 'other');
  const first = await call(t.readToken, 'GET', `/organizations/${t.org}/products?per_page=3`);
  assert.equal(first.status, 200, first.body);
  assert.deepEqual([first.json.total, first.json.page, first.json.pages, first.json.data.length], [7, 1, 3, 3]);
  const third = await call(t.readToken, 'GET', `/organizations/${t.org}/products?per_page=3&page=3`);
  assert.deepEqual([third.json.total, third.json.page, third.json.pages], [7, 3, 3]);
  assert.deepEqual(names(third), [`zz-3-${orgCounter}.ch`]);
  const all = [];
  for (let page = 1; page <= 3; page++) {
    all.push(...names(await call(t.readToken, 'GET', `/organizations/${t.org}/products?per_page=3&page=${page}`)));
  }
  assert.equal(new Set(all).size, 7, 'the pages together hold each product once');
  // A full last page: the count says there is no next one.
  const exact = await call(t.readToken, 'GET', `/organizations/${t.org}/products?per_page=7`);
  assert.deepEqual([exact.json.total, exact.json.pages, exact.json.data.length], [7, 1, 7]);
  for (const page of [4, 1000000]) {
    const past = await call(t.readToken, 'GET', `/organizations/${t.org}/products?per_page=3&page=${page}`);
    assert.equal(past.status, 200, past.body);
    assert.deepEqual(past.json, { result: 'success', data: [], total: 7, page, pages: 3 });
  }
  const byDefault = await call(t.readToken, 'GET', `/organizations/${t.org}/products`);
  assert.equal(byDefault.json.data.length, 7, 'twenty a page by default');
});

test('GET products: filters by kind, by a text in the name in any letter case, and by one or several tags (all required)', async () => {
  const t = team('Filters');
  const get = (q) => call(t.readToken, 'GET', `/organizations/${t.org}/products?${q}`);
  let res = await get('kind=hosting');
  assert.deepEqual(res.json.data.map((p) => p.id), [t.p.beta]);
  assert.equal(res.json.total, 1);
  res = await get('search=ALPHA');
  assert.deepEqual(res.json.data.map((p) => p.id), [t.p.alpha]);
  res = await get('search=%25');
  assert.deepEqual(res.json.data, [], 'no LIKE wildcards');
  res = await get(`tag=${t.t.red}`);
  assert.deepEqual(res.json.data.map((p) => p.id), [t.p.alpha, t.p.beta]);
  assert.equal(res.json.total, 2);
  res = await get(`tag=${t.t.red}&tag=${t.t.blue}`);
  assert.deepEqual(res.json.data.map((p) => p.id), [t.p.beta], 'products carrying all the tags');
  res = await get(`tag=${t.t.red}&kind=domain&search=alpha`);
  assert.deepEqual(res.json.data.map((p) => p.id), [t.p.alpha]);
  res = await get(`tag=${t.t.green}`);
  assert.deepEqual([res.json.data, res.json.total, res.json.pages], [[], 0, 0]);
  res = await get(`tag=${t.otherTag}`);
  assert.equal(res.status, 200);
  assert.deepEqual(res.json.data, [], "another organization's tag selects nothing");
  res = await get(`tag=${t.t.red}&tag=${t.t.red}&tag=${t.t.red}&tag=${t.t.red}&tag=${t.t.red}`);
  assert.equal(res.json.total, 2, 'five tags are allowed');
});

test('GET products: malformed filters and pages answer 400 validation_failed with the fields at fault', async () => {
  const t = team('Bad filters');
  const six = Array.from({ length: 6 }, () => `tag=${t.t.red}`).join('&');
  for (const [q, fields] of [
    ['kind=car', ['kind']],
    ['kind=hosting&kind=mail', ['kind']],
    [six, ['tag']],
    ['tag=abc', ['tag']],
    ['tag=0', ['tag']],
    ['tag=-3', ['tag']],
    [`search=${'x'.repeat(101)}`, ['search']],
    ['per_page=101', ['per_page']],
    ['per_page=0', ['per_page']],
    ['page=0', ['page']],
    ['page=x&kind=car', ['page', 'kind']],
  ]) {
    assertFields(await call(t.readToken, 'GET', `/organizations/${t.org}/products?${q}`), fields);
  }
});

test('GET products and GET product: a stranger, an unknown organization and a token without the scope are refused', async () => {
  const t = team('Strangers');
  const nf = await call(t.strangerToken, 'GET', `/organizations/${t.org}/products`);
  assertError(nf, 404, 'not_found');
  assert.doesNotMatch(nf.body, /alpha-/);
  assertError(await call(t.strangerToken, 'GET', '/organizations/999999999/products'), 404, 'not_found');
  assertError(await call(t.strangerToken, 'GET', `/products/${t.p.alpha}`), 404, 'not_found');
  assertError(await call(t.repToken, 'GET', `/products/${t.otherProduct}`), 404, 'not_found');
  assertError(await call(t.repToken, 'GET', '/products/999999999'), 404, 'not_found');
  const orgOnly = newToken(t.rep, ['organizations:read']).token;
  assertError(await call(orgOnly, 'GET', `/organizations/${t.org}/products`), 403, 'forbidden');
  assertError(await call(orgOnly, 'GET', `/products/${t.p.alpha}`), 403, 'forbidden');
  assertError(await call(orgOnly, 'GET', `/organizations/${t.org}/tags`), 403, 'forbidden');
  assertError(await call(null, 'GET', `/organizations/${t.org}/products`), 401, 'not_authenticated');
});

// ---------------------------------------------------------------- GET product

test('GET product: one product as the list shows it', async () => {
  const t = team('One');
  const res = await call(t.readToken, 'GET', `/products/${t.p.beta}`);
  assert.equal(res.status, 200, res.body);
  const list = await call(t.readToken, 'GET', `/organizations/${t.org}/products?kind=hosting`);
  assert.deepEqual(res.json.data, list.json.data[0]);
  assert.deepEqual(res.json.data.tags.map((x) => x.name), ['Blue', 'Red']);
  assert.equal(res.json.data.organization_id, t.org);
});

// ---------------------------------------------------------------- visibility

test('a member with role user and a single product sees that product and its tags only, and counts that include nothing else', async () => {
  const t = team('Single');
  const userRead = newToken(t.user, READ).token;
  const list = await call(userRead, 'GET', `/organizations/${t.org}/products`);
  assert.equal(list.status, 200, list.body);
  assert.deepEqual(list.json.data.map((p) => p.id), [t.p.alpha]);
  assert.deepEqual([list.json.total, list.json.pages], [1, 1]);
  assert.deepEqual(list.json.data[0].tags, [{ id: t.t.red, name: 'Red', color: '#b00020' }]);
  // Filtering by a tag that only others' products carry finds nothing and counts nothing.
  const blue = await call(userRead, 'GET', `/organizations/${t.org}/products?tag=${t.t.blue}`);
  assert.deepEqual([blue.json.data, blue.json.total], [[], 0]);
  const red = await call(userRead, 'GET', `/organizations/${t.org}/products?tag=${t.t.red}&per_page=1&page=2`);
  assert.deepEqual([red.json.data, red.json.total, red.json.pages], [[], 1, 1], 'the count past the end excludes beta');
  // The tags: only those on products the user may see (not even the names of the others),
  // counted over those products only.
  const tags = await call(userRead, 'GET', `/organizations/${t.org}/tags`);
  assert.equal(tags.status, 200, tags.body);
  const counts = Object.fromEntries(tags.json.data.map((x) => [x.name, x.products_count]));
  assert.deepEqual(counts, { Red: 1 });
  const repTags = await call(t.readToken, 'GET', `/organizations/${t.org}/tags`);
  assert.deepEqual(Object.fromEntries(repTags.json.data.map((x) => [x.name, x.products_count])), { Blue: 1, Green: 0, Red: 2 });
  // One product: the granted one, not the others.
  const one = await call(userRead, 'GET', `/products/${t.p.alpha}`);
  assert.equal(one.status, 200, one.body);
  assert.deepEqual(one.json.data.tags.map((x) => x.id), [t.t.red]);
  for (const id of [t.p.beta, t.p.gamma]) {
    const nf = await call(userRead, 'GET', `/products/${id}`);
    assertError(nf, 404, 'not_found');
    assert.doesNotMatch(nf.body, /Beta-|gamma-/i);
  }
  // A grant of a whole kind adds that kind's products.
  sql(`INSERT INTO kind_grants (org_id, user_id, kind, created_at) VALUES (${t.org}, ${t.user.id}, 'mail', UTC_TIMESTAMP())`);
  const kinds = await call(userRead, 'GET', `/organizations/${t.org}/products`);
  assert.deepEqual(kinds.json.data.map((p) => p.id), [t.p.alpha, t.p.gamma]);
  assert.equal((await call(userRead, 'GET', `/products/${t.p.gamma}`)).status, 200);
});

test('a token limited to chosen products sees and tags only those', async () => {
  const t = team('Limited');
  const limited = newToken(t.admin, WRITE, ['--products', String(t.p.beta)]).token;
  const list = await call(limited, 'GET', `/organizations/${t.org}/products`);
  assert.equal(list.status, 200, list.body);
  assert.deepEqual(list.json.data.map((p) => p.id), [t.p.beta]);
  assert.equal(list.json.total, 1);
  const paged = await call(limited, 'GET', `/organizations/${t.org}/products?page=2&per_page=1`);
  assert.deepEqual([paged.json.data, paged.json.total], [[], 1]);
  assert.equal((await call(limited, 'GET', `/products/${t.p.beta}`)).status, 200);
  assertError(await call(limited, 'GET', `/products/${t.p.alpha}`), 404, 'not_found');
  const before = state(t.org);
  assertError(await call(limited, 'PUT', `/products/${t.p.alpha}/tags`, { tags: [] }), 404, 'not_found');
  assert.deepEqual(state(t.org), before);
  const ok = await call(limited, 'PUT', `/products/${t.p.beta}/tags`, { tags: [t.t.green] });
  assert.equal(ok.status, 200, ok.body);
  assert.deepEqual(tagsOn(t.p.beta), [t.t.green]);
  assert.deepEqual(tagsOn(t.p.alpha), [t.t.red]);
  // The same user's unlimited token sees everything.
  assert.equal((await call(t.adminToken, 'GET', `/organizations/${t.org}/products`)).json.total, 3);
});

// ---------------------------------------------------------------- GET tags

test('GET tags: the organization\'s tags by name with their counts, paged', async () => {
  const t = team('Tag list');
  const res = await call(t.readToken, 'GET', `/organizations/${t.org}/tags`);
  assert.equal(res.status, 200, res.body);
  assert.deepEqual(res.json, {
    result: 'success',
    data: [
      { id: t.t.blue, name: 'Blue', color: '#0b5cad', products_count: 1 },
      { id: t.t.green, name: 'Green', color: '#1e6b34', products_count: 0 },
      { id: t.t.red, name: 'Red', color: '#b00020', products_count: 2 },
    ],
    total: 3, page: 1, pages: 1,
  });
  const second = await call(t.readToken, 'GET', `/organizations/${t.org}/tags?per_page=2&page=2`);
  assert.deepEqual([second.json.data.map((x) => x.name), second.json.total, second.json.pages], [['Red'], 3, 2]);
  const past = await call(t.readToken, 'GET', `/organizations/${t.org}/tags?per_page=2&page=3`);
  assert.deepEqual([past.status, past.json.data, past.json.total], [200, [], 3]);
  assertFields(await call(t.readToken, 'GET', `/organizations/${t.org}/tags?per_page=500`), ['per_page']);
  assertError(await call(t.strangerToken, 'GET', `/organizations/${t.org}/tags`), 404, 'not_found');
});

// ---------------------------------------------------------------- POST tags

test('POST tags: creates a tag with a hex, a short hex or a palette colour (the first by default)', async () => {
  const t = team('Create');
  const before = Number(state(t.org).version);
  let res = await call(t.repToken, 'POST', `/organizations/${t.org}/tags`, { name: '  Urgent  ', color: '#ABC' });
  assert.equal(res.status, 201, res.body);
  const id = Number(sqlValue(`SELECT id FROM tags WHERE org_id = ${t.org} AND name = 'Urgent'`));
  assert.deepEqual(res.json, { result: 'success', data: { id, name: 'Urgent', color: '#aabbcc', products_count: 0 } });
  assert.ok(Number(state(t.org).version) > before, 'the organization\'s version is bumped');
  res = await call(t.adminToken, 'POST', `/organizations/${t.org}/tags`, { name: 'Kunde', color: '#facc15' });
  assert.equal(res.status, 201, res.body);
  res = await call(t.adminToken, 'POST', `/organizations/${t.org}/tags`, { name: 'ä'.repeat(30) });
  assert.equal(res.status, 201, res.body);
  assert.equal(res.json.data.color, '#0b5cad');
  assert.deepEqual(sql(`SELECT name, color FROM tags WHERE org_id = ${t.org} AND id > ${t.t.green} ORDER BY id`),
    [['Urgent', '#aabbcc'], ['Kunde', '#facc15'], ['ä'.repeat(30), '#0b5cad']]);
  const list = await call(t.readToken, 'GET', `/organizations/${t.org}/tags`);
  assert.ok(list.json.data.some((x) => x.id === id && x.products_count === 0), 'an unassigned tag is listed');
});

test('POST tags: bad names and colours answer 400, a duplicate in another case 409 duplicate; nothing changes', async () => {
  const t = team('Bad tags');
  const before = state(t.org);
  const path = `/organizations/${t.org}/tags`;
  for (const [body, fields, message] of [
    [{ name: '', color: '#0b5cad' }, ['name'], /1 to 30 characters/],
    [{ name: '    ', color: '#0b5cad' }, ['name'], /1 to 30 characters/],
    [{ color: '#0b5cad' }, ['name'], /1 to 30 characters/],
    [{ name: 'x'.repeat(31), color: '#0b5cad' }, ['name'], /at most 30 characters/],
    [{ name: 'ä'.repeat(31) }, ['name'], /at most 30 characters/],
    [{ name: 42 }, ['name']],
    [{ name: 'Ok', color: 'red' }, ['color'], /palette or enter a hex/],
    [{ name: 'Ok', color: '#12345g' }, ['color'], /palette or enter a hex/],
    [{ name: 'Ok', color: '#12345' }, ['color']],
    [{ name: 'Ok', color: '0b5cad' }, ['color']],
    [{ name: 'Ok', color: 1 }, ['color']],
    [{ name: 'Ok', color: null }, ['color']],
    [{ name: ' ', color: 'blue' }, ['name', 'color']],
    [{ name: 'Ok', colour: '#0b5cad' }, ['colour']],
  ]) {
    const res = await call(t.repToken, 'POST', path, body);
    assertFields(res, fields);
    if (message) assert.match(res.json.error.fields[fields[0]], message, JSON.stringify(body));
  }
  for (const raw of ['[]', '"Urgent"', '{"name": ']) {
    assertError(await call(t.repToken, 'POST', path, raw), 400, 'validation_failed');
  }
  assertError(await call(t.repToken, 'POST', path), 400, 'validation_failed');
  for (const name of ['RED', 'red', ' Red ']) {
    const dup = await call(t.repToken, 'POST', path, { name, color: '#0b5cad' });
    assertError(dup, 409, 'duplicate');
    assert.match(dup.json.error.description, /already has a tag of that name/);
  }
  assert.deepEqual(state(t.org), before);
  // The same name in another organization is no duplicate.
  assert.equal((await call(t.strangerToken, 'POST', `/organizations/${t.other}/tags`, { name: 'Blue' })).status, 201);
});

test('POST tags: an organization has at most 500 tags (409 too_many_tags)', async () => {
  const t = team('Many tags');
  sql(`INSERT INTO tags (org_id, name, color, created_at) SELECT ${t.org}, CONCAT('t', seq), '#0b5cad', UTC_TIMESTAMP() FROM seq_1_to_497`);
  const before = state(t.org);
  const res = await call(t.repToken, 'POST', `/organizations/${t.org}/tags`, { name: 'One more' });
  assertError(res, 409, 'too_many_tags');
  assert.deepEqual(state(t.org).tags, before.tags);
  // The list gives all of them, a page at a time.
  const last = await call(t.readToken, 'GET', `/organizations/${t.org}/tags?per_page=100&page=5`);
  assert.deepEqual([last.json.total, last.json.pages, last.json.data.length], [500, 5, 100]);
});

// ---------------------------------------------------------------- who may change tags

test('only administrators and legal representatives change tags: role user gets 403, a stranger 404, a read-only token 403; nothing changes', async () => {
  const t = team('Roles');
  const before = state(t.org);
  const userRefusals = [
    ['POST', `/organizations/${t.org}/tags`, { name: 'Mine' }],
    ['PATCH', `/tags/${t.t.red}`, { name: 'Mine' }],
    ['DELETE', `/tags/${t.t.red}`, undefined],
    ['PUT', `/products/${t.p.alpha}/tags`, { tags: [] }],
  ];
  for (const [method, path, body] of userRefusals) {
    const res = await call(t.userToken, method, path, body);
    assertError(res, 403, 'forbidden');
    assert.match(res.json.error.description, /administrators and legal representatives/, `${method} ${path}`);
    assertError(await call(t.strangerToken, method, path, body), 404, 'not_found');
    assertError(await call(t.readToken, method, path, body), 403, 'forbidden');
  }
  // A product the user cannot see: 404, as if it did not exist.
  assertError(await call(t.userToken, 'PUT', `/products/${t.p.beta}/tags`, { tags: [] }), 404, 'not_found');
  assert.deepEqual(state(t.org), before);
  // The same user as an administrator may.
  sql(`UPDATE memberships SET role = 'admin' WHERE org_id = ${t.org} AND user_id = ${t.user.id}`);
  assert.equal((await call(t.userToken, 'POST', `/organizations/${t.org}/tags`, { name: 'Mine' })).status, 201);
});

// ---------------------------------------------------------------- PATCH tags

test('PATCH tag: renames and recolours; the answer is the tag with its count', async () => {
  const t = team('Rename');
  const before = Number(state(t.org).version);
  let res = await call(t.adminToken, 'PATCH', `/tags/${t.t.red}`, { name: 'Rot' });
  assert.equal(res.status, 200, res.body);
  assert.deepEqual(res.json.data, { id: t.t.red, name: 'Rot', color: '#b00020', products_count: 2 });
  res = await call(t.adminToken, 'PATCH', `/tags/${t.t.red}`, { color: '#FC0' });
  assert.deepEqual(res.json.data, { id: t.t.red, name: 'Rot', color: '#ffcc00', products_count: 2 });
  res = await call(t.repToken, 'PATCH', `/tags/${t.t.red}`, { name: 'ROT', color: '#67e8f9' });
  assert.deepEqual(res.json.data, { id: t.t.red, name: 'ROT', color: '#67e8f9', products_count: 2 }, 'its own name in another case');
  assert.deepEqual(sql(`SELECT name, color FROM tags WHERE id = ${t.t.red}`)[0], ['ROT', '#67e8f9']);
  assert.ok(Number(state(t.org).version) >= before + 3);
  assert.deepEqual(tagsOn(t.p.beta), [t.t.red, t.t.blue].sort((a, b) => a - b), 'the products keep the tag');
});

test('PATCH tag: bad input answers 400, a duplicate 409, a tag of another organization 404; nothing changes', async () => {
  const t = team('Bad rename');
  const before = state(t.org);
  const otherBefore = state(t.other);
  for (const [body, fields] of [
    [{ name: '' }, ['name']],
    [{ name: '   ' }, ['name']],
    [{ name: 'y'.repeat(31) }, ['name']],
    [{ color: 'purple' }, ['color']],
    [{ color: '#ggg' }, ['color']],
    [{ name: 'Fine', color: '#1234567' }, ['color']],
    [{ id: 3 }, ['id']],
  ]) {
    assertFields(await call(t.repToken, 'PATCH', `/tags/${t.t.red}`, body), fields);
  }
  assertError(await call(t.repToken, 'PATCH', `/tags/${t.t.red}`, {}), 400, 'validation_failed');
  assertError(await call(t.repToken, 'PATCH', `/tags/${t.t.red}`, { name: 'blue' }), 409, 'duplicate');
  assertError(await call(t.repToken, 'PATCH', `/tags/${t.otherTag}`, { name: 'Mine' }), 404, 'not_found');
  assertError(await call(t.repToken, 'PATCH', '/tags/999999999', { name: 'Mine' }), 404, 'not_found');
  assert.deepEqual(state(t.org), before);
  assert.deepEqual(state(t.other), otherBefore);
});

// ---------------------------------------------------------------- DELETE tags

test('DELETE tag: the tag disappears from every product; another organization\'s tag is 404', async () => {
  const t = team('Delete');
  const otherBefore = state(t.other);
  assertError(await call(t.repToken, 'DELETE', `/tags/${t.otherTag}`), 404, 'not_found');
  assert.deepEqual(state(t.other), otherBefore);
  const before = Number(state(t.org).version);
  const res = await call(t.adminToken, 'DELETE', `/tags/${t.t.red}`);
  assert.equal(res.status, 200, res.body);
  assert.deepEqual(res.json, { result: 'success', data: { id: t.t.red, deleted: true } });
  assert.equal(sqlValue(`SELECT COUNT(*) FROM tags WHERE id = ${t.t.red}`), '0');
  assert.equal(sqlValue(`SELECT COUNT(*) FROM product_tags WHERE tag_id = ${t.t.red}`), '0');
  assert.deepEqual(tagsOn(t.p.beta), [t.t.blue]);
  assert.ok(Number(state(t.org).version) > before);
  assertError(await call(t.adminToken, 'DELETE', `/tags/${t.t.red}`), 404, 'not_found');
  const list = await call(t.readToken, 'GET', `/products/${t.p.alpha}`);
  assert.deepEqual(list.json.data.tags, []);
});

// ---------------------------------------------------------------- PUT product tags

test('PUT product tags: the product carries exactly the tags given; the answer is the product', async () => {
  const t = team('Retag');
  const before = Number(state(t.org).version);
  let res = await call(t.adminToken, 'PUT', `/products/${t.p.beta}/tags`, { tags: [t.t.green, t.t.red, t.t.green] });
  assert.equal(res.status, 200, res.body);
  assert.deepEqual(tagsOn(t.p.beta), [t.t.red, t.t.green].sort((a, b) => a - b), 'blue off, green on, red kept');
  assert.equal(res.json.data.id, t.p.beta);
  assert.deepEqual(res.json.data.tags, [{ id: t.t.green, name: 'Green', color: '#1e6b34' }, { id: t.t.red, name: 'Red', color: '#b00020' }]);
  const get = await call(t.readToken, 'GET', `/products/${t.p.beta}`);
  assert.deepEqual(get.json, res.json, 'PUT answers what GET shows');
  assert.ok(Number(state(t.org).version) > before);
  res = await call(t.repToken, 'PUT', `/products/${t.p.beta}/tags`, { tags: [] });
  assert.equal(res.status, 200, res.body);
  assert.deepEqual(res.json.data.tags, []);
  assert.deepEqual(tagsOn(t.p.beta), []);
  assert.deepEqual(tagsOn(t.p.alpha), [t.t.red], 'other products keep theirs');
});

test('PUT product tags: a tag or product of another organization is 404, a malformed list 400; nothing changes', async () => {
  const t = team('Bad retag');
  // The representative is a member of a second organization too: its tag is still foreign here.
  kontorctl(['member', 'add', String(t.other), t.rep.email, '--role', 'admin']);
  const before = state(t.org);
  const otherBefore = state(t.other);
  let res = await call(t.repToken, 'PUT', `/products/${t.p.alpha}/tags`, { tags: [t.t.blue, t.otherTag] });
  assertError(res, 404, 'not_found');
  assert.match(res.json.error.description, new RegExp(`no tag ${t.otherTag}`));
  assertError(await call(t.repToken, 'PUT', `/products/${t.p.alpha}/tags`, { tags: [999999999] }), 404, 'not_found');
  assertError(await call(t.repToken, 'PUT', `/products/${t.otherProduct}/tags`, { tags: [t.t.red] }), 404, 'not_found');
  assertError(await call(t.adminToken, 'PUT', `/products/${t.otherProduct}/tags`, { tags: [] }), 404, 'not_found');
  assertError(await call(t.repToken, 'PUT', '/products/999999999/tags', { tags: [] }), 404, 'not_found');
  for (const body of [
    { tags: 'x' }, { tags: [t.t.red, 'x'] }, { tags: [0] }, { tags: [-1] }, { tags: [1.5] }, { tags: null },
    { tags: [[t.t.red]] }, { tags: Array.from({ length: 501 }, (_, i) => i + 1) },
  ]) {
    assertFields(await call(t.repToken, 'PUT', `/products/${t.p.alpha}/tags`, body), ['tags']);
  }
  assertFields(await call(t.repToken, 'PUT', `/products/${t.p.alpha}/tags`, { tags: [], extra: 1 }), ['extra']);
  assertError(await call(t.repToken, 'PUT', `/products/${t.p.alpha}/tags`, {}), 400, 'validation_failed');
  assertError(await call(t.repToken, 'PUT', `/products/${t.p.alpha}/tags`, '[1,2]'), 400, 'validation_failed');
  assertError(await call(t.repToken, 'PUT', `/products/${t.p.alpha}/tags`), 400, 'validation_failed');
  assert.deepEqual(state(t.org), before);
  assert.deepEqual(state(t.other), otherBefore);
});

test('PUT product tags is one transaction: a statement failing anywhere in it leaves the old tags', async () => {
  const t = team('Atomic');
  const old = tagsOn(t.p.beta);  // red, blue
  const wanted = [t.t.green];
  let failed = 0;
  let succeeded = 0;
  for (let n = 1; n <= 16; n++) {
    const res = await call(t.adminToken, 'PUT', `/products/${t.p.beta}/tags`, { tags: wanted },
      { headers: { 'X-Kontor-Fault': String(n) } });
    const now = tagsOn(t.p.beta);
    if (res.status === 200) {
      succeeded += 1;
      assert.deepEqual(now, wanted, `fault ${n}`);
      // Back to the old set for the next round.
      assert.equal((await call(t.adminToken, 'PUT', `/products/${t.p.beta}/tags`, { tags: old })).status, 200);
    } else {
      failed += 1;
      assert.equal(res.status, 500, `fault ${n}: ${res.body}`);
      assert.equal(res.json?.error?.code, 'internal_error');
      assert.deepEqual(now, old, `fault ${n} left the old tags`);
    }
  }
  // The statements: the product and its organization, the visibility, the transaction's
  // start, the bump, the role, the product, one tag, the old tags, two removals, one
  // addition, the answer: every one of them failed once, then it ran through.
  assert.ok(failed >= 12, `${failed} failures`);
  assert.ok(succeeded >= 1, 'without a fault it succeeds');
  assert.deepEqual(tagsOn(t.p.beta), old);
});
