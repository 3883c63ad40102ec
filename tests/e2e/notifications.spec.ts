/**
 * "Waiting for you" in the browser: a trainee sends evidence → the assessor's staff home count
 * rises → the assessor decides → the trainee's dashboard shows the unread feedback → opening it
 * marks it read. Then "Mark as read" and "Mark all as read" without JavaScript (plain form
 * POSTs), and another trainee sees none of it. Names are unique per run (workers may share the
 * stack). Screenshots of the staff home and the dashboard at 375 and 1280 px
 * (E2E_SCREENSHOTS=1); axe for these states is in accessibility.spec.ts.
 */
import { randomUUID } from 'node:crypto';
import type { Browser, Page } from '@playwright/test';
import { createAccount, serviceClient, signInAs, type TestAccount } from './accounts.ts';
import { expect, screenshot, test } from './fixtures.ts';

const COURSE = 'peer-support-foundations';
const COURSE_TITLE = 'Peer Support Worker Foundations';
const CRITERION = 'U1/1.2';
const ANCHOR = 'criterion-U1-1-2';

async function pageAs(browser: Browser, account: TestAccount, javaScriptEnabled = true): Promise<Page> {
  const context = await browser.newContext({ baseURL: process.env.E2E_BASE_URL, javaScriptEnabled });
  await signInAs(context, account);
  return context.newPage();
}

const waitingPanel = (page: Page) => page.locator('[data-staff-waiting]');
const notificationsPanel = (page: Page) => page.locator('[data-notifications]');

test('evidence sent → the assessor’s count rises → a decision → the trainee’s unread feedback → opened and read', async ({ browser }) => {
  test.slow();
  const tag = randomUUID().slice(0, 8);
  const service = await serviceClient();
  const trainee = await createAccount('Nia Notified');
  const assessor = await createAccount('Asa Assessor', ['assessor']);
  const groupName = `Notify group ${tag}`;
  const cohort = await service.collection('cohorts').create({ name: groupName, course: COURSE, assessors: [assessor.id] });
  await service.collection('enrolments').create({ user: trainee.id, course: COURSE, cohort: cohort.id, status: 'active' });
  const toDecide = (page: Page) => waitingPanel(page).locator(`li[data-waiting-kind="toDecide"][data-waiting-cohort="${cohort.id}"]`);

  const staff = await pageAs(browser, assessor);
  await staff.goto('/staff');
  await expect(waitingPanel(staff).getByRole('heading', { name: 'Waiting for you' })).toBeVisible();
  await expect(toDecide(staff)).toHaveCount(0);
  await expect(waitingPanel(staff)).toContainText('Nothing is waiting for you in your groups.');

  // The trainee sends evidence on their assessment page.
  const me = await pageAs(browser, trainee);
  await me.goto('/dashboard');
  await expect(notificationsPanel(me)).toHaveCount(0);
  await me.goto(`/evidence/${COURSE}`);
  const section = me.locator(`#${ANCHOR}`);
  await section.locator('details.te-more > summary').click();
  await section.getByLabel('Your evidence').fill(`Peer support is mutual (${tag}).`);
  await section.getByRole('button', { name: 'Send to my assessor' }).click();
  await expect(section.getByRole('status')).toHaveText('Submitted — your assessor will look at it.');

  // The assessor's count rises, and leads to the queue.
  await staff.reload();
  await expect(toDecide(staff)).toHaveText(`1 1 piece of work to decide in ${groupName}`);
  await screenshot(staff, 'notifications-staff-home', { fullPage: true, widths: [1280, 375] });
  await toDecide(staff).getByRole('link').click();
  await expect(staff).toHaveURL(new RegExp(`/staff/cohorts/${cohort.id}/assess#waiting$`));
  const item = staff.locator('article.staff-item').filter({ hasText: `Criterion ${CRITERION}` });
  await item.getByLabel('Not yet met').check();
  await item.getByLabel('Feedback for the trainee').fill(`Nearly there (${tag}): add an example.`);
  await item.getByRole('button', { name: 'Record the decision' }).click();
  await expect(staff.locator('div.notice[role="status"]')).toHaveText('The decision is recorded. The trainee can now read your feedback.');
  await staff.goto('/staff');
  await expect(toDecide(staff)).toHaveCount(0);

  // The trainee's dashboard: one unread piece of feedback, linking to the criterion.
  await me.goto('/dashboard');
  const panel = notificationsPanel(me);
  await expect(panel.getByRole('heading', { name: 'Waiting for you' })).toBeVisible();
  await expect(panel).toContainText('1 new: 1 piece of feedback.');
  const entry = panel.locator('li[data-kind="feedback"]');
  await expect(entry).toHaveCount(1);
  await expect(entry).toHaveAttribute('data-unread', 'true');
  await expect(entry.locator('.badge')).toHaveText('New');
  // Only the kind and where: never the feedback's words.
  await expect(panel).not.toContainText('Nearly there');
  await screenshot(me, 'notifications-dashboard-unread', { fullPage: true, widths: [1280, 375] });

  await entry.getByRole('link', { name: `You have new feedback on your evidence for ${COURSE_TITLE}` }).click();
  await expect(me).toHaveURL(new RegExp(`/evidence/${COURSE}#${ANCHOR}$`));
  await expect(me.locator(`#${ANCHOR} .te-entry--decision`)).toContainText('Nearly there');

  await me.goto('/dashboard');
  await expect(panel.locator('li[data-kind="feedback"]')).toHaveAttribute('data-unread', 'false');
  await expect(panel.locator('li[data-kind="feedback"] .badge')).toHaveText('Read');
  await expect(panel).toContainText('Nothing new since you last looked.');
  await expect(panel.getByRole('button', { name: 'Mark all as read' })).toHaveCount(0);
  await screenshot(me, 'notifications-dashboard-read', { fullPage: true, widths: [1280, 375] });
});

