// SMS codes as a second factor: enrolment of a number (E.164, refused at the field when it is
// not one; a code sent through the outbox and the local HTTP gateway, confirmed with the right
// code only), login with a code (single use, valid 10 minutes), at most 3 sends per user in
// 15 minutes even with requests in parallel, and delivery retried while the gateway is down.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync } from 'node:fs';
import { createServer } from 'node:http';
import {
  SESSION_COOKIE, assertPage, client, closedPort, confWith, fieldErrors, loggedIn, mainText,
  messages, newUser, q, smsCode, smsMessages, smsTo, sql, sqlValue, stack, waitForSms,
  workerProcess,
} from './lib.js';

const SMS_TEXT = /^Your Kontor code is (\d{6})\. It is valid for 10 minutes\.$/;
const LIMIT_TEXT = /^At most 3 codes can be sent by SMS in 15 minutes\. Please use a code already sent, or try again in \d+ minutes\.$/;
const PHONE_INVALID = 'Please give the number in international format: + then the country code and number, 8 to 15 digits (e.g. +41 79 123 45 67).';

let phoneCounter = 0;
// A number no other test (or run) uses, as typed and in E.164.
function newPhone() {
  phoneCounter += 1;
  const a = String(process.pid % 100000).padStart(5, '0');
  const b = String(phoneCounter).padStart(3, '0');
  return { typed: `+41 7${a.slice(0, 1)} ${a.slice(1)}-${b}`, e164: `+417${a}${b}` };
}

function factors(u) {
  return sql(`SELECT kind, phone, confirmed_at IS NOT NULL FROM second_factors WHERE user_id = ${u.id} ORDER BY id`);
}

function seclog(u, event) {
  return sql(`SELECT detail FROM security_log WHERE user_id = ${u.id} AND event = ${q(event)} ORDER BY id`).map((r) => r[0]);
}

// The user's codes sent in the last 15 minutes.
function recentCodes(u) {
  return Number(sqlValue(`SELECT COUNT(*) FROM sms_codes WHERE user_id = ${u.id}
    AND created_at > UTC_TIMESTAMP() - INTERVAL 15 MINUTE`));
}

// Moves the user's codes out of the 15-minute window (they stay valid).
function ageSends(u) {
  sql(`UPDATE sms_codes SET created_at = created_at - INTERVAL 16 MINUTE WHERE user_id = ${u.id}`);
}

// Enrols a number for a logged-in client; returns { phone, page } (page: the confirmation).
async function enrol(c, u, phone = newPhone()) {
  const seen = smsTo(phone.e164).map((m) => m.file);
  await c.get('/account/2fa/sms');
  const res = await c.post('/account/2fa/sms', { phone: phone.typed });
  assert.equal(res.status, 303, res.body);
  assert.equal(res.headers.location, '/account/2fa/sms?notice=code_sent');
  const sms = await waitForSms(phone.e164, { seen });
  const form = await c.get('/account/2fa/sms');
  const factor = /name="factor" value="(\d+)"/.exec(form.body)[1];
  const page = await c.post('/account/2fa/sms/confirm', { factor, code: smsCode(sms) });
  return { phone, page };
}

// A user with a confirmed SMS number (and emergency codes), its sends moved out of the window,
// and the client that enrolled it (logged in, the password given just now).
async function smsUser(prefix) {
  const u = newUser(prefix);
  const c = await loggedIn(u);
  const { phone, page } = await enrol(c, u);
  assert.equal(page.status, 200);
  ageSends(u);
  return { u, phone, c };
}

// A client at the login's second step for user u.
async function atSecondStep(u) {
  const c = client();
  const res = await c.login(u.email, u.password);
  assert.equal(res.status, 303);
  assert.equal(res.headers.location, '/login/2fa');
  await c.get('/login/2fa');
  return c;
}

// Asks for a code at the second step and returns it from the gateway.
async function loginCode(c, phone) {
  const seen = smsTo(phone.e164).map((m) => m.file);
  await c.get('/login/2fa');
  const res = await c.post('/login/2fa/sms', {});
  assert.equal(res.status, 303, res.body);
  assert.equal(res.headers.location, '/login/2fa?notice=sms_sent');
  const sms = await waitForSms(phone.e164, { seen });
  assert.match(sms.text, SMS_TEXT);
  return smsCode(sms);
}

