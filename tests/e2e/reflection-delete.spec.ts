/**
 * Deleting a reflection in the browser, without JavaScript: the confirmation page says what
 * goes, "Delete for good" removes it from My reflections and the module page, a double submit
 * is harmless, "Keep it" keeps it. A reflection linked as evidence stays, with a plain reason
 * and no button. Someone else's reflection is the ordinary 404; signed out goes to sign in and
 * back. axe on the confirmation page in both states.
 */
import path from 'node:path';
import type { Browser, BrowserContext, Page } from '@playwright/test';
import { loadCourses } from '../../src/lib/courses/course-fs.ts';
import type { Course, Module } from '../../src/lib/courses/course.ts';
import { createAccount, serviceClient, signInAs, type TestAccount } from './accounts.ts';
import { expect, expectNoAxeViolations, screenshot, test } from './fixtures.ts';

const root = path.resolve(import.meta.dirname, '../..');
const { courses } = loadCourses(path.join(root, 'courses'), root);
const course = courses.find((c) => c.slug === 'peer-support-foundations') as Course;
const module = course.modules[0] as Module;
const moduleUrl = `/courses/${course.slug}/${module.id}`;

const box = (page: Page, prompt = 'p1') => page.locator(`#reflection-${prompt}-body`);
const editor = (page: Page, prompt = 'p1') => page.locator(`#reflection-${prompt}`);

async function signedIn(context: BrowserContext, name: string): Promise<TestAccount> {
  const account = await createAccount(name);
  await signInAs(context, account);
  return account;
}

/** Screenshots at 1280 and 375 px wide, to look at (only with E2E_SCREENSHOTS=1). */
const screenshots = (page: Page, name: string) => screenshot(page, `reflection-delete-${name}`, { fullPage: true, widths: [1280, 375] });

/**
 * axe and screenshots of a page (`url` in full) as the same person, in a context of its own
 * with JavaScript on: axe runs as a script. The page has no script of its own.
 */
async function checkPage(browser: Browser, context: BrowserContext, url: string, name: string) {
  const withScripts = await browser.newContext({ javaScriptEnabled: true, storageState: await context.storageState() });
  const page = await withScripts.newPage();
  await page.goto(url);
  await expectNoAxeViolations(page);
  await screenshots(page, name);
  await withScripts.close();
}

/** Saves `texts` one after another in the module's first prompt with the plain form; returns the reflection's id. */
async function writeReflection(page: Page, texts: string[]): Promise<string> {
  await page.goto(moduleUrl);
  for (const text of texts) {
    await box(page).fill(text);
    await editor(page).getByRole('button', { name: 'Save my reflection' }).click();
    await expect(page).toHaveURL(/reflection=saved/);
  }
  return editor(page).locator('input[name="id"]').inputValue();
}

