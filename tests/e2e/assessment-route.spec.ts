/**
 * A route to an assessor, and one truth about a criterion, in the browser:
 * - a trainee who enrols themself (no group takes them) is told they are learning-only, asks to
 *   be assessed; an admin places them in a group on /staff/requests; the assessor decides in the
 *   queue; the trainee sees "Met";
 * - after an IQA disagrees with a "Met" decision, the trainee no longer sees "Met";
 * - the unit sign-off review page (GET) before any sign-off.
 * axe on these pages runs in accessibility.spec.ts.
 */
import type { Page } from '@playwright/test';
import { createAccount, serviceClient, signInAs } from './accounts.ts';
import { expect, screenshot, test } from './fixtures.ts';

const COURSE = 'peer-support-foundations';
const C = 'U1/1.2';
const section = (page: Page) => page.locator(`#criterion-${C.replace(/[^A-Za-z0-9]+/g, '-')}`);

test('a self-enrolled trainee asks to be assessed, an admin places them in a group, an assessor decides, the trainee sees it', async ({ browser, page, context }) => {
  test.slow();
  const service = await serviceClient();
  const trainee = await createAccount('Rae Selfenrolled');
  const admin = await createAccount('Ada Admin', ['admin']);
  const assessor = await createAccount('Sam Assessor', ['assessor']);
  const groupName = `Route group ${trainee.id}`;
  const group = await service.collection('cohorts').create({ name: groupName, course: COURSE, assessors: [assessor.id] });

  // The trainee enrols themself: no group takes them, so they are learning-only and can ask.
  await signInAs(context, trainee);
  await page.goto(`/courses/${COURSE}`);
  await page.locator('#enrolment').getByRole('button', { name: 'Enrol in this course' }).click();
  await page.goto(`/evidence/${COURSE}`);
  const route = page.locator('#route');
  await expect(route).toContainText('nobody can see or assess your evidence yet');
  await expect(page.getByText('your assessor will look at it')).toHaveCount(0);
  await expect(section(page).locator('form')).toHaveCount(0);
  await expect(section(page).locator('.te-next')).toHaveText('Next step: Evidence can be sent once you are in a group with an assessor: ask to be assessed above');
  await route.getByLabel('Anything you would like them to know (optional)').fill('Tuesdays suit me best.');
  await route.getByRole('button', { name: 'Ask to be assessed' }).click();
  await expect(route.getByRole('status')).toHaveText(/Your request is sent/);
  await expect(route.locator('[data-request="open"]')).toContainText('You asked to be assessed on');
  await screenshot(page, 'route-trainee-asked', { fullPage: true });

  // An admin sees the request and places them in the group.
  const adminContext = await browser.newContext();
  await signInAs(adminContext, admin);
  const adminPage = await adminContext.newPage();
  await adminPage.goto('/staff');
  await adminPage.locator('[data-open-requests] a').click();
  await expect(adminPage).toHaveURL(/\/staff\/requests$/);
  const card = adminPage.locator('li.card').filter({ hasText: 'Rae Selfenrolled' }).filter({ hasText: 'Tuesdays suit me best.' });
  await expect(card).toBeVisible();
  await screenshot(adminPage, 'route-staff-requests', { fullPage: true });
  await card.getByRole('button', { name: 'Place in this group' }).click();
  await expect(adminPage.getByText('Please choose a current group of the course').first()).toBeVisible(); // nothing chosen: a clear message
  const again = adminPage.locator('li.card').filter({ hasText: 'Tuesdays suit me best.' });
  await again.getByLabel('Group').selectOption({ label: groupName });
  await again.getByRole('button', { name: 'Place in this group' }).click();
  await expect(adminPage.locator('div.notice[role="status"]')).toHaveText(/The trainee is placed in the group/);
  await expect(adminPage.getByText(`placed in “${groupName}” by Ada Admin`)).toBeVisible();
  await adminContext.close();

  // The trainee sees where they are, and can now send evidence.
  await page.goto(`/evidence/${COURSE}`);
  await expect(route).toContainText(`You are in the group “${groupName}”. Its assessors can see the evidence you send`);
  await expect(route.locator('[data-request="placed"]')).toContainText(`placed you in the group “${groupName}”`);
  await service.collection('evidence').create({ user: trainee.id, course: COURSE, criterion: C, text: 'Peer support is mutual.' });

  // The assessor decides in the queue.
  const assessorContext = await browser.newContext();
  await signInAs(assessorContext, assessor);
  const assessorPage = await assessorContext.newPage();
  await assessorPage.goto(`/staff/cohorts/${group.id}/assess`);
  const item = assessorPage.locator('article.staff-item').filter({ hasText: `Criterion ${C}` }).filter({ hasText: 'Rae Selfenrolled' });
  await item.getByLabel('Met', { exact: true }).check();
  await item.getByLabel('Feedback for the trainee').fill('A clear account of mutuality.');
  await item.getByRole('button', { name: 'Record the decision' }).click();
  await expect(assessorPage.locator('div.notice[role="status"]')).toHaveText(/The decision is recorded/);

  // The sign-off review page (new): a GET shows the unit's criteria before anything is signed.
  await assessorPage.goto(`/staff/cohorts/${group.id}/trainees/${trainee.id}/signoff/U1`);
  await expect(assessorPage.getByRole('heading', { name: 'The unit’s criteria' })).toBeVisible();
  await expect(assessorPage.getByText('This unit cannot be signed off yet')).toBeVisible();
  await expect(assessorPage.getByRole('button', { name: /Confirm: sign off/ })).toHaveCount(0);
  await screenshot(assessorPage, 'route-signoff-review', { fullPage: true });
  await assessorContext.close();

  await page.goto(`/evidence/${COURSE}`);
  await expect(section(page).locator('.te-next')).toHaveText('Next step: Met ✓');
});

