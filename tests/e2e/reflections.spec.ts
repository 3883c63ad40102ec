/**
 * Private reflections in the browser: writing with autosave, offline and back, words kept on
 * the device, two tabs, the plain form without JavaScript, sharing, history, exports, and
 * privacy (a second trainee never sees the first one's words). axe on every page.
 */
import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import type { BrowserContext, Page } from '@playwright/test';
import { loadCourses } from '../../src/lib/courses/course-fs.ts';
import type { Course, Module } from '../../src/lib/courses/course.ts';
import { createAccount, signInAs, type TestAccount } from './accounts.ts';
import { expect, expectNoAxeViolations, screenshot, test } from './fixtures.ts';

const root = path.resolve(import.meta.dirname, '../..');
const { courses } = loadCourses(path.join(root, 'courses'), root);
const course = courses.find((c) => c.slug === 'peer-support-foundations') as Course;
// The first module: two prompts, no content note in front of it.
const module = course.modules[0] as Module;
const moduleUrl = `/courses/${course.slug}/${module.id}`;
const SAVED_AT = /^Saved at \d\d:\d\d$/;

const box = (page: Page, prompt = 'p1') => page.locator(`#reflection-${prompt}-body`);
const statusOf = (page: Page, prompt = 'p1') => page.locator(`#reflection-${prompt} [data-status]`);
const editor = (page: Page, prompt = 'p1') => page.locator(`#reflection-${prompt}`);

async function signedIn(context: BrowserContext, name = 'Reflecting Trainee'): Promise<TestAccount> {
  const account = await createAccount(name);
  await signInAs(context, account);
  return account;
}

/** Waits until the editor has enhanced the form (its toolbar is there). */
async function enhanced(page: Page, prompt = 'p1') {
  await expect(editor(page, prompt).getByRole('group', { name: 'Formatting' })).toBeVisible();
}

/** Screenshots at 1280 and 375 px wide, to look at (of one part of the page when `selector` is given). */
const screenshots = (page: Page, name: string, selector?: string) =>
  screenshot(page, `reflections-${name}`, { fullPage: true, widths: [1280, 375], ...(selector ? { part: page.locator(selector) } : {}) });

// Every test makes its own trainee, so the tests of this long file may run on several workers at once.
test.describe.configure({ mode: 'parallel' });

