/**
 * The trainee's assessment page in the browser: sending text and a PDF, the assessor's "not
 * yet" with feedback, sending again, "Met"; linking a shared reflection; the plain form
 * without JavaScript (303 with "Submitted", problems shown next to the field with the text
 * kept, nothing created); files checked before upload with JavaScript; and file privacy
 * (another trainee gets 404). Decisions are made with the service client, as the assessor
 * feature is tested on its own. axe on the page in every state; screenshots at 1280 and 375 px.
 */
import path from 'node:path';
import type { BrowserContext, Locator, Page } from '@playwright/test';
import type PocketBase from 'pocketbase';
import { loadCourses } from '../../src/lib/courses/course-fs.ts';
import type { Course } from '../../src/lib/courses/course.ts';
import { createAccount, serviceClient, signInAs, type TestAccount } from './accounts.ts';
import { expect, expectNoAxeViolations, screenshot, screenshotsWanted, test } from './fixtures.ts';

const root = path.resolve(import.meta.dirname, '../..');
const course = loadCourses(path.join(root, 'courses'), root).courses.find((c) => c.slug === 'peer-support-foundations') as Course;
const pageUrl = `/evidence/${course.slug}`;
const WRITTEN = 'U1/1.2';
const REFLECTION = 'U1/2.2';
const anchor = (ref: string) => `criterion-${ref.replace(/[^A-Za-z0-9]+/g, '-')}`;

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n', 'latin1');
const SVG = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');

interface Setup {
  trainee: TestAccount;
  assessor: TestAccount;
  service: PocketBase;
}

/** A trainee enrolled in a cohort of the course that has an assessor; the browser signed in as the trainee. */
async function setUp(context: BrowserContext, name = 'Evidence Trainee'): Promise<Setup> {
  const service = await serviceClient();
  const trainee = await createAccount(name);
  const assessor = await createAccount('Sam Assessor', ['assessor']);
  const cohort = await service.collection('cohorts').create({ name: `Group of ${trainee.id}`, course: course.slug, assessors: [assessor.id] });
  await service.collection('enrolments').create({ user: trainee.id, course: course.slug, cohort: cohort.id, status: 'active' });
  await signInAs(context, trainee);
  return { trainee, assessor, service };
}

const criterion = (page: Page, ref: string) => page.locator(`#${anchor(ref)}`);
const nextStep = (section: Locator) => section.locator('.te-next');

/** The trainee's newest evidence for a criterion (read with the service client). */
async function latestEvidence(s: Setup, ref: string) {
  const rows = await s.service.collection('evidence').getFullList({ filter: s.service.filter('user = {:u} && criterion = {:c}', { u: s.trainee.id, c: ref }), sort: '-created' });
  return rows[0]!;
}

async function evidenceCount(s: Setup): Promise<number> {
  return (await s.service.collection('evidence').getList(1, 1, { filter: s.service.filter('user = {:u}', { u: s.trainee.id }) })).totalItems;
}

/** The assessor's decision, recorded with the service client as the assessor feature would. */
async function decide(s: Setup, ref: string, outcome: 'met' | 'not_yet', feedback: string) {
  const evidence = await latestEvidence(s, ref);
  await s.service.collection('decisions').create({
    user: s.trainee.id, course: course.slug, criterion: ref, evidence: evidence.id, outcome, feedback, assessor: s.assessor.id, assessor_name: 'Sam Assessor',
  });
}

/** Screenshots at 1280 and 375 px, to look at: the top of the page, and the criterion in question. */
async function screenshots(page: Page, name: string, section?: Locator) {
  if (!screenshotsWanted) return;
  await page.evaluate(() => window.scrollTo(0, 0));
  await screenshot(page, `evidence-${name}-top`, { widths: [1280, 375] });
  if (section) await screenshot(page, `evidence-${name}`, { widths: [1280, 375], part: section });
}

/** Opens "Send evidence" (a criterion not started keeps its form behind it). */
async function openForm(section: Locator) {
  await section.locator('details.te-more > summary').click();
  await expect(section.getByRole('button', { name: 'Send to my assessor' })).toBeVisible();
}

