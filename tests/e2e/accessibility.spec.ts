/**
 * Accessibility: axe (WCAG 2.2 AA, tests/e2e/fixtures.ts) once on each page and state. The
 * journeys test behaviour; they do not run axe again on a page and state scanned here.
 * States are reached through the service account (tests/e2e/accounts.ts), not by clicking
 * through journeys; form error states by sending the form.
 *
 * Scanned here (one test per person; each page/state is one step):
 * - signed out: catalogue `/`; course page; module page; module with a content note (before and
 *   after "Show the module"); `/support`; `/privacy` (the privacy notice); the 404 page; `/signin`; `/signin` "please sign in to
 *   see that page"; `/signin` after sign-up; `/signin` with a wrong password (error);
 *   `/signup`; `/signup` with nothing filled in (error summary); `/forgot` (site cannot send
 *   email); `/verify`; `/verify/bulk` (empty, nothing given: error, results); an unknown email confirmation link (404); `/verify` with a typo in the code (error); a one-time reset link
 *   (choose a new password); a used or unknown reset link (404 page); module page with a
 *   knowledge check (questions, sign in to answer); `/evidence/<course>` asks to sign in; an
 *   unsubscribe link that is not ours (404). (The unsubscribe confirm page and /account with
 *   email on are scanned in notify-email.spec.ts, which has an SMTP server.)
 * - trainee: `/dashboard` with no course; `/dashboard` with a course, an unread notice and
 *   unread notifications ("Waiting for you"); `/dashboard` after "Mark as read"; `/dashboard`
 *   with every notification read (after opening the items);
 *   `/account` with its account activity and email choices; `/account/email` without SMTP (an
 *   administrator changes it); an unknown change-of-email link (404); `/account/email-choices`
 *   with quiet hours that start and end together (error); `/account/password`; `/account/close`
 *   (and with nothing filled in: error); `/account/password` with a wrong
 *   current password (error); `/reflections`; `/reflections/new`; a reflection with a trainer's
 *   reply; the module page signed in (reflection box, knowledge check, feedback form); the
 *   knowledge check shown again with unanswered questions (error); a knowledge-check attempt
 *   view (`?attempt=`); module feedback sent with a problem (error); `/evidence/<course>` with
 *   decisions; `/evidence/<course>` when not enrolled; `/certificates` (none yet);
 *   `/enrol` with a wrong group code (error); the leave-a-course page; a reset link opened while
 *   signed in (409 "Please sign out first"); a staff page refused (403).
 * - trainer: `/staff` ("Waiting for you": a shared reflection to reply to); `/staff/reset-links`; the group page `/staff/cohorts/<id>`; the group's
 *   shared reflections; `/feedback/<course>` (the course team's summary); `/author/<course>`
 *   refused to a trainer who is not its author (403).
 * - assessor: `/staff` ("Waiting for you": work to decide); `/staff/cohorts/<id>/assess` (waiting for a decision); a trainee's
 *   assessment record; the unit sign-off review page (cannot be signed off yet).
 * - IQA: `/staff` ("Waiting for you": nothing waiting); `/staff/qa`; `/staff/qa/<cohort>` (sampling plan form).
 * - verifier: `/staff/verifier`; `/staff/verifier/<cohort>`; `/staff/audit` (their cohorts);
 *   `/staff/bulk-verify`.
 * - admin: `/staff/cohorts`; a group's people and settings page; `/staff/roles` with a person
 *   found; `/staff/requests` with an open request (new); `/staff/certificates`; `/staff/audit`; `/staff/erase` (empty, and with an account found); `/staff/retention` (settings, a dry
 *   run's counts, a number out of range: error).
 * - author: `/author`; `/author/new`; `/author/<course>`; `/author/<course>/draft` and a draft module (gate shut and open); `/author/<course>/import`; the editor of a module; `/author/<course>/history`;
 *   a file's history; `/author/<course>/publish`; `/author/<course>/authors` (admin).
 *
 * Scanned in journeys still (states reached only by their steps, each scanned once there):
 * certificate request, issue, revoke and re-issue pages (certificates.spec.ts), the editor's
 * conflict and 375 px tab views (authoring-editor.spec.ts), diff and restore pages
 * (authoring-history.spec.ts), decisions recorded and signed off (staff.spec.ts), IQA verdicts
 * and the verifier's view of them (qa.spec.ts), evidence upload problems and the evidence form
 * states (evidence.spec.ts), enrolment steps (enrolment.spec.ts), the reflection editor's
 * states (reflections.spec.ts, reflection-delete.spec.ts), email verification and change of
 * email with SMTP on: the notice, the change form and its error, the confirm pages, a used link
 * (email-account.spec.ts).
 */
