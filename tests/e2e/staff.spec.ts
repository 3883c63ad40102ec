/**
 * The staff side in the browser: the assessment loop (evidence → "not yet" with feedback →
 * resubmission → met → unit sign-off), a decision and its problems without JavaScript (empty
 * feedback, a second tab deciding twice), a trainer's reply that the trainee then reads, an
 * administrator creating a group, adding people and changing roles, trainees kept out (403),
 * the overview (sorting, CSV, 375 px), and axe on every staff page.
 *
 * Evidence, resubmissions, passed knowledge checks and the other decisions of a unit are made
 * directly with the service account, to keep the journeys short; everything a member of staff
 * does goes through the pages.
 */
import type { Page } from '@playwright/test';
import type PocketBase from 'pocketbase';
import type { Role } from '../../src/lib/records.ts';
import { createAccount, fetchAs, serviceClient, signInAs, type TestAccount } from './accounts.ts';
import { expect, expectNoAxeViolations, screenshot, test } from './fixtures.ts';

const COURSE = 'peer-support-foundations';

interface Group {
  id: string;
  trainees: TestAccount[];
}

/** A cohort of the course with these staff and trainees, made by the service account. */
async function group(name: string, staff: { trainers?: TestAccount[]; assessors?: TestAccount[] }, trainees: TestAccount[]): Promise<Group> {
  const pb = await serviceClient();
  const cohort = await pb.collection('cohorts').create({
    name,
    course: COURSE,
    trainers: (staff.trainers ?? []).map((a) => a.id),
    assessors: (staff.assessors ?? []).map((a) => a.id),
  });
  for (const t of trainees) await pb.collection('enrolments').create({ user: t.id, course: COURSE, cohort: cohort.id, status: 'active' });
  return { id: cohort.id, trainees };
}

async function accounts(names: string[], roles: Role[] = ['trainee']): Promise<TestAccount[]> {
  return Promise.all(names.map((n) => createAccount(n, roles)));
}

const submitEvidence = async (trainee: TestAccount, criterion: string, text: string) =>
  (await serviceClient()).collection('evidence').create({ user: trainee.id, course: COURSE, criterion, text });

/** The status message at the top of a page after a form worked. */
/** Every staff page of one group (each starts with staffCohortPage), for the access checks. */
const groupPages = (id: string, trainee: string) =>
  ['', '/assess', '/people', '/reflections', '/practice', '/sessions', `/trainees/${trainee}`, `/trainees/${trainee}/ratings`, `/trainees/${trainee}/signoff/U1`].map((page) => `/staff/cohorts/${id}${page}`);
const notice = (page: Page) => page.locator('div.notice[role="status"]');
const item = (page: Page, criterion: string) => page.locator('article.staff-item').filter({ hasText: `Criterion ${criterion}` });

/** Screenshots at 1280 and 375 px wide, to look at (only with E2E_SCREENSHOTS=1). */
const screenshots = (page: Page, name: string) => screenshot(page, `staff-${name}`, { fullPage: true, widths: [1280, 375] });

