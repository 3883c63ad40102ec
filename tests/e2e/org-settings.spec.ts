/**
 * The organisation's own settings, end to end: an administrator sets the name, a logo and the
 * brand colour (a colour too light for white text is refused with a passing suggestion), and
 * Welsh support contacts; a trainee then sees the name, logo, colour and contacts on every page,
 * tap-to-call links on /support, and the quick exit works from the keyboard without leaving
 * /support in the history. A certificate issued afterwards names the organisation in its PDF and
 * its credential's issuer profile (with the logo). The header takes at most two rows at 375 px.
 *
 * These settings apply to the whole site, so the last test puts the defaults back (through the
 * same page, which forgets the cached settings at once).
 */
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import type { Browser, Page } from '@playwright/test';
import { loadCourses } from '../../src/lib/courses/course-fs.ts';
import type { Course } from '../../src/lib/courses/course.ts';
import { completeCourse } from '../support/certificates.ts';
import { createAccount, serviceClient, signInAs, type TestAccount } from './accounts.ts';
import { expect, expectNoAxeViolations, screenshot, test } from './fixtures.ts';

const root = path.resolve(import.meta.dirname, '../..');
const course = loadCourses(path.join(root, 'courses'), root).courses.find((c) => c.slug === 'peer-support-foundations') as Course;
const ORG = `Cwm Peer Network ${randomUUID().slice(0, 6)}`;
const SHOTS = '/tmp/pw-org-settings';
mkdirSync(SHOTS, { recursive: true });

/** A small real PNG (a teal badge with a light square), made here so no binary sits in git. */
function logoPng(width = 96, height = 40): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const out = Buffer.alloc(body.length + 8);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc32(body) >>> 0, body.length + 4);
    return out;
  };
  const rows: Buffer[] = [];
  for (let y = 0; y < height; y++) {
    const row = Buffer.alloc(1 + width * 3);
    for (let x = 0; x < width; x++) {
      const inner = x > 8 && x < 32 && y > 8 && y < 32;
      row.set(inner ? [250, 220, 120] : [20, 90, 100], 1 + x * 3);
    }
    rows.push(row);
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(Buffer.concat(rows))), chunk('IEND', Buffer.alloc(0))]);
}

async function pageAs(browser: Browser, baseURL: string, account: TestAccount, width = 1280): Promise<Page> {
  const context = await browser.newContext({ baseURL, viewport: { width, height: 900 } });
  await signInAs(context, account);
  return context.newPage();
}

/** How many rows the header's parts sit on (distinct top edges, 4 px tolerance). */
async function headerRows(page: Page): Promise<number> {
  return page.evaluate(() => {
    const parts = [...document.querySelectorAll('.site-name, .support-link, .site-nav li')].filter((el) => (el as HTMLElement).offsetParent !== null);
    const tops: number[] = [];
    for (const el of parts) {
      const top = el.getBoundingClientRect().top;
      if (!tops.some((t) => Math.abs(t - top) < 4 + (el.classList.contains('site-name') ? 12 : 0))) tops.push(top);
    }
    // Rows are the groups of tops more than a line apart.
    tops.sort((a, b) => a - b);
    return tops.filter((t, i) => i === 0 || t - tops[i - 1]! > 16).length;
  });
}

test.describe.configure({ mode: 'serial', timeout: 240_000 });

let admin: TestAccount;
let suggestion = '';

test.beforeAll(async () => {
  admin = await createAccount('Ada Settings Admin', ['admin']);
});

