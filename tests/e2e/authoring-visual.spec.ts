/**
 * The visual mode of the module editor (issue 17), keyboard only: no mouse click anywhere.
 * A new author creates a course, replaces the example text, writes a module in the visual mode
 * with a content note and a knowledge check, gets a plain-words problem, fixes it, previews the
 * whole draft, publishes; a trainee reads it. axe finds nothing on each editor page, in both
 * modes. Also: the visual mode writes the same Markdown the text box holds (switching back
 * shows it), and it works at 375 px.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Locator, Page } from '@playwright/test';
import { createAccount, signInAs, type TestAccount } from './accounts.ts';
import { expect, expectNoAxeViolations, screenshot, test } from './fixtures.ts';

async function signedIn(browser: Browser, account: TestAccount, viewport = { width: 1280, height: 900 }): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ baseURL: process.env.E2E_BASE_URL, viewport });
  await signInAs(context, account);
  return { context, page: await context.newPage() };
}

async function isFocused(target: Locator): Promise<boolean> {
  return target.evaluate((el) => el.matches(':focus')).catch(() => false);
}

/**
 * Presses Tab until `target` has focus: proves it can be reached from the keyboard. Like a
 * keyboard user, it goes back with Shift+Tab when the target is above the focused element
 * (going forward round the whole page was ~500 key presses, most of this spec's time).
 */
async function tabTo(page: Page, target: Locator) {
  await expect(target).toBeVisible();
  const back = await target.evaluate((el) => {
    const focused = document.activeElement;
    return focused !== null && focused !== document.body && Boolean(el.compareDocumentPosition(focused) & Node.DOCUMENT_POSITION_FOLLOWING);
  });
  for (let i = 0; i < 400; i++) {
    if (await isFocused(target)) return;
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
  }
  throw new Error(`Could not reach ${target} with the Tab key`);
}

/** Tabs to a text field and replaces what is in it. */
async function retype(page: Page, target: Locator, text: string) {
  await tabTo(page, target);
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText(text);
}

/** Tabs to a button or link and presses Enter. */
async function activate(page: Page, target: Locator) {
  await tabTo(page, target);
  await page.keyboard.press('Enter');
}

/** Moves along the visual toolbar with the arrow keys (one Tab stop) and presses the named button. */
async function tool(page: Page, name: string) {
  const toolbar = page.getByRole('toolbar', { name: 'Visual formatting' });
  const wanted = toolbar.getByRole('button', { name, exact: true });
  // Some buttons show only for where the cursor is (a picture beside it, a box around it):
  // wait for the toolbar to show it, so a slow redraw fails here by name, not after 30 presses.
  await expect(wanted).toHaveCount(1);
  await tabTo(page, toolbar.locator('button[tabindex="0"]'));
  for (let i = 0; i < 30 && !(await isFocused(wanted)); i++) await page.keyboard.press('ArrowRight');
  expect(await isFocused(wanted), `toolbar button ${name}`).toBe(true);
  await page.keyboard.press('Enter');
}

async function saveDraft(page: Page) {
  await activate(page, page.getByRole('button', { name: 'Save draft' }));
  await expect(page.locator('[data-editor-status]')).toContainText('Draft saved');
}