test('enrolment: bad numbers refused at the field, the code by SMS, a wrong code refused, the right one confirms', async () => {
  const u = newUser('smsenrol');
  const c = await loggedIn(u);
  const form = await c.get('/account/2fa/sms');
  assert.equal(form.status, 200);
  assertPage(form.body);
  assert.match(form.body, /<label for="f-phone">Mobile number<\/label>/);

  for (const bad of ['079 123 45 67', '+41 79', '+1234567890123456', '+41 79 abc 45 67', '+041791234567', '0041791234567']) {
    const res = await c.post('/account/2fa/sms', { phone: bad });
    assert.equal(res.status, 400, bad);
    assertPage(res.body);
    assert.deepEqual(fieldErrors(res.body), { phone: PHONE_INVALID }, bad);
    assert.match(res.body, /id="f-phone"[^>]*aria-invalid="true"/);
  }
  const empty = await c.post('/account/2fa/sms', { phone: '' });
  assert.equal(empty.status, 400);
  assert.deepEqual(Object.keys(fieldErrors(empty.body)), ['phone']);
  assert.deepEqual(factors(u), [], 'a refused number changes nothing');
  assert.equal(recentCodes(u), 0);

  const phone = newPhone();
  const seen = smsTo(phone.e164).map((m) => m.file);
  const res = await c.post('/account/2fa/sms', { phone: phone.typed });
  assert.equal(res.status, 303);
  assert.deepEqual(factors(u), [['sms', phone.e164, '0']], 'normalised to E.164, unconfirmed');
  // The outbox holds the text sealed, never the code in clear.
  const sms = await waitForSms(phone.e164, { seen });
  const m = SMS_TEXT.exec(sms.text);
  assert.ok(m, sms.text);
  const code = m[1];
  assert.deepEqual(sql(`SELECT kind, sealed, status FROM outbox WHERE recipient = ${q(phone.e164)}`), [['sms', '1', 'sent']]);
  assert.equal(Number(sqlValue(`SELECT COUNT(*) FROM sms_codes WHERE user_id = ${u.id} AND LENGTH(code_hash) = 32`)), 1);
  assert.deepEqual(seclog(u, 'sms_code_sent'), [phone.e164.slice(-3)]);

  const page = await c.get('/account/2fa/sms?notice=code_sent');
  assertPage(page.body);
  assert.ok(messages(page.body).some((t) => /on its way by SMS/.test(t)));
  assert.match(mainText(page.body), new RegExp(`number ending in ${phone.e164.slice(-3)}`));
  const factor = /name="factor" value="(\d+)"/.exec(page.body)[1];

  const wrong = await c.post('/account/2fa/sms/confirm', { factor, code: String((Number(code) + 1) % 1000000).padStart(6, '0') });
  assert.equal(wrong.status, 400);
  assertPage(wrong.body);
  assert.deepEqual(fieldErrors(wrong.body), { code: 'This code is not right, or it has expired. Please check it, or ask for a new one.' });
  assert.deepEqual(factors(u), [['sms', phone.e164, '0']]);

  // Another user's pending number is not found.
  const other = await loggedIn(newUser('smsother'));
  await other.get('/account/2fa/sms');
  assert.equal((await other.post('/account/2fa/sms/confirm', { factor, code })).status, 404);

  const ok = await c.post('/account/2fa/sms/confirm', { factor, code: `${code.slice(0, 3)} ${code.slice(3)}` });
  assert.equal(ok.status, 200, ok.body);
  assertPage(ok.body);
  assert.equal((ok.body.match(/<li><code>[0-9a-z]{5}-[0-9a-z]{5}<\/code><\/li>/g) ?? []).length, 10, 'ten emergency codes shown');
  assert.deepEqual(factors(u), [['sms', phone.e164, '1']]);
  assert.deepEqual(seclog(u, 'factor_added'), ['sms']);

  // The code was used: it cannot confirm again.
  assert.equal((await c.post('/account/2fa/sms/confirm', { factor, code })).status, 404);
  const sec = await c.get('/account/security');
  assert.match(mainText(sec.body), new RegExp(`SMS codes · number ending in ${phone.e164.slice(-3)}`));
  assert.match(sec.body, /<a href="\/account\/2fa\/sms">Change the number for SMS codes<\/a>/);
});

