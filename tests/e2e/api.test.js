// The JSON API (issue 3, DESIGN.md "The JSON API"): bearer tokens and their 401 codes, scopes,
// the success, list and error envelopes, pagination, last use, routing errors, throttling per
// token in nginx, the OpenAPI description against the route table, kontorctl token add, and
// tokens stored only as a keyed hash.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  PASSWORD, ROOT, VAR, apiRequest, client, kontorctl, kontorctlRun, newOrg, newProduct, newToken, newUser,
  q, sleep, sql, sqlValue, stack, tokenChecksum, wellFormedToken,
} from './lib.js';

const TOKEN_RE = /^kontor_[0-9A-Za-z]{39}$/;
const NO_TOKEN = 'Bearer realm="kontor"';
const BAD_TOKEN = 'Bearer realm="kontor", error="invalid_token"';

// Asserts the error envelope: the status, a JSON body {"result":"error","error":{code,
// description[, fields][, incident]}} and nothing else; returns the error object.
function assertError(res, status, code) {
  assert.equal(res.status, status, `${res.status}: ${res.body}`);
  assert.match(String(res.headers['content-type']), /^application\/json(;|$)/);
  assert.ok(res.json, `not JSON: ${res.body}`);
  assert.deepEqual(Object.keys(res.json).sort(), ['error', 'result']);
  assert.equal(res.json.result, 'error');
  const e = res.json.error;
  assert.equal(e.code, code);
  assert.equal(typeof e.description, 'string');
  assert.ok(e.description.length > 0);
  for (const k of Object.keys(e)) assert.ok(['code', 'description', 'fields', 'incident'].includes(k), `unexpected key ${k}`);
  return e;
}

// Asserts a 401 with its code and the WWW-Authenticate challenge (RFC 6750).
function assertUnauthorized(res, code, challenge) {
  assertError(res, 401, code);
  assert.equal(res.headers['www-authenticate'], challenge);
}

// Asserts the success envelope of a single object and returns data.
function assertOk(res) {
  assert.equal(res.status, 200, `${res.status}: ${res.body}`);
  assert.match(String(res.headers['content-type']), /^application\/json(;|$)/);
  assert.deepEqual(Object.keys(res.json).sort(), ['data', 'result']);
  assert.equal(res.json.result, 'success');
  return res.json.data;
}

// Asserts the list envelope and returns it.
function assertList(res) {
  assert.equal(res.status, 200, `${res.status}: ${res.body}`);
  assert.match(String(res.headers['content-type']), /^application\/json(;|$)/);
  assert.deepEqual(Object.keys(res.json).sort(), ['data', 'page', 'pages', 'result', 'total']);
  assert.equal(res.json.result, 'success');
  assert.ok(Array.isArray(res.json.data));
  return res.json;
}

const get = (c, token, path, opts) => apiRequest(c, token, 'GET', path, opts);

function tokenRow(id, cols) {
  return sql(`SELECT ${cols} FROM api_tokens WHERE id = ${id}`)[0];
}

function tokenCount() {
  return sql('SELECT (SELECT COUNT(*) FROM api_tokens), (SELECT COUNT(*) FROM api_token_products)')[0].join(' ');
}

// The date n days from today (UTC) as YYYY-MM-DD.
function day(n) {
  return new Date(Date.now() + n * 86400000).toISOString().slice(0, 10);
}

// ------------------------------------------------------------------------- profile