test('a new author writes a module in the visual mode, fixes a plain-words problem, previews, publishes; a trainee reads it (keyboard only)', async ({ browser }) => {
  test.setTimeout(300_000); // a guard against hangs: a long keyboard-only journey with axe scans
  const stamp = Date.now().toString(36);
  const title = `Listening course ${stamp}`;
  const slug = `listening-course-${stamp}`;
  const { context, page } = await signedIn(browser, await createAccount('Visual Author', ['author']));

  // 1. A new course from the template.
  await page.goto('/author/new');
  await expectNoAxeViolations(page);
  await retype(page, page.getByLabel('Course title'), title);
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(new RegExp(`/author/${slug}\\?done=created`));

  // 2. course.md: replace the example text (the form's own fields; the introduction as Markdown).
  await page.goto(`/author/${slug}/edit/course.md`);
  await expect(page.getByRole('toolbar', { name: 'Formatting' })).toBeVisible();
  await expectNoAxeViolations(page);
  await retype(page, page.locator('#c_summary'), 'How to listen well to someone who is struggling, as a peer.');
  await retype(page, page.locator('#c_audience'), 'New peer supporters in their first month.');
  await tabTo(page, page.locator('#c_enrolment'));
  await page.keyboard.press('ArrowUp'); // "Anyone signed in"
  await expect(page.locator('#c_enrolment')).toHaveValue('open');
  await retype(page, page.locator('#u0_title'), 'Listening as a peer');
  await retype(page, page.locator('#u0_o0_text'), 'Understand what good listening is');
  await retype(page, page.locator('#u0_o0_c0_text'), 'Describe two ways to show you are listening');
  await retype(page, page.locator('#body'), 'This short course is about listening. You can stop and come back at any time.\n');
  await saveDraft(page);

  // 3. The module: a reflection prompt and a knowledge check in the form.
  await page.goto(`/author/${slug}/edit/01-introduction.md`);
  await expect(page.getByRole('toolbar', { name: 'Formatting' })).toBeVisible();
  await expectNoAxeViolations(page);
  await retype(page, page.locator('#fm_prompt_0'), 'When did someone really listen to you? What did they do?');
  await activate(page, page.getByRole('button', { name: 'Add a question' }));
  await retype(page, page.locator('#q0_question'), 'Which of these shows you are listening?');
  await retype(page, page.locator('#q0_o0_text'), 'Saying back what you heard, in your own words');
  await retype(page, page.locator('#q0_o0_feedback'), 'Yes. Reflecting back shows you heard them.');
  await retype(page, page.locator('#q0_o1_text'), 'Checking your phone while they talk');
  await retype(page, page.locator('#q0_o1_feedback'), 'Not this one. It tells the person they are not your focus.');

  // 4. The text, in the visual mode.
  const visual = page.getByRole('button', { name: 'Visual', exact: true });
  await activate(page, visual);
  await expect(visual).toHaveAttribute('aria-pressed', 'true');
  const text = page.getByRole('textbox', { name: 'Text of the module (visual)' });
  await expect(text).toBeFocused();
  await expect(page.locator('#body')).toBeHidden();
  await expectNoAxeViolations(page);
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Delete');
  await page.keyboard.type('This module is about listening.');
  await page.keyboard.press('Enter');
  await page.keyboard.type('It mentions feeling very low.');
  await tool(page, 'Content note');
  await expect(text.locator('.callout--content-note')).toContainText('It mentions feeling very low.');
  await page.keyboard.press('End');
  await page.keyboard.press('Enter');
  await page.keyboard.press('Enter'); // an empty line at the end of a box leaves the box
  await page.keyboard.type('Listening well');
  await tool(page, 'Section heading');
  await expect(text.locator('h2')).toHaveText('Listening well');
  await page.keyboard.press('End');
  await page.keyboard.press('Enter');
  await page.keyboard.type('Give the person your ');
  await page.keyboard.press('Control+B');
  await page.keyboard.type('full attention');
  await page.keyboard.press('Control+B');
  await page.keyboard.type('.');
  await page.keyboard.press('Enter');
  await page.keyboard.type('Say back what you heard');
  await tool(page, 'Bullet list');
  await page.keyboard.press('End');
  await page.keyboard.press('Enter');
  await page.keyboard.type('Ask before giving advice');
  await page.keyboard.press('Enter');
  await page.keyboard.press('Enter'); // an empty item at the end of a list leaves the list
  await page.keyboard.type('Listening is a skill you can practise.');
  await tool(page, 'Content note');
  await tool(page, 'Key point'); // the same box, now a key point
  await expect(text.locator('.callout--key-point')).toContainText('Listening is a skill you can practise.');
  await expect(page.getByRole('button', { name: 'Key point', exact: true })).toHaveAttribute('aria-pressed', 'true');
  // The box title, from a small form: Enter applies it (Escape would close it).
  await tool(page, 'Box title');
  await expect(page.getByLabel('Title shown on the box (optional)')).toBeFocused();
  await page.keyboard.insertText('Remember');
  await expectNoAxeViolations(page);
  await screenshot(page, 'authoring-visual/box-title-form', { part: page.locator('[data-visual]') });
  await page.keyboard.press('Enter');
  await expect(text.locator('.callout--key-point .callout__title')).toHaveText('Key point box: Remember');
  await expect(text).toBeFocused();
  await expectNoAxeViolations(page);
  await screenshot(page, 'authoring-visual/visual-1280', { part: page.locator('[data-field="body"]') });

  // The Markdown text box holds the same text, ready to post.
  const markdown = await page.locator('#body').inputValue();
  expect(markdown).toBe(
    'This module is about listening.\n\n::: content-note\nIt mentions feeling very low.\n:::\n\n## Listening well\n\nGive the person your **full attention**.\n\n- Say back what you heard\n- Ask before giving advice\n\n::: key-point Remember\nListening is a skill you can practise.\n:::\n',
  );

  // 5. A plain-words problem: no answer is marked correct. The live check says so in the form's words.
  const problem = 'Question 1 needs one answer marked “This answer is correct”';
  await activate(page, page.locator('[data-preview-button]'));
  await expect(page.locator('[data-problems]')).toContainText(problem);
  await expect(page.locator('[data-problems]')).not.toContainText('knowledge_check');
  await expectNoAxeViolations(page);
  await tabTo(page, page.locator('#q0_o0_correct'));
  await page.keyboard.press('Space');
  await expect(page.locator('#q0_o0_correct')).toBeChecked();
  await expect(page.locator('[data-problems]')).not.toContainText(problem);
  await expect(page.locator('[data-problems]')).toContainText('No problems found');
  await saveDraft(page);
  const file = path.join(process.env.E2E_COURSES_DIR!, slug, '01-introduction.md');
  expect(readFileSync(file, 'utf8')).toContain(markdown.trimEnd());

  // Back to Markdown: the same text, nothing lost; the choice is remembered on the next visit.
  await activate(page, page.getByRole('button', { name: 'Markdown text', exact: true }));
  await expect(page.locator('#body')).toBeVisible();
  await expect(page.locator('#body')).toHaveValue(markdown);
  await expectNoAxeViolations(page);
  await activate(page, visual);
  await page.reload();
  await expect(page.getByRole('textbox', { name: 'Text of the module (visual)' })).toBeVisible();

  // 6. The whole draft, as trainees will see it: the content note box, the knowledge check without answers.
  await page.goto(`/author/${slug}`);
  await activate(page, page.getByRole('link', { name: 'Preview the whole draft' }));
  await expect(page).toHaveURL(new RegExp(`/author/${slug}/draft$`));
  await activate(page, page.locator('.module-list').getByRole('link', { name: 'Introduction' }));
  await expect(page.locator('.callout--content-note')).toContainText('It mentions feeling very low.');
  await expect(page.getByRole('heading', { name: 'Listening well' })).toBeHidden(); // behind the content-note gate
  await activate(page, page.getByRole('button', { name: 'Show the module' }));
  await expect(page.getByRole('heading', { name: 'Listening well' })).toBeVisible();
  await expect(page.locator('[data-draft-check]')).toContainText('Which of these shows you are listening?');
  await expect(page.locator('[data-draft-check]')).not.toContainText('Reflecting back shows you heard them');

  // 7. Publish.
  await page.goto(`/author/${slug}/publish`);
  await expect(page.locator('.ah-ok')).toBeVisible();
  await activate(page, page.getByRole('button', { name: 'Publish now' }));
  await expect(page.locator('.ah-state')).toContainText('Trainees read version');
  await context.close();

  // 8. A trainee reads it.
  const trainee = await signedIn(browser, await createAccount('Visual Reader'));
  await trainee.page.goto(`/courses/${slug}/introduction`);
  await expect(trainee.page.locator('.callout--content-note')).toContainText('It mentions feeling very low.');
  await expect(trainee.page.getByRole('heading', { name: 'Listening well' })).toBeVisible();
  await expect(trainee.page.locator('.callout--key-point')).toContainText('Key point: Remember');
  await expect(trainee.page.locator('strong', { hasText: 'full attention' })).toBeVisible();
  await trainee.context.close();
});