import type { Browser, BrowserContext, Page } from '@playwright/test';
import PocketBase from 'pocketbase';
import { createResetLink } from '../../src/lib/auth/password-reset-store.ts';
import type { TypedPocketBase } from '../../src/lib/pb.ts';
import { createAccount, createAuthor, serviceClient, signInAs, type TestAccount } from './accounts.ts';
import { copyCourse } from './course-copy.ts';
import { expect, expectNoAxeViolations, test } from './fixtures.ts';

const COURSE = 'peer-support-foundations';
const MODULE = 'intentional-peer-support';
const AUTHOR_COURSE = 'a11y-authoring-course';

/** Goes to the address, waits for the page's main heading, and runs axe. */
async function scan(page: Page, name: string, url: string | null, ready?: (page: Page) => Promise<unknown>, status?: number) {
  await test.step(name, async () => {
    if (url !== null) {
      const response = await page.goto(url);
      if (status !== undefined) expect(response?.status(), url).toBe(status);
    }
    await expect(page.getByRole('heading', { level: 1 }).first()).toBeVisible();
    if (ready) await ready(page);
    await expectNoAxeViolations(page);
  });
}

async function clientAs(account: TestAccount): Promise<PocketBase> {
  const pb = new PocketBase(process.env.E2E_PB_URL);
  pb.autoCancellation(false);
  await pb.collection('users').authWithPassword(account.email, account.password);
  return pb;
}

async function pageAs(browser: Browser, account: TestAccount | null): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ baseURL: process.env.E2E_BASE_URL });
  if (account) await signInAs(context, account);
  return { context, page: await context.newPage() };
}

interface World {
  cohort: string;
  trainee: TestAccount;
  trainer: TestAccount;
  assessor: TestAccount;
  iqa: TestAccount;
  verifier: TestAccount;
  admin: TestAccount;
  reflection: string;
}

/**
 * One group of the course with a trainee, a trainer, an assessor, an IQA and a verifier; the
 * trainee shared a reflection (with a trainer's reply) and another (no reply yet), sent evidence
 * on two criteria, judged met and not yet, and on two more waiting for a decision; a trainer made them a reset link (an unread notice, account activity).
 */
