// Tags over HTTP: create (palette or hex), duplicates in another letter case, bad names and
// colours; tagging from the list, the product page and several products at once; filtering;
// rename, recolour, delete after the count; who sees which tags and counts; the stylesheet.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  assertPage, fieldErrors, kontorctl, loggedIn, mainText, messages, newOrg, newProduct, newUser,
  sql, sqlValue,
} from './lib.js';

const names = (html) => [...html.matchAll(/<th scope="row"><a href="\/orgs\/\d+\/products\/\d+">([^<]*)<\/a><\/th>/g)].map((m) => m[1]);
const tagsOf = (product) => sql(`SELECT t.name FROM product_tags pt JOIN tags t ON t.id = pt.tag_id WHERE pt.product_id = ${product} ORDER BY t.name`).map((r) => r[0]);
const tagId = (org, name) => sqlValue(`SELECT id FROM tags WHERE org_id = ${org} AND name = '${name}'`);

async function setup(tag) {
  const rep = newUser(`tg${tag}`);
  const org = newOrg(`Tags ${tag} AG`, rep);
  const a = newProduct(org, `a-${tag}.ch`);
  const b = newProduct(org, `b-${tag}.ch`, 'hosting');
  const c = newProduct(org, `c-${tag}.ch`, 'mail');
  return { rep, org, a, b, c, cl: await loggedIn(rep) };
}

test('tags are created from the palette or a hex value; names are checked', async () => {
  const { org, cl } = await setup('create');
  let res = await cl.get(`/orgs/${org}/tags`);
  assert.equal(res.status, 200);
  assertPage(res.body);
  assert.match(res.body, /<label class="swatch pal-1"><input type="radio" name="color" value="#0b5cad" checked>Colour 1<\/label>/);
  res = await cl.post(`/orgs/${org}/tags`, { name: 'Urgent', color: '#b00020' });
  assert.equal(res.status, 303);
  await cl.get(`/orgs/${org}/tags`);
  res = await cl.post(`/orgs/${org}/tags`, { name: 'Ünïcödé-Kunde', color: '#0b5cad', hex: '#ABC' });
  assert.equal(res.status, 303);
  await cl.get(`/orgs/${org}/tags`);
  assert.deepEqual(sql(`SELECT name, color FROM tags WHERE org_id = ${org} ORDER BY id`),
    [['Urgent', '#b00020'], ['Ünïcödé-Kunde', '#aabbcc']]);
  const before = sqlValue(`SELECT COUNT(*) FROM tags WHERE org_id = ${org}`);
  for (const [form, field, why] of [
    [{ name: 'URGENT', color: '#0b5cad' }, 'name', /already has a tag of that name/],
    [{ name: '   ', color: '#0b5cad' }, 'name', /1 to 30 characters/],
    [{ name: 'x'.repeat(31), color: '#0b5cad' }, 'name', /at most 30 characters/],
    [{ name: 'Ok', color: 'red' }, 'color', /palette or enter a hex/],
    [{ name: 'Ok', hex: '#12345g' }, 'hex', /palette or enter a hex/],
  ]) {
    res = await cl.post(`/orgs/${org}/tags`, form);
    assert.ok(res.status === 400 || res.status === 409, JSON.stringify(form));
    assert.match(fieldErrors(res.body)[field] ?? '', why, JSON.stringify(form));
  }
  assert.equal(sqlValue(`SELECT COUNT(*) FROM tags WHERE org_id = ${org}`), before);
  // Thirty characters of two bytes each are thirty characters.
  await cl.get(`/orgs/${org}/tags`);
  res = await cl.post(`/orgs/${org}/tags`, { name: 'ä'.repeat(30), color: '#0b5cad' });
  assert.equal(res.status, 303);
});