test('a new number replaces the old one only once it is confirmed', async () => {
  const { u, phone, c } = await smsUser('smsrepl');
  const next = newPhone();
  await c.get('/account/2fa/sms');
  assert.equal((await c.post('/account/2fa/sms', { phone: next.typed })).status, 303);
  assert.deepEqual(factors(u).map((f) => f[2]), ['1', '0']);
  // Until then, the login's codes go to the old number.
  const l = await atSecondStep(u);
  assert.match(l.lastBody, new RegExp(`Send a code by SMS to the number ending in ${phone.e164.slice(-3)}`));
  const sms = await waitForSms(next.e164);
  const page = await c.get('/account/2fa/sms');
  const factor = /name="factor" value="(\d+)"/.exec(page.body)[1];
  const res = await c.post('/account/2fa/sms/confirm', { factor, code: smsCode(sms) });
  // Emergency codes exist already: back to the security page.
  assert.equal(res.status, 303);
  assert.equal(res.headers.location, '/account/security?notice=sms_added');
  assert.deepEqual(factors(u), [['sms', next.e164, '1']]);
});

test('login with a code by SMS; the same code again, and an expired code, are refused', async () => {
  const { u, phone } = await smsUser('smslogin');
  const c = await atSecondStep(u);
  assertPage(c.lastBody);
  assert.match(c.lastBody, new RegExp(`<button type="submit" class="link">Send a code by SMS to the number ending in ${phone.e164.slice(-3)}</button>`));
  const code = await loginCode(c, phone);
  const notice = await c.get('/login/2fa?notice=sms_sent');
  assert.ok(messages(notice.body).some((t) => /on its way by SMS/.test(t)));

  const res = await c.post('/login/2fa', { code });
  assert.equal(res.status, 303);
  assert.equal(res.headers.location, '/');
  assert.ok(c.cookies.has(SESSION_COOKIE));
  assert.equal(seclog(u, 'login').at(-1), 'sms');

  // The same code a second time.
  const c2 = await atSecondStep(u);
  const again = await c2.post('/login/2fa', { code });
  assert.equal(again.status, 400);
  assert.equal(fieldErrors(again.body).code, 'This code is not right. Please check it and try again.');
  assert.ok(!c2.cookies.has(SESSION_COOKIE));

  // An expired code (sent 11 minutes ago).
  const old = await loginCode(c2, phone);
  sql(`UPDATE sms_codes SET created_at = created_at - INTERVAL 11 MINUTE,
       expires_at = expires_at - INTERVAL 11 MINUTE WHERE user_id = ${u.id} AND used_at IS NULL`);
  await c2.get('/login/2fa');
  const expired = await c2.post('/login/2fa', { code: old });
  assert.equal(expired.status, 400);
  assert.ok(!c2.cookies.has(SESSION_COOKIE));

  // Without a pending login, nothing is sent.
  const none = client();
  await none.get('/login');
  const before = smsTo(phone.e164).length;
  const r = await none.post('/login/2fa/sms', {});
  assert.equal(r.status, 303);
  assert.equal(r.headers.location, '/login?notice=expired');
  await workerProcess();
  assert.equal(smsTo(phone.e164).length, before);
});

test('a code sent to a number being enrolled does not open a login', async () => {
  const { u, c } = await smsUser('smspend');
  const next = newPhone();
  await c.get('/account/2fa/sms');
  assert.equal((await c.post('/account/2fa/sms', { phone: next.typed })).status, 303);
  const sms = await waitForSms(next.e164);
  const l = await atSecondStep(u);
  const res = await l.post('/login/2fa', { code: smsCode(sms) });
  assert.equal(res.status, 400);
  assert.ok(!l.cookies.has(SESSION_COOKIE));
});

