// Request handling: hard limits and malformed input (413, 400, 415), unknown pages and
// methods (404, 405) as rendered, well-formed error pages in the user's language, and the
// language itself: the switcher (cookie, or the user's setting) and Accept-Language.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  LANG_COOKIE, PORT, assertPage, client, loggedIn, messages, newUser, q, setCookie,
  sqlValue,
} from './lib.js';

const BODY_MAX = 64 * 1024;
const ORIGIN = { Origin: `https://localhost:${PORT}` };

function heading(html) {
  return /<h1>([^<]*)<\/h1>/.exec(html)?.[1];
}

function lang(html) {
  return /<html lang="([a-z]+)"/.exec(html)?.[1];
}

// A rendered Kontor error page with this status and heading.
function assertErrorPage(res, status, title) {
  assert.equal(res.status, status);
  assert.match(res.headers['content-type'], /^text\/html; charset=utf-8$/);
  assertPage(res.body);
  assert.equal(heading(res.body), title);
  assert.match(res.body, /<a href="\/">/);
}

// A urlencoded login body of exactly n bytes (a valid form padded with an undeclared field).
function loginBody(c, email, n) {
  const base = new URLSearchParams({ email, password: 'Wrong-But-Fine-123', csrf: c.csrf() }).toString();
  const body = `${base}&pad=`;
  return body + 'a'.repeat(n - body.length);
}

test('a urlencoded body over 64 KB answers 413; one of exactly 64 KB is read', async () => {
  const u = newUser('big');
  const c = client();
  await c.get('/login');
  const exact = loginBody(c, u.email, BODY_MAX);
  assert.equal(exact.length, BODY_MAX);
  const ok = await c.request('POST', '/login', { body: exact, headers: { ...ORIGIN, 'Content-Type': 'application/x-www-form-urlencoded' } });
  assert.equal(ok.status, 401, 'a body at the limit reaches the login handler');
  await c.get('/login');
  const over = loginBody(c, u.email, BODY_MAX + 1);
  const res = await c.request('POST', '/login', { body: over, headers: { ...ORIGIN, 'Content-Type': 'application/x-www-form-urlencoded' } });
  assertErrorPage(res, 413, 'Too large');
  const huge = await c.request('POST', '/login', { body: Buffer.alloc(2 * 1024 * 1024, 0x61), headers: { ...ORIGIN, 'Content-Type': 'application/x-www-form-urlencoded' } });
  assertErrorPage(huge, 413, 'Too large');
  // Nothing was attempted: only the one failure at the limit counts.
  assert.equal(sqlValue(`SELECT failures FROM throttle WHERE scope = 0 AND subject = ${q(u.email)}`), '1');
});

test('a malformed percent-escape or a control byte answers 400', async () => {
  const c = client();
  await c.get('/login');
  const csrf = c.csrf();
  for (const body of ['email=%G1', `email=a%4&csrf=${csrf}`, 'email=%', `password=%0&csrf=${csrf}`,
    `em%ZZail=x&csrf=${csrf}`, `email=a%00b%40example.test&password=x&csrf=${csrf}`, `csrf=${csrf}&email=x%01y`]) {
    const res = await c.request('POST', '/login', { body, headers: { ...ORIGIN, 'Content-Type': 'application/x-www-form-urlencoded' } });
    assertErrorPage(res, 400, 'The request could not be understood');
  }
  // In a query string too.
  assertErrorPage(await c.get('/login?notice=%G1'), 400, 'The request could not be understood');
  assertErrorPage(await c.get('/reset/confirm?token=abc%'), 400, 'The request could not be understood');
});

test('a POST in an unsupported format answers 415', async () => {
  const c = client();
  await c.get('/login');
  const body = `email=a%40example.test&password=x&csrf=${c.csrf()}`;
  // A JSON body too: only routes of the API take JSON.
  for (const type of ['text/plain', 'application/xml', 'application/json', 'multipart/form-data; boundary=xyz', 'application/x-www-form-urlencodedx']) {
    const res = await c.request('POST', '/login', { body, headers: { ...ORIGIN, 'Content-Type': type } });
    assertErrorPage(res, 415, 'Unsupported format');
  }
  // With parameters, the form type is the form type.
  const ok = await c.request('POST', '/login', { body, headers: { ...ORIGIN, 'Content-Type': 'application/x-www-form-urlencoded; charset=UTF-8' } });
  assert.equal(ok.status, 401);
});

test('an unknown page answers the rendered 404 page in the user\'s language', async () => {
  const cases = [['en', 'Page not found'], ['de', 'Seite nicht gefunden'], ['fr', 'Page introuvable'], ['it', 'Pagina non trovata']];
  for (const [l, title] of cases) {
    const c = client({ lang: l });
    const res = await c.get('/no/such/page');
    assertErrorPage(res, 404, title);
    assert.equal(lang(res.body), l);
  }
  for (const path of ['/login/', '/account', '/reset/confirm/1', '/LOGIN']) {
    assertErrorPage(await client().get(path), 404, 'Page not found');
  }
  // The language cookie counts on error pages too.
  const c = client({ lang: 'de' });
  c.cookies.set(LANG_COOKIE, 'it');
  assertErrorPage(await c.get('/nowhere'), 404, 'Pagina non trovata');
});