test.describe('the assessment loop, with JavaScript', () => {
  test('not yet with feedback → resubmission → met → the unit signed off', async ({ page, context }) => {
    // A long journey through five pages, with axe and screenshots along the way.
    test.slow();
    const assessor = await createAccount('Sam Assessor', ['assessor']);
    const [kim, ...others] = await accounts(['Kim Trainee', 'Ade Okafor', 'Zoë Brown', 'Bea Lund']);
    const g = await group('Spring group', { assessors: [assessor] }, [kim!, ...others]);
    await submitEvidence(kim!, 'U1/1.2', 'Peer support is **mutual**: we learn together.');
    await submitEvidence(others[0]!, 'U1/1.2', 'Another piece.');
    await signInAs(context, assessor);

    await page.goto('/staff');
    await expect(page.getByRole('heading', { name: 'Staff', level: 1 })).toBeVisible();
    await expect(page.getByRole('link', { name: 'Spring group', exact: true })).toBeVisible();
    await expect(page.getByText('You are the assessor of this group.')).toBeVisible();
    await screenshots(page, 'home');

    await page.getByRole('link', { name: 'Assessment queue: Spring group' }).click();
    await expect(page.getByRole('heading', { name: 'Waiting for a decision (2)' })).toBeVisible();
    const kimItem = item(page, 'U1/1.2').filter({ hasText: 'Kim Trainee' });
    await expect(kimItem.locator('.user-text strong')).toHaveText('mutual');
    await expect(kimItem.getByLabel('Signed by')).toHaveValue('Sam Assessor');
    await screenshots(page, 'queue');

    // A problem is explained next to the field, with the summary at the top (axe on that state too).
    await kimItem.getByLabel('Not yet met').check();
    await kimItem.getByRole('button', { name: 'Record the decision' }).click();
    await expect(page.getByRole('alert')).toContainText('Please write feedback for the trainee');
    await expect(kimItem.getByLabel('Not yet met')).toBeChecked();
    await expectNoAxeViolations(page);
    await kimItem.getByLabel('Feedback for the trainee').fill('You describe mutuality well. Next step: add one example from your own practice.');
    await kimItem.getByRole('button', { name: 'Record the decision' }).click();
    await expect(notice(page)).toHaveText('The decision is recorded. The trainee can now read your feedback.');
    await expect(page.getByRole('heading', { name: 'Waiting for a decision (1)' })).toBeVisible();

    // Kim sends more.
    await submitEvidence(kim!, 'U1/1.2', 'An example: at the drop-in last week I…');
    await page.reload();
    const again = item(page, 'U1/1.2').filter({ hasText: 'Kim Trainee' });
    await expect(again.getByText('An example: at the drop-in')).toBeVisible();
    await expect(again.locator('.staff-history')).toContainText('Not yet met');
    await expect(again.locator('.staff-history')).toContainText('Sam Assessor');
    await again.getByText('Earlier submissions for this criterion (1)').click();
    await expect(again.getByText('we learn together')).toBeVisible();
    await again.getByLabel('Met', { exact: true }).check();
    await again.getByLabel('Feedback for the trainee').fill('Met: a clear, specific example of mutuality in practice.');
    // A double click sends the form once (<staff-submit-once>).
    const posts: string[] = [];
    page.on('request', (request) => {
      if (request.method() === 'POST') posts.push(request.url());
    });
    await again.getByRole('button', { name: 'Record the decision' }).dblclick();
    await expect(notice(page).filter({ hasText: 'The decision is recorded' })).toBeVisible();
    expect(posts).toHaveLength(1);

    // The rest of unit 1: both knowledge checks passed, and the reflection criterion met.
    const pb = await serviceClient();
    for (const module of ['what-peer-support-is', 'intentional-peer-support']) {
      await pb.collection('quiz_attempts').create({ user: kim!.id, course: COURSE, module, answers: {}, score: 3, total: 3, passed: true });
    }
    const reflectionEvidence = await submitEvidence(kim!, 'U1/2.2', 'From helping to learning together.');
    await pb.collection('decisions').create({ user: kim!.id, course: COURSE, criterion: 'U1/2.2', evidence: reflectionEvidence.id, outcome: 'met', feedback: 'Thoughtful.', assessor: assessor.id, assessor_name: 'Sam Assessor' });

    await page.reload();
    await expect(page.getByRole('heading', { name: 'Units ready to sign off (1)' })).toBeVisible();
    // Signing off asks for confirmation on a review page (GET), then a POST.
    await page.getByRole('link', { name: 'Review and sign off U1 for Kim Trainee' }).click();
    await expect(page.getByRole('heading', { name: 'The unit’s criteria' })).toBeVisible();
    await page.getByRole('button', { name: 'Confirm: sign off U1' }).click();
    await expect(notice(page)).toHaveText('The unit is signed off.');
    // Withdrawn with a reason (a new row, never an edit), then signed off again.
    await page.getByRole('link', { name: 'Withdraw this sign-off' }).click();
    await page.getByRole('button', { name: 'Withdraw the sign-off of U1' }).click();
    await expect(page.locator('#so-reason-error')).toContainText('Please say why the sign-off is withdrawn');
    await page.getByLabel('Why is it withdrawn?').fill('Signed too early: U1/2.2 needs a second look.');
    await page.getByRole('button', { name: 'Withdraw the sign-off of U1' }).click();
    await expect(notice(page)).toHaveText('The sign-off is withdrawn. The trainee can see why.');
    await expect(page.getByText('Sign-off withdrawn by Sam Assessor')).toBeVisible();
    await page.getByRole('link', { name: 'Review and sign off U1 for Kim Trainee' }).click();
    await expect(page.getByText('Signed too early: U1/2.2 needs a second look.')).toBeVisible();
    await page.getByRole('button', { name: 'Confirm: sign off U1' }).click();
    await expect(notice(page)).toHaveText('The unit is signed off.');
    await page.goto(`/staff/cohorts/${g.id}/assess`);
    await expect(page.getByRole('heading', { name: 'Units ready to sign off (0)' })).toBeVisible();

    // The overview: sortable without JavaScript, a CSV, usable at 375 px.
    await page.getByRole('link', { name: 'Overview', exact: true }).click();
    const table = page.getByRole('table', { name: 'Trainees of Spring group' });
    const kimRow = table.getByRole('row').filter({ hasText: 'Kim Trainee' });
    await expect(kimRow.getByRole('cell').nth(5)).toHaveText('1 of 4');
    await expect(kimRow.getByRole('cell').nth(2)).toHaveText('4 of 15');
    await expect(page.getByText('Module progress is shown to the group’s trainers')).toBeVisible();
    const names = () => table.locator('tbody th').allInnerTexts();
    expect(await names()).toEqual(['Ade Okafor', 'Bea Lund', 'Kim Trainee', 'Zoë Brown']);
    await table.getByRole('link', { name: /^Criteria met/ }).click();
    await expect(page).toHaveURL(/\?sort=met&dir=desc$/);
    expect((await names())[0]).toBe('Kim Trainee');
    await expect(table.getByRole('columnheader', { name: /^Criteria met/ })).toHaveAttribute('aria-sort', 'descending');
    await table.getByRole('link', { name: /^Trainee/ }).click();
    await table.getByRole('link', { name: /^Trainee/ }).click();
    await expect(page).toHaveURL(/\?sort=name&dir=desc$/);
    expect(await names()).toEqual(['Zoë Brown', 'Kim Trainee', 'Bea Lund', 'Ade Okafor']);
    await screenshots(page, 'overview');

    await page.setViewportSize({ width: 375, height: 800 });
    const region = page.getByRole('region', { name: 'Trainees of Spring group' });
    await expect(region).toBeVisible();
    expect(await region.evaluate((el) => el.scrollWidth > el.clientWidth && getComputedStyle(el).overflowX === 'auto')).toBe(true);
    await region.focus();
    await expect(region).toBeFocused();
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await page.setViewportSize({ width: 1280, height: 900 });

    const csv = await page.request.get(`/staff/cohorts/${g.id}.csv`);
    expect(csv.status()).toBe(200);
    expect(csv.headers()['content-type']).toBe('text/csv; charset=utf-8');
    const body = await csv.text();
    expect(body.split('\r\n')[0]).toBe('\uFEFF"Trainee","Status","Modules done","Modules","Knowledge checks passed","Knowledge checks","Criteria met","Waiting for a decision","Not yet met","Criteria","Units signed off","Units"');
    expect(body).toContain('"Kim Trainee","active","","7","2","7","4","0","0","15","1","4"');

    // The trainee's record: the whole history, and a correction form for the current decision.
    await page.goto(`/staff/cohorts/${g.id}/trainees/${kim!.id}`);
    await expect(page.getByRole('heading', { name: 'Kim Trainee: assessment record', level: 1 })).toBeVisible();
    await expect(page.getByText(/Signed off by Sam Assessor on/)).toBeVisible();
    const record = item(page, 'U1/1.2');
    await expect(record.locator('.staff-decision')).toHaveCount(2);
    await expectNoAxeViolations(page);
    await screenshots(page, 'trainee');
    await record.getByText('Correct this decision').click();
    await record.getByLabel('Not yet met').check();
    await record.getByLabel('Feedback for the trainee').fill('Correction: the example needs your role in it. Next step: say what you did.');
    await record.getByRole('button', { name: 'Record the correction' }).click();
    await expect(notice(page)).toHaveText('The correction is recorded. The earlier decision is kept in the history.');
    await expect(item(page, 'U1/1.2').locator('.staff-decision')).toHaveCount(3);
    await expect(item(page, 'U1/1.2').getByText('Correction of an earlier decision')).toBeVisible();
  });
});

