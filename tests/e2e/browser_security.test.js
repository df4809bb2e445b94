// The security pages in a real browser (headless Chromium through playwright-core), found
// the way a screen-reader user finds them (labels, roles and accessible names): the login's
// second step with an authenticator code typed with the keyboard alone, an application
// password, the sessions page ending another browser's session, the security log, the help
// request for a lost second factor and its review by staff, an organization requiring 2FA,
// and a phone-sized screen. Every browser context reaches the stack through a small CONNECT
// proxy of its own that connects from a fresh client address, so per-address throttling of
// other test files never applies here. Saves the screenshots login-2fa.png,
// app-password-created.png, app-passwords.png, sessions.png, security-log.png,
// recovery-status.png, staff-recovery.png, org-2fa.png and security-phone.png.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:http';
import { connect } from 'node:net';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { jpeg, pdf, png } from './documents.js';
import {
  BASE, PORT, ROOT, client, kontorctl, newOrg, newUser, sql, sqlValue, uniqueAddress,
} from './lib.js';

const SHOTS = join(ROOT, 'tests/e2e/screenshots');
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };
const APP_PASSWORD = /\b[2-9a-km-np-z]{4}(?:-[2-9a-km-np-z]{4}){6}\b/;

let browser;
const proxies = [];

// ------------------------------------------------------------------ browser plumbing

// A CONNECT proxy on 127.0.0.1 that opens every tunnel to the stack's nginx from address:
// the browser behind it is seen by the application as that client address.
function proxyFrom(address) {
  return new Promise((resolve, reject) => {
    const sockets = new Set();
    const server = createServer((req, res) => { res.writeHead(405); res.end(); });
    server.on('connect', (req, sock, head) => {
      sockets.add(sock);
      sock.on('close', () => sockets.delete(sock));
      sock.on('error', () => {});
      if (req.url !== `localhost:${PORT}` && req.url !== `127.0.0.1:${PORT}`) {
        sock.end('HTTP/1.1 403 Forbidden\r\n\r\n');
        return;
      }
      const up = connect({ host: '127.0.0.1', port: PORT, localAddress: address }, () => {
        sock.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        if (head.length) up.write(head);
        up.pipe(sock);
        sock.pipe(up);
      });
      sockets.add(up);
      up.on('close', () => { sockets.delete(up); sock.destroy(); });
      up.on('error', () => sock.destroy());
    });
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const entry = {
        server: `http://127.0.0.1:${server.address().port}`,
        close: () => new Promise((r) => {
          for (const s of sockets) s.destroy();
          server.close(() => r());
        }),
      };
      proxies.push(entry);
      resolve(entry);
    });
  });
}

// A browser context with a client address of its own; returns { ctx, page, address }.
async function browserAs(viewport = DESKTOP) {
  const address = uniqueAddress();
  const proxy = await proxyFrom(address);
  const ctx = await browser.newContext({
    viewport, ignoreHTTPSErrors: true, locale: 'en-GB', colorScheme: 'light', reducedMotion: 'reduce',
    proxy: { server: proxy.server },
  });
  const page = await ctx.newPage();
  return { ctx, page, address };
}

async function shot(p, name) {
  await p.screenshot({ path: join(SHOTS, name), fullPage: true, animations: 'disabled' });
}

// Runs a click or key press that follows a link or submits a form, and waits for the page.
async function navigating(p, action) {
  await Promise.all([p.waitForEvent('load'), action()]);
}

function pathOf(p) {
  const u = new URL(p.url());
  return u.pathname + u.search;
}

// What has the keyboard focus: tag, id, its label's text and whether an outline shows.
function focused(p) {
  return p.evaluate(() => {
    const e = document.activeElement;
    if (!e || e === document.body) return { tag: 'body' };
    const label = e.labels && e.labels[0] ? e.labels[0].textContent.trim() : '';
    return {
      tag: e.tagName.toLowerCase(), id: e.id,
      text: (label || e.getAttribute('aria-label') || e.textContent || '').trim(),
      outline: getComputedStyle(e).outlineStyle,
    };
  });
}

