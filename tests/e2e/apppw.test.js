// Application passwords: created in the account (shown once, stored as a keyed hash),
// listed with their last use, revoked one by one or all at once; and nginx's auth_request
// check in front of /dav/, driven with curl as a real WebDAV client: PROPFIND, PUT, GET,
// MKCOL with an application password; 401 for the account's own password, a revoked, an
// expired one and one for another protocol; failures throttled per account and address.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import {
  assertPage, fieldErrors, loggedIn, mainText, messages, newUser, q, sql, sqlValue,
  uniqueAddress, waitForMail, BASE,
} from './lib.js';

const PW = /\b[2-9a-km-np-z]{4}(?:-[2-9a-km-np-z]{4}){6}\b/;

// One request with curl through nginx from a client address of its own:
// { status, body, headers } (headers as the raw text).
function curl(method, path, { user, password, address = uniqueAddress(), data, headers = [] } = {}) {
  const args = ['-sk4', '--interface', address, '-X', method, '-D', '-', '-w', '\n%{http_code}'];
  if (user !== undefined) args.push('-u', `${user}:${password}`);
  for (const h of headers) args.push('-H', h);
  if (data !== undefined) args.push('--data-binary', '@-');
  args.push(`${BASE}${path}`);
  const out = execFileSync('curl', args, { input: data ?? '', encoding: 'utf8' });
  const nl = out.lastIndexOf('\n');
  const status = Number(out.slice(nl + 1));
  const rest = out.slice(0, nl);
  // The last header block (curl prints each response's headers; there is only one here).
  const split = rest.indexOf('\r\n\r\n');
  return { status, headers: rest.slice(0, split), body: rest.slice(split + 4) };
}

const propfind = (path, user, password, address) => curl('PROPFIND', path, {
  user, password, address, headers: ['Depth: 1'],
});

// Creates an application password on the account page; returns { res, password, id }.
async function create(c, u, form) {
  await c.get('/account/app-passwords/new');
  const res = await c.post('/account/app-passwords/new', form);
  const password = PW.exec(res.body)?.[0];
  const id = password
    ? Number(sqlValue(`SELECT MAX(id) FROM app_passwords WHERE user_id = ${u.id} AND name = ${q(form.name)}`))
    : undefined;
  return { res, password, id };
}