async function makeWorld(): Promise<World> {
  const service = await serviceClient();
  const [trainee, trainer, assessor, iqa, verifier, admin] = await Promise.all([
    createAccount('Tam Trainee', ['trainee']),
    createAccount('Tess Trainer', ['trainer']),
    createAccount('Ash Assessor', ['assessor']),
    createAccount('Ida Quality', ['iqa']),
    createAccount('Vic Verifier', ['verifier']),
    createAccount('Ada Admin', ['admin']),
  ]);
  await service.collection('users').update(verifier.id, { organisation: 'Lived Learning demonstration awarding organisation' });
  const cohort = await service.collection('cohorts').create({
    name: `Axe group ${trainee.id}`,
    course: COURSE,
    trainers: [trainer.id],
    assessors: [assessor.id],
    iqas: [iqa.id],
    verifiers: [verifier.id],
  });
  await service.collection('enrolments').create({ user: trainee.id, course: COURSE, cohort: cohort.id, status: 'active' });

  const asTrainee = await clientAs(trainee);
  const asAssessor = await clientAs(assessor);
  const reflection = await asTrainee.collection('reflections').create({
    user: trainee.id,
    course: COURSE,
    module: MODULE,
    prompt: 'p1',
    body: 'I noticed how *listening* changed the conversation.',
    shared: true,
    version: 1,
  });
  await (await clientAs(trainer)).collection('reflection_comments').create({ reflection: reflection.id, author: trainer.id, body: 'Thank you, Tam. A lovely observation.' });
  for (const [criterion, outcome, extra] of [
    ['U1/1.2', 'met', {}],
    ['U1/2.2', 'not_yet', { reflection: reflection.id }],
  ] as const) {
    const evidence = await asTrainee.collection('evidence').create({ user: trainee.id, course: COURSE, criterion, text: `**Evidence** for ${criterion}.`, ...extra });
    await asAssessor.collection('decisions').create({
      user: trainee.id,
      course: COURSE,
      criterion,
      evidence: evidence.id,
      outcome,
      feedback: outcome === 'met' ? 'You explained the difference clearly.' : 'Nearly there: say a little more.',
      assessor: assessor.id,
      assessor_name: 'Ash Assessor',
    });
  }
  // Waiting for a decision, for the assessor's page.
  await asTrainee.collection('evidence').create({ user: trainee.id, course: COURSE, criterion: 'U1/1.1', text: 'Peer support is mutual.' });
  // Waiting for the assessor ("Waiting for you" on their staff home) and, a second shared
  // reflection with no reply yet, for the trainer's.
  await asTrainee.collection('evidence').create({ user: trainee.id, course: COURSE, criterion: 'U2/1.2', text: 'Boundaries keep us both safe.' });
  await asTrainee.collection('reflections').create({ user: trainee.id, course: COURSE, module: '', prompt: 'free', title: 'A second thought', body: 'A second thought, shared.', shared: true, version: 1 });
  const trainerRecord = await service.collection('users').getOne(trainer.id);
  await createResetLink(service as unknown as TypedPocketBase, { id: trainer.id, role: trainerRecord.role, display_name: trainer.displayName }, trainee.email);
  return { cohort: cohort.id, trainee, trainer, assessor, iqa, verifier, admin, reflection: reflection.id };
}

// Each test scans several pages (2–11 s each on a busy 2-core machine).
test.describe.configure({ timeout: 300_000 });

let world: World;
test.beforeAll(async () => {
  world = await makeWorld();
});