test('the visual mode at 375 px: stacked, usable, no sideways scrolling; pictures need a description; a text it would change stays in Markdown', async ({ browser }) => {
  test.setTimeout(120_000); // a guard against hangs: many key presses, slower beside another spec
  const account = await createAccount('Narrow Visual Author', ['author']);
  const { context, page } = await signedIn(browser, account, { width: 375, height: 800 });
  await page.goto('/author/new');
  const stamp = Date.now().toString(36);
  await retype(page, page.getByLabel('Course title'), `Narrow course ${stamp}`);
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(new RegExp(`/author/narrow-course-${stamp}\\?done=created`));
  await page.goto(`/author/narrow-course-${stamp}/edit/01-introduction.md`);
  const before = await page.locator('#body').inputValue();
  await activate(page, page.getByRole('button', { name: 'Visual', exact: true }));
  const text = page.getByRole('textbox', { name: 'Text of the module (visual)' });
  await expect(text).toBeFocused();
  await expect(text).toBeInViewport(); // the focused text is on screen, not below the toolbar
  await expect(text.locator('.callout--activity .callout__title')).toHaveText('Activity box: Try this');
  // Opening the visual mode changes nothing in the text.
  expect(await page.locator('#body').inputValue()).toBe(before);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  for (const button of await page.getByRole('toolbar', { name: 'Visual formatting' }).getByRole('button').all()) {
    const box = (await button.boundingBox())!;
    expect(box.width >= 24 && box.height >= 24, await button.innerText()).toBe(true);
  }
  await expectNoAxeViolations(page);
  await screenshot(page, 'authoring-visual/visual-375-text');
  await page.locator('[data-visual]').evaluate((el) => el.scrollIntoView({ block: 'start', behavior: 'instant' }));
  await screenshot(page, 'authoring-visual/visual-375');
  await page.keyboard.press('End');
  await page.keyboard.type(' More.');
  await expect(page.locator('#body')).not.toHaveValue(before);

  // A link: select words with the keyboard, "Link", type the address, Enter.
  for (let i = 0; i < 5; i++) await page.keyboard.press('Shift+ArrowLeft');
  await tool(page, 'Link');
  await expect(page.getByLabel('Web address or module file for the link')).toBeFocused();
  await page.keyboard.insertText('https://www.mind.org.uk');
  await page.keyboard.press('Enter');
  await expect(text.getByRole('link', { name: 'More.' })).toHaveAttribute('href', 'https://www.mind.org.uk');
  await expect(page.locator('#body')).toHaveValue(/ \[More\.\]\(https:\/\/www\.mind\.org\.uk\)/);

  // A picture: "Picture" leads to the upload form (file and description); it lands at the cursor.
  await page.keyboard.press('Control+End');
  await tool(page, 'Picture');
  await expect(page.locator('#upload-file')).toBeFocused();
  await page.locator('#upload-file').setInputFiles(path.join(import.meta.dirname, '../fixtures/courses/tiny/tiny-course/images/dot.png'));
  await retype(page, page.locator('#upload-alt'), 'A small dot');
  await activate(page, page.getByRole('button', { name: 'Upload and insert' }));
  await expect(text.locator('img[alt="A small dot"]')).toBeVisible();
  await expect(page.locator('#body')).toHaveValue(/!\[A small dot\]\(images\/dot\.png\)/);
  // A picture with no description is marked; with the cursor beside it, "Picture description" adds one.
  await activate(page, page.getByRole('button', { name: 'Markdown text', exact: true }));
  await retype(page, page.locator('#body'), 'A picture: ![](images/dot.png)\n');
  await activate(page, page.getByRole('button', { name: 'Visual', exact: true }));
  await expect(text).toContainText('This picture needs a description');
  await expect(text).toBeFocused(); // Ctrl+End must move the cursor in the text, not scroll the page
  await page.keyboard.press('Control+End');
  await tool(page, 'Picture description');
  await page.keyboard.press('Enter'); // empty: refused, with the reason
  await expect(page.locator('#visual-panel-error')).toContainText('Describe the picture in a few words');
  await page.keyboard.insertText('A small round dot');
  await page.keyboard.press('Enter');
  await expect(text.locator('img[alt="A small round dot"]')).toBeVisible();
  await expect(text).not.toContainText('This picture needs a description');
  await expect(page.locator('#body')).toHaveValue('A picture: ![A small round dot](images/dot.png)\n');

  // A text the visual mode would change (a box inside a list item, with no blank line before it) stays in Markdown, untouched.
  await activate(page, page.getByRole('button', { name: 'Markdown text', exact: true }));
  const broken = '- Item\n  ::: key-point\n  Inside.\n  :::\n';
  await retype(page, page.locator('#body'), broken);
  await activate(page, page.getByRole('button', { name: 'Visual', exact: true }));
  await expect(page.locator('[data-editor-status]')).toContainText('stays in Markdown text mode. Nothing was changed.');
  await expect(page.locator('#body')).toBeVisible();
  await expect(page.locator('#body')).toHaveValue(broken);
  await expect(page.getByRole('button', { name: 'Visual', exact: true })).toHaveAttribute('aria-pressed', 'false');
  await context.close();
});
