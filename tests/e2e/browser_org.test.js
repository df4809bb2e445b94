// The organization pages in a real browser (headless Chromium): reached from the home page,
// coordinates saved through the labelled form (a VAT refusal shown at its field), a member
// invited with the keyboard, the last legal representative's page explaining the procedure,
// the switcher in the header, a phone-sized screen; saves the screenshots in README.md.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { BASE, ROOT, kontorctl, newUser, sqlValue, waitForMail } from './lib.js';

const SHOTS = join(ROOT, 'tests/e2e/screenshots');
let browser;
let context;
let page;
let user;
let org;
let org2;

async function shot(p, name) {
  await p.screenshot({ path: join(SHOTS, name), fullPage: true, animations: 'disabled' });
}

async function submitting(p, action) {
  await Promise.all([p.waitForEvent('load'), action()]);
}

before(async () => {
  mkdirSync(SHOTS, { recursive: true });
  user = newUser('borg');
  org = Number(kontorctl(['org', 'add', 'Gletscher Software GmbH', '--legal-rep', user.email, '--country', 'DE']));
  org2 = Number(kontorctl(['org', 'add', 'Alpenblick Verein', '--legal-rep', user.email, '--country', 'CH']));
  kontorctl(['product', 'add', String(org), '--kind', 'domain', '--name', 'gletscher.de', '--expires', '2027-06-30', '--auto-renew']);
  kontorctl(['product', 'add', String(org), '--kind', 'hosting', '--name', 'Managed Server M', '--expires', '2027-02-28']);
  const admin = newUser('borgadmin');
  kontorctl(['member', 'add', String(org), admin.email, '--role', 'admin']);
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  context = await browser.newContext({ viewport: { width: 1280, height: 800 }, ignoreHTTPSErrors: true, locale: 'en-GB', reducedMotion: 'reduce' });
  page = await context.newPage();
  await page.goto(`${BASE}/login`);
  await page.getByLabel('E-mail address').fill(user.email);
  await page.getByLabel('Password').fill(user.password);
  await submitting(page, () => page.getByRole('button', { name: 'Log in' }).click());
});

after(async () => {
  await browser?.close();
});

test('the home page links to the organization; its coordinates are saved through the form', async () => {
  await submitting(page, () => page.getByRole('link', { name: 'Gletscher Software GmbH' }).click());
  await page.getByRole('heading', { level: 1, name: 'Gletscher Software GmbH' }).waitFor();
  assert.equal(await page.getByRole('link', { name: 'Coordinates' }).getAttribute('aria-current'), 'page');
  await page.getByLabel('Type of organization').selectOption('company');
  await page.getByLabel('Country').selectOption('DE');
  await page.getByLabel('Street and number').fill('Friedrichstrasse 12');
  await page.getByLabel('Postcode').fill('10117');
  await page.getByLabel('City').fill('Berlin');
  await page.getByLabel('EU VAT number').fill('DE 136 695 977');
  await page.getByLabel(/accept the terms/).check();
  await submitting(page, () => page.getByRole('button', { name: 'Save coordinates' }).click());
  // Refused at the field, with the reason, and what was typed is still there.
  const vat = page.getByLabel('EU VAT number');
  assert.equal(await vat.getAttribute('aria-invalid'), 'true');
  assert.match(await page.locator('#f-vat_number-error').textContent(), /check digit is wrong/);
  assert.equal(await page.getByLabel('City').inputValue(), 'Berlin');
  assert.equal(await page.getByLabel('Type of organization').inputValue(), 'company');
  await shot(page, 'org-vat-refused.png');
  await vat.fill('DE136695976');
  await page.getByLabel(/accept the terms/).check();
  await submitting(page, () => page.getByRole('button', { name: 'Save coordinates' }).click());
  await page.getByRole('status').filter({ hasText: 'The coordinates were saved.' }).waitFor();
  assert.equal(await page.getByLabel('EU VAT number').inputValue(), 'DE136695976');
  assert.equal(sqlValue(`SELECT vat_number FROM organizations WHERE id = ${org}`), 'DE136695976');
  await shot(page, 'org.png');
});

test('a member is invited with the keyboard; the invitation is listed and mailed', async () => {
  await submitting(page, () => page.getByRole('link', { name: 'Members' }).click());
  await page.getByRole('table', { name: 'Members and their roles' }).waitFor();
  const email = `borginvite${process.pid}@example.test`;
  await page.getByLabel('E-mail address to invite').focus();
  await page.keyboard.type(email);
  await page.keyboard.press('Tab');
  await page.keyboard.press('ArrowUp'); // user (the default) -> administrator
  await page.keyboard.press('Tab');
  await submitting(page, () => page.keyboard.press('Enter'));
  await page.getByRole('status').filter({ hasText: 'The invitation was sent.' }).waitFor();
  const row = page.getByRole('row', { name: new RegExp(email) });
  assert.equal(await row.getByRole('cell').first().textContent(), 'Administrator');
  assert.equal(await row.getByRole('button', { name: `Send the invitation to ${email} again` }).count(), 1);
  await waitForMail(email, (m) => /Gletscher Software GmbH/.test(m.subject));
  await shot(page, 'org-members.png');
});