test('an application password is shown once, opens /dav/ to curl and shows its last use', async () => {
  const u = newUser('apppw');
  const c = await loggedIn(u);
  const security = await c.get('/account/security');
  assert.match(security.body, /<a href="\/account\/app-passwords">Manage your application passwords<\/a>/);

  const form = await c.get('/account/app-passwords/new');
  assert.equal(form.status, 200);
  assertPage(form.body);
  // Just logged in: the account's password is not asked again.
  assert.doesNotMatch(form.body, /name="password"/);
  assert.match(form.body, /<label for="f-protocol_webdav">Files \(WebDAV\)<\/label>/);
  assert.match(form.body, /<label for="f-protocol_caldav">Calendars \(CalDAV\)<\/label>/);

  const { res, password, id } = await create(c, u, { name: 'Laptop files', protocol_webdav: '1' });
  assert.equal(res.status, 200);
  assertPage(res.body);
  assert.ok(password, 'the new password is on the page');
  assert.match(res.body, /<code id="new-app-password" class="secret"[^>]*>[^<]+<\/code>/);
  assert.match(res.body, /data-copy="#new-app-password"/);
  assert.match(mainText(res.body), /shown only this once/);
  assert.ok(mainText(res.body).includes(u.email), 'the user name to type is on the page');

  // Only a keyed hash is stored: not the password, not its plain SHA-256.
  const [[protocols, hashHex, expires]] = sql(`SELECT protocols, HEX(password_hash), expires_at FROM app_passwords WHERE id = ${id}`);
  assert.equal(protocols, 'webdav');
  assert.equal(expires, 'NULL');
  assert.equal(sqlValue(`SELECT COUNT(*) FROM app_passwords WHERE user_id = ${u.id} AND (name = ${q(password)}
    OR password_hash = ${q(password)} OR password_hash = UNHEX(SHA2(${q(password)}, 256))
    OR password_hash = UNHEX(SHA2(${q(password.replace(/-/g, ''))}, 256)))`), '0');
  assert.equal(hashHex.length, 64);
  assert.deepEqual(sql(`SELECT detail FROM security_log WHERE user_id = ${u.id} AND event = 'app_password_created'`), [['Laptop files']]);
  const mail = await waitForMail(u.email, (m) => m.body.includes('Application password created: Laptop files'));
  assert.ok(!mail.body.includes(password), 'the mail does not carry the password');

  // The list shows it, never the password.
  const list = await c.get('/account/app-passwords');
  assert.equal(list.status, 200);
  assertPage(list.body);
  assert.doesNotMatch(list.body, PW);
  assert.match(mainText(list.body), /Laptop files Files \(WebDAV\) \d{4}-\d\d-\d\d \d\d:\d\d None Never Active Revoke/);

  // A real client: PROPFIND, MKCOL, PUT, GET, PROPFIND again.
  const address = uniqueAddress();
  const root = propfind('/dav/', u.email, password, address);
  assert.equal(root.status, 207, root.body);
  assert.match(root.body, /<D:multistatus/);
  const dir = `/dav/apppw-${process.pid}-${Date.now()}/`;
  assert.equal(curl('MKCOL', dir, { user: u.email, password, address }).status, 201);
  const put = curl('PUT', `${dir}notes.txt`, { user: u.email, password, address, data: 'Grüezi from curl\n' });
  assert.equal(put.status, 201);
  const got = curl('GET', `${dir}notes.txt`, { user: u.email, password, address });
  assert.equal(got.status, 200);
  assert.equal(got.body, 'Grüezi from curl\n');
  const listing = propfind(dir, u.email, password, address);
  assert.equal(listing.status, 207);
  assert.match(listing.body, /notes\.txt/);
  // The e-mail in another case, the password in capitals without dashes: the same account.
  const typed = password.replace(/-/g, '').toUpperCase();
  assert.equal(propfind('/dav/', u.email.toUpperCase(), typed, address).status, 207);

  // The last use, with the address, is on the list.
  const used = mainText((await c.get('/account/app-passwords')).body);
  assert.ok(used.includes(`Laptop files Files (WebDAV)`), used);
  assert.match(used, new RegExp(`\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d from ${address.replace(/\./g, '\\.')} Active`));

  // Recorded at most once a minute: a use 30 seconds after the last one changes nothing;
  // two minutes after, it is recorded again.
  sql(`UPDATE app_passwords SET last_used_at = UTC_TIMESTAMP() - INTERVAL 30 SECOND, last_used_ip = '192.0.2.1' WHERE id = ${id}`);
  assert.equal(propfind('/dav/', u.email, password, address).status, 207);
  assert.equal(sqlValue(`SELECT last_used_ip FROM app_passwords WHERE id = ${id}`), '192.0.2.1');
  sql(`UPDATE app_passwords SET last_used_at = UTC_TIMESTAMP() - INTERVAL 2 MINUTE WHERE id = ${id}`);
  assert.equal(propfind('/dav/', u.email, password, address).status, 207);
  assert.equal(sqlValue(`SELECT last_used_ip FROM app_passwords WHERE id = ${id}`), address);
});