test.describe('deleting a reflection without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('the confirmation page says what goes; "Delete for good" removes it everywhere; twice is harmless', async ({ browser, page, context, baseURL }) => {
    await signedIn(context, 'Deleting Trainee');
    const id = await writeReflection(page, ['Words I no longer want to keep.', 'Words I no longer want to keep, changed.']);

    await page.goto('/reflections');
    await page.locator('.reflection-item').getByRole('link', { name: 'Prompt 1', exact: true }).click();
    await expect(page).toHaveURL(new RegExp(`/reflections/${id}$`));
    await page.getByRole('link', { name: 'Delete this reflection' }).click();

    await expect(page).toHaveURL(new RegExp(`/reflections/${id}/delete$`));
    await expect(page.getByRole('heading', { level: 1, name: 'Delete this reflection?' })).toBeVisible();
    await expect(page.getByText('Deleting is for good. It cannot be undone')).toBeVisible();
    await expect(page.getByRole('list', { name: 'This will delete:' }).getByRole('listitem')).toHaveText([`the reflection “${module.title}: prompt 1”`, 'its 1 earlier version']);
    await expect(page.getByText('shared with your trainers')).toHaveCount(0);
    await checkPage(browser, context, page.url(), 'confirm');

    // "Keep it" goes back, and nothing is deleted.
    await page.getByRole('link', { name: 'Keep it' }).click();
    await expect(page).toHaveURL(new RegExp(`/reflections/${id}$`));
    await expect(page.locator('.user-text')).toHaveText('Words I no longer want to keep, changed.');

    await page.getByRole('link', { name: 'Delete this reflection' }).click();
    await page.getByRole('button', { name: 'Delete for good' }).click();
    await expect(page).toHaveURL(/\/reflections\?reflection=deleted$/);
    await expect(page.getByRole('status')).toHaveText('Your reflection has been deleted, with its earlier versions and any replies to it.');
    await expect(page.locator('.reflection-item')).toHaveCount(0);
    await expect(page.getByText('You have not written any reflections yet.')).toBeVisible();
    await checkPage(browser, context, page.url(), 'deleted');

    // Gone from the module page too: an empty box, nothing to share.
    await page.goto(moduleUrl);
    await expect(box(page)).toHaveValue('');
    await expect(editor(page)).toContainText('Once you have saved it, you can choose to share it');
    expect(await page.content()).not.toContain('no longer want to keep');

    // Its pages are the ordinary 404 now; the same form sent again just says it is already gone.
    for (const url of [`/reflections/${id}`, `/reflections/${id}/delete`, `/reflections/${id}/history`]) {
      expect((await page.request.get(url, { maxRedirects: 0 })).status(), url).toBe(404);
    }
    const again = await page.request.post(`/reflections/${id}/delete`, { form: { from: 'list' }, headers: { Origin: baseURL! }, maxRedirects: 0 });
    expect(again.status()).toBe(303);
    expect(again.headers()['location']).toBe('/reflections?reflection=already-deleted');
    await page.goto(again.headers()['location']!);
    await expect(page.getByRole('status')).toHaveText('That reflection is no longer here, so it may have been deleted already. Nothing else has changed.');
  });

  test('from the module page: back to the prompt, which says it is gone', async ({ page, context, baseURL }) => {
    await signedIn(context, 'Module Deleter');
    const id = await writeReflection(page, ['Short-lived words.']);
    await page.goto(moduleUrl);
    await editor(page).getByRole('link', { name: /^Delete/ }).click();
    await expect(page).toHaveURL(new RegExp(`/reflections/${id}/delete\\?from=module$`));
    await expect(page.getByRole('link', { name: 'Keep it' })).toHaveAttribute('href', `${moduleUrl}#reflection-p1`);
    await page.getByRole('button', { name: 'Delete for good' }).click();
    await expect(page).toHaveURL(new RegExp(`${moduleUrl}\\?reflection=deleted&prompt=p1#reflection-p1$`));
    await expect(editor(page).locator('[data-status]')).toHaveText('Your reflection has been deleted, with its earlier versions and any replies to it.');
    await expect(box(page)).toHaveValue('');
    // A form that is not ours deletes nothing.
    const id2 = await writeReflection(page, ['Words that stay.']);
    const odd = await page.request.post(`/reflections/${id2}/delete`, { form: { from: 'somewhere' }, headers: { Origin: baseURL! }, maxRedirects: 0 });
    expect(odd.status()).toBe(400);
    expect(await odd.text()).toContain('Something in the form was not what we expected.');
    await page.goto(`/reflections/${id2}`);
    await expect(page.locator('.user-text')).toHaveText('Words that stay.');
  });

  test('a shared reflection linked as evidence stays: a plain reason, no button, and a post deletes nothing', async ({ browser, page, context, baseURL }) => {
    const account = await signedIn(context, 'Evidence Trainee');
    const criterion = [...course.criteria.values()].find((c) => c.evidence === 'reflection' || c.evidence === 'written')!;
    const unit = course.units.find((u) => u.id === criterion.unitId)!;
    const service = await serviceClient();
    await service.collection('enrolments').create({ user: account.id, course: course.slug, status: 'active' });
    const reflection = await service
      .collection('reflections')
      .create({ user: account.id, course: course.slug, module: module.id, prompt: 'p1', body: 'What I learned about listening.', shared: true });
    await service.collection('evidence').create({ user: account.id, course: course.slug, criterion: criterion.ref, reflection: reflection.id });

    await page.goto(`/reflections/${reflection.id}`);
    await page.getByRole('link', { name: 'Delete this reflection' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'This reflection stays' })).toBeVisible();
    await expect(page.getByText(
      `This reflection is part of the evidence you sent for criterion ${criterion.id} of “${unit.title}”, so it stays with your assessment record. If you need it removed, ask your trainer or an administrator.`,
    )).toBeVisible();
    await expect(page.getByRole('button', { name: 'Delete for good' })).toHaveCount(0);
    await expect(page.getByRole('link', { name: 'See your evidence' })).toHaveAttribute('href', `/evidence/${course.slug}`);
    await checkPage(browser, context, page.url(), 'evidence');

    const post = await page.request.post(`/reflections/${reflection.id}/delete`, { form: { from: 'list' }, headers: { Origin: baseURL! }, maxRedirects: 0 });
    expect(post.status()).toBe(409);
    const html = await post.text();
    expect(html).toContain('Nothing was deleted.');
    expect(html).toContain('so it stays with your assessment record');
    expect((await service.collection('reflections').getOne(reflection.id)).id).toBe(reflection.id);
  });

  test('someone else’s reflection is the ordinary 404, and their post deletes nothing; signed out goes to sign in and back', async ({ browser, page, context, baseURL }) => {
    await signedIn(context, 'Owner Trainee');
    const id = await writeReflection(page, ['Mine, not yours.']);

    const second = await browser.newContext({ baseURL: baseURL!, javaScriptEnabled: false });
    await signedIn(second, 'Other Trainee');
    const other = await second.newPage();
    const response = await other.goto(`/reflections/${id}/delete`);
    expect(response?.status()).toBe(404);
    await expect(other.getByRole('heading', { level: 1, name: 'We could not find that page' })).toBeVisible();
    const post = await other.request.post(`/reflections/${id}/delete`, { form: { from: 'list' }, headers: { Origin: baseURL! }, maxRedirects: 0 });
    expect(post.status()).toBe(303);
    expect(post.headers()['location']).toBe('/reflections?reflection=already-deleted');
    // An id that cannot be one, and a post from another site (Astro's origin check).
    expect((await other.request.get('/reflections/not-an-id/delete', { maxRedirects: 0 })).status()).toBe(404);
    const foreign = await other.request.post(`/reflections/${id}/delete`, { form: { from: 'list' }, headers: { Origin: 'https://elsewhere.example' }, maxRedirects: 0 });
    expect(foreign.status()).toBe(403);
    await second.close();

    await page.goto(`/reflections/${id}`);
    await expect(page.locator('.user-text')).toHaveText('Mine, not yours.');

    const signedOut = await browser.newContext({ baseURL: baseURL!, javaScriptEnabled: false });
    const anon = await signedOut.newPage();
    await anon.goto(`/reflections/${id}/delete`);
    expect(anon.url()).toContain(`/signin?next=${encodeURIComponent(`/reflections/${id}/delete`)}`);
    await signedOut.close();
  });

  test('a post that is not our form, for an unknown id or someone else’s, is the kind 404 (never a 500) and deletes nothing', async ({ browser, context, baseURL }) => {
    const owner = await signedIn(context, 'Owner Trainee');
    const theirs = await (await serviceClient()).collection('reflections').create({ user: owner.id, course: course.slug, module: module.id, prompt: 'p1', title: '', body: 'Still mine.' });

    const second = await browser.newContext({ baseURL: baseURL!, javaScriptEnabled: false });
    await signedIn(second, 'Other Trainee');
    const other = await second.newPage();
    // The body is read before the reflection is looked up: the not-found page must still render.
    for (const id of [theirs.id, 'aaaaaaaaaaaaaaa']) {
      for (const form of [{ from: 'somewhere-else' }, { unexpected: 'x' }] as Record<string, string>[]) {
        const post = await other.request.post(`/reflections/${id}/delete`, { form, headers: { Origin: baseURL! }, maxRedirects: 0 });
        expect(post.status(), `${id} ${JSON.stringify(form)}`).toBe(404);
        expect(await post.text()).toContain('We could not find that page');
      }
    }
    await second.close();

    expect((await (await serviceClient()).collection('reflections').getOne(theirs.id)).body).toBe('Still mine.');
  });
});
