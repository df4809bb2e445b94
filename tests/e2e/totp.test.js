// Two-factor authentication with an authenticator app and emergency codes: enrolment (QR code
// and secret, the first code confirms), logins with TOTP codes computed by the real oathtool
// from the secret the page shows (replay, time window, throttling), emergency codes (single
// use, also under concurrency, renewed on demand), the security page's count and warning,
// removing a method and turning 2FA off (password and a current code), and the notice after
// staff turned 2FA off.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import {
  SESSION_COOKIE, assertPage, client, fieldErrors, loggedIn, mainText, messages, newUser, q, sleep,
  sql, sqlValue, waitForMail,
} from './lib.js';

const SUBJECT = 'Security notice for your Kontor account';

// The TOTP code of the secret now, or at another time (seconds since the epoch), by oathtool.
function oath(secret, at) {
  const args = ['--totp', '-b', secret];
  if (at !== undefined) args.push('-N', `@${Math.floor(at)}`);
  return execFileSync('oathtool', args, { encoding: 'utf8' }).trim();
}

const now = () => Date.now() / 1000;

// A 6-digit code that the secret gives for none of the steps the server accepts now.
function wrongCode(secret) {
  const near = execFileSync('oathtool', ['--totp', '-b', secret, '-w', '4', '-N', `@${Math.floor(now() - 60)}`],
    { encoding: 'utf8' }).split('\n');
  for (let n = 123456; ; n += 111111) {
    const c = String(n % 1000000).padStart(6, '0');
    if (!near.includes(c)) return c;
  }
}

// Waits, when the current 30-second step ends within margin seconds, for the next one: a
// code computed now is then checked in the same step.
async function earlyInStep(margin = 3) {
  const left = 30 - (now() % 30);
  if (left < margin) await sleep((left + 0.3) * 1000);
}

// Waits for the start of the next 30-second step.
async function nextStep() {
  await sleep((30 - (now() % 30) + 0.3) * 1000);
}

// The secret as the enrolment page shows it (groups of four), without the spaces.
function shownSecret(html) {
  const m = /<code id="totp-secret"[^>]*>([A-Z2-7 ]+)<\/code>/.exec(html);
  assert.ok(m, 'the secret on the page');
  assert.match(m[1], /^([A-Z2-7]{4} )+[A-Z2-7]{1,4}$/, 'in groups of four');
  return m[1].replace(/ /g, '');
}

// The emergency codes of a codes page.
function shownCodes(html) {
  const list = /<ol class="codes" id="emergency-codes">([\s\S]*?)<\/ol>/.exec(html);
  assert.ok(list, 'the list of codes');
  return [...list[1].matchAll(/<code>([^<]*)<\/code>/g)].map((m) => m[1]);
}

function factorRows(u) {
  return sql(`SELECT id, kind, confirmed_at IS NOT NULL, last_step FROM second_factors WHERE user_id = ${u.id} ORDER BY id`);
}

function emergencyLeft(u) {
  return Number(sqlValue(`SELECT COUNT(*) FROM emergency_codes WHERE user_id = ${u.id} AND used_at IS NULL`));
}

function events(u, event) {
  // With a mark before the detail: sql() drops empty lines, and most details are empty.
  return sql(`SELECT CONCAT('#', detail) FROM security_log WHERE user_id = ${u.id} AND event = ${q(event)} ORDER BY id`)
    .map((r) => r[0].slice(1));
}

// Adds an authenticator app through the pages; the first code is the previous step's (the
// window accepts it), so that the current code logs in right afterwards. Returns
// { secret, codes, res } (codes empty when the user had emergency codes already).
async function enrol(c) {
  const page = await c.get('/account/2fa/totp');
  assert.equal(page.status, 200);
  const secret = shownSecret(page.body);
  await earlyInStep();
  const res = await c.post('/account/2fa/totp', { code: oath(secret, now() - 30) });
  const codes = res.status === 200 ? shownCodes(res.body) : [];
  return { secret, codes, res };
}

// A user with an authenticator app: { u, c (logged in), secret, codes }.
async function userWithTotp(prefix) {
  const u = newUser(prefix);
  const c = await loggedIn(u);
  const { secret, codes, res } = await enrol(c);
  assert.equal(res.status, 200, res.body);
  return { u, c, secret, codes };
}

