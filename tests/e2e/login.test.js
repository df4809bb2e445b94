// Logging in: the session cookie, the home page, the same answer for a wrong password and an
// unknown address, field errors, the security log, and throttling (the application's own per
// account and per address, and nginx's limit_req in front).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import {
  SESSION_COOKIE, assertPage, client, fieldErrors, kontorctl, loggedIn,
  mainText, messages, newOrg, newProduct, newUser, q, setCookie, sleep, sql, sqlValue,
} from './lib.js';

const FAILED = 'The e-mail address or the password is not correct.';
const THROTTLED = /^Too many attempts\. Please try again in (\d+) minute\(s\)\.$/;

// The throttle scopes of fcgi/core/core.h (enum throttle_scope).
const ACCOUNT = 0;
const ADDRESS = 1;

function seclog(user) {
  return sql(`SELECT event, ip FROM security_log WHERE user_id = ${user.id} ORDER BY id`);
}

function failures(scope, subject) {
  return Number(sqlValue(`SELECT failures FROM throttle WHERE scope = ${scope} AND subject = ${q(subject)}`) ?? 0);
}

// The rows of the home page's table: [name, role, products].
function homeRows(html) {
  return [...html.matchAll(/<tr><th scope="row"><a href="\/orgs\/\d+">([^<]*)<\/a><\/th><td>([^<]*)<\/td><td class="num">(\d+)<\/td><\/tr>/g)]
    .map((m) => [m[1], m[2], Number(m[3])]);
}

test('login sets the __Host-kontor cookie and redirects 303 to /', async () => {
  const u = newUser('login');
  const c = client();
  const form = await c.get('/login');
  assert.equal(form.status, 200);
  assertPage(form.body);
  const res = await c.post('/login', { email: u.email, password: u.password });
  assert.equal(res.status, 303);
  assert.equal(res.headers.location, '/');
  const cookie = setCookie(res, SESSION_COOKIE);
  assert.ok(cookie, 'a session cookie is set');
  const [pair, ...attrs] = cookie.split(';').map((s) => s.trim());
  // 256 random bits, base64url without padding.
  assert.match(pair, /^__Host-kontor=[A-Za-z0-9_-]{43}$/);
  const lower = attrs.map((a) => a.toLowerCase());
  assert.ok(lower.includes('secure'), cookie);
  assert.ok(lower.includes('httponly'), cookie);
  assert.ok(lower.includes('samesite=lax'), cookie);
  assert.ok(lower.includes('path=/'), cookie);
  // __Host- cookies may not name a domain; a session cookie has no lifetime of its own.
  assert.ok(!lower.some((a) => a.startsWith('domain=')), cookie);
  assert.ok(!lower.some((a) => a.startsWith('max-age=') || a.startsWith('expires=')), cookie);

  const home = await c.get('/');
  assert.equal(home.status, 200);
  assertPage(home.body);
  assert.match(home.body, /<h1>Your organizations<\/h1>/);
  assert.match(home.body, new RegExp(`<span class="who">Test login \\d+</span>`));
  assert.match(home.body, /<form method="post" action="\/logout"/);
});

test('a logged-in user who opens /login is sent to the home page', async () => {
  const c = await loggedIn(newUser('again'));
  const res = await c.get('/login');
  assert.equal(res.status, 303);
  assert.equal(res.headers.location, '/');
});

