// VAT numbers confirmed online by the worker with the EU's VIES service, here a local
// stand-in of its REST endpoint (scripts/vies_standin.py): a definite answer makes a number
// valid or invalid; anything else (a VIES error, the service down or too slow, an answer that
// is not JSON) makes it unavailable, never invalid, and it is asked again only 10 minutes
// later. An answer for a number that changed meanwhile is dropped; two workers ask about a
// number once. Without vies_url (the stack's configuration) nothing is asked.
//
// The stack's own worker runs without vies_url and never touches these rows; the workers here
// run with a copy of the configuration that points at the stand-in.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  ROOT, VAR, closedPort, confWith, newOrg, newUser, q, sleep, sql, sqlValue, workerProcess,
} from './lib.js';

const stateFile = join(VAR, `vies-standin-${process.pid}.json`);
const logFile = `${stateFile}.log`;
let standin;
let conf;         // vies_url to the stand-in, vies_timeout = 2
let patientConf;  // the same with vies_timeout = 6
let owner;

// What the stand-in answers from now on (see scripts/vies_standin.py).
function answer(state = {}) {
  writeFileSync(stateFile, JSON.stringify({ valid: [], unavailable: [], down: false, slow: 0, ...state }));
}

// The requests the stand-in received: [{ countryCode, vatNumber }].
function requests() {
  if (!existsSync(logFile)) return [];
  return readFileSync(logFile, 'utf8').split('\n').filter((l) => l !== '').map((l) => JSON.parse(l));
}

// How often the stand-in was asked about a stored number (prefix and number).
function asked(vat) {
  return requests().filter((r) => `${r.countryCode}${r.vatNumber}` === vat).length;
}

// A copy of the stack's configuration with these keys set (added when the stack's file has
// no such line, which confWith alone would leave out).
function confWithKeys(name, keys) {
  const path = confWith(`${name}-${process.pid}`, keys);
  let text = readFileSync(path, 'utf8');
  for (const [k, v] of Object.entries(keys)) {
    if (!new RegExp(`^${k} = `, 'm').test(text)) text += `${text.endsWith('\n') ? '' : '\n'}${k} = ${v}\n`;
  }
  writeFileSync(path, text, { mode: 0o600 });
  return path;
}

// A VAT number no other test (or run) uses: the prefix and nine digits.
let numberCounter = 0;
function vatNumber(prefix = 'DE') {
  numberCounter += 1;
  return `${prefix}${900000000 + (process.pid % 90000) * 1000 + numberCounter}`;
}

// An organization whose VAT number was just saved (as the web code leaves it); returns its id.
function orgWithVat(vat) {
  const id = newOrg(`VIES Test ${vat}`, owner);
  sql(`UPDATE organizations SET vat_number = ${q(vat)}, vat_status = 'not_checked', vat_checked_at = NULL
       WHERE id = ${id}`);
  return id;
}

function orgVat(id) {
  const [number, status, checkedAt] = sql(`SELECT vat_number, vat_status,
    IFNULL(UNIX_TIMESTAMP(vat_checked_at), '-') FROM organizations WHERE id = ${id}`)[0];
  return { number, status, checkedAt };
}

// Rows any worker with vies_url would ask about now.
function pending() {
  return Number(sqlValue(`SELECT
    (SELECT COUNT(*) FROM organizations WHERE vat_number <> '' AND vat_status = 'not_checked' AND vat_checked_at IS NULL)
    + (SELECT COUNT(*) FROM billing_addresses WHERE vat_number <> '' AND vat_status = 'not_checked' AND vat_checked_at IS NULL)`));
}

// One worker pass with the stand-in's configuration (or another); asserts it succeeded.
async function check(args = [], confPath = conf) {
  const w = await workerProcess(args, confPath);
  assert.equal(w.status, 0, w.stderr);
  return w;
}

// The worker's --now, minutes ahead of the database clock (UTC, to the minute).
function minutesAhead(m) {
  const now = Number(sqlValue('SELECT UNIX_TIMESTAMP(UTC_TIMESTAMP())'));
  return ['--now', new Date((now + m * 60) * 1000).toISOString().slice(0, 16).replace('T', ' ')];
}

