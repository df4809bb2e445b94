// kontorctl, the operator's command line: each command prints the new object's id alone on
// stdout; bad input exits 1 with one clear line on stderr and changes nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PASSWORD, client, kontorctlRun, loggedIn, newUser, q, sql, sqlValue } from './lib.js';

let n = 0;
function email(prefix) {
  n += 1;
  return `${prefix}${process.pid}c${n}@example.test`;
}

// Runs kontorctl and asserts success: exactly "<id>\n" on stdout, nothing on stderr.
function ok(args, input = '') {
  const r = kontorctlRun(args, input);
  assert.equal(r.stderr, '', `kontorctl ${args.join(' ')}`);
  assert.equal(r.status, 0);
  assert.match(r.stdout, /^[1-9]\d*\n$/);
  return Number(r.stdout);
}

// Runs kontorctl and asserts a refusal: status 1, nothing on stdout, one line on stderr
// matching want.
function refused(args, want, input = `${PASSWORD}\n`) {
  const r = kontorctlRun(args, input);
  assert.equal(r.status, 1, `kontorctl ${args.join(' ')}: ${r.stderr}`);
  assert.equal(r.stdout, '');
  assert.match(r.stderr, /^kontorctl: [^\n]+\n$/, `one line: ${JSON.stringify(r.stderr)}`);
  assert.match(r.stderr, want);
}

function counts() {
  return sql(`SELECT (SELECT COUNT(*) FROM users), (SELECT COUNT(*) FROM organizations),
    (SELECT COUNT(*) FROM memberships), (SELECT COUNT(*) FROM products)`)[0].join(' ');
}

test('each command prints the new object\'s id alone on stdout', async () => {
  const e = email('ctl');
  const uid = ok(['user', 'add', e, '--name', 'Zoë Müller', '--locale', 'de', '--staff'], `${PASSWORD}\n`);
  assert.deepEqual(sql(`SELECT id, name, locale, is_staff FROM users WHERE email = ${q(e)}`), [[String(uid), 'Zoë Müller', 'de', '1']]);
  // The password works, and is stored as argon2id.
  assert.match(sqlValue(`SELECT password_hash FROM users WHERE id = ${uid}`), /^\$argon2id\$/);
  assert.equal((await client().login(e, PASSWORD)).status, 303);

  const org = ok(['org', 'add', 'Kontorctl Test GmbH', '--legal-rep', e, '--country', 'de', '--partner']);
  assert.deepEqual(sql(`SELECT name, country, is_partner FROM organizations WHERE id = ${org}`), [['Kontorctl Test GmbH', 'DE', '1']]);
  assert.deepEqual(sql(`SELECT user_id, role FROM memberships WHERE org_id = ${org}`), [[String(uid), 'legal_representative']]);

  const other = newUser('ctlmember');
  const member = ok(['member', 'add', String(org), other.email, '--role', 'admin']);
  assert.equal(member, other.id, 'member add prints the member\'s user id');
  assert.equal(sqlValue(`SELECT role FROM memberships WHERE org_id = ${org} AND user_id = ${other.id}`), 'admin');

  const p = ok(['product', 'add', String(org), '--kind', 'hosting', '--name', 'Webhosting Test', '--expires', '2028-02-29',
    '--auto-renew', '--price', '18.5', '--currency', 'EUR']);
  assert.deepEqual(sql(`SELECT org_id, payer_org_id, kind, name, expires_at, auto_renew, price_cents, currency, status
    FROM products WHERE id = ${p}`), [[String(org), String(org), 'hosting', 'Webhosting Test', '2028-02-29', '1', '1850', 'EUR', 'active']]);
  const p2 = ok(['product', 'add', String(org), '--kind', 'domain', '--name', 'kontorctl-test.ch', '--expires', '2027-01-31']);
  assert.equal(p2 > p, true);
  assert.deepEqual(sql(`SELECT auto_renew, IFNULL(price_cents, '-'), IFNULL(currency, '-') FROM products WHERE id = ${p2}`), [['0', '-', '-']]);
});

test('user passwd sets the password, prints the id and ends the user\'s sessions', async () => {
  const u = newUser('ctlpw');
  const c = await loggedIn(u);
  const id = ok(['user', 'passwd', u.email], 'Neues-Betreiber-Kennwort-8\n');
  assert.equal(id, u.id);
  assert.equal((await c.get('/')).status, 303);
  assert.equal(sqlValue(`SELECT COUNT(*) FROM sessions WHERE user_id = ${u.id}`), '0');
  assert.equal((await client().login(u.email, 'Neues-Betreiber-Kennwort-8')).status, 303);
  assert.equal((await client().login(u.email, u.password)).status, 401);
  // The same rules as the web forms.
  refused(['user', 'passwd', u.email], /^kontorctl: password: This password is too easy to guess/, 'password1234\n');
  refused(['user', 'passwd', u.email], /^kontorctl: password: 12 to 256 characters$/m, 'Kurz-12345\n');
  refused(['user', 'passwd', `nobody${process.pid}@example.test`], /^kontorctl: no user with the e-mail address nobody\d+@example\.test$/m);
});