test.describe('sending evidence with JavaScript', () => {
  test('text and a PDF → waiting → not yet with feedback → send again → met', async ({ page, context, browser, baseURL }) => {
    // The whole journey, with axe and screenshots in each state: slow on a busy machine.
    test.setTimeout(120_000);
    const s = await setUp(context);
    await page.goto(pageUrl);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Your assessment: ${course.title}`);
    const section = criterion(page, WRITTEN);
    await expect(nextStep(section)).toHaveText('Next step: Submit evidence');
    await expect(nextStep(criterion(page, 'U1/1.1'))).toContainText('Pass the knowledge check in');
    await expect(nextStep(criterion(page, 'U3/2.1'))).toHaveText('Next step: Your assessor will observe you');
    await expect(criterion(page, 'U3/2.1').locator('form')).toHaveCount(0);
    await expect(section.locator('details.te-more > summary')).toHaveText('Send evidence');
    await expectNoAxeViolations(page);
    await openForm(section);
    await expectNoAxeViolations(page);
    await screenshots(page, 'start', section);

    await section.getByLabel('Your evidence').fill('Peer support is **mutual**: we both learn.');
    await section.getByLabel('Attach files').setInputFiles({ name: 'My essay.pdf', mimeType: 'application/pdf', buffer: PDF });
    await section.getByRole('button', { name: 'Send to my assessor' }).click();
    await expect(page).toHaveURL(new RegExp(`\\?submitted=U1%2F1\\.2#${anchor(WRITTEN)}$`));
    await expect(section.getByRole('status')).toHaveText('Submitted — your assessor will look at it.');
    await expect(nextStep(section)).toHaveText('Next step: Your assessor is looking at this');
    await expect(section.locator('.te-entry--evidence strong')).toHaveText('mutual');
    const fileLink = section.getByRole('link', { name: 'my_essay.pdf' });
    await expect(fileLink).toBeVisible();
    await expectNoAxeViolations(page);
    await screenshots(page, 'waiting', section);

    // The file: the trainee gets it, inline and sandboxed; another trainee gets 404.
    const href = (await fileLink.getAttribute('href'))!;
    const own = await page.request.get(href);
    expect(own.status()).toBe(200);
    expect(own.headers()).toMatchObject({ 'content-type': 'application/pdf', 'x-content-type-options': 'nosniff', 'cache-control': 'private, no-store' });
    expect(own.headers()['content-security-policy']).toMatch(/^sandbox/);
    expect(Buffer.from(await own.body())).toEqual(PDF);
    const other = await browser.newContext({ baseURL });
    await signInAs(other, await createAccount('Another Trainee'));
    const theirs = await other.request.get(href);
    expect(theirs.status()).toBe(404);
    expect(await theirs.text()).not.toContain('%PDF');
    await other.close();

    await decide(s, WRITTEN, 'not_yet', 'You explained mutuality well. Next, say how it is **different** from clinical help.');
    await page.goto(pageUrl);
    await expect(nextStep(section)).toHaveText('Next step: Not yet met: read the feedback and submit again');
    const decision = section.locator('.te-entry--decision');
    await expect(decision.locator('.te-entry__title')).toContainText(/^Not yet met — decided on \d{1,2} \w+ \d{4} at \d\d:\d\d by Sam Assessor$/);
    await expect(decision.locator('.te-entry__text')).toContainText('say how it is different from clinical help');
    await expect(decision.locator('.te-signed')).toContainText('Signed, Sam Assessor');
    await expect(section.getByRole('heading', { name: 'Send evidence again' })).toBeVisible();
    await expectNoAxeViolations(page);
    await screenshots(page, 'not-yet', section);

    await section.getByLabel('Your evidence').fill('Clinical help is led by the professional; peer support is shared.');
    await section.getByRole('button', { name: 'Send to my assessor' }).click();
    await expect(section.getByRole('status')).toHaveText('Submitted — your assessor will look at it.');
    await expect(nextStep(section)).toHaveText('Next step: Your assessor is looking at this');
    // The whole history, newest first.
    await expect(section.locator('.te-history > li')).toHaveCount(3);
    await expect(section.locator('.te-history > li').first()).toContainText('Clinical help is led by the professional');
    // While waiting, the form is tucked away.
    await expect(section.locator('details.te-more summary')).toHaveText('Add something you forgot');
    await expectNoAxeViolations(page);

    await decide(s, WRITTEN, 'met', 'Clear and thoughtful.');
    await page.goto(pageUrl);
    await expect(nextStep(section)).toHaveText('Next step: Met ✓');
    await expect(section.locator('form')).toHaveCount(0);
    await expect(section.locator('.te-entry--decision')).toHaveCount(2);
    await expect(page.locator('.te-summary')).toContainText(`You have met 1 of ${course.criteria.size} criteria.`);
    await expectNoAxeViolations(page);
    await screenshots(page, 'met', section);
  });

  test('files are checked before anything is uploaded, and the text stays', async ({ page, context }) => {
    const s = await setUp(context);
    await page.goto(pageUrl);
    const section = criterion(page, WRITTEN);
    const posts: string[] = [];
    page.on('request', (r) => {
      if (r.method() === 'POST') posts.push(r.url());
    });
    await openForm(section);
    await section.getByLabel('Your evidence').fill('Keep these words');
    await section.getByLabel('Attach files').setInputFiles({ name: 'drawing.svg', mimeType: 'image/svg+xml', buffer: SVG });
    await section.getByRole('button', { name: 'Send to my assessor' }).click();
    const files = section.getByLabel('Attach files');
    await expect(section.locator('[data-error-for="files"]')).toContainText('“drawing.svg” is not a kind of file we can take.');
    await expect(files).toBeFocused();
    await expect(files).toHaveAttribute('aria-invalid', 'true');
    await expect(section.getByLabel('Your evidence')).toHaveValue('Keep these words');
    expect(posts).toEqual([]);
    await expectNoAxeViolations(page);

    // Nothing to send: the message is next to the text box.
    await files.setInputFiles([]);
    // The choice is really empty before sending (failed once in CI, with the file's message
    // still shown; not reproduced in 40 runs with the cores busy).
    await expect.poll(() => files.evaluate((input) => (input as HTMLInputElement).files?.length)).toBe(0);
    await section.getByLabel('Your evidence').fill('');
    await section.getByRole('button', { name: 'Send to my assessor' }).click();
    await expect(section.locator('[data-error-for="text"]')).toContainText('There is nothing to send yet.');
    await expect(section.locator('[data-error-for="files"]')).toHaveCount(0);
    expect(posts).toEqual([]);
    expect(await evidenceCount(s)).toBe(0);
  });

  test('the page the server shows for a problem (as without JavaScript) passes axe', async ({ page, context }) => {
    const s = await setUp(context, 'Axe Trainee');
    await page.goto(pageUrl);
    const section = criterion(page, WRITTEN);
    await openForm(section);
    await section.getByLabel('Your evidence').fill('Kept after a problem.');
    await section.getByLabel('Attach files').setInputFiles({ name: 'notes.html', mimeType: 'text/html', buffer: Buffer.from('<!DOCTYPE html><script>alert(1)</script>') });
    // form.submit() skips the element, as a browser without JavaScript would.
    await section.locator('form').evaluate((form) => (form as HTMLFormElement).submit());
    await expect(page).toHaveTitle(/^Your evidence is not sent yet/);
    await expect(section.locator('[data-error-for="files"]')).toContainText('“notes.html” is not a kind of file we can take.');
    await expect(section.getByLabel('Your evidence')).toHaveValue('Kept after a problem.');
    await expect(page.locator('.form-errors a')).toHaveAttribute('href', `#${anchor(WRITTEN)}-files`);
    expect(await evidenceCount(s)).toBe(0);
    await expectNoAxeViolations(page);
    await screenshots(page, 'problem', section);
  });

  test('links a shared reflection; a private one is not offered', async ({ page, context }) => {
    const s = await setUp(context);
    const module = course.modules[1]!;
    await s.service.collection('reflections').create({ user: s.trainee.id, course: course.slug, module: module.id, prompt: 'p1', body: 'Learning together', shared: true, shared_at: new Date().toISOString() });
    await s.service.collection('reflections').create({ user: s.trainee.id, course: course.slug, module: module.id, prompt: 'p2', body: 'Only mine', shared: false });
    await page.goto(pageUrl);
    const section = criterion(page, REFLECTION);
    await openForm(section);
    const select = section.getByLabel('Link a shared reflection');
    await expect(select.locator('option')).toHaveText(['No reflection', `${module.title}: Prompt 1`]);
    await expect(section.getByText('Only reflections you have shared with your trainers can be linked')).toBeVisible();
    await select.selectOption({ label: `${module.title}: Prompt 1` });
    await section.getByRole('button', { name: 'Send to my assessor' }).click();
    await expect(section.getByRole('status')).toHaveText('Submitted — your assessor will look at it.');
    await expect(section.locator('.te-entry--evidence')).toContainText(`Linked reflection: ${module.title}: Prompt 1`);
    await expectNoAxeViolations(page);
  });
});