test('the home page lists the user\'s organizations with their product counts', async () => {
  const u = newUser('home');
  const other = newUser('homeother');
  const a = newOrg(`Alpha <Holding> & Söhne ${u.id}`, u);
  for (const n of ['alpha.ch', 'alpha.de', 'alpha.fr']) newProduct(a, `${u.id}-${n}`);
  newOrg(`Beta Leer ${u.id}`, u);
  // A plain user of an organization sees only the products granted to them: no count.
  const c = newOrg(`Gamma Fremd ${u.id}`, other);
  newProduct(c, `${u.id}-gamma.ch`, 'hosting');
  newProduct(c, `${u.id}-gamma-mail`, 'mail');
  kontorctl(['member', 'add', String(c), u.email, '--role', 'user']);
  // An organization the user does not belong to does not appear.
  const d = newOrg(`Delta Andere ${u.id}`, other);
  newProduct(d, `${u.id}-delta.ch`);

  const cl = await loggedIn(u);
  const home = await cl.get('/');
  assert.equal(home.status, 200);
  assertPage(home.body);
  assert.deepEqual(homeRows(home.body), [
    [`Alpha &lt;Holding&gt; &amp; Söhne ${u.id}`, 'Legal representative', 3],
    [`Beta Leer ${u.id}`, 'Legal representative', 0],
    [`Gamma Fremd ${u.id}`, 'User', 0],
  ]);
  assert.doesNotMatch(home.body, /Delta Andere/);
  // Granted products count: a whole kind (mail: one) and a single hosting (one).
  sql(`INSERT INTO kind_grants (org_id, user_id, kind, created_at) VALUES (${c}, ${u.id}, 'mail', UTC_TIMESTAMP())`);
  sql(`INSERT INTO product_grants (org_id, user_id, product_id, created_at) SELECT ${c}, ${u.id}, id, UTC_TIMESTAMP() FROM products WHERE org_id = ${c}`);
  const granted = await cl.get('/');
  assert.deepEqual(homeRows(granted.body)[2], [`Gamma Fremd ${u.id}`, 'User', 2]);

  // Someone with no organization is told so.
  const lone = await loggedIn(newUser('lone'));
  const empty = await lone.get('/');
  assert.equal(empty.status, 200);
  assert.match(mainText(empty.body), /You are not a member of any organization yet\./);
});

test('a wrong password and an unknown e-mail address get the same answer', async () => {
  const u = newUser('same');
  const unknown = `nobody-${u.id}@example.test`;
  const c1 = client();
  const c2 = client();
  await c1.get('/login');
  await c2.get('/login');
  const timeOf = async (c, email) => {
    const t = process.hrtime.bigint();
    const res = await c.post('/login', { email, password: 'Not-The-Password-99' });
    return { res, ms: Number(process.hrtime.bigint() - t) / 1e6 };
  };
  const wrong = [];
  const none = [];
  for (let i = 0; i < 3; i++) {
    wrong.push(await timeOf(c1, u.email));
    none.push(await timeOf(c2, unknown));
  }
  for (const { res } of [...wrong, ...none]) {
    assert.equal(res.status, 401);
    assertPage(res.body);
    assert.deepEqual(messages(res.body), [FAILED]);
    assert.deepEqual(fieldErrors(res.body), {});
    assert.equal(setCookie(res, SESSION_COOKIE), undefined);
  }
  // The pages differ only in the address echoed into the form.
  const strip = (r, email) => /<main[\s\S]*<\/main>/.exec(r.body)[0]
    .replace(/name="csrf" value="[^"]*"/g, '').replaceAll(email, 'EMAIL');
  assert.equal(strip(wrong[0].res, u.email), strip(none[0].res, unknown));
  assert.match(wrong[0].res.body, new RegExp(`value="${u.email}"`));
  // An unknown address still costs an argon2id verification: no shortcut to time.
  const median = (xs) => xs.map((x) => x.ms).sort((a, b) => a - b)[1];
  assert.ok(median(none) > median(wrong) / 3,
    `unknown address answered in ${median(none)} ms, wrong password in ${median(wrong)} ms`);
});

test('missing or malformed fields get errors at the field and count as no attempt', async () => {
  const u = newUser('fields');
  const c = client();
  await c.get('/login');

  let res = await c.post('/login', { email: u.email });
  assert.equal(res.status, 400);
  assertPage(res.body);
  assert.deepEqual(fieldErrors(res.body), { password: 'This field is required.' });
  assert.deepEqual(messages(res.body), ['Please enter your e-mail address and your password.']);
  assert.match(res.body, /id="f-password"[^>]*aria-invalid="true"/);
  assert.match(res.body, new RegExp(`value="${u.email}"`), 'the address is kept in the form');

  res = await c.post('/login', {});
  assert.equal(res.status, 400);
  assert.deepEqual(fieldErrors(res.body), { email: 'This field is required.', password: 'This field is required.' });

  res = await c.post('/login', { email: 'not-an-address', password: 'whatever-it-is' });
  assert.equal(res.status, 400);
  assertPage(res.body);
  assert.deepEqual(fieldErrors(res.body), { email: 'This value is not valid.' });

  // Empty inputs, as a browser sends an untouched form: both fields refused at the field.
  res = await c.post('/login', { email: '', password: '' });
  assert.equal(res.status, 400);
  assert.deepEqual(Object.keys(fieldErrors(res.body)).sort(), ['email', 'password']);

  // None of these reached the password check.
  assert.deepEqual(seclog(u), []);
  assert.equal(failures(ACCOUNT, u.email), 0);
  assert.equal(failures(ADDRESS, c.address), 0);
});

