// Sessions and CSRF: logout ends the session on the server, a new id at every login, idle
// and absolute expiry, only a keyed hash in the database, and every state-changing POST
// refused (403, nothing changed) without the right token or from another origin.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  PORT, SESSION_COOKIE, VAR, assertPage, client, loggedIn, messages,
  newUser, q, setCookie, sql, sqlValue,
} from './lib.js';

const EXPIRED_FORM = 'This form has expired';

function sessionsOf(user) {
  return Number(sqlValue(`SELECT COUNT(*) FROM sessions WHERE user_id = ${user.id}`));
}

// A client that presents only the given session cookie.
function withCookie(value) {
  const c = client();
  c.cookies.set(SESSION_COOKIE, value);
  return c;
}

// The raw 32 bytes a session cookie carries, as hex.
function cookieHex(value) {
  return Buffer.from(value, 'base64url').toString('hex');
}

async function assertLoggedOut(c) {
  const res = await c.get('/');
  assert.equal(res.status, 303);
  assert.match(res.headers.location, /^\/login(\?notice=expired)?$/);
  return res;
}

function assertRefused(res) {
  assert.equal(res.status, 403);
  assertPage(res.body);
  assert.match(res.body, new RegExp(`<h1>${EXPIRED_FORM}</h1>`));
  assert.equal(setCookie(res, SESSION_COOKIE), undefined);
}

test('logout ends the session on the server', async () => {
  const u = newUser('logout');
  const c = await loggedIn(u);
  const cookie = c.cookies.get(SESSION_COOKIE);
  assert.equal(sessionsOf(u), 1);
  await c.get('/');
  const res = await c.post('/logout');
  assert.equal(res.status, 303);
  assert.equal(res.headers.location, '/login?notice=logged_out');
  assert.match(setCookie(res, SESSION_COOKIE), /^__Host-kontor=;.*Max-Age=0/);
  assert.equal(c.cookies.has(SESSION_COOKIE), false);
  assert.equal(sessionsOf(u), 0);

  const page = await c.get(res.headers.location);
  assert.equal(page.status, 200);
  assert.deepEqual(messages(page.body), ['You have been logged out.']);

  // The old cookie, replayed, names no session any more.
  const replay = withCookie(cookie);
  const r = await assertLoggedOut(replay);
  assert.match(setCookie(r, SESSION_COOKIE), /Max-Age=0/);
  assert.equal((await withCookie(cookie).get('/account/password')).status, 303);
});

test('the session id changes at every login, and a cookie from before the login does not survive', async () => {
  const a = newUser('rotatea');
  const b = newUser('rotateb');
  const c = client();
  // A value planted before the login (session fixation) is not taken over.
  const planted = Buffer.alloc(32, 7).toString('base64url');
  c.cookies.set(SESSION_COOKIE, planted);
  let res = await c.login(a.email, a.password);
  assert.equal(res.status, 303);
  const first = c.cookies.get(SESSION_COOKIE);
  assert.notEqual(first, planted);
  await assertLoggedOut(withCookie(planted));
  assert.equal(sqlValue(`SELECT COUNT(*) FROM sessions WHERE id_hash = UNHEX('${cookieHex(planted)}')`), '0');

  // Logging in again (here as someone else) from a logged-in browser: a new id, and the old
  // session is gone from the server.
  await c.get('/');
  res = await c.post('/login', { email: b.email, password: b.password });
  assert.equal(res.status, 303);
  const second = c.cookies.get(SESSION_COOKIE);
  assert.notEqual(second, first);
  assert.equal(sessionsOf(a), 0);
  assert.equal(sessionsOf(b), 1);
  await assertLoggedOut(withCookie(first));
  const home = await c.get('/');
  assert.equal(home.status, 200);
  assert.match(home.body, new RegExp(`<span class="who">Test rotateb \\d+</span>`));

  // Two logins of one user are two sessions with two ids.
  const other = await loggedIn(b);
  assert.notEqual(other.cookies.get(SESSION_COOKIE), second);
  assert.equal(sessionsOf(b), 2);
});