test('the last legal representative\'s page explains the procedure instead of a button', async () => {
  await submitting(page, () => page.getByRole('link', { name: /^Test borg \d+$/ }).click());
  await page.getByRole('heading', { name: 'The last legal representative' }).waitFor();
  assert.equal(await page.getByRole('button', { name: 'Remove member' }).count(), 0);
  assert.equal(await page.getByRole('button', { name: 'Leave the organization' }).count(), 0);
  assert.equal(await page.getByRole('link', { name: 'Invite a new legal representative' }).count(), 1);
  await shot(page, 'org-member-last-lr.png');
});

test('the products tab lists the products; a product shows holder, manager and payer', async () => {
  await page.goto(`${BASE}/orgs/${org}`);
  await submitting(page, () => page.getByRole('link', { name: 'Products' }).click());
  const table = page.getByRole('table', { name: "The organization's products you can see" });
  await table.waitFor();
  assert.deepEqual(await table.getByRole('rowheader').allTextContents(), ['gletscher.de', 'Managed Server M']);
  await page.getByLabel('Kind').selectOption('hosting');
  await submitting(page, () => page.getByRole('button', { name: 'Show' }).click());
  assert.deepEqual(await table.getByRole('rowheader').allTextContents(), ['Managed Server M']);
  await page.getByLabel('Kind').selectOption('');
  await submitting(page, () => page.getByRole('button', { name: 'Show' }).click());
  await shot(page, 'products.png');
  await submitting(page, () => page.getByRole('link', { name: 'gletscher.de', exact: true }).click());
  await page.getByRole('heading', { level: 3, name: 'Holder (owner)' }).waitFor();
  assert.equal(await page.getByRole('heading', { level: 3, name: 'Paid by' }).count(), 1);
  await shot(page, 'product.png');
});

test('the tag cell works with the keyboard: open it, type a new tag, choose a colour, create', async () => {
  await page.goto(`${BASE}/orgs/${org}/products`);
  const row = page.getByRole('row', { name: /gletscher\.de/ });
  const add = row.getByRole('link', { name: 'Add a tag to gletscher.de' });
  await add.focus();
  await page.keyboard.press('Enter');                 // opens the page's picker in this row
  assert.equal(await row.locator('details.picker[open]').count(), 1);
  await page.keyboard.type('Renewal due');            // focus is in the new tag's name
  await page.keyboard.press('Tab');                   // the palette: colour 1
  await page.keyboard.press('ArrowRight');            // colour 2
  await page.keyboard.press('ArrowRight');            // colour 3
  await page.keyboard.press('Tab');                   // the hex field (left empty)
  await page.keyboard.press('Tab');                   // the button
  await submitting(page, () => page.keyboard.press('Enter'));
  await page.getByRole('status').filter({ hasText: 'The tag was added.' }).waitFor();
  const chip = page.getByRole('row', { name: /gletscher\.de/ }).getByRole('link', { name: 'Renewal due' });
  assert.equal(await chip.count(), 1);
  // The colour comes from the organization's stylesheet: readable white on the palette's red.
  const colours = await chip.evaluate((e) => [getComputedStyle(e).backgroundColor, getComputedStyle(e).color]);
  assert.deepEqual(colours, ['rgb(176, 0, 32)', 'rgb(255, 255, 255)']);
  // Clicking the tag filters the list by it.
  await submitting(page, () => chip.click());
  assert.deepEqual(await page.getByRole('table').getByRole('rowheader').allTextContents(), ['gletscher.de']);
  await shot(page, 'products-tags.png');
});

test('the header switches to another organization', async () => {
  await page.locator('details.switch summary').click();
  await submitting(page, () => page.getByRole('list', { name: 'Switch organization' }).getByRole('link', { name: 'Alpenblick Verein' }).click());
  assert.equal(new URL(page.url()).pathname, `/orgs/${org2}`);
  await page.getByRole('heading', { level: 1, name: 'Alpenblick Verein' }).waitFor();
});

test('billing addresses and the members page fit a phone', async () => {
  const phone = await browser.newContext({ viewport: { width: 375, height: 740 }, ignoreHTTPSErrors: true, locale: 'en-GB' });
  await phone.addCookies((await context.cookies()).map((c) => ({ ...c })));
  const p = await phone.newPage();
  for (const path of [`/orgs/${org}/members`, `/orgs/${org}/billing`, `/orgs/${org}`]) {
    await p.goto(BASE + path);
    const width = await p.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 375, `${path}: ${width}px wide`);
  }
  await p.goto(`${BASE}/orgs/${org}/billing`);
  await p.getByLabel('Name on the invoice').fill('Gletscher Software GmbH, Buchhaltung');
  await p.getByLabel('Street and number').fill('Friedrichstrasse 12');
  await p.getByLabel('Postcode').fill('10117');
  await p.getByLabel('City').fill('Berlin');
  await p.getByLabel('Country').selectOption('DE');
  await submitting(p, () => p.getByRole('button', { name: 'Save billing address' }).click());
  await p.getByRole('status').filter({ hasText: 'The billing address was saved.' }).waitFor();
  await shot(p, 'org-billing-phone.png');
  await phone.close();
});