test('GET /api/1/profile answers the token\'s user in the success envelope', async () => {
  const email = `apiprofile${process.pid}@example.test`;
  const id = Number(kontorctl(['user', 'add', email, '--name', 'Zoë Müller-Łukasz', '--locale', 'de'], `${PASSWORD}\n`));
  const { token } = newToken({ id, email }, 'profile:read');
  const c = client();
  const res = await get(c, token, '/api/1/profile');
  const data = assertOk(res);
  const created = sqlValue(`SELECT DATE_FORMAT(created_at, '%Y-%m-%dT%H:%i:%sZ') FROM users WHERE id = ${id}`);
  assert.deepEqual(data, { id, email, name: 'Zoë Müller-Łukasz', locale: 'de', created_at: created });
  assert.match(data.created_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  assert.equal(res.headers['cache-control'], 'no-store');

  // A user who never chose a language reads as English.
  const u = newUser('apiprofile');
  const other = newToken(u, ['organizations:read', 'profile:read']);
  assert.equal(assertOk(await get(c, other.token, '/api/1/profile')).locale, 'en');
  assert.equal(assertOk(await get(c, other.token, '/api/1/profile')).id, u.id);
});

test('a token without the scope gets 403 forbidden', async () => {
  const u = newUser('apiscope');
  const c = client();
  const { token } = newToken(u, ['organizations:read', 'products:read', 'tenders:write']);
  const res = await get(c, token, '/api/1/profile');
  assertError(res, 403, 'forbidden');
  assert.doesNotMatch(res.body, new RegExp(u.email.replace(/\./g, '\\.')));
  // And the other way round: profile:read alone does not open the organizations.
  const p = newToken(u, 'profile:read');
  assertError(await get(c, p.token, '/api/1/organizations'), 403, 'forbidden');
  assertOk(await get(c, p.token, '/api/1/profile'));
});

// -------------------------------------------------------------------- organizations

test('GET /api/1/organizations lists the user\'s organizations with the DESIGN fields and the role', async () => {
  const u = newUser('apiorgs');
  const other = newUser('apiorgsother');
  const tag = process.pid;
  const alpha = newOrg(`Api Alpha ${tag}`, u, ['--country', 'DE', '--partner']);
  sql(`UPDATE organizations SET entity_type = 'association', street = 'Hauptstraße 1', postcode = '10115',
       city = 'Berlin', phone = '+49 30 1234567', email = 'info@alpha.example', vat_number = 'DE123456789',
       vat_status = 'valid' WHERE id = ${alpha}`);
  const beta = newOrg(`Api Beta ${tag}`, other);
  kontorctl(['member', 'add', String(beta), u.email, '--role', 'admin']);
  const gamma = newOrg(`Api Gamma ${tag}`, other);
  kontorctl(['member', 'add', String(gamma), u.email, '--role', 'user']);
  newOrg(`Api Delta ${tag}`, other); // not u's

  const { token } = newToken(u, 'organizations:read');
  const list = assertList(await get(client(), token, '/api/1/organizations'));
  const plain = (id, name, role) => ({
    id, name, entity_type: 'company', country: 'CH', address: { street: '', postcode: '', city: '' },
    phone: '', email: '', vat_number: null, vat_status: 'not_checked', uid_number: null, is_partner: false, role,
  });
  assert.deepEqual(list, {
    result: 'success',
    data: [
      {
        id: alpha, name: `Api Alpha ${tag}`, entity_type: 'association', country: 'DE',
        address: { street: 'Hauptstraße 1', postcode: '10115', city: 'Berlin' }, phone: '+49 30 1234567',
        email: 'info@alpha.example', vat_number: 'DE123456789', vat_status: 'valid', uid_number: null,
        is_partner: true, role: 'legal_representative',
      },
      plain(beta, `Api Beta ${tag}`, 'admin'),
      plain(gamma, `Api Gamma ${tag}`, 'user'),
    ],
    total: 3,
    page: 1,
    pages: 1,
  });
});

test('organizations are paginated: total, page, pages; per_page 1..100; a page past the end is empty', async () => {
  const u = newUser('apipages');
  const ids = [];
  for (let i = 1; i <= 5; i++) ids.push(newOrg(`Api Page ${process.pid} ${i}`, u));
  const { token } = newToken(u, 'organizations:read');
  const c = client();

  const all = assertList(await get(c, token, '/api/1/organizations?per_page=100'));
  assert.deepEqual(all.data.map((o) => o.id), ids);
  assert.deepEqual([all.total, all.page, all.pages], [5, 1, 1]);
  const dflt = assertList(await get(c, token, '/api/1/organizations'));
  assert.deepEqual([dflt.total, dflt.page, dflt.pages, dflt.data.length], [5, 1, 1, 5]);

  const seen = [];
  for (const page of [1, 2, 3]) {
    const l = assertList(await get(c, token, `/api/1/organizations?page=${page}&per_page=2`));
    assert.deepEqual([l.total, l.page, l.pages], [5, page, 3]);
    assert.equal(l.data.length, page < 3 ? 2 : 1);
    seen.push(...l.data.map((o) => o.id));
  }
  assert.deepEqual(seen, ids, 'the pages together are the whole list, in order, once each');

  for (const page of [4, 1000000]) {
    const past = assertList(await get(c, token, `/api/1/organizations?page=${page}&per_page=2`));
    assert.deepEqual(past, { result: 'success', data: [], total: 5, page, pages: 3 });
  }
  const one = assertList(await get(c, token, '/api/1/organizations?per_page=1&page=5'));
  assert.deepEqual([one.data.map((o) => o.id), one.pages], [[ids[4]], 5]);

  // A user without organizations: an empty first page.
  const lonely = newUser('apinone');
  const t2 = newToken(lonely, 'organizations:read');
  assert.deepEqual(assertList(await get(c, t2.token, '/api/1/organizations')),
    { result: 'success', data: [], total: 0, page: 1, pages: 0 });

  const bad = {
    'per_page=0': ['per_page'],
    'per_page=101': ['per_page'],
    'per_page=1.5': ['per_page'],
    'page=0': ['page'],
    'page=-1': ['page'],
    'page=abc': ['page'],
    'page=1000001': ['page'],
    'page=1&page=2': ['page'],
    'page=0&per_page=101': ['page', 'per_page'],
  };
  for (const [query, fields] of Object.entries(bad)) {
    const res = await get(c, token, `/api/1/organizations?${query}`);
    const e = assertError(res, 400, 'validation_failed');
    assert.deepEqual(Object.keys(e.fields ?? {}).sort(), fields, query);
    for (const f of fields) assert.equal(typeof e.fields[f], 'string');
  }
});

test('a token of user A sees only A\'s organizations, never B\'s', async () => {
  const a = newUser('apiusera');
  const b = newUser('apiuserb');
  const orgA = newOrg(`Api Own A ${process.pid}`, a);
  const orgB = newOrg(`Api Own B ${process.pid}`, b);
  const ta = newToken(a, ['organizations:read', 'profile:read']);
  const tb = newToken(b, ['organizations:read', 'profile:read']);
  const c = client();
  const la = assertList(await get(c, ta.token, '/api/1/organizations'));
  assert.deepEqual([la.total, la.data.map((o) => o.id)], [1, [orgA]]);
  const lb = assertList(await get(c, tb.token, '/api/1/organizations'));
  assert.deepEqual([lb.total, lb.data.map((o) => o.id)], [1, [orgB]]);
  assert.equal(assertOk(await get(c, ta.token, '/api/1/profile')).id, a.id);
});

// -------------------------------------------------------------------- authentication

test('the checksum of a token is the CRC-32 of its body in 6 base62 digits', () => {
  const u = newUser('apicrc');
  for (let i = 0; i < 3; i++) {
    const { token } = newToken(u, 'profile:read');
    assert.match(token, TOKEN_RE);
    assert.equal(token.slice(40), tokenChecksum(token.slice(7, 40)), token);
  }
});

test('no token, another scheme, a mistyped or unknown token: 401 not_authenticated with WWW-Authenticate', async () => {
  const u = newUser('api401');
  const { token, id } = newToken(u, 'profile:read');
  const c = client();
  const flip = (t, i) => t.slice(0, i) + (t[i] === 'A' ? 'B' : 'A') + t.slice(i + 1);

  // No credentials of the Bearer scheme: the challenge alone.
  assertUnauthorized(await get(c, null, '/api/1/profile'), 'not_authenticated', NO_TOKEN);
  assertUnauthorized(await get(c, null, '/api/1/profile', { headers: { Authorization: 'Basic dXNlcjpwYXNz' } }), 'not_authenticated', NO_TOKEN);
  assertUnauthorized(await get(c, null, '/api/1/profile', { headers: { Authorization: `Token ${token}` } }), 'not_authenticated', NO_TOKEN);
  assertUnauthorized(await get(c, null, '/api/1/profile', { headers: { Authorization: 'Bearer' } }), 'not_authenticated', NO_TOKEN);
  assertUnauthorized(await get(c, null, '/api/1/organizations'), 'not_authenticated', NO_TOKEN);

  // A token sent but refused: the challenge says invalid_token.
  const mistyped = [
    flip(token, 10), // one character of the random part
    flip(token, 44), // one character of the checksum
    token.slice(0, 45), // truncated
    `${token}x`, // too long
    `Kontor_${token.slice(7)}`, // another prefix
    `${token.slice(0, 20)}-${token.slice(21)}`, // not base62
    'A'.repeat(4000),
  ];
  for (const t of mistyped) {
    assertUnauthorized(await get(c, t, '/api/1/profile'), 'not_authenticated', BAD_TOKEN);
  }
  // Well formed with a right checksum, but never issued.
  const unknown = wellFormedToken();
  assert.match(unknown, TOKEN_RE);
  assertUnauthorized(await get(c, unknown, '/api/1/profile'), 'not_authenticated', BAD_TOKEN);

  // The scheme's name is case-insensitive (RFC 7235); more spaces before the token are read.
  for (const scheme of ['bearer ', 'BEARER ', 'Bearer   ']) {
    assertOk(await get(c, null, '/api/1/profile', { headers: { Authorization: `${scheme}${token}` } }));
  }

  // Issued, then deleted.
  const gone = newToken(u, 'profile:read');
  assertOk(await get(c, gone.token, '/api/1/profile'));
  sql(`DELETE FROM api_tokens WHERE id = ${gone.id}`);
  assertUnauthorized(await get(c, gone.token, '/api/1/profile'), 'not_authenticated', BAD_TOKEN);

  // Only the accepted call recorded a use.
  assert.deepEqual(tokenRow(id, "IFNULL(last_used_ip, '-')"), [c.address]);
});

test('a revoked, expired or deactivated token answers 401 with a code that says which, and records no use', async () => {
  const u = newUser('apistate');
  const c = client();
  const cases = [
    ['revoked_at = UTC_TIMESTAMP()', 'token_revoked'],
    ['expires_at = UTC_TIMESTAMP() - INTERVAL 1 SECOND', 'token_expired'],
    ['deactivated_at = UTC_TIMESTAMP()', 'token_deactivated'],
    // Revoked wins over the others.
    ['revoked_at = UTC_TIMESTAMP(), deactivated_at = UTC_TIMESTAMP(), expires_at = UTC_TIMESTAMP() - INTERVAL 1 DAY', 'token_revoked'],
  ];
  for (const [set, code] of cases) {
    const t = newToken(u, ['profile:read', 'organizations:read']);
    sql(`UPDATE api_tokens SET ${set} WHERE id = ${t.id}`);
    assertUnauthorized(await get(c, t.token, '/api/1/profile'), code, BAD_TOKEN);
    assertUnauthorized(await get(c, t.token, '/api/1/organizations'), code, BAD_TOKEN);
    assert.deepEqual(tokenRow(t.id, "IFNULL(last_used_at, '-'), IFNULL(last_used_ip, '-')"), ['-', '-'], code);
  }
  // An expiry still ahead lets the token through.
  const later = newToken(u, 'profile:read');
  sql(`UPDATE api_tokens SET expires_at = UTC_TIMESTAMP() + INTERVAL 1 MINUTE WHERE id = ${later.id}`);
  assertOk(await get(c, later.token, '/api/1/profile'));
});

test('a mistyped token is refused without the database: 401 even while MariaDB is down', async () => {
  const u = newUser('apidown');
  const { token } = newToken(u, 'profile:read');
  const c = client();
  assertOk(await get(c, token, '/api/1/profile'));
  const mistyped = token.slice(0, 45) + (token[45] === 'A' ? 'B' : 'A');
  stack('db-stop');
  try {
    // Several rounds, so that every process of the pool answers.
    for (let i = 0; i < 4; i++) {
      assertUnauthorized(await get(c, mistyped, '/api/1/profile'), 'not_authenticated', BAD_TOKEN);
      assertUnauthorized(await get(c, null, '/api/1/profile'), 'not_authenticated', NO_TOKEN);
      // A well-formed token needs the database: the API is unavailable, and says so.
      for (const t of [token, wellFormedToken()]) {
        const e = assertError(await get(c, t, '/api/1/profile'), 503, 'unavailable');
        assert.match(e.incident, /^[A-Za-z0-9_-]{8}$/);
      }
    }
  } finally {
    stack('db-start');
  }
  let res;
  for (let i = 0; i < 50; i++) {
    res = await get(c, token, '/api/1/profile');
    if (res.status === 200) break;
    await sleep(200);
  }
  assert.equal(assertOk(res).id, u.id);
});

test('the last use (time and address) is recorded at most once a minute', async () => {
  const u = newUser('apiused');
  const t = newToken(u, 'profile:read');
  const row = () => tokenRow(t.id, "IFNULL(last_used_at, '-'), IFNULL(last_used_ip, '-'), idle_since, created_at, IFNULL(deactivation_warned_at, '-')");
  const [, , idle0, created] = row();
  assert.deepEqual(row(), ['-', '-', created, created, '-']);
  assert.equal(idle0, created);

  const c1 = client();
  const c2 = client();
  assertOk(await get(c1, t.token, '/api/1/profile'));
  const first = row();
  assert.equal(first[1], c1.address);
  assert.equal(first[2], first[0], 'use restarts the idle clock');
  const age = () => Number(sqlValue(`SELECT TIMESTAMPDIFF(SECOND, last_used_at, UTC_TIMESTAMP()) FROM api_tokens WHERE id = ${t.id}`));
  assert.ok(age() >= 0 && age() <= 5, `last used ${age()} s ago`);

  // Quick calls from another address: nothing written.
  assertOk(await get(c2, t.token, '/api/1/profile'));
  assertOk(await get(c2, t.token, '/api/1/profile'));
  assert.deepEqual(row(), first);

  // 50 seconds ago: still within the minute.
  sql(`UPDATE api_tokens SET last_used_at = UTC_TIMESTAMP() - INTERVAL 50 SECOND, idle_since = UTC_TIMESTAMP() - INTERVAL 50 SECOND WHERE id = ${t.id}`);
  const within = row();
  assertOk(await get(c2, t.token, '/api/1/profile'));
  assert.deepEqual(row(), within);

  // Two minutes ago (and warned of the coming deactivation): the next call records itself.
  sql(`UPDATE api_tokens SET last_used_at = UTC_TIMESTAMP() - INTERVAL 2 MINUTE, idle_since = UTC_TIMESTAMP() - INTERVAL 2 MINUTE,
       deactivation_warned_at = UTC_TIMESTAMP() WHERE id = ${t.id}`);
  assertOk(await get(c2, t.token, '/api/1/profile'));
  const now = row();
  assert.equal(now[1], c2.address);
  assert.equal(now[2], now[0]);
  assert.equal(now[4], '-', 'a use clears the deactivation warning');
  assert.ok(age() >= 0 && age() <= 5, `last used ${age()} s ago`);
});

// ------------------------------------------------------------------------- routing

test('an unknown API path answers 404 not_found, a known path with another method 405, as JSON', async () => {
  const u = newUser('apiroute');
  const { token } = newToken(u, ['profile:read', 'organizations:read']);
  const c = client();
  for (const path of ['/api/1/nothing', '/api/1/profile/', '/api/1/organizations/abc', '/api/2/profile', '/api/', '/api/1/profile/1']) {
    assertError(await get(c, token, path), 404, 'not_found');
    // Routing comes before authentication: the same without a token.
    assertError(await get(c, null, path), 404, 'not_found');
  }
  for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) {
    // PATCH /api/1/profile exists (api_profile.test.js).
    if (method !== 'PATCH') assertError(await apiRequest(c, token, method, '/api/1/profile'), 405, 'method_not_allowed');
    assertError(await apiRequest(c, token, method, '/api/1/organizations'), 405, 'method_not_allowed');
  }
  assertError(await apiRequest(c, token, 'FROB', '/api/1/profile'), 405, 'method_not_allowed');

  // No API route takes a body yet, so a POST of any content type meets the 405 of the
  // routing before the body is looked at (the 415 of a non-JSON body needs a write route).
  const json = { 'Content-Type': 'application/json' };
  const form = { 'Content-Type': 'application/x-www-form-urlencoded' };
  const plain = { 'Content-Type': 'text/plain' };
  for (const [headers, body] of [[plain, 'hello'], [form, 'a=1'], [json, '{"name":"x"}']]) {
    assertError(await apiRequest(c, token, 'POST', '/api/1/profile', { headers, body }), 405, 'method_not_allowed');
    assertError(await apiRequest(c, token, 'POST', '/api/1/organizations', { headers, body }), 405, 'method_not_allowed');
  }
  // Nothing about the user was changed by any of it.
  assert.equal(assertOk(await get(c, token, '/api/1/profile')).email, u.email);
});