// The password step of a login: a client waiting at /login/2fa.
async function atSecondStep(u) {
  const c = client();
  const res = await c.login(u.email, u.password);
  assert.equal(res.status, 303);
  assert.equal(res.headers.location, '/login/2fa');
  assert.ok(!c.cookies.has(SESSION_COOKIE), 'no session before the second factor');
  const page = await c.get('/login/2fa');
  assert.equal(page.status, 200);
  return c;
}

// A whole login with a code: the response to the code's POST, and the client.
async function loginWithCode(u, code) {
  const c = await atSecondStep(u);
  const res = await c.post('/login/2fa', { code });
  return { c, res };
}

function assertLoggedIn({ c, res }) {
  assert.equal(res.status, 303, res.body);
  assert.equal(res.headers.location, '/');
  assert.ok(c.cookies.has(SESSION_COOKIE));
}

test('enrolment: the secret and the QR code; a wrong first code changes nothing; the right one confirms and shows ten codes to download', async () => {
  const u = newUser('enrol');
  const c = await loggedIn(u);

  const overview = await c.get('/account/2fa');
  assert.equal(overview.status, 200);
  assertPage(overview.body);
  assert.match(mainText(overview.body), /Off: your password alone opens your account/);
  for (const href of ['/account/2fa/totp', '/account/2fa/sms', '/account/devices']) {
    assert.ok(overview.body.includes(`href="${href}"`), href);
  }
  assert.ok(!overview.body.includes('action="/account/2fa/emergency"'), 'no emergency codes without a factor');
  const security = await c.get('/account/security');
  assert.ok(security.body.includes('href="/account/2fa"'), 'the security page links the 2FA page');

  const page = await c.get('/account/2fa/totp');
  assert.equal(page.status, 200);
  assertPage(page.body);
  const secret = shownSecret(page.body);
  assert.equal(secret.length, 32, '160 bits in base32');
  assert.match(page.body, /<svg[^>]*class="qr"[^>]*role="img"[^>]*aria-label="QR code for your authenticator app"/);
  assert.match(page.body, /<path d="(M\d+ \d+h1v1h-1z)+"/);
  assert.ok(page.body.includes(`otpauth://totp/Kontor:${u.email}?secret=${secret}&amp;issuer=Kontor`), 'the URI the QR code holds');
  assert.match(page.body, /<button type="button"[^>]*data-copy="#totp-secret"[^>]*>Copy the secret<\/button>/);
  let rows = factorRows(u);
  assert.equal(rows.length, 1);
  assert.deepEqual(rows[0].slice(1, 3), ['totp', '0']);
  const sealed = sqlValue(`SELECT secret_sealed FROM second_factors WHERE user_id = ${u.id}`);
  assert.ok(!sealed.includes(secret), 'the secret is stored sealed');

  // A second visit shows a new secret, in the same unconfirmed row.
  const again = await c.get('/account/2fa/totp');
  const secret2 = shownSecret(again.body);
  assert.notEqual(secret2, secret);
  assert.deepEqual(factorRows(u).map((r) => r[0]), [rows[0][0]]);

  // A wrong code: refused at the field; the same secret stays on the page.
  const wrong = await c.post('/account/2fa/totp', { code: wrongCode(secret2) });
  assert.equal(wrong.status, 400);
  assertPage(wrong.body);
  assert.deepEqual(fieldErrors(wrong.body), {
    code: 'This code is not right. Check the time on your phone and type the code your app shows now.',
  });
  assert.equal(shownSecret(wrong.body), secret2);
  // The code of the secret shown before is wrong too: only the latest one counts.
  const stale = await c.post('/account/2fa/totp', { code: oath(secret) });
  assert.equal(stale.status, oath(secret) === oath(secret2) ? 200 : 400);
  rows = factorRows(u);
  assert.equal(rows[0][2], '0', 'still unconfirmed');
  assert.equal(emergencyLeft(u), 0);
  assert.deepEqual(events(u, 'factor_added'), []);

  // The right code, typed with a space as apps show it.
  const code = oath(secret2);
  const ok = await c.post('/account/2fa/totp', { code: `${code.slice(0, 3)} ${code.slice(3)}` });
  assert.equal(ok.status, 200, ok.body);
  assertPage(ok.body);
  assert.ok(messages(ok.body).includes('Your authenticator app is set up.'));
  const codes = shownCodes(ok.body);
  assert.equal(codes.length, 10);
  assert.equal(new Set(codes).size, 10);
  for (const e of codes) assert.match(e, /^[0-9a-hjkmnp-tv-z]{5}-[0-9a-hjkmnp-tv-z]{5}$/);
  const link = /<a class="button" download="([^"]+)" href="data:text\/plain;charset=utf-8,([^"]+)"/.exec(ok.body);
  assert.ok(link, 'a download link');
  assert.equal(link[1], 'kontor-emergency-codes.txt');
  const file = decodeURIComponent(link[2].replace(/&amp;/g, '&'));
  assert.ok(file.includes(u.email));
  for (const e of codes) assert.ok(file.includes(`${e}\n`), `the file holds ${e}`);
  assert.match(ok.body, /<button type="button" class="print">Print<\/button>/);
  assert.match(ok.body, /data-copy="#emergency-codes"/);

  rows = factorRows(u);
  assert.equal(rows.length, 1);
  assert.equal(rows[0][2], '1', 'confirmed');
  assert.ok(Number(rows[0][3]) >= Math.floor(now() / 30) - 1, 'the first code\'s step counts as used');
  assert.equal(emergencyLeft(u), 10);
  assert.deepEqual(events(u, 'factor_added'), ['totp']);
  await waitForMail(u.email, (m) => m.subject === SUBJECT && m.body.includes('Second factor added'));

  // The overview and the security page now show the factor and the codes.
  const after = await c.get('/account/2fa');
  assertPage(after.body);
  assert.match(mainText(after.body), /On: every login asks for a second factor/);
  assert.ok(after.body.includes(`href="/account/2fa/factors/${rows[0][0]}/remove"`));
  assert.match(after.body, /aria-label="Remove Authenticator app, \d{4}-\d\d-\d\d \d\d:\d\d"/);
  assert.ok(after.body.includes('action="/account/2fa/emergency"'));
  assert.ok(after.body.includes('href="/account/2fa/off"'));
  const sec = await c.get('/account/security');
  assert.match(mainText(sec.body), /Emergency codes left: 10/);
  assert.ok(!/class="msg warning"/.test(sec.body));
});

