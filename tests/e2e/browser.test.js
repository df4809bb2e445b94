// The panel in a real browser: headless Chromium (playwright-core, the system's
// /usr/bin/chromium) logs in through the form, switches languages, is used with the
// keyboard alone, fits a phone, logs out, and saves the screenshots shown in README.md.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { BASE, ROOT, newUser, kontorctl, sql } from './lib.js';

const SHOTS = join(ROOT, 'tests/e2e/screenshots');
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 375, height: 740 };

let browser;
let desktop; // one logged-in browser context shared by the tests that follow each other
let page;
let user;
const orgA = { name: 'Bergsicht Treuhand AG', products: 3 };
const orgB = { name: 'Atelier Lumière Sàrl', products: 1 };

function newContext(viewport, extra = {}) {
  return browser.newContext({
    viewport, ignoreHTTPSErrors: true, locale: 'en-GB', colorScheme: 'light', reducedMotion: 'reduce', ...extra,
  });
}

async function shot(p, name) {
  await p.screenshot({ path: join(SHOTS, name), fullPage: true, animations: 'disabled' });
}

// Navigates and returns the HTTP status of the main document.
async function go(p, path) {
  const res = await p.goto(BASE + path);
  return res.status();
}

// Runs action (a click or key press that submits a form) and waits until the page it
// leads to has loaded: the URL alone may not change (a language switch returns to it).
async function submitting(p, action) {
  await Promise.all([p.waitForEvent('load'), action()]);
}

function pathOf(p) {
  const u = new URL(p.url());
  return u.pathname + u.search;
}

// The organizations table as rows of cell texts: [name, role, products].
function orgTable(p) {
  return p.locator('table.list tbody tr').evaluateAll((rows) => rows.map(
    (tr) => [...tr.querySelectorAll('th, td')].map((c) => c.textContent.trim())));
}

// What has the keyboard focus: tag, label or text, and the id if any.
function focused(p) {
  return p.evaluate(() => {
    const e = document.activeElement;
    if (!e || e === document.body) return { tag: 'body' };
    const label = e.labels && e.labels[0] ? e.labels[0].textContent.trim() : '';
    const style = getComputedStyle(e);
    const r = e.getBoundingClientRect();
    return {
      tag: e.tagName.toLowerCase(), id: e.id, text: (label || e.textContent || '').trim(),
      outline: style.outlineStyle, outlineWidth: parseFloat(style.outlineWidth),
      visible: r.width > 0 && r.height > 0 && r.left >= 0 && r.top >= 0 && r.right <= innerWidth,
    };
  });
}

function pageWidth(p) {
  return p.evaluate(() => document.documentElement.scrollWidth);
}

async function loginWithMouse(p, u) {
  await p.getByLabel('E-mail address').fill(u.email);
  await p.getByLabel('Password').fill(u.password);
  await submitting(p, () => p.getByRole('button', { name: 'Log in' }).click());
  assert.equal(pathOf(p), '/');
}

before(async () => {
  mkdirSync(SHOTS, { recursive: true });
  user = newUser('browser');
  const a = kontorctl(['org', 'add', orgA.name, '--legal-rep', user.email, '--country', 'CH']);
  kontorctl(['product', 'add', a, '--kind', 'domain', '--name', 'bergsicht.ch', '--expires', '2027-01-31', '--auto-renew']);
  kontorctl(['product', 'add', a, '--kind', 'hosting', '--name', 'Webhosting Basic', '--expires', '2027-01-31',
    '--price', '180.00', '--currency', 'CHF']);
  kontorctl(['product', 'add', a, '--kind', 'mail', '--name', 'Mail bergsicht.ch', '--expires', '2027-01-31']);
  const b = kontorctl(['org', 'add', orgB.name, '--legal-rep', user.email, '--country', 'CH']);
  kontorctl(['product', 'add', b, '--kind', 'domain', '--name', 'atelier-lumiere.ch', '--expires', '2026-12-31']);
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  desktop = await newContext(DESKTOP);
  page = await desktop.newPage();
});