// ------------------------------------------------------------------------ throttling

test('requests are throttled per token by nginx: 429 too_many_requests with Retry-After; another token is served', async () => {
  const u = newUser('apithrottle');
  const a = newToken(u, 'profile:read');
  const b = newToken(u, 'profile:read');
  const c = client();
  // 150 at once: the token's zone (20 r/s, burst 40) lets the first and its burst through and
  // refuses most of the rest before they reach the application.
  const all = await Promise.all(Array.from({ length: 150 }, () => get(c, a.token, '/api/1/profile')));
  const served = all.filter((r) => r.status === 200);
  const refused = all.filter((r) => r.status === 429);
  assert.equal(served.length + refused.length, 150, `statuses: ${all.map((r) => r.status)}`);
  assert.ok(served.length >= 41, `${served.length} served`);
  assert.ok(refused.length >= 20, `${refused.length} refused`);
  for (const r of served) assert.equal(r.json.data.id, u.id);
  for (const r of refused) {
    assertError(r, 429, 'too_many_requests');
    assert.match(String(r.headers['retry-after']), /^[1-9]\d*$/);
    assert.equal(r.headers['cache-control'], 'no-store');
  }
  // The same token from another address is still in the same bucket.
  const elsewhere = client();
  const again = await Promise.all(Array.from({ length: 30 }, () => get(elsewhere, a.token, '/api/1/profile')));
  assert.ok(again.some((r) => r.status === 429), `statuses: ${again.map((r) => r.status)}`);
  // Another token from the first address is not throttled by the first token's zone (the
  // address's own zone, 50 r/s with a burst of 100, has room for these few).
  for (let i = 0; i < 5; i++) assertOk(await get(c, b.token, '/api/1/profile'));
  // nginx names the token's zone for every refusal from these addresses.
  const log = readFileSync(join(VAR, 'log/nginx-error.log'), 'utf8').split('\n')
    .filter((l) => /limiting requests/.test(l) && (l.includes(`client: ${c.address},`) || l.includes(`client: ${elsewhere.address},`)));
  assert.ok(log.length >= refused.length, `${log.length} log lines`);
  for (const l of log) assert.match(l, /by zone "kontor_api_token"/);
});