test('bad input exits 1 with one clear line on stderr and changes nothing', () => {
  const u = newUser('ctlbad');
  const org = ok(['org', 'add', `Bad Input AG ${u.id}`, '--legal-rep', u.email]);
  const e = email('ctlnew');
  const before = counts();
  const cases = [
    // user add
    [['user', 'add', 'not-an-address', '--name', 'X'], /email: This value is not valid\./],
    [['user', 'add', '', '--name', 'X'], /email: This field is required\./],
    [['user', 'add', e], /--name is required/],
    [['user', 'add', e, '--name'], /--name needs a value/],
    [['user', 'add', e, '--name', ''], /name: This value is too short\./],
    [['user', 'add', e, '--name', 'X', '--admin'], /unknown option --admin/],
    [['user', 'add', e, '--name', 'X', '--locale', 'es'], /locale: This value is not valid\./],
    [['user', 'add', u.email, '--name', 'X'], /a user with this e-mail address already exists/],
    // org add
    [['org', 'add', 'Nameless AG'], /--legal-rep is required/],
    [['org', 'add', 'X AG', '--legal-rep', 'nobody'], /legal-rep: This value is not valid\./],
    [['org', 'add', 'X AG', '--legal-rep', `nobody${process.pid}@example.test`], /no user with the e-mail address/],
    [['org', 'add', 'X AG', '--legal-rep', u.email, '--country', 'C1'], /country: an ISO 3166-1 code, such as CH/],
    [['org', 'add', 'X AG', '--legal-rep', u.email, '--country', 'XX'], /country: an ISO 3166-1 code, such as CH/],
    [['org', 'add', 'X AG', '--legal-rep', u.email, '--country', 'CHE'], /country: This value is too long\./],
    [['org', 'add', 'X AG', '--legal-rep', u.email, '--vat', 'CHE-1'], /unknown option --vat/],
    // member add
    [['member', 'add', String(org), u.email, '--role', 'owner'], /role: This value is not valid\./],
    [['member', 'add', String(org), u.email, '--role', ''], /role: This field is required\./],
    [['member', 'add', String(org), u.email], /--role is required/],
    [['member', 'add', String(org), u.email, '--role', 'admin'], /already a member of the organization/],
    [['member', 'add', 'abc', u.email, '--role', 'admin'], /id: This value is not valid\./],
    [['member', 'add', '999999999', u.email, '--role', 'admin'], /no organization 999999999/],
    // product add
    [['product', 'add', String(org), '--kind', 'domain', '--name', 'x.ch', '--expires', '2027-02-30'], /expires: This value is not valid\./],
    [['product', 'add', String(org), '--kind', 'domain', '--name', 'x.ch', '--expires', '31.12.2027'], /expires: This value is not valid\./],
    [['product', 'add', String(org), '--kind', 'domain', '--name', 'x.ch'], /--expires is required/],
    [['product', 'add', String(org), '--kind', 'vps', '--name', 'x', '--expires', '2027-01-01'], /kind: This value is not valid\./],
    [['product', 'add', String(org), '--kind', 'domain', '--expires', '2027-01-01'], /--name is required/],
    [['product', 'add', String(org), '--kind', 'domain', '--name', 'x.ch', '--expires', '2027-01-01', '--price', '18.999', '--currency', 'CHF'], /price: an amount such as 18\.00/],
    [['product', 'add', String(org), '--kind', 'domain', '--name', 'x.ch', '--expires', '2027-01-01', '--price', '18'], /--currency is required/],
    [['product', 'add', String(org), '--kind', 'domain', '--name', 'x.ch', '--expires', '2027-01-01', '--price', '18', '--currency', 'USD'], /currency: This value is not valid\./],
    [['product', 'add', String(org), '--kind', 'domain', '--name', 'x.ch', '--expires', '2027-01-01', '--renew'], /unknown option --renew/],
  ];
  for (const [args, want] of cases) refused(args, want);
  // The password on standard input: missing, too short, too long, weak, the address in it.
  const local = e.split('@')[0];
  for (const [input, want] of [
    ['', /no password on standard input/],
    ['Kurz-1234\n', /password: 12 to 256 characters/],
    [`${'x1-Y'.repeat(65)}\n`, /password: 12 to 256 characters/],
    ['password1234\n', /password: This password is too easy to guess\. Please choose another one\./],
    [`${local}-Passwort-9\n`, /password: The password must not contain your e-mail address\./],
  ]) {
    refused(['user', 'add', e, '--name', 'X'], want, input);
  }
  assert.equal(counts(), before, 'nothing was created');
  assert.equal(sqlValue(`SELECT COUNT(*) FROM users WHERE email = ${q(e)} OR email = ''`), '0');
});

test('an unknown command shows the usage and exits 1', () => {
  for (const args of [['user', 'remove', 'x@example.test'], ['frobnicate', 'now', 'please'], ['user'], []]) {
    const r = kontorctlRun(args);
    assert.equal(r.status, 1);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /^usage:\n {2}kontorctl user add EMAIL --name NAME/);
  }
});

test('bug: user add with an empty e-mail address created a user without an address', () => {
  const before = counts();
  refused(['user', 'add', '', '--name', 'Nobody'], /^kontorctl: email: This field is required\.$/m);
  refused(['user', 'add', '   ', '--name', 'Nobody'], /^kontorctl: email: This field is required\.$/m);
  assert.equal(counts(), before);
});

test('bug: org add without --legal-rep asked for an option --email that does not exist', () => {
  refused(['org', 'add', 'Repless AG'], /^kontorctl: --legal-rep is required$/m);
  refused(['org', 'add', 'Repless AG', '--legal-rep', 'x'], /^kontorctl: legal-rep: This value is not valid\.$/m);
});