// Presses Tab until the focus is on what has the accessible text (or id) match, at most max
// times; every stop must show a focus outline.
async function tabTo(p, match, max = 40) {
  for (let i = 0; i < max; i++) {
    await p.keyboard.press('Tab');
    const f = await focused(p);
    assert.notEqual(f.outline, 'none', `focused ${f.tag} "${f.text}" shows a focus outline`);
    if (f.id === match || f.text === match) return f;
  }
  throw new Error(`Tab never reached ${match}`);
}

// Whether the page is wider than the screen: { scrollWidth, clientWidth }.
function widths(p) {
  return p.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth, clientWidth: document.documentElement.clientWidth,
  }));
}

async function assertFits(p, what) {
  const w = await widths(p);
  assert.ok(w.scrollWidth <= w.clientWidth, `${what} is ${w.scrollWidth}px wide on a ${w.clientWidth}px screen`);
}

// The login form, by its labels; ends at the second step when the user has 2FA.
async function logIn(p, u) {
  await p.goto(`${BASE}/login`);
  await p.getByLabel('E-mail address').fill(u.email);
  await p.getByLabel('Password').fill(u.password);
  await navigating(p, () => p.getByRole('button', { name: 'Log in' }).click());
}

// ------------------------------------------------------------------ TOTP (oathtool)

const now = () => Date.now() / 1000;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function oath(secret, at = now()) {
  return execFileSync('oathtool', ['--totp', '-b', secret, '-N', `@${Math.floor(at)}`], { encoding: 'utf8' }).trim();
}

// Waits for the next 30-second step when the current one ends within margin seconds.
async function earlyInStep(margin = 4) {
  const left = 30 - (now() % 30);
  if (left < margin) await sleep((left + 0.3) * 1000);
}

// A user with a confirmed authenticator app, enrolled over HTTP as the pages do it. The
// first code is the previous step's (the window accepts it), so that the current code logs
// in afterwards. Returns { ...user, secret, emergency: [codes] }.
async function userWithTotp(prefix) {
  const u = newUser(prefix);
  const c = client();
  const login = await c.login(u.email, u.password);
  assert.equal(login.status, 303);
  const page = await c.get('/account/2fa/totp');
  assert.equal(page.status, 200);
  const m = /<code id="totp-secret"[^>]*>([A-Z2-7 ]+)<\/code>/.exec(page.body);
  assert.ok(m, 'the secret on the enrolment page');
  const secret = m[1].replace(/ /g, '');
  await earlyInStep();
  const res = await c.post('/account/2fa/totp', { code: oath(secret, now() - 30) });
  assert.equal(res.status, 200, res.body);
  // Only the browsers' sessions count in what follows.
  assert.equal((await c.post('/logout', { csrf: c.csrf() })).status, 303);
  const list = /<ol class="codes" id="emergency-codes">([\s\S]*?)<\/ol>/.exec(res.body);
  const emergency = [...list[1].matchAll(/<code>([^<]*)<\/code>/g)].map((x) => x[1]);
  assert.equal(emergency.length, 10);
  return { ...u, secret, emergency };
}

// ------------------------------------------------------------------ shared state

let totp; // the user with an authenticator app (tests 1 to 4 and 7)
let main; // their logged-in browser: { ctx, page, address }

before(async () => {
  mkdirSync(SHOTS, { recursive: true });
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  totp = await userWithTotp('bsec');
});

after(async () => {
  await browser?.close();
  for (const p of proxies) await p.close();
});

// ------------------------------------------------------------------ tests

test('the second step takes an authenticator code typed with the keyboard alone', async () => {
  main = await browserAs();
  const p = main.page;
  await logIn(p, totp);
  assert.equal(pathOf(p), '/login/2fa');
  await p.getByRole('heading', { level: 1, name: 'Confirm it is you' }).waitFor();
  const code = p.getByLabel('Code', { exact: true });
  assert.equal(await code.getAttribute('autocomplete'), 'one-time-code');
  assert.ok(await p.getByRole('link', { name: 'I have lost access to my second factor: ask for help' }).isVisible());
  assert.ok(await p.getByRole('button', { name: 'Cancel this login' }).isVisible());
  await shot(p, 'login-2fa.png');

  // From the top of the page: Tab to the labelled field, type the code, Enter.
  const f = await tabTo(p, 'f-code');
  assert.equal(f.text, 'Code');
  await earlyInStep();
  await p.keyboard.type(oath(totp.secret));
  await navigating(p, () => p.keyboard.press('Enter'));
  assert.equal(pathOf(p), '/');
  await p.getByRole('link', { name: 'Security' }).first().waitFor();
  assert.equal(sqlValue(`SELECT COUNT(*) FROM sessions WHERE user_id = ${totp.id}`), '1');
});