test('after an IQA disagrees with "Met", the trainee no longer sees "Met"', async ({ page, context }) => {
  const service = await serviceClient();
  const trainee = await createAccount('Tam Returned');
  const assessor = await createAccount('Sam Assessor', ['assessor']);
  const iqa = await createAccount('Ida Iqa', ['iqa']);
  const group = await service.collection('cohorts').create({ name: `IQA group ${trainee.id}`, course: COURSE, assessors: [assessor.id], iqas: [iqa.id] });
  await service.collection('enrolments').create({ user: trainee.id, course: COURSE, cohort: group.id, status: 'active' });
  const evidence = await service.collection('evidence').create({ user: trainee.id, course: COURSE, criterion: C, text: 'Mine.' });
  const decision = await service.collection('decisions').create({ user: trainee.id, course: COURSE, criterion: C, evidence: evidence.id, outcome: 'met', feedback: 'Good.', assessor: assessor.id, assessor_name: 'Sam Assessor' });

  await signInAs(context, trainee);
  await page.goto(`/evidence/${COURSE}`);
  await expect(section(page).locator('.te-next')).toHaveText('Next step: Met ✓');

  await service.collection('qa_plans').create({ cohort: group.id, created_by: iqa.id, method: 'assessor', parameter: assessor.id, decisions: [decision.id] });
  await service.collection('qa_samples').create({ decision: decision.id, cohort: group.id, iqa: iqa.id, verdict: 'disagree', rationale: 'SECRET-IQA-RATIONALE' });

  await page.reload();
  await expect(section(page).locator('.te-next')).toHaveText('Next step: Your assessor is looking at this');
  await expect(page.locator('.te-summary')).toContainText('You have met 0 of');
  await expect(page.getByText('SECRET-IQA-RATIONALE')).toHaveCount(0);
  await page.goto('/dashboard');
  await expect(page.getByText('SECRET-IQA-RATIONALE')).toHaveCount(0);
});
