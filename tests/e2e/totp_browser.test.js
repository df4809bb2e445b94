// Adding an authenticator app in a real browser (headless Chromium through playwright-core)
// with the keyboard alone: from the security page to the 2FA page, the enrolment page (QR
// code, secret, copy button), the first code computed by oathtool from the secret on the
// screen, and the emergency codes. Saves the screenshots security.png and totp-enrol.png.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { BASE, ROOT, newUser, sql } from './lib.js';

const SHOTS = join(ROOT, 'tests/e2e/screenshots');

let browser;

async function shot(p, name) {
  await p.screenshot({ path: join(SHOTS, name), fullPage: true, animations: 'disabled' });
}

// Runs a key press that follows a link or submits a form, and waits for the new page.
async function navigating(p, action) {
  await Promise.all([p.waitForEvent('load'), action()]);
}

// What has the keyboard focus: its tag, id, accessible text, and whether it is visible
// with a focus outline.
function focused(p) {
  return p.evaluate(() => {
    const e = document.activeElement;
    if (!e || e === document.body) return { tag: 'body' };
    const label = e.labels && e.labels[0] ? e.labels[0].textContent.trim() : '';
    const style = getComputedStyle(e);
    return {
      tag: e.tagName.toLowerCase(), id: e.id, href: e.getAttribute('href'),
      text: (label || e.getAttribute('aria-label') || e.textContent || '').trim(),
      outline: style.outlineStyle,
    };
  });
}

// Presses Tab until the focus is on what matches (text or id), at most max times; asserts
// every stop shows a focus outline.
async function tabTo(p, match, max = 40) {
  for (let i = 0; i < max; i++) {
    await p.keyboard.press('Tab');
    const f = await focused(p);
    assert.notEqual(f.outline, 'none', `focused ${f.tag} ${f.text} shows a focus outline`);
    if (f.id === match || f.text === match) return f;
  }
  throw new Error(`Tab never reached ${match}`);
}

function pathOf(p) {
  const u = new URL(p.url());
  return u.pathname + u.search;
}

before(async () => {
  mkdirSync(SHOTS, { recursive: true });
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
});

after(async () => {
  await browser?.close();
});

test('an authenticator app is added with the keyboard alone', async () => {
  const user = newUser('totpbrowser');
  const ctx = await browser.newContext({
    viewport: { width: 1280, height: 800 }, ignoreHTTPSErrors: true, locale: 'en-GB', colorScheme: 'light',
    reducedMotion: 'reduce', permissions: ['clipboard-read', 'clipboard-write'],
  });
  try {
    const p = await ctx.newPage();
    // Log in: the skip link, then the form.
    assert.equal((await p.goto(`${BASE}/login`)).status(), 200);
    await p.keyboard.press('Tab');
    await p.keyboard.press('Enter');
    await tabTo(p, 'f-email');
    await p.keyboard.type(user.email);
    await p.keyboard.press('Tab');
    await p.keyboard.type(user.password);
    await navigating(p, () => p.keyboard.press('Enter'));
    assert.equal(pathOf(p), '/');

    // The header's "Security", then the security page's way to two-factor authentication.
    await tabTo(p, 'Security');
    await navigating(p, () => p.keyboard.press('Enter'));
    assert.equal(pathOf(p), '/account/security');
    await tabTo(p, 'Turn on two-factor authentication');
    await navigating(p, () => p.keyboard.press('Enter'));
    assert.equal(pathOf(p), '/account/2fa');
    await p.getByRole('heading', { level: 1, name: 'Two-factor authentication' }).waitFor();
    await tabTo(p, 'Add an authenticator app');
    await navigating(p, () => p.keyboard.press('Enter'));
    assert.equal(pathOf(p), '/account/2fa/totp');

    // The QR code (an image with its name) and the secret in groups of four.
    const qr = p.getByRole('img', { name: 'QR code for your authenticator app' });
    assert.ok(await qr.isVisible());
    const box = await qr.boundingBox();
    assert.ok(box.width >= 200 && Math.abs(box.width - box.height) < 1, `a square QR code of ${box.width}px`);
    const grouped = (await p.locator('#totp-secret').textContent()).trim();
    assert.match(grouped, /^([A-Z2-7]{4} ){7}[A-Z2-7]{4}$/);
    const secret = grouped.replace(/ /g, '');
    await shot(p, 'totp-enrol.png');

    // The copy button, pressed with the keyboard, copies the secret without the spaces.
    await tabTo(p, 'Copy the secret');
    await p.keyboard.press('Enter');
    assert.equal(await p.evaluate(() => navigator.clipboard.readText()), secret);

    // The first code, from oathtool, typed into the labelled field and sent with Enter.
    const f = await tabTo(p, 'f-code');
    assert.equal(f.text, 'Code from the app');
    await p.keyboard.type(execFileSync('oathtool', ['--totp', '-b', secret], { encoding: 'utf8' }).trim());
    await navigating(p, () => p.keyboard.press('Enter'));
    await p.getByRole('heading', { level: 1, name: 'Your emergency codes' }).waitFor();
    assert.equal(await p.locator('#emergency-codes li').count(), 10);
    assert.ok(await p.getByRole('link', { name: 'Download as a text file' }).isVisible());
    assert.ok(await p.getByRole('button', { name: 'Print' }).isVisible());
    assert.equal(sql(`SELECT COUNT(*) FROM second_factors WHERE user_id = ${user.id} AND confirmed_at IS NOT NULL`)[0][0], '1');

    // Back to the security page: 2FA is on, ten emergency codes are left.
    await tabTo(p, 'I have saved them: back to security');
    await navigating(p, () => p.keyboard.press('Enter'));
    assert.equal(pathOf(p), '/account/security');
    await p.getByText('On: every login asks for a second factor.').waitFor();
    await p.getByText('Emergency codes left: 10').waitFor();
    await shot(p, 'security.png');
  } finally {
    await ctx.close();
  }
});
