// Members, roles and invitations in the browser (over HTTP), and the legal-representative
// rule under concurrency: two legal representatives removing each other at the same moment
// leave one of them in place, every time.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  PASSWORD, apiRequest, assertPage, client, fieldErrors, kontorctl, kontorctlRun, loggedIn,
  mainText, mails, messages, newOrg, newProduct, newToken, newUser, q, sql, sqlValue, waitForMail,
} from './lib.js';

const roleOf = (org, user) => sqlValue(`SELECT COALESCE((SELECT role FROM memberships WHERE org_id = ${org} AND user_id = ${user.id}), 'none')`);
const linkIn = (mail) => /https:\/\/\S+\/invitation\?token=([A-Za-z0-9_-]{43})/.exec(mail.body);

async function invite(c, org, email, role) {
  await c.get(`/orgs/${org}/members`);
  return c.post(`/orgs/${org}/invitations`, { email, role });
}

test('the last legal representative: the page explains the procedure, and the rule refuses', async () => {
  const rep = newUser('mlast');
  const org = newOrg('Last Rep AG', rep);
  const c = await loggedIn(rep);
  const page = await c.get(`/orgs/${org}/members/${rep.id}`);
  assert.equal(page.status, 200);
  assertPage(page.body);
  assert.match(mainText(page.body), /First invite a new member as legal representative/);
  assert.doesNotMatch(page.body, /action="[^"]*\/remove"/);
  assert.doesNotMatch(page.body, /action="[^"]*\/role"/);
  // Forged posts anyway: refused with the reason, nothing changed.
  let res = await c.post(`/orgs/${org}/members/${rep.id}/role`, { role: 'admin' });
  assert.equal(res.status, 409);
  assert.match(messages(res.body).join(' '), /last legal representative cannot be removed/);
  res = await c.post(`/orgs/${org}/members/${rep.id}/remove`, { password: PASSWORD });
  assert.equal(res.status, 409);
  assert.equal(roleOf(org, rep), 'legal_representative');
});

test('changing the legal representative: appoint another first, then demote the old one', async () => {
  const rep = newUser('mchange');
  const next = newUser('mnext');
  const org = newOrg('Handover AG', rep);
  kontorctl(['member', 'add', String(org), next.email, '--role', 'admin']);
  const c = await loggedIn(rep);
  const before = mails().length;
  await c.get(`/orgs/${org}/members/${next.id}`);
  let res = await c.post(`/orgs/${org}/members/${next.id}/role`, { role: 'legal_representative' });
  assert.equal(res.status, 303);
  assert.equal(roleOf(org, next), 'legal_representative');
  // Every legal representative hears of it.
  await waitForMail(rep.email, (m) => /legal representatives of Handover AG changed/.test(m.subject));
  await waitForMail(next.email, (m) => /legal representatives of Handover AG changed/.test(m.subject));
  assert.ok(mails().length > before);
  // Now the old one can step down.
  await c.get(`/orgs/${org}/members/${rep.id}`);
  res = await c.post(`/orgs/${org}/members/${rep.id}/role`, { role: 'admin' });
  assert.equal(res.status, 303);
  assert.equal(roleOf(org, rep), 'admin');
  const log = sql(`SELECT event, subject, detail, ip FROM org_activity WHERE org_id = ${org} AND event = 'member_role_changed' ORDER BY id`);
  assert.deepEqual(log.map((r) => r.slice(0, 3)), [
    ['member_role_changed', next.email, 'admin>legal_representative'],
    ['member_role_changed', rep.email, 'legal_representative>admin'],
  ]);
  assert.equal(log[0][3], c.address);
  // An administrator cannot appoint a legal representative, nor touch one.
  const admin = await loggedIn(rep);
  const other = newUser('mother');
  kontorctl(['member', 'add', String(org), other.email, '--role', 'user']);
  await admin.get(`/orgs/${org}/members/${other.id}`);
  assert.doesNotMatch(admin.lastBody, /<option value="legal_representative"/);
  res = await admin.post(`/orgs/${org}/members/${other.id}/role`, { role: 'legal_representative' });
  assert.equal(res.status, 403);
  assert.match(messages(res.body).join(' '), /Only a legal representative/);
  res = await admin.post(`/orgs/${org}/members/${next.id}/role`, { role: 'user' });
  assert.equal(res.status, 403);
  assert.equal(roleOf(org, other), 'user');
  assert.equal(roleOf(org, next), 'legal_representative');
  // A role that does not exist.
  res = await admin.post(`/orgs/${org}/members/${other.id}/role`, { role: 'owner' });
  assert.equal(res.status, 400);
  assert.ok(fieldErrors(res.body).role);
  assert.equal(roleOf(org, other), 'user');
});

