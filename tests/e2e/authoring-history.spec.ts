/**
 * File history, diff, restore and publishing in the browser, with and without JavaScript:
 * an author opens a module's history; the file is then edited directly on disk (as a Git user
 * would) and shows as "Changed on disk"; the author compares the two versions, publishes, a
 * trainee reads the change; the author restores the older version and publishes again.
 * A trainer who is not an author gets the kind 403 page; a signed-out visitor is sent to sign
 * in. axe on history, diff, publish and authors pages. Works on its own copy of a course in
 * the throwaway courses folder global setup made (E2E_COURSES_DIR), so the other specs, which
 * run at the same time, never see its edits, broken file or publishes.
 */
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from '@playwright/test';
import { createAccount, createAuthor, signInAs, type TestAccount } from './accounts.ts';
import { copyCourse, e2eCoursesDir, removeCourseCopy } from './course-copy.ts';
import { expect, expectNoAxeViolations, screenshot, test } from './fixtures.ts';

const COURSE = 'history-e2e-foundations';
const TITLE = 'History test course';
const FILE = '07-looking-after-yourself.md';
const MODULE_URL = `/courses/${COURSE}/looking-after-yourself`;

function courseFile(): string {
  return path.join(e2eCoursesDir(), COURSE, FILE);
}

// A copy of peer-support-foundations under its own name and title (a second course with the
// same title would confuse specs that pick a course by its title).
test.beforeAll(async () => {
  await copyCourse({ slug: COURSE, title: TITLE, from: 'peer-support-foundations', fresh: true });
});

test.afterAll(() => {
  removeCourseCopy(COURSE);
});

const author = (name: string): Promise<TestAccount> => createAuthor(name, [COURSE]);

async function signedIn(browser: Browser, account: TestAccount | undefined, javaScriptEnabled: boolean): Promise<Page> {
  const context = await browser.newContext({ baseURL: process.env.E2E_BASE_URL, javaScriptEnabled });
  if (account) await signInAs(context, account);
  return context.newPage();
}

/** Screenshots at 1280 and 375 px wide, to look at (only with E2E_SCREENSHOTS=1). */
const shot = (page: Page, name: string) => screenshot(page, `authoring-history/${name}`, { fullPage: true, widths: [1280, 375] });

test.describe('without JavaScript', () => {
  test('history shows a change made on disk; diff; publish; a trainee reads it; restore; publish again', async ({ browser }) => {
    test.setTimeout(60_000);
    const original = readFileSync(courseFile(), 'utf8');
    const sentence = `A sentence added on disk for the history test ${Date.now()}.`;
    const page = await signedIn(browser, await author('History Author'), false);
    const reader = await signedIn(browser, await createAccount('History Reader', ['trainee']), false);
    try {
      // The first look records the file as it is on disk.
      await page.goto(`/author/${COURSE}/history`);
      await page.getByRole('link', { name: FILE }).click();
      await expect(page.getByRole('heading', { level: 1 })).toHaveText('History of Looking after yourself');
      const rows = page.locator('table.ah-history tbody tr');
      const before = await rows.count();
      await expect(rows.first()).toContainText(/First seen on disk|Changed on disk/);

      // A Git user edits the file directly.
      appendFileSync(courseFile(), `\n${sentence}\n`);
      await page.reload();
      await expect(rows).toHaveCount(before + 1);
      await expect(rows.first()).toContainText('Changed on disk');
      await expect(rows.first()).toContainText('Someone editing the files directly');
      await expect(rows.first()).toContainText('Current version');
      await shot(page, 'history');

      // Compare with the version before: the added line is named in words.
      await rows.first().getByRole('link', { name: /Compare with the version before/ }).click();
      await expect(page.getByRole('heading', { level: 1 })).toHaveText('Changes in Looking after yourself');
      await expect(page.getByText(/2 lines added, 0 lines removed/)).toBeVisible();
      const added = page.locator('tr.ah-diff__add', { hasText: sentence });
      await expect(added).toContainText('Added');
      await shot(page, 'diff');

      // Publish: the page lists what changes for trainees; the POST publishes.
      await page.goto(`/author/${COURSE}/publish`);
      await expect(page.getByText('No problems found: the course is ready to publish.')).toBeVisible();
      await page.getByRole('button', { name: 'Publish now' }).click();
      await expect(page.getByRole('status')).toContainText(/Published\. Trainees now read version [0-9a-f]{12}\./);
      await shot(page, 'publish');
      await reader.goto(MODULE_URL);
      await expect(reader.locator('main')).toContainText(sentence);

      // Restore the version from before the disk edit: a new "Restored" version.
      await page.goto(`/author/${COURSE}/history?file=${FILE}`);
      await rows.nth(1).getByRole('button', { name: /Restore this version/ }).click();
      await expect(page.getByRole('status')).toContainText('Restored.');
      await expect(rows.first()).toContainText('Restored');
      expect(readFileSync(courseFile(), 'utf8')).toBe(original);
      // Trainees keep the published version until the next publish.
      await reader.reload();
      await expect(reader.locator('main')).toContainText(sentence);

      await page.goto(`/author/${COURSE}/publish`);
      await expect(page.getByRole('region', { name: 'What changes for trainees' })).toContainText(FILE);
      await page.getByRole('button', { name: 'Publish now' }).click();
      await expect(page.getByRole('status')).toContainText('Published.');
      await reader.reload();
      await expect(reader.locator('main')).not.toContainText(sentence);
    } finally {
      // Leave the copy as it was for the next test.
      writeFileSync(courseFile(), original);
    }
  });

  test('a problem blocks publishing and is listed with its file and line', async ({ browser }) => {
    const original = readFileSync(courseFile(), 'utf8');
    const page = await signedIn(browser, await author('Careful Author'), false);
    try {
      writeFileSync(courseFile(), original.replace('duration: 50', 'duration: soon'));
      await page.goto(`/author/${COURSE}/publish`);
      const problems = page.getByRole('region', { name: /problem.* to fix before publishing/ });
      await expect(problems).toContainText(`${FILE}:3:`);
      await page.getByRole('button', { name: 'Publish now' }).click();
      await expect(page.getByRole('alert').first()).toContainText('The course was not published');
      await expect(page.locator('.ah-problems').getByRole('link', { name: 'Open in the editor' })).toHaveAttribute('href', `/author/${COURSE}/edit/${FILE}`);
    } finally {
      writeFileSync(courseFile(), original);
    }
  });
});

