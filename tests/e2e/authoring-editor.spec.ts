/**
 * The browser course editor: an author edits a module with a live preview, breaks the front
 * matter and is told the line and the fix, fixes it, saves a draft, publishes, and a trainee
 * reads the change; a second author's stale save is caught and both versions are shown;
 * keyboard-only editing; the plain forms without JavaScript; Write / Preview tabs at 375 px;
 * who may open the editor; module list changes, a new course and a picture. axe on every page.
 * Edits go to the throwaway copy of courses/ that global setup made (E2E_COURSES_DIR).
 */
import { copyFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from '@playwright/test';
import { createAccount, createAuthor, signInAs, type TestAccount } from './accounts.ts';
import { copyCourse } from './course-copy.ts';
import { expect, expectNoAxeViolations, SCREENSHOT_DIR, screenshot, screenshotsWanted, test } from './fixtures.ts';

/** A copy of service-user-leadership made for this file, so other browser tests see the courses as they are. */
const COURSE = 'editor-e2e-leadership';
const root = path.resolve(import.meta.dirname, '../..');
const shots = path.join(root, SCREENSHOT_DIR, 'authoring-editor');

test.beforeAll(async () => {
  await copyCourse({ slug: COURSE, title: 'Editor test course' });
});

const author = (name: string, courses: string[] = [COURSE]): Promise<TestAccount> => createAuthor(name, courses);

async function signedIn(browser: Browser, account: TestAccount, options: Parameters<Browser['newContext']>[0] = {}): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ baseURL: process.env.E2E_BASE_URL, ...options });
  await signInAs(context, account);
  return { context, page: await context.newPage() };
}

const editorUrl = (file: string, course = COURSE) => `/author/${course}/edit/${file}`;
const status = (page: Page) => page.locator('[data-editor-status]');
/** The element has run: its toolbar is on the page. */
const enhanced = (page: Page) => expect(page.getByRole('toolbar', { name: 'Formatting' })).toBeVisible();

/** A screenshot to look at (only with E2E_SCREENSHOTS=1). */
const shot = (page: Page, name: string) => screenshot(page, `authoring-editor/${name}`);

test('an author edits a module, sees the preview and the check, saves, publishes; a trainee reads it', async ({ browser }) => {
  test.setTimeout(60_000);
  const account = await author('Editing Author');
  const { context, page } = await signedIn(browser, account);
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(editorUrl('06-sustaining-yourself-and-others.md'));
  await enhanced(page);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(/^Editing: Sustaining/);
  // Answer keys are in the editor (authors only): the correct flags and feedback.
  await expect(page.locator('#q0_o0_feedback')).not.toHaveValue('');

  // Typing in the body updates the preview on a pause.
  const sentence = `Written in the browser editor ${Date.now()}.`;
  const body = page.locator('#body');
  await body.press('ControlOrMeta+End');
  await body.pressSequentially(`\n\n${sentence}`, { delay: 0 });
  await expect(page.locator('[data-preview]')).toContainText(sentence);

  // A broken duration: the message appears under the field in the form's words (its label, no YAML or line).
  await page.locator('#fm_duration').fill('abc');
  const fieldError = page.locator('[data-errors-for="fm_duration"]');
  await expect(fieldError).toHaveText('“How long it takes, in minutes” must be a whole number, such as 45, with no words, units or % after it.');
  await expect(page.locator('#fm_duration')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator('[data-problems]')).toContainText('“How long it takes, in minutes” must be a whole number');
  await expect(page.locator('[data-problems]')).not.toContainText('06-sustaining-yourself-and-others.md:');
  await expect(status(page)).toContainText('1 problem found');
  await page.evaluate(() => window.scrollTo(0, 0));
  await shot(page, 'editor-1280-problems');
  await expectNoAxeViolations(page);

  // The problem's link goes to the field.
  await page.locator('[data-problems] a', { hasText: 'Go to the field' }).click();
  await expect(page.locator('#fm_duration')).toBeFocused();
  await page.locator('#fm_duration').fill('45');
  await expect(fieldError).toBeHidden();
  await expect(page.locator('[data-problems]')).toContainText('No problems found');
  await page.evaluate(() => window.scrollTo(0, 0));
  await shot(page, 'editor-1280');

  await page.locator('#message').fill('Added a sentence');
  await page.getByRole('button', { name: 'Save draft' }).click();
  await expect(status(page)).toHaveText('Draft saved. Trainees will see it after you publish.');
  await expect(page).toHaveURL(new RegExp(`${editorUrl('06-sustaining-yourself-and-others.md')}(#fm_duration)?$`));

  // Publishing is the store's page; the reading page then shows the change.
  await page.goto(`/author/${COURSE}/publish`);
  await page.locator('form.ah-publish-form button[type=submit]').click();
  await expect(page).toHaveURL(/done=[a-f0-9]{12}/);
  const reader = await browser.newPage({ baseURL: process.env.E2E_BASE_URL });
  await reader.goto(`/courses/${COURSE}/sustaining-yourself-and-others`);
  await expect(reader.locator('article.prose')).toContainText(sentence);
  await reader.close();
  await context.close();
});

