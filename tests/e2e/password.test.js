// Passwords: the change (current password required, rules at the field, an e-mail notice,
// other sessions ended) and the reset by an e-mailed single-use link (opening it changes
// nothing; only the form's POST does).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  BASE, SESSION_COOKIE, assertPage, client, fieldErrors, loggedIn, mailsTo, mainText, messages, newUser,
  q, setCookie, sql, sqlValue, waitForMail,
} from './lib.js';

const NEW_PASSWORD = 'Lerche-Kompass-Ufer-91';
const INVALID_LINK = 'This link is not valid any more: it has expired or has already been used.';
const RESET_SUBJECT = 'Choose a new Kontor password';
const CHANGED_SUBJECT = 'Your Kontor password was changed';

function hashOf(u) {
  return sqlValue(`SELECT password_hash FROM users WHERE id = ${u.id}`);
}

function outboxCount(u) {
  return Number(sqlValue(`SELECT COUNT(*) FROM outbox WHERE recipient = ${q(u.email)}`));
}

function sessionsOf(u) {
  return Number(sqlValue(`SELECT COUNT(*) FROM sessions WHERE user_id = ${u.id}`));
}

async function canLogin(email, password) {
  const res = await client().login(email, password);
  return res.status === 303;
}

// Asks for a reset link from a fresh client and returns the token from the e-mail.
async function resetToken(u) {
  const before = new Set(mailsTo(u.email).map((m) => m.file));
  const c = client();
  await c.get('/reset');
  const res = await c.post('/reset', { email: u.email });
  assert.equal(res.status, 303);
  const mail = await waitForMail(u.email, (m) => m.subject === RESET_SUBJECT && !before.has(m.file));
  const link = new RegExp(`${BASE.replace(/[.]/g, '\\.')}/reset/confirm\\?token=([A-Za-z0-9_-]{43})\\b`).exec(mail.body);
  assert.ok(link, `a link in: ${mail.body}`);
  return { token: link[1], mail };
}

test('changing the password requires the current one', async () => {
  const u = newUser('pwcur');
  const c = await loggedIn(u);
  const hash = hashOf(u);
  const form = await c.get('/account/password');
  assert.equal(form.status, 200);
  assertPage(form.body);
  const res = await c.post('/account/password', { current: 'Not-My-Password-77', password: NEW_PASSWORD, password2: NEW_PASSWORD });
  assert.equal(res.status, 400);
  assertPage(res.body);
  assert.deepEqual(fieldErrors(res.body), { current: 'The current password is not correct.' });
  assert.match(res.body, /id="f-current"[^>]*aria-invalid="true"/);
  const missing = await c.post('/account/password', { password: NEW_PASSWORD, password2: NEW_PASSWORD });
  assert.equal(missing.status, 400);
  assert.deepEqual(Object.keys(fieldErrors(missing.body)), ['current']);
  assert.equal(hashOf(u), hash);
  assert.equal(outboxCount(u), 0);
  assert.equal((await c.get('/')).status, 200);
  // A wrong current password counts against the account like a failed login.
  assert.equal(sqlValue(`SELECT failures FROM throttle WHERE scope = 0 AND subject = ${q(u.email)}`), '2');
});

test('a new password that is too short, too long, mismatched or easy to guess is refused at the field', async () => {
  const u = newUser('pwrules');
  const c = await loggedIn(u);
  const hash = hashOf(u);
  await c.get('/account/password');
  const local = u.email.split('@')[0];
  const cases = [
    ['Kurz-Pw-12', 'Kurz-Pw-12', 'password', 'The new password must have at least 12 characters.'],
    [`${'Lang-Genug-'.repeat(23)}1234`, `${'Lang-Genug-'.repeat(23)}1234`, 'password', 'The new password may have at most 256 characters.'],
    [NEW_PASSWORD, `${NEW_PASSWORD}x`, 'password2', 'The two new passwords are not the same.'],
    ['password1234', 'password1234', 'password', 'This password is too easy to guess. Please choose another one.'],
    ['aaaaaaaaaaaaaaaa', 'aaaaaaaaaaaaaaaa', 'password', 'This password is too easy to guess. Please choose another one.'],
    [`${local}-Zusatz-99`, `${local}-Zusatz-99`, 'password', 'The password must not contain your e-mail address.'],
  ];
  for (const [password, password2, field, message] of cases) {
    const res = await c.post('/account/password', { current: u.password, password, password2 });
    assert.equal(res.status, 400, password);
    assertPage(res.body);
    assert.deepEqual(fieldErrors(res.body), { [field]: message }, password);
    assert.match(res.body, new RegExp(`id="f-${field}"[^>]*aria-invalid="true"`));
    await c.get('/account/password');
  }
  // Exactly 12 characters are enough.
  assert.equal(hashOf(u), hash);
  assert.equal(outboxCount(u), 0);
  assert.equal(sessionsOf(u), 1);
  const twelve = 'Qz7-Wv3-Kp9x';
  const ok = await c.post('/account/password', { current: u.password, password: twelve, password2: twelve });
  assert.equal(ok.status, 303);
  assert.notEqual(hashOf(u), hash);
});

