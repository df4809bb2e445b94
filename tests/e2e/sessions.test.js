// Sessions and the security log: the list of active sessions with device names, ending one
// or all others, another user's session (404), the log with paging, and "my password may be
// compromised" (one step: password, other sessions, application passwords, API tokens).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  BASE, SESSION_COOKIE, apiGet, assertApiError, assertPage, client, fieldErrors, mailsTo, mainText,
  messages, newToken, newUser, q, sql, sqlValue, text, waitForMail,
} from './lib.js';

const FIREFOX_LINUX = 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0';
const SAFARI_IPHONE = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15'
  + ' (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1';
const CURL = 'curl/8.8.0';
const NEW_PASSWORD = 'Fjord-Laterne-Kiesel-58';
const SECURITY_SUBJECT = 'Security notice for your Kontor account';

// A client on an address of its own that sends a browser's (or a tool's) User-Agent.
function agent(ua) {
  const c = client();
  const request = c.request.bind(c);
  c.request = (method, path, opts = {}) => request(method, path, { ...opts, headers: { 'User-Agent': ua, ...(opts.headers ?? {}) } });
  return c;
}

async function loginAs(u, ua) {
  const c = agent(ua);
  const res = await c.login(u.email, u.password);
  assert.equal(res.status, 303, `login of ${u.email}`);
  assert.ok(c.cookies.has(SESSION_COOKIE));
  return c;
}

// The session ids of a user, oldest first.
const sessionIds = (u) => sql(`SELECT id FROM sessions WHERE user_id = ${u.id} ORDER BY id`).map(([id]) => Number(id));
const sessionsOf = (u) => Number(sqlValue(`SELECT COUNT(*) FROM sessions WHERE user_id = ${u.id}`));
const logOf = (u, event) => sql(`SELECT detail, ip FROM security_log WHERE user_id = ${u.id} AND event = ${q(event)} ORDER BY id`);

// True when the client is sent to the login page (its session is gone).
async function loggedOut(c) {
  const res = await c.get('/account/security');
  return res.status === 303 && res.headers.location.startsWith('/login');
}

// The rows of the sessions table: [device text, whether it is this session].
function sessionRows(html) {
  return [...html.matchAll(/<tr( class="current")?>\s*<th scope="row">([\s\S]*?)<\/th>/g)]
    .map((m) => [text(m[2]).replace(/ this session$/, ''), Boolean(m[1])]);
}

test('the sessions page lists both browsers by device; ending the other sends it to the login', async () => {
  const u = newUser('sesslist');
  const a = await loginAs(u, FIREFOX_LINUX);
  const b = await loginAs(u, SAFARI_IPHONE);
  const [idA, idB] = sessionIds(u);

  const page = await a.get('/account/sessions');
  assert.equal(page.status, 200);
  assertPage(page.body);
  assert.deepEqual(sessionRows(page.body), [['Firefox on Linux', true], ['Safari on iPhone', false]]);
  assert.match(page.body, new RegExp(`<td>${b.address.replace(/\./g, '\\.')}</td>`));
  // Every button has an accessible name that says which session it ends.
  assert.match(page.body, new RegExp(`action="/account/sessions/${idB}/end"[\\s\\S]*?aria-label="End the session of Safari on iPhone, ${b.address.replace(/\./g, '\\.')}"`));
  // The security page links to it, and to the log and the compromised action.
  const security = await a.get('/account/security');
  assert.match(security.body, /href="\/account\/sessions"/);
  assert.match(security.body, /href="\/account\/security\/log"/);
  assert.match(security.body, /href="\/account\/compromised"/);

  // The other browser's list names this one as its own.
  const fromB = await b.get('/account/sessions');
  assert.deepEqual(sessionRows(fromB.body), [['Safari on iPhone', true], ['Firefox on Linux', false]]);

  await a.get('/account/sessions');
  const res = await a.post(`/account/sessions/${idB}/end`);
  assert.equal(res.status, 303);
  assert.equal(res.headers.location, '/account/sessions?notice=session_ended');
  const after = await a.get(res.headers.location);
  assert.deepEqual(messages(after.body), ['The session has been ended. That device must log in again.']);
  assert.deepEqual(sessionRows(after.body), [['Firefox on Linux', true]]);
  assert.ok(await loggedOut(b), 'the ended session is sent to the login');
  assert.deepEqual(sessionIds(u), [idA]);
  assert.deepEqual(logOf(u, 'session_ended'), [[`Safari on iPhone, ${b.address}`, a.address]]);
  // Ended already (a second click): nothing more happens, nothing more is logged.
  await a.get('/account/sessions');
  assert.equal((await a.post(`/account/sessions/${idB}/end`)).status, 404);
  assert.equal(logOf(u, 'session_ended').length, 1);

  // Ending the current session is the logout.
  await a.get('/account/sessions');
  const out = await a.post(`/account/sessions/${idA}/end`);
  assert.equal(out.status, 303);
  assert.equal(out.headers.location, '/login?notice=logged_out');
  assert.ok(await loggedOut(a));
  assert.equal(sessionsOf(u), 0);
});