test('the 4th send within 15 minutes is refused with a clear message, and no 4th SMS goes out', async () => {
  const { u, phone, c: s } = await smsUser('smslimit');
  const c = await atSecondStep(u);
  const before = smsTo(phone.e164).length;
  for (let i = 0; i < 3; i++) await loginCode(c, phone);
  await c.get('/login/2fa');
  const fourth = await c.post('/login/2fa/sms', {});
  assert.equal(fourth.status, 429);
  assertPage(fourth.body);
  const msgs = messages(fourth.body);
  assert.ok(msgs.some((t) => LIMIT_TEXT.test(t)), msgs.join(' | '));
  assert.match(fourth.body, /<p class="msg error" role="alert">/);
  assert.equal(recentCodes(u), 3);
  assert.deepEqual(seclog(u, 'sms_send_refused'), [phone.e164.slice(-3)]);
  await workerProcess();
  assert.equal(smsTo(phone.e164).length, before + 3);
  // The enrolment page counts the same sends.
  await s.get('/account/2fa/sms');
  const enrolFourth = await s.post('/account/2fa/sms', { phone: newPhone().typed });
  assert.equal(enrolFourth.status, 429);
  assert.ok(messages(enrolFourth.body).some((t) => LIMIT_TEXT.test(t)));
  assert.deepEqual(factors(u).map((f) => f[2]), ['1'], 'no number enrolled either');
});

test('sends in parallel never exceed 3 in 15 minutes', async () => {
  const { u, phone, c: s } = await smsUser('smspar');
  const c = await atSecondStep(u);
  const before = smsTo(phone.e164).length;
  const csrf = c.csrf();
  const results = await Promise.all(Array.from({ length: 10 }, () => c.post('/login/2fa/sms', { csrf })));
  const statuses = results.map((r) => r.status);
  assert.equal(statuses.filter((s) => s === 303).length, 3, statuses.join(','));
  assert.equal(statuses.filter((s) => s === 429).length, 7, statuses.join(','));
  assert.equal(recentCodes(u), 3);
  // Enrolment sends in parallel with the same user: still none beyond the 3.
  await s.get('/account/2fa/sms');
  const enrol2 = await Promise.all(Array.from({ length: 4 }, () => s.post('/account/2fa/sms', { phone: newPhone().typed })));
  assert.deepEqual(enrol2.map((r) => r.status), [429, 429, 429, 429]);
  assert.equal(recentCodes(u), 3);
  await waitForSms(phone.e164, { pred: () => smsTo(phone.e164).length >= before + 3 });
  await workerProcess();
  assert.equal(smsTo(phone.e164).length, before + 3);
});

// Unix seconds, n minutes ahead, as the worker's --now.
function nowArg(minutes) {
  const t = Number(sqlValue('SELECT UNIX_TIMESTAMP(UTC_TIMESTAMP())')) + minutes * 60;
  return ['--now', new Date(t * 1000).toISOString().slice(0, 16).replace('T', ' ')];
}

// An HTTP server on 127.0.0.1 that answers every request with status (or never, when null).
function fakeGateway(status) {
  return new Promise((resolve) => {
    const s = createServer((req, res) => {
      req.resume();
      if (status !== null) res.writeHead(status).end('{}');
    });
    s.listen(0, '127.0.0.1', () => resolve(s));
  });
}