test('logins and failed logins are written to the security log with the address', async () => {
  const u = newUser('seclog');
  const c = client();
  await c.get('/login');
  const bad = await c.post('/login', { email: u.email, password: 'Falsches-Passwort-1' });
  assert.equal(bad.status, 401);
  assert.deepEqual(seclog(u), [['login_failed', c.address]]);
  assert.equal(failures(ACCOUNT, u.email), 1);
  assert.equal(failures(ADDRESS, c.address), 1);

  const ok = await c.post('/login', { email: u.email, password: u.password });
  assert.equal(ok.status, 303);
  assert.deepEqual(seclog(u), [['login_failed', c.address], ['login', c.address]]);
  // Success clears the account's failures (not the address's: that counts guesses at others).
  assert.equal(failures(ACCOUNT, u.email), 0);
  assert.equal(failures(ADDRESS, c.address), 1);
});

test('after 5 failures an account is refused with 429, even with the right password and from another address', async () => {
  const u = newUser('thracct');
  const c = client();
  await c.get('/login');
  for (let i = 0; i < 4; i++) {
    const res = await c.post('/login', { email: u.email, password: `Wrong-Guess-${i}-xyz` });
    assert.equal(res.status, 401);
  }
  const other = client();
  await other.get('/login');
  // The first wait after the 5 free failures is 15 seconds.
  const fifth = await c.post('/login', { email: u.email, password: 'Wrong-Guess-4-xyz' });
  assert.equal(fifth.status, 401);
  const right = await c.post('/login', { email: u.email, password: u.password });
  const elsewhere = await other.post('/login', { email: u.email, password: u.password });
  for (const res of [right, elsewhere]) {
    assert.equal(res.status, 429);
    assertPage(res.body);
    assert.match(messages(res.body)[0], THROTTLED);
    assert.equal(setCookie(res, SESSION_COOKIE), undefined);
    assert.doesNotMatch(res.body, /nginx/);
  }
  assert.equal(failures(ACCOUNT, u.email), 5);
  assert.equal(seclog(u).filter(([e]) => e === 'login').length, 0);

  // Backing off, not locking out: once the wait is over the right password works.
  sql(`UPDATE throttle SET last_failure = UTC_TIMESTAMP() - INTERVAL 16 SECOND WHERE scope = ${ACCOUNT} AND subject = ${q(u.email)}`);
  const later = await other.post('/login', { email: u.email, password: u.password });
  assert.equal(later.status, 303);
  assert.equal(failures(ACCOUNT, u.email), 0);
});

test('the wait grows with the failures and stops at 100 failures an hour per account', async () => {
  const u = newUser('thrcap');
  const c = client();
  await c.get('/login');
  const bad = await c.post('/login', { email: u.email, password: 'Wrong-Guess-xyz-1' });
  assert.equal(bad.status, 401);

  // 15 failures: the doubling wait has reached its cap of 15 minutes.
  sql(`UPDATE throttle SET failures = 15, last_failure = UTC_TIMESTAMP() WHERE scope = ${ACCOUNT} AND subject = ${q(u.email)}`);
  let res = await c.post('/login', { email: u.email, password: u.password });
  assert.equal(res.status, 429);
  assert.equal(THROTTLED.exec(messages(res.body)[0])?.[1], '15');

  // 100 failures in the hour: everything waits for the end of the hour window, even long
  // after the last failure.
  // 630 s into the window, so that a second boundary between the two clocks cannot change the minutes.
  sql(`UPDATE throttle SET failures = 100, window_start = UTC_TIMESTAMP() - INTERVAL 630 SECOND,
       last_failure = UTC_TIMESTAMP() - INTERVAL 9 MINUTE WHERE scope = ${ACCOUNT} AND subject = ${q(u.email)}`);
  res = await c.post('/login', { email: u.email, password: u.password });
  assert.equal(res.status, 429);
  assert.equal(THROTTLED.exec(messages(res.body)[0])?.[1], '50');

  // A window older than an hour is forgotten.
  sql(`UPDATE throttle SET window_start = UTC_TIMESTAMP() - INTERVAL 61 MINUTE,
       last_failure = UTC_TIMESTAMP() - INTERVAL 61 MINUTE WHERE scope = ${ACCOUNT} AND subject = ${q(u.email)}`);
  res = await c.post('/login', { email: u.email, password: u.password });
  assert.equal(res.status, 303);
});

