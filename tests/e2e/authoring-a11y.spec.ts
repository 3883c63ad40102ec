/**
 * Accessible authoring (issue 17, WCAG 2.2): tabbing through every field of the module and
 * course editors, the sticky Save bar never covers the focused element (SC 2.4.11 Focus Not
 * Obscured); every control is at least 24 by 24 CSS pixels (SC 2.5.8 Target Size); at 375 px
 * the editor is one column with no sideways scrolling and can be filled in and saved.
 */
import type { Browser, Page } from '@playwright/test';
import { createAuthor, signInAs, type TestAccount } from './accounts.ts';
import { copyCourse } from './course-copy.ts';
import { expect, expectNoAxeViolations, screenshot, test } from './fixtures.ts';

const COURSE = 'a11y-e2e-leadership';

test.beforeAll(async () => {
  await copyCourse({ slug: COURSE, title: 'Accessible authoring test course' });
});

let account: TestAccount;
test.beforeAll(async () => {
  account = await createAuthor('Keyboard Tabber', [COURSE]);
});

async function editor(browser: Browser, file: string, viewport: { width: number; height: number }): Promise<Page> {
  const context = await browser.newContext({ baseURL: process.env.E2E_BASE_URL, viewport });
  await signInAs(context, account);
  const page = await context.newPage();
  await page.goto(`/author/${COURSE}/edit/${file}`);
  // The element has run: its toolbar is on the page.
  await expect(page.getByRole('toolbar', { name: 'Formatting' })).toBeVisible();
  return page;
}

/** Every visible field of the editor form that takes focus with Tab. */
const FIELDS = '#editor-form :is(input:not([type=hidden]), textarea, select, button):not([tabindex="-1"])';

interface Step { id: string; top: number; bottom: number; barTop: number; barBottom: number; inBar: boolean; height: number }

/** Presses Tab from the first field until the Save button, recording where the focused element and the Save bar are. */
async function tabThrough(page: Page): Promise<Step[]> {
  await page.locator(FIELDS).first().focus();
  const steps: Step[] = [];
  for (let i = 0; i < 400; i++) {
    const step = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      const bar = document.querySelector('.editor-actions')!.getBoundingClientRect();
      if (!el) return undefined;
      const r = el.getBoundingClientRect();
      return { id: el.id || `${el.tagName.toLowerCase()}[name=${el.getAttribute('name') ?? ''}][value=${el.getAttribute('value') ?? ''}]`, top: r.top, bottom: r.bottom, height: r.height, barTop: bar.top, barBottom: bar.bottom, inBar: Boolean(el.closest('.editor-actions')), inForm: Boolean(el.closest('#editor-form')) };
    });
    if (!step || !step.inForm) break;
    steps.push(step);
    if (step.id === '' || (await page.evaluate(() => document.activeElement?.hasAttribute('data-save-button')))) break;
    await page.keyboard.press('Tab');
  }
  return steps;
}

function expectNeverCovered(steps: Step[]) {
  for (const s of steps) {
    if (s.inBar) continue;
    const label = `${s.id} (top ${Math.round(s.top)}, bottom ${Math.round(s.bottom)}; Save bar ${Math.round(s.barTop)}–${Math.round(s.barBottom)})`;
    if (s.height < s.barTop - 40) {
      // It fits above the bar: none of it may be under the bar.
      expect(s.bottom <= s.barTop + 0.5 || s.top >= s.barBottom - 0.5, label).toBe(true);
    } else {
      // A box taller than the room above the bar (the module text): its top, where typing starts, is in view.
      expect(s.top + 40 <= s.barTop, label).toBe(true);
    }
  }
}