test.describe('deciding without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('a plain form: empty feedback is explained with the choice kept; a second tab gets a kind “already decided”', async ({ page, context }) => {
    const assessor = await createAccount('Noor Assessor', ['assessor']);
    const [lee] = await accounts(['Lee Trainee']);
    const g = await group('Plain group', { assessors: [assessor] }, [lee!]);
    await submitEvidence(lee!, 'U2/1.2', 'Holding a boundary kindly.');
    await signInAs(context, assessor);
    const queue = `/staff/cohorts/${g.id}/assess`;

    await page.goto(queue);
    await item(page, 'U2/1.2').getByLabel('Met', { exact: true }).check();
    await item(page, 'U2/1.2').getByRole('button', { name: 'Record the decision' }).click();
    await expect(page.getByRole('alert')).toContainText('Please write feedback for the trainee');
    await expect(item(page, 'U2/1.2').getByLabel('Met', { exact: true })).toBeChecked();
    await expect(item(page, 'U2/1.2').getByLabel('Feedback for the trainee')).toHaveAttribute('aria-invalid', 'true');
    expect((await (await serviceClient()).collection('decisions').getList(1, 1, { filter: `user = "${lee!.id}"` })).totalItems).toBe(0);

    // Two tabs with the same form: the first decides, the second is told kindly.
    const second = await context.newPage();
    await second.goto(queue);
    // Each tab is brought to the front before it is used, as a person would: a background tab
    // gets no animation frames, and Playwright waits for frames before it clicks.
    await page.bringToFront();
    await item(page, 'U2/1.2').getByLabel('Feedback for the trainee').fill('Met: specific and kind.');
    await item(page, 'U2/1.2').getByRole('button', { name: 'Record the decision' }).click();
    await expect(notice(page)).toContainText('The decision is recorded');

    await second.bringToFront();
    await item(second, 'U2/1.2').getByLabel('Met', { exact: true }).check();
    await item(second, 'U2/1.2').getByLabel('Feedback for the trainee').fill('Also met.');
    const [response] = await Promise.all([second.waitForResponse((r) => r.request().method() === 'POST'), item(second, 'U2/1.2').getByRole('button', { name: 'Record the decision' }).click()]);
    expect(response.status()).toBe(409);
    await expect(second.getByRole('alert')).toContainText('This was already decided, perhaps because the form was sent twice. Nothing was changed');
    expect((await (await serviceClient()).collection('decisions').getList(1, 1, { filter: `user = "${lee!.id}"` })).totalItems).toBe(1);

    // Recording an observation, then deciding on it.
    await page.bringToFront();
    await page.goto(queue);
    await page.getByLabel('Trainee', { exact: true }).selectOption({ label: 'Lee Trainee' });
    await page.getByLabel('Date of the observation').fill('2026-03-10');
    await page.getByLabel('What you observed').fill('Raised a safeguarding concern calmly and followed the policy.');
    await page.getByRole('button', { name: 'Record the observation' }).click();
    await expect(notice(page)).toContainText('The observation is recorded');
    await expect(item(page, 'U3/2.1').getByText('Raised a safeguarding concern calmly')).toBeVisible();
  });
});

