// The login's second step as such (tests/e2e/totp.test.js and the others give the codes):
// no session before the second factor, the pending login's lifetime, cancelling it.
import test from 'node:test';
import assert from 'node:assert/strict';
import {
  client, newUser, loggedIn, assertPage, sql, sqlValue, mainText, SESSION_COOKIE, fieldErrors,
  kontorctl, waitForMail, mailsTo, BASE,
} from './lib.js';

// A user whose account has a confirmed second factor (its secret is never used here).
function userWithFactor(prefix) {
  const u = newUser(prefix);
  sql(`INSERT INTO second_factors (user_id, kind, secret_sealed, created_at, confirmed_at)
       VALUES (${u.id}, 'totp', 'not-a-sealed-secret', UTC_TIMESTAMP(), UTC_TIMESTAMP())`);
  return u;
}

async function passwordStep(u, c = client()) {
  await c.get('/login');
  const r = await c.post('/login', { email: u.email, password: u.password });
  return { c, r };
}

test('a right password of an account with a second factor gives no session, only the second step', async () => {
  const u = userWithFactor('twofa-step');
  const { c, r } = await passwordStep(u);
  assert.equal(r.status, 303);
  assert.equal(r.headers.location, '/login/2fa');
  assert.ok(!c.cookies.has(SESSION_COOKIE), 'no session cookie before the second factor');
  assert.equal(sqlValue(`SELECT COUNT(*) FROM sessions WHERE user_id = ${u.id}`), '0');
  assert.equal(sqlValue(`SELECT COUNT(*) FROM login_challenges WHERE user_id = ${u.id}`), '1');
  const home = await c.get('/');
  assert.equal(home.status, 303, 'the home page is not reachable');
  const page = await c.get('/login/2fa');
  assert.equal(page.status, 200);
  assertPage(page.body);
  assert.match(mainText(page.body), /Confirm it is you/);
  // The hint is read with the field (screen readers), and with the error after a refusal.
  assert.match(page.body, /<input id="f-code"[^>]*aria-describedby="f-code-hint"/);
  const wrong = await c.post('/login/2fa', { code: '000000' });
  assert.match(wrong.body, /<input id="f-code"[^>]*aria-describedby="f-code-hint f-code-error"/);
});

test('a user without a second factor logs in with the password alone', async () => {
  const u = newUser('twofa-none');
  const { c, r } = await passwordStep(u);
  assert.equal(r.headers.location, '/');
  assert.ok(c.cookies.has(SESSION_COOKIE));
});

test('a wrong code is refused at the field, logged, and gives no session', async () => {
  const u = userWithFactor('twofa-wrong');
  const { c } = await passwordStep(u);
  await c.get('/login/2fa');
  for (const code of ['000000', 'abcde-fghjk', '12']) {
    const r = await c.post('/login/2fa', { code });
    assert.equal(r.status, 400, code);
    assert.ok(fieldErrors(r.body).code, `error at the code field for ${code}`);
  }
  const empty = await c.post('/login/2fa', { code: '' });
  assert.equal(empty.status, 400);
  assert.ok(!c.cookies.has(SESSION_COOKIE));
  assert.equal(sqlValue(`SELECT COUNT(*) FROM security_log WHERE user_id = ${u.id} AND event = 'code_failed'`), '3');
});

test('the second step without a pending login, or after it expired, goes back to the login page', async () => {
  const c = client();
  const none = await c.get('/login/2fa');
  assert.equal(none.headers.location, '/login?notice=expired');
  await c.get('/login');
  const post = await c.post('/login/2fa', { code: '123456' });
  assert.equal(post.headers.location, '/login?notice=expired');

  const u = userWithFactor('twofa-expired');
  const { c: c2 } = await passwordStep(u);
  sql(`UPDATE login_challenges SET expires_at = UTC_TIMESTAMP() - INTERVAL 1 SECOND WHERE user_id = ${u.id}`);
  const late = await c2.get('/login/2fa');
  assert.equal(late.headers.location, '/login?notice=expired');
});

test('cancelling ends the pending login', async () => {
  const u = userWithFactor('twofa-cancel');
  const { c } = await passwordStep(u);
  await c.get('/login/2fa');
  const r = await c.post('/login/2fa/cancel', {});
  assert.equal(r.headers.location, '/login');
  assert.equal(sqlValue(`SELECT COUNT(*) FROM login_challenges WHERE user_id = ${u.id}`), '0');
  assert.equal((await c.get('/login/2fa')).headers.location, '/login?notice=expired');
});

test('a forged challenge cookie is no pending login', async () => {
  const c = client();
  c.cookies.set('__Host-kontor_2fa', 'A'.repeat(43));
  assert.equal((await c.get('/login/2fa')).headers.location, '/login?notice=expired');
  c.cookies.set('__Host-kontor_2fa', '../../etc');
  assert.equal((await c.get('/login/2fa')).headers.location, '/login?notice=expired');
});