test('removing a member needs the password again and shows what they lose', async () => {
  const rep = newUser('mremove');
  const user = newUser('mgone');
  const org = newOrg('Removal AG', rep);
  kontorctl(['member', 'add', String(org), user.email, '--role', 'user']);
  const product = newProduct(org, `removal${process.pid}.ch`);
  sql(`INSERT IGNORE INTO product_grants (org_id, user_id, product_id, created_at) VALUES (${org}, ${user.id}, ${product}, UTC_TIMESTAMP())`);
  const c = await loggedIn(rep);
  const page = await c.get(`/orgs/${org}/members/${user.id}`);
  assert.match(mainText(page.body), /Access to 1 granted product/);
  assert.match(page.body, /<label for="f-password">Your password<\/label>/);
  let res = await c.post(`/orgs/${org}/members/${user.id}/remove`, { password: 'not-the-password' });
  assert.equal(res.status, 400);
  assert.match(fieldErrors(res.body).password, /not right/);
  assert.equal(roleOf(org, user), 'user');
  res = await c.post(`/orgs/${org}/members/${user.id}/remove`, { password: PASSWORD });
  assert.equal(res.status, 303);
  assert.equal(roleOf(org, user), 'none');
  assert.equal(sqlValue(`SELECT COUNT(*) FROM product_grants WHERE user_id = ${user.id}`), '0');
  assert.equal(sqlValue(`SELECT COUNT(*) FROM org_activity WHERE org_id = ${org} AND event = 'member_removed' AND subject = ${q(user.email)}`), '1');
  // A forged member id: 404.
  await c.get(`/orgs/${org}/members`);
  assert.equal((await c.post(`/orgs/${org}/members/99999999/remove`, { password: PASSWORD })).status, 404);
});

test('a member leaves on their own; a user cannot change anyone', async () => {
  const rep = newUser('mleaverep');
  const user = newUser('mleaver');
  const org = newOrg('Leaving AG', rep);
  kontorctl(['member', 'add', String(org), user.email, '--role', 'user']);
  const u = await loggedIn(user);
  await u.get(`/orgs/${org}/members/${rep.id}`);
  assert.doesNotMatch(u.lastBody, /action="[^"]*\/role"/);
  let res = await u.post(`/orgs/${org}/members/${rep.id}/remove`, { password: PASSWORD });
  assert.equal(res.status, 403);
  assert.match(messages(res.body).join(' '), /Your role does not allow this/);
  assert.equal(roleOf(org, rep), 'legal_representative');
  const other = newUser('mleaveother');
  kontorctl(['member', 'add', String(org), other.email, '--role', 'user']);
  res = await u.post(`/orgs/${org}/members/${other.id}/role`, { role: 'admin' });
  assert.equal(res.status, 403);
  assert.equal(roleOf(org, other), 'user');
  await u.get(`/orgs/${org}/members/${user.id}`);
  res = await u.post(`/orgs/${org}/members/${user.id}/remove`, { password: PASSWORD });
  assert.equal(res.status, 303);
  assert.equal(res.headers.location, '/?notice=left');
  assert.equal(roleOf(org, user), 'none');
  assert.equal((await u.get(`/orgs/${org}`)).status, 404);
});

