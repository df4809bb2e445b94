// The "last legal representative" rule on a real two-node MariaDB Galera cluster: two legal
// representatives removed at the same moment through two different nodes must leave exactly
// one (fcgi/org/members.c writes organizations.members_version first, so that the two
// transactions conflict in certification; db_txn runs the loser again on 1213).
//
// Needs no other stack: scripts/galera.sh starts its own cluster in a temporary folder. Run
// alone with  KONTOR_ROOT=$PWD node --test tests/e2e/galera.test.js  (after make all).
// lib.js is not imported: it insists on the e2e stack's KONTOR_VAR and KONTOR_PORT.
// KONTOR_GALERA_KONTORCTL names another kontorctl binary (a control build); KONTOR_KEEP=1
// keeps the cluster's folder (logs in node1/mariadb.log, node2/mariadb.log).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = process.env.KONTOR_ROOT || resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const GALERA = join(ROOT, 'scripts/galera.sh');
const CTL = process.env.KONTOR_GALERA_KONTORCTL || join(ROOT, 'bin/kontorctl');
const PROVIDER = '/usr/lib/galera/libgalera_smm.so';
const PASSWORD = 'Granit-Wolke-Leiter-73';
const RUNS = 30;
const LAST_LR = /removing this member: The last legal representative cannot be removed/;
const RERUN = /deadlock; running the transaction again/g;

let dir;

function galera(...args) {
  const r = spawnSync(GALERA, args, { encoding: 'utf8', timeout: 120_000 });
  if (r.status !== 0) {
    throw new Error(`scripts/galera.sh ${args.join(' ')} failed (${r.error?.message ?? `status ${r.status}, signal ${r.signal}`}):\n${r.stdout}${r.stderr}`);
  }
  return r.stdout;
}

const conf = (node) => join(dir, `node${node}.conf`);

// kontorctl against node 1 or 2, as a child process: { status, stdout, stderr }.
function ctl(node, args, input = '') {
  return new Promise((res, rej) => {
    const p = spawn(CTL, args, { env: { ...process.env, KONTOR_CONF: conf(node) }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d) => { stdout += d; });
    p.stderr.on('data', (d) => { stderr += d; });
    p.on('error', rej);
    p.on('close', (status, signal) => res({ status, signal, stdout, stderr }));
    p.stdin.end(input);
  });
}

// kontorctl that must succeed and print an id.
async function ctlId(node, args, input = '') {
  const r = await ctl(node, args, input);
  assert.equal(r.status, 0, `kontorctl ${args.join(' ')} on node ${node}: ${r.stderr}`);
  assert.match(r.stdout, /^[1-9]\d*\n$/);
  return Number(r.stdout);
}

// A query on one node as the kontor user, after that node has applied everything the cluster
// committed before (wsrep_sync_wait=1); rows as arrays of strings.
function sql(node, query) {
  const r = spawnSync('mariadb', [`--defaults-file=${join(dir, 'client.cnf')}`, `--socket=${join(dir, `node${node}`, 'mysqld.sock')}`,
    '-N', '-B', '-e', `SET SESSION wsrep_sync_wait = 1; ${query}`], { encoding: 'utf8', timeout: 20_000 });
  if (r.status !== 0) throw new Error(`query on node ${node} failed: ${r.error?.message ?? r.stderr}\n${query}`);
  return r.stdout.split('\n').filter((l) => l !== '').map((l) => l.split('\t'));
}

before(() => {
  if (!existsSync(PROVIDER)) {
    throw new Error(`galera-4 is not installed (${PROVIDER} is missing): run scripts/deps.sh`);
  }
  if (!existsSync(CTL)) throw new Error(`${CTL} is missing: build first (make all)`);
  dir = mkdtempSync(join(tmpdir(), 'kontor-galera-'));
  galera('start', dir);
  const pw = /^db_password = (.*)$/m.exec(readFileSync(conf(1), 'utf8'))[1];
  writeFileSync(join(dir, 'client.cnf'), `[client]\nuser = kontor\npassword = ${pw}\ndatabase = kontor\n`, { mode: 0o600 });
});