test.describe('writing a reflection with JavaScript', () => {
  test('autosaves, says "Saved at", and the text is there after a reload', async ({ page, context }) => {
    await signedIn(context);
    await page.goto(moduleUrl);
    await enhanced(page);
    await expect(editor(page).getByText('You can write up to 50,000 characters')).toBeVisible();
    await box(page).fill('When I was in hospital, a peer worker listened.');
    await expect(statusOf(page)).toHaveText(SAVED_AT);
    await expect(editor(page).locator('[data-count]')).toHaveText('47 of 50,000 characters');
    await expectNoAxeViolations(page);
    await screenshots(page, 'module', 'section.reflections');

    await page.reload();
    await expect(box(page)).toHaveValue('When I was in hospital, a peer worker listened.');
    await expect(editor(page).getByText('Private — only you can see this')).toBeVisible();
    // Nothing was left waiting on the device.
    expect(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('lived-learning:reflection:')))).toEqual([]);
  });

  test('the toolbar inserts Markdown from the keyboard, and the saved text is shown rendered', async ({ page, context }) => {
    await signedIn(context);
    await page.goto(moduleUrl);
    await enhanced(page);
    await box(page).fill('calm');
    await box(page).press('ControlOrMeta+a');
    await editor(page).getByRole('button', { name: 'Bold' }).focus();
    await page.keyboard.press('Enter');
    await expect(box(page)).toHaveValue('**calm**');
    await box(page).press('End');
    await box(page).pressSequentially('\nlistened');
    await editor(page).getByRole('button', { name: 'List' }).click();
    await expect(box(page)).toHaveValue('**calm**\n- listened');
    await box(page).pressSequentially(' ');
    await box(page).press('Control+i');
    await expect(box(page)).toHaveValue('**calm**\n- listened _italic text_');
    await expect(statusOf(page)).toHaveText(SAVED_AT);

    await page.reload();
    await editor(page).getByRole('link', { name: /^Open/ }).click();
    const saved = page.locator('.user-text');
    await expect(saved.locator('strong')).toHaveText('calm');
    await expect(saved.locator('li em')).toHaveText('italic text');
    await expectNoAxeViolations(page);
    await screenshots(page, 'one');
  });

  test('over the limit: the count turns red, nothing is sent, and the words stay', async ({ page, context }) => {
    await signedIn(context);
    await page.goto(moduleUrl);
    await enhanced(page);
    const posts: string[] = [];
    page.on('request', (r) => {
      if (r.method() === 'POST') posts.push(r.url());
    });
    await box(page).fill('x'.repeat(50_002));
    await expect(statusOf(page)).toHaveText('That is 2 characters over the limit. It is kept on this device, but it cannot be saved until it is shorter.');
    await expect(editor(page).locator('[data-count]')).toHaveText('50,002 of 50,000 characters');
    await expect(editor(page).locator('[data-count]')).toHaveClass(/is-over/);
    expect(posts).toEqual([]);
    await box(page).press('Backspace');
    await box(page).press('Backspace');
    await expect(statusOf(page)).toHaveText(SAVED_AT);
  });

  test('offline: keeps the words on the device, says so, and saves when back online', async ({ page, context }) => {
    await signedIn(context);
    await page.goto(moduleUrl);
    await enhanced(page);
    await context.setOffline(true);
    await box(page).fill('Written on a bus with no signal.');
    await expect(statusOf(page)).toHaveText('Offline — kept on this device, will save when you are back online');
    const kept = await page.evaluate(() => Object.entries(localStorage).find(([k]) => k.startsWith('lived-learning:reflection:'))?.[1]);
    expect(JSON.parse(kept ?? '{}')).toMatchObject({ body: 'Written on a bus with no signal.' });

    await context.setOffline(false);
    await expect(statusOf(page)).toHaveText(SAVED_AT);
    await page.reload();
    await expect(box(page)).toHaveValue('Written on a bus with no signal.');
  });

  test('after a reload, words that never reached the server come back, with a note, and are saved', async ({ page, context }) => {
    await signedIn(context);
    await page.goto(moduleUrl);
    await enhanced(page);
    // The connection drops on every save.
    await page.route('**/reflections', (route) => route.abort('internetdisconnected'));
    await box(page).fill('Words the server never got.');
    await expect(statusOf(page)).toHaveText(/^Offline — kept on this device/);
    await page.unroute('**/reflections');

    await page.reload();
    await expect(box(page)).toHaveValue('Words the server never got.');
    await expect(statusOf(page)).toHaveText(/^We found words on this device that had not been saved yet, and put them back in the box\. Saved at \d\d:\d\d$/);
    await page.goto('/reflections');
    await expect(page.getByRole('main')).toContainText('Words the server never got.');
  });

  test('when the service is unavailable, the words stay on the device and the person is told', async ({ page, context }) => {
    await signedIn(context);
    await page.goto(moduleUrl);
    await enhanced(page);
    await page.route('**/reflections', (route) =>
      route.fulfill({ status: 503, contentType: 'application/json', body: JSON.stringify({ error: 'unavailable', fields: {} }) }),
    );
    await box(page).fill('Saved later, when the service is back.');
    await expect(statusOf(page)).toHaveText('The service is unavailable for a moment — kept on this device, we will try again shortly');
    expect(await page.evaluate(() => Object.values(localStorage).some((v) => v.includes('Saved later, when the service is back.')))).toBe(true);
  });

  test('when the server says 503 with Retry-After (e.g. its disk is full), the words stay on the device and it tries again, later each time, until saved', async ({ page, context }) => {
    await signedIn(context);
    await page.goto(moduleUrl);
    await enhanced(page);
    // The first two saves get the answer a full disk gives; then the real server answers.
    const sent: number[] = [];
    await page.route('**/reflections', async (route) => {
      if (route.request().method() !== 'POST') return route.continue();
      sent.push(Date.now());
      if (sent.length <= 2) {
        return route.fulfill({ status: 503, headers: { 'Retry-After': '1' }, contentType: 'application/json', body: JSON.stringify({ error: 'out of storage', fields: {} }) });
      }
      return route.continue();
    });
    await box(page).fill('Kept through a full disk.');
    await expect(statusOf(page)).toHaveText('The service is unavailable for a moment — kept on this device, we will try again shortly');
    expect(await page.evaluate(() => Object.values(localStorage).some((v) => v.includes('Kept through a full disk.')))).toBe(true);
    // Nobody touches the page: the element tries again by itself until the server takes it.
    await expect(statusOf(page)).toHaveText(SAVED_AT, { timeout: 15_000 });
    // Two refused, the third taken (the waits themselves: tests/unit/reflections-retry.test.ts).
    expect(sent).toHaveLength(3);
    expect(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('lived-learning:reflection:')))).toEqual([]);
    await page.unroute('**/reflections');
    await page.reload();
    await expect(box(page)).toHaveValue('Kept through a full disk.');
  });

  test('two tabs: both texts are kept, and the second tab says where', async ({ page, context }) => {
    await signedIn(context);
    const other = await context.newPage();
    await page.goto(moduleUrl);
    await other.goto(moduleUrl);
    await enhanced(page);
    await enhanced(other);

    // Each tab is brought to the front before it is used, as a person would: a background tab
    // gets no animation frames, and Playwright waits for frames before some actions.
    await page.bringToFront();
    await box(page).fill('Written in the first tab.');
    await expect(statusOf(page)).toHaveText(SAVED_AT);
    await other.bringToFront();
    await box(other).fill('Written in the second tab.');
    await expect(statusOf(other)).toContainText('We kept both versions');
    await expect(statusOf(other)).toContainText('Copy saved from another tab on');
    await expect(statusOf(other).getByRole('link', { name: 'Open' })).toHaveAttribute('href', /^\/reflections\/[a-z0-9]{15}$/);
    // The second tab carries on in its copy: a later change saves there, without another copy.
    await box(other).fill('Written in the second tab, and more.');
    await expect(statusOf(other)).toHaveText(SAVED_AT);

    await page.bringToFront();
    await page.reload();
    await expect(box(page)).toHaveValue('Written in the first tab.');
    const kept = editor(page).locator('.reflection__copies');
    await expect(kept).toContainText('Also kept for this prompt');
    await expect(kept).toContainText('Written in the second tab, and more.');
    await expect(kept.getByRole('listitem')).toHaveCount(1);
    await other.close();
  });

  test('a free reflection, with a title', async ({ page, context }) => {
    await signedIn(context);
    await page.goto('/reflections');
    await page.getByRole('link', { name: 'Write a free reflection' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Write a free reflection' })).toBeVisible();
    await expect(page.getByRole('group', { name: 'Formatting' })).toBeVisible();
    await page.getByLabel('Course').selectOption({ label: 'Service User Leadership' });
    await page.getByLabel('Title').fill('After the group');
    await page.getByLabel('Your reflection').fill('Something I want to remember.');
    await expect(page.locator('[data-status]')).toHaveText(SAVED_AT);
    await expectNoAxeViolations(page);
    await screenshots(page, 'free');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.goto('/reflections');
    const item = page.locator('.reflection-item', { hasText: 'After the group' });
    await expect(item).toContainText('Something I want to remember.');
    await expect(page.getByRole('heading', { level: 2, name: 'Service User Leadership' })).toBeVisible();
    await expect(page.locator('.reflection-item')).toHaveCount(1);
  });
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('the plain form saves, says "Saved", and a double submit changes nothing', async ({ page, context, baseURL }) => {
    await signedIn(context);
    await page.goto(moduleUrl);
    const sent = Object.fromEntries(
      await editor(page).locator('input[type="hidden"]').evaluateAll((inputs) => inputs.map((i) => [(i as HTMLInputElement).name, (i as HTMLInputElement).value])),
    ) as Record<string, string>;
    await box(page).fill('Typed without JavaScript.');
    await editor(page).getByRole('button', { name: 'Save my reflection' }).click();
    await expect(page).toHaveURL(/\?reflection=saved&prompt=p1#reflection-p1$/);
    await expect(statusOf(page)).toHaveText('Saved.');
    await expect(box(page)).toHaveValue('Typed without JavaScript.');

    // The very same form sent again (a double click, the back button): already saved, no copy.
    const again = await page.request.post('/reflections', {
      form: { ...sent, body: 'Typed without JavaScript.' },
      headers: { Origin: baseURL! },
      maxRedirects: 0,
    });
    expect(again.status()).toBe(303);
    expect(again.headers()['location']).toContain('reflection=unchanged');
    await page.goto(again.headers()['location']!);
    await expect(statusOf(page)).toHaveText('Already saved. Nothing had changed.');
    await expect(editor(page).locator('.reflection__copies')).toHaveCount(0);
    // Pressing Save again with nothing changed is harmless too.
    await editor(page).getByRole('button', { name: 'Save my reflection' }).click();
    await expect(statusOf(page)).toHaveText('Already saved. Nothing had changed.');
  });

  test('too long: refused with a clear message next to the box, every word kept', async ({ page, context }) => {
    await signedIn(context);
    await page.goto(moduleUrl);
    const long = `${'A long reflection. '.repeat(2632)}end`; // 50,011 characters
    await box(page).fill(long);
    await editor(page).getByRole('button', { name: 'Save my reflection' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Your reflection is not saved yet' })).toBeVisible();
    const message = 'Your reflection is 50,011 characters long, and the limit is 50,000. Please shorten it by 11 characters, or split it into two reflections. Your text is still in the box.';
    await expect(page.getByText(message)).toBeVisible();
    const again = page.locator('#reflection-again-body');
    await expect(again).toHaveValue(long);
    await expect(again).toHaveAttribute('aria-invalid', 'true');
    await expect(again).toHaveAccessibleDescription(new RegExp(message.replace(/[.,]/g, '.')));
    await screenshots(page, 'too-long');

    await again.fill('Shorter now.');
    await page.getByRole('button', { name: 'Save my reflection' }).click();
    await expect(page).toHaveURL(new RegExp(`${moduleUrl}\\?reflection=saved&prompt=p1#reflection-p1$`));
    await expect(box(page)).toHaveValue('Shorter now.');
  });

  test('an empty box saves nothing, kindly', async ({ page, context }) => {
    await signedIn(context);
    await page.goto(moduleUrl);
    await editor(page, 'p2').getByRole('button', { name: 'Save my reflection' }).click();
    await expect(statusOf(page, 'p2')).toHaveText('The box was empty, so nothing was saved. Anything you saved before is still kept.');
    await expect(editor(page, 'p2')).toContainText('Once you have saved it, you can choose to share it');
    await expect(editor(page, 'p2').getByRole('button', { name: /Share/ })).toHaveCount(0);
  });

  test('share with my trainers, then stop sharing', async ({ page, context }) => {
    await signedIn(context);
    await page.goto(moduleUrl);
    await box(page).fill('I might share this one.');
    await editor(page).getByRole('button', { name: 'Save my reflection' }).click();
    await expect(editor(page)).toContainText('Private — only you can see this');

    await editor(page).getByRole('button', { name: /^Share with my trainers/ }).click();
    await expect(editor(page)).toContainText(/Shared with your trainers since \d{1,2} [A-Z][a-z]+ \d{4}/);
    await expect(statusOf(page)).toHaveText('Shared with your trainers.');
    // Sharing changes nothing else.
    await expect(box(page)).toHaveValue('I might share this one.');
    await page.goto('/reflections');
    await expect(page.locator('.reflection-item')).toContainText('Shared with your trainers since');

    await page.locator('.reflection-item').getByRole('button', { name: /^Stop sharing/ }).click();
    await expect(page).toHaveURL(/\/reflections\?reflection=unshared#r-[a-z0-9]{15}$/);
    await expect(page.locator('.reflection-item')).toContainText('Private — only you can see this');
    await screenshots(page, 'mine');
  });

  test('every change keeps the text before it: the history, and any version rendered', async ({ page, context }) => {
    await signedIn(context);
    await page.goto(moduleUrl);
    for (const text of ['First *draft*.', 'Second draft.', 'Third draft.']) {
      await box(page).fill(text);
      await editor(page).getByRole('button', { name: 'Save my reflection' }).click();
      await expect(statusOf(page)).toHaveText('Saved.');
    }
    await editor(page).getByRole('link', { name: /^Earlier versions/ }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Earlier versions' })).toBeVisible();
    await expect(page.locator('.version-item')).toHaveCount(3);
    await expect(page.locator('.version-item').first()).toContainText('Current version');
    await screenshots(page, 'history');

    await page.getByRole('link', { name: 'Read version 1' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Version 1' })).toBeVisible();
    await expect(page.locator('.user-text em')).toHaveText('draft');
    await expect(page.getByText('This is an earlier version.')).toBeVisible();
  });

  test('signed out: the prompts, and a way to sign in that comes back to them', async ({ page }) => {
    await page.goto(moduleUrl);
    const section = page.locator('section.reflections');
    await expect(section.getByRole('listitem')).toHaveCount(module.reflectionPrompts.length);
    const link = section.getByRole('link', { name: 'Sign in to write a private reflection' });
    await expect(link).toHaveAttribute('href', `/signin?next=${encodeURIComponent(`${moduleUrl}#reflection`)}`);
    await expect(section.locator('textarea')).toHaveCount(0);
    for (const url of ['/reflections', '/reflections/new', '/reflections/export.zip']) {
      const response = await page.goto(url);
      expect(page.url(), url).toContain('/signin?next=');
      expect(response?.status(), url).toBe(200);
    }
  });
});

test.describe('accessibility', () => {
  test('every reflections page passes axe (WCAG 2.2 AA)', async ({ page, context, baseURL }) => {
    await signedIn(context, 'Axe Trainee');
    const post = (form: Record<string, string>) =>
      page.request.post('/reflections', { form: { from: 'module', ...form }, headers: { Origin: baseURL!, Accept: 'application/json' } });
    const first = await (await post({ id: '', version: '', course: course.slug, module: module.id, prompt: 'p1', body: 'A *first* draft.' })).json();
    await post({ id: first.id, version: '1', course: course.slug, module: module.id, prompt: 'p1', body: 'A **second** draft.\n\n- with\n- a list\n\n> and a quote' });
    await page.request.post(`/reflections/${first.id}/share`, { form: { shared: 'true', from: 'list' }, headers: { Origin: baseURL! } });
    await post({ id: '', version: '', course: course.slug, module: '', prompt: 'free', title: 'After the group', body: 'Free words.', from: 'reflection' });

    // The module page, /reflections, /reflections/new and a shared reflection: accessibility.spec.ts.
    for (const url of [`/reflections/${first.id}/history`, `/reflections/${first.id}/history/1`]) {
      await page.goto(url);
      await expectNoAxeViolations(page);
    }
    await page.goto(`/reflections/${first.id}`);
    await screenshots(page, 'one-shared');

    // The page that shows the form again after a plain post: loaded without the editor's script.
    await page.route(/reflection-editor|ReflectionSection\.astro/, (route) => route.abort());
    await page.goto(moduleUrl);
    await box(page, 'p2').fill('x'.repeat(50_001));
    await editor(page, 'p2').getByRole('button', { name: 'Save my reflection' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Your reflection is not saved yet' })).toBeVisible();
    await expectNoAxeViolations(page);
  });
});

test.describe('privacy', () => {
  test('a second trainee gets 404 for the first one’s pages and never sees a word of them', async ({ browser, page, context, baseURL }) => {
    const secret = `Private words ${Date.now()} about my week`;
    await signedIn(context, 'First Trainee');
    await page.goto(moduleUrl);
    await enhanced(page);
    await box(page).fill(secret);
    await expect(editor(page).locator('input[name="version"]')).toHaveValue('1');
    await box(page).fill(`${secret}, changed`);
    await expect(editor(page).locator('input[name="version"]')).toHaveValue('2');
    const id = await page.locator('#reflection-p1 input[name="id"]').inputValue();
    expect(id).toMatch(/^[a-z0-9]{15}$/);

    const second = await browser.newContext({ baseURL: baseURL! });
    await signedIn(second, 'Second Trainee');
    const other = await second.newPage();
    for (const url of [`/reflections/${id}`, `/reflections/${id}/history`, `/reflections/${id}/history/1`, `/reflections/${id}/history/2`]) {
      const response = await other.goto(url);
      expect(response?.status(), url).toBe(404);
      await expect(other.getByRole('heading', { level: 1, name: 'We could not find that page' })).toBeVisible();
      expect(await other.content(), url).not.toContain('Private words');
    }
    // Sharing someone else's reflection is the same 404.
    const share = await other.request.post(`/reflections/${id}/share`, { form: { shared: 'true', from: 'list' }, headers: { Origin: baseURL! } });
    expect(share.status()).toBe(404);
    // Saving over it with its id: refused, nothing changed.
    const save = await other.request.post('/reflections', {
      form: { id, version: '2', course: course.slug, module: module.id, prompt: 'p1', from: 'module', body: 'overwritten' },
      headers: { Origin: baseURL!, Accept: 'application/json' },
    });
    expect(save.status()).toBe(404);

    for (const url of [moduleUrl, '/reflections']) {
      await other.goto(url);
      expect(await other.content(), url).not.toContain('Private words');
    }
    const zip = unzipSync(new Uint8Array(await (await other.request.get('/reflections/export.zip')).body()));
    expect(Object.values(zip).map((file) => strFromU8(file)).join('\n')).not.toContain('Private words');
    const pdf = await (await other.request.get('/reflections/journal.pdf')).body();
    expect(pdfText(pdf)).not.toContain('Private words');
    await second.close();

    await page.goto(`/reflections/${id}`);
    await expect(page.locator('.user-text')).toHaveText(`${secret}, changed`);
  });
});

/** The text of a PDF, via poppler's pdftotext (installed with Chromium: see TOOLCHAIN.md). */
function pdfText(pdf: Buffer): string {
  return execFileSync('pdftotext', ['-', '-'], { input: pdf, encoding: 'utf8' });
}

test.describe('taking my reflections with me', () => {
  test('the zip of Markdown files and the PDF journal download, with my words in them', async ({ page, context }) => {
    await signedIn(context, 'Exporting Trainee');
    await page.goto(moduleUrl);
    await enhanced(page);
    await box(page).fill('What helped was **being listened to**.');
    await expect(statusOf(page)).toHaveText(SAVED_AT);
    await page.goto('/reflections');
    await expectNoAxeViolations(page);

    const [zipDownload] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download as Markdown files (zip)' }).click()]);
    expect(zipDownload.suggestedFilename()).toMatch(/^my-reflections-\d{4}-\d{2}-\d{2}\.zip$/);
    const files = unzipSync(new Uint8Array(readFileSync((await zipDownload.path())!)));
    const name = `${course.slug}/01-${module.id}/p1.md`;
    expect(Object.keys(files)).toContain(name);
    const markdown = strFromU8(files[name]!);
    expect(markdown).toMatch(/^---\ntitle: "Prompt 1"\ncourse: "Peer Support Worker Foundations"\n/);
    expect(markdown).toContain('shared: false');
    expect(markdown).toContain('What helped was **being listened to**.');

    const [pdfDownload] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download as a PDF journal' }).click()]);
    expect(pdfDownload.suggestedFilename()).toMatch(/^my-reflection-journal-\d{4}-\d{2}-\d{2}\.pdf$/);
    const pdf = readFileSync((await pdfDownload.path())!);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const text = pdfText(pdf).replace(/\s+/g, ' ');
    expect(text).toContain('My reflection journal');
    expect(text).toContain('Written by Exporting Trainee');
    expect(text).toContain('What helped was being listened to.');
  });
});
