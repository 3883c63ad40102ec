/**
 * The practice portfolio in the browser (issue 19), all without JavaScript: a trainee logs
 * hours and their supervisor (a trainer of the group) confirms them; a supervision session
 * recorded by the trainee is confirmed by the supervisor; an assessor records observed practice
 * that shows a criterion, which waits in the assessment queue as evidence and is decided
 * there; the whole-course certificate waits for the hours target and says so. axe on each
 * page of the portfolio, in its states.
 *
 * Each test makes its own group of `peer-support-foundations` (40 hours target, 4 sessions)
 * with new people.
 */
import type { Browser, BrowserContext, Page } from '@playwright/test';
import { createAccount, serviceClient, signInAs, type TestAccount } from './accounts.ts';
import { expect, expectNoAxeViolations, screenshot, test } from './fixtures.ts';

const COURSE = 'peer-support-foundations';
const PRACTICE = `/practice/${COURSE}`;

interface World {
  cohort: string;
  trainee: TestAccount;
  trainer: TestAccount;
  assessor: TestAccount;
}

async function makeWorld(): Promise<World> {
  const service = await serviceClient();
  const [trainee, trainer, assessor] = await Promise.all([
    createAccount('Pat Trainee', ['trainee']),
    createAccount('Sam Supervisor', ['trainer']),
    createAccount('Ash Assessor', ['assessor']),
  ]);
  const cohort = await service.collection('cohorts').create({
    name: `Practice group ${Date.now().toString(36)}`,
    course: COURSE,
    trainers: [trainer.id],
    assessors: [assessor.id],
  });
  await service.collection('enrolments').create({ user: trainee.id, course: COURSE, cohort: cohort.id, status: 'active' });
  return { cohort: cohort.id, trainee, trainer, assessor };
}

async function pageAs(browser: Browser, baseURL: string, account: TestAccount, javaScriptEnabled = false): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ baseURL, javaScriptEnabled });
  await signInAs(context, account);
  return { context, page: await context.newPage() };
}

const yesterday = () => new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);

