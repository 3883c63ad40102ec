/**
 * Competency ratings and reflection guides in the browser.
 * - Without JavaScript, the whole journey: the trainee rates themself, asks a peer from their
 *   group, the peer rates them from their dashboard, the group's supervisor (a trainer) rates
 *   them, and the trainee sees self vs peer vs supervisor side by side with the gaps in words.
 *   A trainee of another group cannot open the peer's request; the peer sees only their own
 *   ratings. Problems are shown next to the field with the choices kept.
 * - With JavaScript: rating still works the same (the pages need none).
 * - A free reflection written with the Gibbs guide, without JavaScript (the page comes back
 *   with the guide's headings) and with it (the headings go in at once and autosave); still
 *   private; and, with no connection, the headings are kept on the device and come back.
 * axe on every page of this feature.
 */
import path from 'node:path';
import type { Browser, BrowserContext, Page } from '@playwright/test';
import { loadCourses } from '../../src/lib/courses/course-fs.ts';
import type { Course } from '../../src/lib/courses/course.ts';
import { createAccount, serviceClient, signInAs, type TestAccount } from './accounts.ts';
import { expect, expectNoAxeViolations, expectNoAxeViolations as scan, screenshot, test } from './fixtures.ts';

const root = path.resolve(import.meta.dirname, '../..');
const course = loadCourses(path.join(root, 'courses'), root).courses.find((c) => c.slug === 'peer-support-foundations') as Course;
const ratingsUrl = `/ratings/${course.slug}`;

interface Group {
  trainee: TestAccount;
  peer: TestAccount;
  supervisor: TestAccount;
  outsider: TestAccount;
  cohort: string;
}

async function makeGroup(): Promise<Group> {
  const service = await serviceClient();
  const trainee = await createAccount('Tia Trainee');
  const peer = await createAccount('Pat Peer');
  const outsider = await createAccount('Olu Outsider');
  const supervisor = await createAccount('Sue Supervisor', ['trainer']);
  const cohort = (await service.collection('cohorts').create({ name: `Ratings group ${trainee.id}`, course: course.slug, trainers: [supervisor.id] })).id;
  const other = (await service.collection('cohorts').create({ name: `Other group ${trainee.id}`, course: course.slug })).id;
  for (const who of [trainee, peer]) await service.collection('enrolments').create({ user: who.id, course: course.slug, cohort, status: 'active' });
  await service.collection('enrolments').create({ user: outsider.id, course: course.slug, cohort: other, status: 'active' });
  return { trainee, peer, supervisor, outsider, cohort };
}

async function as(browser: Browser, baseURL: string, account: TestAccount, javaScriptEnabled: boolean): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ baseURL, javaScriptEnabled });
  await signInAs(context, account);
  return { context, page: await context.newPage() };
}

/** Chooses a level for one competency in the rating form. */
async function choose(page: Page, competency: string, level: string) {
  await page.getByRole('group', { name: competency, exact: true }).getByLabel(level, { exact: true }).check();
}

const row = (page: Page, competency: string) => page.locator('.ratings-table tbody tr', { hasText: competency });