after(() => {
  if (!dir) return;
  try {
    galera('stop', dir);
  } finally {
    if (process.env.KONTOR_KEEP === '1') console.log(`galera: files kept in ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  }
});

let n = 0;
function email(prefix) {
  n += 1;
  return `${prefix}${process.pid}g${n}@example.test`;
}

test('the two nodes form one cluster and a write on node 1 is read on node 2', async () => {
  for (const node of [1, 2]) {
    assert.deepEqual(sql(node, `SELECT @@wsrep_node_name, VARIABLE_VALUE FROM information_schema.GLOBAL_STATUS
      WHERE VARIABLE_NAME = 'WSREP_CLUSTER_SIZE'`), [[`node${node}`, '2']]);
  }
  const e = email('repl');
  const uid = await ctlId(1, ['user', 'add', e, '--name', 'Replica Test'], `${PASSWORD}\n`);
  const org = await ctlId(1, ['org', 'add', `Replikation AG ${uid}`, '--legal-rep', e]);
  assert.deepEqual(sql(2, `SELECT u.id, u.email, o.name, m.role FROM users u JOIN memberships m ON m.user_id = u.id
    JOIN organizations o ON o.id = m.org_id WHERE o.id = ${org}`), [[String(uid), e, `Replikation AG ${uid}`, 'legal_representative']]);
  // And the other way round: kontorctl on node 2 finds what node 1 wrote.
  const e2 = email('repl');
  const uid2 = await ctlId(2, ['user', 'add', e2, '--name', 'Replica Test 2'], `${PASSWORD}\n`);
  assert.equal(await ctlId(2, ['member', 'add', String(org), e2, '--role', 'admin']), uid2);
  assert.deepEqual(sql(1, `SELECT user_id, role FROM memberships WHERE org_id = ${org} ORDER BY role`),
    [[String(uid), 'legal_representative'], [String(uid2), 'admin']]);
});

test(`two legal representatives removing each other on two nodes at once leave exactly one (${RUNS} runs)`, async (t) => {
  const tally = { node1Won: 0, node2Won: 0, refusedLastLR: 0, refusedDbError: 0, runsWithRerun: 0, reruns: 0 };
  const dbErrors = [];
  let run = 0;
  try {
    for (run = 1; run <= RUNS; run++) {
      const e1 = email('lra');
      const e2 = email('lrb');
      const [u1, u2] = await Promise.all([
        ctlId(1, ['user', 'add', e1, '--name', `Rep A ${run}`], `${PASSWORD}\n`),
        ctlId(1, ['user', 'add', e2, '--name', `Rep B ${run}`], `${PASSWORD}\n`),
      ]);
      const org = await ctlId(1, ['org', 'add', `Wettlauf ${run} GmbH`, '--legal-rep', e1]);
      assert.equal(await ctlId(1, ['member', 'add', String(org), e2, '--role', 'legal_representative']), u2);
      // Node 2 has applied the set-up (so the race starts from two representatives on both).
      assert.deepEqual(sql(2, `SELECT COUNT(*) FROM memberships WHERE org_id = ${org} AND role = 'legal_representative'`), [['2']]);

      // The race: node 1 removes B, node 2 removes A, started together.
      const [r1, r2] = await Promise.all([
        ctl(1, ['member', 'remove', String(org), e2]),
        ctl(2, ['member', 'remove', String(org), e1]),
      ]);
      // What the cluster holds afterwards, read through both nodes, for the messages too.
      const left = [1, 2].map((node) => sql(node, `SELECT user_id FROM memberships
        WHERE org_id = ${org} AND role = 'legal_representative' ORDER BY user_id`).map((r) => Number(r[0])));
      const activity = sql(1, `SELECT id, event, subject FROM org_activity WHERE org_id = ${org} ORDER BY id`)
        .map((r) => r.join(' ')).join('; ');
      const version = sql(1, `SELECT members_version FROM organizations WHERE id = ${org}`)[0][0];
      const where = `run ${run} (org ${org}, A = ${u1}, B = ${u2}): node 1 (remove B): ${JSON.stringify(r1)}; `
        + `node 2 (remove A): ${JSON.stringify(r2)}; legal representatives left on node 1: [${left[0]}], `
        + `on node 2: [${left[1]}]; members_version ${version}; activity: ${activity}`;
      assert.deepEqual([r1.status, r2.status].sort(), [0, 1], `exactly one removal succeeds; ${where}`);
      const [won, lost, wonId, keptId] = r1.status === 0 ? [r1, r2, u2, u1] : [r2, r1, u1, u2];
      assert.equal(won.stdout, `${wonId}\n`, where);
      assert.equal(lost.stdout, '', where);
      const lastLine = lost.stderr.trimEnd().split('\n').pop();
      if (LAST_LR.test(lastLine)) tally.refusedLastLR += 1;
      else {
        // Possible on a cluster: the retries ran out or the node refused; a clear message.
        assert.match(lastLine, /^kontorctl: (removing this member failed|the database cannot be reached)/, `the refusal says why; ${where}`);
        tally.refusedDbError += 1;
        dbErrors.push(`run ${run}: ${lost.stderr.trim()}`);
      }
      if (r1.status === 0) tally.node1Won += 1;
      else tally.node2Won += 1;
      const reruns = (r1.stderr.match(RERUN) ?? []).length + (r2.stderr.match(RERUN) ?? []).length;
      tally.reruns += reruns;
      if (reruns) tally.runsWithRerun += 1;

      // Exactly one legal representative is left, the same one, read through either node.
      assert.deepEqual(left, [[keptId], [keptId]], `the one not removed is left; ${where}`);
    }
  } finally {
    t.diagnostic(`galera race, ${run > RUNS ? `${RUNS} runs` : `failed in run ${run}`}: ${JSON.stringify(tally)}`);
    for (const e of dbErrors) t.diagnostic(`database error instead of the rule's refusal: ${e}`);
  }
});
