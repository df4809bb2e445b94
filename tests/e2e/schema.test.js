// Schema invariants kept by the database itself: the migrations table, and the products
// count on each organization (kept by triggers, shown on the home page).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, newOrg, newProduct, newUser, sql } from './lib.js';

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