test('signed out', async ({ browser }) => {
  const { page } = await pageAs(browser, null);
  const someone = await createAccount('Sol Signin');
  const service = await serviceClient();
  const staff = await createAccount('Rita Reset', ['admin']);
  const reset = await createResetLink(service as unknown as TypedPocketBase, { id: staff.id, role: ['admin'], display_name: staff.displayName }, someone.email);

  await scan(page, 'catalogue', '/');
  await scan(page, 'an unknown email confirmation link (404)', `/confirm-email/${'x'.repeat(43)}`, (p) => expect(p.getByRole('heading', { level: 1 })).toHaveText('This link does not work'), 404);
  await scan(page, 'course page', `/courses/${COURSE}`);
  await scan(page, 'module page with a knowledge check (sign in to answer)', `/courses/${COURSE}/${MODULE}`);
  await scan(page, 'module with a content note, before showing', `/courses/${COURSE}/safety-and-safeguarding`);
  await scan(page, 'module with a content note, after showing', '/courses/service-user-leadership/presenting-from-your-story', async (p) => {
    await p.getByRole('button', { name: 'Show the module' }).click();
  });
  await scan(page, 'support', '/support');
  await scan(page, 'privacy notice', '/privacy', (p) => expect(p.locator('[data-retention]')).toBeVisible());
  await scan(page, 'not found', '/courses/nothing', undefined, 404);
  await scan(page, 'sign in', '/signin');
  await scan(page, 'sign in: please sign in to see that page', '/signin?next=%2Faccount&reason=required', (p) => expect(p.getByText('Please sign in to see that page.')).toBeVisible());
  await scan(page, 'sign in after signing up', '/signin?reason=signed-up&next=%2Fdashboard', (p) =>
    expect(p.getByText('If this email address was new to us, your account is ready')).toBeVisible(),
  );
  await scan(page, 'sign in with a wrong password (error)', null, async (p) => {
    await p.getByLabel('Email address').fill(someone.email);
    await p.getByLabel('Password', { exact: true }).fill('not my password');
    await p.getByRole('button', { name: 'Sign in' }).click();
    await expect(p.getByRole('alert')).toContainText('That email and password do not match');
  });
  await scan(page, 'sign up', '/signup');
  await scan(page, 'sign up with nothing filled in (error summary)', null, async (p) => {
    await p.getByRole('button', { name: 'Create my account' }).click();
    await expect(p.getByRole('heading', { name: 'There is a problem' })).toBeVisible();
  });
  await scan(page, 'forgotten password (no email)', '/forgot', (p) => expect(p.getByRole('heading', { name: 'This site cannot send emails' })).toBeVisible());
  await scan(page, 'check a certificate', '/verify');
  await scan(page, 'check a certificate with a typo (error)', null, async (p) => {
    await p.getByLabel('Certificate code').fill('ABCD EFGH JKLM NPQR');
    await p.getByRole('button', { name: 'Check this certificate' }).click();
    await expect(p.locator('.field__error')).toBeVisible();
  });
  await scan(page, 'check many certificates', '/verify/bulk');
  await scan(page, 'check many certificates with nothing given (error)', null, async (p) => {
    await p.getByRole('button', { name: 'Check and show the results' }).click();
    await expect(p.getByRole('heading', { name: 'There is a problem' })).toBeVisible();
  });
  await scan(page, 'check many certificates: the results', null, async (p) => {
    await p.getByLabel('Or paste the codes').fill('0000-0000-0000-0000\nhello');
    await p.getByRole('button', { name: 'Check and show the results' }).click();
    await expect(p.locator('[data-count="total"]')).toHaveText('2');
  });
  await scan(page, 'a one-time reset link: choose a new password', `/reset/${reset.token}`, (p) =>
    expect(p.getByRole('heading', { level: 1, name: 'Choose a new password' })).toBeVisible(),
  );
  await scan(page, 'an unknown reset link (404)', `/reset/${'x'.repeat(43)}`, (p) => expect(p.getByRole('heading', { level: 1, name: 'This link does not work any more' })).toBeVisible(), 404);
  await scan(page, 'evidence page asks to sign in', `/evidence/${COURSE}`);
  await scan(page, 'an unsubscribe link that is not ours (404)', '/unsubscribe/bm90LW91cnM.bm90LXNpZ25lZA', (p) => expect(p.getByRole('alert')).toContainText('nothing was changed'), 404);
});