test('tagging from the list, from the product page and several at once; removing', async () => {
  const { org, a, b, c, cl } = await setup('assign');
  let res = await cl.get(`/orgs/${org}/products`);
  assert.match(res.body, new RegExp(`<a class="addtag" href="/orgs/${org}/products/${a}#tag-picker" data-action="/orgs/${org}/products/${a}/tags">Add a tag to a-assign\\.ch</a>`));
  // A new name with a colour creates the tag and puts it on the product.
  res = await cl.post(`/orgs/${org}/products/${a}/tags`, { name: 'Renew', color: '#1e6b34', back: 'list' });
  assert.equal(res.status, 303);
  assert.equal(res.headers.location, `/orgs/${org}/products?notice=tagged`);
  const renew = tagId(org, 'Renew');
  // An existing tag, chosen; from the product page.
  await cl.get(`/orgs/${org}/products/${b}`);
  res = await cl.post(`/orgs/${org}/products/${b}/tags`, { tag: renew, back: 'product' });
  assert.equal(res.headers.location, `/orgs/${org}/products/${b}?notice=tagged`);
  // Typing an existing name in another case means that tag.
  await cl.get(`/orgs/${org}/products`);
  res = await cl.post(`/orgs/${org}/products/${c}/tags`, { name: 'RENEW', color: '#b00020' });
  assert.equal(res.status, 303);
  assert.deepEqual([tagsOf(a), tagsOf(b), tagsOf(c)], [['Renew'], ['Renew'], ['Renew']]);
  assert.equal(sqlValue(`SELECT COUNT(*) FROM tags WHERE org_id = ${org}`), '1');
  // Several at once.
  await cl.get(`/orgs/${org}/products`);
  res = await cl.post(`/orgs/${org}/products/tags`, { products: `${a},${c}`, name: 'VIP', color: '#6f42c1' });
  assert.equal(res.status, 303);
  assert.deepEqual([tagsOf(a), tagsOf(b), tagsOf(c)], [['Renew', 'VIP'], ['Renew'], ['Renew', 'VIP']]);
  await cl.get(`/orgs/${org}/products`);
  res = await cl.post(`/orgs/${org}/products/tags`, { name: 'Nothing', color: '#6f42c1' });
  assert.equal(res.status, 400);
  // The product page shows its tags, each with a remove button.
  const page = await cl.get(`/orgs/${org}/products/${a}`);
  assert.match(page.body, /aria-label="Remove the tag VIP"/);
  res = await cl.post(`/orgs/${org}/products/${a}/tags/${tagId(org, 'VIP')}/remove`, { back: 'product' });
  assert.equal(res.status, 303);
  assert.deepEqual(tagsOf(a), ['Renew']);
  // Another organization's product or tag: 404, nothing changed.
  const other = newOrg('Tags Other AG', newUser('tgother'));
  const foreign = newProduct(other, 'foreign-tag.ch');
  await cl.get(`/orgs/${org}/products`);
  assert.equal((await cl.post(`/orgs/${org}/products/${foreign}/tags`, { tag: renew })).status, 404);
  assert.equal((await cl.post(`/orgs/${other}/products/${foreign}/tags`, { tag: renew })).status, 404);
  assert.equal((await cl.post(`/orgs/${org}/products/tags`, { products: `${a},${foreign}`, tag: renew })).status, 404);
  sql(`INSERT INTO tags (org_id, name, color, created_at) VALUES (${other}, 'Theirs', '#000000', UTC_TIMESTAMP())`);
  assert.equal((await cl.post(`/orgs/${org}/products/${b}/tags`, { tag: tagId(other, 'Theirs') })).status, 404);
  assert.deepEqual(tagsOf(foreign), []);
  assert.deepEqual(tagsOf(b), ['Renew']);
});

test('the list filters by one tag or several (products carrying all of them)', async () => {
  const { org, a, b, c, cl } = await setup('filter');
  sql(`INSERT INTO tags (org_id, name, color, created_at) VALUES (${org}, 'One', '#0b5cad', UTC_TIMESTAMP()), (${org}, 'Two', '#b00020', UTC_TIMESTAMP())`);
  const one = tagId(org, 'One');
  const two = tagId(org, 'Two');
  sql(`INSERT INTO product_tags (product_id, tag_id) VALUES (${a}, ${one}), (${b}, ${one}), (${b}, ${two}), (${c}, ${two})`);
  let res = await cl.get(`/orgs/${org}/products?tag=${one}`);
  assert.deepEqual(names(res.body), ['a-filter.ch', 'b-filter.ch']);
  assert.match(res.body, new RegExp(`<a href="[^"]*&amp;tag=${two}" class="tag tag-${two}">Two</a>`));
  res = await cl.get(`/orgs/${org}/products?tag=${one}&tag=${two}`);
  assert.deepEqual(names(res.body), ['b-filter.ch']);
  // A tag of the row links to the list filtered by it.
  res = await cl.get(`/orgs/${org}/products`);
  assert.match(res.body, new RegExp(`<a class="tag tag-${two}" href="/orgs/${org}/products\\?tag=${two}">Two</a>`));
  // A page past the end of a filtered list is empty, not an error.
  res = await cl.get(`/orgs/${org}/products?tag=${one}&page=5`);
  assert.equal(res.status, 200);
  assert.deepEqual(names(res.body), []);
});