test.describe('trainers and shared reflections', () => {
  test('a trainer replies to a shared reflection, and the trainee reads the reply under it', async ({ browser }) => {
    const trainer = await createAccount('Tess Trainer', ['trainer']);
    const [kit] = await accounts(['Kit Trainee']);
    const g = await group('Reflective group', { trainers: [trainer] }, [kit!]);
    const pb: PocketBase = await serviceClient();
    const reflection = await pb.collection('reflections').create({
      user: kit!.id, course: COURSE, module: 'what-peer-support-is', prompt: 'p1', body: 'I noticed how *listening* changed the room.', shared: true, shared_at: new Date().toISOString(), version: 1,
    });
    await pb.collection('reflections').create({ user: kit!.id, course: COURSE, module: 'what-peer-support-is', prompt: 'p2', body: 'This one is private.', shared: false, version: 1 });

    const trainerContext = await browser.newContext();
    await signInAs(trainerContext, trainer);
    const page = await trainerContext.newPage();
    await page.goto(`/staff/cohorts/${g.id}/reflections`);
    await expect(page.locator('.user-text em')).toHaveText('listening');
    await expect(page.getByText('This one is private.')).toHaveCount(0);
    await screenshots(page, 'reflections');
    await page.getByLabel('Your reply to Kit Trainee').fill('Thank you, Kit. That is a lovely observation.');
    await page.getByRole('button', { name: 'Send the reply' }).click();
    await expect(notice(page)).toHaveText('Your reply is sent. The trainee will see it under their reflection.');
    await expect(page.locator('.staff-replies')).toContainText('Thank you, Kit.');
    await trainerContext.close();

    const traineeContext = await browser.newContext();
    await signInAs(traineeContext, kit!);
    const mine = await traineeContext.newPage();
    await mine.goto(`/reflections/${reflection.id}`);
    const replies = mine.getByRole('region', { name: 'Replies from your trainers' });
    await expect(replies).toContainText('Tess Trainer replied on');
    await expect(replies).toContainText('Thank you, Kit. That is a lovely observation.');
    await screenshots(mine, 'trainee-reflection');
    await traineeContext.close();
  });
});

