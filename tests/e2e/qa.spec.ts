/**
 * Quality assurance in the browser: the IQA draws a sample and records verdicts (with and
 * without JavaScript), a disagreement sends the decision back to its assessor, the external
 * verifier's view is read-only, and the audit log shows the decisions. axe on every page.
 *
 * Each test makes its own group of `peer-support-foundations` with new people, so tests do
 * not see each other's data: a trainee with evidence, an assessor who decides on it, an IQA
 * and a verifier.
 */
import type { BrowserContext, Page } from '@playwright/test';
import PocketBase from 'pocketbase';
import { assessCourse } from '../../src/lib/assessment/status.ts';
import { loadCourses } from '../../src/lib/courses/course-fs.ts';
import { createAccount, fetchAs, serviceClient, signInAs, type TestAccount } from './accounts.ts';
import { expect, expectNoAxeViolations, screenshot, test } from './fixtures.ts';

const COURSE = 'peer-support-foundations';

interface World {
  cohort: string;
  cohortName: string;
  trainee: TestAccount;
  assessor: TestAccount;
  iqa: TestAccount;
  verifier: TestAccount;
  /** Decision ids by criterion. */
  decisions: Record<string, string>;
  sharedReflectionText: string;
}

async function clientAs(account: TestAccount): Promise<PocketBase> {
  const pb = new PocketBase(process.env.E2E_PB_URL);
  pb.autoCancellation(false);
  await pb.collection('users').authWithPassword(account.email, account.password);
  return pb;
}

/** A group with one trainee, whose evidence on U1/1.2 (met) and U2/1.2 (not yet, with a shared reflection) an assessor has judged. */
async function makeWorld(): Promise<World> {
  const stamp = Date.now().toString(36);
  const service = await serviceClient();
  const [trainee, assessor, iqa, verifier] = await Promise.all([
    createAccount('Tam Trainee', ['trainee']),
    createAccount('Ash Assessor', ['assessor']),
    createAccount('Ida Quality', ['iqa']),
    createAccount('Vic Verifier', ['verifier']),
  ]);
  await service.collection('users').update(verifier.id, { organisation: 'Lived Learning demonstration awarding organisation' });
  const cohortName = `QA group ${stamp}`;
  const cohort = await service.collection('cohorts').create({
    name: cohortName,
    course: COURSE,
    assessors: [assessor.id],
    iqas: [iqa.id],
    verifiers: [verifier.id],
  });
  await service.collection('enrolments').create({ user: trainee.id, course: COURSE, cohort: cohort.id, status: 'active' });

  const asTrainee = await clientAs(trainee);
  const asAssessor = await clientAs(assessor);
  const sharedReflectionText = `My private words about learning together ${stamp}`;
  const reflection = await asTrainee.collection('reflections').create({
    user: trainee.id,
    course: COURSE,
    module: 'intentional-peer-support',
    prompt: 'p1',
    body: sharedReflectionText,
    shared: true,
    version: 1,
  });
  const decisions: Record<string, string> = {};
  for (const [criterion, outcome, extra] of [
    ['U1/1.2', 'met', {}],
    ['U1/2.2', 'not_yet', { reflection: reflection.id }],
  ] as const) {
    const evidence = await asTrainee.collection('evidence').create({
      user: trainee.id,
      course: COURSE,
      criterion,
      text: `**Evidence** for ${criterion}: peer support is mutual, unlike clinical help.`,
      ...extra,
    });
    const decision = await asAssessor.collection('decisions').create({
      user: trainee.id,
      course: COURSE,
      criterion,
      evidence: evidence.id,
      outcome,
      feedback: outcome === 'met' ? 'You explained the difference clearly.' : 'Nearly there: say a little more about what changed for you.',
      assessor: assessor.id,
      assessor_name: 'Ash Assessor',
    });
    decisions[criterion] = decision.id;
  }
  return { cohort: cohort.id, cohortName, trainee, assessor, iqa, verifier, decisions, sharedReflectionText };
}

async function pageAs(browser: import('@playwright/test').Browser, baseURL: string, account: TestAccount, javaScriptEnabled = true): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ baseURL, javaScriptEnabled });
  await signInAs(context, account);
  return { context, page: await context.newPage() };
}

/**
 * axe needs JavaScript in the page. For a page seen without it (e.g. a form posted back with
 * its errors), the same HTML is served again at the same address to a JavaScript-enabled page.
 */
