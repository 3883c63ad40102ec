/**
 * The trainee's journey: enrol, open a module, mark it done, see progress on the dashboard;
 * join with a code; leave and rejoin; an ordered course; bad input. With and without
 * JavaScript, and axe on every page this feature adds.
 *
 * Most tests run against their own site and PocketBase, started once per worker with the
 * fixture courses in tests/fixtures/courses/journey (the real courses all have knowledge
 * checks, so "Mark as done" could not be shown on them). The last group uses the shared
 * stack and the real courses.
 */
import type { BrowserContext, Page } from '@playwright/test';
import PocketBase from 'pocketbase';
import { stackPerWorker, type TestStack } from '../support/stack.ts';
import { createUser, serviceClient } from '../support/fixtures-pb.ts';
import { createAccount, signInAs } from './accounts.ts';
import { expect, expectNoAxeViolations, screenshot, test as base } from './fixtures.ts';

const PASSWORD = 'correct-horse-battery';
let counter = 0;

interface Trainee {
  id: string;
  email: string;
}

const test = base.extend<{ trainee: Trainee; service: PocketBase }, { journeyStack: TestStack }>({
  journeyStack: stackPerWorker({ coursesDir: 'tests/fixtures/courses/journey' }),
  baseURL: async ({ journeyStack }, use) => use(journeyStack.baseURL),
  service: async ({ journeyStack }, use) => use(await serviceClient(journeyStack.pb)),
  /** A new trainee, signed in in this test's browser context (without the sign-in form). */
  trainee: async ({ journeyStack, service, context }, use) => {
    counter += 1;
    const email = `journey-${Date.now()}-${counter}@example.test`;
    const user = await createUser(service, { email, password: PASSWORD, display_name: 'Robin', roles: ['trainee'] });
    await signIn(context, journeyStack, email);
    await use({ id: user.id, email });
  },
});

async function signIn(context: BrowserContext, stack: TestStack, email: string) {
  const pb = new PocketBase(stack.pb.url);
  const auth = await pb.collection('users').authWithPassword(email, PASSWORD);
  await context.addCookies([{ name: 'll_session', value: auth.token, url: stack.baseURL, httpOnly: true, sameSite: 'Lax' }]);
}

async function newCohort(service: PocketBase, course: string, code: string, archived = false): Promise<string> {
  const record = await service.collection('cohorts').create({ name: `Group ${code}`, course, code, archived });
  return record.id;
}

const enrolmentBox = (page: Page) => page.locator('#enrolment');
const progressBox = (page: Page) => page.locator('#progress');

