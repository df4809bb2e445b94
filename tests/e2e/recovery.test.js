// Lost-device recovery: the help request from the login's second step (identity documents
// and a phone number), its status, the staff review (queue, documents, approve, reject), and
// the worker deleting the documents at the decision and after 72 hours.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { jpeg, pdf, png } from './documents.js';
import {
  VAR, PORT, PASSWORD, client, newUser, sql, sqlValue, kontorctl, kontorctlRun, worker,
  waitForMail, mailsTo, assertPage, fieldErrors, messages, mainText, loggedIn, sleep,
} from './lib.js';

const UPLOADS = join(VAR, 'uploads');

// ------------------------------------------------------------------ real, minimal files

const FRONT = jpeg();
const BACK = png();
const SELFIE = pdf();

// ------------------------------------------------------------------ helpers

// A multipart/form-data body: fields { name: value }, files [{ field, filename, type, data }].
function multipart(fields, files) {
  const boundary = `----kontor${Math.random().toString(16).slice(2)}`;
  const parts = [];
  for (const [k, v] of Object.entries(fields)) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  }
  for (const f of files) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${f.field}"; filename="${f.filename}"\r\nContent-Type: ${f.type}\r\n\r\n`));
    parts.push(f.data, Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(parts), type: `multipart/form-data; boundary=${boundary}` };
}

const goodFiles = () => [
  { field: 'front', filename: 'id-front.jpg', type: 'image/jpeg', data: FRONT },
  { field: 'back', filename: 'id-back.png', type: 'image/png', data: BACK },
  { field: 'selfie', filename: 'me.pdf', type: 'application/pdf', data: SELFIE },
];

// Posts the help request through c (with the CSRF token of its last page).
async function submit(c, files = goodFiles(), phone = '+41 79 123 45 67', headers = {}) {
  const m = multipart({ csrf: c.csrf(), phone }, files);
  return c.request('POST', '/login/recovery', {
    body: m.body, headers: { 'Content-Type': m.type, Origin: `https://localhost:${PORT}`, ...headers },
  });
}

// A user with a confirmed second factor and emergency codes (inserted as the pages would).
function userWith2fa(prefix, extra = []) {
  const u = newUser(prefix, extra);
  sql(`INSERT INTO second_factors (user_id, kind, label, created_at, confirmed_at)
       VALUES (${u.id}, 'totp', 'Phone', UTC_TIMESTAMP(), UTC_TIMESTAMP())`);
  for (let i = 0; i < 3; i++) {
    sql(`INSERT INTO emergency_codes (code_hash, user_id, created_at)
         VALUES (UNHEX(SHA2(UUID(), 256)), ${u.id}, UTC_TIMESTAMP())`);
  }
  return u;
}

// A client whose password was right: the pending second step, then the help page.
async function atRecovery(u) {
  const c = client();
  const res = await c.login(u.email, u.password);
  assert.equal(res.status, 303);
  assert.equal(res.headers.location, '/login/2fa');
  const page = await c.get('/login/recovery');
  assert.equal(page.status, 200, page.body);
  return c;
}

const uploadedFiles = () => (existsSync(UPLOADS) ? readdirSync(UPLOADS).sort() : []);
const requestsOf = (u) => sql(`SELECT id, status, phone FROM recovery_requests WHERE user_id = ${u.id} ORDER BY id`);
const docsOf = (id) => sql(`SELECT kind, stored_name, detected_type, size FROM recovery_documents
                            WHERE request_id = ${id} ORDER BY kind`);

const user = userWith2fa('recov');
const staff = newUser('staff');
let requestId;

// ------------------------------------------------------------------ tests