test('a logged-in user is sent home from the second step', async () => {
  const c = await loggedIn(newUser('twofa-in'));
  const r = await c.get('/login/2fa');
  assert.equal(r.status, 303);
  assert.equal(r.headers.location, '/');
});

test('the security page says whether two-factor authentication is on', async () => {
  const u = newUser('twofa-sec');
  const c = await loggedIn(u);
  let r = await c.get('/account/security');
  assert.equal(r.status, 200);
  assertPage(r.body);
  assert.match(mainText(r.body), /Off: your password alone/);
  sql(`INSERT INTO second_factors (user_id, kind, secret_sealed, created_at, confirmed_at)
       VALUES (${u.id}, 'totp', 'x', UTC_TIMESTAMP(), UTC_TIMESTAMP())`);
  r = await c.get('/account/security');
  assert.match(mainText(r.body), /On: every login asks/);
  assert.match(mainText(r.body), /Authenticator app/);
  const anon = await client().get('/account/security');
  assert.equal(anon.status, 303);
});

test('a new password ends the logins waiting for their second factor (reset by mail, set by the operator)', async () => {
  const u = userWithFactor('twofa-newpw');
  // Someone who knows the old password waits at the second step.
  const { c: intruder } = await passwordStep(u);
  assert.equal((await intruder.get('/login/2fa')).status, 200);
  // The user resets the password by mail.
  const before = new Set(mailsTo(u.email).map((m) => m.file));
  const r = client();
  await r.get('/reset');
  await r.post('/reset', { email: u.email });
  const mail = await waitForMail(u.email, (m) => !before.has(m.file) && m.body.includes('/reset/confirm?token='));
  const token = new RegExp(`${BASE.replace(/[.]/g, '\\.')}/reset/confirm\\?token=([A-Za-z0-9_-]{43})`).exec(mail.body)[1];
  await r.get(`/reset/confirm?token=${token}`);
  const done = await r.post('/reset/confirm', { token, password: 'Neue-Brise-Felsen-84', password2: 'Neue-Brise-Felsen-84' });
  assert.equal(done.status, 303);
  assert.equal((await intruder.get('/login/2fa')).headers.location, '/login?notice=expired');
  assert.equal(sqlValue(`SELECT COUNT(*) FROM login_challenges WHERE user_id = ${u.id}`), '0');

  // The operator sets a password: the same.
  const { c: second } = await passwordStep({ ...u, password: 'Neue-Brise-Felsen-84' });
  assert.equal((await second.get('/login/2fa')).status, 200);
  kontorctl(['user', 'passwd', u.email], 'Dritte-Woche-Wolken-95\n');
  assert.equal((await second.get('/login/2fa')).headers.location, '/login?notice=expired');
});

test('after staff turned 2FA off, the user sets it up again before anything else', async () => {
  const { execFileSync } = await import('node:child_process');
  const u = newUser('twofa-setup');
  const c = await loggedIn(u);
  sql(`UPDATE users SET twofa_setup_required = 1 WHERE id = ${u.id}`);
  for (const path of ['/', '/account/password', '/account/tokens', '/orgs/1', '/account/security']) {
    const res = await c.get(path);
    assert.equal(res.status, 303, path);
    assert.equal(res.headers.location, '/account/2fa?notice=setup_required', path);
  }
  const overview = await c.get('/account/2fa?notice=setup_required');
  assert.equal(overview.status, 200);
  assert.match(mainText(overview.body), /set it up again/i);
  const enrol = await c.get('/account/2fa/totp');
  assert.equal(enrol.status, 200);
  const secret = /<code id="totp-secret"[^>]*>([A-Z2-7 ]+)<\/code>/.exec(enrol.body)[1].replace(/ /g, '');
  const code = execFileSync('oathtool', ['--totp', '-b', secret], { encoding: 'utf8' }).trim();
  assert.equal((await c.post('/account/2fa/totp', { code })).status, 200);
  assert.equal(sqlValue(`SELECT twofa_setup_required FROM users WHERE id = ${u.id}`), '0');
  assert.equal((await c.get('/')).status, 200);
});

test('parallel wrong codes cannot slip past the count: exactly the free attempts are checked', async () => {
  const u = userWithFactor('twofa-race');
  // Forty browsers (each its own address) at the second step, then all guess at once.
  const browsers = [];
  for (let i = 0; i < 40; i++) {
    const { c } = await passwordStep(u);
    await c.get('/login/2fa');
    browsers.push(c);
  }
  const answers = await Promise.all(browsers.map((c, i) => c.post('/login/2fa', { code: String(100000 + i) })));
  const statuses = answers.map((a) => a.status).sort();
  assert.deepEqual(statuses, [...Array(5).fill(400), ...Array(35).fill(429)]);
  assert.equal(sqlValue(`SELECT COUNT(*) FROM security_log WHERE user_id = ${u.id} AND event = 'code_failed'`), '5');
});