for (const file of ['02-our-movement.md', 'course.md']) {
  test(`${file}: tabbing through every field, the sticky Save bar never covers the focused one (SC 2.4.11)`, async ({ browser }) => {
    test.setTimeout(120_000);
    const page = await editor(browser, file, { width: 1280, height: 720 });
    const steps = await tabThrough(page);
    const visited = new Set(steps.map((s) => s.id));
    const fields = await page.locator(`${FIELDS}:visible`).evaluateAll((els) => els.filter((e) => e.id && !e.closest('[role=toolbar]')).map((e) => e.id));
    // Every field with an id was reached by Tab, ending at Save draft.
    expect(fields.filter((id) => !visited.has(id))).toEqual([]);
    expect(fields.length).toBeGreaterThan(file === 'course.md' ? 30 : 20);
    expect(steps.at(-1)?.inBar).toBe(true);
    expectNeverCovered(steps);
    if (file === 'course.md') {
      // Frameworks are a form too: a framework's name, short name, and its domains as rows.
      // By keyboard, as the test is about keyboard use (a click on a button far up a long page can
      // land while the page is still scrolling to it).
      await page.getByRole('button', { name: 'Add a framework' }).focus();
      await page.keyboard.press('Enter');
      await expect(page.locator('#fw0_title')).toBeVisible();
      await page.locator('#fw0_title').fill('Peer support values');
      await expect(page.locator('[data-problems]')).toContainText('Framework 1 has no domains yet. Choose “Add a domain”.');
      await expect(page.locator('[data-problems]')).toContainText('Framework 1: “Short name” may use only letters, digits, dots and dashes');
      await page.locator('#fw0_title').scrollIntoViewIfNeeded();
      await screenshot(page, 'authoring-a11y/course-frameworks');
    }
    await page.context().close();
  });
}

test('every control in the editor is at least 24 by 24 CSS pixels (SC 2.5.8)', async ({ browser }) => {
  for (const file of ['02-our-movement.md', 'course.md']) {
    const page = await editor(browser, file, { width: 1280, height: 720 });
    const small = await page.locator('main :is(input:not([type=hidden]), textarea, select, button, [role=tab], summary)').evaluateAll((els) =>
      els
        .filter((e) => (e as HTMLElement).offsetParent !== null && !e.classList.contains('visually-hidden'))
        .map((e) => ({ e, r: e.getBoundingClientRect() }))
        .filter(({ r }) => r.width < 24 || r.height < 24)
        .map(({ e, r }) => `${e.tagName.toLowerCase()}#${e.id || e.textContent?.trim().slice(0, 30)}: ${Math.round(r.width)}×${Math.round(r.height)}`),
    );
    expect(small, file).toEqual([]);
    await page.context().close();
  }
});

test('at 375 px the editor is one column, never scrolls sideways, and can be filled in and saved', async ({ browser }) => {
  test.setTimeout(90_000);
  const page = await editor(browser, '02-our-movement.md', { width: 375, height: 740 });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  const wide = await page.locator(`${FIELDS}:visible`).evaluateAll((els) => els.map((e) => ({ id: e.id, r: e.getBoundingClientRect() })).filter(({ r }) => r.left < 0 || r.right > 375).map(({ id, r }) => `${id}: ${Math.round(r.left)}–${Math.round(r.right)}`));
  expect(wide).toEqual([]);
  // One column: the settings and the text are stacked, full width.
  const title = await page.locator('#fm_title').boundingBox();
  const body = await page.locator('#body').boundingBox();
  expect(body!.y).toBeGreaterThan(title!.y);
  expect(Math.abs(body!.x - title!.x)).toBeLessThan(40);
  expect(title!.width).toBeGreaterThan(250);
  await expectNoAxeViolations(page);
  // Usable: change a field with the keyboard and save.
  await page.locator('#fm_title').focus();
  await page.keyboard.press('End');
  await page.keyboard.type(' (phone)');
  const steps = await tabThrough(page);
  expectNeverCovered(steps);
  await page.keyboard.press('Enter');
  await expect(page.locator('[data-editor-status]')).toContainText('Draft saved');
  await screenshot(page, 'authoring-a11y/editor-375');
  await page.context().close();
});