test('the account\'s own password, another account\'s e-mail, one for CalDAV, an expired and a revoked one get 401', async () => {
  const u = newUser('apppwno');
  const other = newUser('apppwother');
  const c = await loggedIn(u);
  const address = uniqueAddress();

  // No credentials: the challenge that makes a client ask for them.
  const bare = curl('PROPFIND', '/dav/', { address, headers: ['Depth: 1'] });
  assert.equal(bare.status, 401);
  assert.match(bare.headers, /^WWW-Authenticate: Basic realm="Kontor"/mi);
  const own = propfind('/dav/', u.email, u.password, address);
  assert.equal(own.status, 401);
  assert.match(own.headers, /^WWW-Authenticate: Basic realm="Kontor"/mi);

  const all = await create(c, u, { name: 'Everything' });
  assert.equal(all.res.status, 200);
  assert.equal(sqlValue(`SELECT CONCAT('[', protocols, ']') FROM app_passwords WHERE id = ${all.id}`), '[]');
  assert.match(mainText(all.res.body), /Used for Everything/);
  assert.equal(propfind('/dav/', u.email, all.password, address).status, 207);
  // The right password with another account's e-mail.
  assert.equal(propfind('/dav/', other.email, all.password, address).status, 401);

  const cal = await create(c, u, { name: 'Phone calendar', protocol_caldav: '1', protocol_carddav: '1' });
  assert.equal(sqlValue(`SELECT protocols FROM app_passwords WHERE id = ${cal.id}`), 'caldav,carddav');
  assert.equal(propfind('/dav/', u.email, cal.password, address).status, 401);

  const today = new Date().toISOString().slice(0, 10);
  const exp = await create(c, u, { name: 'Short-lived', expires: today, protocol_webdav: '1' });
  assert.equal(exp.res.status, 200);
  assert.equal(propfind('/dav/', u.email, exp.password, address).status, 207);
  sql(`UPDATE app_passwords SET expires_at = UTC_TIMESTAMP() - INTERVAL 1 SECOND WHERE id = ${exp.id}`);
  assert.equal(propfind('/dav/', u.email, exp.password, address).status, 401);
  assert.match(mainText((await c.get('/account/app-passwords')).body), /Short-lived Files \(WebDAV\) \S+ \S+ \d{4}-\d\d-\d\d[^A-Z]*Expired/);

  // Another user's id: 404, and it is not revoked.
  const theirs = await create(await loggedIn(other), other, { name: 'Not yours' });
  await c.get('/account/app-passwords');
  const foreign = await c.post(`/account/app-passwords/${theirs.id}/revoke`, {});
  assert.equal(foreign.status, 404);
  assert.equal(sqlValue(`SELECT revoked_at IS NULL FROM app_passwords WHERE id = ${theirs.id}`), '1');
  assert.equal(propfind('/dav/', other.email, theirs.password, uniqueAddress()).status, 207);

  // Revoked: refused from then on; a second revoke says so and changes nothing.
  await c.get('/account/app-passwords');
  const revoked = await c.post(`/account/app-passwords/${all.id}/revoke`, {});
  assert.equal(revoked.status, 303);
  assert.equal(revoked.headers.location, '/account/app-passwords?notice=revoked');
  assert.equal(propfind('/dav/', u.email, all.password, address).status, 401);
  const after = await c.get('/account/app-passwords?notice=revoked');
  assertPage(after.body);
  assert.match(messages(after.body)[0], /has been revoked/);
  assert.match(mainText(after.body), /Everything Everything \S+ \S+ None[^A-Z]*Revoked/);
  const again = await c.post(`/account/app-passwords/${all.id}/revoke`, {});
  assert.equal(again.headers.location, '/account/app-passwords?notice=already_revoked');
  assert.deepEqual(sql(`SELECT detail FROM security_log WHERE user_id = ${u.id} AND event = 'app_password_revoked'`), [['Everything']]);
  await waitForMail(u.email, (m) => m.body.includes('Application password revoked: Everything'));
});

test('revoke all, after a confirmation: every application password then gets 401', async () => {
  const u = newUser('apppwall');
  const c = await loggedIn(u);
  const made = [];
  for (const name of ['Mail on laptop', 'Calendar', 'Files']) made.push(await create(c, u, { name }));
  const address = uniqueAddress();
  for (const p of made) assert.equal(propfind('/dav/', u.email, p.password, address).status, 207);

  // Without the checkbox: the list again with the reason at the checkbox; nothing revoked.
  await c.get('/account/app-passwords');
  const unconfirmed = await c.post('/account/app-passwords/revoke-all', {});
  assert.equal(unconfirmed.status, 400);
  assertPage(unconfirmed.body);
  assert.match(fieldErrors(unconfirmed.body).confirm, /Tick the box to confirm/);
  assert.equal(sqlValue(`SELECT COUNT(*) FROM app_passwords WHERE user_id = ${u.id} AND revoked_at IS NULL`), '3');

  const res = await c.post('/account/app-passwords/revoke-all', { confirm: '1' });
  assert.equal(res.status, 303);
  assert.equal(res.headers.location, '/account/app-passwords?notice=revoked_all');
  for (const p of made) assert.equal(propfind('/dav/', u.email, p.password, address).status, 401);
  const list = await c.get('/account/app-passwords?notice=revoked_all');
  assert.match(messages(list.body)[0], /All your application passwords have been revoked/);
  assert.equal((mainText(list.body).match(/Revoked/g) ?? []).length, 3);
  assert.deepEqual(sql(`SELECT detail FROM security_log WHERE user_id = ${u.id} AND event = 'app_passwords_revoked_all'`), [['3']]);
  await waitForMail(u.email, (m) => m.body.includes('All application passwords revoked (number): 3'));

  // Nothing left to revoke: said so, and no second event.
  await c.get('/account/app-passwords');
  const none = await c.post('/account/app-passwords/revoke-all', { confirm: '1' });
  assert.equal(none.headers.location, '/account/app-passwords?notice=none_to_revoke');
  assert.equal(sqlValue(`SELECT COUNT(*) FROM security_log WHERE user_id = ${u.id} AND event = 'app_passwords_revoked_all'`), '1');
});

