/**
 * Reading saved courses offline (issue 20; docs/OFFLINE.md), in Chromium with the network
 * switched off: save a course, read a module offline with the banner, write a reflection
 * offline and see it saved when back online, a republished module updates the copy, the copy
 * never holds the trainee's saved reflection text, signing out deletes every copy and the next
 * person on the browser sees nothing of the first. Works on its own copy of a course.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { createAccount, signInAs } from './accounts.ts';
import { copyCourse } from './course-copy.ts';
import { expect, expectNoAxeViolations, screenshot, test } from './fixtures.ts';

const COURSE = 'offline-e2e-peer-support';
const FIRST = `/courses/${COURSE}/what-peer-support-is`;
const SECOND = `/courses/${COURSE}/intentional-peer-support`;
const SAVED = /^Saved for offline reading on \d{1,2} \w+ \d{4} at \d\d:\d\d: 7 modules\./;
let copy = '';

test.beforeAll(async () => {
  copy = await copyCourse({ slug: COURSE, title: 'Offline test course', from: 'peer-support-foundations', fresh: true });
});
test.afterAll(() => {
  if (copy) rmSync(copy, { recursive: true, force: true });
});

const cacheNames = (page: Page) => page.evaluate(() => caches.keys());
/** The kept copy of a page, as the worker stores it ('' when there is none). */
const keptCopy = (page: Page, url: string) =>
  page.evaluate(async (u) => {
    const hit = await caches.match(new URL(u, location.origin).href);
    return hit ? hit.text() : '';
  }, url);
const status = (page: Page) => page.locator('offline-save [data-offline-status]');

test('save a course, read and write offline, a republished module updates the copy, sign-out deletes it all', async ({ page, context }) => {
  test.setTimeout(90_000);
  const first = await createAccount('Offline Reader');
  await signInAs(context, first);

  // A reflection saved online before: it must never be in the offline copy.
  await page.goto(`/courses/${COURSE}`);
  await page.getByRole('button', { name: 'Enrol in this course' }).click();
  await expect(page).toHaveURL(/status=enrolled/);
  await page.goto(FIRST);
  await page.locator('#reflection-p1-body').fill('My private words about my own recovery.');
  await expect(page.locator('#reflection-p1 [data-status]')).toHaveText(/^Saved at \d\d:\d\d$/);

  // Save the course from its page: the button and the status are announced.
  await page.goto(`/courses/${COURSE}`);
  const save = page.getByRole('button', { name: /^Save this course for offline reading\s*: Offline test course$/ });
  await save.click();
  await expect(status(page)).toHaveText(SAVED);
  await expect(status(page)).toHaveAttribute('aria-live', 'polite');
  await expect(page.getByRole('button', { name: /^Update the offline copy\s*: Offline test course$/ })).toBeVisible();
  await expectNoAxeViolations(page);
  await screenshot(page, 'offline/course-saved', { part: page.locator('#enrolment') });
  const kept = await keptCopy(page, FIRST);
  expect(kept).toContain('What peer support is');
  expect(kept, 'the offline copy holds no saved reflection text').not.toContain('My private words');
  expect(kept).not.toContain(first.displayName);
  expect(kept).not.toContain(first.email);

  // Offline: the saved module opens from the copy, with the banner.
  await context.setOffline(true);
  await page.goto(SECOND);
  await expect(page.getByRole('heading', { level: 1, name: 'Intentional Peer Support' })).toBeVisible();
  await expect(page.locator('.offline-banner')).toHaveText(
    /^You are offline; this is the copy saved on \d{1,2} \w+ \d{4} at \d\d:\d\d\. Your reflections will be sent when you are back online\.$/,
  );
  await expectNoAxeViolations(page);
  await screenshot(page, 'offline/module-offline');
  await screenshot(page, 'offline/module-offline-reflection', { part: page.locator('section.reflections') });

  // A reflection written offline is kept on the device, then sent when the connection is back.
  await page.locator('#reflection-p1-body').fill('Written on the train with no signal.');
  await expect(page.locator('#reflection-p1 [data-status]')).toHaveText('Offline — kept on this device, will save when you are back online');
  await context.setOffline(false);
  await expect(page.locator('#reflection-p1 [data-status]')).toHaveText(/^Saved at \d\d:\d\d$/);
  await page.goto('/reflections');
  await expect(page.getByRole('main')).toContainText('Written on the train with no signal.');

  // The module is republished: opening the course online updates the copy.
  const moduleFile = path.join(copy, '02-intentional-peer-support.md');
  writeFileSync(moduleFile, readFileSync(moduleFile, 'utf8').replace(/^title: .*$/m, 'title: Intentional Peer Support, revised'));
  await expect(async () => {
    await page.goto(`/courses/${COURSE}`);
    await expect(status(page)).toHaveText(SAVED, { timeout: 2_000 });
    expect(await keptCopy(page, SECOND)).toContain('Intentional Peer Support, revised');
  }).toPass({ timeout: 20_000 });
  await context.setOffline(true);
  await page.goto(SECOND);
  await expect(page.getByRole('heading', { level: 1, name: 'Intentional Peer Support, revised' })).toBeVisible();
  await context.setOffline(false);

  // Signing out deletes every copy.
  await page.goto(`/courses/${COURSE}`);
  expect(await cacheNames(page)).not.toEqual([]);
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/signin\?reason=signed-out/);
  expect(await cacheNames(page)).toEqual([]);

  // The next person on this browser sees nothing of the first, online or offline.
  const second = await createAccount('Next Person');
  await signInAs(context, second);
  await page.goto(`/courses/${COURSE}`);
  expect(await cacheNames(page)).toEqual([]);
  await context.setOffline(true);
  await expect(page.goto(FIRST)).rejects.toThrow(/ERR_INTERNET_DISCONNECTED|ERR_FAILED/);
  await context.setOffline(false);
});

