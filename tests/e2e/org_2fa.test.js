// Organizations that require 2FA: the requirement (administrators and legal representatives
// only, logged in the activity), the members without a confirmed second factor, reminders by
// e-mail in the member's language at most once a day (a double click sends one), remind all,
// and the notice on the member's home page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  BASE, assertPage, kontorctl, loggedIn, mailsTo, mainText, messages, newOrg, newUser, q, sql, sqlValue,
  text, waitForMail,
} from './lib.js';

const required = (org) => sqlValue(`SELECT require_2fa FROM organizations WHERE id = ${org}`);
const activity = (org, event) => sql(`SELECT actor_name, subject FROM org_activity WHERE org_id = ${org} AND event = ${q(event)} ORDER BY id`);
const queued = (u) => Number(sqlValue(`SELECT COUNT(*) FROM outbox WHERE recipient = ${q(u.email)}`));

// A member with a confirmed second factor (the 2FA features make them; here SQL). After it,
// the user's password alone no longer logs in: log in first.
function confirmFactor(u) {
  sql(`INSERT INTO second_factors (user_id, kind, label, created_at, confirmed_at) VALUES (${u.id}, 'totp', 'Phone', UTC_TIMESTAMP(), UTC_TIMESTAMP())`);
}

function member(org, u, role) {
  kontorctl(['member', 'add', String(org), u.email, '--role', role]);
}

// The names in the list of members without 2FA, with what each row offers.
function missing(html) {
  const table = /<table class="list stack twofa-missing">([\s\S]*?)<\/table>/.exec(html);
  if (!table) return [];
  return [...table[1].matchAll(/<tr><th scope="row">([^<]*)<\/th>([\s\S]*?)<\/tr>/g)].map((m) => [m[1], text(m[2])]);
}

test('an administrator turns the requirement on and off; a user-role member cannot', async () => {
  const rep = newUser('tfrep');
  const admin = newUser('tfadmin');
  const user = newUser('tfuser');
  const org = newOrg('Zweifaktor AG', rep);
  member(org, admin, 'admin');
  member(org, user, 'user');
  const a = await loggedIn(admin);
  const u = await loggedIn(user);

  let page = await a.get(`/orgs/${org}/members`);
  assert.equal(page.status, 200);
  assertPage(page.body);
  assert.match(page.body, /<input type="checkbox" id="f-require_2fa" name="require_2fa" value="1" aria-describedby="f-require_2fa-hint">/);
  assert.match(page.body, /<label for="f-require_2fa">Require two-factor authentication of every member<\/label>/);
  let res = await a.post(`/orgs/${org}/twofa`, { require_2fa: '1' });
  assert.equal(res.status, 303);
  assert.equal(res.headers.location, `/orgs/${org}/members?notice=twofa_on`);
  assert.equal(required(org), '1');
  page = await a.get(res.headers.location);
  assert.deepEqual(messages(page.body), ['Two-factor authentication is now required of every member.']);
  assert.match(page.body, /id="f-require_2fa"[^>]*checked/);
  // Saving the same state again logs nothing more.
  await a.post(`/orgs/${org}/twofa`, { require_2fa: '1' });
  assert.deepEqual(activity(org, 'twofa_required'), [[`Test tfadmin ${admin.email.match(/x(\d+)@/)[1]}`, '']]);

  // A user sees that it is required, has no form, and a forged post changes nothing.
  page = await u.get(`/orgs/${org}/members`);
  assert.equal(page.status, 200);
  assert.doesNotMatch(page.body, /name="require_2fa"/);
  assert.doesNotMatch(page.body, /twofa-missing/);
  assert.match(mainText(page.body), /This organization requires two-factor authentication of its members\./);
  res = await u.post(`/orgs/${org}/twofa`, {});
  assert.equal(res.status, 404);
  assert.equal(required(org), '1');
  assert.equal((await u.post(`/orgs/${org}/twofa/reminders`)).status, 404);
  assert.equal((await u.post(`/orgs/${org}/members/${rep.id}/twofa-reminder`)).status, 404);
  // Nor can someone outside the organization.
  const stranger = await loggedIn(newUser('tfstranger'));
  await stranger.get('/');
  assert.equal((await stranger.post(`/orgs/${org}/twofa`, {})).status, 404);
  assert.equal(required(org), '1');

  // Off again (the checkbox left empty).
  await a.get(`/orgs/${org}/members`);
  res = await a.post(`/orgs/${org}/twofa`, {});
  assert.equal(res.status, 303);
  assert.equal(res.headers.location, `/orgs/${org}/members?notice=twofa_off`);
  assert.equal(required(org), '0');
  assert.equal(activity(org, 'twofa_not_required').length, 1);
  const log = await a.get(`/orgs/${org}/activity`);
  assert.match(mainText(log.body), /Two-factor authentication was made a requirement/);
  assert.match(mainText(log.body), /Two-factor authentication is no longer required/);
});