test('kontorctl user staff EMAIL on|off sets the staff flag (and refuses anything else)', async () => {
  assert.equal(kontorctl(['user', 'staff', staff.email, 'on']), String(staff.id));
  assert.equal(sqlValue(`SELECT is_staff FROM users WHERE id = ${staff.id}`), '1');
  const bad = kontorctlRun(['user', 'staff', staff.email, 'yes']);
  assert.equal(bad.status, 1);
  assert.match(bad.stderr, /on or off/);
  assert.equal(kontorctlRun(['user', 'staff', 'nobody@example.test', 'on']).status, 1);
  const other = newUser('nostaff');
  kontorctl(['user', 'staff', other.email, 'on']);
  const c = await loggedIn(other);
  assert.equal((await c.get('/staff/recovery')).status, 200);
  assert.match((await c.get('/')).body, /<a href="\/staff\/recovery">Help requests<\/a>/);
  kontorctl(['user', 'staff', other.email, 'off']);
  assert.equal((await c.get('/staff/recovery')).status, 404);
  assert.doesNotMatch((await c.get('/')).body, /href="\/staff\/recovery"/);
});

test('the second step links to the help request, which needs the pending login', async () => {
  const anon = client();
  const res = await anon.get('/login/recovery');
  assert.equal(res.status, 303);
  assert.equal(res.headers.location, '/login?notice=expired');
  const c = client();
  await c.login(user.email, user.password);
  const step = await c.get('/login/2fa');
  assert.match(step.body, /<a href="\/login\/recovery">I have lost access to my second factor: ask for help<\/a>/);
  const page = await c.get('/login/recovery');
  assert.equal(page.status, 200);
  assertPage(page.body);
  assert.match(page.body, /enctype="multipart\/form-data"/);
  for (const f of ['front', 'back', 'selfie']) {
    assert.match(page.body, new RegExp(`<label for="f-${f}">[^<]+</label>`));
    assert.match(page.body, new RegExp(`id="f-${f}" name="${f}" type="file"`));
  }
  assert.match(page.body, /<label for="f-phone">Phone number<\/label>/);
  assert.match(page.body, /<button type="submit" class="primary">Send the request<\/button>/);
});

test('every refusal is at its field and nothing is stored', async () => {
  const c = await atRecovery(user);
  const before = uploadedFiles();
  // A text file named photo.jpg and sent as image/jpeg: refused by its content.
  let res = await submit(c, [
    { field: 'front', filename: 'photo.jpg', type: 'image/jpeg', data: Buffer.from('just some text, not a photo\n') },
    { field: 'back', filename: 'b.png', type: 'image/png', data: BACK },
    { field: 'selfie', filename: 's.pdf', type: 'application/pdf', data: SELFIE },
  ]);
  assert.equal(res.status, 400);
  assertPage(res.body);
  assert.deepEqual(Object.keys(fieldErrors(res.body)), ['front']);
  assert.match(fieldErrors(res.body).front, /not a JPEG or PNG image or a PDF/);
  assert.match(messages(res.body).join(' '), /Nothing was stored/);
  assert.match(res.body, /id="f-front"[^>]*aria-invalid="true"/);

  // 11 MB (a PNG header and padding): too large, with the limit in words.
  const big = Buffer.concat([BACK, Buffer.alloc(11 * 1024 * 1024)]);
  res = await submit(c, [
    { field: 'front', filename: 'f.jpg', type: 'image/jpeg', data: FRONT },
    { field: 'back', filename: 'b.png', type: 'image/png', data: BACK },
    { field: 'selfie', filename: 'big.png', type: 'image/png', data: big },
  ]);
  assert.equal(res.status, 400);
  assert.deepEqual(fieldErrors(res.body), { selfie: 'This file is larger than 10 MB. Please send a smaller photo or scan.' });

  // Missing parts, and a phone number without its country code.
  res = await submit(c, [{ field: 'front', filename: 'f.jpg', type: 'image/jpeg', data: FRONT }], '079 123 45 67');
  assert.equal(res.status, 400);
  const errs = fieldErrors(res.body);
  assert.deepEqual(Object.keys(errs).sort(), ['back', 'phone', 'selfie']);
  assert.equal(errs.back, 'Please choose this file.');
  assert.match(errs.phone, /country code/);
  assert.match(res.body, /id="f-phone"[^>]*value="079 123 45 67"/);

  // Two files for one field.
  res = await submit(c, [...goodFiles(), { field: 'front', filename: 'again.jpg', type: 'image/jpeg', data: FRONT }]);
  assert.equal(res.status, 400);
  assert.deepEqual(fieldErrors(res.body), { front: 'Please send one file here, not several.' });

  // An empty file input (no file chosen) and no phone at all.
  res = await submit(c, [
    { field: 'front', filename: '', type: 'application/octet-stream', data: Buffer.alloc(0) },
    { field: 'back', filename: 'b.png', type: 'image/png', data: BACK },
    { field: 'selfie', filename: 's.pdf', type: 'application/pdf', data: SELFIE },
  ], '');
  assert.equal(res.status, 400);
  assert.deepEqual(Object.keys(fieldErrors(res.body)).sort(), ['front', 'phone']);

  assert.deepEqual(requestsOf(user), []);
  assert.deepEqual(uploadedFiles(), before);
});

