// Confirming it is the user before a way of logging in is added: a user who has 2FA adds an
// authenticator, an SMS number or a device, or renews the emergency codes, only with a second
// factor given in this session within 5 minutes (at login, or with the password and a code
// on /account/2fa/verify). Otherwise someone with a session (or the password) could add a
// method of their own, or make emergency codes, and then remove the user's methods.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import {
  assertPage, client, fieldErrors, loggedIn, mainText, newUser, sql, sqlValue,
} from './lib.js';

const oath = (secret, at) => execFileSync('oathtool',
  ['--totp', '-b', secret, ...(at === undefined ? [] : ['-N', `@${Math.floor(at)}`])], { encoding: 'utf8' }).trim();
const now = () => Date.now() / 1000;

// A user with an authenticator app, enrolled through the pages with the previous step's code
// (so that the current one is free); the session is then made older than the 5 minutes.
async function userWithTotp(prefix) {
  const u = newUser(prefix);
  const c = await loggedIn(u);
  const page = await c.get('/account/2fa/totp');
  const secret = /<code id="totp-secret"[^>]*>([A-Z2-7 ]+)<\/code>/.exec(page.body)[1].replace(/ /g, '');
  const res = await c.post('/account/2fa/totp', { code: oath(secret, now() - 30) });
  assert.equal(res.status, 200, res.body);
  sql(`UPDATE sessions SET twofa_at = twofa_at - INTERVAL 6 MINUTE, reauth_at = reauth_at - INTERVAL 6 MINUTE WHERE user_id = ${u.id}`);
  return { u, c, secret };
}

const factorCount = (u) => sqlValue(`SELECT COUNT(*) FROM second_factors WHERE user_id = ${u.id}`);
const codeHashes = (u) => sql(`SELECT HEX(code_hash) FROM emergency_codes WHERE user_id = ${u.id} ORDER BY 1`).flat().join();

test('adding a method or renewing codes, 5 minutes after the last second factor, asks to confirm first; nothing is made before', async () => {
  const { u, c } = await userWithTotp('stepup');
  const before = codeHashes(u);
  for (const [path, next] of [['/account/2fa/totp', 'totp'], ['/account/2fa/sms', 'sms']]) {
    const res = await c.get(path);
    assert.equal(res.status, 303, path);
    assert.equal(res.headers.location, `/account/2fa/verify?next=${next}`);
  }
  for (const [path, next] of [['/account/2fa/emergency', 'twofa'], ['/account/2fa/sms', 'sms'], ['/account/devices', 'devices']]) {
    await c.get('/account/2fa');
    const res = await c.post(path, { password: u.password, phone: '+41791112233' });
    assert.equal(res.status, 303, path);
    assert.equal(res.headers.location, `/account/2fa/verify?next=${next}`);
  }
  assert.equal(factorCount(u), '1', 'no secret, number or device made');
  assert.equal(codeHashes(u), before, 'the emergency codes are the same');
  assert.equal(sqlValue(`SELECT COUNT(*) FROM device_registrations WHERE user_id = ${u.id}`), '0');
});

test('the confirmation needs the password and a current code; then the way on is open for 5 minutes', async () => {
  const { u, c, secret } = await userWithTotp('stepup-ok');
  const page = await c.get('/account/2fa/verify?next=totp');
  assert.equal(page.status, 200);
  assertPage(page.body);
  assert.match(mainText(page.body), /Confirm it is you/);
  assert.match(page.body, /<input type="hidden" name="next" value="totp">/);
  // A right code with a wrong password, a right password without a code or with a wrong one.
  let res = await c.post('/account/2fa/verify', { next: 'totp', password: 'Not-The-Password-9', code: oath(secret) });
  assert.equal(res.status, 400);
  assert.ok(fieldErrors(res.body).password);
  res = await c.post('/account/2fa/verify', { next: 'totp', password: u.password });
  assert.equal(res.status, 400);
  assert.ok(fieldErrors(res.body).code);
  res = await c.post('/account/2fa/verify', { next: 'totp', password: u.password, code: '000000' });
  assert.equal(res.status, 400);
  assert.equal((await c.get('/account/2fa/totp')).status, 303, 'still not confirmed');
  await c.get('/account/2fa/verify?next=totp');
  // Both right: back to where the user was going, which now opens.
  res = await c.post('/account/2fa/verify', { next: 'totp', password: u.password, code: oath(secret) });
  assert.equal(res.status, 303, res.body);
  assert.equal(res.headers.location, '/account/2fa/totp');
  const enrol = await c.get('/account/2fa/totp');
  assert.equal(enrol.status, 200);
  assert.match(enrol.body, /id="totp-secret"/);
  // Renewing the emergency codes works too now.
  await c.get('/account/2fa');
  assert.equal((await c.post('/account/2fa/emergency', {})).status, 200);
  // An unknown target leads back to the overview, never elsewhere.
  const unknown = await c.get('/account/2fa/verify?next=https://example.net');
  assert.equal(unknown.status, 200);
  assert.match(unknown.body, /<input type="hidden" name="next" value="twofa">/);
});

test('a session alone cannot chain: new emergency codes, then 2FA off with one of them', async () => {
  const { u, c } = await userWithTotp('stepup-chain');
  await c.get('/account/2fa');
  const renew = await c.post('/account/2fa/emergency', { password: u.password });
  assert.equal(renew.status, 303);
  assert.ok(!/<ol class="codes"/.test(renew.body), 'no codes shown');
  const off = await c.get('/account/2fa/off');
  assert.equal(off.status, 200);
  const res = await c.post('/account/2fa/off', { password: u.password, code: 'abcde-fghjk' });
  assert.equal(res.status, 400);
  assert.equal(factorCount(u), '1');
});

test('a login with the second factor counts as confirmed: adding a method right after needs nothing more', async () => {
  const { u, secret } = await userWithTotp('stepup-login');
  const b = client();
  await b.login(u.email, u.password);
  await b.get('/login/2fa');
  const done = await b.post('/login/2fa', { code: oath(secret) });
  assert.equal(done.status, 303, done.body);
  assert.equal((await b.get('/account/2fa/sms')).status, 200);
});
