// The stack answers: the login page is well-formed HTML with nginx's security headers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Client, assertPage } from './lib.js';

test('login page is served over HTTPS with security headers', async () => {
  const c = new Client();
  const res = await c.get('/login');
  assert.equal(res.status, 200);
  assertPage(res.body);
  assert.match(res.headers['content-security-policy'], /frame-ancestors 'none'/);
  assert.match(res.headers['content-security-policy'], /script-src 'self'/);
  assert.match(res.headers['strict-transport-security'], /max-age=\d+/);
  assert.equal(res.headers['x-content-type-options'], 'nosniff');
  assert.equal(res.headers['referrer-policy'], 'same-origin');
  assert.match(res.body, /<label for="f-email">E-mail address<\/label>/);
});