test('invitations: sent by mail, accepted once while logged in, duplicates refused', async () => {
  const rep = newUser('minvrep');
  const invitee = newUser('minvitee');
  const org = newOrg('Invite AG', rep);
  const c = await loggedIn(rep);
  let res = await invite(c, org, invitee.email, 'admin');
  assert.equal(res.status, 303);
  const mail = await waitForMail(invitee.email, (m) => /Invitation to Invite AG/.test(m.subject));
  const [link, token] = linkIn(mail);
  assert.ok(link);
  // A second invitation to the same address, and an invitation of a member: refused at the field.
  res = await invite(c, org, invitee.email.toUpperCase(), 'user');
  assert.equal(res.status, 409);
  assert.match(fieldErrors(res.body).email, /already has a pending invitation/);
  res = await invite(c, org, rep.email, 'user');
  assert.match(fieldErrors(res.body).email, /already a member/);
  res = await invite(c, org, 'x@example.test', 'owner');
  assert.ok(fieldErrors(res.body).role);
  res = await invite(c, org, 'x@example.test\r\nBcc: y@example.test', 'user');
  assert.equal(res.status, 400);
  assert.ok(fieldErrors(res.body).email);
  assert.equal(sqlValue(`SELECT COUNT(*) FROM invitations WHERE org_id = ${org}`), '1');
  // Opening the link changes nothing; accepting does.
  const i = await loggedIn(invitee);
  const page = await i.get(`/invitation?token=${token}`);
  assert.equal(page.status, 200);
  assert.match(mainText(page.body), /You are invited to join Invite AG/);
  assert.equal(roleOf(org, invitee), 'none');
  res = await i.post('/invitation/accept', { token });
  assert.equal(res.status, 303);
  assert.equal(res.headers.location, `/orgs/${org}?notice=joined`);
  assert.equal(roleOf(org, invitee), 'admin');
  // Reused: the link no longer works.
  const again = await i.get(`/invitation?token=${token}`);
  assert.equal(again.status, 404);
  assert.match(messages(again.body).join(' '), /not valid/);
  res = await i.post('/invitation/accept', { token });
  assert.equal(res.status, 404);
  assert.equal(sqlValue(`SELECT COUNT(*) FROM org_activity WHERE org_id = ${org} AND event IN ('invitation_sent', 'member_joined')`), '2');
});

test('an invitation expires after 7 days; resend gives a new link, withdraw ends it', async () => {
  const rep = newUser('mexprep');
  const org = newOrg('Expiry AG', rep);
  const c = await loggedIn(rep);
  const email = `mexp${process.pid}@example.test`;
  await invite(c, org, email, 'user');
  const first = linkIn(await waitForMail(email))[1];
  assert.equal(sqlValue(`SELECT TIMESTAMPDIFF(DAY, created_at, expires_at) FROM invitations WHERE org_id = ${org}`), '7');
  const id = sqlValue(`SELECT id FROM invitations WHERE org_id = ${org}`);
  // Resend: a new link, the old one dead.
  await c.get(`/orgs/${org}/members`);
  let res = await c.post(`/orgs/${org}/invitations/${id}/resend`, {});
  assert.equal(res.status, 303);
  const second = linkIn(await waitForMail(email, (m) => !m.body.includes(first)))[1];
  assert.notEqual(first, second);
  assert.equal((await client().get(`/invitation?token=${first}`)).status, 404);
  assert.equal((await client().get(`/invitation?token=${second}`)).status, 200);
  // Expired: refused.
  sql(`UPDATE invitations SET expires_at = UTC_TIMESTAMP() - INTERVAL 1 MINUTE WHERE id = ${id}`);
  assert.equal((await client().get(`/invitation?token=${second}`)).status, 404);
  // An expired invitation no longer blocks a new one.
  res = await invite(c, org, email, 'user');
  assert.equal(res.status, 303);
  const third = linkIn(await waitForMail(email, (m) => !m.body.includes(first) && !m.body.includes(second)))[1];
  const id3 = sqlValue(`SELECT id FROM invitations WHERE org_id = ${org} AND pending = 1`);
  await c.get(`/orgs/${org}/members`);
  res = await c.post(`/orgs/${org}/invitations/${id3}/withdraw`, {});
  assert.equal(res.status, 303);
  assert.equal((await client().get(`/invitation?token=${third}`)).status, 404);
  // A forged invitation id, or one of another organization: 404.
  const other = newOrg('Other Expiry AG', rep);
  await c.get(`/orgs/${org}/members`);
  assert.equal((await c.post(`/orgs/${other}/invitations/${id3}/resend`, {})).status, 404);
  assert.equal((await c.post(`/orgs/${org}/invitations/99999999/withdraw`, {})).status, 404);
  // A malformed token.
  assert.equal((await client().get('/invitation?token=short')).status, 404);
});

