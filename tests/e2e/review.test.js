// Regressions for the findings of the first security review: each test is named after the
// bug it keeps fixed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  apiGet, VAR, SESSION_COOKIE, assertPage, client, kontorctl, loggedIn, messages, newUser, q, sql,
  sqlValue, waitForMail,
} from './lib.js';

test('bug: per-account throttling could be bypassed by changing the case of the address', async () => {
  const u = newUser('casethr');
  const c = client();
  await c.get('/login');
  const variants = [u.email, u.email.toUpperCase(), u.email.replace(/^c/, 'C'), u.email.replace('thr', 'THR'), u.email];
  for (const email of variants) {
    const res = await c.post('/login', { email, password: 'Wrong-Guess-123-x' });
    assert.equal(res.status, 401);
  }
  // One counter for all spellings: the sixth attempt waits, in any case.
  assert.equal(sqlValue(`SELECT failures FROM throttle WHERE scope = 0 AND subject = ${q(u.email.toLowerCase())}`), '5');
  const res = await c.post('/login', { email: u.email.toUpperCase(), password: u.password });
  assert.equal(res.status, 429);
  sql(`DELETE FROM throttle WHERE subject = ${q(u.email.toLowerCase())}`);
});

test('bug: a tab in the language form\'s next field made an open redirect', async () => {
  const c = client();
  await c.get('/login');
  for (const next of ['/\t/evil.example', '/\\evil.example', '//evil.example', 'https://evil.example', '/ok\u00e9']) {
    await c.get('/login');
    const res = await c.post('/locale', { lang: 'de', next });
    assert.equal(res.status, 303, JSON.stringify(next));
    assert.equal(res.headers.location, '/', JSON.stringify(next));
  }
  await c.get('/login');
  const fine = await c.post('/locale', { lang: 'en', next: '/account/password' });
  assert.equal(fine.headers.location, '/account/password');
});

test('bug: bytes outside printable ASCII in the path were echoed raw into the page', async () => {
  const c = client();
  for (const path of ['/%FF%FE', '/a%09b', '/%C3%A9']) {
    const res = await c.get(path);
    assert.equal(res.status, 400, path);
    assertPage(res.body);
    assert.match(res.body, /<input type="hidden" name="next" value="\/">/);
  }
});

test('bug: another application\'s malformed cookie logged the user out', async () => {
  const u = newUser('oddcookie');
  const c = await loggedIn(u);
  c.cookies.set('cart[items]', '3');
  c.cookies.set('a b', '1');
  const home = await c.get('/');
  assert.equal(home.status, 200);
  assert.match(home.body, /Your organizations/);
});

test('bug: kontorctl user passwd left pending reset links usable', async () => {
  const u = newUser('ctlreset');
  const c = client();
  await c.get('/reset');
  await c.post('/reset', { email: u.email });
  const mail = await waitForMail(u.email, (m) => /new Kontor password/.test(m.subject));
  const link = /\/reset\/confirm\?token=([A-Za-z0-9_-]{43})/.exec(mail.body);
  assert.ok(link);
  kontorctl(['user', 'passwd', u.email], 'Basalt-Regen-Fenster-48\n');
  const form = await c.get(`/reset/confirm?token=${link[1]}`);
  assert.equal(form.status, 400);
  assert.match(messages(form.body).join(' '), /not valid any more/);
  assert.equal(sqlValue(`SELECT event FROM security_log WHERE user_id = ${u.id} ORDER BY id DESC LIMIT 1`), 'password_set_by_operator');
});

test('bug: a sent reset mail kept its link in the outbox', async () => {
  const u = newUser('outboxbody');
  const c = client();
  await c.get('/reset');
  await c.post('/reset', { email: u.email });
  await waitForMail(u.email, (m) => /new Kontor password/.test(m.subject));
  const [status, body] = sql(`SELECT status, body FROM outbox WHERE recipient = ${q(u.email)}`)[0];
  assert.equal(status, 'sent');
  assert.equal(body, '');
});