test("a second author's stale save is caught and both versions are shown", async ({ browser }) => {
  const file = '05-presenting-from-your-story.md';
  const first = await signedIn(browser, await author('First Author'));
  const second = await signedIn(browser, await author('Second Author'));
  await first.page.goto(editorUrl(file));
  await second.page.goto(editorUrl(file));
  await enhanced(first.page);
  await enhanced(second.page);

  await first.page.locator('#fm_title').fill('Presenting from your story (first author)');
  await first.page.getByRole('button', { name: 'Save draft' }).click();
  await expect(status(first.page)).toContainText('Draft saved');

  await second.page.locator('#fm_title').fill('Presenting from your story (second author)');
  await second.page.getByRole('button', { name: 'Save draft' }).click();
  const conflict = second.page.locator('[data-conflict]');
  await expect(conflict).toBeVisible();
  await expect(conflict).toContainText('First Author saved a newer version');
  await expect(second.page.locator('#theirs')).toHaveValue(/first author/);
  // Nothing lost: the second author's text is still in the form.
  await expect(second.page.locator('#fm_title')).toHaveValue('Presenting from your story (second author)');
  await expectNoAxeViolations(second.page);
  await second.page.getByRole('button', { name: 'Save mine anyway (after merging)' }).click();
  await expect(status(second.page)).toContainText('Draft saved');
  await first.context.close();
  await second.context.close();
});