test('after 20 failures from one address, across accounts, that address is refused by the application', async () => {
  const u = newUser('thraddr');
  const c = client();
  await c.get('/login');
  // Paced under nginx's limit (5 r/s per address, burst 20) so that every answer below is
  // the application's own.
  for (let i = 0; i < 19; i++) {
    const res = await c.post('/login', { email: `guess${i}-${u.id}@example.test`, password: 'Some-Guess-123' });
    assert.equal(res.status, 401, `attempt ${i + 1}`);
    await sleep(50);
  }
  const twentieth = await c.post('/login', { email: `guess19-${u.id}@example.test`, password: 'Some-Guess-123' });
  assert.equal(twentieth.status, 401);
  const res = await c.post('/login', { email: u.email, password: u.password });
  assert.equal(res.status, 429);
  assertPage(res.body);
  assert.match(messages(res.body)[0], THROTTLED);
  assert.equal(failures(ADDRESS, c.address), 20);
  // The account itself is not throttled: from another address it logs in.
  const other = client();
  const ok = await other.login(u.email, u.password);
  assert.equal(ok.status, 303);
  sql(`DELETE FROM throttle WHERE scope = ${ADDRESS} AND subject = ${q(c.address)}`);
});

test('nginx refuses a flood of requests to /login from one address with its own 429', async () => {
  const c = client();
  // 40 at once: nginx lets the first and a burst of 20 through (5 r/s refill), refuses the rest
  // before they reach the application.
  const all = await Promise.all(Array.from({ length: 40 }, () => c.get('/login')));
  const ok = all.filter((r) => r.status === 200);
  const refused = all.filter((r) => r.status === 429);
  assert.equal(ok.length + refused.length, 40, `statuses: ${all.map((r) => r.status)}`);
  assert.ok(refused.length >= 10, `${refused.length} refused`);
  assert.ok(ok.length >= 21, `${ok.length} served`);
  for (const r of refused) {
    assert.match(r.body, /<title>429 Too Many Requests<\/title>/);
    assert.doesNotMatch(r.body, /Kontor|Too many attempts/);
  }
  // Other addresses are not affected.
  const res = await client().get('/login');
  assert.equal(res.status, 200);
  // The flood was no login failure.
  assert.equal(failures(ADDRESS, c.address), 0);
  // The bucket refills at 5 r/s: after a pause the address is served again.
  await sleep(1000);
  assert.equal((await c.get('/login')).status, 200);
});

// An argon2id hash of password with other (weaker) parameters, made with the system's
// libsodium through Python's ctypes.
function oldHash(password) {
  const py = `import ctypes, ctypes.util, sys
lib = ctypes.CDLL(ctypes.util.find_library('sodium'))
assert lib.sodium_init() >= 0
pw = sys.stdin.buffer.read()
out = ctypes.create_string_buffer(128)
assert lib.crypto_pwhash_str(out, pw, ctypes.c_ulonglong(len(pw)), ctypes.c_ulonglong(1), ctypes.c_size_t(8 << 20)) == 0
print(out.value.decode())`;
  return execFileSync('python3', ['-c', py], { input: password, encoding: 'utf8' }).trim();
}

test('a password hashed with older parameters is rehashed at the next login', async () => {
  const u = newUser('rehash');
  const current = sqlValue(`SELECT password_hash FROM users WHERE id = ${u.id}`);
  const params = /^\$argon2id\$v=19\$(m=\d+,t=\d+,p=\d+)\$/.exec(current)?.[1];
  assert.ok(params, current);
  const old = oldHash(u.password);
  assert.match(old, /^\$argon2id\$v=19\$m=8192,t=1,p=1\$/);
  sql(`UPDATE users SET password_hash = ${q(old)} WHERE id = ${u.id}`);
  // A failed login changes nothing.
  const c = client();
  await c.get('/login');
  assert.equal((await c.post('/login', { email: u.email, password: 'Wrong-Password-42' })).status, 401);
  assert.equal(sqlValue(`SELECT password_hash FROM users WHERE id = ${u.id}`), old);
  assert.equal((await c.post('/login', { email: u.email, password: u.password })).status, 303);
  const now = sqlValue(`SELECT password_hash FROM users WHERE id = ${u.id}`);
  assert.notEqual(now, old);
  assert.ok(now.startsWith(`$argon2id$v=19$${params}$`), now);
  assert.equal((await client().login(u.email, u.password)).status, 303);
});
