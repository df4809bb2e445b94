// Schema invariants kept by the database itself: the migrations table, and the products
// count on each organization (kept by triggers, shown on the home page).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, newOrg, newProduct, newUser, sql, sqlValue } from './lib.js';

const count = (org) => Number(sql(`SELECT products_count FROM organizations WHERE id = ${org}`)[0][0]);

test('every migration in schema/ is applied once and recorded', () => {
  const files = readdirSync(join(ROOT, 'schema')).filter((f) => /^\d+_.*\.sql$/.test(f)).map((f) => f.replace(/\.sql$/, '')).sort();
  const applied = sql('SELECT version FROM schema_migrations ORDER BY version').map(([v]) => v);
  assert.deepEqual(applied, files);
});

test('the products count follows inserts, moves and deletes', () => {
  const u = newUser('count');
  const a = newOrg('Count A AG', u);
  const b = newOrg('Count B AG', u);
  assert.equal(count(a), 0);
  const p1 = newProduct(a, 'count-one.ch');
  newProduct(a, 'count-two.ch');
  assert.equal(count(a), 2);
  sql(`UPDATE products SET org_id = ${b} WHERE id = ${p1}`);
  assert.equal(count(a), 1);
  assert.equal(count(b), 1);
  sql(`UPDATE products SET name = 'renamed.ch' WHERE id = ${p1}`);
  assert.equal(count(b), 1);
  sql(`DELETE FROM products WHERE id = ${p1}`);
  assert.equal(count(b), 0);
  // A failed insert (rolled back) changes no count.
  assert.throws(() => sql(`INSERT INTO products (org_id, payer_org_id, kind, name, expires_at, created_at)
    VALUES (${a}, 999999999, 'domain', 'x.ch', '2030-01-01', UTC_TIMESTAMP())`));
  assert.equal(count(a), 1);
});

test('the worker purges what has expired and keeps what is alive', async () => {
  const { worker } = await import('./lib.js');
  const u = newUser('purge');
  sql(`INSERT INTO sessions (id_hash, user_id, created_at, last_seen, reauth_at, ip, user_agent) VALUES
    (UNHEX(SHA2('purge-old-${u.id}', 256)), ${u.id}, UTC_TIMESTAMP() - INTERVAL 2 HOUR, UTC_TIMESTAMP() - INTERVAL 2 HOUR, UTC_TIMESTAMP(), '', ''),
    (UNHEX(SHA2('purge-long-${u.id}', 256)), ${u.id}, UTC_TIMESTAMP() - INTERVAL 13 HOUR, UTC_TIMESTAMP(), UTC_TIMESTAMP(), '', ''),
    (UNHEX(SHA2('purge-live-${u.id}', 256)), ${u.id}, UTC_TIMESTAMP(), UTC_TIMESTAMP(), UTC_TIMESTAMP(), '', '')`);
  sql(`INSERT INTO throttle (scope, subject, window_start, failures, last_failure) VALUES
    (0, 'purge-old-${u.id}', UTC_TIMESTAMP() - INTERVAL 2 DAY, 3, UTC_TIMESTAMP() - INTERVAL 2 DAY),
    (0, 'purge-new-${u.id}', UTC_TIMESTAMP(), 3, UTC_TIMESTAMP())`);
  sql(`INSERT INTO password_resets (token_hash, user_id, created_at, expires_at) VALUES
    (UNHEX(SHA2('purge-r1-${u.id}', 256)), ${u.id}, UTC_TIMESTAMP() - INTERVAL 3 DAY, UTC_TIMESTAMP() - INTERVAL 2 DAY),
    (UNHEX(SHA2('purge-r2-${u.id}', 256)), ${u.id}, UTC_TIMESTAMP(), UTC_TIMESTAMP() + INTERVAL 1 HOUR)`);
  sql(`INSERT INTO outbox (kind, recipient, subject, body, status, not_before, created_at) VALUES
    ('email', '${u.email}', 'old', '', 'sent', UTC_TIMESTAMP(), UTC_TIMESTAMP() - INTERVAL 31 DAY),
    ('email', '${u.email}', 'recent', '', 'sent', UTC_TIMESTAMP(), UTC_TIMESTAMP() - INTERVAL 29 DAY)`);
  sql(`INSERT INTO login_challenges (id_hash, user_id, created_at, expires_at, ip, user_agent) VALUES
    (UNHEX(SHA2('purge-c1-${u.id}', 256)), ${u.id}, UTC_TIMESTAMP() - INTERVAL 2 DAY, UTC_TIMESTAMP() - INTERVAL 2 DAY, '', ''),
    (UNHEX(SHA2('purge-c2-${u.id}', 256)), ${u.id}, UTC_TIMESTAMP() - INTERVAL 1 HOUR, UTC_TIMESTAMP() - INTERVAL 1 HOUR, '', '')`);
  sql(`INSERT INTO device_registrations (token_hash, user_id, created_at, expires_at) VALUES
    (UNHEX(SHA2('purge-d1-${u.id}', 256)), ${u.id}, UTC_TIMESTAMP() - INTERVAL 2 DAY, UTC_TIMESTAMP() - INTERVAL 2 DAY),
    (UNHEX(SHA2('purge-d2-${u.id}', 256)), ${u.id}, UTC_TIMESTAMP(), UTC_TIMESTAMP() + INTERVAL 10 MINUTE)`);
  worker();
  assert.deepEqual(sql(`SELECT HEX(id_hash) = SHA2('purge-live-${u.id}', 256) FROM sessions WHERE user_id = ${u.id}`), [['1']]);
  assert.deepEqual(sql(`SELECT HEX(id_hash) = SHA2('purge-c2-${u.id}', 256) FROM login_challenges WHERE user_id = ${u.id}`), [['1']]);
  assert.deepEqual(sql(`SELECT HEX(token_hash) = SHA2('purge-d2-${u.id}', 256) FROM device_registrations WHERE user_id = ${u.id}`), [['1']]);
  assert.deepEqual(sql(`SELECT subject FROM throttle WHERE subject LIKE 'purge-%-${u.id}'`), [[`purge-new-${u.id}`]]);
  assert.equal(sqlValue(`SELECT COUNT(*) FROM password_resets WHERE user_id = ${u.id}`), '1');
  assert.deepEqual(sql(`SELECT subject FROM outbox WHERE recipient = '${u.email}'`), [['recent']]);
});