test('trainee', async ({ browser }) => {
  const { page } = await pageAs(browser, world.trainee);
  const newcomer = await pageAs(browser, await createAccount('Nell Newcomer'));
  await scan(newcomer.page, 'dashboard with no course', '/dashboard', (p) => expect(p.getByRole('heading', { name: 'You have not joined a course yet' })).toBeVisible());
  await scan(newcomer.page, 'evidence page when not enrolled', `/evidence/${COURSE}`);
  await scan(newcomer.page, 'staff page refused (403)', '/staff', undefined, 403);

  await scan(page, 'dashboard with a course, an unread notice and unread notifications', '/dashboard', async (p) => {
    await expect(p.getByText(/A password reset link was made for your account/)).toBeVisible();
    await expect(p.locator('[data-notifications] li[data-unread="true"]')).toHaveCount(3);
  });
  await scan(page, 'dashboard after "Mark as read"', null, async (p) => {
    await p.locator('[data-notifications] li[data-kind="reply"]').getByRole('button', { name: 'Mark as read' }).click();
    await expect(p.locator('[data-notifications]').getByRole('status')).toHaveText('Marked as read.');
  });
  await scan(page, 'account, with account activity', '/account', (p) => expect(p.locator('#activity')).toBeVisible());
  await scan(page, 'change email without SMTP: an administrator does it', '/account/email', (p) => expect(p.getByRole('heading', { name: 'Changing your email needs an administrator' })).toBeVisible());
  await scan(page, 'an unknown change-of-email link (404)', `/account/email/${'x'.repeat(43)}`, (p) => expect(p.getByRole('heading', { level: 1 })).toHaveText('This link does not work'), 404);
  await scan(page, 'email choices with quiet hours that start and end together (error)', '/account/email-choices', async (p) => {
    await p.getByLabel('Quiet from').selectOption('9');
    await p.getByLabel('Quiet until').selectOption('9');
    await p.getByRole('button', { name: 'Save email choices' }).click();
    await expect(p.getByRole('alert')).toContainText('Quiet hours need a different start and end');
  });
  await scan(page, 'change password', '/account/password');
  await scan(page, 'change password with a wrong current password (error)', null, async (p) => {
    await p.getByLabel('Your current password').fill('wrong current pw');
    await p.getByLabel('New password', { exact: true }).fill('red bicycle morning');
    await p.getByLabel('New password again').fill('red bicycle morning');
    await p.getByRole('button', { name: 'Change password' }).click();
    await expect(p.getByRole('alert')).toContainText('That is not your current password.');
  });
  await scan(page, 'close your account (what goes and what stays)', '/account/close');
  await scan(page, 'close your account with nothing filled in (error)', null, async (p) => {
    await p.getByRole('button', { name: 'Close my account' }).click();
    await expect(p.getByRole('alert')).toContainText('Tick the box');
  });
  await scan(page, 'reflections', '/reflections');
  await scan(page, 'a new free reflection', '/reflections/new');
  await scan(page, 'a shared reflection with a trainer’s reply', `/reflections/${world.reflection}`, (p) =>
    expect(p.getByRole('region', { name: 'Replies from your trainers' })).toBeVisible(),
  );
  await scan(page, 'module page signed in (reflection, knowledge check, feedback)', `/courses/${COURSE}/${MODULE}`, (p) => expect(p.locator('form.kc-form')).toBeVisible());
  await scan(page, 'knowledge check with unanswered questions (error)', null, async (p) => {
    await p.locator('#kc-q1-o2').check();
    await Promise.all([p.waitForURL(/\/checks$/), p.evaluate(() => document.querySelector<HTMLFormElement>('form.kc-form')!.submit())]);
    await expect(p.locator('.kc-problem')).toContainText('Some questions still need an answer');
  });
  await scan(page, 'a knowledge-check attempt view', null, async (p) => {
    await p.goto(`/courses/${COURSE}/${MODULE}`);
    const questions = p.locator('form.kc-form fieldset');
    for (let i = 1; i <= (await questions.count()); i++) await p.locator(`#kc-q${i}-o1`).check();
    await Promise.all([p.waitForURL(/\?attempt=/), p.evaluate(() => document.querySelector<HTMLFormElement>('form.kc-form')!.submit())]);
    await expect(p.locator('.kc-summary')).toBeVisible();
  });
  await scan(page, 'evidence page with decisions', `/evidence/${COURSE}`, (p) => expect(p.getByText('You explained the difference clearly.')).toBeVisible());
  await scan(page, 'dashboard with every notification read (after opening them)', '/dashboard', (p) => expect(p.getByText('Nothing new since you last looked.')).toBeVisible());
  await scan(page, 'certificates (none yet)', '/certificates');
  await scan(page, 'join with a wrong group code (error)', '/enrol', async (p) => {
    await p.getByLabel('Group code').fill('WRONG-CODE');
    await p.getByRole('button', { name: /Join/ }).click();
    await expect(p.locator('.field__error')).toContainText('We could not find a group with that code');
  });
  await scan(page, 'leave a course', `/enrol/${COURSE}/leave`);
  const trainerReset = await createResetLink(
    (await serviceClient()) as unknown as TypedPocketBase,
    { id: world.admin.id, role: ['admin'], display_name: world.admin.displayName },
    (await createAccount('Ola Other')).email,
  );
  await scan(page, 'a reset link while signed in (409)', `/reset/${trainerReset.token}`, (p) => expect(p.getByRole('heading', { level: 1, name: 'Please sign out first' })).toBeVisible(), 409);
});

test('module feedback with a problem (error)', async ({ browser }) => {
  const { page } = await pageAs(browser, await createAccount('Axe Feedback'));
  await page.goto('/courses/service-user-leadership/leadership-from-lived-experience');
  await page.getByLabel('What would you change?').fill('x'.repeat(2001));
  await page.locator('section.module-feedback').getByRole('button', { name: 'Send feedback' }).click();
  await scan(page, 'module feedback shown again with a problem', null, (p) => expect(p.locator('#mf-change-error')).toBeVisible());
});