test('an application password is created through the labelled form and shown once', async () => {
  const p = main.page;
  await p.goto(`${BASE}/account/security`);
  await navigating(p, () => p.getByRole('link', { name: 'Manage your application passwords' }).click());
  assert.equal(pathOf(p), '/account/app-passwords');
  await navigating(p, () => p.getByRole('link', { name: 'Create an application password' }).click());
  assert.equal(pathOf(p), '/account/app-passwords/new');
  await p.getByRole('textbox', { name: 'Name' }).fill('Laptop calendar');
  const caldav = p.getByRole('checkbox', { name: 'Calendars (CalDAV)' });
  await caldav.check();
  assert.ok(await caldav.isChecked());
  assert.equal(await p.getByRole('group', { name: 'Used for' }).getByRole('checkbox').count(), 4);
  await navigating(p, () => p.getByRole('button', { name: 'Create the password' }).click());

  const main_ = await p.getByRole('main').innerText();
  const shown = APP_PASSWORD.exec(main_);
  assert.ok(shown, 'the new password is on the page');
  assert.match(main_, /shown only this once/);
  assert.ok(main_.includes(totp.email), 'the user name to type is on the page');
  assert.ok(await p.getByRole('button', { name: 'Copy the password' }).isVisible());
  assert.equal(sqlValue(`SELECT protocols FROM app_passwords WHERE user_id = ${totp.id} AND name = 'Laptop calendar'`), 'caldav');
  await shot(p, 'app-password-created.png');

  // The list: the row by its name, never the password itself.
  await p.goto(`${BASE}/account/app-passwords`);
  const table = p.getByRole('table', { name: 'Your application passwords' });
  const row = table.getByRole('row', { name: /Laptop calendar/ });
  assert.equal(await row.count(), 1);
  assert.match(await row.textContent(), /Calendars \(CalDAV\)[\s\S]*Never[\s\S]*Active/);
  assert.equal(await row.getByRole('button', { name: 'Revoke the application password “Laptop calendar”' }).count(), 1);
  assert.doesNotMatch(await p.getByRole('main').innerText(), APP_PASSWORD);
  await shot(p, 'app-passwords.png');
});

test('the sessions page lists a second browser; ending it sends that browser to the login', async () => {
  // The same user in a second browser, with an emergency code at the second step.
  const other = await browserAs();
  try {
    await logIn(other.page, totp);
    assert.equal(pathOf(other.page), '/login/2fa');
    await other.page.getByLabel('Code', { exact: true }).fill(totp.emergency[0]);
    await navigating(other.page, () => other.page.getByRole('button', { name: 'Continue' }).click());
    assert.equal(pathOf(other.page), '/');

    const p = main.page;
    await p.goto(`${BASE}/account/security`);
    await navigating(p, () => p.getByRole('link', { name: 'Where you are logged in' }).click());
    assert.equal(pathOf(p), '/account/sessions');
    const table = p.getByRole('table', { name: 'Active sessions, this one first' });
    assert.equal(await table.getByRole('row').count(), 3, 'a header row and two sessions');
    assert.equal(await p.getByRole('button', { name: /^Log out of this session/ }).count(), 1);
    await shot(p, 'sessions.png');

    const end = p.getByRole('button', { name: new RegExp(`^End the session of .+, ${other.address.replace(/\./g, '\\.')}$`) });
    assert.equal(await end.count(), 1);
    await navigating(p, () => end.click());
    assert.equal(pathOf(p), '/account/sessions?notice=session_ended');
    await p.getByRole('status').filter({ hasText: 'The session has been ended. That device must log in again.' }).waitFor();
    assert.equal(await table.getByRole('row').count(), 2);

    await other.page.goto(`${BASE}/account/security`);
    assert.match(pathOf(other.page), /^\/login/);
    await other.page.getByRole('heading', { level: 1, name: 'Log in' }).waitFor();
  } finally {
    await other.ctx.close();
  }
});