test('a unit with every criterion met waits for sign-off, then shows who signed it', async ({ page, context }) => {
  const s = await setUp(context, 'Unit Trainee');
  const unit = course.units[0]!;
  for (const c of unit.outcomes.flatMap((o) => o.criteria)) {
    if (c.evidence === 'knowledge-check') {
      for (const m of course.modules.filter((m) => m.criteria.includes(c.ref) && m.knowledgeCheck)) {
        await s.service.collection('quiz_attempts').create({ user: s.trainee.id, course: course.slug, module: m.id, answers: {}, score: 1, total: 1, passed: true });
      }
    } else {
      await s.service.collection('evidence').create({ user: s.trainee.id, course: course.slug, criterion: c.ref, text: `Evidence for ${c.ref}` });
      await decide(s, c.ref, 'met', 'Well shown.');
    }
  }
  await page.goto(pageUrl);
  const heading = page.getByRole('heading', { level: 2, name: `Unit ${unit.id}: ${unit.title}` });
  const state = page.locator('.te-unit').filter({ has: heading }).locator('.te-unit__state');
  await expect(state).toHaveText('All criteria met. Your trainer or assessor will now sign this unit off.');
  await expect(nextStep(criterion(page, 'U1/1.1'))).toHaveText('Next step: Met ✓ — you passed the knowledge check');

  await s.service.collection('unit_signoffs').create({ user: s.trainee.id, course: course.slug, unit: unit.id, signed_by: s.assessor.id, signed_name: 'Sam Assessor' });
  await page.reload();
  await expect(state).toHaveText(/^Unit signed off by Sam Assessor on \d{1,2} \w+ \d{4} ✓$/);
  await expect(page.locator('.te-summary')).toContainText('1 of 4 units signed off.');
  await expectNoAxeViolations(page);
});