test('trainer', async ({ browser }) => {
  const { page } = await pageAs(browser, world.trainer);
  await scan(page, 'staff home', '/staff', (p) => expect(p.locator(`[data-staff-waiting] li[data-waiting-kind="replies"][data-waiting-cohort="${world.cohort}"]`)).toBeVisible());
  await scan(page, 'make a password reset link', '/staff/reset-links');
  await scan(page, 'group page', `/staff/cohorts/${world.cohort}`);
  await scan(page, 'the group’s shared reflections', `/staff/cohorts/${world.cohort}/reflections`, (p) => expect(p.locator('.user-text em')).toHaveText('listening'));
  await scan(page, 'module feedback summary', `/feedback/${COURSE}`);
  await scan(page, 'authoring refused to a trainer who is not an author (403)', `/author/${COURSE}`, undefined, 403);
  await scan(page, 'groups: a trainer starts a group', '/staff/cohorts');
  await scan(page, 'a group’s people (as its trainer)', `/staff/cohorts/${world.cohort}/people`);
  const invitee = `axe-invitee-${world.trainee.id}@example.test`;
  await scan(page, 'add many: the list checked, with a line to fix (error)', null, async (p) => {
    await p.getByLabel('People to add').fill(`Axe Invitee <${invitee}>\nno address here`);
    await p.getByRole('button', { name: 'Check the list' }).click();
    await expect(p.locator('[data-bulk-preview]')).toContainText('Line 2');
  });
  await scan(page, 'add many: the list checked', null, async (p) => {
    await p.getByLabel('People to add').fill(`Axe Invitee <${invitee}>`);
    await p.getByRole('button', { name: 'Check the list' }).click();
    await expect(p.getByRole('button', { name: 'Add this person' })).toBeVisible();
  });
  let link = '';
  await scan(page, 'add many: invitation links to copy', null, async (p) => {
    await p.getByRole('button', { name: 'Add this person' }).click();
    link = await p.locator('textarea[data-invite-link]').inputValue();
  });
  const signedOut = await pageAs(browser, null);
  await scan(signedOut.page, 'an invitation: set up your account', link);
  await scan(signedOut.page, 'an invitation: set up, with problems (error)', null, async (p) => {
    await p.getByRole('button', { name: 'Create my account and join' }).click();
    await expect(p.locator('#password-error')).toBeVisible();
  });
  await scan(signedOut.page, 'an invitation link that does not work', '/invite/not-a-working-link', undefined, 404);
});

test('assessor', async ({ browser }) => {
  const { page } = await pageAs(browser, world.assessor);
  await scan(page, 'staff home', '/staff', async (p) => {
    await expect(p.getByText('You are the assessor of this group.')).toBeVisible();
    await expect(p.locator(`[data-staff-waiting] li[data-waiting-kind="toDecide"][data-waiting-cohort="${world.cohort}"]`)).toBeVisible();
  });
  await scan(page, 'assess: waiting for a decision', `/staff/cohorts/${world.cohort}/assess`, (p) => expect(p.getByRole('heading', { name: /Waiting for a decision/ })).toBeVisible());
  await scan(page, 'a trainee’s assessment record', `/staff/cohorts/${world.cohort}/trainees/${world.trainee.id}`);
  await scan(page, 'unit sign-off review (cannot be signed off yet)', `/staff/cohorts/${world.cohort}/trainees/${world.trainee.id}/signoff/U1`, (p) =>
    expect(p.getByText('This unit cannot be signed off yet')).toBeVisible(),
  );
});

test('IQA and verifier', async ({ browser }) => {
  const iqa = await pageAs(browser, world.iqa);
  await scan(iqa.page, 'IQA: staff home, nothing waiting', '/staff', (p) => expect(p.locator('[data-staff-waiting]')).toContainText('Nothing is waiting for you in your groups.'));
  await scan(iqa.page, 'IQA: quality assurance home', '/staff/qa');
  await scan(iqa.page, 'IQA: a group’s sampling', `/staff/qa/${world.cohort}`);
  const verifier = await pageAs(browser, world.verifier);
  await scan(verifier.page, 'verifier home', '/staff/verifier');
  await scan(verifier.page, 'verifier: a group', `/staff/verifier/${world.cohort}`);
  await scan(verifier.page, 'verifier: audit log of their groups', '/staff/audit');
  await scan(verifier.page, 'check many certificates', '/staff/bulk-verify');
});