test('an invitee without an account creates one through the link and is a member at once', async () => {
  const rep = newUser('mregrep');
  const org = newOrg('Register AG', rep);
  const c = await loggedIn(rep);
  const email = `mreg${process.pid}@example.test`;
  await invite(c, org, email, 'user');
  const token = linkIn(await waitForMail(email))[1];
  const n = client();
  const page = await n.get(`/invitation?token=${token}`);
  assert.match(page.body, /<label for="f-name">Your name<\/label>/);
  let res = await n.post('/invitation/register', { token, name: 'New Person', password: 'short', password2: 'short' });
  assert.equal(res.status, 400);
  assert.equal(sqlValue(`SELECT COUNT(*) FROM users WHERE email = ${q(email)}`), '0');
  res = await n.post('/invitation/register', { token, name: 'New Person', password: PASSWORD, password2: PASSWORD });
  assert.equal(res.status, 303);
  assert.equal(res.headers.location, `/orgs/${org}?notice=joined`);
  const uid = sqlValue(`SELECT id FROM users WHERE email = ${q(email)}`);
  assert.equal(roleOf(org, { id: uid }), 'user');
  const home = await n.get(`/orgs/${org}`);
  assert.equal(home.status, 200);
  // A registered address is asked to log in, not to register again.
  await invite(c, newOrg('Register Two AG', rep), email, 'user');
  const token2 = linkIn(await waitForMail(email, (m) => /Register Two AG/.test(m.subject)))[1];
  const anon = await client().get(`/invitation?token=${token2}`);
  assert.match(mainText(anon.body), /An account with this address exists/);
  res = await client().post('/invitation/register', { token: token2, name: 'X', password: PASSWORD, password2: PASSWORD });
  assert.equal(res.status, 403);  // no CSRF token of a page: refused before anything
});

test('kontorctl member role and member remove keep the last legal representative', async () => {
  const rep = newUser('mctlrole');
  const admin = newUser('mctladmin');
  const org = newOrg('Ctl Roles AG', rep);
  kontorctl(['member', 'add', String(org), admin.email, '--role', 'admin']);
  let r = kontorctlRun(['member', 'remove', String(org), rep.email]);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /last legal representative cannot be removed/);
  r = kontorctlRun(['member', 'role', String(org), rep.email, '--role', 'user']);
  assert.equal(r.status, 1);
  assert.equal(roleOf(org, rep), 'legal_representative');
  assert.equal(kontorctl(['member', 'role', String(org), admin.email, '--role', 'legal_representative']), String(admin.id));
  assert.equal(kontorctl(['member', 'remove', String(org), rep.email]), String(rep.id));
  assert.equal(roleOf(org, rep), 'none');
  assert.equal(roleOf(org, admin), 'legal_representative');
  assert.deepEqual(sql(`SELECT actor_name, event FROM org_activity WHERE org_id = ${org} AND event <> 'member_joined' ORDER BY id`),
    [['kontorctl', 'member_role_changed'], ['kontorctl', 'member_removed']]);
});

