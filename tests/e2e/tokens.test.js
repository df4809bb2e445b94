// API tokens in the account: creating one (with the password again when the last one is
// over 5 minutes old), the token shown once, the list, revoking, and the worker deactivating
// a token unused for a year with a warning 14 days before.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  apiGet, assertPage, fieldErrors, kontorctl, loggedIn, mails, mainText, messages, newOrg, newProduct,
  newUser, q, sql, sqlValue, waitForMail, worker,
} from './lib.js';

const TOKEN = /kontor_[0-9A-Za-z]{39}/;


async function createToken(c, form) {
  await c.get('/account/tokens/new');
  return c.post('/account/tokens', form);
}

test('a token created in the account is shown once, works with the API and can be revoked', async () => {
  const u = newUser('tok');
  const org = newOrg('Token Test AG', u);
  const p1 = newProduct(org, 'token-one.ch');
  newProduct(org, 'token-two.ch');
  const c = await loggedIn(u);
  const form = await c.get('/account/tokens/new');
  assert.equal(form.status, 200);
  assertPage(form.body);
  // Just logged in: the password was given moments ago, so it is not asked again.
  assert.doesNotMatch(form.body, /name="password"/);
  assert.match(form.body, /<label for="f-scope_profile_read">Profile: read/);
  const res = await c.post('/account/tokens', {
    name: 'Backup script', scope_profile_read: '1', scope_organizations_read: '1',
    products_mode: 'chosen', products: String(p1), validity: 'unlimited',
  });
  assert.equal(res.status, 200);
  assertPage(res.body);
  const token = TOKEN.exec(res.body)?.[0];
  assert.ok(token, 'the new token is on the page');
  assert.match(res.body, /data-copy="#new-token"/);
  assert.match(mainText(res.body), /shown only this once/);

  // Stored as a hash only, with the scopes and the one product.
  const [id, scopes, all] = sql(`SELECT id, scopes, all_products FROM api_tokens WHERE user_id = ${u.id}`)[0];
  assert.equal(scopes, 'profile:read,organizations:read');
  assert.equal(all, '0');
  assert.deepEqual(sql(`SELECT product_id FROM api_token_products WHERE token_id = ${id}`), [[String(p1)]]);
  assert.equal(sqlValue(`SELECT COUNT(*) FROM api_tokens WHERE name = ${q(token)} OR token_hash = ${q(token)}`), '0');

  // The list shows it, never the token itself.
  const list = await c.get('/account/tokens');
  assertPage(list.body);
  assert.doesNotMatch(list.body, TOKEN);
  const row = mainText(list.body);
  assert.match(row, /Backup script profile:read organizations:read token-one\.ch/);
  assert.match(row, /Never Never Active/);

  const profile = await apiGet(token, '/profile');
  assert.equal(profile.status, 200);
  assert.equal(profile.json.data.email, u.email);
  const after = mainText((await c.get('/account/tokens')).body);
  assert.match(after, /from 127\.\d+\.\d+\.\d+ Active/);

  // Revoke: the API refuses it from then on, with the code that says so.
  await c.get('/account/tokens');
  const revoked = await c.post(`/account/tokens/${id}/revoke`, {});
  assert.equal(revoked.status, 303);
  assert.equal(revoked.headers.location, '/account/tokens?notice=token_revoked');
  const refused = await apiGet(token, '/profile');
  assert.equal(refused.status, 401);
  assert.equal(refused.json.error.code, 'token_revoked');
  const listed = await c.get('/account/tokens?notice=token_revoked');
  assert.match(messages(listed.body)[0], /has been revoked/);
  assert.match(mainText(listed.body), /Revoked/);
  assert.deepEqual(sql(`SELECT event FROM security_log WHERE user_id = ${u.id} AND event LIKE 'api_token%' ORDER BY id`),
    [['api_token_created'], ['api_token_revoked']]);
});

