/**
 * The whole-course draft preview (issue 17): an author previews the draft as trainees will see
 * it (course page, then each module with its content-note gate and the knowledge check with no
 * answers or feedback) before publishing; a change saved as a draft shows there and not on the
 * reading page. Only the course's authors get in (others: the Forbidden page); never cached.
 * Import and export are linked from the author's course list and course page.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from '@playwright/test';
import { createAuthor, signInAs, type TestAccount } from './accounts.ts';
import { copyCourse } from './course-copy.ts';
import { expect, expectNoAxeViolations, screenshot, test } from './fixtures.ts';

const COURSE = 'draft-e2e-leadership';

test.beforeAll(async () => {
  await copyCourse({ slug: COURSE, title: 'Draft preview test course' });
});

async function signedIn(browser: Browser, account: TestAccount): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ baseURL: process.env.E2E_BASE_URL });
  await signInAs(context, account);
  return { context, page: await context.newPage() };
}

test('an author previews the whole draft as trainees will see it, with no answers; others are refused', async ({ browser }) => {
  test.setTimeout(90_000);
  const { context, page } = await signedIn(browser, await createAuthor('Draft Previewer', [COURSE]));

  // Import and export from the course list and the course page.
  await page.goto('/author');
  const item = page.locator('.author-courses > li', { hasText: 'Draft preview test course' });
  await expect(item.getByRole('link', { name: /^Download as a zip ?: Draft preview test course$/ })).toHaveAttribute('href', `/author/${COURSE}/export.zip`);
  await expect(item.getByRole('link', { name: /^Replace from a zip ?: Draft preview test course$/ })).toHaveAttribute('href', `/author/${COURSE}/import`);
  await page.goto(`/author/${COURSE}`);
  await expect(page.getByRole('link', { name: 'Replace from a zip' })).toHaveAttribute('href', `/author/${COURSE}/import`);
  await expect(page.getByRole('link', { name: 'Download as a zip' })).toHaveAttribute('href', `/author/${COURSE}/export.zip`);

  // A draft change: a new sentence in module 2, saved but not published.
  const sentence = `Only in the draft ${Date.now()}.`;
  const dir = process.env.E2E_COURSES_DIR!;
  const file = path.join(dir, COURSE, '02-our-movement.md');
  await page.goto(`/author/${COURSE}/edit/02-our-movement.md`);
  await page.locator('#body').fill(`${await page.locator('#body').inputValue()}\n\n${sentence}\n`);
  await page.getByRole('button', { name: 'Save draft' }).click();
  await expect(page.locator('[data-editor-status]')).toContainText('Draft saved');
  expect(readFileSync(file, 'utf8')).toContain(sentence);

  await page.goto(`/author/${COURSE}`);
  await page.getByRole('link', { name: 'Preview the whole draft' }).click();
  const response = await page.reload();
  expect(response?.status()).toBe(200);
  expect(response?.headers()['cache-control']).toBe('private, no-store');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Draft preview test course');
  await expect(page.getByRole('note', { name: 'Draft preview' })).toContainText('Trainees cannot see it yet');
  await expectNoAxeViolations(page);
  await expect(page.locator('.module-list > li')).toHaveCount(6);
  await screenshot(page, 'authoring-draft/course');

  // Module 2 has a content note: the text waits behind the gate, as for trainees.
  await page.getByRole('link', { name: 'Our movement' }).click();
  await expect(page).toHaveURL(new RegExp(`/author/${COURSE}/draft/our-movement$`));
  await expect(page.locator('.content-note')).toBeVisible();
  await expect(page.getByText(sentence)).toBeHidden();
  await expectNoAxeViolations(page);
  await page.getByRole('button', { name: 'Show the module' }).click();
  await expect(page.getByText(sentence)).toBeVisible();

  // The knowledge check: questions and options, never which is correct, never the feedback.
  const check = page.locator('[data-draft-check]');
  await expect(check.locator('li.question').first()).toBeVisible();
  const source = readFileSync(file, 'utf8');
  const feedback = /feedback: "?([^"\n]{30,})/.exec(source)![1]!.slice(0, 30);
  expect(await page.content()).not.toContain(feedback);
  await expect(check.locator('input')).toHaveCount(0);
  await expectNoAxeViolations(page);
  await page.evaluate(() => window.scrollTo(0, 0));
  await screenshot(page, 'authoring-draft/module');

  // The publish page links to the preview too.
  await page.goto(`/author/${COURSE}/publish`);
  await expect(page.getByRole('link', { name: 'Preview the whole draft as trainees will see it, before you publish' })).toHaveAttribute('href', `/author/${COURSE}/draft`);

  // Not on the reading page until published.
  const reader = await browser.newPage({ baseURL: process.env.E2E_BASE_URL });
  await reader.goto(`/courses/${COURSE}/our-movement`);
  await expect(reader.getByText(sentence)).toHaveCount(0);
  await reader.close();

  // Someone who is not an author of this course gets the Forbidden page, with nothing of the draft.
  const other = await signedIn(browser, await createAuthor('Other Draft Author', ['peer-support-foundations']));
  for (const target of [`/author/${COURSE}/draft`, `/author/${COURSE}/draft/our-movement`]) {
    const refused = await other.page.goto(target);
    expect(refused?.status()).toBe(403);
    expect(refused?.headers()['cache-control']).toContain('no-store');
    await expect(other.page.getByRole('heading', { level: 1 })).toHaveText('You are not an author of this course');
    await expect(other.page.locator('body')).not.toContainText(sentence);
  }
  const signedOut = await browser.newPage({ baseURL: process.env.E2E_BASE_URL });
  await signedOut.goto(`/author/${COURSE}/draft`);
  expect(new URL(signedOut.url()).pathname).toBe('/signin');
  await signedOut.close();
  await other.context.close();
  await context.close();
});