test('an administrator sets the name, logo, colour (a failing one is refused with a suggestion) and Welsh contacts', async ({ browser, baseURL }) => {
  const page = await pageAs(browser, baseURL!, admin);
  await page.goto('/staff');
  await page.getByRole('link', { name: 'Organisation settings' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Organisation settings');

  // An SVG (named .png) and a yellow too light for white text: both refused, nothing saved.
  await page.getByLabel('Organisation name').fill(ORG);
  await page.getByLabel('Brand colour').fill('#ffcc00');
  await page.locator('#logo').setInputFiles({ name: 'logo.png', mimeType: 'image/png', buffer: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>') });
  await page.getByRole('button', { name: 'Save settings' }).click();
  const summary = page.getByRole('alert');
  await expect(summary).toContainText('There is a problem');
  await expect(page.locator('#logo-error')).toContainText('SVG logos are not accepted');
  const colourError = page.locator('#brand_colour-error');
  await expect(colourError).toContainText('below the 4.5 to 1');
  suggestion = /Try (#[0-9a-f]{6})/.exec((await colourError.textContent()) ?? '')![1]!;
  await expect(page.getByLabel('Organisation name')).toHaveValue(ORG);
  await expectNoAxeViolations(page);
  await screenshot(page, 'org-settings-refused', { fullPage: true });
  await page.screenshot({ path: `${SHOTS}/settings-refused.png`, fullPage: true });

  // The suggested colour and a real PNG are taken.
  await page.getByLabel('Brand colour').fill(suggestion);
  await page.locator('#logo').setInputFiles({ name: 'our-logo.png', mimeType: 'image/png', buffer: logoPng() });
  await page.getByLabel('Footer text').fill('Registered charity 1234567');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page).toHaveURL(/\/staff\/settings\?done=saved$/);
  await expect(page.getByRole('status').first()).toContainText('Settings saved.');
  await expect(page.locator('.site-name')).toContainText(ORG);

  // Welsh defaults for the support contacts.
  await page.locator('#defaults-nation').selectOption('wales');
  await page.getByRole('button', { name: 'Use these defaults' }).click();
  await expect(page).toHaveURL(/done=saved$/);
  await expect(page.locator('#contact_name_0')).toHaveValue('NHS 111 Wales, press 2');
  await expectNoAxeViolations(page);
  await page.screenshot({ path: `${SHOTS}/settings-saved.png`, fullPage: true });
  await screenshot(page, 'org-settings', { fullPage: true });

  // The change is in the audit log.
  const service = await serviceClient();
  const rows = await service.collection('audit_log').getFullList({ filter: service.filter('action = "org_settings.update" && actor = {:id}', { id: admin.id }) });
  expect(rows.length).toBe(2);
  await page.context().close();
});

test('a trainee sees the name, logo, colour and Welsh contacts on every page, and tel: links on /support', async ({ browser, baseURL }) => {
  const trainee = await createAccount('Tal Trainee');
  const page = await pageAs(browser, baseURL!, trainee);
  for (const url of ['/', '/dashboard', '/reflections', '/certificates', '/account', '/support', `/courses/${course.slug}`]) {
    await page.goto(url);
    const header = page.getByRole('banner');
    await expect(header.locator('.site-name'), url).toContainText(ORG);
    await expect(header.getByRole('img', { name: `${ORG} logo` }), url).toBeVisible();
    const nav = page.getByRole('navigation', { name: 'Main' });
    for (const link of ['Dashboard', 'My reflections', 'Certificates']) await expect(nav.getByRole('link', { name: link }), url).toBeVisible();
    await expect(nav.getByRole('link', { name: 'Staff' })).toHaveCount(0);
    const footer = page.getByRole('contentinfo');
    await expect(footer, url).toContainText('NHS 111 Wales, press 2');
    await expect(footer, url).toContainText('Registered charity 1234567');
    await expect(footer.getByRole('link', { name: '116 123' }), url).toHaveAttribute('href', 'tel:116123');
    expect(await header.evaluate((el) => getComputedStyle(el).backgroundColor), url).toBe(
      `rgb(${[1, 3, 5].map((i) => parseInt(suggestion.slice(i, i + 2), 16)).join(', ')})`,
    );
  }
  const logo = await page.request.get((await page.getByRole('banner').getByRole('img').getAttribute('src'))!);
  expect(logo.headers()['content-type']).toBe('image/png');
  expect(logo.headers()['x-content-type-options']).toBe('nosniff');

  // /support: emergency first, Welsh route, tap-to-call links; not England's option 2.
  await page.goto('/support');
  await expect(page.getByRole('heading', { name: 'In an emergency' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Call 999' })).toHaveAttribute('href', 'tel:999');
  await expect(page.getByRole('link', { name: 'Call NHS 111 Wales, press 2 on 111' })).toHaveAttribute('href', 'tel:111');
  await expect(page.getByRole('link', { name: 'Call Samaritans on 116 123' })).toHaveAttribute('href', 'tel:116123');
  await expect(page.getByRole('link', { name: 'Text Shout on 85258' })).toHaveAttribute('href', 'sms:85258');
  await expect(page.getByText('NHS 111, mental health option')).toHaveCount(0);
  await expectNoAxeViolations(page);
  await page.screenshot({ path: `${SHOTS}/support-1280.png`, fullPage: true });
  await screenshot(page, 'org-support', { fullPage: true, widths: [1280, 375] });

  // At 375 px the header takes at most two rows, signed in and signed out.
  await page.setViewportSize({ width: 375, height: 800 });
  await page.goto('/dashboard');
  expect(await headerRows(page)).toBeLessThanOrEqual(2);
  // The name is readable beside the logo and the support button, not squeezed away.
  expect((await page.locator('.site-name span').boundingBox())!.width).toBeGreaterThan(90);
  await page.getByRole('banner').screenshot({ path: `${SHOTS}/header-375.png` });
  await page.setViewportSize({ width: 1280, height: 800 });
  expect(await headerRows(page)).toBe(1);
  await expect(page.getByRole('banner').getByRole('button', { name: 'Sign out' })).toBeInViewport();
  await page.getByRole('banner').screenshot({ path: `${SHOTS}/header-1280.png` });
  const staffPage = await pageAs(browser, baseURL!, admin, 375);
  await staffPage.goto('/dashboard');
  expect(await headerRows(staffPage)).toBeLessThanOrEqual(2);
  await expect(staffPage.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Staff' })).toBeAttached();
  await staffPage.getByRole('banner').screenshot({ path: `${SHOTS}/header-admin-375.png` });
  await staffPage.context().close();
  const visitor = await browser.newPage({ baseURL, viewport: { width: 375, height: 800 } });
  await visitor.goto('/');
  const nav = visitor.getByRole('navigation', { name: 'Main' });
  await expect(nav.getByRole('link', { name: 'Sign in' })).toBeVisible();
  await expect(nav.getByRole('link', { name: 'Create account' })).toHaveAttribute('href', '/signup');
  expect(await headerRows(visitor)).toBeLessThanOrEqual(2);
  await visitor.getByRole('banner').screenshot({ path: `${SHOTS}/header-signed-out-375.png` });
  await visitor.close();
  await page.context().close();
});

test('quick exit works from the keyboard and Back does not return to /support; content notes offer a skip link', async ({ browser, baseURL }) => {
  const trainee = await createAccount('Kai Keyboard');
  const page = await pageAs(browser, baseURL!, trainee);
  // No outside network here: answer for the neutral site.
  await page.route('https://www.bbc.co.uk/**', (route) => route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>Weather</title><h1>Weather</h1>' }));
  await page.goto('/dashboard');
  await page.goto('/support');
  let reached = false;
  for (let i = 0; i < 30 && !reached; i++) {
    await page.keyboard.press('Tab');
    reached = await page.evaluate(() => document.activeElement?.hasAttribute('data-quick-exit') ?? false);
  }
  expect(reached, 'the quick exit is reachable with Tab').toBe(true);
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL('https://www.bbc.co.uk/weather');
  await page.goBack();
  await expect(page).toHaveURL(/\/dashboard$/);

  // A module with a content-note box: a quick exit and a real "Skip this section" link.
  const withNote = course.modules.find((m) => m.body.includes('::: content-note'))!;
  await page.goto(`/courses/${course.slug}/${withNote.id}`);
  const showModule = page.getByRole('button', { name: /Show the module/ });
  if (await showModule.isVisible()) await showModule.click();
  await expect(page.locator('[data-quick-exit]')).toBeVisible();
  const skip = page.locator('a.skip-section').first();
  const target = (await skip.getAttribute('href'))!;
  expect(await page.locator(target).count()).toBe(1);
  await skip.click();
  await expect(page).toHaveURL(new RegExp(`${target}$`));
  await page.context().close();
});

test('a certificate issued now names the organisation in its PDF and its credential’s issuer profile', async ({ browser, baseURL, request }) => {
  test.slow();
  const service = await serviceClient();
  const trainee = await createAccount('Robin Example');
  const assessor = await createAccount('Sam Okafor', ['assessor']);
  await service.collection('enrolments').create({ user: trainee.id, course: course.slug, status: 'active' });
  await completeCourse(service, trainee.id, course, { assessor: { id: assessor.id, name: 'Sam Okafor' } });
  const page = await pageAs(browser, baseURL!, trainee);
  await page.goto(`/certificates/new?course=${course.slug}&kind=full`);
  await page.getByRole('button', { name: 'Make my certificate' }).click();
  await expect(page).toHaveURL(/\/certificates\/[0-9A-Z]{16}\?status=issued$/);
  const code = /\/certificates\/([0-9A-Z]{16})/.exec(page.url())![1]!;
  const [pdf] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download the certificate (PDF)' }).click()]);
  const file = `${SHOTS}/certificate.pdf`;
  writeFileSync(file, await (await import('node:fs/promises')).readFile((await pdf.path())!));
  const text = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' });
  // The name is set in spaced capitals: pdftotext reads a wide gap between two letters as a
  // space now and then ("NET WORK"), so compare without spaces.
  expect(text.replace(/\s+/g, '')).toContain(ORG.toUpperCase().replace(/\s+/g, ''));
  expect(execFileSync('pdfimages', ['-list', file], { encoding: 'utf8' }).split('\n').filter((l) => /^\s*\d+\s/.test(l)).length).toBeGreaterThanOrEqual(2);
  execFileSync('pdftoppm', ['-png', '-r', '60', '-singlefile', file, `${SHOTS}/certificate`]);
  const credential = (await (await request.get(`/credentials/${code}`)).json()) as { issuer: { name: string; image?: { id: string; type: string } } };
  expect(credential.issuer.name).toBe(ORG);
  expect(credential.issuer.image?.type).toBe('Image');
  expect(credential.issuer.image?.id).toMatch(/^data:image\/png;base64,/);
  await page.context().close();
});

test('the defaults are put back for the rest of the suite', async ({ browser, baseURL }) => {
  const page = await pageAs(browser, baseURL!, admin);
  await page.goto('/staff/settings');
  await page.getByLabel('Organisation name').fill(process.env.ORG_NAME || process.env.ISSUER_NAME || 'Lived Learning');
  await page.getByLabel('Brand colour').fill('#1d4e5f');
  await page.getByLabel('Footer text').fill('');
  await page.getByLabel('Remove the logo').check();
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page).toHaveURL(/done=saved$/);
  await page.locator('#defaults-nation').selectOption('england');
  await page.getByRole('button', { name: 'Use these defaults' }).click();
  await expect(page.getByRole('contentinfo')).toContainText('NHS 111, mental health option');
  await expect(page.getByRole('banner').getByRole('img')).toHaveCount(0);
  await page.context().close();
});