test('another user\'s token cannot be revoked: 404 and nothing changes', async () => {
  const owner = newUser('tokowner');
  const token = kontorctl(['token', 'add', owner.email, '--name', 'Mine', '--scopes', 'profile:read']);
  const id = sqlValue(`SELECT id FROM api_tokens WHERE user_id = ${owner.id}`);
  const other = await loggedIn(newUser('tokthief'));
  await other.get('/account/tokens');
  const res = await other.post(`/account/tokens/${id}/revoke`, {});
  assert.equal(res.status, 404);
  assertPage(res.body);
  assert.equal(sqlValue(`SELECT revoked_at IS NULL FROM api_tokens WHERE id = ${id}`), '1');
  assert.equal((await apiGet(token, '/profile')).status, 200);
});

test('creating a token needs the password again when the last one is over 5 minutes old', async () => {
  const u = newUser('tokreauth');
  const c = await loggedIn(u);
  sql(`UPDATE sessions SET reauth_at = UTC_TIMESTAMP() - INTERVAL 6 MINUTE WHERE user_id = ${u.id}`);
  const form = await c.get('/account/tokens/new');
  assert.match(form.body, /<label for="f-password">Your password, to confirm<\/label>/);
  const base = { name: 'Needs password', scope_profile_read: '1', products_mode: 'all', validity: 'unlimited' };
  const missing = await c.post('/account/tokens', base);
  assert.equal(missing.status, 400);
  assert.ok(fieldErrors(missing.body).password);
  await c.get('/account/tokens/new');
  const wrong = await c.post('/account/tokens', { ...base, password: 'Not-The-Password-1' });
  assert.equal(wrong.status, 400);
  assert.match(messages(wrong.body).join(' '), /password is not correct/);
  assert.equal(sqlValue(`SELECT COUNT(*) FROM api_tokens WHERE user_id = ${u.id}`), '0');
  await c.get('/account/tokens/new');
  const ok = await c.post('/account/tokens', { ...base, password: u.password });
  assert.equal(ok.status, 200);
  assert.match(ok.body, TOKEN);
  // Given now, the password is not asked again for the next few minutes.
  assert.doesNotMatch((await c.get('/account/tokens/new')).body, /name="password"/);
  sql(`DELETE FROM throttle WHERE subject = ${q(u.email)}`);
});

test('a token form with bad values is refused with clear messages and creates nothing', async () => {
  const u = newUser('tokbad');
  const stranger = newUser('tokstranger');
  const foreign = newProduct(newOrg('Foreign AG', stranger), 'foreign.ch');
  const mine = newProduct(newOrg('Mine AG', u), 'mine.ch');
  const c = await loggedIn(u);
  const cases = [
    [{ name: 'No scope', products_mode: 'all', validity: 'unlimited' }, /at least one application/],
    [{ name: 'No products', scope_profile_read: '1', products_mode: 'chosen', validity: 'unlimited' }, /at least one product/],
    [{ name: 'No date', scope_profile_read: '1', products_mode: 'chosen', products: `${mine}`, validity: 'until' }, /last day of validity/],
    [{ name: 'Past', scope_profile_read: '1', products_mode: 'all', validity: 'until', expires: '2020-01-01' }, /today or later/],
    [{ name: 'Foreign', scope_profile_read: '1', products_mode: 'chosen', products: `${foreign}`, validity: 'unlimited' }, /not one you manage/],
  ];
  for (const [form, message] of cases) {
    const res = await createToken(c, form);
    assert.equal(res.status, 400, form.name);
    assertPage(res.body);
    assert.match(messages(res.body).join(' '), message, form.name);
    assert.doesNotMatch(res.body, TOKEN);
  }
  const noName = await createToken(c, { name: '  ', scope_profile_read: '1', products_mode: 'all', validity: 'unlimited' });
  assert.equal(noName.status, 400);
  assert.ok(fieldErrors(noName.body).name);
  // What was entered is kept.
  assert.match(noName.body, /id="f-scope_profile_read" name="scope_profile_read" value="1" checked/);
  assert.equal(sqlValue(`SELECT COUNT(*) FROM api_tokens WHERE user_id = ${u.id}`), '0');
  // A valid date: valid through that day (UTC).
  const until = await createToken(c, { name: 'Until', scope_profile_read: '1', products_mode: 'all', validity: 'until', expires: '2031-03-15' });
  assert.equal(until.status, 200);
  assert.equal(sqlValue(`SELECT expires_at FROM api_tokens WHERE user_id = ${u.id}`), '2031-03-16 00:00:00');
});