test('members without 2FA are listed and reminded in their language, at most once a day', async () => {
  const rep = newUser('tfrep2');
  const de = newUser('tfde', ['--locale', 'de']);
  const fr = newUser('tffr', ['--locale', 'fr']);
  const it = newUser('tfit', ['--locale', 'it']);
  const safe = newUser('tfsafe');
  const org = newOrg('Erinnerung GmbH', rep);
  member(org, de, 'user');
  member(org, fr, 'admin');
  member(org, it, 'user');
  member(org, safe, 'user');
  const r = await loggedIn(rep);
  const deClient = await loggedIn(de, { lang: 'de' });
  const safeClient = await loggedIn(safe);
  confirmFactor(rep);
  confirmFactor(safe);

  // Not required yet: no list, no notice, reminders refused.
  let page = await r.get(`/orgs/${org}/members`);
  assert.deepEqual(missing(page.body), []);
  let res = await r.post(`/orgs/${org}/members/${de.id}/twofa-reminder`);
  assert.equal(res.status, 409);
  assert.equal(queued(de), 0);
  assert.doesNotMatch((await deClient.get('/')).body, /twofa-required/);

  await r.get(`/orgs/${org}/members`);
  assert.equal((await r.post(`/orgs/${org}/twofa`, { require_2fa: '1' })).status, 303);
  page = await r.get(`/orgs/${org}/members`);
  assertPage(page.body);
  // A member with a confirmed second factor is not listed, nor the legal representative.
  const names = missing(page.body).map(([name]) => name);
  assert.equal(names.length, 3);
  for (const who of ['tfde', 'tffr', 'tfit']) assert.ok(names.some((n) => n.startsWith(`Test ${who} `)), who);
  assert.ok(!names.some((n) => n.startsWith('Test tfsafe ') || n.startsWith('Test tfrep2 ')));
  assert.match(page.body, new RegExp(`action="/orgs/${org}/members/${de.id}/twofa-reminder"`));
  assert.match(page.body, /aria-label="Send a reminder to Test tfde /);

  // The member's home page says that the organization requires it, with the way to do it.
  const home = await deClient.get('/');
  assertPage(home.body);
  assert.match(home.body, /class="msg warning twofa-required"/);
  assert.match(mainText(home.body), /Diese Organisationen verlangen die Zwei-Faktor-Authentifizierung, und Ihr Konto hat sie noch nicht: Erinnerung GmbH Zwei-Faktor-Authentifizierung einschalten/);
  assert.match(home.body, /href="\/account\/security"/);
  assert.doesNotMatch((await safeClient.get('/')).body, /twofa-required/);

  // A reminder, in the member's language.
  res = await r.post(`/orgs/${org}/members/${de.id}/twofa-reminder`);
  assert.equal(res.status, 303);
  assert.equal(res.headers.location, `/orgs/${org}/members?notice=reminded`);
  const mail = await waitForMail(de.email);
  assert.equal(mail.subject, 'Erinnerung GmbH bittet Sie, die Zwei-Faktor-Authentifizierung einzuschalten');
  assert.match(mail.body, /Die Organisation Erinnerung GmbH verlangt/);
  assert.match(mail.body, /Diese Erinnerung wurde von Test tfrep2 \d+ gesendet\./);
  assert.ok(mail.body.includes(`${BASE}/account/security`), mail.body);
  assert.equal(activity(org, 'twofa_reminder_sent').map(([, s]) => s).join(), de.email);

  // The same day again: refused, with when the next is possible, and no second mail.
  page = await r.get(res.headers.location);
  assert.deepEqual(messages(page.body), ['The reminder was sent.']);
  const row = missing(page.body).find(([n]) => n.startsWith('Test tfde '));
  assert.match(row[1], /Next reminder possible from \d{4}-\d\d-\d\d \d\d:\d\d \(UTC\)\.$/);
  assert.doesNotMatch(row[1], /Send a reminder/);
  res = await r.post(`/orgs/${org}/members/${de.id}/twofa-reminder`);
  assert.equal(res.status, 429);
  assertPage(res.body);
  assert.match(messages(res.body)[0], /^Test tfde \d+ has already been reminded in the last 24 hours\. Next reminder possible from \d{4}-\d\d-\d\d \d\d:\d\d \(UTC\)\.$/);
  assert.equal(queued(de), 1);

  // A double click: two reminders at once send one mail.
  await r.get(`/orgs/${org}/members`);
  const both = await Promise.all([
    r.post(`/orgs/${org}/members/${fr.id}/twofa-reminder`),
    r.post(`/orgs/${org}/members/${fr.id}/twofa-reminder`),
  ]);
  assert.deepEqual(both.map((x) => x.status).sort(), [303, 429]);
  assert.equal(queued(fr), 1);
  const frMail = await waitForMail(fr.email);
  assert.match(frMail.subject, /^Erinnerung GmbH vous demande d’activer l’authentification à deux facteurs$/);

  // A member with 2FA, or an id that is not a member: nothing sent.
  await r.get(`/orgs/${org}/members`);
  assert.equal((await r.post(`/orgs/${org}/members/${safe.id}/twofa-reminder`)).status, 409);
  assert.equal(queued(safe), 0);
  assert.equal((await r.post(`/orgs/${org}/members/999999999/twofa-reminder`)).status, 404);

  // Remind everyone: only the one not reminded today gets a mail.
  res = await r.post(`/orgs/${org}/twofa/reminders`);
  assert.equal(res.status, 303);
  assert.equal(res.headers.location, `/orgs/${org}/members?notice=reminded_all`);
  const itMail = await waitForMail(it.email);
  assert.equal(itMail.subject, 'Erinnerung GmbH ti chiede di attivare l’autenticazione a due fattori');
  assert.equal(queued(it), 1);
  assert.equal(queued(de), 1);
  assert.equal(queued(fr), 1);
  assert.deepEqual(activity(org, 'twofa_reminders_sent').map(([, s]) => s), ['1']);
  // And again: nobody is due.
  await r.get(`/orgs/${org}/members`);
  res = await r.post(`/orgs/${org}/twofa/reminders`);
  assert.equal(res.status, 200);
  assert.deepEqual(messages(res.body), ['Every member without two-factor authentication was reminded in the last 24 hours: no reminder was sent.']);
  assert.equal(queued(it), 1);

  // A day later the reminder is possible again.
  sql(`UPDATE memberships SET twofa_reminded_at = twofa_reminded_at - INTERVAL 1 DAY WHERE org_id = ${org} AND user_id = ${de.id}`);
  await r.get(`/orgs/${org}/members`);
  assert.equal((await r.post(`/orgs/${org}/members/${de.id}/twofa-reminder`)).status, 303);
  assert.equal(queued(de), 2);
  assert.equal(mailsTo(rep.email).filter((m) => /Zwei-Faktor|two-factor/i.test(m.subject)).length, 0);
});