test('bug: writing "Bearer" in another case or with more spaces escaped the token\'s throttling', async () => {
  const u = newUser('apispelling');
  const { token } = newToken(u, 'profile:read');
  const spellings = ['Bearer ', 'bearer ', 'BEARER ', 'BeArEr ', 'Bearer  ', 'bearer   '];
  // Each spelling from addresses of its own, so that only the token's zone can refuse: with a
  // bucket per spelling all 150 would be served.
  const clients = spellings.map(() => client());
  const all = await Promise.all(Array.from({ length: 150 }, (_, i) => get(clients[i % 6], null, '/api/1/profile',
    { headers: { Authorization: `${spellings[i % 6]}${token}` } })));
  const served = all.filter((r) => r.status === 200);
  const refused = all.filter((r) => r.status === 429);
  assert.equal(served.length + refused.length, 150, `statuses: ${all.map((r) => r.status)}`);
  assert.ok(served.length >= 41, `${served.length} served`);
  assert.ok(served.length < 100, `${served.length} served: one bucket per spelling`);
  for (const r of refused) assertError(r, 429, 'too_many_requests');
});

// ------------------------------------------------------------------------- OpenAPI

test('GET /api/1/openapi.json describes exactly the routes of bin/api --routes, with their scopes', async () => {
  const res = await get(client(), null, '/api/1/openapi.json');
  assert.equal(res.status, 200);
  assert.match(String(res.headers['content-type']), /^application\/json(;|$)/);
  assert.equal(res.body, readFileSync(join(ROOT, 'templates/api/openapi.json'), 'utf8'));
  const doc = res.json;
  assert.ok(doc, 'valid JSON');
  assert.match(doc.openapi, /^3\.\d+\.\d+$/);
  assert.deepEqual(doc.servers, [{ url: '/api/1' }]);
  assert.deepEqual(doc.security, [{ bearer: [] }]);
  assert.equal(doc.components.securitySchemes.bearer.scheme, 'bearer');

  const routes = execFileSync(join(ROOT, 'bin/api'), ['--routes'], { encoding: 'utf8', env: { PATH: process.env.PATH } })
    .split('\n').filter((l) => l !== '').map((l) => {
      const [method, path, scope, ...rest] = l.split(' ');
      assert.deepEqual(rest, [], l);
      return { method, path, scope };
    });
  assert.ok(routes.length >= 3);
  const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
  const described = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const m of Object.keys(item)) {
      if (METHODS.includes(m)) described.push(`${m.toUpperCase()} ${doc.servers[0].url}${path}`);
    }
  }
  assert.deepEqual(described.sort(), routes.map((r) => `${r.method} ${r.path}`).sort());

  for (const r of routes) {
    const op = doc.paths[r.path.slice('/api/1'.length)][r.method.toLowerCase()];
    if (r.scope === '-') {
      assert.equal(op['x-scope'], undefined, r.path);
      assert.deepEqual(op.security, [], `${r.path} is public`);
    } else {
      assert.equal(op['x-scope'], r.scope, r.path);
      assert.equal(op.security, undefined, `${r.path} needs the bearer token`);
      for (const status of ['401', '403', '429']) assert.ok(op.responses[status], `${r.path} documents ${status}`);
    }
  }

  // Every $ref resolves.
  const resolve = (ref) => ref.slice(2).split('/').reduce((o, k) => o?.[k.replace(/~1/g, '/').replace(/~0/g, '~')], doc);
  const walk = (v) => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        if (k === '$ref') {
          assert.match(x, /^#\//);
          assert.ok(resolve(x) !== undefined, `${x} resolves`);
        } else walk(x);
      }
    }
  };
  walk(doc);

  // The error codes the description lists are those of fcgi/core/api.c.
  const src = readFileSync(join(ROOT, 'fcgi/core/api.c'), 'utf8');
  const codes = [...src.matchAll(/\{(\d{3}), "([a-z_]+)",/g)].map((m) => m[2]);
  assert.ok(codes.length >= 10);
  assert.deepEqual([...doc.components.schemas.Error.properties.error.properties.code.enum].sort(), codes.sort());
});