test('nginx refuses a body over its limit with the 413 page', async () => {
  const c = await atRecovery(user);
  const huge = Buffer.concat([BACK, Buffer.alloc(33 * 1024 * 1024)]);
  const res = await submit(c, [{ field: 'front', filename: 'f.png', type: 'image/png', data: huge }]);
  assert.equal(res.status, 413);
  assert.match(mainText(res.body), /larger than this page accepts/);
  assert.deepEqual(requestsOf(user), []);
});

test('a complete request is stored sealed under uploads_dir, by name of the server, and mailed', async () => {
  const c = await atRecovery(user);
  const before = uploadedFiles();
  const res = await submit(c, goodFiles(), '0041 (79) 123-45-67');
  assert.equal(res.status, 303, res.body);
  assert.equal(res.headers.location, '/login/recovery?notice=sent');
  const rows = requestsOf(user);
  assert.equal(rows.length, 1);
  [requestId] = rows[0];
  assert.equal(rows[0][1], 'pending');
  assert.equal(rows[0][2], '+41791234567');
  const docs = docsOf(requestId);
  assert.deepEqual(docs.map((d) => [d[0], d[2], Number(d[3])]), [
    ['front', 'image/jpeg', FRONT.length], ['back', 'image/png', BACK.length], ['selfie', 'application/pdf', SELFIE.length],
  ]);
  const added = uploadedFiles().filter((f) => !before.includes(f));
  assert.deepEqual(added.sort(), docs.map((d) => d[1]).sort());
  for (const [i, data] of [FRONT, BACK, SELFIE].entries()) {
    const name = docs[i][1];
    assert.match(name, /^[A-Za-z0-9_-]{43}$/);
    assert.ok(!/id-front|id-back|me\.pdf/.test(name));
    const stored = readFileSync(join(UPLOADS, name));
    assert.equal(stored.length, data.length + 40);
    assert.equal(stored.indexOf(data.subarray(0, 16)), -1, 'the file holds the upload in clear');
    assert.equal(stored.indexOf(Buffer.from('%PDF')), -1);
    assert.equal(statSync(join(UPLOADS, name)).mode & 0o777, 0o600);
  }
  assert.equal(statSync(UPLOADS).mode & 0o777, 0o700);
  const page = await c.get(res.headers.location);
  assert.match(messages(page.body).join(' '), /Your help request was sent/);
  const mail = await waitForMail(user.email, (m) => /Help request sent/.test(m.body));
  assert.match(mail.subject, /Security notice/);
  assert.equal(sqlValue(`SELECT COUNT(*) FROM security_log WHERE user_id = ${user.id} AND event = 'recovery_requested'`), '1');
});