test("another user's session id answers 404 and ends nothing", async () => {
  const u = newUser('sessown');
  const v = newUser('sessother');
  const a = await loginAs(u, FIREFOX_LINUX);
  const other = await loginAs(v, CURL);
  const [idV] = sessionIds(v);
  await a.get('/account/sessions');
  const res = await a.post(`/account/sessions/${idV}/end`);
  assert.equal(res.status, 404);
  assertPage(res.body);
  assert.equal((await a.post('/account/sessions/999999999/end')).status, 404);
  assert.equal(sessionsOf(v), 1);
  assert.equal((await other.get('/account/sessions')).status, 200);
  // Without the CSRF token nothing is ended either.
  assert.equal((await a.post(`/account/sessions/${sessionIds(u)[0]}/end`, { csrf: 'x'.repeat(43) })).status, 403);
  assert.equal(sessionsOf(u), 1);
  // The list shows only the user's own sessions; curl is named as such.
  const page = await other.get('/account/sessions');
  assert.deepEqual(sessionRows(page.body), [['curl', true]]);
});

test('ending all other sessions keeps this one', async () => {
  const u = newUser('sessall');
  const a = await loginAs(u, FIREFOX_LINUX);
  const b = await loginAs(u, SAFARI_IPHONE);
  const c = await loginAs(u, CURL);
  const v = newUser('sessallother');
  const w = await loginAs(v, FIREFOX_LINUX);
  assert.equal(sessionsOf(u), 3);
  const page = await a.get('/account/sessions');
  assert.match(page.body, /action="\/account\/sessions\/end-others"/);
  const res = await a.post('/account/sessions/end-others');
  assert.equal(res.status, 303);
  assert.equal(res.headers.location, '/account/sessions?notice=others_ended');
  const after = await a.get(res.headers.location);
  assert.equal(after.status, 200);
  assert.deepEqual(messages(after.body), ['All your other sessions have been ended.']);
  // Alone now: no button to end others.
  assert.doesNotMatch(after.body, /end-others/);
  assert.ok(await loggedOut(b));
  assert.ok(await loggedOut(c));
  assert.equal(sessionsOf(u), 1);
  assert.equal((await w.get('/account/sessions')).status, 200, "another user's session stays");
  assert.deepEqual(logOf(u, 'other_sessions_ended'), [['2', a.address]]);
});