// ------------------------------------------------------------------ kontorctl token add

test('kontorctl token add prints a token that works, with the scopes given', async () => {
  const u = newUser('ctltoken');
  const before = Number(sqlValue(`SELECT COUNT(*) FROM api_tokens WHERE user_id = ${u.id}`));
  const r = kontorctlRun(['token', 'add', u.email, '--name', 'Provisioning', '--scopes', 'profile:read,organizations:read']);
  assert.equal(r.stderr, '');
  assert.equal(r.status, 0);
  assert.match(r.stdout, /^kontor_[0-9A-Za-z]{39}\n$/);
  const token = r.stdout.trim();
  assert.match(token, TOKEN_RE);
  assert.deepEqual(sql(`SELECT name, scopes, all_products, IFNULL(expires_at, '-'), IFNULL(revoked_at, '-'), IFNULL(deactivated_at, '-')
    FROM api_tokens WHERE user_id = ${u.id}`), [['Provisioning', 'profile:read,organizations:read', '1', '-', '-', '-']]);
  assert.equal(Number(sqlValue(`SELECT COUNT(*) FROM api_tokens WHERE user_id = ${u.id}`)), before + 1);
  const c = client();
  assertOk(await get(c, token, '/api/1/profile'));
  assertList(await get(c, token, '/api/1/organizations'));
  // Every call makes a new token.
  const second = kontorctl(['token', 'add', u.email, '--name', 'Provisioning', '--scopes', 'profile:read']);
  assert.match(second, TOKEN_RE);
  assert.notEqual(second, token);
});

