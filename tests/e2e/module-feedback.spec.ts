/**
 * Co-production feedback in the browser: the optional form under each module (with and
 * without JavaScript), and the course team's summary, where anonymous feedback has no name.
 */
import { createAccount, serviceClient, signInAs } from './accounts.ts';
import { expect, expectNoAxeViolations, screenshot, test } from './fixtures.ts';

const COURSE = 'service-user-leadership';
const MODULE = 'leadership-from-lived-experience';
const moduleUrl = `/courses/${COURSE}/${MODULE}`;

test.describe('module feedback', () => {
  test('two trainees give feedback, one anonymously; the trainer sees it summarised, with one name', async ({ browser, baseURL }) => {
    test.slow(); // three people, and axe over a long module page
    const stamp = Date.now().toString(36);
    const anonymousText = `The first table was hard to follow ${stamp}`;
    const namedText = `More about user-led groups ${stamp}`;

    // Ari leaves "Don't show my name" ticked, as it is by default.
    const ariAccount = await createAccount('Ari Anonymous');
    const ari = await browser.newContext({ baseURL: baseURL! });
    await signInAs(ari, ariAccount);
    const ariPage = await ari.newPage();
    await ariPage.goto(moduleUrl);
    const section = ariPage.locator('section.module-feedback');
    await expect(section.getByRole('heading', { name: 'How was this module?' })).toBeVisible();
    await expect(section.getByRole('checkbox', { name: 'Don’t show my name to the course team' })).toBeChecked();
    await section.getByRole('group', { name: 'Was this module useful?' }).getByRole('radio', { name: 'Partly' }).check();
    await section.getByLabel('Was anything hard to read or understand?').fill(anonymousText);
    await section.getByRole('button', { name: 'Send feedback' }).click();
    await expect(ariPage).toHaveURL(new RegExp(`${moduleUrl}\\?feedback=saved#module-feedback$`));
    await expect(section.getByRole('status')).toHaveText('Thank you. Your feedback is saved. You can change it here at any time.');
    await expect(section.getByLabel('Was anything hard to read or understand?')).toHaveValue(anonymousText);
    await expect(section.getByRole('button', { name: 'Update my feedback' })).toBeVisible();
    await section.scrollIntoViewIfNeeded();
    await screenshot(ariPage, 'fb-form-saved-1280');

    // Changing it later changes the same answer.
    await section.getByRole('radio', { name: 'Yes' }).check();
    await section.getByRole('button', { name: 'Update my feedback' }).click();
    await expect(section.getByRole('status')).toBeVisible();
    await expect(section.getByRole('radio', { name: 'Yes' })).toBeChecked();
    await ari.close();

    // Noor unticks it, choosing to be named.
    const noorAccount = await createAccount('Noor Named');
    const noor = await browser.newContext({ baseURL: baseURL! });
    await signInAs(noor, noorAccount);
    const noorPage = await noor.newPage();
    await noorPage.goto(moduleUrl);
    const noorSection = noorPage.locator('section.module-feedback');
    await noorSection.getByRole('radio', { name: 'No' }).check();
    await noorSection.getByLabel('What would you change?').fill(namedText);
    await noorSection.getByRole('checkbox', { name: 'Don’t show my name to the course team' }).uncheck();
    await noorSection.getByRole('button', { name: 'Send feedback' }).click();
    await expect(noorSection.getByRole('status')).toBeVisible();
    await noor.close();

    // A trainer of a group of the course sees it summarised.
    const trainerAccount = await createAccount('Tara Trainer', ['trainer']);
    await (await serviceClient()).collection('cohorts').create({ name: 'Tara’s group', course: COURSE, trainers: [trainerAccount.id] });
    const trainer = await browser.newContext({ baseURL: baseURL! });
    await signInAs(trainer, trainerAccount);
    const page = await trainer.newPage();
    await page.goto(`/feedback/${COURSE}`);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Feedback on Service User Leadership');
    const module = page.locator('section.fb-module').first();
    await expect(module.getByRole('heading', { level: 2 })).toContainText('Module 1:');
    const counts = module.getByRole('table', { name: 'Was it useful?' });
    // At least these two; other tests may have added more.
    const count = async (answer: string) => Number(await counts.getByRole('row', { name: new RegExp(`^${answer}\\b`) }).getByRole('cell').textContent());
    expect(await count('Yes')).toBeGreaterThanOrEqual(1);
    expect(await count('No')).toBeGreaterThanOrEqual(1);

    const anonymousComment = module.locator('.fb-comments li').filter({ hasText: anonymousText });
    await expect(anonymousComment).toContainText('— Anonymous');
    await expect(anonymousComment).not.toContainText('Ari');
    const namedComment = module.locator('.fb-comments li').filter({ hasText: namedText });
    await expect(namedComment).toContainText('— Noor Named');
    await expect(page.locator('main')).not.toContainText('Ari Anonymous');
    await expect(page.locator('main')).not.toContainText('@example.test');
    await expectNoAxeViolations(page);
    await screenshot(page, 'fb-report-1280');
    await page.setViewportSize({ width: 375, height: 900 });
    await screenshot(page, 'fb-report-375');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);

    const csv = await page.request.get(`/feedback/${COURSE}.csv`);
    expect(csv.status()).toBe(200);
    expect(csv.headers()['content-type']).toContain('text/csv');
    const body = await csv.text();
    expect(body).toContain(namedText);
    expect(body).toContain('"Noor Named"');
    expect(body).not.toContain('Ari Anonymous');
    expect(body).not.toContain('@example.test');
    await trainer.close();
  });

  test('the summary is for the course team only: not trainees, not other courses’ trainers', async ({ browser, page, context, request, baseURL }) => {
    const response = await request.get(`/feedback/${COURSE}`, { maxRedirects: 0 });
    expect(response.status()).toBe(303);
    expect(response.headers()['location']).toMatch(/^\/signin\?next=/);

    await signInAs(context, await createAccount('Tess Trainee'));
    const refused = await page.goto(`/feedback/${COURSE}`);
    expect(refused?.status()).toBe(403);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('This page is for the course team');
    expect((await page.request.get(`/feedback/${COURSE}.csv`)).status()).toBe(403);
    expect((await page.request.get('/feedback/no-such-course')).status()).toBe(404);

    // A trainer, but of another course's group: refused the same way, page and spreadsheet.
    const otherTrainer = await createAccount('Otto Othertrainer', ['trainer']);
    await (await serviceClient()).collection('cohorts').create({ name: 'Otto’s group', course: 'peer-support-foundations', trainers: [otherTrainer.id] });
    const other = await browser.newContext({ baseURL: baseURL! });
    await signInAs(other, otherTrainer);
    const otherPage = await other.newPage();
    expect((await otherPage.goto(`/feedback/${COURSE}`))?.status()).toBe(403);
    await expect(otherPage.getByRole('heading', { level: 1 })).toHaveText('This page is for the course team');
    await screenshot(otherPage, 'feedback-refused', { fullPage: true });
    expect((await otherPage.request.get(`/feedback/${COURSE}.csv`)).status()).toBe(403);
    await other.close();
  });

  test('signed out, the form asks you to sign in', async ({ page }) => {
    await page.goto(moduleUrl);
    const section = page.locator('section.module-feedback');
    await expect(section.getByRole('link', { name: 'Sign in to tell us what you thought of this module' })).toBeVisible();
    await expect(section.locator('form')).toHaveCount(0);
  });

  test('at 375 px the form fits without sideways scrolling', async ({ page, context }) => {
    await signInAs(context, await createAccount('Phone Trainee'));
    await page.setViewportSize({ width: 375, height: 900 });
    await page.goto(`${moduleUrl}#module-feedback`);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await screenshot(page, 'fb-form-375', { part: page.locator('section.module-feedback') });
  });
});