test('a login with an authenticator code: password, then /login/2fa, then the code', async () => {
  const { u, secret } = await userWithTotp('login');
  const done = await loginWithCode(u, oath(secret));
  assertLoggedIn(done);
  const home = await done.c.get('/');
  assert.equal(home.status, 200);
  assert.ok(events(u, 'login').includes('totp'));
});

test('the same code at a second login is refused and logged as code_replayed', async () => {
  const { u, secret } = await userWithTotp('replay');
  const code = oath(secret);
  assertLoggedIn(await loginWithCode(u, code));
  const { c, res } = await loginWithCode(u, code);
  assert.equal(res.status, 400);
  assert.deepEqual(fieldErrors(res.body), { code: 'This code has already been used. Please wait for the next one.' });
  assert.ok(!c.cookies.has(SESSION_COOKIE));
  assert.equal(events(u, 'code_replayed').length, 1);
});

test('a code of the previous step is accepted, one two steps old is not', async () => {
  const { u, secret } = await userWithTotp('window');
  // The enrolment used the previous step's code: a step later, that step is two steps old.
  await nextStep();
  const old = await loginWithCode(u, oath(secret, now() - 60));
  assert.equal(old.res.status, 400);
  assert.deepEqual(fieldErrors(old.res.body), { code: 'This code is not right. Please check it and try again.' });
  assert.equal(events(u, 'code_failed').length, 1, 'refused as wrong (too old), not as a replay');
  assert.equal(events(u, 'code_replayed').length, 0);
  assertLoggedIn(await loginWithCode(u, oath(secret, now() - 30)));
});

