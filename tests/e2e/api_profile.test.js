// PATCH /api/1/profile: the API's first endpoint with a JSON body, and so the test of the
// body rules: JSON only, one object, known fields, typed and bounded values; a refused body
// changes nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { apiRequest, client, newToken, newUser, sqlValue } from './lib.js';

const JSON_TYPE = { 'Content-Type': 'application/json' };

function patch(c, token, body, headers = JSON_TYPE) {
  return apiRequest(c, token, 'PATCH', '/api/1/profile', { headers, body });
}

test('PATCH /profile changes the name and the language, and answers the new profile', async () => {
  const u = newUser('apiname');
  const { token } = newToken(u, ['profile:read', 'profile:write']);
  const c = client();
  const res = await patch(c, token, JSON.stringify({ name: 'Zoë Müller', locale: 'de' }));
  assert.equal(res.status, 200);
  assert.equal(res.json.result, 'success');
  assert.equal(res.json.data.name, 'Zoë Müller');
  assert.equal(res.json.data.locale, 'de');
  assert.equal(sqlValue(`SELECT name FROM users WHERE id = ${u.id}`), 'Zoë Müller');
  const only = await patch(c, token, JSON.stringify({ locale: 'fr' }));
  assert.equal(only.json.data.name, 'Zoë Müller');
  assert.equal(only.json.data.locale, 'fr');
});

test('PATCH /profile needs the profile:write scope', async () => {
  const u = newUser('apinoscope');
  const { token } = newToken(u, ['profile:read']);
  const res = await patch(client(), token, JSON.stringify({ name: 'Changed' }));
  assert.equal(res.status, 403);
  assert.equal(res.json.error.code, 'forbidden');
  assert.notEqual(sqlValue(`SELECT name FROM users WHERE id = ${u.id}`), 'Changed');
});

test('a bad body answers the matching 4xx envelope and changes nothing', async () => {
  const u = newUser('apibad');
  const { token } = newToken(u, ['profile:read', 'profile:write']);
  const before = sqlValue(`SELECT CONCAT(name, '|', locale) FROM users WHERE id = ${u.id}`);
  const c = client();
  const cases = [
    ['malformed JSON', '{"name": "x"', 400, null],
    ['not an object', '["name"]', 400, null],
    ['a bare string', '"name"', 400, null],
    ['empty object', '{}', 400, null],
    ['duplicate keys', '{"name": "a", "name": "b"}', 400, null],
    ['unknown field', '{"name": "Ok Name", "is_staff": true}', 400, 'is_staff'],
    ['name of the wrong type', '{"name": 42}', 400, 'name'],
    ['name null', '{"name": null}', 400, 'name'],
    ['name too long', JSON.stringify({ name: 'x'.repeat(201) }), 400, 'name'],
    ['name only spaces', '{"name": "   "}', 400, 'name'],
    ['name with a NUL (jansson refuses it)', '{"name": "a\\u0000b"}', 400, null],
    ['name with a control byte', '{"name": "a\\u0001b"}', 400, 'name'],
    ['unknown language', '{"locale": "rm"}', 400, 'locale'],
    ['nesting too deep', `{"name": ${'['.repeat(40)}${']'.repeat(40)}}`, 400, null],
    ['invalid UTF-8', Buffer.from([0x7b, 0x22, 0x6e, 0x61, 0x6d, 0x65, 0x22, 0x3a, 0x22, 0xff, 0x22, 0x7d]), 400, null],
  ];
  for (const [what, body, status, field] of cases) {
    const res = await patch(c, token, body);
    assert.equal(res.status, status, what);
    assert.equal(res.json?.result, 'error', what);
    assert.equal(res.json.error.code, 'validation_failed', what);
    assert.equal(typeof res.json.error.description, 'string', what);
    if (field) assert.ok(res.json.error.fields?.[field], `${what}: fields names ${field}`);
  }
  // Not JSON: 415, whatever the body.
  for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'application/jsonx']) {
    const res = await patch(c, token, 'name=x', { 'Content-Type': type });
    assert.equal(res.status, 415, type);
    assert.equal(res.json.error.code, 'unsupported_media_type');
  }
  const huge = await patch(c, token, JSON.stringify({ name: 'x'.repeat(70 * 1024) }));
  assert.equal(huge.status, 413);
  assert.equal(huge.json.error.code, 'payload_too_large');
  assert.equal(sqlValue(`SELECT CONCAT(name, '|', locale) FROM users WHERE id = ${u.id}`), before);
});