test('a known page with another method answers the rendered 405 page', async () => {
  const c = client({ lang: 'de' });
  for (const [method, path] of [['DELETE', '/login'], ['PUT', '/'], ['GET', '/logout'], ['PATCH', '/account/password'], ['OPTIONS', '/login'], ['GET', '/locale']]) {
    const res = await c.request(method, path);
    assertErrorPage(res, 405, 'Hier nicht möglich');
  }
  // HEAD is GET without the body.
  const head = await c.request('HEAD', '/login');
  assert.equal(head.status, 200);
  assert.equal(head.body, '');
});

test('error pages carry no internals and no incident id below 500', async () => {
  const c = client();
  for (const res of [await c.get('/missing'), await c.request('DELETE', '/login'),
    await c.request('POST', '/login', { body: 'email=%G1', headers: { ...ORIGIN, 'Content-Type': 'application/x-www-form-urlencoded' } })]) {
    assertPage(res.body);
    assert.doesNotMatch(res.body, /incident|statement|mysql|mariadb|\.c:\d|fcgi/i);
    assert.equal(res.headers['cache-control'], 'no-store');
  }
});

test('the language switcher sets a cookie for a visitor; the next page is in that language', async () => {
  const c = client({ lang: 'en' });
  await c.get('/login');
  const res = await c.post('/locale', { lang: 'de', next: '/login' });
  assert.equal(res.status, 303);
  assert.equal(res.headers.location, '/login');
  const cookie = setCookie(res, LANG_COOKIE);
  assert.match(cookie, /^__Host-kontor_lang=de; Path=\/; Secure; HttpOnly; SameSite=Lax; Max-Age=31536000$/);
  const page = await c.get('/login');
  assert.equal(page.status, 200);
  assertPage(page.body);
  assert.equal(lang(page.body), 'de');
  assert.equal(heading(page.body), 'Anmelden');
  assert.match(page.body, /<button type="submit" name="lang" value="de" lang="de" aria-pressed="true">Deutsch<\/button>/);
  // Messages too.
  const u = newUser('langanon');
  const bad = await c.post('/login', { email: u.email, password: 'Falsch-Falsch-123' });
  assert.deepEqual(messages(bad.body), ['Die E-Mail-Adresse oder das Passwort ist nicht korrekt.']);
  // Nothing is stored for a visitor.
  assert.equal(sqlValue(`SELECT CONCAT('[', locale, ']') FROM users WHERE id = ${u.id}`), '[]');
});

test('the language switcher stores the user\'s language, which then wins over cookie and Accept-Language', async () => {
  const u = newUser('languser');
  const c = await loggedIn(u);
  await c.get('/');
  const res = await c.post('/locale', { lang: 'fr', next: '/' });
  assert.equal(res.status, 303);
  assert.equal(res.headers.location, '/');
  assert.equal(sqlValue(`SELECT locale FROM users WHERE id = ${u.id}`), 'fr');
  const home = await c.get('/');
  assert.equal(lang(home.body), 'fr');
  assert.equal(heading(home.body), 'Vos organisations');

  // Another browser asking for German, with an Italian cookie: Italian before the login,
  // the user's French after it.
  const d = client({ lang: 'de' });
  d.cookies.set(LANG_COOKIE, 'it');
  const form = await d.get('/login');
  assert.equal(heading(form.body), 'Accedi');
  assert.equal((await d.post('/login', { email: u.email, password: u.password })).status, 303);
  const dhome = await d.get('/');
  assert.equal(lang(dhome.body), 'fr');
  assert.equal(heading(dhome.body), 'Vos organisations');
  assertPage(dhome.body);
});

test('Accept-Language chooses among English, German, French and Italian', async () => {
  const cases = [
    ['de-CH,de;q=0.9,en;q=0.8', 'de'],
    ['fr-CH, fr;q=0.9, en;q=0.8, de;q=0.7', 'fr'],
    ['es-ES,es;q=0.9,it;q=0.5,de;q=0.3', 'it'],
    ['en;q=0.1, de;q=0.2', 'de'],
    ['de;q=0, fr', 'fr'],
    ['es', 'en'],
    ['', 'en'],
    ['*', 'en'],
    ['IT', 'it'],
  ];
  for (const [header, want] of cases) {
    const c = client();
    const res = await c.get('/login', { headers: { 'Accept-Language': header } });
    assert.equal(res.status, 200);
    assert.equal(lang(res.body), want, `Accept-Language: ${header}`);
  }
});

test('the language switcher refuses an unknown language and redirects only within the site', async () => {
  const c = client();
  await c.get('/login');
  const bad = await c.post('/locale', { lang: 'xx', next: '/login' });
  assertErrorPage(bad, 400, 'The request could not be understood');
  assert.equal(setCookie(bad, LANG_COOKIE), undefined);
  for (const next of ['//evil.example/', 'https://evil.example/', '/\\evil.example', 'javascript:alert(1)']) {
    await c.get('/login');
    const res = await c.post('/locale', { lang: 'it', next });
    assert.equal(res.status, 303);
    assert.equal(res.headers.location, '/', next);
  }
});