test.describe('administrators', () => {
  test('create a group, add people by email, and change someone’s roles with a confirmation', async ({ page, context }) => {
    test.slow();
    const admin = await createAccount('Ada Admin', ['admin']);
    const trainee = await createAccount('Rui Trainee', ['trainee']);
    const helper = await createAccount('Hal Helper', ['trainee']);
    await signInAs(context, admin);

    await page.goto('/staff/cohorts');
    await screenshots(page, 'cohorts');
    await page.getByRole('button', { name: 'Create the group' }).click();
    await expect(page.getByRole('alert')).toContainText('Please choose a course.');
    await expect(page.getByRole('alert')).toContainText('Please give the group a name.');
    await page.getByLabel('Course', { exact: true }).selectOption(COURSE);
    await page.getByLabel('Name of the group').fill('Autumn 2026');
    await page.getByLabel('Starts on').fill('2026-09-07');
    await page.getByLabel('Make an invitation code').check();
    await page.getByRole('button', { name: 'Create the group' }).click();
    await expect(page.getByRole('heading', { name: 'People and settings: Autumn 2026', level: 1 })).toBeVisible();
    await expect(notice(page)).toContainText('The group was created.');
    await expect(page.locator('.staff-code')).toHaveText(/^[A-Z2-9]{4}-[A-Z2-9]{4}$/);

    await page.getByLabel('Their email address').fill(trainee.email);
    await page.getByRole('button', { name: 'Add to the group' }).click();
    await expect(notice(page)).toHaveText('Enrolled on the course in this group.');
    await page.getByLabel('Their email address').fill(helper.email);
    await page.getByLabel('Assessor', { exact: true }).check();
    await page.getByRole('button', { name: 'Add to the group' }).click();
    await expect(notice(page)).toHaveText('Added to the group. They did not have the assessor role yet, so it was given to them.');
    await expect(page.getByRole('region', { name: 'Assessors (1)' })).toContainText('Hal Helper');
    await expect(page.getByRole('region', { name: 'Trainees (1)' })).toContainText('Rui Trainee');
    await page.getByLabel('Their email address').fill('nobody-at-all@example.test');
    await page.getByRole('button', { name: 'Add to the group' }).click();
    await expect(page.getByRole('alert')).toContainText('No account uses this email address');
    await expect(page.getByLabel('Their email address')).toHaveValue('nobody-at-all@example.test');
    await page.getByRole('button', { name: 'Mark Hal Helper as a new assessor' }).click();
    await expect(notice(page)).toHaveText('Marked as a new assessor.');
    await screenshots(page, 'people');

    await page.goto('/staff/roles');
    await page.getByLabel('Their email address').fill(helper.email);
    await page.getByRole('button', { name: 'Find' }).click();
    await expect(page.getByRole('heading', { name: 'Roles of Hal Helper' })).toBeVisible();
    await page.getByLabel('Trainer', { exact: true }).check();
    await page.getByLabel('Trainee', { exact: true }).uncheck();
    await page.getByRole('button', { name: 'Review the changes' }).click();
    await expect(page.getByRole('heading', { name: 'Change the roles of Hal Helper?' })).toBeVisible();
    await expectNoAxeViolations(page);
    await screenshots(page, 'roles-confirm');
    await page.getByRole('button', { name: 'Yes, change their roles' }).click();
    await expect(notice(page)).toHaveText('The roles of Hal Helper are saved.');
    const saved = await (await serviceClient()).collection('users').getOne(helper.id);
    expect(saved.role).toEqual(['trainer', 'assessor']);

    // Their own administrator role stays.
    await page.getByLabel('Their email address').fill(admin.email);
    await page.getByRole('button', { name: 'Find' }).click();
    await page.getByLabel('Administrator', { exact: true }).uncheck();
    await page.getByRole('button', { name: 'Review the changes' }).click();
    await expect(page.getByRole('alert')).toContainText('You cannot remove your own administrator role.');
    expect((await (await serviceClient()).collection('users').getOne(admin.id)).role).toEqual(['admin']);
  });
});