test('wrong codes are throttled: 429 after the free failures, even for a right code', async () => {
  const { u, secret } = await userWithTotp('throttle');
  const c = await atSecondStep(u);
  const bad = wrongCode(secret);
  for (let i = 0; i < 5; i++) {
    const res = await c.post('/login/2fa', { code: bad });
    assert.equal(res.status, 400, `failure ${i + 1} is free`);
  }
  const res = await c.post('/login/2fa', { code: oath(secret) });
  assert.equal(res.status, 429);
  assertPage(res.body);
  assert.ok(messages(res.body).some((m) => /minute/.test(m)), messages(res.body).join('|'));
  assert.ok(!c.cookies.has(SESSION_COOKIE));
  assert.equal(events(u, 'code_failed').length, 5);
});

test('an emergency code logs in once; its second use fails', async () => {
  const { u, codes } = await userWithTotp('emerg');
  const done = await loginWithCode(u, codes[0].toUpperCase());
  assertLoggedIn(done);
  assert.ok(events(u, 'login').includes('emergency'));
  assert.equal(emergencyLeft(u), 9);
  const again = await loginWithCode(u, codes[0]);
  assert.equal(again.res.status, 400);
  assert.deepEqual(fieldErrors(again.res.body), { code: 'This code is not right. Please check it and try again.' });
  assert.equal(emergencyLeft(u), 9);
});

test('two simultaneous logins with the same emergency code: exactly one succeeds', async () => {
  const { u, codes } = await userWithTotp('race');
  for (const code of codes.slice(0, 3)) {
    const a = await atSecondStep(u);
    const b = await atSecondStep(u);
    const [ra, rb] = await Promise.all([a.post('/login/2fa', { code }), b.post('/login/2fa', { code })]);
    assert.deepEqual([ra.status, rb.status].sort(), [303, 400], `${ra.status} ${rb.status}`);
    const winner = ra.status === 303 ? a : b;
    const loser = ra.status === 303 ? b : a;
    assert.ok(winner.cookies.has(SESSION_COOKIE));
    assert.ok(!loser.cookies.has(SESSION_COOKIE));
  }
  assert.equal(emergencyLeft(u), 7);
  assert.equal(events(u, 'login').filter((d) => d === 'emergency').length, 3);
});

test('new emergency codes replace the old ones; the user is mailed', async () => {
  const { u, c, codes } = await userWithTotp('renew');
  await c.get('/account/2fa');
  const res = await c.post('/account/2fa/emergency', {});
  assert.equal(res.status, 200, res.body);
  assertPage(res.body);
  assert.ok(messages(res.body).includes('You have new emergency codes. The old ones no longer work.'));
  const fresh = shownCodes(res.body);
  assert.equal(fresh.length, 10);
  assert.ok(!fresh.some((e) => codes.includes(e)));
  assert.equal(emergencyLeft(u), 10);
  assert.equal(events(u, 'emergency_codes_renewed').length, 1);
  await waitForMail(u.email, (m) => m.subject === SUBJECT && m.body.includes('New emergency codes made'));

  const old = await loginWithCode(u, codes[1]);
  assert.equal(old.res.status, 400, 'an old code no longer works');
  assertLoggedIn(await loginWithCode(u, fresh[1]));
});

test('new emergency codes after five minutes need the password again', async () => {
  const { u, c } = await userWithTotp('renewpw');
  sql(`UPDATE sessions SET reauth_at = reauth_at - INTERVAL 6 MINUTE WHERE user_id = ${u.id}`);
  const page = await c.get('/account/2fa');
  assert.match(page.body, /<form method="post" action="\/account\/2fa\/emergency"[\s\S]*?id="f-password"[^>]*type="password"/);
  const before = sql(`SELECT code_hash FROM emergency_codes WHERE user_id = ${u.id} ORDER BY code_hash`);
  const missing = await c.post('/account/2fa/emergency', {});
  assert.equal(missing.status, 400);
  assert.deepEqual(fieldErrors(missing.body), { password: 'Please enter your password.' });
  const wrong = await c.post('/account/2fa/emergency', { password: 'Not-My-Password-77' });
  assert.equal(wrong.status, 400);
  assertPage(wrong.body);
  assert.deepEqual(fieldErrors(wrong.body), { password: 'This password is not correct.' });
  assert.deepEqual(sql(`SELECT code_hash FROM emergency_codes WHERE user_id = ${u.id} ORDER BY code_hash`), before);
  const ok = await c.post('/account/2fa/emergency', { password: u.password });
  assert.equal(ok.status, 200);
  assert.equal(shownCodes(ok.body).length, 10);
});