test('someone else signing in on the same browser (no sign-out) first deletes the copy', async ({ page, context }) => {
  const first = await createAccount('Offline Leaver');
  await signInAs(context, first);
  await page.goto(`/courses/${COURSE}`);
  await page.getByRole('button', { name: 'Enrol in this course' }).click();
  await expect(page).toHaveURL(/status=enrolled/);
  await page.getByRole('button', { name: /^Save this course for offline reading/ }).click();
  await expect(status(page)).toHaveText(SAVED);
  expect(await keptCopy(page, FIRST)).toContain('What peer support is');
  // The dashboard's course card says the same.
  await page.goto('/dashboard');
  await expect(status(page)).toHaveText(SAVED);
  await expectNoAxeViolations(page);
  await screenshot(page, 'offline/dashboard-card', { part: page.locator('.journey-card').filter({ hasText: 'Offline test course' }) });

  // The first person walks away; the next one signs in through the form. Two locks each delete
  // the copy: the worker's check after a visit (nobody signed in: 401) and the sign-in POST.
  await context.clearCookies();
  const second = await createAccount('Offline Arriver');
  await page.goto('/signin');
  await page.getByLabel('Email address').fill(second.email);
  await page.getByLabel('Password', { exact: true }).fill(second.password);
  await page.getByRole('main').getByRole('button', { name: 'Sign in' }).click();
  await expect(page).not.toHaveURL(/\/signin/);
  expect(await cacheNames(page)).toEqual([]);
  await context.setOffline(true);
  await expect(page.goto(FIRST)).rejects.toThrow(/ERR_INTERNET_DISCONNECTED|ERR_FAILED/);
  await context.setOffline(false);
});

test('without JavaScript nothing changes: no button, no worker', async ({ browser }) => {
  const context = await browser.newContext({ baseURL: process.env.E2E_BASE_URL, javaScriptEnabled: false });
  const trainee = await createAccount('Offline No Script');
  await signInAs(context, trainee);
  const page = await context.newPage();
  await page.goto(`/courses/${COURSE}`);
  await page.getByRole('button', { name: 'Enrol in this course' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'You are enrolled' })).toBeVisible();
  await expect(page.getByRole('button', { name: /offline/ })).toHaveCount(0);
  await page.goto('/dashboard');
  await expect(page.getByRole('link', { name: 'Offline test course', exact: true })).toBeVisible();
  await expect(page.getByRole('button', { name: /offline/ })).toHaveCount(0);
  await context.close();
});