test.describe('practice portfolio, without JavaScript', () => {
  test('hours: the trainee logs, the supervisor confirms, the total and the certificate follow', async ({ browser, baseURL }) => {
    const world = await makeWorld();
    const trainee = await pageAs(browser, baseURL!, world.trainee);
    const page = trainee.page;

    await page.goto(PRACTICE);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Practice: Peer Support Worker Foundations');
    await expect(page.locator('#log-reminder')).toContainText('Never write anything that could identify a person you support');
    await expect(page.getByText('0 minutes confirmed of 40 hours')).toBeVisible();

    // A mistake first: no length. The page comes back with the input kept and the message.
    await page.getByLabel('Date', { exact: true }).first().fill(yesterday());
    await page.getByLabel('Kind').selectOption('placement');
    await page.getByLabel('Note').fill('Shadowed the drop-in group');
    await page.getByRole('button', { name: 'Log these hours' }).click();
    await expect(page.getByRole('alert')).toContainText('Enter how long: hours, minutes or both.');
    await expect(page.getByLabel('Note')).toHaveValue('Shadowed the drop-in group');

    await page.getByLabel('Hours', { exact: true }).fill('2');
    await page.getByLabel('Minutes', { exact: true }).fill('30');
    await page.getByRole('button', { name: 'Log these hours' }).click();
    await expect(page.getByRole('status')).toHaveText('Your hours are logged. Your supervisor will confirm them.');
    await expect(page.locator('.practice-table tbody tr')).toHaveCount(1);
    await expect(page.locator('.practice-table')).toContainText('Waiting for your supervisor');
    await expect(page.getByText('2 hours 30 minutes waiting for your supervisor')).toBeVisible();

    // The dashboard: progress, and the certificate waits for the hours target, naming it.
    await page.goto('/dashboard');
    await expect(page.locator('.practice-progress')).toContainText('0 minutes confirmed of 40 hours');
    await expect(page.locator('main')).toContainText('Practice hours: 0 minutes confirmed of the 40 hours this course asks for');
    await expect(page.locator('main')).toContainText('Placement hours: 0 minutes confirmed of the 20 hours this course asks for');

    // The supervisor confirms.
    const trainer = await pageAs(browser, baseURL!, world.trainer);
    await trainer.page.goto(`/staff/cohorts/${world.cohort}/practice`);
    await expect(trainer.page.getByRole('heading', { name: 'Hours waiting for review (1)' })).toBeVisible();
    await trainer.page.getByRole('button', { name: /^Confirm Pat Trainee’s hours of/ }).click();
    await expect(trainer.page.getByRole('status')).toHaveText('The hours are confirmed.');
    await expect(trainer.page.getByRole('heading', { name: 'Hours waiting for review (0)' })).toBeVisible();
    await expect(trainer.page.locator('table')).toContainText('2 hours 30 minutes confirmed of 40 hours');

    await page.goto(PRACTICE);
    await expect(page.getByText('2 hours 30 minutes confirmed of 40 hours')).toBeVisible();
    await expect(page.locator('.practice-table')).toContainText('Confirmed');
    // A confirmed entry can no longer be removed.
    await expect(page.locator('.practice-table').getByRole('button')).toHaveCount(0);
    await page.goto('/dashboard');
    await expect(page.locator('main')).toContainText('Practice hours: 2 hours 30 minutes confirmed of the 40 hours this course asks for');
    await expect(page.locator('main')).toContainText('Placement hours: 2 hours 30 minutes confirmed of the 20 hours this course asks for');
    await screenshot(page, 'practice-dashboard', { fullPage: true });
    await trainee.context.close();
    await trainer.context.close();
  });

  test('supervision: recorded by the trainee, confirmed by the supervisor, confirmed again after a change', async ({ browser, baseURL }) => {
    const world = await makeWorld();
    const trainee = await pageAs(browser, baseURL!, world.trainee);
    const page = trainee.page;
    await page.goto(PRACTICE);
    const form = page.locator('#record-session');
    await form.getByLabel('Supervisor').selectOption({ label: 'Sam Supervisor' });
    await form.getByLabel('Date').fill(yesterday());
    await form.getByLabel('Length in minutes').fill('60');
    await form.getByLabel('Format').selectOption('one_to_one');
    await form.getByLabel('Short record').fill('We talked about holding boundaries after a hard shift.');
    await form.getByLabel('Agreed actions').fill('Read the lone-working policy before next week.');
    await form.getByRole('button', { name: 'Record the session' }).click();
    await expect(page.getByRole('status')).toHaveText('The session is recorded. The other person will confirm it.');
    await expect(page.locator('.practice-sessions')).toContainText('Waiting for Sam Supervisor to confirm');
    await expect(page.getByText('0 of 4 supervision sessions confirmed')).toBeVisible();
    // The trainee cannot confirm their own record: no button for it.
    await expect(page.getByRole('button', { name: /^Confirm this record/ })).toHaveCount(0);
    await expect(page.getByRole('link', { name: 'Write a private reflection on this session' })).toHaveAttribute('href', `/reflections/new?course=${COURSE}`);

    const trainer = await pageAs(browser, baseURL!, world.trainer);
    await trainer.page.goto(`/staff/cohorts/${world.cohort}/practice`);
    await expect(trainer.page.locator('.practice-sessions')).toContainText('We talked about holding boundaries after a hard shift.');
    await trainer.page.getByRole('button', { name: /^Confirm this record: supervision on .* \(Pat Trainee\)$/ }).click();
    await expect(trainer.page.getByRole('status')).toHaveText('The session record is confirmed.');
    await expect(trainer.page.getByText('No supervision sessions are waiting for you.')).toBeVisible();

    await page.goto(PRACTICE);
    await expect(page.locator('.practice-sessions')).toContainText('Confirmed by Sam Supervisor');
    await expect(page.getByText('1 of 4 supervision sessions confirmed')).toBeVisible();

    // A change after confirmation needs confirming again, by the other side.
    await page.getByText('Change this record').click();
    const change = page.locator('.practice-change form');
    await change.getByLabel('Agreed actions').fill('Read the lone-working policy; book a debrief.');
    await change.getByRole('button', { name: 'Save the changes' }).click();
    await expect(page.getByRole('status')).toHaveText('The record is changed. The other person will confirm it again.');
    await expect(page.locator('.practice-sessions')).toContainText('Waiting for Sam Supervisor to confirm');
    await expect(page.locator('.practice-sessions')).toContainText('Read the lone-working policy; book a debrief.');
    await expect(page.getByText('0 of 4 supervision sessions confirmed')).toBeVisible();
    await trainer.page.goto(`/staff/cohorts/${world.cohort}/practice`);
    await trainer.page.getByRole('button', { name: /^Confirm this record: supervision on .* \(Pat Trainee\)$/ }).click();
    await expect(trainer.page.getByRole('status')).toHaveText('The session record is confirmed.');
    await page.goto(PRACTICE);
    await expect(page.getByText('1 of 4 supervision sessions confirmed')).toBeVisible();

    // The supervisor records the next one from the group's page (the same form): a problem
    // first, with the input kept; then the trainee is the one to confirm it.
    await trainer.page.goto(`/staff/cohorts/${world.cohort}/practice`);
    const staffForm = trainer.page.locator('#record-session');
    await staffForm.getByLabel('Trainee').selectOption({ label: 'Pat Trainee' });
    await staffForm.getByLabel('Date').fill(yesterday());
    await staffForm.getByLabel('Length in minutes').fill('45');
    await staffForm.getByLabel('Format').selectOption('group');
    await staffForm.getByRole('button', { name: 'Record the session' }).click();
    await expect(trainer.page.getByRole('alert')).toContainText('Write a short record of the session.');
    await expect(trainer.page.locator('#record-session').getByLabel('Length in minutes')).toHaveValue('45');
    await trainer.page.locator('#record-session').getByLabel('Short record').fill('Group check-in after the rota change.');
    await trainer.page.locator('#record-session').getByRole('button', { name: 'Record the session' }).click();
    await expect(trainer.page.getByRole('status')).toHaveText('The session is recorded. The trainee will confirm it.');
    await page.goto(PRACTICE);
    await expect(page.locator('.practice-sessions')).toContainText('Group check-in after the rota change.');
    await expect(page.getByRole('button', { name: /^Confirm this record: supervision on / })).toHaveCount(1);
    await trainee.context.close();
    await trainer.context.close();
  });

  test('observed practice: the assessor records it, it waits as evidence, is decided, and the trainee sees it', async ({ browser, baseURL }) => {
    const world = await makeWorld();
    const assessor = await pageAs(browser, baseURL!, world.assessor);
    const page = assessor.page;
    await page.goto(`/staff/cohorts/${world.cohort}/practice`);
    const form = page.locator('#record-observation');
    // Nothing ticked: refused, with the words kept.
    await form.getByLabel('Trainee', { exact: true }).selectOption({ label: 'Pat Trainee' });
    await form.getByLabel('Date observed').fill(yesterday());
    await form.getByLabel('What you saw').fill('Noticed a worry about safety in the group and followed the policy calmly.');
    await form.getByLabel('Feedback for the trainee').fill('You stayed with the person and told the lead the same day.');
    await form.getByRole('button', { name: 'Record the observation' }).click();
    await expect(page.getByRole('alert')).toContainText('Tick at least one criterion the practice showed.');
    await expect(page.locator('#record-observation').getByLabel('What you saw')).toHaveValue('Noticed a worry about safety in the group and followed the policy calmly.');

    await page.locator('#record-observation').getByLabel(/^U3\/2\.1:/).check();
    await page.locator('#record-observation').getByRole('button', { name: 'Record the observation' }).click();
    await expect(page.getByRole('status')).toContainText('The observation is recorded.');

    // In the assessment queue, as evidence to decide.
    await page.goto(`/staff/cohorts/${world.cohort}/assess`);
    const decide = page.locator(`#f-decide-${world.trainee.id}-U3-2-1`);
    await expect(page.locator('main')).toContainText('Noticed a worry about safety in the group and followed the policy calmly.');
    await decide.getByLabel('Met', { exact: true }).check();
    await decide.getByLabel('Feedback for the trainee').fill('Met: you followed the policy and kept peer values.');
    await decide.getByRole('button', { name: 'Record the decision' }).click();
    await expect(page.getByRole('status')).toBeVisible();
    await expect(page.locator(`#f-decide-${world.trainee.id}-U3-2-1`)).toHaveCount(0);

    const trainee = await pageAs(browser, baseURL!, world.trainee);
    await trainee.page.goto(PRACTICE);
    await expect(trainee.page.locator('.practice-observations')).toContainText('observed by Ash Assessor');
    await expect(trainee.page.locator('.practice-observations')).toContainText('You stayed with the person and told the lead the same day.');
    await expect(trainee.page.locator('.practice-observations')).toContainText('U3/2.1');
    await assessor.context.close();
    await trainee.context.close();
  });
});

