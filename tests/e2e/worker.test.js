// The worker: each outbox row is delivered exactly once even with workers racing, a failed
// delivery is retried with back-off (and given up after 8 attempts), and the messages carry
// proper headers (RFC 2047 subject, Message-ID) with no way to inject one.
//
// Rows these tests race on are due only in the future, and the workers are run with --now:
// the stack's own background worker (on the real clock) never touches them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  client, closedPort, confWith, kontorctlRun, loggedIn, mails, mailsTo, newUser, q,
  rawMail, sql, sqlValue, waitForMail, workerProcess,
} from './lib.js';

const DAY = 86400;

// Unix seconds of the database clock, a whole minute, `days` from now.
function future(days) {
  const now = Number(sqlValue('SELECT UNIX_TIMESTAMP(UTC_TIMESTAMP())'));
  return Math.floor((now + days * DAY) / 60) * 60;
}

// The worker's --now for Unix seconds t (UTC, to the minute).
function nowArg(t) {
  return ['--now', new Date(t * 1000).toISOString().slice(0, 16).replace('T', ' ')];
}

// Queues an e-mail due at Unix seconds t; returns its id.
function queue(to, subject, body, t) {
  sql(`INSERT INTO outbox (kind, recipient, subject, body, status, not_before, created_at)
       VALUES ('email', ${q(to)}, ${q(subject)}, ${q(body)}, 'pending', FROM_UNIXTIME(${t}), UTC_TIMESTAMP())`);
  return Number(sqlValue(`SELECT MAX(id) FROM outbox WHERE recipient = ${q(to)}`));
}

function row(id) {
  const [status, attempts, notBefore, lastError] = sql(`SELECT status, attempts, UNIX_TIMESTAMP(not_before),
    IFNULL(last_error, '-') FROM outbox WHERE id = ${id}`)[0];
  return { status, attempts: Number(attempts), notBefore: Number(notBefore), lastError };
}

// The outbox ids a worker's log says it sent.
function sentIds(log) {
  return [...log.matchAll(/outbox (\d+) sent/g)].map((m) => Number(m[1]));
}

test('two workers running at once deliver every mail exactly once', async () => {
  const t = future(2);
  const tag = `race${process.pid}`;
  const ids = [];
  for (let i = 0; i < 45; i++) {
    ids.push(queue(`${tag}-${i}@example.test`, `Race ${i}`, `Message ${i} of the race.\n`, t));
  }
  const [a, b] = await Promise.all([workerProcess(nowArg(t + 60)), workerProcess(nowArg(t + 60))]);
  assert.equal(a.status, 0, a.stderr);
  assert.equal(b.status, 0, b.stderr);
  const sa = sentIds(a.stderr);
  const sb = sentIds(b.stderr);
  assert.deepEqual([...sa, ...sb].sort((x, y) => x - y), ids, 'each row sent by exactly one worker');
  for (let i = 0; i < ids.length; i++) {
    assert.equal(mailsTo(`${tag}-${i}@example.test`).length, 1, `mail ${i}`);
    const r = row(ids[i]);
    assert.equal(r.status, 'sent');
    assert.equal(r.attempts, 1);
  }
  // A further pass finds nothing to do.
  const again = await workerProcess(nowArg(t + 120));
  assert.deepEqual(sentIds(again.stderr), []);
  assert.equal(mails().filter((m) => m.to.startsWith(`${tag}-`)).length, ids.length);
});

test('a reset mail is delivered exactly once with workers racing the background worker', async () => {
  const u = newUser('wonce');
  const c = client();
  await c.get('/reset');
  assert.equal((await c.post('/reset', { email: u.email })).status, 303);
  await Promise.all([workerProcess(), workerProcess()]);
  const mail = await waitForMail(u.email);
  await Promise.all([workerProcess(), workerProcess()]);
  assert.equal(mailsTo(u.email).length, 1);
  assert.equal(mail.subject, 'Choose a new Kontor password');
  assert.deepEqual(sql(`SELECT status, attempts FROM outbox WHERE recipient = ${q(u.email)}`), [['sent', '1']]);
});

test('a mail that cannot be delivered is retried with back-off, then given up after 8 attempts', async () => {
  const port = await closedPort();
  const down = confWith(`smtp-down-${process.pid}`, { smtp_url: `smtp://127.0.0.1:${port}` });
  const t = future(3);
  const to = `retry${process.pid}@example.test`;
  const id = queue(to, 'Retry me', 'Delivered on the second attempt.\n', t);

  // First attempt at t + 1 min: the SMTP server is down.
  let w = await workerProcess(nowArg(t + 60), down);
  assert.equal(w.status, 0, w.stderr);
  let r = row(id);
  assert.equal(r.status, 'pending');
  assert.equal(r.attempts, 1);
  assert.equal(r.notBefore, t + 60 + 60, 'the next attempt waits a minute');
  assert.match(r.lastError, /connect/i);
  assert.match(w.stderr, new RegExp(`outbox ${id} attempt 1 failed`));
  assert.equal(mailsTo(to).length, 0);

  // Not due yet: nothing happens, even with a working server.
  w = await workerProcess(nowArg(t + 60));
  assert.equal(row(id).attempts, 1);

  // Second attempt, the server is back: sent, once.
  w = await workerProcess(nowArg(t + 180));
  r = row(id);
  assert.equal(r.status, 'sent');
  assert.equal(r.attempts, 2);
  assert.equal(r.lastError, '-');
  assert.equal(mailsTo(to).length, 1);

  // The back-off doubles; the 8th failed attempt marks the row failed for good.
  const to2 = `giveup${process.pid}@example.test`;
  const id2 = queue(to2, 'Never', 'Never delivered.\n', t);
  sql(`UPDATE outbox SET attempts = 3 WHERE id = ${id2}`);
  await workerProcess(nowArg(t + 60), down);
  r = row(id2);
  assert.equal(r.attempts, 4);
  assert.equal(r.status, 'pending');
  assert.equal(r.notBefore, t + 60 + 8 * 60);
  sql(`UPDATE outbox SET attempts = 7 WHERE id = ${id2}`);
  await workerProcess(nowArg(t + 600), down);
  r = row(id2);
  assert.equal(r.attempts, 8);
  assert.equal(r.status, 'failed');
  await workerProcess(nowArg(t + 2 * DAY));
  assert.equal(row(id2).status, 'failed');
  assert.equal(mailsTo(to2).length, 0);
});