test('a password change sends a notice, ends the other sessions and keeps this one under a new id', async () => {
  const u = newUser('pwchange');
  const a = await loggedIn(u);
  const b = await loggedIn(u);
  const oldA = a.cookies.get(SESSION_COOKIE);
  // A reset link asked for before the change stops working with it.
  const { token } = await resetToken(u);
  assert.equal(sessionsOf(u), 2);

  await a.get('/account/password');
  const res = await a.post('/account/password', { current: u.password, password: NEW_PASSWORD, password2: NEW_PASSWORD });
  assert.equal(res.status, 303);
  assert.equal(res.headers.location, '/?notice=password_changed');
  assert.ok(setCookie(res, SESSION_COOKIE));
  const newA = a.cookies.get(SESSION_COOKIE);
  assert.notEqual(newA, oldA);

  const home = await a.get(res.headers.location);
  assert.equal(home.status, 200);
  assertPage(home.body);
  assert.deepEqual(messages(home.body), ['Your password has been changed. Your other sessions have been ended.']);
  assert.match(home.body, new RegExp(`<span class="who">Test pwchange \\d+</span>`));
  const gone = await b.get('/');
  assert.equal(gone.status, 303);
  assert.equal(gone.headers.location, '/login?notice=expired');
  const replay = client();
  replay.cookies.set(SESSION_COOKIE, oldA);
  assert.equal((await replay.get('/')).status, 303);
  assert.equal(sessionsOf(u), 1);

  const mail = await waitForMail(u.email, (m) => m.subject === CHANGED_SUBJECT);
  assert.match(mail.body, new RegExp(`The password of the Kontor account ${u.email} was just changed`));
  assert.ok(mail.body.includes(`Requested from the address ${a.address}.`), mail.body);
  assert.ok(mail.body.includes(`${BASE}/reset`), mail.body);
  assert.equal(sqlValue(`SELECT COUNT(*) FROM security_log WHERE user_id = ${u.id} AND event = 'password_changed'`), '1');

  assert.equal(await canLogin(u.email, NEW_PASSWORD), true);
  assert.equal(await canLogin(u.email, u.password), false);
  const link = await client().get(`/reset/confirm?token=${token}`);
  assert.equal(link.status, 400);
  assert.deepEqual(messages(link.body), [INVALID_LINK]);
});

test('a reset request gets the same answer whether the address has an account or not', async () => {
  const u = newUser('rsame');
  const nobody = `nobody-${u.id}@example.test`;
  const c1 = client();
  const c2 = client();
  await c1.get('/reset');
  await c2.get('/reset');
  const r1 = await c1.post('/reset', { email: u.email });
  const r2 = await c2.post('/reset', { email: nobody });
  for (const r of [r1, r2]) {
    assert.equal(r.status, 303);
    assert.equal(r.headers.location, '/login?notice=reset_sent');
    assert.equal(r.body, '');
    assert.equal(r.headers['set-cookie'], undefined);
  }
  const p1 = await c1.get(r1.headers.location);
  const p2 = await c2.get(r2.headers.location);
  const main = (r) => /<main[\s\S]*<\/main>/.exec(r.body)[0].replace(/value="[^"]*"/g, '');
  assert.equal(main(p1), main(p2));
  assert.deepEqual(messages(p1.body), ['If an account exists for this address, we have sent it a link to choose a new password.']);
  assert.equal(outboxCount(u), 1);
  assert.equal(sqlValue(`SELECT COUNT(*) FROM outbox WHERE recipient = ${q(nobody)}`), '0');
  assert.equal(sqlValue(`SELECT COUNT(*) FROM password_resets WHERE user_id = ${u.id}`), '1');

  // A malformed address is refused at the field.
  const bad = await c1.post('/reset', { email: 'no-at-sign' });
  assert.equal(bad.status, 400);
  assertPage(bad.body);
  assert.deepEqual(fieldErrors(bad.body), { email: 'This value is not valid.' });
});