test('the security page counts the emergency codes left and warns at three or fewer', async () => {
  const { u, c, codes } = await userWithTotp('count');
  const warning = 'Only a few emergency codes are left. Generate new ones before you run out.';
  for (let i = 0; i < 6; i++) assertLoggedIn(await loginWithCode(u, codes[i]));
  let sec = await c.get('/account/security');
  assert.match(mainText(sec.body), /Emergency codes left: 4/);
  assert.ok(!messages(sec.body).includes(warning));
  assertLoggedIn(await loginWithCode(u, codes[6]));
  sec = await c.get('/account/security');
  assertPage(sec.body);
  assert.match(mainText(sec.body), /Emergency codes left: 3/);
  assert.ok(messages(sec.body).includes(warning));
  const overview = await c.get('/account/2fa');
  assert.match(mainText(overview.body), /Emergency codes left: 3/);
  assert.ok(messages(overview.body).includes(warning));
});

test('removing a method needs the password and a current code; refusals change nothing; the user is mailed', async () => {
  const { u, c, secret: first } = await userWithTotp('remove');
  const second = await enrol(c);
  // The user had emergency codes: no new ones, the security page says it is done.
  assert.equal(second.res.status, 303);
  assert.equal(second.res.headers.location, '/account/security?notice=totp_added');
  const done = await c.get(second.res.headers.location);
  assert.ok(messages(done.body).includes('Your authenticator app is set up.'));
  const [a, b] = factorRows(u);
  assert.equal(b[2], '1');

  const form = await c.get(`/account/2fa/factors/${a[0]}/remove`);
  assert.equal(form.status, 200);
  assertPage(form.body);
  assert.match(form.body, /id="f-password"[^>]*type="password"/);
  assert.match(form.body, /id="f-code"[^>]*autocomplete="one-time-code"/);
  assert.ok(!/turns two-factor authentication off/.test(form.body), 'not the last method');

  const stepsBefore = factorRows(u);
  const left = emergencyLeft(u);
  const mailsBefore = Number(sqlValue(`SELECT COUNT(*) FROM outbox WHERE recipient = ${q(u.email)}`));

  // Wrong password: refused at the field, and the code given is not used up.
  let res = await c.post(`/account/2fa/factors/${a[0]}/remove`, { password: 'Not-My-Password-77', code: oath(second.secret) });
  assert.equal(res.status, 400);
  assertPage(res.body);
  assert.deepEqual(fieldErrors(res.body), { password: 'This password is not correct.' });
  assert.deepEqual(factorRows(u), stepsBefore);
  // Wrong code.
  res = await c.post(`/account/2fa/factors/${a[0]}/remove`, { password: u.password, code: wrongCode(second.secret) });
  assert.equal(res.status, 400);
  assert.deepEqual(fieldErrors(res.body), { code: 'This code is not right. Please check it and try again.' });
  // No code at all.
  res = await c.post(`/account/2fa/factors/${a[0]}/remove`, { password: u.password });
  assert.equal(res.status, 400);
  assert.deepEqual(fieldErrors(res.body), { code: 'Please enter a current code.' });
  assert.deepEqual(factorRows(u), stepsBefore);
  assert.equal(emergencyLeft(u), left);
  assert.equal(Number(sqlValue(`SELECT COUNT(*) FROM outbox WHERE recipient = ${q(u.email)}`)), mailsBefore);
  assert.deepEqual(events(u, 'factor_removed'), []);

  // Another user's method, and one that does not exist: 404.
  const other = newUser('remove-other');
  const oc = await loggedIn(other);
  assert.equal((await oc.get(`/account/2fa/factors/${a[0]}/remove`)).status, 404);
  await oc.get('/account/2fa');
  assert.equal((await oc.post(`/account/2fa/factors/${a[0]}/remove`, { password: other.password, code: oath(first) })).status, 404);
  assert.equal((await c.get('/account/2fa/factors/999999999/remove')).status, 404);
  assert.equal(factorRows(u).length, 2);

  // Right password and a current code of the other app.
  await c.get(`/account/2fa/factors/${a[0]}/remove`);
  res = await c.post(`/account/2fa/factors/${a[0]}/remove`, { password: u.password, code: oath(second.secret) });
  assert.equal(res.status, 303, res.body);
  assert.equal(res.headers.location, '/account/2fa?notice=factor_removed');
  assert.deepEqual(factorRows(u).map((r) => r[0]), [b[0]]);
  assert.equal(emergencyLeft(u), left, 'the codes stay while a method is left');
  assert.deepEqual(events(u, 'factor_removed'), ['totp']);
  await waitForMail(u.email, (m) => m.subject === SUBJECT && m.body.includes('Second factor removed: totp'));
  const page = await c.get('/account/2fa?notice=factor_removed');
  assert.ok(messages(page.body).includes('The method was removed.'));
  assert.ok(!page.body.includes(`/account/2fa/factors/${a[0]}/remove`));
  // The removed app's codes no longer log in.
  const gone = await loginWithCode(u, oath(first));
  assert.equal(gone.res.status, 400);
});