test('failures are throttled per address, and per account for wrong passwords only: nobody locks a user out', async () => {
  const u = newUser('apppwthr');
  const c = await loggedIn(u);
  const { password } = await create(c, u, { name: 'Throttled' });
  const wrong = '2345-6789-abcd-efgh-ijkm-npqr-stuv';

  // Per account: ten wrong attempts from several addresses (someone guessing with the user's
  // e-mail); then wrong ones wait, but the user's right password still opens the folder.
  for (let i = 0; i < 10; i++) {
    assert.equal(propfind('/dav/', u.email, i % 2 ? wrong : u.password, uniqueAddress()).status, 401);
  }
  assert.equal(sqlValue(`SELECT failures FROM throttle WHERE scope = 5 AND subject = ${q(u.email.toLowerCase())}`), '10');
  assert.equal(propfind('/dav/', u.email, wrong, uniqueAddress()).status, 401);
  assert.equal(sqlValue(`SELECT failures FROM throttle WHERE scope = 5 AND subject = ${q(u.email.toLowerCase())}`), '10',
    'a wrong password while the account waits is refused without being counted');
  assert.equal(propfind('/dav/', u.email, password, uniqueAddress()).status, 207);
  // A success forgives the account's failures (as a login does).
  assert.equal(sqlValue(`SELECT COUNT(*) FROM throttle WHERE scope = 5 AND subject = ${q(u.email.toLowerCase())}`), '0');

  // Per address: thirty wrong attempts against other accounts, then this account's right
  // password is refused from that address only.
  const bad = uniqueAddress();
  for (let i = 0; i < 30; i++) {
    assert.equal(propfind('/dav/', `nobody${i}@example.test`, wrong, bad).status, 401);
  }
  assert.equal(propfind('/dav/', u.email, password, bad).status, 401);
  assert.equal(propfind('/dav/', u.email, password, uniqueAddress()).status, 207);
});