test('with JavaScript: the diff and remove-author pages pass axe; an admin manages authors', async ({ browser }) => {
  const admin = await createAccount('Authoring Admin', ['admin']);
  const trainer = await createAccount('Future Author', ['trainer']);
  const page = await signedIn(browser, admin, true);
  await page.goto(`/author/${COURSE}/history?file=${FILE}`);
  await expect(page.locator('table.ah-history tbody tr').first()).toBeVisible();
  await page.locator('table.ah-history').getByRole('link', { name: /Compare with the version before/ }).first().click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Changes in Looking after yourself');
  await expectNoAxeViolations(page);
  await page.goto(`/author/${COURSE}/authors`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Authors of ${TITLE}`);
  await page.getByLabel('Their email address').fill('nobody@example.test');
  await page.getByRole('button', { name: 'Add as an author' }).click();
  await expect(page.locator('#ah-email-error')).toHaveText(/Nobody has signed up with that email address/);
  await expect(page.getByLabel('Their email address')).toHaveValue('nobody@example.test');
  await page.getByLabel('Their email address').fill(trainer.email);
  await page.getByRole('button', { name: 'Add as an author' }).click();
  await expect(page.getByRole('status')).toHaveText('Future Author is now an author of this course.');
  await shot(page, 'authors');
  // Removing asks first; "No" changes nothing.
  await page.getByRole('link', { name: 'Remove Future Author' }).click();
  await expect(page.getByRole('heading', { name: 'Remove Future Author as an author?' })).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByRole('link', { name: 'No, keep them as an author' }).click();
  await expect(page.locator('.ah-authors li', { hasText: 'Future Author' })).toHaveCount(1);
  await page.getByRole('link', { name: 'Remove Future Author' }).click();
  await page.getByRole('button', { name: 'Yes, remove Future Author' }).click();
  await expect(page.getByRole('status')).toHaveText('Future Author is no longer an author of this course.');
  await expect(page.locator('.ah-authors li', { hasText: 'Future Author' })).toHaveCount(0);

  // The export is a zip of the draft.
  const response = await page.request.get(`/author/${COURSE}/export.zip`);
  expect(response.status()).toBe(200);
  expect(response.headers()['content-type']).toBe('application/zip');
  expect((await response.body()).subarray(0, 2).toString()).toBe('PK');
});

test('a trainer who is not an author gets a kind 403; a signed-out visitor is asked to sign in', async ({ browser }) => {
  const page = await signedIn(browser, await createAccount('Other Trainer', ['trainer']), true);
  for (const url of [`/author/${COURSE}/history`, `/author/${COURSE}/history?file=${FILE}`, `/author/${COURSE}/publish`, `/author/${COURSE}/import`, `/author/${COURSE}/authors`]) {
    const response = await page.goto(url);
    expect(response?.status(), url).toBe(403);
  }
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Only administrators can change who writes a course');
  await page.goto(`/author/${COURSE}/publish`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('You are not an author of this course');
  await expectNoAxeViolations(page);
  expect((await page.request.get(`/author/${COURSE}/export.zip`, { maxRedirects: 0 })).status()).toBe(303);

  const visitor = await signedIn(browser, undefined, false);
  await visitor.goto(`/author/${COURSE}/history?file=${FILE}`);
  await expect(visitor).toHaveURL(/\/signin\?next=/);
});