test('a session ends after 30 minutes without a request', async () => {
  const u = newUser('idle');
  const c = await loggedIn(u);
  assert.equal((await c.get('/')).status, 200);
  // 29 minutes of quiet: still valid, and the request counts as activity.
  sql(`UPDATE sessions SET last_seen = UTC_TIMESTAMP() - INTERVAL 29 MINUTE WHERE user_id = ${u.id}`);
  assert.equal((await c.get('/')).status, 200);
  const quiet = Number(sqlValue(`SELECT TIMESTAMPDIFF(SECOND, last_seen, UTC_TIMESTAMP()) FROM sessions WHERE user_id = ${u.id}`));
  assert.ok(quiet <= 5, `last_seen is ${quiet} s old after a request`);

  sql(`UPDATE sessions SET last_seen = UTC_TIMESTAMP() - INTERVAL 31 MINUTE WHERE user_id = ${u.id}`);
  const res = await c.get('/');
  assert.equal(res.status, 303);
  assert.equal(res.headers.location, '/login?notice=expired');
  assert.match(setCookie(res, SESSION_COOKIE), /Max-Age=0/);
  assert.equal(sessionsOf(u), 0);
  const page = await c.get(res.headers.location);
  assert.equal(page.status, 200);
  assert.deepEqual(messages(page.body), ['Your session has ended. Please log in again.']);
});

test('a session ends 12 hours after the login, however active', async () => {
  const u = newUser('absolute');
  const c = await loggedIn(u);
  sql(`UPDATE sessions SET created_at = UTC_TIMESTAMP() - INTERVAL 11 HOUR - INTERVAL 59 MINUTE WHERE user_id = ${u.id}`);
  assert.equal((await c.get('/')).status, 200);
  sql(`UPDATE sessions SET created_at = UTC_TIMESTAMP() - INTERVAL 13 HOUR, last_seen = UTC_TIMESTAMP() WHERE user_id = ${u.id}`);
  const res = await c.get('/');
  assert.equal(res.status, 303);
  assert.equal(res.headers.location, '/login?notice=expired');
  assert.equal(sessionsOf(u), 0);
  // A fresh login works again.
  assert.equal((await c.login(u.email, u.password)).status, 303);
  assert.equal((await c.get('/')).status, 200);
});

test('the cookie value is never stored or logged: the database holds a 32-byte keyed hash', async () => {
  const u = newUser('hashonly');
  const c = await loggedIn(u);
  const value = c.cookies.get(SESSION_COOKIE);
  const raw = cookieHex(value);
  assert.equal(raw.length, 64);
  const rows = sql(`SELECT HEX(id_hash), LENGTH(id_hash), ip FROM sessions WHERE user_id = ${u.id}`);
  assert.equal(rows.length, 1);
  assert.equal(rows[0][1], '32');
  assert.equal(rows[0][2], c.address);
  assert.notEqual(rows[0][0].toLowerCase(), raw);
  assert.equal(sqlValue(`SELECT COUNT(*) FROM sessions WHERE id_hash = UNHEX('${raw}') OR id_hash = ${q(value)}
    OR ip = ${q(value)} OR user_agent LIKE ${q(`%${value}%`)}`), '0');
  // Nor does a log line carry it (nginx's access log, the pools', the database's).
  for (const f of readdirSync(join(VAR, 'log'))) {
    const content = readFileSync(join(VAR, 'log', f), 'latin1');
    assert.ok(!content.includes(value), `${f} holds the session cookie`);
  }
});

test('POST without a CSRF token, or with a wrong one, answers 403 and changes nothing', async () => {
  const u = newUser('csrf');
  // /login
  const anon = client();
  await anon.get('/login');
  const good = anon.csrf();
  assertRefused(await anon.post('/login', { email: u.email, password: u.password, csrf: '' }));
  assertRefused(await anon.request('POST', '/login', {
    body: { email: u.email, password: u.password },
    headers: { Origin: `https://localhost:${PORT}` },
  }));
  assertRefused(await anon.post('/login', { email: u.email, password: u.password, csrf: `${good.slice(0, -1)}${good.endsWith('A') ? 'B' : 'A'}` }));
  assertRefused(await anon.post('/login', { email: u.email, password: u.password, csrf: 'x'.repeat(43) }));
  // Without the pre-session cookie the form's token is worth nothing.
  const noPre = client();
  assertRefused(await noPre.post('/login', { email: u.email, password: u.password, csrf: good }));
  assert.equal(sqlValue(`SELECT COUNT(*) FROM security_log WHERE user_id = ${u.id}`), '0');
  assert.equal(sqlValue(`SELECT COUNT(*) FROM throttle WHERE subject IN (${q(u.email)}, ${q(anon.address)})`), '0');
  assert.equal(sessionsOf(u), 0);

  // /logout and /account/password, logged in
  const c = await loggedIn(u);
  const hash = sqlValue(`SELECT password_hash FROM users WHERE id = ${u.id}`);
  await c.get('/account/password');
  const token = c.csrf();
  const change = { current: u.password, password: 'Fichte-Nebel-Anker-42', password2: 'Fichte-Nebel-Anker-42' };
  for (const csrf of ['', 'A'.repeat(43), good]) {
    assertRefused(await c.post('/logout', { csrf }));
    assertRefused(await c.post('/account/password', { ...change, csrf }));
  }
  // Without the field at all.
  assertRefused(await c.request('POST', '/logout', { body: {}, headers: { Origin: `https://localhost:${PORT}` } }));
  // Another session's token is not this session's.
  const other = await loggedIn(newUser('csrfother'));
  await other.get('/');
  assertRefused(await c.post('/logout', { csrf: other.csrf() }));
  assertRefused(await c.post('/locale', { lang: 'de', next: '/', csrf: '' }));

  assert.equal(sessionsOf(u), 1);
  assert.equal((await c.get('/')).status, 200);
  assert.equal(sqlValue(`SELECT password_hash FROM users WHERE id = ${u.id}`), hash);
  assert.equal(sqlValue(`SELECT CONCAT('[', locale, ']') FROM users WHERE id = ${u.id}`), '[]');
  assert.equal(sqlValue(`SELECT COUNT(*) FROM outbox WHERE recipient = ${q(u.email)}`), '0');
  // The right token still works afterwards.
  const ok = await c.post('/logout', { csrf: token });
  assert.equal(ok.status, 303);
});