test('the security log shows logins and failed logins, newest first, 50 a page', async () => {
  const u = newUser('seclog');
  const bad = client();
  await bad.get('/login');
  assert.equal((await bad.post('/login', { email: u.email, password: 'Not-The-Password-11' })).status, 401);
  const a = await loginAs(u, FIREFOX_LINUX);
  const page = await a.get('/account/security/log');
  assert.equal(page.status, 200);
  assertPage(page.body);
  const rows = [...page.body.matchAll(/<tr class="seclog-([a-z_]+)">([\s\S]*?)<\/tr>/g)].map((m) => [m[1], text(m[2])]);
  assert.equal(rows.length, 2);
  assert.equal(rows[0][0], 'login');
  assert.match(rows[0][1], new RegExp(`^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d Logged in ${a.address.replace(/\./g, '\\.')}$`));
  assert.equal(rows[1][0], 'login_failed');
  assert.match(rows[1][1], /Failed login/);
  assert.match(rows[1][1], new RegExp(bad.address.replace(/\./g, '\\.')));
  assert.doesNotMatch(page.body, /rel="next"/);
  assert.match(mainText(page.body), /When \(UTC\)/);

  // 120 older entries, one of an event this file does not know: three pages.
  const values = Array.from({ length: 120 }, (_, i) => `(${u.id}, ${i === 119 ? "'someone_elses_event'" : "'login'"}, 'old ${i}', '192.0.2.1', UTC_TIMESTAMP() - INTERVAL ${i + 1} HOUR)`);
  sql(`INSERT INTO security_log (user_id, event, detail, ip, created_at) VALUES ${values.join(', ')}`);
  const first = await a.get('/account/security/log');
  assert.equal((first.body.match(/<tr class="seclog-/g) ?? []).length, 50);
  assert.match(first.body, /href="\/account\/security\/log\?page=2" rel="next"/);
  assert.doesNotMatch(first.body, /rel="prev"/);
  const second = await a.get('/account/security/log?page=2');
  assert.equal((second.body.match(/<tr class="seclog-/g) ?? []).length, 50);
  assert.match(second.body, /\?page=1" rel="prev"/);
  assert.match(second.body, /\?page=3" rel="next"/);
  assert.match(second.body, /old 48</);
  const third = await a.get('/account/security/log?page=3');
  assertPage(third.body);
  assert.equal((third.body.match(/<tr class="seclog-/g) ?? []).length, 22);
  assert.doesNotMatch(third.body, /rel="next"/);
  // The oldest entry last; an event without a message shows its key.
  assert.match(third.body, /<th scope=\"row\">seclog\.someone_elses_event<\/th><td>old 119<\/td><td>192\.0\.2\.1<\/td><\/tr><\/tbody>/);
  assert.equal((await a.get('/account/security/log?page=0')).status, 200);
  assert.equal((await a.get('/account/security/log?page=4')).status, 200);
  // Another user's log is not shown.
  const v = newUser('seclogother');
  const other = await loginAs(v, CURL);
  const theirs = await other.get('/account/security/log');
  assert.equal((theirs.body.match(/<tr class="seclog-/g) ?? []).length, 1);
});

// An application password row for u (the application passwords feature makes them; here SQL).
function addAppPassword(u, name) {
  sql(`INSERT INTO app_passwords (user_id, name, password_hash, created_at) VALUES (${u.id}, ${q(name)}, UNHEX(SHA2(${q(`${name}${u.id}${Date.now()}`)}, 256)), UTC_TIMESTAMP())`);
}

test('my password may be compromised: in one step a new password, other sessions ended, application passwords and tokens revoked', async () => {
  const u = newUser('compromised');
  const token = newToken(u, ['profile:read']);
  assert.equal((await apiGet(token.token, '/profile')).status, 200);
  addAppPassword(u, 'Phone');
  addAppPassword(u, 'Laptop');
  sql(`UPDATE app_passwords SET revoked_at = '2020-01-01 00:00:00' WHERE user_id = ${u.id} AND name = 'Laptop'`);
  sql(`INSERT INTO password_resets (token_hash, user_id, created_at, expires_at) VALUES (UNHEX(SHA2(${q(`reset${u.id}`)}, 256)), ${u.id}, UTC_TIMESTAMP(), UTC_TIMESTAMP() + INTERVAL 1 HOUR)`);
  const b = await loginAs(u, SAFARI_IPHONE);
  const a = await loginAs(u, FIREFOX_LINUX);
  const oldCookie = a.cookies.get(SESSION_COOKIE);

  const form = await a.get('/account/compromised');
  assert.equal(form.status, 200);
  assertPage(form.body);
  assert.match(form.body, /<label for="f-current">/);
  const res = await a.post('/account/compromised', { current: u.password, password: NEW_PASSWORD, password2: NEW_PASSWORD });
  assert.equal(res.status, 303);
  assert.equal(res.headers.location, '/account/security?notice=compromised');
  assert.notEqual(a.cookies.get(SESSION_COOKIE), oldCookie, 'this session continues under a fresh id');
  const after = await a.get(res.headers.location);
  assert.equal(after.status, 200);
  assert.deepEqual(messages(after.body), ['Your password has been changed. Every other session was ended and every application password and API token revoked.']);

  assertApiError(await apiGet(token.token, '/profile'), 401, 'token_revoked');
  assert.equal(sqlValue(`SELECT COUNT(*) FROM app_passwords WHERE user_id = ${u.id} AND revoked_at IS NULL`), '0');
  // An application password revoked before keeps its time.
  assert.equal(sqlValue(`SELECT revoked_at FROM app_passwords WHERE user_id = ${u.id} AND name = 'Laptop'`), '2020-01-01 00:00:00');
  assert.equal(sqlValue(`SELECT COUNT(*) FROM password_resets WHERE user_id = ${u.id} AND used_at IS NULL`), '0');
  assert.ok(await loggedOut(b), 'the other session is logged out');
  assert.equal((await a.get('/account/sessions')).status, 200, 'this one stays logged in');
  assert.equal(sessionsOf(u), 1);

  assert.equal((await client().login(u.email, u.password)).status, 401, 'the old password no longer works');
  assert.equal((await client().login(u.email, NEW_PASSWORD)).status, 303, 'the new one does');
  assert.equal(logOf(u, 'password_compromised').length, 1);
  const mail = await waitForMail(u.email, (m) => m.subject === SECURITY_SUBJECT);
  assert.match(mail.body, /Password changed because it may be compromised/);
  assert.match(mail.body, new RegExp(`${BASE.replace(/[.]/g, '\\.')}/account/security`));
  assert.match(mail.body, new RegExp(a.address.replace(/\./g, '\\.')));
});

test('a wrong current password or a weak new one changes nothing', async () => {
  const u = newUser('compnot');
  const token = newToken(u, ['profile:read']);
  addAppPassword(u, 'Tablet');
  const b = await loginAs(u, SAFARI_IPHONE);
  const a = await loginAs(u, FIREFOX_LINUX);
  const hash = sqlValue(`SELECT password_hash FROM users WHERE id = ${u.id}`);
  await a.get('/account/compromised');
  let res = await a.post('/account/compromised', { current: 'Not-The-Password-22', password: NEW_PASSWORD, password2: NEW_PASSWORD });
  assert.equal(res.status, 400);
  assertPage(res.body);
  assert.deepEqual(fieldErrors(res.body), { current: 'The current password is not correct.' });
  res = await a.post('/account/compromised', { current: u.password, password: 'password1234', password2: 'password1234' });
  assert.equal(res.status, 400);
  assert.deepEqual(fieldErrors(res.body), { password: 'This password is too easy to guess. Please choose another one.' });
  res = await a.post('/account/compromised', { current: u.password, password: NEW_PASSWORD, password2: `${NEW_PASSWORD}x` });
  assert.equal(res.status, 400);
  assert.deepEqual(fieldErrors(res.body), { password2: 'The two new passwords are not the same.' });

  assert.equal(sqlValue(`SELECT password_hash FROM users WHERE id = ${u.id}`), hash);
  assert.equal((await apiGet(token.token, '/profile')).status, 200);
  assert.equal(sqlValue(`SELECT COUNT(*) FROM app_passwords WHERE user_id = ${u.id} AND revoked_at IS NULL`), '1');
  assert.equal(sessionsOf(u), 2);
  assert.equal((await b.get('/account/sessions')).status, 200);
  assert.equal(logOf(u, 'password_compromised').length, 0);
  assert.equal(Number(sqlValue(`SELECT COUNT(*) FROM outbox WHERE recipient = ${q(u.email)} AND subject = ${q(SECURITY_SUBJECT)}`)), 0);
  assert.equal(mailsTo(u.email).filter((m) => m.subject === SECURITY_SUBJECT).length, 0);
});

test('a statement failing anywhere in the compromised change leaves all of it or nothing', async () => {
  const u = newUser('compfault');
  const token = newToken(u, ['profile:read']);
  addAppPassword(u, 'Watch');
  const b = await loginAs(u, SAFARI_IPHONE);
  const a = await loginAs(u, FIREFOX_LINUX);
  const hash = sqlValue(`SELECT password_hash FROM users WHERE id = ${u.id}`);
  const state = () => ({
    changed: sqlValue(`SELECT password_hash FROM users WHERE id = ${u.id}`) !== hash,
    tokenRevoked: sqlValue(`SELECT revoked_at IS NOT NULL FROM api_tokens WHERE id = ${token.id}`) === '1',
    appRevoked: sqlValue(`SELECT COUNT(*) FROM app_passwords WHERE user_id = ${u.id} AND revoked_at IS NULL`) === '0',
    logged: logOf(u, 'password_compromised').length === 1,
    mailed: Number(sqlValue(`SELECT COUNT(*) FROM outbox WHERE recipient = ${q(u.email)} AND subject = ${q(SECURITY_SUBJECT)}`)) === 1,
    otherEnded: Number(sqlValue(`SELECT COUNT(*) FROM sessions WHERE user_id = ${u.id} AND user_agent = ${q(SAFARI_IPHONE)}`)) === 0,
  });
  const none = { changed: false, tokenRevoked: false, appRevoked: false, logged: false, mailed: false, otherEnded: false };
  const all = { changed: true, tokenRevoked: true, appRevoked: true, logged: true, mailed: true, otherEnded: true };
  let failed = 0;
  for (let n = 1; n < 40; n++) {
    await a.get('/account/compromised');
    const res = await a.post('/account/compromised', { current: u.password, password: NEW_PASSWORD, password2: NEW_PASSWORD },
      { headers: { 'X-Kontor-Fault': String(n) } });
    const now = state();
    if (res.status === 303 || now.changed) {
      // Done (or failed only after the commit, when this browser's fresh session was made).
      assert.deepEqual(now, all, `after statement ${n}`);
      break;
    }
    assert.equal(res.status, 500, `statement ${n}`);
    assert.deepEqual(now, none, `statement ${n} failed: nothing may have changed`);
    assert.equal((await b.get('/account/sessions')).status, 200);
    failed += 1;
  }
  assert.ok(failed >= 8, `the change runs at least 8 statements that can fail (${failed})`);
  assertApiError(await apiGet(token.token, '/profile'), 401, 'token_revoked');
});