test('removing the last method turns 2FA off: emergency codes and unfinished enrolments go too', async () => {
  const { u, c, codes } = await userWithTotp('last');
  const [f] = factorRows(u);
  await c.get('/account/2fa/totp'); // an enrolment started and left
  assert.equal(factorRows(u).length, 2);
  const form = await c.get(`/account/2fa/factors/${f[0]}/remove`);
  assert.match(mainText(form.body), /This is your last method: removing it turns two-factor authentication off/);
  // An emergency code is a current second factor too.
  const res = await c.post(`/account/2fa/factors/${f[0]}/remove`, { password: u.password, code: codes[0] });
  assert.equal(res.status, 303, res.body);
  assert.equal(res.headers.location, '/account/2fa?notice=twofa_disabled');
  assert.deepEqual(factorRows(u), []);
  assert.equal(Number(sqlValue(`SELECT COUNT(*) FROM emergency_codes WHERE user_id = ${u.id}`)), 0);
  assert.deepEqual(events(u, 'factor_removed'), ['totp']);
  assert.equal(events(u, 'twofa_disabled').length, 1);
  await waitForMail(u.email, (m) => m.subject === SUBJECT && m.body.includes('Two-factor authentication turned off'));
  // The password alone logs in again.
  const c2 = client();
  const login = await c2.login(u.email, u.password);
  assert.equal(login.status, 303);
  assert.equal(login.headers.location, '/');
});

test('turning two-factor authentication off needs the password and a current code', async () => {
  const { u, c, secret } = await userWithTotp('off');
  const page = await c.get('/account/2fa/off');
  assert.equal(page.status, 200);
  assertPage(page.body);
  assert.match(mainText(page.body), /All your methods and emergency codes will be removed/);
  let res = await c.post('/account/2fa/off', { password: u.password, code: wrongCode(secret) });
  assert.equal(res.status, 400);
  assert.deepEqual(fieldErrors(res.body), { code: 'This code is not right. Please check it and try again.' });
  res = await c.post('/account/2fa/off', { password: 'Not-My-Password-77', code: oath(secret) });
  assert.equal(res.status, 400);
  assert.deepEqual(fieldErrors(res.body), { password: 'This password is not correct.' });
  assert.equal(factorRows(u).length, 1);
  assert.equal(emergencyLeft(u), 10);

  res = await c.post('/account/2fa/off', { password: u.password, code: oath(secret) });
  assert.equal(res.status, 303, res.body);
  assert.equal(res.headers.location, '/account/2fa?notice=twofa_disabled');
  assert.deepEqual(factorRows(u), []);
  assert.equal(Number(sqlValue(`SELECT COUNT(*) FROM emergency_codes WHERE user_id = ${u.id}`)), 0);
  assert.equal(events(u, 'twofa_disabled').length, 1);
  const mail = await waitForMail(u.email, (m) => m.subject === SUBJECT && m.body.includes('Two-factor authentication turned off'));
  assert.ok(mail.body.includes('/account/security'));
  const overview = await c.get('/account/2fa?notice=twofa_disabled');
  assert.ok(messages(overview.body).includes('Two-factor authentication is off.'));
  assert.match(mainText(overview.body), /Off: your password alone opens your account/);
  // Already off: the form leads back to the overview.
  const again = await c.get('/account/2fa/off');
  assert.equal(again.status, 303);
  assert.equal(again.headers.location, '/account/2fa');
});