async function ratingJourney(browser: Browser, baseURL: string, javaScriptEnabled: boolean) {
  const g = await makeGroup();
  // axe runs in the page, so it needs JavaScript: the scans are made on the journey with it.
  const expectNoAxeViolations = async (page: Page) => {
    if (javaScriptEnabled) await scan(page);
  };

  // The trainee rates themself.
  const trainee = await as(browser, baseURL, g.trainee, javaScriptEnabled);
  await trainee.page.goto('/dashboard');
  await trainee.page.getByRole('link', { name: `Your ratings for ${course.title}` }).click();
  await expect(trainee.page.getByRole('heading', { level: 1 })).toHaveText(`Competency ratings: ${course.title}`);
  await expect(row(trainee.page, 'Core relational skills')).toContainText('Not rated yet');
  await expectNoAxeViolations(trainee.page);

  // Nothing chosen: a clear message, nothing saved.
  await trainee.page.getByRole('button', { name: 'Save my ratings' }).click();
  await expect(trainee.page.getByRole('alert')).toContainText('Choose a level for at least one competency');

  await choose(trainee.page, 'Core relational skills', '2 — Starting');
  await choose(trainee.page, 'Values and principles of peer support', '4 — Confident');
  await trainee.page.getByRole('group', { name: 'Core relational skills', exact: true }).getByLabel(/A short comment/).fill('I still talk too much.');
  await trainee.page.getByRole('button', { name: 'Save my ratings' }).click();
  await expect(trainee.page.getByRole('status')).toContainText('Your ratings are saved.');
  await expect(row(trainee.page, 'Core relational skills')).toContainText('2 — Starting');
  await expect(row(trainee.page, 'Core relational skills')).toContainText('I still talk too much.');

  // …and asks a peer from the group (only the group's other trainee is offered).
  const peerChoices = await trainee.page.getByLabel('Who to ask').locator('option').allTextContents();
  expect(peerChoices).toEqual(['—', 'Pat Peer']);
  await trainee.page.getByLabel('Who to ask').selectOption({ label: 'Pat Peer' });
  await trainee.page.getByLabel(/A message for them/).fill('How do I listen in our practice sessions?');
  await trainee.page.getByRole('button', { name: 'Ask them to rate me' }).click();
  await expect(trainee.page.getByRole('status')).toContainText('Your request is sent.');
  await expect(trainee.page.locator('.ratings-invites')).toContainText('Pat Peer');
  await expect(trainee.page.locator('.ratings-invites')).toContainText('not rated you yet');
  await expectNoAxeViolations(trainee.page);

  // The peer finds the request on their dashboard and rates.
  const peer = await as(browser, baseURL, g.peer, javaScriptEnabled);
  await peer.page.goto('/dashboard');
  await peer.page.getByRole('link', { name: `Rate Tia Trainee (${course.title})` }).click();
  await expect(peer.page.getByRole('heading', { level: 1 })).toHaveText('Rate Tia Trainee');
  await expect(peer.page.getByText('How do I listen in our practice sessions?')).toBeVisible();
  const inviteUrl = peer.page.url();
  await expectNoAxeViolations(peer.page);
  await choose(peer.page, 'Core relational skills', '4 — Confident');
  await peer.page.getByRole('group', { name: 'Core relational skills', exact: true }).getByLabel(/A short comment/).fill('You give people room to speak.');
  await peer.page.getByRole('button', { name: 'Save my ratings' }).click();
  await expect(peer.page.getByRole('status')).toContainText('Thank you');
  // The peer sees the rating they wrote, and nothing of the trainee's own.
  await expect(row(peer.page, 'Core relational skills')).toContainText('4 — Confident');
  await expect(peer.page.locator('main')).not.toContainText('I still talk too much.');
  await expect(peer.page.locator('.ratings-table')).not.toContainText('2 — Starting');
  await expect(peer.page.getByRole('columnheader')).toHaveText(['Competency', 'Peer']);
  await expectNoAxeViolations(peer.page);
  await screenshot(peer.page, 'ratings-peer', { fullPage: true, widths: [1280, 375] });

  // Someone from another group cannot open the request.
  const outsider = await as(browser, baseURL, g.outsider, javaScriptEnabled);
  const refused = await outsider.page.goto(inviteUrl);
  expect(refused?.status()).toBe(404);

  // The group's supervisor (a trainer) rates from the trainee's record.
  const supervisor = await as(browser, baseURL, g.supervisor, javaScriptEnabled);
  await supervisor.page.goto(`/staff/cohorts/${g.cohort}/trainees/${g.trainee.id}`);
  await supervisor.page.getByRole('link', { name: 'Competency ratings' }).click();
  await expect(supervisor.page.getByRole('heading', { level: 1 })).toHaveText('Competency ratings: Tia Trainee');
  await expect(row(supervisor.page, 'Core relational skills')).toContainText('4 — Confident');
  await expectNoAxeViolations(supervisor.page);
  await choose(supervisor.page, 'Core relational skills', '5 — Can support others');
  await supervisor.page.getByRole('button', { name: 'Save my ratings' }).click();
  await expect(supervisor.page.getByRole('status')).toContainText('Your ratings are saved.');

  // The trainee sees self vs peer vs supervisor, with the gaps in words.
  await trainee.page.goto(ratingsUrl);
  const relational = row(trainee.page, 'Core relational skills');
  const cells = relational.locator('td');
  await expect(cells.nth(0)).toContainText('2 — Starting');
  await expect(cells.nth(1)).toContainText('4 — Confident');
  await expect(cells.nth(1)).toContainText('by Pat Peer');
  await expect(cells.nth(2)).toContainText('5 — Can support others');
  await expect(cells.nth(2)).toContainText('by Sue Supervisor');
  await expect(cells.nth(3)).toContainText('Not rated yet');
  await expect(cells.nth(4)).toContainText('Your peer rated you 2 points higher than you rated yourself.');
  await expect(cells.nth(4)).toContainText('Your supervisor rated you 3 points higher than you rated yourself.');
  await expect(trainee.page.getByRole('region', { name: 'Your ratings side by side' }).getByRole('columnheader')).toHaveText(['Competency', 'You', 'Peer', 'Supervisor', 'Assessor', 'Gaps']);
  const gaps = trainee.page.getByRole('region', { name: 'Where others see you differently' });
  await expect(gaps).toContainText('Core relational skills');
  await expect(trainee.page.locator('.ratings-invites')).toContainText('rated 1 competency');
  await expectNoAxeViolations(trainee.page);
  await screenshot(trainee.page, 'ratings-trainee', { fullPage: true, widths: [1280, 375] });

  // Rating again keeps the history; the newest counts.
  await choose(trainee.page, 'Core relational skills', '3 — Getting there');
  await trainee.page.getByRole('button', { name: 'Save my ratings' }).click();
  await expect(row(trainee.page, 'Core relational skills').locator('td').nth(0)).toContainText('3 — Getting there');
  const history = trainee.page.locator('details', { hasText: 'History: Core relational skills' });
  await history.locator('summary').click();
  await expect(history.locator('li')).toHaveCount(4);

  for (const who of [trainee, peer, outsider, supervisor]) await who.context.close();
}