test.describe('sending evidence without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('the plain form sends, says "Submitted", and problems keep the text', async ({ page, context }) => {
    const s = await setUp(context, 'Plain Trainee');
    // Found from the dashboard card.
    await page.goto('/dashboard');
    await page.getByRole('link', { name: `Your assessment: send evidence and read feedback (${course.title})` }).click();
    await expect(page).toHaveURL(new RegExp(`${pageUrl}$`));

    const section = criterion(page, WRITTEN);
    await openForm(section);
    // An SVG: refused before PocketBase, next to the field, text kept, nothing created.
    await section.getByLabel('Your evidence').fill('Written without JavaScript.');
    await section.getByLabel('Attach files').setInputFiles({ name: 'drawing.svg', mimeType: 'image/svg+xml', buffer: SVG });
    await section.getByRole('button', { name: 'Send to my assessor' }).click();
    await expect(page).toHaveTitle(/^Your evidence is not sent yet/);
    await expect(page.locator('.form-errors')).toContainText('“drawing.svg” is not a kind of file we can take.');
    await expect(section.locator('[data-error-for="files"]')).toContainText('please choose them again');
    await expect(section.getByLabel('Your evidence')).toHaveValue('Written without JavaScript.');
    expect(await evidenceCount(s)).toBe(0);

    // Sent as it is: 303 back to the criterion.
    await section.getByRole('button', { name: 'Send to my assessor' }).click();
    await expect(page).toHaveURL(new RegExp(`\\?submitted=U1%2F1\\.2#${anchor(WRITTEN)}$`));
    await expect(section.getByRole('status')).toHaveText('Submitted — your assessor will look at it.');
    await expect(nextStep(section)).toHaveText('Next step: Your assessor is looking at this');
    expect(await evidenceCount(s)).toBe(1);
  });

  test('a tampered criterion and being signed out both keep the text to copy', async ({ page, context, baseURL }) => {
    const s = await setUp(context, 'Tampering Trainee');
    await page.goto(pageUrl);
    // Post as the form would, but for an observation criterion.
    const response = await page.request.post(pageUrl, {
      headers: { Origin: baseURL! },
      multipart: { criterion: 'U3/2.1', text: 'My words for an observation' },
    });
    expect(response.status()).toBe(409);
    const html = await response.text();
    expect(html).toContain('Criterion U3/2.1 is met when your assessor observes you in practice');
    expect(html).toContain('My words for an observation');
    expect(await evidenceCount(s)).toBe(0);

    await context.clearCookies();
    const signedOut = await page.request.post(pageUrl, { headers: { Origin: baseURL! }, multipart: { criterion: WRITTEN, text: 'Typed as my session ran out' } });
    expect(signedOut.status()).toBe(401);
    expect(await signedOut.text()).toContain('Typed as my session ran out');
  });
});

test('signed out, the page asks to sign in; not enrolled, it points to the course', async ({ page, context }) => {
  await page.goto(pageUrl);
  await expect(page).toHaveURL(/\/signin\?next=%2Fevidence%2Fpeer-support-foundations/);
  await signInAs(context, await createAccount('Browsing Person'));
  await page.goto(pageUrl);
  await expect(page.getByRole('heading', { name: 'You are not on this course yet' })).toBeVisible();
  expect((await page.request.get('/evidence/no-such-course')).status()).toBe(404);
});