test('an organization sends at most 50 invitations an hour; kontorctl is not limited', async () => {
  const rep = newUser('mflood');
  const org = newOrg('Flood AG', rep);
  sql(`INSERT INTO org_activity (org_id, actor_name, event, subject, ip, created_at) SELECT ${org}, 'x', 'invitation_sent', CONCAT('a', seq, '@example.test'), '127.0.0.1', UTC_TIMESTAMP() FROM seq_1_to_50`);
  const c = await loggedIn(rep);
  const res = await invite(c, org, `flood${process.pid}@example.test`, 'user');
  assert.equal(res.status, 429);
  assert.match(messages(res.body).join(' '), /many invitations in the last hour/);
  assert.equal(sqlValue(`SELECT COUNT(*) FROM invitations WHERE org_id = ${org}`), '0');
  assert.match(kontorctl(['invite', String(org), `flood${process.pid}@example.test`, '--role', 'user']), /^\d+$/);
  // An hour later the organization may invite again.
  sql(`UPDATE org_activity SET created_at = created_at - INTERVAL 2 HOUR WHERE org_id = ${org}`);
  assert.equal((await invite(c, org, `flood2${process.pid}@example.test`, 'user')).status, 303);
});

test('kontorctl invite mails the link; kontorctl member add is logged', async () => {
  const rep = newUser('mctl');
  const org = newOrg('Ctl Invite AG', rep);
  const email = `mctl${process.pid}@example.test`;
  const id = kontorctl(['invite', String(org), email, '--role', 'admin']);
  assert.match(id, /^\d+$/);
  const mail = await waitForMail(email);
  assert.match(mail.body, /Role: Administrator/);
  const dup = kontorctlRun(['invite', String(org), email, '--role', 'admin']);
  assert.equal(dup.status, 1);
  assert.match(dup.stderr, /pending invitation/);
  const bad = kontorctlRun(['invite', String(org), email, '--role', 'owner']);
  assert.equal(bad.status, 1);
  assert.equal(sqlValue(`SELECT actor_name FROM org_activity WHERE org_id = ${org} AND event = 'invitation_sent'`), 'kontorctl');
});

test('grants: a user-role member sees single products or whole kinds; a foreign product is refused', async () => {
  const rep = newUser('mgrant');
  const user = newUser('mgrantee');
  const org = newOrg('Grants AG', rep);
  const other = newOrg('Foreign Grants AG', newUser('mgrantother'));
  kontorctl(['member', 'add', String(org), user.email, '--role', 'user']);
  const mine = newProduct(org, `grants${process.pid}.ch`);
  const foreign = newProduct(other, `foreign${process.pid}.ch`);
  const c = await loggedIn(rep);
  await c.get(`/orgs/${org}/members/${user.id}`);
  assert.match(c.lastBody, /<label for="f-kind_hosting">All hostings<\/label>/);
  let res = await c.post(`/orgs/${org}/members/${user.id}/grants`, { products: String(foreign), kind_mail: '1' });
  assert.equal(res.status, 400);
  assert.ok(fieldErrors(res.body).products);
  assert.equal(sqlValue(`SELECT COUNT(*) FROM kind_grants WHERE user_id = ${user.id}`), '0');
  res = await c.post(`/orgs/${org}/members/${user.id}/grants`, { products: String(mine), kind_mail: '1' });
  assert.equal(res.status, 303);
  assert.deepEqual(sql(`SELECT product_id FROM product_grants WHERE user_id = ${user.id}`), [[String(mine)]]);
  assert.deepEqual(sql(`SELECT kind FROM kind_grants WHERE user_id = ${user.id}`), [['mail']]);
  // A new role drops the grants: they only mean something for role "user".
  await c.get(`/orgs/${org}/members/${user.id}`);
  await c.post(`/orgs/${org}/members/${user.id}/role`, { role: 'admin' });
  assert.equal(sqlValue(`SELECT COUNT(*) FROM product_grants WHERE user_id = ${user.id}`), '0');
});