after(async () => {
  await browser?.close();
});

test('logs in through the labelled form; the home page lists the organizations and their product counts', async () => {
  assert.equal(await go(page, '/login'), 200);
  assert.equal(await page.title(), 'Log in · Kontor');
  await page.getByRole('heading', { level: 1, name: 'Log in' }).waitFor();
  const email = page.getByLabel('E-mail address');
  const password = page.getByLabel('Password');
  assert.equal(await email.getAttribute('type'), 'email');
  assert.equal(await email.getAttribute('autocomplete'), 'username');
  assert.equal(await password.getAttribute('type'), 'password');
  assert.equal(await password.getAttribute('autocomplete'), 'current-password');
  assert.equal(await page.getByRole('button', { name: 'English' }).getAttribute('aria-pressed'), 'true');
  await shot(page, 'login.png');

  await loginWithMouse(page, user);
  assert.equal(pathOf(page), '/');
  await page.getByRole('heading', { level: 1, name: 'Your organizations' }).waitFor();
  assert.equal(await page.title(), 'Your organizations · Kontor');
  const [[name]] = sql(`SELECT name FROM users WHERE id = ${user.id}`);
  assert.equal(await page.getByRole('navigation', { name: 'Your account' }).locator('.who').textContent(), name);
  assert.equal(await page.getByRole('table', { name: 'Organizations you are a member of' }).count(), 1);
  const rows = await orgTable(page);
  assert.deepEqual(rows.sort(), [
    [orgB.name, 'Legal representative', String(orgB.products)],
    [orgA.name, 'Legal representative', String(orgA.products)],
  ]);
  // The row is announced by its organization's name (a row header).
  const row = page.getByRole('row', { name: new RegExp(orgA.name) });
  assert.equal(await row.getByRole('rowheader').textContent(), orgA.name);
  assert.equal(await row.getByRole('cell').last().textContent(), '3');
  await shot(page, 'home.png');
});

test('the header language buttons switch to German, French and Italian and back to English', async () => {
  assert.equal(pathOf(page), '/');
  const cases = [
    ['Deutsch', 'de', 'Ihre Organisationen', 'Produkte', 'Rechtliche Vertretung', 'Abmelden'],
    ['Français', 'fr', 'Vos organisations', 'Produits', 'Représentant légal', 'Se déconnecter'],
    ['Italiano', 'it', 'Le tue organizzazioni', 'Prodotti', 'Rappresentante legale', 'Esci'],
    ['English', 'en', 'Your organizations', 'Products', 'Legal representative', 'Log out'],
  ];
  for (const [button, lang, heading, column, role, logout] of cases) {
    await submitting(page, () => page.getByRole('button', { name: button }).click());
    assert.equal(pathOf(page), '/', `${button}: back on the home page`);
    await page.getByRole('heading', { level: 1, name: heading }).waitFor();
    assert.equal(await page.locator('html').getAttribute('lang'), lang, `${button}: html lang`);
    assert.equal(await page.getByRole('button', { name: button }).getAttribute('aria-pressed'), 'true', `${button}: pressed`);
    assert.equal(await page.locator('button[aria-pressed]').count(), 1, `${button}: one pressed button`);
    assert.equal(await page.getByRole('columnheader', { name: column }).count(), 1, `${button}: column header`);
    assert.equal(await page.getByRole('button', { name: logout }).count(), 1, `${button}: log-out button`);
    // The organizations and counts do not depend on the language; the role name does.
    assert.deepEqual((await orgTable(page)).sort(),
      [[orgB.name, role, '1'], [orgA.name, role, '3']]);
    // Remembered on the account: a reload keeps the language.
    assert.deepEqual(sql(`SELECT locale FROM users WHERE id = ${user.id}`), [[lang]]);
    await page.reload();
    await page.getByRole('heading', { level: 1, name: heading }).waitFor();
    if (lang === 'de') await shot(page, 'home-de.png');
  }
});

