/**
 * A live course keeps working when a broken or stray file lands on the server: trainees keep
 * reading the last good version (200, not 404) and the course's author sees the problems on
 * the course's author page. Works on its own copy of a course in the throwaway courses folder
 * global setup made (E2E_COURSES_DIR).
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createAccount, createAuthor, signInAs } from './accounts.ts';
import { copyCourse } from './course-copy.ts';
import { expect, screenshot, test } from './fixtures.ts';

const COURSE = 'last-good-e2e-leadership';
let copy = '';

test.beforeAll(async () => {
  copy = await copyCourse({ slug: COURSE, title: 'Last good test course', fresh: true });
});

test.afterAll(() => {
  if (copy) rmSync(copy, { recursive: true, force: true });
});

test('a stray file and a broken module keep the last good version for trainees; the author sees the problems', async ({ browser }) => {
  test.setTimeout(60_000);
  const base = process.env.E2E_BASE_URL;
  const trainee = await createAccount('Last Good Trainee');
  const author = await createAuthor('Last Good Author', [COURSE]);

  const traineeContext = await browser.newContext({ baseURL: base });
  await signInAs(traineeContext, trainee);
  const page = await traineeContext.newPage();
  const modulePath = `/courses/${COURSE}/leadership-from-lived-experience`;
  const first = await page.goto(modulePath);
  expect(first?.status()).toBe(200);
  const goodHeading = await page.getByRole('heading', { level: 1 }).textContent();

  // Someone drops a stray file in the folder and half-edits a module on the server.
  writeFileSync(path.join(copy, 'notes.md'), 'things to remember\n');
  const moduleFile = path.join(copy, '01-leadership-from-lived-experience.md');
  writeFileSync(moduleFile, readFileSync(moduleFile, 'utf8').replace(/^title: .*$/m, 'title: [unfinished'));

  // The author is told, with each file and line, and that trainees still read the last good version.
  const authorContext = await browser.newContext({ baseURL: base });
  await signInAs(authorContext, author);
  const authorPage = await authorContext.newPage();
  const problems = authorPage.getByRole('region', { name: 'Problems in the course files on the server' });
  await expect(async () => {
    await authorPage.goto(`/author/${COURSE}`);
    await expect(problems).toBeVisible({ timeout: 500 });
  }).toPass({ timeout: 10_000 });
  await expect(problems).toContainText(/Trainees are still reading version [0-9a-f]{12}, the last version without problems/);
  await expect(problems).toContainText(`${COURSE}/notes.md:1: "notes.md" is not a module file name`);
  await expect(problems).toContainText(`${COURSE}/01-leadership-from-lived-experience.md`);
  await screenshot(authorPage, 'course-last-good/author-problems');

  // The trainee still gets the module, as it was.
  const again = await page.goto(modulePath);
  expect(again?.status()).toBe(200);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(goodHeading ?? '');
  const course = await page.goto(`/courses/${COURSE}`);
  expect(course?.status()).toBe(200);

  await traineeContext.close();
  await authorContext.close();
});
