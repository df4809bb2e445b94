// Registered devices: the device talks to its JSON endpoint over node's https (no cookie, no
// CSRF token, its key as bearer), as the provider's app would. Registration with the token
// from the page's QR code, confirmation with a code from the real oathtool, login approval
// YES/NO/timeout, the device's offline TOTP code at login, removal, throttling.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import {
  BASE, SESSION_COOKIE, assertPage, client, fieldErrors, loggedIn, mainText, messages, newUser,
  sql, sqlValue, waitForMail,
} from './lib.js';

const CHALLENGE_COOKIE = '__Host-kontor_2fa';
const BROWSER = 'Mozilla/5.0 (X11; Linux x86_64) KontorTest/1.0';

// One JSON request as a device makes it: a client of its own (no cookies), the key as
// bearer when given. Returns { status, headers, json, body }.
async function device(key, method, path, body, c = client()) {
  const headers = {};
  if (key != null) headers.Authorization = `Bearer ${key}`;
  let payload;
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    payload = typeof body === 'string' ? body : JSON.stringify(body);
  }
  const res = await c.request(method, path, { headers, body: payload });
  let json;
  try {
    json = JSON.parse(res.body);
  } catch {
    json = undefined;
  }
  return { ...res, json };
}

function assertError(res, status, code) {
  assert.equal(res.status, status, res.body);
  assert.match(res.headers['content-type'], /^application\/json/);
  assert.equal(res.json?.result, 'error', res.body);
  assert.equal(res.json.error.code, code, res.body);
  assert.ok(res.json.error.description.length > 10, res.body);
}

function totp(secret, at = 'now') {
  return execFileSync('oathtool', ['--totp', '-b', '-N', at, secret], { encoding: 'utf8' }).trim();
}

function events(u) {
  return sql(`SELECT event, detail FROM security_log WHERE user_id = ${u.id} ORDER BY id`).map(([e, d]) => `${e}:${d ?? ''}`);
}

function deviceRows(u) {
  return Number(sqlValue(`SELECT COUNT(*) FROM second_factors WHERE user_id = ${u.id} AND kind = 'device'`));
}

// Starts a registration on the devices page: { token, regId, page }.
async function startRegistration(c) {
  const list = await c.get('/account/devices');
  assert.equal(list.status, 200);
  const page = await c.post('/account/devices', {});
  assert.equal(page.status, 200, page.body);
  assertPage(page.body);
  const token = /id="registration-token"[^>]*>([A-Za-z0-9_-]{43})</.exec(page.body)?.[1];
  assert.ok(token, 'the token as text for manual entry');
  const regId = /href="\/account\/devices\/registrations\/(\d+)"/.exec(page.body)?.[1];
  assert.ok(regId);
  return { token, regId, page };
}

// A device registered and confirmed for the logged-in browser c: { key, secret }.
async function registerDevice(c, name = "Anna's phone") {
  const { token, regId } = await startRegistration(c);
  const reg = await device(null, 'POST', '/device/register', { token, name });
  assert.equal(reg.status, 201, reg.body);
  const { device_key: key, totp_secret: secret } = reg.json.data;
  await c.get(`/account/devices/registrations/${regId}`);
  const done = await c.post(`/account/devices/registrations/${regId}`, { code: totp(secret) });
  assert.ok(done.status === 200 || done.status === 303, done.body);
  return { key, secret };
}

// A user with a confirmed device: { u, key, secret }.
async function userWithDevice(prefix) {
  const u = newUser(prefix);
  const c = await loggedIn(u);
  const { key, secret } = await registerDevice(c);
  return { u, key, secret };
}

// A browser that gave the right password and asked for approval on the device; returns it
// with the approval's id.
async function browserWaiting(u) {
  const b = client();
  const login = await b.request('GET', '/login', { headers: { 'User-Agent': BROWSER } });
  assert.equal(login.status, 200);
  const res = await b.request('POST', '/login', {
    body: { email: u.email, password: u.password, csrf: b.csrf() },
    headers: { Origin: BASE, 'User-Agent': BROWSER },
  });
  assert.equal(res.status, 303);
  assert.equal(res.headers.location, '/login/2fa');
  const step = await b.get('/login/2fa');
  assert.equal(step.status, 200);
  assert.match(step.body, /action="\/login\/2fa\/device"/);
  assert.match(mainText(step.body), /Approve on my device/);
  const start = await b.request('POST', '/login/2fa/device', {
    body: { csrf: b.csrf() }, headers: { Origin: BASE, 'User-Agent': BROWSER },
  });
  assert.equal(start.status, 303, start.body);
  assert.equal(start.headers.location, '/login/2fa/device');
  const id = sqlValue(`SELECT id FROM login_approvals WHERE user_id = ${u.id} AND answer IS NULL ORDER BY id DESC LIMIT 1`);
  assert.ok(id);
  return { b, id: Number(id) };
}