test('kontorctl token add --expires: valid through that day (UTC), i.e. until 00:00 of the next', async () => {
  const u = newUser('ctlexp');
  const c = client();
  const far = newToken(u, 'profile:read', ['--expires', '2030-02-28']);
  assert.deepEqual(tokenRow(far.id, 'expires_at'), ['2030-03-01 00:00:00']);
  const today = newToken(u, 'profile:read', ['--expires', day(0)]);
  assert.deepEqual(tokenRow(today.id, 'expires_at'), [`${day(1)} 00:00:00`]);
  assertOk(await get(c, today.token, '/api/1/profile'));
  assertOk(await get(c, far.token, '/api/1/profile'));
});

test('kontorctl token add --products limits the token to products of organizations the user manages', () => {
  const u = newUser('ctlprod');
  const other = newUser('ctlprodother');
  const own = newOrg(`Ctl Token Own ${process.pid}`, u);
  const p1 = newProduct(own, `own-one-${process.pid}.ch`);
  const p2 = newProduct(own, `own-two-${process.pid}.ch`);
  const p3 = newProduct(own, `own-three-${process.pid}.ch`);
  const administered = newOrg(`Ctl Token Admin ${process.pid}`, other);
  kontorctl(['member', 'add', String(administered), u.email, '--role', 'admin']);
  const pa = newProduct(administered, `admin-${process.pid}.ch`);

  const t = newToken(u, ['products:read'], ['--products', `${p2},${pa},${p1}`]);
  assert.deepEqual(tokenRow(t.id, 'all_products'), ['0']);
  assert.deepEqual(sql(`SELECT product_id FROM api_token_products WHERE token_id = ${t.id} ORDER BY product_id`),
    [p1, p2, pa].sort((x, y) => x - y).map((p) => [String(p)]));
  // Named twice: kept once.
  const twice = newToken(u, ['products:read'], ['--products', `${p3},${p3}`]);
  assert.deepEqual(sql(`SELECT product_id FROM api_token_products WHERE token_id = ${twice.id}`), [[String(p3)]]);
  // Without --products: all the user's products, no list.
  const everything = newToken(u, ['products:read']);
  assert.deepEqual(tokenRow(everything.id, 'all_products'), ['1']);
  assert.equal(sqlValue(`SELECT COUNT(*) FROM api_token_products WHERE token_id = ${everything.id}`), '0');
});