test.describe('practice portfolio: accessibility', () => {
  test('axe on the trainee page (empty and full), the staff page and the dashboard part', async ({ browser, baseURL }) => {
    const world = await makeWorld();
    const trainee = await pageAs(browser, baseURL!, world.trainee, true);
    await trainee.page.goto(PRACTICE);
    await expectNoAxeViolations(trainee.page);

    // A form with an error shown.
    await trainee.page.getByRole('button', { name: 'Log these hours' }).click();
    await expect(trainee.page.getByRole('alert')).toBeVisible();
    await expectNoAxeViolations(trainee.page);

    // Filled: hours waiting, a session waiting, an observation.
    const service = await serviceClient();
    const day = `${yesterday()} 00:00:00.000Z`;
    await service.collection('practice_hours').create({ user: world.trainee.id, course: COURSE, done_on: day, minutes: 90, kind: 'study', note: 'Reading', status: 'logged' });
    await service.collection('practice_hours').create({ user: world.trainee.id, course: COURSE, done_on: day, minutes: 60, kind: 'placement', note: '', status: 'queried', review_note: 'Which day was this?' });
    await service.collection('supervision_sessions').create({ user: world.trainee.id, course: COURSE, supervisor: world.trainer.id, held_on: day, minutes: 45, format: 'group', record: 'Group supervision', recorded_by: world.trainer.id });
    await service.collection('practice_observations').create({ user: world.trainee.id, course: COURSE, observer: world.assessor.id, observed_on: day, seen: 'Listened well', criteria: ['U3/2.1'], feedback: 'Good' });
    await trainee.page.goto(PRACTICE);
    await expect(trainee.page.getByRole('button', { name: /^Confirm this record/ })).toBeVisible();
    await expectNoAxeViolations(trainee.page);
    await screenshot(trainee.page, 'practice-trainee', { fullPage: true, widths: [375, 1280] });

    await trainee.page.goto('/dashboard');
    await expect(trainee.page.locator('.practice-progress')).toBeVisible();
    await expectNoAxeViolations(trainee.page);

    const trainer = await pageAs(browser, baseURL!, world.trainer, true);
    await trainer.page.goto(`/staff/cohorts/${world.cohort}/practice`);
    await expect(trainer.page.getByRole('heading', { name: 'Hours waiting for review (1)' })).toBeVisible();
    await expectNoAxeViolations(trainer.page);
    // A query without a note: the message by the field.
    await trainer.page.getByRole('button', { name: /^Query Pat Trainee’s hours/ }).click();
    await expect(trainer.page.getByRole('alert')).toContainText('Say what the trainee should check or change.');
    await expectNoAxeViolations(trainer.page);
    await screenshot(trainer.page, 'practice-staff', { fullPage: true });
    await trainee.context.close();
    await trainer.context.close();
  });
});