test.describe('trainees are kept out', () => {
  test('every staff page answers 403 to a trainee, kindly', async ({ page, context }) => {
    const [tia] = await accounts(['Tia Trainee']);
    const assessor = await createAccount('Other Assessor', ['assessor']);
    const g = await group('Closed group', { assessors: [assessor] }, [tia!]);
    await signInAs(context, tia!);
    for (const path of ['/staff', '/staff/cohorts', '/staff/roles', ...groupPages(g.id, tia!.id)]) {
      const response = await page.goto(path);
      expect(response?.status(), path).toBe(403);
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(/This page is for (staff|administrators)/);
    }
    for (const download of [`/staff/cohorts/${g.id}.csv`, `/staff/cohorts/${g.id}/register.csv`, `/staff/cohorts/${g.id}/sessions.csv`]) {
      const refused = await page.request.get(download);
      expect(refused.status(), download).toBe(403);
      expect(await refused.text(), download).not.toContain(tia!.displayName);
    }
    // A POST is refused the same way, and records nothing.
    const response = await page.request.post(`/staff/cohorts/${g.id}/assess`, {
      form: { action: 'signoff', trainee: tia!.id, unit: 'U1', signed_name: 'Me' },
      headers: { Origin: new URL(page.url()).origin },
    });
    expect(response.status()).toBe(403);
  });

  test('a group that does not exist, or one that is not theirs, is the 404 page on every staff page of a group', async () => {
    const [tia] = await accounts(['Tia Trainee']);
    // The group's own trainer and assessor may open every page (people is for its trainers).
    const own = await createAccount('Own Trainer', ['trainer', 'assessor']);
    const stranger = await createAccount('Stranger Trainer', ['trainer', 'assessor']);
    const g = await group('Someone else’s group', { trainers: [own], assessors: [own] }, [tia!]);
    const answer = async (who: TestAccount, path: string) => (await fetchAs(who, path)).status;
    for (const path of groupPages(g.id, tia!.id)) expect(await answer(own, path), `the group's own trainer: ${path}`).toBe(200);
    for (const path of groupPages(g.id, tia!.id)) expect(await answer(stranger, path), `another group's trainer: ${path}`).toBe(404);
    for (const path of groupPages('z'.repeat(15), tia!.id)) expect(await answer(own, path), path).toBe(404);
    // Nor is a person who is not in the group, on the pages of one trainee.
    for (const path of groupPages(g.id, stranger.id).filter((p) => p.includes('/trainees/'))) expect(await answer(own, path), `not in the group: ${path}`).toBe(404);
  });

  test('signed-out visitors are asked to sign in', async ({ page }) => {
    await page.goto('/staff');
    await expect(page).toHaveURL(/\/signin\?next=%2Fstaff/);
  });
});