// The rule under concurrency, through two API clients at the same moment: each removes the
// other. Exactly one succeeds and exactly one legal representative remains, in every run.
// The other is refused: as the last legal representative (409) when it is checked while both
// are members, or as no longer a member (404) once the first removal has committed, which the
// version bump makes the usual case.
test('two legal representatives removing each other at the same moment leave one in place (30 runs)', async () => {
  for (let run = 0; run < 30; run++) {
    const a = newUser('mraceA');
    const b = newUser('mraceB');
    const org = newOrg(`Race ${run} AG`, a);
    kontorctl(['member', 'add', String(org), b.email, '--role', 'legal_representative']);
    const ta = newToken(a, ['organizations:write']).token;
    const tb = newToken(b, ['organizations:write']).token;
    const [ra, rb] = await Promise.all([
      apiRequest(client(), ta, 'DELETE', `/api/1/organizations/${org}/members/${b.id}`),
      apiRequest(client(), tb, 'DELETE', `/api/1/organizations/${org}/members/${a.id}`),
    ]);
    const ok = [ra, rb].filter((r) => r.status === 200);
    const refused = [ra, rb].filter((r) => r.status !== 200);
    assert.equal(ok.length, 1, `run ${run}: ${ra.body} ${rb.body}`);
    assert.ok(['last_legal_representative', 'not_found'].includes(refused[0].json.error.code), refused[0].body);
    assert.equal(sqlValue(`SELECT COUNT(*) FROM memberships WHERE org_id = ${org} AND role = 'legal_representative'`), '1', `run ${run}`);
  }
});

test('two legal representatives demoting each other in the browser at the same moment leave one (10 runs)', async () => {
  for (let run = 0; run < 10; run++) {
    const a = newUser('mbrA');
    const b = newUser('mbrB');
    const org = newOrg(`Browser Race ${run} AG`, a);
    kontorctl(['member', 'add', String(org), b.email, '--role', 'legal_representative']);
    const ca = await loggedIn(a);
    const cb = await loggedIn(b);
    await ca.get(`/orgs/${org}/members/${b.id}`);
    await cb.get(`/orgs/${org}/members/${a.id}`);
    const [ra, rb] = await Promise.all([
      ca.post(`/orgs/${org}/members/${b.id}/role`, { role: 'admin' }),
      cb.post(`/orgs/${org}/members/${a.id}/role`, { role: 'admin' }),
    ]);
    // The second is refused: the last legal representative (409), or, demoted by the first
    // meanwhile, no longer allowed to change one (403).
    assert.equal([ra, rb].filter((r) => r.status === 303).length, 1, `run ${run}`);
    assert.ok([ra, rb].some((r) => r.status === 409 || r.status === 403), `run ${run}`);
    assert.equal(sqlValue(`SELECT COUNT(*) FROM memberships WHERE org_id = ${org} AND role = 'legal_representative'`), '1');
  }
});

test('the members list pages 100 at a time', async () => {
  const rep = newUser('mpages');
  const org = newOrg('Many Members AG', rep);
  const tag = `${process.pid}x${Date.now()}`;
  sql(`INSERT INTO users (email, name, password_hash, created_at, password_changed_at) SELECT CONCAT('pg', seq, '-${tag}@example.test'), CONCAT('Zz Member ', LPAD(seq, 3, '0')), 'x', UTC_TIMESTAMP(), UTC_TIMESTAMP() FROM seq_1_to_105`);
  sql(`INSERT INTO memberships (org_id, user_id, role, created_at) SELECT ${org}, id, 'user', UTC_TIMESTAMP() FROM users WHERE email LIKE 'pg%-${tag}@example.test'`);
  const c = await loggedIn(rep);
  const first = await c.get(`/orgs/${org}/members`);
  const rows = (html) => [...html.matchAll(/<a href="\/orgs\/\d+\/members\/\d+">([^<]*)<\/a>/g)].map((m) => m[1]);
  assert.equal(rows(first.body).length, 100);
  assert.match(first.body, /href="\?page=2" rel="next"/);
  const second = await c.get(`/orgs/${org}/members?page=2`);
  assert.deepEqual(rows(second.body), ['Zz Member 100', 'Zz Member 101', 'Zz Member 102', 'Zz Member 103', 'Zz Member 104', 'Zz Member 105']);
  assert.match(second.body, /rel="prev"/);
});