async function expectNoAxeViolationsWithoutJs(browser: import('@playwright/test').Browser, page: Page) {
  const html = await page.content();
  const url = page.url().split('#')[0]!;
  // Explicitly on: contexts made in a test take the test's `use` options (JavaScript off).
  const context = await browser.newContext({ javaScriptEnabled: true });
  const copy = await context.newPage();
  await copy.route(url, (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html }));
  await copy.goto(url);
  await expectNoAxeViolations(copy);
  await context.close();
}

/** Draws a 100% random sample, which takes every decision of the group. */
async function drawEverything(page: Page) {
  const plan = page.locator('form.qa-plan-form');
  await plan.getByRole('radio', { name: 'A percentage of all decisions, at random' }).check();
  await plan.getByRole('textbox', { name: 'Percentage' }).fill('100');
  await plan.getByRole('button', { name: 'Draw the sample' }).click();
  await expect(page.getByRole('status')).toHaveText('Your sampling plan is saved: 2 decisions were drawn. They are listed below.');
}

test.describe('quality assurance', () => {
  test('the IQA draws a sample and agrees with a decision (with JavaScript)', async ({ browser, baseURL }) => {
    test.slow();
    const world = await makeWorld();
    const { context, page } = await pageAs(browser, baseURL!, world.iqa);
    await page.goto('/staff/qa');
    await page.getByRole('link', { name: world.cohortName }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Quality assurance: ${world.cohortName}`);
    await expect(page.getByText('2 decisions in this group · 0 sampled')).toBeVisible();

    // With JavaScript, only the field the chosen method needs shows.
    const plan = page.locator('form.qa-plan-form');
    await plan.getByRole('radio', { name: 'All decisions on one unit' }).check();
    await expect(plan.getByRole('combobox', { name: 'Unit' })).toBeVisible();
    await expect(plan.getByRole('textbox', { name: 'Percentage' })).toBeHidden();
    await plan.getByRole('combobox', { name: 'Unit' }).selectOption('U1');
    await plan.getByRole('button', { name: 'Draw the sample' }).click();
    await expect(page.getByRole('status')).toHaveText('Your sampling plan is saved: 2 decisions were drawn. They are listed below.');
    await expect(page.locator('.qa-plans li')).toHaveCount(1);
    await expect(page.locator('.qa-plans li')).toContainText('By unit (U1: Values and principles of peer support): 2 decisions');

    const met = page.locator(`#d-${world.decisions['U1/1.2']}`);
    await expect(met.getByRole('heading', { level: 3 })).toContainText('Criterion U1/1.2');
    await expect(met).toContainText('Tam Trainee');
    await expect(met).toContainText('You explained the difference clearly.');
    await expect(met.locator('.user-text strong').first()).toHaveText('Evidence');
    // The IQA is not the trainee's trainer, but a shared reflection sent as evidence is part of
    // what they sample, so they read it (PocketBase's rule: see docs/DATA-MODEL.md, reflections).
    const notYet = page.locator(`#d-${world.decisions['U1/2.2']}`);
    await expect(notYet).toContainText(`A reflection shared with the trainer: ${world.sharedReflectionText}`);

    await met.getByRole('radio', { name: 'I agree with this decision' }).check();
    await met.getByLabel('Your rationale').fill('The evidence shows the difference between peer and clinical help.');
    await met.getByRole('button', { name: 'Record my verdict' }).click();
    await expect(page.getByRole('status')).toHaveText('Your verdict is recorded.');
    await expect(met.locator('.qa-verdict-entry')).toContainText('Agrees — Ida Quality');
    await expect(met.getByRole('button', { name: 'Record another verdict' })).toBeVisible();
    await expectNoAxeViolations(page);

    await page.setViewportSize({ width: 1280, height: 900 });
    await screenshot(page, 'qa-iqa-1280', { fullPage: true });
    await page.setViewportSize({ width: 375, height: 800 });
    await screenshot(page, 'qa-iqa-375');
    await met.scrollIntoViewIfNeeded();
    await screenshot(page, 'qa-iqa-375-decision');

    // The CSV: one row per sampled decision, with the verdict.
    const csv = await page.request.get(`/staff/qa/${world.cohort}/record.csv`);
    expect(csv.status()).toBe(200);
    expect(csv.headers()['content-type']).toContain('text/csv');
    const lines = (await csv.text()).replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toBe('"Trainee","Unit","Criterion","Assessor","Decision","Decision date (UTC)","IQA verdict","IQA rationale","Verdict date (UTC)","IQA"');
    expect(lines).toHaveLength(3);
    expect(lines[1]).toMatch(/^"Tam Trainee","U1","U1\/1.2","Ash Assessor","Met","[^"]+","Agree","The evidence shows/);
    expect(lines[2]).toMatch(/"U1\/2.2","Ash Assessor","Not yet met","[^"]+","No verdict yet"/);
    await context.close();
  });

  test.describe('without JavaScript', () => {
    test.use({ javaScriptEnabled: false });

    test('the IQA disagrees: the rationale is required, then the decision goes back to its assessor', async ({ browser, baseURL }) => {
      test.slow();
      const world = await makeWorld();
      const { context, page } = await pageAs(browser, baseURL!, world.iqa, false);
      await page.goto(`/staff/qa/${world.cohort}`);

      // A mistake in the plan form comes back next to the field, with what was typed.
      const plan = page.locator('form.qa-plan-form');
      await plan.getByRole('radio', { name: 'A percentage of all decisions, at random' }).check();
      await plan.getByRole('textbox', { name: 'Percentage' }).fill('ten');
      await plan.getByRole('button', { name: 'Draw the sample' }).click();
      await expect(page.getByRole('alert')).toContainText('Enter a whole number from 1 to 100 for the percentage');
      await expect(plan.locator('#plan-percent-error')).toHaveText('Enter a whole number from 1 to 100 for the percentage, for example 10.');
      await expect(plan.getByRole('textbox', { name: 'Percentage' })).toHaveValue('ten');
      await expect(plan.getByRole('radio', { name: 'A percentage of all decisions, at random' })).toBeChecked();
      await expectNoAxeViolationsWithoutJs(browser, page);

      await drawEverything(page);
      const decision = page.locator(`#d-${world.decisions['U1/1.2']}`);
      await decision.getByRole('radio', { name: 'I disagree: send it back to the assessor' }).check();
      await decision.getByRole('button', { name: 'Record my verdict' }).click();
      // Nothing lost: the choice stays, and the message sits next to the rationale.
      await expect(page.getByRole('alert')).toContainText('Write your rationale');
      const again = page.locator(`#d-${world.decisions['U1/1.2']}`);
      await expect(again.locator('.field__error')).toHaveText('Write your rationale: why you agree or disagree. The assessor and the external verifier read it.');
      await expect(again.getByRole('radio', { name: 'I disagree: send it back to the assessor' })).toBeChecked();
      await expectNoAxeViolationsWithoutJs(browser, page);

      await again.getByLabel('Your rationale').fill('The evidence describes clinical help, not peer support: please look again.');
      await again.getByRole('button', { name: 'Record my verdict' }).click();
      await expect(page.getByRole('status')).toHaveText('Your verdict is recorded. The decision is back with its assessor, with your rationale.');
      const returned = page.locator(`#d-${world.decisions['U1/1.2']}`);
      await expect(returned.locator('.qa-flag--returned')).toContainText('Sent back to the assessor');
      await expect(returned.locator('.qa-verdict-entry')).toContainText('Disagrees — Ida Quality');

      // The status every page reads (status.ts) now says the criterion is back with the assessor.
      const service = await serviceClient();
      const filter = service.filter('user = {:user} && course = {:course}', { user: world.trainee.id, course: COURSE });
      const [decisions, evidence, samples] = await Promise.all([
        service.collection('decisions').getFullList({ filter }),
        service.collection('evidence').getFullList({ filter }),
        service.collection('qa_samples').getFullList({ filter: service.filter('cohort = {:cohort}', { cohort: world.cohort }) }),
      ]);
      const course = loadCourses('courses').courses.find((c) => c.slug === COURSE)!;
      const status = assessCourse(course, {
        evidence: evidence.map((e) => ({ id: e.id, criterion: e['criterion'], created: e['created'] })),
        observations: [],
        decisions: decisions.map((d) => ({
          id: d.id,
          criterion: d['criterion'],
          outcome: d['outcome'],
          feedback: d['feedback'],
          assessor_name: d['assessor_name'],
          evidence: d['evidence'],
          observation: d['observation'],
          supersedes: d['supersedes'],
          created: d['created'],
        })),
        samples: samples.map((s) => ({ decision: s['decision'], verdict: s['verdict'], created: s['created'] })),
        passedModules: [],
        signedOffUnits: [],
      });
      expect(status.byRef.get('U1/1.2')?.returned).toBe(true);
      expect(status.byRef.get('U1/1.2')?.state).toBe('submitted');
      expect(status.byRef.get('U1/2.2')?.returned).toBe(false);
      await context.close();

      // And the assessor finds it back in their queue, with the IQA's rationale.
      const assessor = await pageAs(browser, baseURL!, world.assessor, false);
      await assessor.page.goto(`/staff/cohorts/${world.cohort}/assess`);
      await expect(assessor.page.getByText('Returned by quality assurance')).toBeVisible();
      await expect(assessor.page.getByText('The evidence describes clinical help, not peer support: please look again.')).toBeVisible();
      await assessor.context.close();
    });

    test('the verifier sees the sample, the verdicts and the audit log, with no form; a POST is refused', async ({ browser, baseURL }) => {
      test.slow();
      const world = await makeWorld();
      const iqa = await pageAs(browser, baseURL!, world.iqa, false);
      await iqa.page.goto(`/staff/qa/${world.cohort}`);
      await drawEverything(iqa.page);
      const decision = iqa.page.locator(`#d-${world.decisions['U1/2.2']}`);
      await decision.getByRole('radio', { name: 'I agree with this decision' }).check();
      await decision.getByLabel('Your rationale').fill('Fair: the reflection needs one more step.');
      await decision.getByRole('button', { name: 'Record my verdict' }).click();
      await expect(iqa.page.getByRole('status')).toHaveText('Your verdict is recorded.');
      await iqa.context.close();

      const { context, page } = await pageAs(browser, baseURL!, world.verifier, false);
      await page.goto('/staff/verifier');
      await page.getByRole('link', { name: world.cohortName }).click();
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(`External verification: ${world.cohortName}`);
      await expect(page.locator('main form')).toHaveCount(0);
      await expect(page.locator('main textarea, main input, main select, main button')).toHaveCount(0);
      await expect(page.getByText('Lived Learning demonstration awarding organisation').first()).toBeVisible();
      const sampled = page.locator(`#d-${world.decisions['U1/2.2']}`);
      await expect(sampled).toContainText('Nearly there: say a little more about what changed for you.');
      await expect(sampled).toContainText('Agrees — Ida Quality');
      await expect(sampled).toContainText('Fair: the reflection needs one more step.');
      // The verifier reads the reflection the trainee sent as evidence, as the IQA does.
      await expect(sampled).toContainText(`A reflection shared with the trainer: ${world.sharedReflectionText}`);
      // The page's words about linked reflections match what it shows (the text, not a note).
      await expect(page.locator('main')).toContainText('A reflection the trainee linked to their evidence is shown with its text while they share it');
      await expect(page.locator('main')).not.toContainText('appears only as a note');
      await expect(page.locator('main')).not.toContainText('Unknown person');
      const audit = page.getByRole('table');
      await expect(audit.locator('tr[data-action="decision.create"]')).toHaveCount(2);
      await expect(audit.locator('tr[data-action="qa_sample.create"]')).toContainText('verdict: agree');
      await expectNoAxeViolationsWithoutJs(browser, page);
      await page.setViewportSize({ width: 1280, height: 900 });
      await screenshot(page, 'qa-verifier-1280', { fullPage: true });
      await page.setViewportSize({ width: 375, height: 800 });
      await screenshot(page, 'qa-verifier-375');
      await page.getByRole('table').scrollIntoViewIfNeeded();
      await screenshot(page, 'qa-verifier-375-audit');

      // Read-only, even for a hand-made POST: nothing is recorded.
      const post = await page.request.post(`/staff/verifier/${world.cohort}`, {
        headers: { Origin: baseURL! },
        form: { intent: 'verdict', decision: world.decisions['U1/1.2']!, verdict: 'disagree', rationale: 'Sneaky' },
        maxRedirects: 0,
      });
      expect(post.status()).toBe(405);
      // Nor can a verifier post to the IQA's page.
      const asIqaPage = await page.request.post(`/staff/qa/${world.cohort}`, {
        headers: { Origin: baseURL! },
        form: { intent: 'verdict', decision: world.decisions['U1/1.2']!, verdict: 'disagree', rationale: 'Sneaky' },
        maxRedirects: 0,
      });
      expect(asIqaPage.status()).toBe(403);
      const service = await serviceClient();
      const samples = await service.collection('qa_samples').getFullList({ filter: service.filter('cohort = {:cohort}', { cohort: world.cohort }) });
      expect(samples.map((s) => s['rationale'])).toEqual(['Fair: the reflection needs one more step.']);

      // A verifier of another group cannot even see that this group exists: a kind 404.
      const other = await pageAs(browser, baseURL!, await createAccount('Other Verifier', ['verifier']), false);
      const response = await other.page.goto(`/staff/verifier/${world.cohort}`);
      expect(response?.status()).toBe(404);
      await expect(other.page.getByRole('heading', { level: 1 })).toHaveText('We could not find this group');
      await expect(other.page.locator('main')).not.toContainText('Tam Trainee');
      // The group's trainee can see neither page.
      for (const path of [`/staff/verifier/${world.cohort}`, `/staff/qa/${world.cohort}`]) {
        expect((await fetchAs(world.trainee, path)).status, path).toBe(404);
      }
      await other.context.close();
      await context.close();
    });

    test('the audit log shows the decisions to an admin and the verifier, filters, pages and exports; others are refused', async ({ browser, baseURL }) => {
      test.slow();
      const world = await makeWorld();
      const admin = await pageAs(browser, baseURL!, await createAccount('Ada Admin', ['admin']), false);
      await admin.page.goto('/staff/audit');
      await expect(admin.page.getByRole('heading', { level: 1 })).toHaveText('Audit log');
      await admin.page.getByLabel('Group').selectOption({ label: world.cohortName });
      await admin.page.getByLabel('What happened').selectOption({ label: 'Assessment decision' });
      await admin.page.getByRole('button', { name: 'Show' }).click();
      await expect(admin.page).toHaveURL(new RegExp(`/staff/audit\\?cohort=${world.cohort}&action=decision.create$`));
      const rows = admin.page.locator('table.qa-table tbody tr');
      await expect(rows).toHaveCount(2);
      await expect(rows.first()).toContainText('Ash Assessor');
      await expect(rows.first()).toContainText('Assessment decision');
      await expect(rows.first()).toContainText('trainee Tam Trainee');
      await expect(admin.page.locator('table.qa-table')).toContainText('criterion U1/2.2 · not yet met');
      await expectNoAxeViolationsWithoutJs(browser, admin.page);
      await admin.page.setViewportSize({ width: 1280, height: 900 });
      await screenshot(admin.page, 'qa-audit-1280', { fullPage: true });
      await admin.page.setViewportSize({ width: 375, height: 800 });
      await screenshot(admin.page, 'qa-audit-375', { fullPage: true });
      await screenshot(admin.page, 'qa-audit-375-top');

      const csv = await admin.page.request.get(`/staff/audit/export.csv?cohort=${world.cohort}&action=decision.create`);
      expect(csv.status()).toBe(200);
      const lines = (await csv.text()).replace(/^\uFEFF/, '').trim().split('\r\n');
      expect(lines[0]).toBe('"When (UTC)","Who","Action","Group","Record type","Record id","Details"');
      expect(lines.slice(1).map((l) => l.split('","')[5])).toEqual(expect.arrayContaining([world.decisions['U1/1.2'], world.decisions['U1/2.2']]));
      expect(lines).toHaveLength(3);

      // Paging: the whole log has more than one page of 50 by now? Either way, page links keep the filter.
      await admin.page.goto(`/staff/audit?cohort=${world.cohort}&page=99`);
      await expect(admin.page.locator('table.qa-table tbody tr').first()).toBeVisible();
      await admin.context.close();

      // The verifier sees their group's entries, and none of another group.
      const verifier = await pageAs(browser, baseURL!, world.verifier, false);
      await verifier.page.goto('/staff/audit');
      const verifierRows = verifier.page.locator('table.qa-table tbody tr');
      await expect(verifierRows.filter({ hasText: 'Assessment decision' })).toHaveCount(2);
      const groups = await verifier.page.locator('table.qa-table tbody tr td:nth-child(4)').allTextContents();
      expect(new Set(groups)).toEqual(new Set([world.cohortName]));
      await expectNoAxeViolationsWithoutJs(browser, verifier.page);
      await verifier.context.close();

      // A trainee, an assessor or an IQA gets a kind 403.
      for (const account of [world.trainee, world.assessor, world.iqa]) {
        const someone = await pageAs(browser, baseURL!, account, false);
        const response = await someone.page.goto('/staff/audit');
        expect(response?.status()).toBe(403);
        await expect(someone.page.getByRole('heading', { level: 1 })).toHaveText('The audit log is for admins and external verifiers');
        const refused = await someone.page.request.get('/staff/audit/export.csv');
        expect(refused.headers()['content-type']).not.toContain('text/csv');
        await someone.context.close();
      }
    });
  });

  test('staff pages send a signed-out visitor to sign in', async ({ page }) => {
    for (const path of ['/staff/qa', '/staff/verifier', '/staff/audit']) {
      await page.goto(path);
      await expect(page).toHaveURL(new RegExp(`/signin\\?next=${encodeURIComponent(path)}`));
    }
  });
});