before(async () => {
  answer();
  const port = await closedPort();
  standin = spawn('/usr/bin/python3', [join(ROOT, 'scripts/vies_standin.py'), String(port), stateFile], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  await new Promise((resolve, reject) => {
    let err = '';
    const timer = setTimeout(() => reject(new Error(`the VIES stand-in did not start: ${err}`)), 5000);
    standin.stderr.on('data', (d) => { err += d; });
    standin.stdout.on('data', (d) => {
      if (/listening/.test(String(d))) {
        clearTimeout(timer);
        resolve();
      }
    });
    standin.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the VIES stand-in ended (${code}): ${err}`));
    });
  });
  const url = `http://127.0.0.1:${port}/check-vat-number`;
  conf = confWithKeys('vies', { vies_url: url, vies_timeout: 2 });
  patientConf = confWithKeys('vies-patient', { vies_url: url, vies_timeout: 6 });
  owner = newUser('vies');
  // Numbers other test files saved are still waiting (the stack's worker has no vies_url):
  // asked now (the stand-in says invalid), so that each test's rows are in its first batch.
  for (let i = 0; i < 50 && pending() > 0; i++) await check();
  assert.equal(pending(), 0, 'numbers of other tests still waiting');
});

after(async () => {
  if (standin && standin.exitCode === null) {
    const ended = new Promise((resolve) => standin.on('exit', resolve));
    standin.kill('SIGTERM');
    await ended;
  }
});

test('a number VIES confirms becomes valid; it is sent as country code and number apart', async () => {
  const vat = vatNumber('DE');
  const id = orgWithVat(vat);
  answer({ valid: [vat] });
  const w = await check();
  const r = orgVat(id);
  assert.equal(r.status, 'valid');
  assert.notEqual(r.checkedAt, '-');
  assert.deepEqual(requests().filter((x) => x.vatNumber === vat.slice(2)), [{ countryCode: 'DE', vatNumber: vat.slice(2) }]);
  assert.match(w.stderr, new RegExp(`vies: organization ${id} ${vat} valid`));
  // Checked once: a later pass leaves it alone.
  await check();
  assert.equal(asked(vat), 1);
});

test('a number VIES does not know becomes invalid', async () => {
  const vat = vatNumber('DE');
  const id = orgWithVat(vat);
  answer({ valid: [vatNumber('DE')] });
  await check();
  assert.equal(orgVat(id).status, 'invalid');
  assert.equal(asked(vat), 1);
});

test('MS_UNAVAILABLE makes a number unavailable, asked again only after 10 minutes, then valid', async () => {
  const vat = vatNumber('FR');
  const id = orgWithVat(vat);
  answer({ unavailable: [vat] });
  let w = await check();
  const first = orgVat(id);
  assert.equal(first.status, 'unavailable');
  assert.notEqual(first.checkedAt, '-');
  assert.equal(asked(vat), 1);
  assert.match(w.stderr, new RegExp(`vies: organization ${id} ${vat} unavailable \\(MS_UNAVAILABLE\\)`));

  // Not again within 10 minutes, even though VIES would now answer.
  answer({ valid: [vat] });
  await check();
  await check(minutesAhead(5));
  assert.equal(asked(vat), 1, 'no second request within 10 minutes');
  assert.deepEqual(orgVat(id), first);

  // After 10 minutes: asked again, and confirmed.
  w = await check(minutesAhead(12));
  assert.equal(asked(vat), 2);
  assert.equal(orgVat(id).status, 'valid');
  assert.match(w.stderr, new RegExp(`vies: organization ${id} ${vat} valid`));
});

test('the service down (503) makes a number unavailable, never invalid', async () => {
  const vat = vatNumber('DE');
  const id = orgWithVat(vat);
  answer({ down: true });
  const w = await check();
  assert.equal(asked(vat), 1);
  assert.equal(orgVat(id).status, 'unavailable');
  assert.match(w.stderr, /unavailable \(HTTP 503\)/);
});

test('an answer that is not JSON makes a number unavailable, never invalid', async () => {
  const vat = vatNumber('DE');
  const id = orgWithVat(vat);
  answer({ malformed: [vat] });
  await check();
  assert.equal(asked(vat), 1);
  assert.equal(orgVat(id).status, 'unavailable');
});

test('a service slower than vies_timeout makes a number unavailable', async () => {
  const vat = vatNumber('DE');
  const id = orgWithVat(vat);
  answer({ valid: [vat], slow: 5 });
  const started = Date.now();
  const w = await check();
  const took = Date.now() - started;
  assert.equal(asked(vat), 1);
  assert.equal(orgVat(id).status, 'unavailable', 'the valid answer came too late');
  assert.ok(took < 4500, `the worker gave up after the 2 s timeout (took ${took} ms)`);
  assert.match(w.stderr, /unavailable \(Timeout was reached\)/);
  answer();
});

test('an answer for a number changed during the check is dropped', async () => {
  const old = vatNumber('DE');
  const changed = vatNumber('DE');
  const id = orgWithVat(old);
  // The answer (valid) takes 2 s; the worker waits up to 6 s.
  answer({ valid: [old], slow: 2 });
  const running = workerProcess([], patientConf);
  for (let i = 0; i < 100 && asked(old) === 0; i++) await sleep(20);
  assert.equal(asked(old), 1, 'the worker asked');
  // Saved meanwhile, as the web code does.
  sql(`UPDATE organizations SET vat_number = ${q(changed)}, vat_status = 'not_checked', vat_checked_at = NULL
       WHERE id = ${id}`);
  const w = await running;
  assert.equal(w.status, 0, w.stderr);
  assert.deepEqual(orgVat(id), { number: changed, status: 'not_checked', checkedAt: '-' });
  assert.match(w.stderr, new RegExp(`vies: organization ${id} ${old} changed during the check; the answer \\(valid\\) is dropped`));
  // The new number is asked about in the next pass.
  answer({ valid: [changed] });
  await check();
  assert.equal(asked(changed), 1);
  assert.equal(orgVat(id).status, 'valid');
});

test('two workers at once ask about each number once', async () => {
  const numbers = [1, 2, 3, 4, 5, 6].map(() => vatNumber('DE'));
  const ids = numbers.map(orgWithVat);
  answer({ valid: numbers.slice(0, 3), slow: 0.2 });
  const [a, b] = await Promise.all([workerProcess([], conf), workerProcess([], conf)]);
  assert.equal(a.status, 0, a.stderr);
  assert.equal(b.status, 0, b.stderr);
  for (const vat of numbers) assert.equal(asked(vat), 1, vat);
  assert.deepEqual(ids.map((id) => orgVat(id).status), ['valid', 'valid', 'valid', 'invalid', 'invalid', 'invalid']);
  const lines = `${a.stderr}${b.stderr}`.match(/vies: organization \d+ DE\d+ (valid|invalid)/g) ?? [];
  assert.equal(lines.length, numbers.length, 'one check (and one log line) per number');
});

test('billing addresses are checked too; Greek and Northern Irish numbers go as EL and XI', async () => {
  const org = orgWithVat(vatNumber('AT'));
  const el = vatNumber('EL');
  const xi = vatNumber('XI');
  sql(`INSERT INTO billing_addresses (org_id, name, street, postcode, city, country, vat_number, is_default, created_at)
       VALUES (${org}, 'Accounts', 'Odos Ermou 1', '10563', 'Athina', 'GR', ${q(el)}, 1, UTC_TIMESTAMP()),
              (${org}, 'Belfast office', '1 Donegall Square', 'BT1 5GS', 'Belfast', 'GB', ${q(xi)}, NULL, UTC_TIMESTAMP())`);
  answer({ valid: [el] });
  const w = await check();
  const rows = sql(`SELECT vat_number, vat_status, vat_checked_at IS NOT NULL FROM billing_addresses
                    WHERE org_id = ${org} ORDER BY id`);
  assert.deepEqual(rows, [[el, 'valid', '1'], [xi, 'invalid', '1']]);
  assert.equal(orgVat(org).status, 'invalid', 'the organization\'s own number is checked too');
  const sent = requests().filter((r) => [el, xi].includes(`${r.countryCode}${r.vatNumber}`));
  assert.deepEqual(sent, [{ countryCode: 'EL', vatNumber: el.slice(2) }, { countryCode: 'XI', vatNumber: xi.slice(2) }]);
  assert.match(w.stderr, /vies: billing address \d+ EL\d+ valid/);
});

test('without vies_url (the stack\'s configuration) nothing is asked', async () => {
  const vat = vatNumber('DE');
  const id = orgWithVat(vat);
  answer({ valid: [vat] });
  const w = await workerProcess();
  assert.equal(w.status, 0, w.stderr);
  assert.equal(asked(vat), 0);
  assert.deepEqual(orgVat(id), { number: vat, status: 'not_checked', checkedAt: '-' });
  assert.doesNotMatch(w.stderr, /vies:/);
  // The same row with vies_url set is asked about: it was waiting.
  await check();
  assert.equal(asked(vat), 1);
  assert.equal(orgVat(id).status, 'valid');
});