test('the reset link opens a form and changes nothing; the form\'s POST sets the password once', async () => {
  const u = newUser('rflow');
  const logged = await loggedIn(u);
  const hash = hashOf(u);
  const { token, mail } = await resetToken(u);
  assert.match(mail.body, /The link is valid for 60 minutes and can be used once\./);
  // Only a keyed hash of the token is stored.
  const raw = Buffer.from(token, 'base64url').toString('hex');
  assert.equal(sqlValue(`SELECT COUNT(*) FROM password_resets WHERE token_hash = UNHEX('${raw}') OR token_hash = ${q(token)}`), '0');

  // A mail scanner (or the user, twice) opening the link changes nothing.
  const scanner = client();
  for (let i = 0; i < 2; i++) {
    const page = await scanner.get(`/reset/confirm?token=${token}`);
    assert.equal(page.status, 200);
    assertPage(page.body);
    assert.match(page.body, new RegExp(`<input type="hidden" name="token" value="${token}">`));
    assert.match(page.body, /<form method="post" action="\/reset\/confirm"/);
  }
  assert.equal(hashOf(u), hash);
  assert.equal(sqlValue(`SELECT COUNT(*) FROM password_resets WHERE user_id = ${u.id} AND used_at IS NULL`), '1');
  assert.equal(sessionsOf(u), 1);

  // A refused new password leaves the link usable.
  const c = client();
  await c.get(`/reset/confirm?token=${token}`);
  const mismatch = await c.post('/reset/confirm', { token, password: NEW_PASSWORD, password2: 'Something-Else-12' });
  assert.equal(mismatch.status, 400);
  assertPage(mismatch.body);
  assert.deepEqual(fieldErrors(mismatch.body), { password2: 'The two new passwords are not the same.' });
  assert.match(mismatch.body, new RegExp(`name="token" value="${token}"`));
  const weak = await c.post('/reset/confirm', { token, password: 'password1234', password2: 'password1234' });
  assert.equal(weak.status, 400);
  assert.deepEqual(fieldErrors(weak.body), { password: 'This password is too easy to guess. Please choose another one.' });
  assert.equal(hashOf(u), hash);

  const res = await c.post('/reset/confirm', { token, password: NEW_PASSWORD, password2: NEW_PASSWORD });
  assert.equal(res.status, 303);
  assert.equal(res.headers.location, '/login?notice=reset_done');
  const done = await c.get(res.headers.location);
  assert.deepEqual(messages(done.body), ['Your password has been changed. Please log in with the new one.']);
  assert.notEqual(hashOf(u), hash);
  assert.equal(await canLogin(u.email, NEW_PASSWORD), true);
  assert.equal(await canLogin(u.email, u.password), false);
  // Every session that existed before the reset has ended.
  assert.equal((await logged.get('/')).status, 303);
  assert.equal(sqlValue(`SELECT COUNT(*) FROM security_log WHERE user_id = ${u.id} AND event = 'password_reset'`), '1');
  const notice = await waitForMail(u.email, (m) => m.subject === CHANGED_SUBJECT);
  assert.ok(notice.body.includes(`Requested from the address ${c.address}.`), notice.body);

  // Single use: the second POST and the link itself are refused with a clear message.
  const newHash = hashOf(u);
  const again = await c.post('/reset/confirm', { token, password: 'Zweiter-Versuch-Kiefer-3', password2: 'Zweiter-Versuch-Kiefer-3' });
  assert.equal(again.status, 400);
  assertPage(again.body);
  assert.deepEqual(messages(again.body), [INVALID_LINK]);
  assert.match(mainText(again.body), /Request a new link/);
  assert.doesNotMatch(again.body, /name="token"/);
  assert.equal((await scanner.get(`/reset/confirm?token=${token}`)).status, 400);
  assert.equal(hashOf(u), newHash);
});

test('using one reset link invalidates the other links of the account', async () => {
  const u = newUser('rtwo');
  const first = await resetToken(u);
  const second = await resetToken(u);
  assert.notEqual(first.token, second.token);
  const c = client();
  await c.get(`/reset/confirm?token=${second.token}`);
  assert.equal((await c.post('/reset/confirm', { token: second.token, password: NEW_PASSWORD, password2: NEW_PASSWORD })).status, 303);
  const old = await c.get(`/reset/confirm?token=${first.token}`);
  assert.equal(old.status, 400);
  assert.deepEqual(messages(old.body), [INVALID_LINK]);
});