test.describe('module feedback without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('a problem shows the form again with the text kept and a message by the field', async ({ page, context }) => {
    await signInAs(context, await createAccount('Plain Feedback'));
    await page.goto(moduleUrl);
    const section = page.locator('section.module-feedback');

    // Nothing filled in: asked kindly for one answer.
    const [empty] = await Promise.all([page.waitForResponse((r) => r.url().endsWith('/feedback')), section.getByRole('button', { name: 'Send feedback' }).click()]);
    expect(empty.status()).toBe(400);
    await expect(page.locator('#mf-useful-error')).toContainText('Please answer at least one question before sending.');

    // Too long: the text comes back, with how long it is.
    const long = `${'This paragraph is long. '.repeat(90)}end`;
    await page.getByLabel('What would you change?').fill(long);
    await page.getByRole('checkbox', { name: 'Don’t show my name to the course team' }).uncheck();
    const [tooLong] = await Promise.all([page.waitForResponse((r) => r.url().endsWith('/feedback')), page.getByRole('button', { name: 'Send feedback' }).click()]);
    expect(tooLong.status()).toBe(400);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(/^Feedback on /);
    await expect(page.locator('#mf-change-error')).toContainText(`This is ${long.length.toLocaleString('en-GB')} characters long.`);
    await expect(page.getByLabel('What would you change?')).toHaveValue(long);
    await expect(page.getByLabel('What would you change?')).toHaveAttribute('aria-invalid', 'true');
    await expect(page.getByRole('checkbox', { name: 'Don’t show my name to the course team' })).not.toBeChecked();
    await screenshot(page, 'fb-nojs-error', { fullPage: true });

    // Shortened: saved, back on the module page.
    await page.getByLabel('What would you change?').fill('Shorter paragraphs, please.');
    await page.getByRole('button', { name: 'Send feedback' }).click();
    await expect(page).toHaveURL(new RegExp(`${moduleUrl}\\?feedback=saved#module-feedback$`));
    await expect(page.locator('.mf-saved')).toBeVisible();
    await expect(page.getByLabel('What would you change?')).toHaveValue('Shorter paragraphs, please.');
  });
});