test.describe('the trainee’s journey, with JavaScript', () => {
  test('enrol → open a module → started → mark done → dashboard shows the bar and the next module', async ({ page, trainee, service }) => {
    await page.goto('/courses/open-course');
    await expect(enrolmentBox(page).getByRole('heading', { name: 'Your place on this course' })).toBeVisible();
    await enrolmentBox(page).getByRole('button', { name: 'Enrol in this course' }).click();

    await expect(page).toHaveURL(/\/courses\/open-course\?status=enrolled#enrolment$/);
    await expect(enrolmentBox(page).getByRole('status')).toHaveText(/You are enrolled/);
    await expect(enrolmentBox(page)).toContainText('0 of 3 modules done (0%)');
    await expectNoAxeViolations(page);
    await enrolmentBox(page).getByRole('link', { name: 'Start with: Welcome' }).click();

    await expect(page.getByRole('heading', { level: 1, name: 'Welcome' })).toBeVisible();
    await expect(progressBox(page).getByRole('button', { name: 'Mark as done' })).toBeVisible();
    await expectNoAxeViolations(page);

    // Opening the module recorded "started": the course page says so, and offers to carry on.
    await page.goto('/courses/open-course');
    const welcome = page.locator('.module-list li', { hasText: 'Welcome' });
    await expect(welcome).toContainText('In progress');
    await expect(enrolmentBox(page).getByRole('link', { name: 'Carry on: Welcome' })).toBeVisible();
    await enrolmentBox(page).getByRole('link', { name: 'Carry on: Welcome' }).click();

    await progressBox(page).getByRole('button', { name: 'Mark as done' }).click();
    await expect(page).toHaveURL(/\/courses\/open-course\/welcome\?status=done#progress$/);
    await expect(progressBox(page).getByRole('status')).toHaveText(/Marked as done/);
    await expect(progressBox(page)).toContainText('Done ✓');
    await expect(progressBox(page).getByRole('button', { name: 'Mark as done' })).toHaveCount(0);

    // A module with a knowledge check is completed by passing it.
    await page.goto('/courses/open-course/habits');
    await expect(progressBox(page)).toContainText('Pass the knowledge check on this page to complete this module.');
    await expect(progressBox(page).getByRole('button', { name: 'Mark as done' })).toHaveCount(0);

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Dashboard' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Your learning' })).toBeVisible();
    const card = page.locator('.journey-card', { hasText: 'Open Journey Course' });
    await expect(card).toContainText('1 of 3 modules done (33%)');
    // The element enhanced the native bar, which stays for screen readers.
    await expect.poll(() => card.locator('progress-bar').evaluate((el) => el.shadowRoot?.querySelector('.fill')?.getAttribute('style'))).toContain('width: 33%');
    await expect(card.getByRole('progressbar')).toHaveAttribute('value', '1');
    await expect(card.getByRole('link', { name: 'Carry on: Habits that get in the way' })).toBeVisible();
    await expect(card).toContainText('About 1 hour 10 minutes left');
    await expect(card).toContainText('0 reflections written');
    await expect(card).toContainText('0 of 1 knowledge check passed');
    await card.getByText('3 assessment criteria still to evidence').click();
    await expect(card).toContainText('assessed by your assessor');
    await expectNoAxeViolations(page);

    // The knowledge-check feature writes a passed attempt; the module then counts as done.
    await service.collection('quiz_attempts').create({ user: trainee.id, course: 'open-course', module: 'habits', score: 1, total: 1, passed: true });
    await page.reload();
    await expect(card).toContainText('2 of 3 modules done (67%)');
    await expect(card).toContainText('1 of 1 knowledge check passed');
    await expect(card.getByRole('link', { name: 'Start with: Practice' })).toBeVisible();
  });

  test('join with a code: wrong code, archived group, then the right code in any case', async ({ page, trainee, service }) => {
    void trainee;
    await newCohort(service, 'invite-course', `TEAM-${counter}-A`);
    await newCohort(service, 'invite-course', `OLD-${counter}`, true);

    await page.goto('/courses/invite-course');
    await expect(enrolmentBox(page)).toContainText('This course is for groups run by a trainer');
    await expect(enrolmentBox(page).getByRole('button', { name: 'Enrol in this course' })).toHaveCount(0);

    const code = enrolmentBox(page).getByLabel('Group code');
    await code.fill('WRONG-CODE');
    await enrolmentBox(page).getByRole('button', { name: 'Join' }).click();
    await expect(page).toHaveURL(/\/enrol$/);
    await expect(page.getByRole('heading', { level: 1, name: 'Join a course with a code' })).toBeVisible();
    await expect(page.getByLabel('Group code')).toHaveValue('WRONG-CODE');
    await expect(page.getByLabel('Group code')).toHaveAttribute('aria-invalid', 'true');
    await expect(page.locator('.field__error')).toContainText('We could not find a group with that code');

    await page.getByLabel('Group code').fill(`old ${counter}`);
    await page.getByRole('button', { name: 'Join' }).click();
    await expect(page.locator('.field__error')).toContainText('That group has finished');

    await page.getByLabel('Group code').fill(`team ${counter} a`.toLowerCase());
    await page.getByRole('button', { name: 'Join' }).click();
    await expect(page).toHaveURL(/\/courses\/invite-course\?status=joined#enrolment$/);
    await expect(enrolmentBox(page).getByRole('status')).toHaveText(/You have joined the group/);
    await expect(enrolmentBox(page)).toContainText('0 of 1 module done (0%)');
  });

  test('join with a code from the dashboard, starting from the empty state', async ({ page, trainee, service }) => {
    void trainee;
    await newCohort(service, 'open-course', `DASH-${counter}`);
    await page.goto('/dashboard');
    await expect(page.getByRole('heading', { name: 'You have not joined a course yet' })).toBeVisible();
    await expect(page.getByRole('link', { name: 'Browse the courses' })).toHaveAttribute('href', '/');
    await page.getByLabel('Group code').fill(`dash-${counter}`);
    await page.getByRole('button', { name: 'Join' }).click();
    await expect(page).toHaveURL(/\/courses\/open-course\?status=joined/);
    await page.goto('/dashboard');
    await expect(page.locator('.journey-card', { hasText: 'Open Journey Course' })).toBeVisible();
  });

  test('changes made straight in PocketBase (as in its admin UI) show on the next page, although the site remembers the person', async ({ page, trainee, service }) => {
    await page.goto('/dashboard');
    await expect(page.getByRole('heading', { name: 'You have not joined a course yet' })).toBeVisible();
    await page.goto('/dashboard'); // now served from what the site remembers
    await service.collection('enrolments').create({ user: trainee.id, course: 'open-course', status: 'active' });
    await service.collection('users').update(trainee.id, { display_name: 'Robin Renamed' });
    // PocketBase's change events reach the site within milliseconds; a person reloading takes
    // longer than that, a test does not, so it may look twice (well inside the 5-minute memory).
    await expect(async () => {
      await page.goto('/dashboard');
      await expect(page.locator('.journey-card', { hasText: 'Open Journey Course' })).toBeVisible({ timeout: 500 });
      await expect(page.locator('.site-account__link')).toContainText('Robin Renamed', { timeout: 500 });
    }).toPass({ timeout: 5000 });
  });

  test('leave (with a confirmation step) and rejoin, keeping progress', async ({ page, trainee }) => {
    void trainee;
    await page.goto('/courses/open-course');
    await enrolmentBox(page).getByRole('button', { name: 'Enrol in this course' }).click();
    await page.goto('/courses/open-course/practice');
    await progressBox(page).getByRole('button', { name: 'Mark as done' }).click();
    await expect(progressBox(page)).toContainText('Done ✓');

    await page.goto('/dashboard');
    await page.getByRole('link', { name: 'Leave this course: Open Journey Course' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Leave Open Journey Course?' })).toBeVisible();
    await expect(page.getByRole('main')).toContainText('Your progress, reflections and results are kept');
    await page.getByRole('link', { name: 'No, stay on the course' }).click();
    await expect(enrolmentBox(page)).toContainText('1 of 3 modules done (33%)');

    await enrolmentBox(page).getByRole('link', { name: 'Leave this course' }).click();
    await page.getByRole('button', { name: 'Yes, leave this course' }).click();
    await expect(page).toHaveURL(/\/dashboard\?status=left$/);
    await expect(page.getByRole('status')).toHaveText(/You have left the course/);
    const left = page.getByRole('region', { name: 'Courses you have left' });
    await expect(left).toContainText('1 of 3 modules done (33%)');
    await expectNoAxeViolations(page);

    // The module page says so kindly, and offers no button.
    await page.goto('/courses/open-course/welcome');
    await expect(progressBox(page)).toContainText('You left this course');
    await expect(progressBox(page).getByRole('button')).toHaveCount(0);

    await page.goto('/dashboard');
    await left.getByRole('button', { name: 'Rejoin this course: Open Journey Course' }).click();
    await expect(page).toHaveURL(/\/dashboard\?status=rejoined/);
    await expect(page.getByRole('status')).toHaveText(/Welcome back/);
    await expect(page.locator('.journey-card', { hasText: 'Open Journey Course' })).toContainText('1 of 3 modules done (33%)');
  });

  test('an ordered course shows which modules are best read later, and still shows their text', async ({ page, trainee }) => {
    void trainee;
    await page.goto('/courses/ordered-course');
    await enrolmentBox(page).getByRole('button', { name: 'Enrol in this course' }).click();
    const list = page.locator('.module-list');
    await expect(list.locator('li', { hasText: 'Step 2' })).toContainText('Best after module 1');
    await expect(list.locator('li', { hasText: 'Step 3' })).toContainText('Best after module 2');
    await expectNoAxeViolations(page);

    await page.goto('/courses/ordered-course/step-2');
    await expect(page.locator('.journey-order-note')).toContainText('This module is best read after “Step 1”');
    await expect(page.getByText('The text of step 2.')).toBeVisible();
    await expect(progressBox(page).getByRole('button', { name: 'Mark as done' })).toHaveCount(0);
    await expectNoAxeViolations(page);

    await page.locator('.journey-order-note').getByRole('link', { name: 'Go to “Step 1”' }).click();
    await progressBox(page).getByRole('button', { name: 'Mark as done' }).click();
    await page.goto('/courses/ordered-course/step-2');
    await expect(page.locator('.journey-order-note')).toHaveCount(0);
    await expect(progressBox(page).getByRole('button', { name: 'Mark as done' })).toBeVisible();
    await page.goto('/courses/ordered-course');
    await expect(list.locator('li', { hasText: 'Step 1' })).toContainText('Done');
    await expect(list.locator('li', { hasText: 'Step 3' })).toContainText('Best after module 2');
  });

  test('screenshots of the dashboard, course page and module page at 1280 and 375 px', async ({ page, trainee, service }) => {
    await page.goto('/courses/open-course');
    await enrolmentBox(page).getByRole('button', { name: 'Enrol in this course' }).click();
    await page.goto('/courses/open-course/welcome');
    await progressBox(page).getByRole('button', { name: 'Mark as done' }).click();
    await page.goto('/courses/ordered-course');
    await enrolmentBox(page).getByRole('button', { name: 'Enrol in this course' }).click();
    await page.goto('/courses/ordered-course/step-1');
    await page.goto('/courses/ordered-course/step-2');
    await service.collection('enrolments').create({ user: trainee.id, course: 'invite-course', status: 'left' });
    for (const width of [1280, 375]) {
      await page.setViewportSize({ width, height: 900 });
      for (const [name, url] of [
        ['dashboard', '/dashboard'],
        ['course', '/courses/open-course?status=enrolled#enrolment'],
        ['module', '/courses/ordered-course/step-2'],
        ['module-done', '/courses/open-course/welcome?status=done#progress'],
        ['join', '/enrol?code=TEAM-2026'],
        ['leave', '/enrol/open-course/leave'],
      ] as const) {
        await page.goto(url);
        // Let the progress bar grow into place (its animations finish) before measuring.
        await page.evaluate(() => Promise.all(document.getAnimations().map((animation) => animation.finished)));
        await screenshot(page, `journey-${name}-${width}`, { fullPage: true });
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        expect(overflow, `${url} at ${width}px`).toBeLessThanOrEqual(0);
      }
    }
  });
});

test.describe('bad input', () => {
  test('unknown courses and modules get the kind 404; signed-out dashboard asks to sign in', async ({ page, baseURL }) => {
    for (const url of ['/enrol/no-such-course', '/enrol/no-such-course/leave', '/progress/open-course/no-such-module', '/progress/no-such/welcome']) {
      const response = await page.goto(url);
      expect(response?.status(), url).toBe(404);
      await expect(page.getByRole('heading', { level: 1, name: 'We could not find that page' })).toBeVisible();
    }
    const post = await page.request.post('/enrol/no-such-course', { headers: { Origin: baseURL! }, form: {}, maxRedirects: 0 });
    expect(post.status()).toBe(404);

    await page.goto('/dashboard');
    await expect(page).toHaveURL(/\/signin\?next=%2Fdashboard/);
    const enrol = await page.request.post('/enrol/open-course', { headers: { Origin: baseURL! }, form: {}, maxRedirects: 0 });
    expect(enrol.status()).toBe(303);
    expect(enrol.headers()['location']).toMatch(/^\/signin\?next=%2Fcourses%2Fopen-course/);
  });

  test('tampered requests change nothing beyond the person’s own rows', async ({ page, trainee, service, baseURL }) => {
    const other = await createUser(service, { email: `other-${Date.now()}@example.test`, password: PASSWORD, display_name: 'Other', roles: ['trainee'] });
    const post = (url: string, form: Record<string, string> = {}) => page.request.post(url, { headers: { Origin: baseURL! }, form, maxRedirects: 0 });

    // Not enrolled yet: Mark as done is refused kindly.
    let response = await post('/progress/open-course/welcome', { user: other.id });
    expect(response.headers()['location']).toBe('/courses/open-course/welcome?problem=not-enrolled#progress');

    // A user id in the form is ignored: the enrolment is the signed-in person's.
    response = await post('/enrol/open-course', { user: other.id, from: 'https://evil.example' });
    expect(response.headers()['location']).toBe('/courses/open-course?status=enrolled#enrolment');
    response = await post('/enrol/open-course');
    expect(response.headers()['location']).toBe('/courses/open-course?status=already-enrolled#enrolment');

    // A module with a knowledge check cannot be marked done by posting.
    response = await post('/progress/open-course/habits', { status: 'completed' });
    expect(response.headers()['location']).toBe('/courses/open-course/habits?problem=knowledge-check#progress');

    response = await post('/progress/open-course/welcome', { user: other.id });
    expect(response.headers()['location']).toBe('/courses/open-course/welcome?status=done#progress');
    response = await post('/progress/open-course/welcome');
    expect(response.headers()['location']).toBe('/courses/open-course/welcome?status=already-done#progress');

    const rowsOf = async (user: string, collection: string) =>
      service.collection(collection).getFullList({ filter: service.filter('user = {:user}', { user }) });
    expect(await rowsOf(other.id, 'enrolments')).toHaveLength(0);
    expect(await rowsOf(other.id, 'progress')).toHaveLength(0);
    expect((await rowsOf(trainee.id, 'progress')).map((r) => [r['module'], r['status']])).toEqual([['welcome', 'completed']]);

    // Following the refusal shows why, kindly (opening the module records the visit as "started", as any visit does).
    await page.goto('/courses/open-course/habits?problem=knowledge-check#progress');
    await expect(progressBox(page).getByRole('alert')).toHaveText(/completed by passing its knowledge check/);
    expect((await rowsOf(trainee.id, 'progress')).find((r) => r['module'] === 'habits')?.['status']).toBe('started');

    // A form POST from another site is refused by Astro's origin check.
    const foreign = await page.request.post('/enrol/ordered-course', { headers: { Origin: 'https://evil.example' }, form: {}, maxRedirects: 0 });
    expect(foreign.status()).toBe(403);
    expect(await rowsOf(trainee.id, 'enrolments')).toHaveLength(1);

    // An unknown status in the address shows nothing.
    await page.goto('/courses/open-course?status=%3Cscript%3E&problem=toString');
    await expect(enrolmentBox(page).locator('.journey-message')).toHaveCount(0);
  });
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('enrol, mark done, see the dashboard, join with a code and leave, all as plain forms', async ({ page, trainee, service }) => {
    void trainee;
    await page.goto('/courses/open-course');
    await enrolmentBox(page).getByRole('button', { name: 'Enrol in this course' }).click();
    await expect(enrolmentBox(page).getByRole('status')).toHaveText(/You are enrolled/);

    await page.goto('/courses/open-course/welcome');
    await progressBox(page).getByRole('button', { name: 'Mark as done' }).click();
    await expect(progressBox(page)).toContainText('Done ✓');

    await page.goto('/dashboard');
    const card = page.locator('.journey-card', { hasText: 'Open Journey Course' });
    await expect(card).toContainText('1 of 3 modules done (33%)');
    await expect(card.locator('progress')).toBeVisible();
    await expect(card.locator('progress')).toHaveAttribute('max', '3');
    await expect(card.getByRole('link', { name: 'Start with: Habits that get in the way' })).toBeVisible();
    // (axe needs JavaScript in the page; the same pages are checked in the tests with JavaScript.)

    // Join with a code: a wrong one keeps what was typed, then the right one works.
    await newCohort(service, 'invite-course', `NOJS-${counter}`);
    await page.getByLabel('Group code').fill('nojs-wrong');
    await page.getByRole('button', { name: 'Join' }).click();
    await expect(page.getByLabel('Group code')).toHaveValue('nojs-wrong');
    await expect(page.locator('.field__error')).toContainText('We could not find a group with that code');
    await page.getByLabel('Group code').fill(`NoJs ${counter}`);
    await page.getByRole('button', { name: 'Join' }).click();
    await expect(enrolmentBox(page).getByRole('status')).toHaveText(/You have joined the group/);

    // Leave with the confirmation step, then rejoin from the course page.
    await enrolmentBox(page).getByRole('link', { name: 'Leave this course' }).click();
    await page.getByRole('button', { name: 'Yes, leave this course' }).click();
    await expect(page.getByRole('status')).toHaveText(/You have left the course/);
    await page.goto('/courses/invite-course');
    await enrolmentBox(page).getByRole('button', { name: 'Rejoin this course' }).click();
    await expect(enrolmentBox(page).getByRole('status')).toHaveText(/Welcome back/);
  });
});

base.describe('the real courses (shared stack)', () => {
  base('an ordered course with knowledge checks: enrol, lock markers, the module asks for the check; axe signed in', async ({ page, context }) => {
    await signInAs(context, await createAccount('Real Course Trainee'));
    await page.goto('/courses/peer-support-foundations');
    await enrolmentBox(page).getByRole('button', { name: 'Enrol in this course' }).click();
    await expect(enrolmentBox(page)).toContainText('0 of 7 modules done (0%)');
    const items = page.locator('.module-list li');
    await expect(items.nth(1)).toContainText('Best after module 1');
    await expect(items.nth(6)).toContainText('Best after module 6');
    await expectNoAxeViolations(page);

    await enrolmentBox(page).getByRole('link', { name: /^Start with: / }).click();
    await expect(progressBox(page)).toContainText('Pass the knowledge check on this page to complete this module.');
    await expect(progressBox(page).getByRole('button', { name: 'Mark as done' })).toHaveCount(0);

    await page.goto('/dashboard');
    await expect(page.locator('.journey-card', { hasText: 'Peer Support Worker Foundations' })).toContainText('0 of 7 modules done (0%)');
    await expect(page.getByRole('link', { name: /^Carry on: / })).toBeVisible();
    await expectNoAxeViolations(page);
  });
});