test('the security log lists what happened, newest first', async () => {
  const p = main.page;
  await p.goto(`${BASE}/account/security`);
  await navigating(p, () => p.getByRole('link', { name: 'Security log' }).click());
  assert.equal(pathOf(p), '/account/security/log');
  await p.getByRole('heading', { level: 1, name: 'Security log' }).waitFor();
  const table = p.getByRole('table', { name: 'Security events, newest first' });
  for (const what of ['A session was ended', 'Application password created', 'Emergency code used to log in',
    'Second factor added', 'Logged in']) {
    assert.ok(await table.getByRole('row', { name: new RegExp(what) }).count() >= 1, what);
  }
  // Newest first: the session ended last is the first row of the body.
  const first = table.getByRole('row').nth(1);
  assert.match(await first.textContent(), /A session was ended/);
  await shot(p, 'security-log.png');
});

test('a help request is sent from the second step with files and a phone number; staff review it', async () => {
  const u = newUser('bsecrecov');
  sql(`INSERT INTO second_factors (user_id, kind, label, created_at, confirmed_at)
       VALUES (${u.id}, 'totp', 'Phone', UTC_TIMESTAMP(), UTC_TIMESTAMP())`);
  const asker = await browserAs();
  try {
    const p = asker.page;
    await logIn(p, u);
    assert.equal(pathOf(p), '/login/2fa');
    await navigating(p, () => p.getByRole('link', { name: 'I have lost access to my second factor: ask for help' }).click());
    assert.equal(pathOf(p), '/login/recovery');
    await p.getByLabel('Identity document, front').setInputFiles({ name: 'id-front.jpg', mimeType: 'image/jpeg', buffer: jpeg() });
    await p.getByLabel('Identity document, back').setInputFiles({ name: 'id-back.png', mimeType: 'image/png', buffer: png() });
    await p.getByLabel('Photo of you holding the document').setInputFiles({ name: 'me.pdf', mimeType: 'application/pdf', buffer: pdf() });
    await p.getByLabel('Phone number').fill('+41 79 555 12 34');
    await navigating(p, () => p.getByRole('button', { name: 'Send the request' }).click());
    assert.equal(pathOf(p), '/login/recovery?notice=sent');
    await p.getByRole('status').filter({ hasText: 'Your help request was sent.' }).waitFor();
    assert.match(await p.getByRole('main').textContent(), /waiting for review by our staff/);
    assert.equal(await p.locator('input[type="file"]').count(), 0, 'no form once a request is pending');
    await shot(p, 'recovery-status.png');
  } finally {
    await asker.ctx.close();
  }
  const [[requestId, phone]] = sql(`SELECT id, phone FROM recovery_requests WHERE user_id = ${u.id}`);
  assert.equal(phone, '+41795551234');

  // Staff: the header's "Help requests", the queue (pending first: paged if long), the request.
  const staff = newUser('bsecstaff', ['--staff']);
  const reviewer = await browserAs();
  try {
    const p = reviewer.page;
    await logIn(p, staff);
    assert.equal(pathOf(p), '/');
    await navigating(p, () => p.getByRole('link', { name: 'Help requests', exact: true }).click());
    assert.equal(pathOf(p), '/staff/recovery');
    const queue = p.getByRole('table', { name: 'Help requests, pending first, oldest first' });
    for (let i = 0; i < 20 && await queue.getByRole('link', { name: u.email }).count() === 0; i++) {
      await navigating(p, () => p.getByRole('link', { name: 'Next page' }).click());
    }
    const row = queue.getByRole('row', { name: new RegExp(u.email.replace(/\./g, '\\.')) });
    assert.match(await row.textContent(), /Pending[\s\S]*Stored/);
    await navigating(p, () => queue.getByRole('link', { name: u.email }).click());
    assert.equal(pathOf(p), `/staff/recovery/${requestId}`);
    await p.getByRole('link', { name: '+41795551234' }).waitFor();
    // The two photos as images named by what they show; the PDF as a link.
    for (const name of ['Identity document, front', 'Identity document, back']) {
      const img = p.getByRole('img', { name });
      assert.equal(await img.count(), 1, name);
      await img.evaluate((e) => (e.complete ? null : new Promise((r) => { e.onload = r; e.onerror = r; })));
      assert.ok(await img.evaluate((e) => e.naturalWidth > 0), `${name} is displayed`);
    }
    assert.equal(await p.getByRole('link', { name: 'Open the PDF document' }).count(), 1);
    assert.ok(await p.getByRole('button', { name: 'Approve: turn 2FA off' }).isVisible());
    assert.ok(await p.getByLabel('Reason for the rejection').isVisible());
    assert.ok(await p.getByRole('button', { name: 'Reject' }).isVisible());
    await shot(p, 'staff-recovery.png');
  } finally {
    await reviewer.ctx.close();
  }
});