test('the change-password page has its labelled fields', async () => {
  await Promise.all([page.waitForURL(`${BASE}/account/password`), page.getByRole('link', { name: 'Change password' }).click()]);
  await page.getByRole('heading', { level: 1, name: 'Change your password' }).waitFor();
  for (const [label, autocomplete] of [['Current password', 'current-password'], ['New password', 'new-password'],
    ['New password, again', 'new-password']]) {
    const field = page.getByLabel(label, { exact: true });
    assert.equal(await field.getAttribute('type'), 'password', label);
    assert.equal(await field.getAttribute('autocomplete'), autocomplete, label);
  }
  assert.match(await page.locator('.hint').textContent(), /12 to 256 characters/);
  assert.equal(await page.getByRole('button', { name: 'Change password' }).count(), 1);
  await shot(page, 'password.png');
});

test('creates an API token through the labelled form, copies it once, and revokes it', async () => {
  await Promise.all([page.waitForURL(`${BASE}/account/tokens`), page.getByRole('link', { name: 'API tokens' }).click()]);
  await Promise.all([page.waitForURL(`${BASE}/account/tokens/new`), page.getByRole('link', { name: 'Create a token' }).click()]);
  await page.getByRole('heading', { level: 1, name: 'Create an API token' }).waitFor();
  await page.getByLabel('Name', { exact: true }).fill('Nightly backup');
  await page.getByLabel(/Profile: read your name/).check();
  await page.getByLabel(/Organizations: read your organizations/).check();
  await page.getByLabel('Only the products chosen below').check();
  await page.getByLabel(/^bergsicht\.ch \(Bergsicht Treuhand AG\)/).check();
  await shot(page, 'token-new.png');
  await submitting(page, () => page.getByRole('button', { name: 'Create token' }).click());
  await page.getByRole('heading', { level: 1, name: 'Your new API token' }).waitFor();
  const token = (await page.locator('#new-token').textContent()).trim();
  assert.match(token, /^kontor_[0-9A-Za-z]{39}$/);
  // The copy button puts exactly the token on the clipboard.
  await desktop.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: BASE });
  await page.getByRole('button', { name: 'Copy the token' }).click();
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), token);
  await shot(page, 'token-created.png');
  // Shown once: the list never shows it again.
  await Promise.all([page.waitForURL(`${BASE}/account/tokens`), page.getByRole('link', { name: 'Back to your tokens' }).click()]);
  assert.equal((await page.content()).includes(token), false);
  const row = page.locator('tr', { hasText: 'Nightly backup' });
  assert.match(await row.textContent(), /profile:read.*organizations:read.*bergsicht\.ch.*Active/s);
  await shot(page, 'tokens.png');
  await submitting(page, () => page.getByRole('button', { name: 'Revoke the token “Nightly backup”' }).click());
  assert.equal(pathOf(page), '/account/tokens?notice=token_revoked');
  assert.match(await page.getByRole('status').first().textContent(), /has been revoked/);
  assert.match(await page.locator('tr', { hasText: 'Nightly backup' }).textContent(), /Revoked/);
  assert.equal(await page.getByRole('button', { name: 'Revoke the token “Nightly backup”' }).count(), 0);
});

test('an unknown path answers 404 with a page that leads home', async () => {
  assert.equal(await go(page, '/no/such/page'), 404);
  await page.getByRole('heading', { level: 1, name: 'Page not found' }).waitFor();
  assert.equal(await page.getByText('This page does not exist, or you may not see it.').count(), 1);
  assert.equal(await page.getByRole('link', { name: 'Go to the home page' }).getAttribute('href'), '/');
  await shot(page, 'error-404.png');
  await Promise.all([page.waitForURL(`${BASE}/`), page.getByRole('link', { name: 'Go to the home page' }).click()]);
  await page.getByRole('heading', { level: 1, name: 'Your organizations' }).waitFor();
});