test('rename, recolour, and delete after being told how many products carry the tag', async () => {
  const { org, a, b, cl } = await setup('edit');
  await cl.get(`/orgs/${org}/tags`);
  await cl.post(`/orgs/${org}/tags`, { name: 'Old', color: '#0b5cad' });
  await cl.get(`/orgs/${org}/tags`);
  await cl.post(`/orgs/${org}/tags`, { name: 'Other', color: '#0b5cad' });
  const id = tagId(org, 'Old');
  sql(`INSERT INTO product_tags (product_id, tag_id) VALUES (${a}, ${id}), (${b}, ${id})`);
  await cl.get(`/orgs/${org}/tags`);
  let res = await cl.post(`/orgs/${org}/tags/${id}`, { name: 'New', hex: '#123456' });
  assert.equal(res.status, 303);
  assert.deepEqual(sql(`SELECT name, color FROM tags WHERE id = ${id}`), [['New', '#123456']]);
  await cl.get(`/orgs/${org}/tags`);
  res = await cl.post(`/orgs/${org}/tags/${id}`, { name: 'other' });
  assert.equal(res.status, 409);
  assert.equal(sqlValue(`SELECT name FROM tags WHERE id = ${id}`), 'New');
  const confirm = await cl.get(`/orgs/${org}/tags/${id}/delete`);
  assert.equal(confirm.status, 200);
  assert.match(mainText(confirm.body), /2 product\(s\) carry this tag/);
  await cl.get(`/orgs/${org}/tags`);
  res = await cl.post(`/orgs/${org}/tags/${id}/delete`, {});
  assert.equal(res.status, 303);
  assert.equal(sqlValue(`SELECT COUNT(*) FROM product_tags WHERE tag_id = ${id}`), '0');
  assert.equal(sqlValue(`SELECT COUNT(*) FROM tags WHERE id = ${id}`), '0');
  assert.equal((await cl.get(`/orgs/${org}/tags/${id}/delete`)).status, 404);
});

test('a user with one product sees its tags and learns nothing of other products', async () => {
  const { org, a, b, cl } = await setup('visible');
  const user = newUser('tguser');
  kontorctl(['member', 'add', String(org), user.email, '--role', 'user']);
  kontorctl(['grant', String(org), user.email, String(a)]);
  sql(`INSERT INTO tags (org_id, name, color, created_at) VALUES (${org}, 'Shared', '#0b5cad', UTC_TIMESTAMP()), (${org}, 'Hidden', '#b00020', UTC_TIMESTAMP())`);
  sql(`INSERT INTO product_tags (product_id, tag_id) VALUES (${a}, ${tagId(org, 'Shared')}), (${b}, ${tagId(org, 'Shared')}), (${b}, ${tagId(org, 'Hidden')})`);
  const u = await loggedIn(user);
  let res = await u.get(`/orgs/${org}/products`);
  assert.deepEqual(names(res.body), ['a-visible.ch']);
  assert.match(res.body, /class="tag tag-\d+">Shared<\/a>/);
  assert.doesNotMatch(res.body, />Hidden</);          // only on a product that is not theirs
  assert.doesNotMatch(res.body, /Add a tag/);         // users do not tag
  res = await u.get(`/orgs/${org}/tags`);
  assert.match(mainText(res.body), /Shared 1/);
  assert.doesNotMatch(res.body, /Delete the tag/);
  res = await u.get(`/orgs/${org}/products?tag=${tagId(org, 'Hidden')}`);
  assert.deepEqual(names(res.body), []);
  // Users change no tags.
  await u.get(`/orgs/${org}/products`);
  assert.equal((await u.post(`/orgs/${org}/products/${a}/tags`, { name: 'Mine', color: '#0b5cad' })).status, 404);
  assert.equal((await u.post(`/orgs/${org}/tags`, { name: 'Mine', color: '#0b5cad' })).status, 404);
  assert.equal(sqlValue(`SELECT COUNT(*) FROM tags WHERE org_id = ${org} AND name = 'Mine'`), '0');
  // The stylesheet of the tag colours: members only, versioned and cached.
  const css = await u.get(`/orgs/${org}/tags.css?v=1`);
  assert.equal(css.status, 200);
  assert.match(css.headers['content-type'], /text\/css/);
  assert.match(css.headers['cache-control'], /max-age=31536000/);
  assert.match(css.body, new RegExp(`\\.tag-${tagId(org, 'Shared')}\\{background:#0b5cad;color:#ffffff\\}`));
  const s = await loggedIn(newUser('tgstranger'));
  assert.equal((await s.get(`/orgs/${org}/tags.css?v=1`)).status, 404);
  assert.equal((await s.get(`/orgs/${org}/tags`)).status, 404);
  // Refusals come back with a message, not a crash.
  await cl.get(`/orgs/${org}/tags`);
  const dup = await cl.post(`/orgs/${org}/tags`, { name: 'shared', color: '#0b5cad' });
  assert.deepEqual(messages(dup.body), []);
});