test('kontorctl token add refuses bad input with one line on stderr, exit 1, and creates nothing', () => {
  const u = newUser('ctltokbad');
  const other = newUser('ctltokother');
  const own = newOrg(`Ctl Bad Own ${process.pid}`, u);
  const mine = newProduct(own, `mine-${process.pid}.ch`);
  const foreign = newProduct(newOrg(`Ctl Bad Foreign ${process.pid}`, other), `foreign-${process.pid}.ch`);
  const asUser = newOrg(`Ctl Bad Member ${process.pid}`, other);
  kontorctl(['member', 'add', String(asUser), u.email, '--role', 'user']);
  const memberOnly = newProduct(asUser, `member-${process.pid}.ch`);

  const base = ['token', 'add', u.email, '--name', 'Bad'];
  const SCOPES = /^kontorctl: --scopes: one or more of profile:read, profile:write, organizations:read, organizations:write, products:read, products:write, billing:read, billing:write, partners:read, partners:write, tenders:read, tenders:write, separated by commas$/;
  const PRODUCTS = /^kontorctl: products: each must be a product of an organization the user administers$/;
  const cases = [
    [[...base, '--scopes', 'profile:read,profile:delete'], SCOPES],
    [[...base, '--scopes', 'admin'], SCOPES],
    [[...base, '--scopes', ''], SCOPES],
    [[...base], SCOPES],
    [['token', 'add', u.email, '--scopes', 'profile:read'], /^kontorctl: --name is required$/],
    [['token', 'add', u.email, '--name', '', '--scopes', 'profile:read'], /^kontorctl: name: This value is too short\.$/],
    [['token', 'add', u.email, '--name', 'x'.repeat(101), '--scopes', 'profile:read'], /^kontorctl: name: This value is too long\.$/],
    [[...base, '--scopes', 'profile:read', '--expires', day(-1)], /^kontorctl: expires: The date must be today or later\.$/],
    [[...base, '--scopes', 'profile:read', '--expires', '2001-01-01'], /^kontorctl: expires: The date must be today or later\.$/],
    [[...base, '--scopes', 'profile:read', '--expires', '9999-12-31'], /^kontorctl: expires: The date may be at most 5 years ahead\.$/],
    [[...base, '--scopes', 'profile:read', '--expires', '2031-02-30'], /^kontorctl: expires: This value is not valid\.$/],
    [[...base, '--scopes', 'products:read', '--products', String(foreign)], PRODUCTS],
    [[...base, '--scopes', 'products:read', '--products', `${mine},${foreign}`], PRODUCTS],
    [[...base, '--scopes', 'products:read', '--products', String(memberOnly)], PRODUCTS],
    [[...base, '--scopes', 'products:read', '--products', '999999999'], PRODUCTS],
    [[...base, '--scopes', 'products:read', '--products', 'abc'], /^kontorctl: products: This value is not valid\.$/],
    [['token', 'add', `nobody${process.pid}@example.test`, '--name', 'Bad', '--scopes', 'profile:read'], /^kontorctl: no user with the e-mail address nobody\d+@example\.test$/],
    [[...base, '--scopes', 'profile:read', '--frobnicate', 'x'], /^kontorctl: unknown option --frobnicate$/],
  ];
  const before = tokenCount();
  for (const [args, want] of cases) {
    const r = kontorctlRun(args);
    assert.equal(r.status, 1, `kontorctl ${args.join(' ')}: ${r.stderr} ${r.error ?? ''}`);
    assert.equal(r.stdout, '', 'no token printed');
    assert.match(r.stderr, /^kontorctl: [^\n]+\n$/, `one line: ${JSON.stringify(r.stderr)}`);
    assert.match(r.stderr.trim(), want, args.join(' '));
    assert.equal(tokenCount(), before, `kontorctl ${args.join(' ')} created nothing`);
  }
  assert.equal(sqlValue(`SELECT COUNT(*) FROM api_tokens WHERE user_id = ${u.id}`), '0');
});