test('the login form works with the keyboard alone, starting with the skip link', async () => {
  const ctx = await newContext(DESKTOP);
  try {
    const p = await ctx.newPage();
    assert.equal(await go(p, '/login'), 200);
    // Tab from the top: the skip link first, visible when focused, then the header, then the form.
    const order = [];
    for (let i = 0; i < 9; i++) {
      await p.keyboard.press('Tab');
      const f = await focused(p);
      order.push(f.tag === 'input' ? `${f.tag}#${f.id}` : `${f.tag}:${f.text}`);
      assert.ok(f.visible, `focused ${order.at(-1)} is visible`);
      assert.notEqual(f.outline, 'none', `focused ${order.at(-1)} shows a focus outline`);
      assert.ok(f.outlineWidth >= 2, `focused ${order.at(-1)} has a focus outline of at least 2px`);
    }
    assert.deepEqual(order, [
      'a:Skip to content', 'a:Kontor', 'button:English', 'button:Deutsch', 'button:Français', 'button:Italiano',
      'input#f-email', 'input#f-password', 'button:Log in',
    ]);

    // The skip link jumps over the header: Enter on it, then Tab reaches the e-mail field.
    await p.reload();
    await p.keyboard.press('Tab');
    assert.equal((await focused(p)).text, 'Skip to content');
    await p.keyboard.press('Enter');
    // The fragment navigation completes asynchronously: a loaded machine showed the old URL.
    await p.waitForFunction(() => location.hash === '#main', null, { timeout: 5000 }).catch(() => {});
    assert.equal(new URL(p.url()).hash, '#main');
    await p.keyboard.press('Tab');
    assert.equal((await focused(p)).id, 'f-email');

    // Filled and sent with the keyboard only: type, Tab, type, Enter.
    await p.keyboard.type(user.email);
    await p.keyboard.press('Tab');
    assert.equal((await focused(p)).id, 'f-password');
    await p.keyboard.type(user.password);
    await submitting(p, () => p.keyboard.press('Enter'));
    assert.equal(pathOf(p), '/');
    await p.getByRole('heading', { level: 1, name: 'Your organizations' }).waitFor();

    // And a language button can be pressed with the keyboard (Space) too.
    await p.getByRole('button', { name: 'Deutsch' }).focus();
    await submitting(p, () => p.keyboard.press('Space'));
    await p.getByRole('heading', { level: 1, name: 'Ihre Organisationen' }).waitFor();
    await p.getByRole('button', { name: 'English' }).focus();
    await submitting(p, () => p.keyboard.press('Enter'));
    await p.getByRole('heading', { level: 1, name: 'Your organizations' }).waitFor();
  } finally {
    await ctx.close();
  }
});

test('the login and home pages fit a 375 px wide phone without sideways scrolling', async () => {
  const ctx = await newContext(PHONE, { isMobile: true, hasTouch: true, deviceScaleFactor: 1 });
  try {
    const p = await ctx.newPage();
    assert.equal(await go(p, '/login'), 200);
    assert.equal(await p.evaluate(() => innerWidth), 375, 'the viewport meta tag is honoured');
    assert.ok(await pageWidth(p) <= 375, `login page is ${await pageWidth(p)} px wide`);
    const box = await p.getByLabel('E-mail address').boundingBox();
    assert.ok(box.x >= 0 && box.x + box.width <= 375, 'the e-mail field is inside the screen');
    await shot(p, 'login-phone.png');

    await loginWithMouse(p, user);
    await p.getByRole('heading', { level: 1, name: 'Your organizations' }).waitFor();
    assert.ok(await pageWidth(p) <= 375, `home page is ${await pageWidth(p)} px wide`);
    for (const path of ['/account/password', '/no/such/page']) {
      await go(p, path);
      assert.ok(await pageWidth(p) <= 375, `${path} is ${await pageWidth(p)} px wide`);
    }
    // In every language: the header's menu and the table's long words ("Organizzazione",
    // "Rappresentante") still fit.
    await go(p, '/');
    for (const [button, heading] of [['Français', 'Vos organisations'], ['Italiano', 'Le tue organizzazioni'],
      ['Deutsch', 'Ihre Organisationen'], ['English', 'Your organizations']]) {
      await submitting(p, () => p.getByRole('button', { name: button }).click());
      await p.getByRole('heading', { level: 1, name: heading }).waitFor();
      assert.ok(await pageWidth(p) <= 375, `home page in ${button} is ${await pageWidth(p)} px wide`);
    }
  } finally {
    await ctx.close();
  }
});