test('a failure at any statement of a submission leaves no row and no file behind', async () => {
  const u = userWith2fa('fault');
  const c = await atRecovery(u);
  const before = uploadedFiles();
  let n = 1;
  for (; n < 40; n++) {
    await sleep(300);  // within nginx's limit_req on the login entry points
    await c.get('/login/recovery');
    const res = await submit(c, goodFiles(), '+41 79 123 45 67', { 'X-Kontor-Fault': String(n) });
    if (res.status === 303) break;
    assert.ok(res.status >= 500, `fault ${n}: ${res.status}`);
    assert.deepEqual(requestsOf(u), [], `fault ${n}`);
    assert.deepEqual(uploadedFiles(), before, `fault ${n}`);
  }
  assert.ok(n > 5 && n < 40, `the submission succeeded only with fault ${n}`);
  assert.equal(requestsOf(u).length, 1);
  assert.equal(uploadedFiles().length, before.length + 3);
});

test('the status page shows the pending request; a second one shows it again and stores nothing', async () => {
  const c = await atRecovery(user);
  const page = await c.get('/login/recovery');
  assertPage(page.body);
  const t = mainText(page.body);
  assert.match(t, /Sent on \d{4}-\d\d-\d\d \d\d:\d\d: waiting for review/);
  assert.match(t, /deleted as soon as the request is decided, and on \d{4}-\d\d-\d\d \d\d:\d\d at the latest/);
  assert.doesNotMatch(page.body, /type="file"/);
  const before = uploadedFiles();
  const res = await submit(c);
  assert.equal(res.status, 409);
  assert.match(messages(res.body).join(' '), /already have a help request waiting/);
  assert.equal(requestsOf(user).length, 1);
  assert.deepEqual(uploadedFiles(), before);
  // The language of the page follows the browser.
  const de = client({ lang: 'de' });
  await de.login(user.email, user.password);
  assert.match(mainText((await de.get('/login/recovery')).body), /wartet auf die Prüfung/);
});

test('staff pages answer 404 to everyone but staff', async () => {
  const anon = client();
  assert.equal((await anon.get('/staff/recovery')).status, 303);
  const other = await loggedIn(newUser('plain'));
  for (const path of ['/staff/recovery', `/staff/recovery/${requestId}`, `/staff/recovery/${requestId}/documents/1`]) {
    const res = await other.get(path);
    assert.equal(res.status, 404, path);
    assert.doesNotMatch(res.body, /\+41791234567/);
  }
  await other.get('/');
  assert.equal((await other.post(`/staff/recovery/${requestId}/approve`)).status, 404);
  assert.equal(requestsOf(user)[0][1], 'pending');
});

test('staff see the queue and the documents, served as detected and never as uploaded', async () => {
  const c = await loggedIn(staff);
  const list = await c.get('/staff/recovery');
  assert.equal(list.status, 200);
  assertPage(list.body);
  assert.match(list.body, new RegExp(`<a href="/staff/recovery/${requestId}">${user.email.replace(/\./g, '\\.')}</a>`));
  const page = await c.get(`/staff/recovery/${requestId}`);
  assert.equal(page.status, 200);
  assertPage(page.body);
  assert.match(page.body, /\+41791234567/);
  assert.match(page.body, new RegExp(`<img class="document" src="/staff/recovery/${requestId}/documents/1" alt="Identity document, front"`));
  assert.match(page.body, new RegExp(`href="/staff/recovery/${requestId}/documents/3">Open the PDF document`));
  const expected = [['image/jpeg', 'front.jpg', FRONT], ['image/png', 'back.png', BACK], ['application/pdf', 'selfie.pdf', SELFIE]];
  for (const [i, [type, name, data]] of expected.entries()) {
    const res = await c.get(`/staff/recovery/${requestId}/documents/${i + 1}`, { raw: true });
    assert.equal(res.status, 200);
    assert.equal(res.headers['content-type'], type);
    assert.match(res.headers['x-content-type-options'], /nosniff/);
    assert.equal(res.headers['cache-control'], 'no-store');
    assert.match(String(res.headers['content-security-policy']), /sandbox/);
    assert.equal(res.headers['content-disposition'], `inline; filename="recovery-${requestId}-${name}"`);
    assert.ok(res.body.equals(data), `document ${i + 1} differs from the upload`);
  }
  assert.equal((await c.get(`/staff/recovery/${requestId}/documents/4`)).status, 404);
  assert.equal((await c.get('/staff/recovery/999999999/documents/1')).status, 404);
  assert.equal((await c.get('/staff/recovery/999999999')).status, 404);
});