test('after staff turned 2FA off, the login leads to the set-up with its notice; enrolling clears it', async () => {
  const u = newUser('setup');
  // What an approved recovery request leaves (the staff review is another page's).
  sql(`UPDATE users SET twofa_setup_required = 1 WHERE id = ${u.id}`);
  const c = client();
  const login = await c.login(u.email, u.password);
  assert.equal(login.status, 303);
  assert.equal(login.headers.location, '/account/2fa?notice=setup_required');
  const page = await c.get(login.headers.location);
  assert.equal(page.status, 200);
  assertPage(page.body);
  assert.match(page.body, /<p class="msg warning" role="status">Our staff turned two-factor authentication off after your recovery request\. Please set it up again now\.<\/p>/);
  const { res } = await enrol(c);
  assert.equal(res.status, 200);
  assert.equal(sqlValue(`SELECT twofa_setup_required FROM users WHERE id = ${u.id}`), '0');
});

test('the enrolment asks for the password again after five minutes before it shows a secret', async () => {
  const u = newUser('reauth');
  const c = await loggedIn(u);
  sql(`UPDATE sessions SET reauth_at = reauth_at - INTERVAL 6 MINUTE WHERE user_id = ${u.id}`);
  const page = await c.get('/account/2fa/totp');
  assert.equal(page.status, 200);
  assertPage(page.body);
  assert.ok(!/id="totp-secret"/.test(page.body) && !/class="qr"/.test(page.body), 'no secret yet');
  assert.match(page.body, /id="f-password"[^>]*type="password"/);
  assert.deepEqual(factorRows(u), [], 'nothing made yet');
  const wrong = await c.post('/account/2fa/totp', { password: 'Not-My-Password-77' });
  assert.equal(wrong.status, 400);
  assert.deepEqual(fieldErrors(wrong.body), { password: 'This password is not correct.' });
  assert.ok(!/id="totp-secret"/.test(wrong.body));
  const ok = await c.post('/account/2fa/totp', { password: u.password });
  assert.equal(ok.status, 303);
  assert.equal(ok.headers.location, '/account/2fa/totp');
  const shown = await c.get('/account/2fa/totp');
  shownSecret(shown.body);
  assert.equal(factorRows(u).length, 1);
});

test('the pages in German', async () => {
  const { c } = await userWithTotp('deutsch');
  c.lang = 'de';
  const overview = await c.get('/account/2fa');
  assertPage(overview.body);
  assert.match(mainText(overview.body), /Zwei-Faktor-Authentifizierung/);
  assert.ok(!/ß/.test(overview.body));
});

test('turning 2FA off is one transaction: a failure at any statement changes nothing', async () => {
  const { u, c, codes } = await userWithTotp('offfault');
  await c.get('/account/2fa/off');
  let n = 1;
  let used = 0;
  for (; n < 40; n++) {
    const res = await c.post('/account/2fa/off', { password: u.password, code: codes[used] },
      { headers: { 'X-Kontor-Fault': String(n) } });
    if (res.status === 303) break;
    assert.equal(res.status, 500, `fault at statement ${n}: ${res.status}`);
    assertPage(res.body);
    assert.equal(factorRows(u).length, 1, `fault at statement ${n}: the factor is kept`);
    assert.equal(Number(sqlValue(`SELECT COUNT(*) FROM emergency_codes WHERE user_id = ${u.id}`)), 10);
    assert.deepEqual(events(u, 'twofa_disabled'), []);
    assert.equal(Number(sqlValue(`SELECT COUNT(*) FROM outbox WHERE recipient = ${q(u.email)}`)), 1,
      'only the mail of the enrolment');
    // A code used up by a check that ran before the failure: the next try takes another.
    if (emergencyLeft(u) < 10 - used) used += 1;
  }
  // The checks take 7 statements (session, throttles, password, code); the rest is the
  // transaction, each of whose statements failed once above.
  assert.ok(n >= 12 && n < 40, `succeeded at statement ${n}`);
  assert.deepEqual(factorRows(u), []);
  assert.equal(events(u, 'twofa_disabled').length, 1);
});
