/**
 * "Download everything about me" and "Close my account" in a browser (docs/PRIVACY.md): a
 * trainee with a certificate and a reflection downloads the zip (report + JSON holding the
 * reflection), closes the account with their password, cannot sign in again, the reflection's
 * words are in no file of the data folder, and their certificate still verifies with the name
 * as printed. Accessibility of these pages is
 * checked in accessibility.spec.ts.
 */
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import PocketBase from 'pocketbase';
import { loadCourses } from '../../src/lib/courses/course-fs.ts';
import type { Course } from '../../src/lib/courses/course.ts';
import { completeCourse } from '../support/certificates.ts';
import { createAccount, serviceClient, signInAs } from './accounts.ts';
import { expect, screenshot, test } from './fixtures.ts';

const root = path.resolve(import.meta.dirname, '../..');
const course = loadCourses(path.join(root, 'courses'), root).courses.find((c) => c.slug === 'peer-support-foundations') as Course;

/** Files under PocketBase's data folder whose bytes contain `text`. */
function filesHolding(text: string): string[] {
  const dataDir = process.env.E2E_PB_DATA_DIR;
  if (!dataDir) throw new Error('E2E_PB_DATA_DIR is not set: run through playwright.config.ts');
  const canary = Buffer.from(text);
  return readdirSync(dataDir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name))
    .filter((file) => {
      try {
        return readFileSync(file).includes(canary);
      } catch {
        return false; // removed meanwhile by another spec's work (a temp file, a deleted upload)
      }
    });
}

test('a trainee downloads everything, closes the account, cannot sign in; the words are gone from the data folder; the certificate still verifies', async ({ page, context, browser, baseURL }) => {
  test.slow();
  const tag = randomUUID().slice(0, 8);
  const service = await serviceClient();
  const trainee = await createAccount(`Pia Privacy ${tag}`);
  const assessor = await createAccount(`Sam Assessor ${tag}`, ['assessor']);
  await service.collection('enrolments').create({ user: trainee.id, course: course.slug, status: 'active' });
  await completeCourse(service, trainee.id, course, { assessor: { id: assessor.id, name: 'Sam Assessor' } });
  const own = new PocketBase(process.env.E2E_PB_URL);
  await own.collection('users').authWithPassword(trainee.email, trainee.password);
  const text = `My private reflection ${tag}`;
  await own.collection('reflections').create({ user: trainee.id, course: course.slug, module: '', prompt: 'free', title: `Title ${tag}`, body: text, version: 1 });
  await signInAs(context, trainee);

  // A certificate with the name as printed.
  await page.goto(`/courses/${course.slug}`);
  await page.locator('section.cert-status').getByRole('link', { name: 'Get your certificate' }).click();
  await page.getByLabel('Your name as it should appear on the certificate').fill(`Pia Printed ${tag}`);
  await page.getByRole('button', { name: 'Make my certificate' }).click();
  await expect(page).toHaveURL(/\/certificates\/[0-9A-Z]{16}\?status=issued$/);
  const code = /\/certificates\/([0-9A-Z]{16})/.exec(page.url())![1]!;

  // Download everything.
  await page.goto('/account');
  await screenshot(page, 'privacy-account', { part: page.locator('#your-data') });
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download everything about me (zip)' }).click()]);
  expect(download.suggestedFilename()).toMatch(/^my-data-\d{4}-\d{2}-\d{2}\.zip$/);
  const zip = unzipSync(new Uint8Array(readFileSync((await download.path())!)));
  expect(strFromU8(zip['report.html']!)).toContain(text);
  expect(JSON.parse(strFromU8(zip['data/reflections.json']!)).map((r: { body: string }) => r.body)).toEqual([text]);
  expect(JSON.parse(strFromU8(zip['data/certificates.json']!))[0].code).toBe(code);
  const again = await page.request.get('/account/my-data.zip');
  expect(again.headers()['cache-control']).toBe('private, no-store');
  expect(again.headers()['content-type']).toBe('application/zip');

  // The search below would find the words: they are in the data folder now.
  expect(filesHolding(text).length).toBeGreaterThan(0);

  // Close the account: a wrong password first.
  await page.getByRole('link', { name: 'Close my account' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Close your account');
  await expect(page.getByRole('heading', { name: 'What is kept, and why' })).toBeVisible();
  await screenshot(page, 'privacy-close', { fullPage: true, widths: [1280, 375] });
  await page.getByLabel(/I understand that my account/).check();
  await page.getByLabel('Your password').fill('not my password');
  await page.getByRole('button', { name: 'Close my account' }).click();
  await expect(page.getByRole('alert')).toContainText('That password is not right.');
  await page.getByLabel(/I understand that my account/).check();
  await page.getByLabel('Your password').fill(trainee.password);
  await page.getByRole('button', { name: 'Close my account' }).click();
  await expect(page).toHaveURL(/\/account\/closed$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Your account is closed');

  // Signed out, and cannot sign in again.
  await page.goto('/account');
  await expect(page).toHaveURL(/\/signin/);
  await page.getByLabel('Email address').fill(trainee.email);
  await page.getByLabel('Password', { exact: true }).fill(trainee.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toBeVisible();
  await expect(page).toHaveURL(/\/signin/);
  expect((await service.collection('reflections').getFullList({ filter: `user = "${trainee.id}"` })).length).toBe(0);

  // The canary: the reflection's words are in no file of PocketBase's data folder (database,
  // its write-ahead log, stored files). Closing checkpointed the log and rebuilt the database.
  expect(filesHolding(text), 'files still holding the closed account\'s reflection').toEqual([]);

  // The certificate still verifies, with the name as printed.
  const visitor = await browser.newContext({ baseURL });
  const check = await visitor.newPage();
  await check.goto(`/verify/${code}`);
  await expect(check.locator('.cert-banner__status')).toHaveText('Valid: this certificate is genuine and current.');
  await expect(check.locator('.cert-holder__name')).toHaveText(`Pia Printed ${tag}`);
  await visitor.close();
});

test('an admin closes an account for a request made offline', async ({ page, context }) => {
  const tag = randomUUID().slice(0, 8);
  const admin = await createAccount(`Ada Admin ${tag}`, ['admin']);
  const person = await createAccount(`Olu Offline ${tag}`);
  await signInAs(context, admin);
  await page.goto('/staff');
  await page.getByRole('link', { name: 'Close an account for someone' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Close an account for someone');
  await page.getByLabel('Their email address').fill(person.email);
  await page.getByRole('button', { name: 'Find the account' }).click();
  await expect(page.getByText(`Account found: Olu Offline ${tag} (${person.email}).`)).toBeVisible();
  await screenshot(page, 'privacy-staff-found', { fullPage: true });
  await page.getByRole('button', { name: 'Close this account' }).click();
  await expect(page.getByRole('alert')).toContainText('Tick the box to confirm');
  await page.getByLabel(/I have checked this request/).check();
  await page.getByRole('button', { name: 'Close this account' }).click();
  await expect(page.getByRole('status')).toContainText('The account is closed. Kept records now name “Erased person');
  await screenshot(page, 'privacy-staff-done', { fullPage: true });
  await expect(new PocketBase(process.env.E2E_PB_URL).collection('users').authWithPassword(person.email, person.password)).rejects.toMatchObject({ status: 400 });
});