test('keyboard only: Tab to the text, type, Tab to Save draft, Enter', async ({ browser }) => {
  const { context, page } = await signedIn(browser, await author('Keyboard Author'));
  await page.goto(editorUrl('04-leading-inclusive-groups.md'));
  await enhanced(page);
  // Many settings come before the text: the "Skip to the text" link jumps over them.
  const skip = page.getByRole('link', { name: 'Skip to the text' });
  for (let i = 0; i < 30 && !(await skip.evaluate((a) => a === document.activeElement)); i++) await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await expect(page.locator('#body')).toBeFocused();
  await page.keyboard.press('ControlOrMeta+End');
  await page.keyboard.type('\n\nTyped with the keyboard only.');
  for (let i = 0; i < 10 && !(await page.evaluate(() => document.activeElement?.hasAttribute('data-save-button'))); i++) await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await expect(status(page)).toContainText('Draft saved');
  await context.close();
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('"Preview and check" and "Save draft" work as plain forms, keeping every input', async ({ browser }) => {
    const { context, page } = await signedIn(browser, await author('Plain Author'), { javaScriptEnabled: false });
    await page.goto(editorUrl('03-influencing-services-and-systems.md'));
    const body = page.locator('#body');
    const text = await body.inputValue();
    await body.fill(`# A heading that repeats the title\n\n${text}`);
    await page.locator('#fm_title').fill('Influencing services and systems (edited)');
    await page.locator('.editor-actions').getByRole('button', { name: 'Preview and check' }).click();
    await expect(page.locator('#body')).toHaveValue(/^# A heading that repeats the title/);
    await expect(page.locator('#fm_title')).toHaveValue('Influencing services and systems (edited)');
    await expect(page.locator('[data-errors-for="body"]')).toContainText('Line 1 of the text: a top-level heading (# …) repeats the module title — use ## for sections');
    await expect(page.locator('[data-problems]')).toContainText('Go to line 1 of the text');
    // (axe needs JavaScript in the page; the same markup is checked with JavaScript above.)

    // A row button re-renders with one more question, nothing lost.
    const questions = await page.locator('.editor-question').count();
    await page.getByRole('button', { name: 'Add a question' }).click();
    await expect(page.locator('.editor-question')).toHaveCount(questions + 1);
    await expect(page.locator('#body')).toHaveValue(/^# A heading/);

    await page.locator('#body').fill(text);
    await page.locator('.editor-actions').getByRole('button', { name: 'Save draft' }).click();
    await expect(status(page)).toContainText('Draft saved');
    await expect(page.locator('#fm_title')).toHaveValue('Influencing services and systems (edited)');
    await context.close();
  });
});

test('at 375 px the editor is two tabs, Write and Preview, with arrow keys', async ({ browser }) => {
  const { context, page } = await signedIn(browser, await author('Phone Author'), { viewport: { width: 375, height: 800 } });
  await page.goto(editorUrl('02-our-movement.md'));
  await enhanced(page);
  const write = page.getByRole('tab', { name: 'Write' });
  const preview = page.getByRole('tab', { name: 'Preview' });
  await expect(write).toHaveAttribute('aria-selected', 'true');
  await expect(page.locator('#preview-pane')).toBeHidden();
  await shot(page, 'editor-375');
  await write.focus();
  await page.keyboard.press('ArrowRight');
  await expect(preview).toHaveAttribute('aria-selected', 'true');
  await expect(preview).toBeFocused();
  await expect(page.locator('#preview-pane')).toBeVisible();
  await expect(page.locator('#write-pane')).toBeHidden();
  await expectNoAxeViolations(page);
  await page.keyboard.press('ArrowLeft');
  await page.locator('#fm_duration').fill('45 minutes');
  await expect(page.locator('[data-errors-for="fm_duration"]')).toBeVisible();
  await shot(page, 'editor-375-problems');
  await context.close();
});

test('only authors of the course get in: others get 403, signed-out people are asked to sign in', async ({ browser, page }) => {
  const response = await page.goto(editorUrl('course.md'));
  expect(new URL(page.url()).pathname).toBe('/signin');
  expect(response?.status()).toBe(200);
  const trainee = await signedIn(browser, await createAccount('Curious Trainee'));
  const other = await signedIn(browser, await author('Other Course Author', ['peer-support-foundations']));
  for (const { page: p } of [trainee, other]) {
    expect((await p.goto(editorUrl('01-leadership-from-lived-experience.md')))?.status()).toBe(403);
    await expect(p.getByRole('heading', { level: 1 })).toHaveText('You are not an author of this course');
    await expect(p.locator('body')).not.toContainText('correct');
    const preview = await p.request.post(`/author/${COURSE}/preview?file=01-leadership-from-lived-experience.md`, { headers: { Accept: 'application/json', Origin: process.env.E2E_BASE_URL! }, multipart: { body: 'x' } });
    expect(preview.status()).toBe(403);
    expect((await p.request.get(`/author/${COURSE}`)).status()).toBe(403);
  }
  await trainee.context.close();
  await other.context.close();
});

test('a new course from the template; add, move, retire and bring back a module; a picture with alt text', async ({ browser }) => {
  test.setTimeout(60_000);
  const creator = await createAccount('Course Creator', ['author']);
  const { context, page } = await signedIn(browser, creator);
  await page.goto('/author');
  await expect(page.getByRole('link', { name: 'Write courses' })).toBeVisible();
  await page.getByRole('link', { name: 'Start a new course' }).click();
  await page.getByRole('button', { name: 'Create the course' }).click();
  await expect(page.locator('.field__error')).toContainText('Write a title for the course');
  const title = `Listening well ${Date.now().toString(36)}`;
  await page.getByLabel('Course title').fill(title);
  await page.getByRole('button', { name: 'Create the course' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Edit: ${title}`);
  await expect(page.locator('.author-state')).toContainText('Not published yet');
  // The template's example sentences are problems until replaced: nothing unfinished can be published.
  await expect(page.locator('.author-state')).not.toContainText('No problems found.');
  await expectNoAxeViolations(page);
  const slug = new URL(page.url()).pathname.split('/')[2]!;
  await expect(page.getByRole('status')).toContainText('Your new course is ready');

  // Course settings as a form: credit sums, and rows added with a button.
  await page.getByRole('link', { name: 'Course settings (course.md)' }).click();
  await enhanced(page);
  await expect(page.locator('#c_title')).toHaveValue(title);
  await expect(page.locator('[data-credit-sums]')).toHaveText('The units add up to 1 credit and 4 guided learning hours.');
  await page.locator('#u0_credits').fill('2');
  await expect(page.locator('[data-credit-sums]')).toHaveText('The units add up to 2 credits and 4 guided learning hours.');
  await page.getByRole('button', { name: 'Add a criterion' }).click();
  await expect(page.locator('#u0_o0_c1_id')).toBeVisible();
  await expect(page.locator('#u0_credits')).toHaveValue('2');
  await page.locator('#u0_o0_c1_id').fill('1.2');
  await page.locator('#u0_o0_c1_text').fill('Explain the idea to someone else');
  await expect(page.locator('[data-problems]')).toContainText('No module covers assessment criterion U1/1.2 yet.');
  await expectNoAxeViolations(page);
  await page.goto(`/author/${slug}`);

  // Add a module after the first: it opens in the editor.
  await page.getByLabel('Title of the new module').fill('Holding space');
  await page.getByRole('button', { name: 'Add the module' }).click();
  await expect(page).toHaveURL(new RegExp(`/author/${slug}/edit/02-holding-space\\.md`));
  await expect(page.locator('#fm_id')).toHaveValue('holding-space');
  await enhanced(page);

  // A picture: alt text is required; then it is saved and its Markdown inserted.
  const png = path.join(root, 'tests/fixtures/courses/tiny/tiny-course/images/dot.png');
  await page.locator('#upload-file').setInputFiles(png);
  await page.getByRole('button', { name: 'Upload and insert' }).click();
  await expect(page.locator('[data-errors-for="upload-alt"]')).toContainText('Describe the picture');
  await page.locator('#upload-alt').fill('A small dot');
  await page.locator('#upload-file').setInputFiles(png);
  await page.getByRole('button', { name: 'Upload and insert' }).click();
  await expect(page.locator('#body')).toHaveValue(/!\[A small dot\]\(images\/dot\.png\)/);
  await expect(page.locator('[data-preview] img[alt="A small dot"]')).toBeVisible();
  await page.getByRole('button', { name: 'Save draft' }).click();
  await expect(status(page)).toContainText('Draft saved');

  // Move up, retire, bring back.
  await page.goto(`/author/${slug}`);
  await page.getByRole('button', { name: 'Move up: Holding space' }).click();
  await expect(page.locator('.author-module').first()).toContainText('01-holding-space.md');
  await page.getByRole('button', { name: 'Retire: Holding space' }).click();
  await expect(page.getByRole('status')).toContainText('The module was retired');
  await page.getByRole('button', { name: 'Bring back: Holding space' }).click();
  await expect(page.getByRole('status')).toContainText('The module is back in the course');
  await expect(page.locator('.author-module').first()).toContainText('01-holding-space.md');
  await context.close();
});

test.afterAll(() => {
  // Keep the two screenshots the docs use (looked at by hand), when screenshots were taken.
  if (!screenshotsWanted) return;
  const docs = path.join(root, 'docs/images');
  mkdirSync(docs, { recursive: true });
  try {
    copyFileSync(path.join(shots, 'editor-1280-problems.png'), path.join(docs, 'authoring-editor-1280.png'));
    copyFileSync(path.join(shots, 'editor-375.png'), path.join(docs, 'authoring-editor-375.png'));
  } catch {
    // a failed run has no screenshots to copy
  }
});