test('"Mark as read" and "Mark all as read" work without JavaScript; nobody else sees them', async ({ browser }) => {
  const tag = randomUUID().slice(0, 8);
  const service = await serviceClient();
  const trainee = await createAccount('Ola Offline');
  const assessor = await createAccount('Ike Assessor', ['assessor']);
  const cohort = await service.collection('cohorts').create({ name: `No-JS group ${tag}`, course: COURSE, assessors: [assessor.id] });
  await service.collection('enrolments').create({ user: trainee.id, course: COURSE, cohort: cohort.id, status: 'active' });
  for (const [criterion, outcome] of [['U1/1.2', 'met'], ['U1/2.2', 'not_yet']] as const) {
    const evidence = await service.collection('evidence').create({ user: trainee.id, course: COURSE, criterion, text: `Evidence ${tag}` });
    await service.collection('decisions').create({ user: trainee.id, course: COURSE, criterion, evidence: evidence.id, outcome, feedback: 'Words', assessor: assessor.id, assessor_name: 'Ike' });
  }

  const page = await pageAs(browser, trainee, false);
  await page.goto('/dashboard');
  const panel = notificationsPanel(page);
  await expect(panel).toContainText('2 new: 1 piece of feedback, 1 decision.');
  const decision = panel.locator('li[data-kind="decision"]');
  await decision.getByRole('button', { name: 'Mark as read' }).click();
  await expect(page).toHaveURL(/\/dashboard\?notifications=read#waiting-for-you-panel$/);
  await expect(panel.getByRole('status')).toHaveText('Marked as read.');
  await expect(decision).toHaveAttribute('data-unread', 'false');
  await expect(panel).toContainText('1 new: 1 piece of feedback.');

  await panel.getByRole('button', { name: 'Mark all as read' }).click();
  await expect(panel.getByRole('status')).toHaveText('All marked as read.');
  await expect(panel.locator('li[data-unread="true"]')).toHaveCount(0);

  // Another trainee's dashboard shows none of it; their POST cannot mark it either.
  const other = await pageAs(browser, await createAccount('Uma Other'), false);
  await other.goto('/dashboard');
  await expect(notificationsPanel(other)).toHaveCount(0);
});