test('with the gateway down, an error or a timeout, the SMS stays pending and is delivered once the gateway is back', async (t) => {
  const { u, phone } = await smsUser('smsdown');
  stack('sms-stop');
  t.after(() => stack('sms-start'));  // running already: nothing happens
  const c = await atSecondStep(u);
  const before = smsTo(phone.e164).length;
  const res = await c.post('/login/2fa/sms', {});
  assert.equal(res.status, 303);
  const id = Number(sqlValue(`SELECT MAX(id) FROM outbox WHERE recipient = ${q(phone.e164)}`));
  const row = () => {
    const [status, attempts, err] = sql(`SELECT status, attempts, IFNULL(last_error, '-') FROM outbox WHERE id = ${id}`)[0];
    return { status, attempts: Number(attempts), err };
  };

  // No gateway at all on the configured port (the stack's own worker fails the same way).
  const closed = confWith(`sms-closed-${process.pid}`, { sms_gateway_url: `http://127.0.0.1:${await closedPort()}/sms` });
  let w = await workerProcess([], closed);
  assert.equal(w.status, 0, w.stderr);
  assert.equal(row().status, 'pending');
  assert.ok(row().attempts >= 1);
  assert.match(row().err, /connect/i);

  // A gateway that answers 503.
  const failing = await fakeGateway(503);
  const c503 = confWith(`sms-503-${process.pid}`, { sms_gateway_url: `http://127.0.0.1:${failing.address().port}/sms` });
  w = await workerProcess(nowArg(5), c503);
  assert.equal(w.status, 0, w.stderr);
  assert.equal(row().status, 'pending');
  assert.equal(row().err, 'the SMS gateway answered HTTP 503');
  failing.close();

  // A gateway that never answers: the request times out.
  const silent = await fakeGateway(null);
  const cslow = confWith(`sms-slow-${process.pid}`, { sms_gateway_url: `http://127.0.0.1:${silent.address().port}/sms` });
  appendFileSync(cslow, 'sms_gateway_timeout = 1\n');
  w = await workerProcess(nowArg(12), cslow);
  assert.equal(w.status, 0, w.stderr);
  assert.equal(row().status, 'pending');
  assert.match(row().err, /timeout|timed out/i);
  silent.closeAllConnections();
  silent.close();
  assert.equal(smsTo(phone.e164).length, before, 'nothing delivered meanwhile');

  // The gateway is back: the next due attempt delivers it, once.
  stack('sms-start');
  w = await workerProcess(nowArg(25));
  assert.equal(w.status, 0, w.stderr);
  assert.equal(row().status, 'sent');
  const got = smsTo(phone.e164);
  assert.equal(got.length, before + 1);
  const code = smsCode(got[got.length - 1]);
  await workerProcess(nowArg(26));
  assert.equal(smsTo(phone.e164).length, before + 1);
  // And the code still opens the login.
  await c.get('/login/2fa');
  const done = await c.post('/login/2fa', { code });
  assert.equal(done.status, 303);
  assert.equal(done.headers.location, '/');
  assert.ok(smsMessages().length > 0);
});

test('enrolling a number asks for the password again when it was given over 5 minutes ago', async () => {
  const u = newUser('smsreauth');
  const c = await loggedIn(u);
  sql(`UPDATE sessions SET reauth_at = reauth_at - INTERVAL 10 MINUTE WHERE user_id = ${u.id}`);
  const form = await c.get('/account/2fa/sms');
  assertPage(form.body);
  assert.match(form.body, /<label for="f-password">Your password, to confirm<\/label>/);
  const phone = newPhone();
  const missing = await c.post('/account/2fa/sms', { phone: phone.typed });
  assert.equal(missing.status, 400);
  assert.deepEqual(Object.keys(fieldErrors(missing.body)), ['password']);
  assert.match(missing.body, new RegExp(`id="f-phone"[^>]*value="${phone.typed.replace('+', '\\+')}"`), 'the number stays typed');
  const wrong = await c.post('/account/2fa/sms', { phone: phone.typed, password: 'Not-The-Password-1' });
  assert.equal(wrong.status, 400);
  assert.deepEqual(fieldErrors(wrong.body), { password: 'This password is not right.' });
  assert.deepEqual(factors(u), []);
  const right = await c.post('/account/2fa/sms', { phone: phone.typed, password: u.password });
  assert.equal(right.status, 303);
  assert.deepEqual(factors(u), [['sms', phone.e164, '0']]);
});

test('the SMS is in the user\'s language', async () => {
  const u = newUser('smsde', ['--locale', 'de']);
  const c = await loggedIn(u);
  const phone = newPhone();
  await c.get('/account/2fa/sms');
  assert.equal((await c.post('/account/2fa/sms', { phone: phone.typed })).status, 303);
  const sms = await waitForSms(phone.e164);
  assert.match(sms.text, /^Ihr Kontor-Code lautet \d{6}\. Er ist 10 Minuten gültig\.$/);
});

test('codes a day past their expiry are purged by the worker', async () => {
  const { u } = await smsUser('smspurge');
  assert.equal(Number(sqlValue(`SELECT COUNT(*) FROM sms_codes WHERE user_id = ${u.id}`)), 1);
  sql(`UPDATE sms_codes SET created_at = created_at - INTERVAL 2 DAY, expires_at = expires_at - INTERVAL 2 DAY WHERE user_id = ${u.id}`);
  await workerProcess();
  assert.equal(Number(sqlValue(`SELECT COUNT(*) FROM sms_codes WHERE user_id = ${u.id}`)), 0);
});