test('registering a device: token from the page, key and secret over JSON, confirmed with an oathtool code', async () => {
  const u = newUser('devreg');
  const c = await loggedIn(u);
  const sec = await c.get('/account/security');
  assert.match(sec.body, /href="\/account\/devices"/);
  const empty = await c.get('/account/devices');
  assertPage(empty.body);
  assert.match(mainText(empty.body), /You have no registered device/);

  const { token, regId, page } = await startRegistration(c);
  assert.match(page.body, /<svg[^>]*class="qr"[^>]*aria-label="QR code for registering your device"/);
  assert.ok(page.body.includes(BASE), 'the base URL for manual entry');
  // Only a keyed hash of the token is stored.
  const stored = sqlValue(`SELECT HEX(token_hash) FROM device_registrations WHERE id = ${regId}`);
  assert.ok(stored && !stored.includes(Buffer.from(token).toString('hex').toUpperCase()));
  assert.equal(sqlValue(`SELECT user_id FROM device_registrations WHERE id = ${regId}`), String(u.id));

  // The browser waits for the device: the page refreshes itself.
  const waiting = await c.get(`/account/devices/registrations/${regId}`);
  assert.equal(waiting.status, 200);
  assertPage(waiting.body);
  assert.match(waiting.body, /<meta http-equiv="refresh" content="3">/);

  const reg = await device(null, 'POST', '/device/register', { token, name: "Anna's phone" });
  assert.equal(reg.status, 201, reg.body);
  assert.equal(reg.json.result, 'success');
  const { device_key: key, totp_secret: secret, account } = reg.json.data;
  assert.match(key, /^[A-Za-z0-9_-]{43}$/);
  assert.match(secret, /^[A-Z2-7]{32}$/);
  assert.equal(account, u.email);
  assert.equal(sqlValue(`SELECT confirmed_at IS NULL FROM second_factors WHERE user_id = ${u.id} AND kind = 'device'`), '1');
  assert.equal(sqlValue(`SELECT label FROM second_factors WHERE user_id = ${u.id} AND kind = 'device'`), "Anna's phone");
  // Not confirmed yet: the device may not answer logins.
  assertError(await device(key, 'GET', '/device/approvals'), 403, 'device_not_confirmed');
  await waitForMail(u.email, (m) => m.body.includes("Device registered: Anna's phone"));

  // The page now asks for the code the device shows; a wrong one is refused at the field.
  const form = await c.get(`/account/devices/registrations/${regId}`);
  assert.doesNotMatch(form.body, /http-equiv="refresh"/);
  assert.match(mainText(form.body), /Anna's phone/);
  const wrongCode = totp(secret) === '000000' ? '111111' : '000000';
  const wrong = await c.post(`/account/devices/registrations/${regId}`, { code: wrongCode });
  assert.equal(wrong.status, 400);
  assert.deepEqual(fieldErrors(wrong.body), { code: 'This code is not right. Please check it and try again.' });
  const ok = await c.post(`/account/devices/registrations/${regId}`, { code: totp(secret) });
  assert.equal(ok.status, 200, ok.body);
  assertPage(ok.body);
  assert.match(mainText(ok.body), /Your device is confirmed/);
  assert.equal((ok.body.match(/[0-9a-z]{5}-[0-9a-z]{5}/g) ?? []).length >= 10, true, 'ten emergency codes shown');
  assert.equal(sqlValue(`SELECT confirmed_at IS NOT NULL FROM second_factors WHERE user_id = ${u.id} AND kind = 'device'`), '1');

  const list = await c.get('/account/devices');
  assertPage(list.body);
  assert.match(mainText(list.body), /Anna's phone .*Active/);
  const approvals = await device(key, 'GET', '/device/approvals');
  assert.equal(approvals.status, 200, approvals.body);
  assert.deepEqual(approvals.json.data, []);
  assert.deepEqual(events(u).filter((e) => /device|factor/.test(e)), ["device_added:Anna's phone", 'factor_added:device']);
});

test('a registration token works once and 10 minutes; unknown and malformed ones are refused; nothing is created', async () => {
  const u = newUser('devtok');
  const c = await loggedIn(u);
  const first = await startRegistration(c);
  assert.equal((await device(null, 'POST', '/device/register', { token: first.token, name: 'Phone' })).status, 201);
  assert.equal(deviceRows(u), 1);
  assertError(await device(null, 'POST', '/device/register', { token: first.token, name: 'Thief' }), 401, 'registration_token_used');

  const second = await startRegistration(c);
  sql(`UPDATE device_registrations SET created_at = created_at - INTERVAL 11 MINUTE, expires_at = expires_at - INTERVAL 11 MINUTE WHERE id = ${second.regId}`);
  assertError(await device(null, 'POST', '/device/register', { token: second.token, name: 'Late' }), 401, 'registration_token_expired');
  const expiredPage = await c.get(`/account/devices/registrations/${second.regId}`);
  assert.match(mainText(expiredPage.body), /has expired/);

  assertError(await device(null, 'POST', '/device/register', { token: 'A'.repeat(43), name: 'Guess' }), 401, 'registration_token_unknown');
  assertError(await device(null, 'POST', '/device/register', { token: 'short', name: 'Guess' }), 401, 'registration_token_unknown');
  const third = await startRegistration(c);
  const noName = await device(null, 'POST', '/device/register', { token: third.token, name: '' });
  assertError(noName, 400, 'validation_failed');
  assert.deepEqual(Object.keys(noName.json.error.fields), ['name']);
  assertError(await device(null, 'POST', '/device/register', { token: third.token, name: 'x', extra: 1 }), 400, 'validation_failed');
  // A browser form cannot use the endpoint (no JSON, no preflight-free cross-site request).
  const form = await client().request('POST', '/device/register', {
    body: { token: third.token, name: 'Form' }, headers: { Origin: 'https://evil.example' },
  });
  assert.equal(form.status, 415);
  assert.equal(JSON.parse(form.body).error.code, 'unsupported_media_type');
  assert.equal(deviceRows(u), 1, 'nothing created by the refused requests');
  // The refused tokens did not burn the third one.
  assert.equal((await device(null, 'POST', '/device/register', { token: third.token, name: 'Tablet' })).status, 201);
  assert.equal(deviceRows(u), 2);
});

test('approval on the device: YES logs the browser in; a second answer is 409', async () => {
  const { u, key } = await userWithDevice('devyes');
  const { b, id } = await browserWaiting(u);
  const wait = await b.get('/login/2fa/device');
  assert.equal(wait.status, 200);
  assertPage(wait.body);
  assert.match(wait.body, /<meta http-equiv="refresh" content="3">/);
  assert.match(mainText(wait.body), /answer YES/);

  const list = await device(key, 'GET', '/device/approvals');
  assert.equal(list.status, 200, list.body);
  assert.equal(list.json.data.length, 1);
  const a = list.json.data[0];
  assert.equal(a.id, id);
  assert.equal(a.address, b.address);
  assert.equal(a.browser, BROWSER);
  assert.match(a.created_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  assert.ok(a.expires_in > 100 && a.expires_in <= 120, String(a.expires_in));

  const yes = await device(key, 'POST', `/device/approvals/${id}`, { answer: 'yes' });
  assert.equal(yes.status, 200, yes.body);
  assert.deepEqual(yes.json.data, { id, answer: 'yes' });
  assertError(await device(key, 'POST', `/device/approvals/${id}`, { answer: 'no' }), 409, 'conflict');
  assertError(await device(key, 'POST', `/device/approvals/${id}`, { answer: 'maybe' }), 400, 'validation_failed');

  const done = await b.get('/login/2fa/device');
  assert.equal(done.status, 303);
  assert.equal(done.headers.location, '/');
  assert.ok(b.cookies.has(SESSION_COOKIE));
  assert.ok(!b.cookies.has(CHALLENGE_COOKIE));
  const home = await b.get('/');
  assert.equal(home.status, 200);
  assertPage(home.body);
  assert.deepEqual(events(u).slice(-2), [`login_approved:${b.address}`, 'login:device']);
  assert.ok(sqlValue(`SELECT last_used_at FROM second_factors WHERE user_id = ${u.id} AND kind = 'device'`) !== 'NULL');
  // The approval went with the finished login.
  assert.equal(sqlValue(`SELECT COUNT(*) FROM login_approvals WHERE id = ${id}`), '0');
});

test('NO on the device refuses the login, says so, and mails the user', async () => {
  const { u, key } = await userWithDevice('devno');
  const { b, id } = await browserWaiting(u);
  const no = await device(key, 'POST', `/device/approvals/${id}`, { answer: 'no' });
  assert.equal(no.status, 200, no.body);
  assertError(await device(key, 'POST', `/device/approvals/${id}`, { answer: 'yes' }), 409, 'conflict');
  const res = await b.get('/login/2fa/device');
  assert.equal(res.status, 303);
  assert.equal(res.headers.location, '/login?notice=device_denied');
  assert.ok(!b.cookies.has(SESSION_COOKIE));
  assert.ok(!b.cookies.has(CHALLENGE_COOKIE));
  const page = await b.get(res.headers.location);
  assertPage(page.body);
  assert.deepEqual(messages(page.body), ['The login was refused on your device. If that was not you, change your password.']);
  // The pending login is gone: no code finishes it now.
  assert.equal(sqlValue(`SELECT COUNT(*) FROM login_challenges WHERE user_id = ${u.id}`), '0');
  const mail = await waitForMail(u.email, (m) => m.body.includes('Login refused on your device'));
  assert.ok(mail.body.includes(b.address));
  assert.equal(events(u).at(-1), `login_denied:${b.address}`);
});

test('after NO, the same pending login cannot go on with a code, SMS or help request', async () => {
  const { u, key, secret } = await userWithDevice('devnocode');
  const { b, id } = await browserWaiting(u);
  assert.equal((await device(key, 'POST', `/device/approvals/${id}`, { answer: 'no' })).status, 200);
  // The intruder does not poll the waiting page: they type a code (even a right one). The
  // login page (which does not touch the pending login) gives the form's token.
  await b.get('/login');
  const res = await b.post('/login/2fa', { code: totp(secret, 'now + 30 seconds') });
  assert.equal(res.status, 303);
  assert.equal(res.headers.location, '/login?notice=device_denied');
  assert.ok(!b.cookies.has(SESSION_COOKIE));
  assert.equal(sqlValue(`SELECT COUNT(*) FROM login_challenges WHERE user_id = ${u.id}`), '0');
  assert.equal((await b.get('/login/recovery')).headers.location, '/login?notice=expired');
});

test('at most 3 approvals wait at a time: a password alone cannot flood the device', async () => {
  const { u, key } = await userWithDevice('devflood');
  for (let i = 0; i < 3; i++) await browserWaiting(u);
  const b = client();
  await b.login(u.email, u.password);
  await b.get('/login/2fa');
  const fourth = await b.post('/login/2fa/device', {});
  assert.equal(fourth.status, 429);
  assertPage(fourth.body);
  assert.deepEqual(messages(fourth.body), ['Your device already has 3 logins waiting for an answer. Answer them there, or use a code.']);
  const list = await device(key, 'GET', '/device/approvals');
  assert.equal(list.json.data.length, 3);
});

test('no answer within 2 minutes refuses the login', async () => {
  const { u, key } = await userWithDevice('devlate');
  const { b, id } = await browserWaiting(u);
  assert.equal((await b.get('/login/2fa/device')).status, 200);
  sql(`UPDATE login_approvals SET created_at = created_at - INTERVAL 121 SECOND, expires_at = expires_at - INTERVAL 121 SECOND WHERE id = ${id}`);
  const list = await device(key, 'GET', '/device/approvals');
  assert.deepEqual(list.json.data, []);
  assertError(await device(key, 'POST', `/device/approvals/${id}`, { answer: 'yes' }), 409, 'conflict');
  const res = await b.get('/login/2fa/device');
  assert.equal(res.status, 303);
  assert.equal(res.headers.location, '/login?notice=device_expired');
  assert.ok(!b.cookies.has(SESSION_COOKIE));
  const page = await b.get(res.headers.location);
  assert.deepEqual(messages(page.body), ['The login was refused: your device did not answer within 2 minutes. Please log in again.']);
  // Asking again does not revive it: the pending login ended.
  const again = await b.post('/login/2fa/device', {});
  assert.equal(again.headers.location, '/login?notice=expired');
});

test("another user's approval id answers 404 and changes nothing", async () => {
  const a = await userWithDevice('devowna');
  const other = await userWithDevice('devownb');
  const { id } = await browserWaiting(a.u);
  // The other user's device does not even see it.
  assert.deepEqual((await device(other.key, 'GET', '/device/approvals')).json.data, []);
  assertError(await device(other.key, 'POST', `/device/approvals/${id}`, { answer: 'yes' }), 404, 'not_found');
  assertError(await device(other.key, 'POST', '/device/approvals/999999999', { answer: 'yes' }), 404, 'not_found');
  assert.equal(sqlValue(`SELECT answer IS NULL FROM login_approvals WHERE id = ${id}`), '1');
});

test("removing a device: a confirmed one with the password and a current code, mailed; an unconfirmed one with the password; its key is then refused; another user's device is 404", async () => {
  const u = newUser('devrm');
  const c = await loggedIn(u);
  const { key, secret } = await registerDevice(c, 'Old phone');
  const fid = sqlValue(`SELECT id FROM second_factors WHERE user_id = ${u.id} AND kind = 'device'`);
  const stranger = await loggedIn(newUser('devrmx'));
  await stranger.get('/account/devices');
  assert.equal((await stranger.post(`/account/devices/${fid}/remove`, {})).status, 404);
  assert.equal((await stranger.get(`/account/2fa/factors/${fid}/remove`)).status, 404);

  // A confirmed device is a way of logging in: the list leads to the removal that asks for
  // the password and a current second factor; the password alone removes nothing.
  const list = await c.get('/account/devices');
  assert.ok(list.body.includes(`href="/account/2fa/factors/${fid}/remove"`));
  assert.equal((await c.post(`/account/devices/${fid}/remove`, { password: u.password })).status, 404);
  await c.get(`/account/2fa/factors/${fid}/remove`);
  const noCode = await c.post(`/account/2fa/factors/${fid}/remove`, { password: u.password });
  assert.equal(noCode.status, 400);
  assert.equal(deviceRows(u), 1);
  const ok = await c.post(`/account/2fa/factors/${fid}/remove`, { password: u.password, code: totp(secret, 'now + 30 seconds') });
  assert.equal(ok.status, 303, ok.body);
  assert.equal(deviceRows(u), 0);
  // It was the only method: removing it turned two-factor authentication off.
  await waitForMail(u.email, (m) => m.body.includes('Two-factor authentication turned off'));
  assertError(await device(key, 'GET', '/device/approvals'), 401, 'not_authenticated');
  assert.equal((await device(key, 'GET', '/device/approvals')).headers['www-authenticate'], 'Bearer realm="kontor", error="invalid_token"');

  // A device registered but never confirmed: removed from the devices page with the password
  // again after the 5 minutes.
  const { token } = await startRegistration(c);
  const reg = await device(null, 'POST', '/device/register', { token, name: 'Half phone' });
  assert.equal(reg.status, 201, reg.body);
  const hid = sqlValue(`SELECT id FROM second_factors WHERE user_id = ${u.id} AND kind = 'device'`);
  sql(`UPDATE sessions SET reauth_at = NOW() - INTERVAL 10 MINUTE WHERE user_id = ${u.id}`);
  const list2 = await c.get('/account/devices');
  assert.match(list2.body, new RegExp(`id="f-password-${hid}"`));
  const noPw = await c.post(`/account/devices/${hid}/remove`, {});
  assert.equal(noPw.status, 400);
  assertPage(noPw.body);
  assert.deepEqual(fieldErrors(noPw.body), { [`password-${hid}`]: 'Please give your password.' });
  assert.equal(deviceRows(u), 1);
  const bad = await c.post(`/account/devices/${hid}/remove`, { password: 'Not-The-Password-1' });
  assert.equal(bad.status, 400);
  assert.deepEqual(fieldErrors(bad.body), { [`password-${hid}`]: 'The password is not correct.' });
  const gone = await c.post(`/account/devices/${hid}/remove`, { password: u.password });
  assert.equal(gone.status, 303);
  assert.equal(gone.headers.location, '/account/devices?notice=removed');
  assert.equal(deviceRows(u), 0);
  const after = await c.get(gone.headers.location);
  assert.deepEqual(messages(after.body), ['The device was removed. Its key no longer works.']);
  await waitForMail(u.email, (m) => m.body.includes('Device removed: Half phone'));
  assertError(await device(reg.json.data.device_key, 'GET', '/device/approvals'), 401, 'not_authenticated');
  // Registering needs the password again too, after the 5 minutes.
  sql(`UPDATE sessions SET reauth_at = NOW() - INTERVAL 10 MINUTE WHERE user_id = ${u.id}`);
  await c.get('/account/devices');
  const noReg = await c.post('/account/devices', {});
  assert.equal(noReg.status, 400);
  assert.deepEqual(fieldErrors(noReg.body), { password: 'Please give your password.' });
  const reg2 = await c.post('/account/devices', { password: u.password });
  assert.equal(reg2.status, 200);
  assert.match(reg2.body, /id="registration-token"/);
});

test('an offline TOTP code from the device secret logs in', async () => {
  const { u, secret } = await userWithDevice('devotp');
  const b = client();
  const res = await b.login(u.email, u.password);
  assert.equal(res.headers.location, '/login/2fa');
  await b.get('/login/2fa');
  // The confirmation used the current step: the next step's code (inside the window of one
  // step) is the one a device shows a moment later.
  const code = totp(secret, 'now + 30 seconds');
  const done = await b.post('/login/2fa', { code });
  assert.equal(done.status, 303, done.body);
  assert.equal(done.headers.location, '/');
  assert.ok(b.cookies.has(SESSION_COOKIE));
  assert.equal(events(u).at(-1), 'login:device');
  // The same code again is refused (each step once).
  const b2 = client();
  await b2.login(u.email, u.password);
  await b2.get('/login/2fa');
  const replay = await b2.post('/login/2fa', { code });
  assert.equal(replay.status, 400);
});

test('wrong device keys are throttled per address', async () => {
  const { key } = await userWithDevice('devthr');
  const c = client();
  assertError(await device(null, 'GET', '/device/approvals', undefined, c), 401, 'not_authenticated');
  assertError(await device('not a key', 'GET', '/device/approvals', undefined, c), 401, 'not_authenticated');
  for (let i = 0; i < 8; i++) {
    const wrong = await device('B'.repeat(43), 'POST', '/device/approvals/1', { answer: 'yes' }, c);
    assertError(wrong, 401, 'not_authenticated');
  }
  const throttled = await device('C'.repeat(43), 'GET', '/device/approvals', undefined, c);
  assertError(throttled, 429, 'too_many_requests');
  assert.ok(Number(throttled.headers['retry-after']) > 0);
  // Even the right key waits on that address; another address is not affected.
  assertError(await device(key, 'GET', '/device/approvals', undefined, c), 429, 'too_many_requests');
  assert.equal((await device(key, 'GET', '/device/approvals')).status, 200);
  // Registration tokens count on the same address.
  assertError(await device(null, 'POST', '/device/register', { token: 'D'.repeat(43), name: 'x' }, c), 429, 'too_many_requests');
});

test('the device pages render in every language', async () => {
  for (const lang of ['de', 'fr', 'it']) {
    const u = newUser(`devlang${lang}`);
    const c = await loggedIn(u, { lang });
    const { page, regId } = await startRegistration(c);
    assertPage(page.body);
    assert.match(page.body, new RegExp(`<html lang="${lang}"`));
    const waiting = await c.get(`/account/devices/registrations/${regId}`);
    assertPage(waiting.body);
    await registerDevice(c);
    const list = await c.get('/account/devices');
    assert.equal(list.status, 200);
    assertPage(list.body);
    const b = client({ lang });
    await b.login(u.email, u.password);
    const step = await b.get('/login/2fa');
    assert.match(step.body, /action="\/login\/2fa\/device"/);
    await b.post('/login/2fa/device', {});
    const wait = await b.get('/login/2fa/device');
    assert.equal(wait.status, 200);
    assertPage(wait.body);
    assert.doesNotMatch(mainText(wait.body), /devices\.|\{1\}/, 'every key translated and filled in');
  }
});