test('creating: bad names and days get clear messages and create nothing; the password is asked again', async () => {
  const u = newUser('apppwform');
  const c = await loggedIn(u);
  const count = () => sqlValue(`SELECT COUNT(*) FROM app_passwords WHERE user_id = ${u.id}`);

  const empty = await create(c, u, { name: '  ' });
  assert.equal(empty.res.status, 400);
  assertPage(empty.res.body);
  assert.equal(fieldErrors(empty.res.body).name, 'Please give the password a name.');
  assert.match(messages(empty.res.body)[0], /was not created/);

  const long = await create(c, u, { name: 'x'.repeat(101), protocol_mail: '1' });
  assert.equal(long.res.status, 400);
  assert.equal(fieldErrors(long.res.body).name, 'The name may be at most 100 characters long.');
  // What was entered stays to be corrected.
  assert.match(long.res.body, /id="f-protocol_mail" name="protocol_mail" value="1" checked>/);

  const past = await create(c, u, { name: 'Past', expires: '2020-01-01' });
  assert.equal(fieldErrors(past.res.body).expires, 'The date must be today or later.');
  assert.match(past.res.body, /value="2020-01-01"/);
  const far = await create(c, u, { name: 'Far', expires: '2099-01-01' });
  assert.equal(fieldErrors(far.res.body).expires, 'The date may be at most 5 years ahead.');
  const feb = await create(c, u, { name: 'February', expires: '2027-02-30' });
  assert.equal(feb.res.status, 400);
  assert.equal(fieldErrors(feb.res.body).expires, 'Enter a real date as YYYY-MM-DD, for example 2027-12-31.');
  assert.equal(count(), '0');

  // A hundred characters are a hundred, whatever their bytes.
  const umlauts = await create(c, u, { name: 'ä'.repeat(100) });
  assert.equal(umlauts.res.status, 200);
  assert.ok(umlauts.password);
  // 300 bytes of "€": the security log's detail (200 bytes) is cut between characters.
  const euros = await create(c, u, { name: '€'.repeat(100) });
  assert.equal(euros.res.status, 200);
  assert.ok(euros.password);
  assert.equal(sqlValue(`SELECT CHAR_LENGTH(detail) FROM security_log WHERE user_id = ${u.id} AND event = 'app_password_created' ORDER BY id DESC LIMIT 1`), '66');

  // Over 5 minutes since the password was last given: asked again.
  sql(`UPDATE sessions SET reauth_at = UTC_TIMESTAMP() - INTERVAL 6 MINUTE WHERE user_id = ${u.id}`);
  const form = await c.get('/account/app-passwords/new');
  assert.match(form.body, /<input id="f-password" name="password" type="password"/);
  const missing = await create(c, u, { name: 'Reauth' });
  assert.equal(missing.res.status, 400);
  assert.equal(fieldErrors(missing.res.body).password, 'Please enter your password to confirm.');
  const wrongPw = await create(c, u, { name: 'Reauth', password: 'not-my-password' });
  assert.equal(fieldErrors(wrongPw.res.body).password, 'The password is not correct.');
  assert.equal(count(), '2');
  const right = await create(c, u, { name: 'Reauth', password: u.password });
  assert.equal(right.res.status, 200);
  assert.ok(right.password);
  assert.equal(count(), '3');
});

test('the check is internal: a client cannot call it, and a browser session does not open /dav/', async () => {
  const u = newUser('apppwint');
  const c = await loggedIn(u);
  assert.equal((await c.get('/_auth/app-password')).status, 404);
  // The session cookie is not an application password.
  const dav = await c.request('PROPFIND', '/dav/', { headers: { Depth: '1' } });
  assert.equal(dav.status, 401);
});

test("each account has its own folder, and COPY or MOVE cannot leave /dav/", async () => {
  const a = newUser('apppwdava');
  const b = newUser('apppwdavb');
  const pa = (await create(await loggedIn(a), a, { name: 'A files' })).password;
  const pb = (await create(await loggedIn(b), b, { name: 'B files' })).password;
  assert.equal(curl('PUT', '/dav/private.txt', { user: a.email, password: pa, data: 'only for a' }).status, 201);
  // Another account sees neither the file nor its name.
  assert.equal(curl('GET', '/dav/private.txt', { user: b.email, password: pb }).status, 404);
  assert.equal(curl('DELETE', '/dav/private.txt', { user: b.email, password: pb }).status, 404);
  const listing = propfind('/dav/', b.email, pb, uniqueAddress());
  assert.equal(listing.status, 207);
  assert.ok(!listing.body.includes('private.txt'));
  assert.equal(curl('GET', '/dav/private.txt', { user: a.email, password: pa }).body, 'only for a');
  // A Destination outside /dav/ (the configuration, the database, another account's folder):
  // refused before anything is read or written.
  for (const dest of ['/kontor.conf', `${BASE}/kontor.conf`, '/dav/../kontor.conf', '/x/dav/y', `/../${b.id}/dav/stolen.txt`]) {
    const res = curl('MOVE', '/dav/private.txt', { user: a.email, password: pa, headers: [`Destination: ${dest}`, 'Overwrite: T'] });
    assert.ok(res.status === 403 || res.status === 400, `${dest}: ${res.status}`);
  }
  assert.equal(curl('GET', '/dav/private.txt', { user: a.email, password: pa }).status, 200);
  // Inside /dav/, COPY works.
  const copied = curl('COPY', '/dav/private.txt', { user: a.email, password: pa, headers: [`Destination: ${BASE}/dav/copy.txt`] });
  assert.ok(copied.status === 201 || copied.status === 204, `COPY: ${copied.status}`);
  assert.equal(curl('GET', '/dav/copy.txt', { user: a.email, password: pa }).body, 'only for a');
  assert.equal(curl('GET', '/dav/copy.txt', { user: b.email, password: pb }).status, 404);
});
