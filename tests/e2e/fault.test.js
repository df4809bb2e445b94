// A statement failing in the middle of a change: the user gets the generic error page with
// an incident id (never internals), and the transaction leaves nothing half-done.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Client, assertPage, newUser, sql } from './lib.js';

test('a failing statement mid-transaction answers 500 with an incident id and changes nothing', async () => {
  const u = newUser('fault');
  const c = new Client();
  const login = await c.login(u.email, u.password);
  assert.equal(login.status, 303);
  const before = sql(`SELECT password_hash FROM users WHERE id = ${u.id}`)[0][0];
  const outboxBefore = sql(`SELECT COUNT(*) FROM outbox WHERE recipient = '${u.email}'`)[0][0];
  await c.get('/account/password');
  // The handler's statements: throttle look-up, user look-up, START TRANSACTION, the password
  // update, the reset-link invalidation, ...: the 5th fails after the update has run.
  const res = await c.post('/account/password',
    { current: u.password, password: 'Zeder-Fluss-Kompass-58', password2: 'Zeder-Fluss-Kompass-58' },
    { headers: { 'X-Kontor-Fault': '5' } });
  assert.equal(res.status, 500);
  assertPage(res.body);
  assert.match(res.body, /Something went wrong/);
  assert.match(res.body, /incident number:.*<code>[A-Za-z0-9_-]{8}<\/code>/s);
  assert.doesNotMatch(res.body, /statement|mysql|mariadb|\.c:/i);
  assert.equal(sql(`SELECT password_hash FROM users WHERE id = ${u.id}`)[0][0], before);
  assert.equal(sql(`SELECT COUNT(*) FROM outbox WHERE recipient = '${u.email}'`)[0][0], outboxBefore);
  // The session survived the rolled-back change: the user is still logged in.
  const home = await c.get('/');
  assert.equal(home.status, 200);
});