test('a token is bound to this browser: another browser\'s form token is refused', async () => {
  const u = newUser('csrfbind');
  const c = client();
  await c.get('/login');
  const mine = c.csrf();
  const stranger = client();
  await stranger.get('/login');
  const theirs = stranger.csrf();
  assert.notEqual(theirs, mine);
  assertRefused(await c.post('/login', { email: u.email, password: u.password, csrf: theirs }));
  assert.equal(sessionsOf(u), 0);
  assert.equal((await c.post('/login', { email: u.email, password: u.password, csrf: mine })).status, 303);
  // Logged in, the session's token works, and so does this browser's own form token (pages
  // rendered before the session is looked up, such as a 404, carry it); a stranger's does not.
  assertRefused(await c.post('/logout', { csrf: theirs }));
  assert.equal(sessionsOf(u), 1);
  await c.get('/');
  assert.notEqual(c.csrf(), mine);
  assert.equal((await c.post('/logout', { csrf: mine })).status, 303);
  assert.equal(sessionsOf(u), 0);
});

test('a cross-site Origin answers 403 even with a valid token', async () => {
  const u = newUser('origin');
  const anon = client();
  await anon.get('/login');
  for (const origin of ['https://evil.example', `http://localhost:${PORT}`, `https://localhost:${PORT}.evil.example`,
    'https://localhost', 'null']) {
    const res = await anon.post('/login', { email: u.email, password: u.password }, { headers: { Origin: origin } });
    assertRefused(res);
  }
  assert.equal(sessionsOf(u), 0);

  const c = await loggedIn(u);
  await c.get('/account/password');
  const evil = { headers: { Origin: 'https://evil.example' } };
  assertRefused(await c.post('/account/password',
    { current: u.password, password: 'Fichte-Nebel-Anker-42', password2: 'Fichte-Nebel-Anker-42' }, evil));
  assertRefused(await c.post('/logout', {}, evil));
  assertRefused(await c.post('/locale', { lang: 'de', next: '/' }, evil));
  assert.equal(sessionsOf(u), 1);
  assert.equal(sqlValue(`SELECT COUNT(*) FROM outbox WHERE recipient = ${q(u.email)}`), '0');
  // The same requests from this site's origin (what the client sends) go through.
  assert.equal((await c.post('/logout')).status, 303);
  assert.equal(sessionsOf(u), 0);
});

test('bug: every login on a port other than 443 was refused (nginx passes Host without its port)', async () => {
  const u = newUser('originport');
  const c = client();
  await c.get('/login');
  // What a browser on https://localhost:PORT sends.
  const res = await c.post('/login', { email: u.email, password: u.password }, { headers: { Origin: `https://localhost:${PORT}` } });
  assert.equal(res.status, 303);
  // The same host on another port (or none, 443) is another origin.
  const other = client();
  await other.get('/login');
  for (const origin of ['https://localhost', `https://localhost:${PORT + 1}`]) {
    assertRefused(await other.post('/login', { email: u.email, password: u.password }, { headers: { Origin: origin } }));
  }
});