test('the worker warns 14 days before deactivating an unused token, then deactivates it', async () => {
  const u = newUser('tokidle');
  const token = kontorctl(['token', 'add', u.email, '--name', 'Nightly job', '--scopes', 'profile:read']);
  // The token was last used (created) 352 days before the worker's clock.
  const at = (days) => new Date(Date.now() + days * 86400e3).toISOString().slice(0, 16).replace('T', ' ');
  // The deactivation mails (kontorctl's "new token" notice is not one of them).
  const mine = () => mails().filter((m) => m.to === u.email && /deactivated/.test(m.subject));
  worker(['--now', at(340)]);
  assert.equal(mine().length, 0, 'no warning before 351 days');
  worker(['--now', at(352)]);
  // The stack's own worker may claim the queued mail first: wait for its delivery.
  await waitForMail(u.email, (m) => /will be deactivated soon/.test(m.subject));
  let got = mine();
  assert.equal(got.length, 1);
  assert.match(got[0].subject, /“Nightly job” will be deactivated soon/);
  assert.match(got[0].body, /It will be deactivated on \d{4}-\d\d-\d\d\./);
  worker(['--now', at(353)]);
  assert.equal(mine().length, 1, 'warned once only');
  // Still usable until then.
  assert.equal((await apiGet(token, '/profile')).status, 200);
  // Using it restarts the year: set the use back again to test the deactivation.
  sql(`UPDATE api_tokens SET idle_since = created_at, last_used_at = NULL WHERE user_id = ${u.id}`);
  worker(['--now', at(366)]);
  await waitForMail(u.email, (m) => /was deactivated/.test(m.subject));
  got = mine();
  assert.equal(got.length, 2);
  assert.match(got[1].subject, /“Nightly job” was deactivated/);
  const refused = await apiGet(token, '/profile');
  assert.equal(refused.status, 401);
  assert.equal(refused.json.error.code, 'token_deactivated');
  worker(['--now', at(400)]);
  assert.equal(mine().length, 2, 'deactivated once only');
});

test('a token made with kontorctl is in the security log and its owner is told', async () => {
  const u = newUser('tokctl');
  kontorctl(['token', 'add', u.email, '--name', 'Provisioned', '--scopes', 'profile:read']);
  assert.equal(sqlValue(`SELECT event FROM security_log WHERE user_id = ${u.id} ORDER BY id DESC LIMIT 1`), 'api_token_created');
  const mail = await waitForMail(u.email, (m) => /new API token/.test(m.subject));
  assert.match(mail.subject, /“Provisioned”/);
  assert.match(mail.body, /kontorctl/);
});

test('the token list has no limit: it pages through them, 50 at a time', async () => {
  const u = newUser('tokmany');
  const values = Array.from({ length: 55 }, (_, i) => `(${u.id}, 'Bulk ${String(i).padStart(2, '0')}', UNHEX(SHA2('${u.id}-${i}', 256)), 'profile:read', 1, UTC_TIMESTAMP() - INTERVAL ${i} MINUTE, UTC_TIMESTAMP())`);
  sql(`INSERT INTO api_tokens (user_id, name, token_hash, scopes, all_products, created_at, idle_since) VALUES ${values.join(', ')}`);
  const c = await loggedIn(u);
  const first = await c.get('/account/tokens');
  assertPage(first.body);
  assert.equal((first.body.match(/<tr class="token-/g) ?? []).length, 50);
  assert.match(first.body, /<a href="\/account\/tokens\?page=2" rel="next">Next page<\/a>/);
  assert.doesNotMatch(first.body, /rel="prev"/);
  assert.match(mainText(first.body), /Bulk 00 .* Bulk 49 /);
  const second = await c.get('/account/tokens?page=2');
  assert.equal((second.body.match(/<tr class="token-/g) ?? []).length, 5);
  assert.match(second.body, /rel="prev"/);
  assert.doesNotMatch(second.body, /rel="next"/);
  assert.match(mainText(second.body), /Bulk 50 .* Bulk 54 /);
  const bad = await c.get('/account/tokens?page=0');
  assert.equal(bad.status, 200);
  assert.equal((bad.body.match(/<tr class="token-/g) ?? []).length, 50, 'an invalid page number shows the first page');
});