test.describe('ratings from several people', () => {
  // Four people and several axe scans on a shared machine: a guard against hangs, not a speed check.
  // (These saves once failed in the full run only: the create rules joined every enrolment with
  // every enrolment, and with the run's two thousand enrolments a save outlasted PocketBase's
  // batch limit. Migration 1795437400 fixed the rules; query-plans.test.ts checks them.)
  test.describe.configure({ timeout: 180_000 });
  test('without JavaScript: self, an invited peer and a supervisor, side by side with the gaps', async ({ browser, baseURL }) => {
    await ratingJourney(browser, baseURL!, false);
  });

  test('with JavaScript: the same journey', async ({ browser, baseURL }) => {
    await ratingJourney(browser, baseURL!, true);
  });
});

test.describe('reflection guides', () => {
  const GIBBS = ['Description', 'Feelings', 'Evaluation', 'Analysis', 'Conclusion', 'Action plan'];

  test('without JavaScript: adding the Gibbs guide keeps what was typed, and the reflection stays private', async ({ browser, baseURL }) => {
    const account = await createAccount('Gibbs Writer');
    const { context, page } = await as(browser, baseURL!, account, false);
    await page.goto(`/reflections/new?course=${course.slug}`);
    await page.getByLabel('Title').fill('Planning the group');
    const box = page.getByLabel('Your reflection');
    await box.fill('A peer and I planned a group together.');
    await page.getByLabel('Guide', { exact: true }).selectOption({ label: 'Gibbs’ reflective cycle' });
    await page.getByRole('button', { name: 'Add this guide' }).click();
    // Posted like Save (nothing typed is lost), then back with the guide's headings after the words.
    await expect(page).toHaveURL(/\/reflections\/[a-z0-9]{15}\?template=gibbs#editor-body$/);
    await expect(page.locator('.template-guide')).toContainText('What happened?');
    const text = await box.inputValue();
    expect(text).toMatch(/^A peer and I planned a group together\.\n\n## Description\n\n> What happened\?/);
    for (const heading of GIBBS) expect(text).toContain(`## ${heading}`);
    await box.fill(text.replace('## Feelings', 'We shared the planning.\n\n## Feelings'));
    await page.getByRole('button', { name: 'Save my reflection' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Planning the group' })).toBeVisible();
    await expect(page.getByRole('heading', { level: 2, name: 'Description' })).toBeVisible();
    await expect(page.getByText('Private — only you can see this')).toBeVisible();
    const service = await serviceClient();
    const saved = await service.collection('reflections').getFullList({ filter: service.filter('user = {:u}', { u: account.id }) });
    expect(saved).toHaveLength(1);
    expect(saved[0]!['shared']).toBe(false);
    expect(saved[0]!['body']).toContain('We shared the planning.');
    expect(saved[0]!['body']).toContain('## Action plan');
    await screenshot(page, 'reflection-guide-plain', { fullPage: true });
    await context.close();
  });

  test('with JavaScript: the guide goes in at once, after the words already written, and autosaves', async ({ page, context }) => {
    const account = await createAccount('Guided Writer');
    await signInAs(context, account);
    await page.goto(`/reflections/new?course=${course.slug}`);
    await expect(page.getByRole('group', { name: 'Formatting' })).toBeVisible();
    const box = page.getByLabel('Your reflection');
    await box.fill('Before the guide.');
    await page.getByLabel('Guide', { exact: true }).selectOption({ label: 'Gibbs’ reflective cycle' });
    await page.getByRole('button', { name: 'Add this guide' }).click();
    await expect(page).not.toHaveURL(/template=/);
    await expect(box).toHaveValue(/^Before the guide\.\n\n## Description\n\n> What happened\?/);
    await expect(page.locator('[data-status]')).toHaveText(/^Saved at \d\d:\d\d$/);
    await expectNoAxeViolations(page);
    // The text typed before the guide may be saved first; the guide's headings follow in the next autosave.
    const service = await serviceClient();
    const saved = () => service.collection('reflections').getFirstListItem(service.filter('user = {:u}', { u: account.id }));
    await expect.poll(async () => String((await saved().catch(() => undefined))?.['body'] ?? '')).toContain('## Action plan');
    expect((await saved())['shared']).toBe(false);
  });

  test('with JavaScript and no connection: the guide’s headings are kept on the device and come back after a reload', async ({ page, context }) => {
    const account = await createAccount('Offline Writer');
    await signInAs(context, account);
    await page.goto(`/reflections/new?course=${course.slug}`);
    await expect(page.getByRole('group', { name: 'Formatting' })).toBeVisible();
    // Every save is lost on the way, as on a phone with no signal.
    await page.route('**/reflections', (route) => route.abort('internetdisconnected'));
    await page.getByLabel('Your reflection').fill('On the bus.');
    await page.getByLabel('Guide', { exact: true }).selectOption({ label: 'What? So what? Now what?' });
    await page.getByRole('button', { name: 'Add this guide' }).click();
    await expect(page.locator('[data-status]')).toHaveText(/^Offline — kept on this device/);
    await page.unroute('**/reflections');
    await page.reload();
    await expect(page.getByLabel('Your reflection')).toHaveValue(/^On the bus\.\n\n## What\?\n\n> What happened\?/);
    await expect(page.locator('[data-status]')).toHaveText(/Saved at \d\d:\d\d$/);
  });
});
