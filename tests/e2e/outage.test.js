// The database goes away and comes back: requests answer Kontor's own 503 page (not a 502
// from nginx), and once MariaDB is up again the same FastCGI processes reconnect and serve.
// MariaDB is always started again, whatever the test does.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import {
  ROOT, SESSION_COOKIE, VAR, assertPage, client, kontorctlRun, loggedIn, mailsTo, newUser, sleep, stack, workerProcess,
} from './lib.js';

// The pids of the auth pool: the children of its multiwatch (spawn-fcgi -n runs it in place).
function poolPids() {
  const watch = readFileSync(join(VAR, 'run/auth.pid'), 'utf8').trim();
  return readFileSync(`/proc/${watch}/task/${watch}/children`, 'utf8').trim().split(/\s+/).sort();
}

function alive(pidFile) {
  const pid = readFileSync(join(VAR, 'run', pidFile), 'utf8').trim();
  return existsSync(`/proc/${pid}`);
}

// One request straight to a FastCGI socket (cgi-fcgi), as nginx would send it.
function fcgi(sock, path, headers = {}) {
  const env = {
    REQUEST_METHOD: 'GET', DOCUMENT_URI: path, SCRIPT_NAME: path, QUERY_STRING: '', REMOTE_ADDR: '127.0.0.1',
    HTTP_HOST: 'localhost', SERVER_PORT: '443', HTTP_ACCEPT_LANGUAGE: 'en', ...headers,
  };
  const r = spawnSync('cgi-fcgi', ['-bind', '-connect', sock], { env, encoding: 'utf8', timeout: 10000 });
  const split = r.stdout.indexOf('\r\n\r\n');
  const head = r.stdout.slice(0, split);
  return { status: Number(/^Status: (\d+)/m.exec(head)?.[1]), head, body: r.stdout.slice(split + 4) };
}

function assertUnavailable(res, title = 'Temporarily unavailable') {
  assert.equal(res.status, 503);
  assertPage(res.body);
  assert.equal(/<h1>([^<]*)<\/h1>/.exec(res.body)?.[1], title);
  assert.match(res.body, /<p class="incident">[^<]+<code>[A-Za-z0-9_-]{8}<\/code><\/p>/);
  assert.doesNotMatch(res.body, /nginx|Bad Gateway|mysql|mariadb|socket/i);
}

test('with MariaDB stopped requests answer 503; when it is back the same processes serve again', async () => {
  const u = newUser('outage');
  const c = await loggedIn(u);
  assert.equal((await c.get('/')).status, 200);
  const anon = client();
  await anon.get('/login');
  const pids = poolPids();
  assert.equal(pids.length >= 2, true, `pool: ${pids}`);

  stack('db-stop');
  try {
    // Every process of the pool answers (several requests reach both), in the user's language.
    const token = Buffer.alloc(32, 3).toString('base64url');
    for (let i = 0; i < 4; i++) {
      assertUnavailable(await c.get('/'));
      assertUnavailable(await anon.get(`/reset/confirm?token=${token}`));
      const post = await anon.post('/login', { email: u.email, password: u.password });
      assertUnavailable(post);
      assert.equal(post.headers['set-cookie']?.some((h) => h.startsWith('__Host-kontor=')) ?? false, false);
    }
    assertUnavailable(await c.get('/', { headers: { 'Accept-Language': 'de' } }), 'Vorübergehend nicht verfügbar');
    // Pages that need no database still answer as usual.
    assert.equal((await anon.get('/no/such/page')).status, 404);
    assert.equal((await anon.get('/static/kontor.css')).status, 200);

    // The operator's tools say so in one line instead of crashing.
    const ctl = kontorctlRun(['user', 'add', `down-${u.id}@example.test`, '--name', 'Down'], 'Granit-Wolke-Leiter-73\n');
    assert.equal(ctl.status, 1);
    assert.equal(ctl.stdout, '');
    assert.match(ctl.stderr, /^kontorctl: the database cannot be reached\n$/m);
    const w = await workerProcess();
    assert.equal(w.signal, null);
    assert.equal(w.status, 1);
    // The pool and the background worker are still running.
    assert.deepEqual(poolPids(), pids);
    assert.ok(alive('worker.pid'));
  } finally {
    stack('db-start');
  }

  // The very next requests work, on the same processes and the same session.
  for (let i = 0; i < 4; i++) {
    const home = await c.get('/');
    assert.equal(home.status, 200);
    assertPage(home.body);
  }
  assert.equal((await client().login(u.email, u.password)).status, 303);
  assert.deepEqual(poolPids(), pids);

  // The background worker, still the same process, delivers mail again (it retries every
  // few seconds after a failed pass).
  assert.ok(alive('worker.pid'));
  const r = client();
  await r.get('/reset');
  assert.equal((await r.post('/reset', { email: u.email })).status, 303);
  let delivered = [];
  for (let i = 0; i < 100 && delivered.length === 0; i++) {
    await sleep(100);
    delivered = mailsTo(u.email);
  }
  assert.equal(delivered.length, 1, 'the running worker delivered the reset mail');
});

test('an auth process started while MariaDB is down answers 503, then serves once it is back', async () => {
  const u = newUser('coldstart');
  const c = await loggedIn(u);
  const cookie = `${SESSION_COOKIE}=${c.cookies.get(SESSION_COOKIE)}`;
  const sock = join(VAR, 'run', `coldstart-${process.pid}.sock`);
  rmSync(sock, { force: true });
  let proc;
  stack('db-stop');
  try {
    // spawn-fcgi -n binds the socket and runs bin/auth in its own place.
    proc = spawn('spawn-fcgi', ['-n', '-s', sock, '--', join(ROOT, 'bin/auth')], {
      env: { ...process.env, KONTOR_CONF: join(VAR, 'kontor.conf') }, stdio: 'ignore',
    });
    for (let i = 0; i < 50 && !existsSync(sock); i++) await sleep(50);
    const down = fcgi(sock, '/', { HTTP_COOKIE: cookie });
    assert.equal(down.status, 503, down.head);
    assertUnavailable(down);
    assert.equal(proc.exitCode, null, 'the process is still running');
  } finally {
    stack('db-start');
  }
  try {
    const up = fcgi(sock, '/', { HTTP_COOKIE: cookie });
    assert.equal(up.status, 200, up.head);
    assertPage(up.body);
    assert.match(up.body, /<h1>Your organizations<\/h1>/);
  } finally {
    proc?.kill();
    rmSync(sock, { force: true });
  }
});