test('bug: a reset link was readable in the outbox while its mail waited', async () => {
  const u = newUser('outboxsealed');
  const c = client();
  await c.get('/reset');
  await c.post('/reset', { email: u.email });
  // Whether the mail still waits (sealed) or is gone (emptied), the link is not readable.
  const [sealed, body] = sql(`SELECT sealed, body FROM outbox WHERE recipient = ${q(u.email)}`)[0];
  assert.equal(sealed, '1');
  assert.doesNotMatch(body, /token=|reset\/confirm/);
  const mail = await waitForMail(u.email, (m) => /new Kontor password/.test(m.subject));
  assert.match(mail.body, /\/reset\/confirm\?token=[A-Za-z0-9_-]{43}/);
});

test('bug: the reset link\'s token was written to the access log', async () => {
  const c = client();
  const token = 'A'.repeat(43);
  await c.get(`/reset/confirm?token=${token}`);
  await c.get('/login');
  // nginx flushes its buffered log within a second.
  await new Promise((r) => setTimeout(r, 1200));
  const log = readFileSync(join(VAR, 'log/nginx-access.log'), 'utf8');
  assert.doesNotMatch(log, new RegExp(token));
  const res = await c.get(`/reset/confirm?token=${token}`);
  assert.match(String(res.headers['referrer-policy']), /no-referrer/);
  assert.match(String(res.headers['content-security-policy']), /frame-ancestors 'none'/);
});

test('bug: a token idle for a year still worked while the worker was not running', async () => {
  const u = newUser('idletok');
  const token = kontorctl(['token', 'add', u.email, '--name', 'Idle', '--scopes', 'profile:read']);
  sql(`UPDATE api_tokens SET idle_since = UTC_TIMESTAMP() - INTERVAL 366 DAY WHERE user_id = ${u.id}`);
  const res = await apiGet(token, '/profile');
  assert.equal(res.status, 401);
  assert.equal(res.json.error.code, 'token_deactivated');
  // The refused use does not restart the year.
  assert.equal(sqlValue(`SELECT idle_since < UTC_TIMESTAMP() - INTERVAL 365 DAY FROM api_tokens WHERE user_id = ${u.id}`), '1');
});

test('bug: a far-future token expiry answered 500', async () => {
  const u = newUser('fartok');
  const c = await loggedIn(u);
  await c.get('/account/tokens/new');
  const res = await c.post('/account/tokens', { name: 'Far', scope_profile_read: '1', products_mode: 'all', validity: 'until', expires: '9999-12-31' });
  assert.equal(res.status, 400);
  assert.match(messages(res.body).join(' '), /at most 5 years ahead/);
});

test('bug: a login whose security-log row failed still set a session cookie', async () => {
  const u = newUser('atomiclogin');
  const c = client();
  await c.get('/login');
  // The handler's statements: 2 throttle look-ups, the user, START TRANSACTION, the throttle
  // clear, the session insert, the security log (7th) fails.
  const res = await c.post('/login', { email: u.email, password: u.password }, { headers: { 'X-Kontor-Fault': '7' } });
  assert.equal(res.status, 500);
  assert.equal(c.cookies.has(SESSION_COOKIE), false);
  assert.equal(sqlValue(`SELECT COUNT(*) FROM sessions WHERE user_id = ${u.id}`), '0');
  const ok = await c.post('/login', { email: u.email, password: u.password });
  assert.equal(ok.status, 303);
});

test('bug: an API token could be created without the owner hearing of it', async () => {
  const u = newUser('tokmail');
  const c = await loggedIn(u);
  await c.get('/account/tokens/new');
  const res = await c.post('/account/tokens', { name: 'Quiet', scope_profile_read: '1', products_mode: 'all', validity: 'unlimited' });
  assert.equal(res.status, 200);
  const mail = await waitForMail(u.email, (m) => /new API token/.test(m.subject));
  assert.match(mail.subject, /“Quiet”/);
  assert.match(mail.body, /revoke it at once/);
});