test('review: users see no tag found only on products they cannot see; names tell accents apart; refusals change nothing', async () => {
  const { org, a, b, cl } = await setup('review');
  const user = newUser('tgrevuser');
  kontorctl(['member', 'add', String(org), user.email, '--role', 'user']);
  kontorctl(['grant', String(org), user.email, String(a)]);
  sql(`INSERT INTO tags (org_id, name, color, created_at) VALUES (${org}, 'Secret-Merger', '#0b5cad', UTC_TIMESTAMP()), (${org}, 'Mine', '#0b5cad', UTC_TIMESTAMP())`);
  sql(`INSERT INTO product_tags (product_id, tag_id) VALUES (${b}, ${tagId(org, 'Secret-Merger')}), (${a}, ${tagId(org, 'Mine')})`);
  const u = await loggedIn(user);
  const page = await u.get(`/orgs/${org}/tags`);
  assert.match(mainText(page.body), /Mine 1/);
  assert.doesNotMatch(page.body, /Secret-Merger/);
  // Accents make another name; letter case does not.
  await cl.get(`/orgs/${org}/tags`);
  let res = await cl.post(`/orgs/${org}/tags`, { name: 'Résumé', color: '#0b5cad' });
  assert.equal(res.status, 303);
  await cl.get(`/orgs/${org}/tags`);
  res = await cl.post(`/orgs/${org}/tags`, { name: 'resume', color: '#0b5cad' });
  assert.equal(res.status, 303);
  await cl.get(`/orgs/${org}/tags`);
  res = await cl.post(`/orgs/${org}/tags`, { name: 'RÉSUMÉ', color: '#0b5cad' });
  assert.equal(res.status, 409);
  // A colour too long is refused, not replaced by the palette's first.
  res = await cl.post(`/orgs/${org}/tags`, { name: 'Long colour', hex: '#1234567' });
  assert.equal(res.status, 400);
  assert.match(fieldErrors(res.body).hex, /palette or enter a hex/);
  // A new tag is not made for a product of another organization.
  const other = newOrg('Tags Review Other AG', newUser('tgrevother'));
  const foreign = newProduct(other, 'foreign-review.ch');
  await cl.get(`/orgs/${org}/products`);
  res = await cl.post(`/orgs/${org}/products/${foreign}/tags`, { name: 'Orphan', color: '#0b5cad' });
  assert.equal(res.status, 404);
  assert.equal(sqlValue(`SELECT COUNT(*) FROM tags WHERE name = 'Orphan'`), '0');
});

test('bug: tagging several products was one transaction per product (a failure halfway left some tagged)', async () => {
  const { org, a, b, c, cl } = await setup('bulkfault');
  for (let n = 1; n <= 24; n += 1) {
    await cl.get(`/orgs/${org}/products`);
    const res = await cl.post(`/orgs/${org}/products/tags`, { products: `${a},${b},${c}`, name: 'Halfway', color: '#0b5cad' },
      { headers: { 'X-Kontor-Fault': String(n) } });
    if (res.status === 303) break;  // past the last statement: it went through whole
    assert.equal(res.status, 500, `fault at ${n}`);
    assert.equal(sqlValue(`SELECT COUNT(*) FROM tags WHERE org_id = ${org}`), '0', `fault at ${n}`);
    assert.equal(sqlValue(`SELECT COUNT(*) FROM product_tags WHERE product_id IN (${a}, ${b}, ${c})`), '0', `fault at ${n}`);
  }
  assert.deepEqual([tagsOf(a), tagsOf(b), tagsOf(c)], [['Halfway'], ['Halfway'], ['Halfway']]);
});