test('enrolling number after number counts every send: the 4th is refused', async () => {
  const u = newUser('smsmany');
  const c = await loggedIn(u);
  await c.get('/account/2fa/sms');
  for (let i = 0; i < 3; i++) {
    const res = await c.post('/account/2fa/sms', { phone: newPhone().typed });
    assert.equal(res.status, 303);
    await c.get('/account/2fa/sms');
  }
  assert.equal(factors(u).length, 1, 'one number being enrolled at a time');
  const p = factors(u)[0][1];
  const res = await c.post('/account/2fa/sms', { phone: newPhone().typed });
  assert.equal(res.status, 429);
  assert.ok(messages(res.body).some((t) => LIMIT_TEXT.test(t)));
  assert.equal(recentCodes(u), 3);
  assert.deepEqual(factors(u), [['sms', p, '0']], 'the refused number replaced nothing');
  // Resending to the number being enrolled is refused the same way.
  const factor = /name="factor" value="(\d+)"/.exec(res.body)[1];
  const again = await c.post('/account/2fa/sms/resend', { factor });
  assert.equal(again.status, 429);
  assert.equal(recentCodes(u), 3);
});

test('a statement failing anywhere in a send leaves no number, no code and no SMS behind', async () => {
  const u = newUser('smsfault');
  const c = await loggedIn(u);
  const phone = newPhone();
  let failures = 0;
  let done = false;
  for (let n = 1; n <= 30 && !done; n++) {
    await c.get('/account/2fa/sms');
    const res = await c.post('/account/2fa/sms', { phone: phone.typed }, { headers: { 'X-Kontor-Fault': String(n) } });
    if (res.status === 303) {
      done = true;
      break;
    }
    assert.equal(res.status, 500, `fault at statement ${n}`);
    assert.match(res.body, /incident/i);
    failures += 1;
    assert.deepEqual(factors(u), [], `statement ${n}`);
    assert.equal(Number(sqlValue(`SELECT COUNT(*) FROM sms_codes WHERE user_id = ${u.id}`)), 0, `statement ${n}`);
    assert.equal(Number(sqlValue(`SELECT COUNT(*) FROM outbox WHERE recipient = ${q(phone.e164)}`)), 0, `statement ${n}`);
  }
  assert.ok(done, 'the send succeeds once the fault is past its statements');
  assert.ok(failures >= 6, `${failures} statements failed one by one`);
  assert.deepEqual(factors(u), [['sms', phone.e164, '0']]);
  assert.equal(Number(sqlValue(`SELECT COUNT(*) FROM outbox WHERE recipient = ${q(phone.e164)}`)), 1);
});

test('a user whose only method is SMS gets a code by SMS to remove it (password and that code)', async () => {
  const { u, phone, c } = await smsUser('sms-remove');
  const fid = sqlValue(`SELECT id FROM second_factors WHERE user_id = ${u.id} AND kind = 'sms'`);
  const form = await c.get(`/account/2fa/factors/${fid}/remove`);
  assert.equal(form.status, 200);
  assertPage(form.body);
  assert.match(form.body, /action="\/account\/2fa\/sms\/send"/);
  const seen = smsTo(phone.e164).map((m) => m.file);
  const sent = await c.post('/account/2fa/sms/send', { factor: fid });
  assert.equal(sent.status, 303);
  assert.equal(sent.headers.location, `/account/2fa/factors/${fid}/remove?notice=sms_sent`);
  const back = await c.get(sent.headers.location);
  assert.ok(messages(back.body).includes('A code is on its way by SMS. Type it in the code field when it arrives.'));
  const sms = await waitForSms(phone.e164, { seen });
  const wrong = await c.post(`/account/2fa/factors/${fid}/remove`, { password: u.password, code: '000000' });
  assert.equal(wrong.status, 400);
  assert.equal(factors(u).length, 1);
  const done = await c.post(`/account/2fa/factors/${fid}/remove`, { password: u.password, code: smsCode(sms) });
  assert.equal(done.status, 303, done.body);
  assert.deepEqual(factors(u), []);
  // Turning off, likewise, for a user without SMS: no such button, and a send answers 404.
  const other = await loggedIn(newUser('sms-none'));
  await other.get('/account/security');
  assert.equal((await other.post('/account/2fa/sms/send', {})).status, 404);
});