test('an expired reset link is refused', async () => {
  const u = newUser('rexp');
  const hash = hashOf(u);
  const { token } = await resetToken(u);
  sql(`UPDATE password_resets SET expires_at = UTC_TIMESTAMP() - INTERVAL 1 SECOND WHERE user_id = ${u.id}`);
  const c = client();
  const page = await c.get(`/reset/confirm?token=${token}`);
  assert.equal(page.status, 400);
  assertPage(page.body);
  assert.deepEqual(messages(page.body), [INVALID_LINK]);
  assert.doesNotMatch(page.body, /name="token"/);
  const res = await c.post('/reset/confirm', { token, password: NEW_PASSWORD, password2: NEW_PASSWORD });
  assert.equal(res.status, 400);
  assert.deepEqual(messages(res.body), [INVALID_LINK]);
  assert.equal(hashOf(u), hash);
  assert.equal(await canLogin(u.email, u.password), true);
});

test('a malformed or unknown reset token is refused with 400 and a clear message', async () => {
  const c = client();
  const unknown = Buffer.alloc(32, 1).toString('base64url');
  for (const query of ['', '?token=', '?token=abc', `?token=${'!'.repeat(43)}`, `?token=${unknown}`,
    `?token=${unknown}x`, `?token=${unknown}&token=${unknown}`]) {
    const res = await c.get(`/reset/confirm${query}`);
    assert.equal(res.status, 400, query);
    assertPage(res.body);
    assert.deepEqual(messages(res.body), [INVALID_LINK], query);
  }
  await c.get('/reset');
  const post = await c.post('/reset/confirm', { token: 'short', password: NEW_PASSWORD, password2: NEW_PASSWORD });
  assert.equal(post.status, 400);
  assert.deepEqual(messages(post.body), [INVALID_LINK]);
  // A broken percent-escape is no token at all: the generic 400 page.
  const broken = await c.get('/reset/confirm?token=%ZZ');
  assert.equal(broken.status, 400);
  assertPage(broken.body);
  assert.match(broken.body, /<h1>The request could not be understood<\/h1>/);
});

test('reset requests are throttled per address', async () => {
  const u = newUser('rthr');
  const c = client();
  await c.get('/reset');
  // Ten requests from this address within the hour: the next one waits (15 s doubled 5 times).
  assert.equal((await c.post('/reset', { email: u.email })).status, 303);
  sql(`UPDATE throttle SET failures = 10, last_failure = UTC_TIMESTAMP() WHERE scope = 2 AND subject = ${q(c.address)}`);
  await c.get('/reset');
  const res = await c.post('/reset', { email: u.email });
  assert.equal(res.status, 429);
  assertPage(res.body);
  assert.deepEqual(messages(res.body), ['Too many attempts. Please try again in 8 minute(s).']);
  assert.equal(outboxCount(u), 1);
  // Another address is not affected.
  const other = client();
  await other.get('/reset');
  assert.equal((await other.post('/reset', { email: u.email })).status, 303);
  assert.equal(outboxCount(u), 2);
});

test('a throttled account cannot change its password either, and is told how long to wait', async () => {
  const u = newUser('pwthr');
  const c = await loggedIn(u);
  const hash = hashOf(u);
  sql(`INSERT INTO throttle (scope, subject, window_start, failures, last_failure)
       VALUES (0, ${q(u.email)}, UTC_TIMESTAMP(), 15, UTC_TIMESTAMP())`);
  await c.get('/account/password');
  const res = await c.post('/account/password', { current: u.password, password: NEW_PASSWORD, password2: NEW_PASSWORD });
  assert.equal(res.status, 429);
  assertPage(res.body);
  // Regression: the wait was missing from this page ("try again in  minute(s)").
  assert.deepEqual(messages(res.body), ['Too many attempts. Please try again in 15 minute(s).']);
  assert.equal(hashOf(u), hash);
  assert.equal(outboxCount(u), 0);
});

test('bug: after a password change the changing browser was logged out with a 500 (its new session was for user 0)', async () => {
  const u = newUser('pwbug');
  const c = await loggedIn(u);
  await c.get('/account/password');
  const res = await c.post('/account/password', { current: u.password, password: NEW_PASSWORD, password2: NEW_PASSWORD });
  assert.equal(res.status, 303);
  assert.deepEqual(sql(`SELECT user_id FROM sessions WHERE user_id IN (0, ${u.id})`), [[String(u.id)]]);
  assert.equal((await c.get('/')).status, 200);
});

test('bug: password rules were shown at the top of the form, not at the field', async () => {
  const u = newUser('pwfield');
  const c = await loggedIn(u);
  await c.get('/account/password');
  const res = await c.post('/account/password', { current: u.password, password: 'password1234', password2: 'password1234' });
  assert.equal(res.status, 400);
  assert.deepEqual(messages(res.body), []);
  assert.match(res.body, /<input id="f-password"[^>]*aria-invalid="true" aria-describedby="f-password-hint f-password-error">\s*<p class="field-error" id="f-password-error">This password is too easy to guess/);
});