test('admin', async ({ browser }) => {
  const service = await serviceClient();
  const asker = await createAccount('Ash Asker');
  await service.collection('enrolments').create({ user: asker.id, course: COURSE, status: 'active' });
  await (await clientAs(asker)).collection('assessment_requests').create({ user: asker.id, course: COURSE, message: 'Mornings are best for me.', status: 'open' });
  const { page } = await pageAs(browser, world.admin);
  await scan(page, 'groups', '/staff/cohorts');
  await scan(page, 'a group’s people and settings', `/staff/cohorts/${world.cohort}/people`);
  await scan(page, 'roles: a person found', '/staff/roles', async (p) => {
    await p.getByLabel('Their email address').fill(world.trainer.email);
    await p.getByRole('button', { name: 'Find' }).click();
    await expect(p.getByRole('heading', { name: 'Roles of Tess Trainer' })).toBeVisible();
  });
  await scan(page, 'requests to be assessed', '/staff/requests', (p) => expect(p.getByText('Mornings are best for me.')).toBeVisible());
  await scan(page, 'certificates', '/staff/certificates');
  await scan(page, 'audit log', '/staff/audit');
  await scan(page, 'close an account for someone', '/staff/erase');
  await scan(page, 'close an account for someone: account found', null, async (p) => {
    await p.getByLabel('Their email address').fill(asker.email);
    await p.getByRole('button', { name: 'Find the account' }).click();
    await expect(p.getByText(/Account found: Ash Asker/)).toBeVisible();
  });
  await scan(page, 'organisation settings', '/staff/settings');
  await scan(page, 'how long things are kept', '/staff/retention');
  await scan(page, 'how long things are kept: what would go (dry run)', null, async (p) => {
    await p.getByRole('button', { name: 'Check what would go' }).click();
    await expect(p.locator('[data-retention-preview]')).toBeVisible();
  });
  await scan(page, 'how long things are kept: a number out of range (error)', null, async (p) => {
    await p.getByLabel('Evidence: months to keep it').fill('6');
    await p.getByRole('button', { name: 'Save settings' }).click();
    await expect(p.locator('#evidence_months-error')).toBeVisible();
  });
  // A refused colour shows the error summary and the suggestion; nothing is saved.
  await scan(page, 'organisation settings: a colour too light for white text', '/staff/settings', async (p) => {
    await p.getByLabel('Brand colour').fill('#ffcc00');
    await p.getByRole('button', { name: 'Save settings' }).click();
    await expect(p.locator('#brand_colour-error')).toContainText('nearest darker shade');
  });
});

test('author', async ({ browser }) => {
  await copyCourse({ slug: AUTHOR_COURSE, title: 'Accessibility test course' });
  const account = await createAuthor('Aria Author', [AUTHOR_COURSE]);
  const { page } = await pageAs(browser, account);
  await scan(page, 'author home', '/author');
  await scan(page, 'start a new course', '/author/new');
  await scan(page, 'import a course into this one', `/author/${AUTHOR_COURSE}/import`);
  await scan(page, 'a course', `/author/${AUTHOR_COURSE}`);
  await scan(page, 'the editor', `/author/${AUTHOR_COURSE}/edit/02-our-movement.md`);
  await scan(page, 'history', `/author/${AUTHOR_COURSE}/history`);
  await scan(page, 'a file’s history', `/author/${AUTHOR_COURSE}/history?file=02-our-movement.md`);
  await scan(page, 'publish', `/author/${AUTHOR_COURSE}/publish`);
  await scan(page, 'the whole draft', `/author/${AUTHOR_COURSE}/draft`);
  await scan(page, 'a module of the draft, behind its content note', `/author/${AUTHOR_COURSE}/draft/our-movement`);
  await page.getByRole('button', { name: 'Show the module' }).click();
  await expectNoAxeViolations(page);
  const admin = await pageAs(browser, world.admin);
  await scan(admin.page, 'authors of a course (admin)', `/author/${AUTHOR_COURSE}/authors`);
});