let selfUser;
let selfRequest;

test('a staff member cannot decide their own request', async () => {
  // Staff logged in on one computer, then lost the phone and asks for help from another.
  selfUser = newUser('selfstaff', ['--staff']);
  const s = await loggedIn(selfUser);
  sql(`INSERT INTO second_factors (user_id, kind, label, created_at, confirmed_at)
       VALUES (${selfUser.id}, 'totp', 'Phone', UTC_TIMESTAMP(), UTC_TIMESTAMP())`);
  const u = await atRecovery(selfUser);
  assert.equal((await submit(u)).status, 303);
  [[selfRequest]] = requestsOf(selfUser);
  const page = await s.get(`/staff/recovery/${selfRequest}`);
  assert.match(messages(page.body).join(' '), /your own request/);
  assert.doesNotMatch(page.body, /\/approve"/);
  for (const [action, form] of [['approve', {}], ['reject', { reason: 'I decide for myself' }]]) {
    const res = await s.post(`/staff/recovery/${selfRequest}/${action}`, form);
    assert.equal(res.status, 403, action);
    assert.match(messages(res.body).join(' '), /your own request: another staff member must decide it\. Nothing was changed/);
    await s.get(`/staff/recovery/${selfRequest}`);
  }
  assert.equal(requestsOf(selfUser)[0][1], 'pending');
  assert.equal(sqlValue(`SELECT COUNT(*) FROM second_factors WHERE user_id = ${selfUser.id}`), '1');
});

test('rejecting needs a reason, mails it, logs the staff member and cannot be done twice', async () => {
  const c = await loggedIn(staff);
  await c.get(`/staff/recovery/${selfRequest}`);
  let res = await c.post(`/staff/recovery/${selfRequest}/reject`, { reason: '   ' });
  assert.equal(res.status, 400);
  assert.match(fieldErrors(res.body).reason, /Please give the reason/);
  assert.match(res.body, /id="f-reason"[^>]*aria-invalid="true"/);
  assert.equal(requestsOf(selfUser)[0][1], 'pending');
  const reason = 'The selfie is too blurred to compare with the document — please send a sharper one.';
  res = await c.post(`/staff/recovery/${selfRequest}/reject`, { reason });
  assert.equal(res.status, 303);
  assert.equal(res.headers.location, `/staff/recovery/${selfRequest}?notice=rejected`);
  assert.equal(sqlValue(`SELECT CONCAT(status, '|', reason, '|', decided_by) FROM recovery_requests WHERE id = ${selfRequest}`),
    `rejected|${reason}|${staff.id}`);
  const mail = await waitForMail(selfUser.email, (m) => /rejected/.test(m.subject));
  assert.match(mail.body, new RegExp(reason.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
  const log = sql(`SELECT detail FROM security_log WHERE user_id = ${selfUser.id} AND event = 'recovery_rejected'`);
  assert.equal(log.length, 1);
  // The user's log says staff decided, not who (the requester may be the intruder).
  assert.equal(log[0][0], 'staff');
  // Nothing changes for the user's second factor.
  assert.equal(sqlValue(`SELECT COUNT(*) FROM second_factors WHERE user_id = ${selfUser.id}`), '1');
  // Decided once: a second decision is refused and changes nothing.
  await c.get(`/staff/recovery/${selfRequest}`);
  res = await c.post(`/staff/recovery/${selfRequest}/approve`);
  assert.equal(res.status, 409);
  assert.match(messages(res.body).join(' '), /already been decided/);
  assert.equal(requestsOf(selfUser)[0][1], 'rejected');
  // The user sees the decision and the reason, and may send a new request.
  const u = await atRecovery(selfUser);
  const t = mainText(u.lastBody);
  assert.match(t, /Rejected on/);
  assert.match(t, /Reason: The selfie is too blurred/);
  assert.match(u.lastBody, /type="file"/);
});

test('approving turns 2FA off in one step: factors and codes gone, sessions ended, mailed, set-up next', async () => {
  const old = await atRecovery(user);  // a pending login from before
  // A session of the user (from before 2FA, say): it ends with the approval.
  sql(`INSERT INTO sessions (id_hash, user_id, created_at, last_seen, reauth_at, ip, user_agent)
       VALUES (UNHEX(SHA2(UUID(), 256)), ${user.id}, UTC_TIMESTAMP(), UTC_TIMESTAMP(), UTC_TIMESTAMP(), '127.0.0.1', 'test')`);
  assert.equal(sqlValue(`SELECT COUNT(*) FROM sessions WHERE user_id = ${user.id}`), '1');
  const version = Number(sqlValue(`SELECT twofa_version FROM users WHERE id = ${user.id}`));
  const c = await loggedIn(staff);
  await c.get(`/staff/recovery/${requestId}`);
  const res = await c.post(`/staff/recovery/${requestId}/approve`);
  assert.equal(res.status, 303);
  assert.equal(res.headers.location, `/staff/recovery/${requestId}?notice=approved`);
  const page = await c.get(res.headers.location);
  assert.match(messages(page.body).join(' '), /approved/);
  assert.equal(sqlValue(`SELECT COUNT(*) FROM second_factors WHERE user_id = ${user.id}`), '0');
  assert.equal(sqlValue(`SELECT COUNT(*) FROM emergency_codes WHERE user_id = ${user.id}`), '0');
  assert.equal(sqlValue(`SELECT twofa_setup_required FROM users WHERE id = ${user.id}`), '1');
  assert.equal(sqlValue(`SELECT COUNT(*) FROM sessions WHERE user_id = ${user.id}`), '0');
  assert.equal(sqlValue(`SELECT COUNT(*) FROM login_challenges WHERE user_id = ${user.id}`), '0');
  assert.equal((await old.get('/login/recovery')).headers.location, '/login?notice=expired');
  const log = sql(`SELECT detail FROM security_log WHERE user_id = ${user.id} AND event = 'recovery_approved'`);
  assert.equal(log.length, 1);
  // The user's log says staff decided, not who (the requester may be the intruder).
  assert.equal(log[0][0], 'staff');
  const mail = await waitForMail(user.email, (m) => /Help request approved/.test(m.body));
  assert.match(mail.body, /set up again/);
  // The next login with the password goes straight to the 2FA set-up.
  const next = client();
  const login = await next.login(user.email, PASSWORD);
  assert.equal(login.status, 303);
  assert.equal(login.headers.location, '/account/2fa?notice=setup_required');
  const setup = await next.get(login.headers.location);
  assert.equal(setup.status, 200);
  assertPage(setup.body);
  assert.equal(Number(sqlValue(`SELECT twofa_version FROM users WHERE id = ${user.id}`)), version + 1);
  // Decided once.
  await c.get(`/staff/recovery/${requestId}`);
  assert.equal((await c.post(`/staff/recovery/${requestId}/reject`, { reason: 'too late' })).status, 409);
  assert.equal(requestsOf(user)[0][1], 'approved');
});

test('the worker deletes the documents of decided requests (files and rows) and records when', async () => {
  const names = [...docsOf(requestId), ...docsOf(selfRequest)].map((d) => d[1]);
  worker();
  for (const id of [requestId, selfRequest]) {
    assert.deepEqual(docsOf(id), []);
    assert.notEqual(sqlValue(`SELECT documents_deleted_at IS NOT NULL FROM recovery_requests WHERE id = ${id}`), '0');
  }
  for (const n of names) assert.equal(existsSync(join(UPLOADS, n)), false, n);
  const c = await loggedIn(staff);
  const page = await c.get(`/staff/recovery/${requestId}`);
  assert.match(mainText(page.body), /The documents were deleted on/);
  assert.equal((await c.get(`/staff/recovery/${requestId}/documents/1`)).status, 404);
  // The rejected user's status page says so too.
  const u = await atRecovery(selfUser);
  assert.match(mainText(u.lastBody), /The documents were deleted on \d{4}-\d\d-\d\d/);
});

test('after 72 hours an undecided request loses its documents and can only be rejected', async () => {
  const late = userWith2fa('late');
  const u = await atRecovery(late);
  assert.equal((await submit(u)).status, 303);
  const [[id]] = requestsOf(late);
  const names = docsOf(id).map((d) => d[1]);
  worker();
  assert.equal(docsOf(id).length, 3, 'a pending request keeps its documents before 72 hours');
  const in71h = new Date(Date.now() + 71 * 3600e3).toISOString().slice(0, 16).replace('T', ' ');
  worker(['--now', in71h]);
  assert.equal(docsOf(id).length, 3);
  const in73h = new Date(Date.now() + 73 * 3600e3).toISOString().slice(0, 16).replace('T', ' ');
  worker(['--now', in73h]);
  assert.deepEqual(docsOf(id), []);
  for (const n of names) assert.equal(existsSync(join(UPLOADS, n)), false, n);
  assert.equal(requestsOf(late)[0][1], 'pending');
  const c = await loggedIn(staff);
  const page = await c.get(`/staff/recovery/${id}`);
  assert.match(mainText(page.body), /can only be rejected/);
  assert.doesNotMatch(page.body, /\/approve"/);
  let res = await c.post(`/staff/recovery/${id}/approve`);
  assert.equal(res.status, 409);
  assert.equal(requestsOf(late)[0][1], 'pending');
  assert.equal(sqlValue(`SELECT COUNT(*) FROM second_factors WHERE user_id = ${late.id}`), '1');
  await c.get(`/staff/recovery/${id}`);
  res = await c.post(`/staff/recovery/${id}/reject`, { reason: 'The documents expired before review.' });
  assert.equal(res.status, 303);
  await waitForMail(late.email, (m) => /expired before review/.test(m.body));
  // The status page of the user says when the documents went.
  const again = await atRecovery(late);
  assert.match(mainText(again.lastBody), /The documents were deleted on/);
  assert.ok(mailsTo(late.email).length >= 2);
});

test('files of uploads that never committed are deleted after an hour; documents of requests stay', async () => {
  // A request of its own, whose documents must survive the sweep even when old.
  const u = userWith2fa('recovstray');
  const c = await atRecovery(u);
  const sent = await submit(c);
  assert.equal(sent.status, 303, sent.body);
  const [[reqId]] = requestsOf(u);
  const kept = docsOf(reqId).map((d) => d[1]);
  assert.equal(kept.length, 3);
  const hoursAgo = (h) => new Date(Date.now() - h * 3600 * 1000);
  for (const name of kept) utimesSync(join(UPLOADS, name), hoursAgo(2), hoursAgo(2));
  // Two files no row names (as a process killed before its commit leaves them): an old one
  // and one of a minute ago (an upload may be committing right now).
  const name = (ch) => ch.repeat(43);
  writeFileSync(join(UPLOADS, name('s')), 'sealed bytes');
  utimesSync(join(UPLOADS, name('s')), hoursAgo(2), hoursAgo(2));
  writeFileSync(join(UPLOADS, name('t')), 'sealed bytes');
  // A file with another kind of name is never the worker's.
  writeFileSync(join(UPLOADS, 'README'), 'not an upload');
  utimesSync(join(UPLOADS, 'README'), hoursAgo(2), hoursAgo(2));
  worker();
  const left = new Set(uploadedFiles());
  assert.ok(!left.has(name('s')), 'the old stray file is gone');
  assert.ok(left.has(name('t')), 'a recent one stays');
  assert.ok(left.has('README'));
  for (const n of kept) assert.ok(left.has(n), `document ${n} stays`);
  unlinkSync(join(UPLOADS, name('t')));
  unlinkSync(join(UPLOADS, 'README'));
});