test('Log out ends the session and shows the login page with a notice', async () => {
  await go(page, '/');
  // English, whatever an earlier test left (the language is stored on the account).
  if (await page.locator('html').getAttribute('lang') !== 'en') {
    await submitting(page, () => page.getByRole('button', { name: 'English' }).click());
  }
  await page.getByRole('heading', { level: 1, name: 'Your organizations' }).waitFor();
  const sessions = () => Number(sql(`SELECT COUNT(*) FROM sessions WHERE user_id = ${user.id}`)[0][0]);
  const before = sessions();
  await submitting(page, () => page.getByRole('button', { name: 'Log out' }).click());
  assert.equal(pathOf(page), '/login?notice=logged_out');
  assert.deepEqual((await desktop.cookies()).filter((c) => c.name === '__Host-kontor'), [], 'session cookie removed');
  await page.getByRole('heading', { level: 1, name: 'Log in' }).waitFor();
  assert.equal(await page.getByRole('status').textContent(), 'You have been logged out.');
  assert.equal(await page.getByRole('button', { name: 'Log out' }).count(), 0);
  assert.equal(await page.locator('header .who').count(), 0);

  // The session is gone: the home page and the password page send us to the login page.
  assert.equal(await go(page, '/'), 200);
  assert.equal(pathOf(page), '/login');
  await page.getByRole('heading', { level: 1, name: 'Log in' }).waitFor();
  assert.equal(await page.getByText(orgA.name).count(), 0);
  await go(page, '/account/password');
  assert.equal(pathOf(page), '/login');
  // This browser's session is deleted on the server (the other tests' browsers keep theirs).
  assert.equal(sessions(), before - 1, 'one session fewer');
});

test('before logging in, the language buttons translate the login page and its labels', async () => {
  const ctx = await newContext(DESKTOP);
  try {
    const p = await ctx.newPage();
    await go(p, '/login');
    for (const [button, lang, heading, email, password, submit] of [
      ['Deutsch', 'de', 'Anmelden', 'E-Mail-Adresse', 'Passwort', 'Anmelden'],
      ['Français', 'fr', 'Connexion', 'Adresse e-mail', 'Mot de passe', 'Se connecter'],
      ['Italiano', 'it', 'Accedi', 'Indirizzo e-mail', 'Password', 'Accedi'],
      ['English', 'en', 'Log in', 'E-mail address', 'Password', 'Log in'],
    ]) {
      await submitting(p, () => p.getByRole('button', { name: button }).click());
      assert.equal(pathOf(p), '/login', `${button}: still on the login page`);
      await p.getByRole('heading', { level: 1, name: heading }).waitFor();
      assert.equal(await p.locator('html').getAttribute('lang'), lang);
      assert.equal(await p.getByLabel(email, { exact: true }).getAttribute('type'), 'email', `${button}: e-mail label`);
      assert.equal(await p.getByLabel(password, { exact: true }).getAttribute('type'), 'password', `${button}: password label`);
      assert.equal(await p.getByRole('button', { name: submit, exact: true }).count(), 1, `${button}: submit button`);
      // Anonymous visitors keep the choice in a cookie.
      assert.equal((await ctx.cookies()).find((c) => c.name === '__Host-kontor_lang')?.value, lang);
    }
  } finally {
    await ctx.close();
  }
});