test('an organization requiring 2FA lists the member without it, with a named reminder button', async () => {
  const rep = newUser('bsecrep');
  const lazy = newUser('bseclazy');
  const org = newOrg(`Sicherheit ${process.pid} AG`, rep);
  kontorctl(['member', 'add', String(org), lazy.email, '--role', 'user']);
  // The representative has 2FA (a factor row as the pages make it); the member does not.
  const b = await browserAs();
  try {
    const p = b.page;
    await logIn(p, rep);
    assert.equal(pathOf(p), '/');
    sql(`INSERT INTO second_factors (user_id, kind, label, created_at, confirmed_at)
         VALUES (${rep.id}, 'totp', 'Phone', UTC_TIMESTAMP(), UTC_TIMESTAMP())`);
    await p.goto(`${BASE}/orgs/${org}/members`);
    const require = p.getByRole('checkbox', { name: 'Require two-factor authentication of every member' });
    assert.equal(await require.isChecked(), false);
    await require.check();
    await navigating(p, () => p.getByRole('button', { name: 'Save', exact: true }).click());
    assert.equal(pathOf(p), `/orgs/${org}/members?notice=twofa_on`);
    await p.getByRole('status').filter({ hasText: 'Two-factor authentication is now required of every member.' }).waitFor();
    assert.ok(await p.getByRole('checkbox', { name: 'Require two-factor authentication of every member' }).isChecked());
    assert.equal(sqlValue(`SELECT require_2fa FROM organizations WHERE id = ${org}`), '1');

    const missing = p.getByRole('table', { name: 'Members without two-factor authentication' });
    const lazyName = sqlValue(`SELECT name FROM users WHERE id = ${lazy.id}`);
    assert.deepEqual(await missing.getByRole('rowheader').allTextContents(), [lazyName]);
    assert.equal(await missing.getByRole('button', { name: `Send a reminder to ${lazyName}` }).count(), 1);
    assert.ok(await p.getByRole('button', { name: 'Remind everyone without two-factor authentication' }).isVisible());
    await shot(p, 'org-2fa.png');
  } finally {
    await b.ctx.close();
  }
});

test('on a 390 px phone the second step and the security page fit without horizontal scrolling', async () => {
  const phone = await browserAs(PHONE);
  try {
    const p = phone.page;
    await logIn(p, totp);
    assert.equal(pathOf(p), '/login/2fa');
    assert.equal(await p.evaluate(() => innerWidth), 390);
    await assertFits(p, 'the second step');
    const box = await p.getByLabel('Code', { exact: true }).boundingBox();
    assert.ok(box.x >= 0 && box.x + box.width <= 390, 'the code field is on the screen');
    await p.getByLabel('Code', { exact: true }).fill(totp.emergency[1]);
    await navigating(p, () => p.getByRole('button', { name: 'Continue' }).click());
    assert.equal(pathOf(p), '/');

    await p.goto(`${BASE}/account/security`);
    await p.getByRole('heading', { level: 1, name: 'Security' }).waitFor();
    await p.getByText('On: every login asks for a second factor.').waitFor();
    await assertFits(p, 'the security page');
    await shot(p, 'security-phone.png');
  } finally {
    await phone.ctx.close();
  }
});