test('mail headers: RFC 2047 UTF-8 subject, Message-ID, date, plain UTF-8 text', async () => {
  const u = newUser('wheaders', ['--locale', 'de']);
  const c = await loggedIn(u);
  await c.get('/account/password');
  const pw = 'Kiesel-Brandung-Leuchtturm-5';
  assert.equal((await c.post('/account/password', { current: u.password, password: pw, password2: pw })).status, 303);
  const mail = await waitForMail(u.email);
  assert.equal(mail.subject, 'Ihr Kontor-Passwort wurde geändert');
  assert.match(mail.body, new RegExp(`Das Passwort des Kontor-Kontos ${u.email} wurde soeben geändert`));
  const raw = rawMail(mail);
  const head = raw.slice(0, raw.indexOf('\r\n\r\n'));
  // Headers are 7-bit: the subject is encoded, not sent raw.
  assert.ok(/^[\x00-\x7f]*$/.test(head), 'headers are ASCII');
  assert.match(head, /^Subject: =\?UTF-8\?B\?[A-Za-z0-9+/=]+\?=(\r\n [^\r\n]+)*$/m);
  const id = sqlValue(`SELECT id FROM outbox WHERE recipient = ${q(u.email)}`);
  assert.match(head, new RegExp(`^Message-ID: <outbox-${id}@kontor\\.invalid>$`, 'm'));
  assert.match(head, /^Date: (Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d\d (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d\d:\d\d:\d\d \+0000$/m);
  assert.match(head, /^From: Kontor <noreply@kontor\.localhost>$/m);
  assert.match(head, new RegExp(`^To: <${u.email}>$`, 'm'));
  assert.match(head, /^MIME-Version: 1\.0$/m);
  assert.match(head, /^Content-Type: text\/plain; charset=UTF-8$/m);
  assert.match(head, /^Content-Transfer-Encoding: quoted-printable$/m);
  assert.match(head, /^Auto-Submitted: auto-generated$/m);
  // The body is quoted-printable: ASCII on the wire, lines of at most 76 characters.
  const body = raw.slice(raw.indexOf('\r\n\r\n') + 4);
  assert.ok(/^[\x00-\x7f]*$/.test(body), 'body is ASCII on the wire');
  assert.ok(body.split('\r\n').every((l) => l.length <= 76), 'lines of at most 76 characters');
  assert.doesNotMatch(body, /=[0-9A-F]\r\n/, 'no escape split by a soft line break');
  assert.match(body.replace(/=\r\n/g, ''), /ge=C3=A4ndert/);

  // The user's language, not the requesting browser's, for a reset mail.
  const r = client({ lang: 'en' });
  await r.get('/reset');
  await r.post('/reset', { email: u.email });
  const reset = await waitForMail(u.email, (m) => m.subject === 'Neues Kontor-Passwort festlegen');
  assert.match(reset.body, /Der Link ist 60 Minuten gültig und kann einmal verwendet werden\./);
});

test('no header injection: CR or LF in a name or address is refused, and the worker sends no such row', async () => {
  const before = Number(sqlValue('SELECT COUNT(*) FROM users'));
  for (const [email, name] of [
    [`inject${process.pid}a@example.test`, 'Eve\r\nBcc: victim@example.test'],
    [`inject${process.pid}b@example.test`, 'Eve\nSubject: hello'],
    [`inject${process.pid}c@example.test\r\nBcc: victim@example.test`, 'Eve'],
  ]) {
    const r = kontorctlRun(['user', 'add', email, '--name', name], 'Granit-Wolke-Leiter-73\n');
    assert.equal(r.status, 1);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /^kontorctl: (name|email): This value is not valid\.\n$/);
  }
  assert.equal(Number(sqlValue('SELECT COUNT(*) FROM users')), before);

  // Even a row that got into the outbox some other way is not sent with a forged header.
  const t = future(4);
  const victim = `victim${process.pid}@example.test`;
  const id1 = queue(`eve${process.pid}@example.test\r\nBcc: ${victim}`, 'Hello', 'Body.\n', t);
  const id2 = queue(`eve${process.pid}@example.test`, `Hello\r\nBcc: ${victim}`, 'Body.\n', t);
  const w = await workerProcess(nowArg(t + 60));
  assert.equal(w.status, 0);
  for (const id of [id1, id2]) {
    const r = row(id);
    assert.equal(r.status, 'pending');
    assert.equal(r.lastError, 'unsafe header value');
  }
  assert.equal(mailsTo(victim).length, 0);
  assert.equal(mailsTo(`eve${process.pid}@example.test`).length, 0);
  assert.ok(!mails().some((m) => rawMail(m).includes(`Bcc: ${victim}`)));
  sql(`DELETE FROM outbox WHERE id IN (${id1}, ${id2})`);
});