// ----------------------------------------------------------------- stored as a hash

test('a token is stored only as a 32-byte keyed hash: no column holds its text, no log either', async () => {
  const u = newUser('apihash');
  const { token, id } = newToken(u, 'profile:read');
  const c = client();
  assertOk(await get(c, token, '/api/1/profile'));
  sql(`UPDATE api_tokens SET revoked_at = UTC_TIMESTAMP() WHERE id = ${id}`);
  assertUnauthorized(await get(c, token, '/api/1/profile'), 'token_revoked', BAD_TOKEN);

  const body = token.slice(7, 40);
  for (const table of ['api_tokens', 'api_token_products']) {
    const cols = sql(`SELECT COLUMN_NAME FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ${q(table)}`).map((r) => r[0]);
    assert.ok(cols.length >= 2, table);
    for (const part of [token, body, body.slice(0, 16), body.slice(-16)]) {
      const hits = sqlValue(`SELECT COUNT(*) FROM ${table} WHERE ${cols.map((col) => `INSTR(CAST(\`${col}\` AS BINARY), ${q(part)}) > 0`).join(' OR ')}`);
      assert.equal(hits, '0', `${table} holds ${part}`);
    }
  }
  assert.deepEqual(tokenRow(id, 'LENGTH(token_hash)'), ['32']);
  // Keyed: not a plain SHA-256 of the token.
  const sha = createHash('sha256').update(token).digest('hex').toUpperCase();
  assert.notEqual(tokenRow(id, 'HEX(token_hash)')[0], sha);
  assert.equal(sqlValue(`SELECT COUNT(*) FROM api_tokens WHERE token_hash = UNHEX(SHA2(${q(token)}, 256))`), '0');

  // nginx flushes its buffered access log within a second.
  await sleep(1200);
  const dir = join(VAR, 'log');
  for (const f of readdirSync(dir)) {
    assert.equal(readFileSync(join(dir, f), 'latin1').includes(body), false, `log/${f} holds the token`);
  }
});
