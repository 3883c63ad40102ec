/**
 * Fair knowledge checks in the browser: the order of options is shuffled per person, module
 * and attempt, so ticking the first option everywhere fails most checks; the history shows the
 * order each attempt used; a wait between attempts is kept; a form from before another attempt
 * is shown again. Runs on its own site and PocketBase (split from knowledge-checks.spec.ts so
 * the two files run side by side).
 */
import path from 'node:path';
import type { Page } from '@playwright/test';
import { test as base } from '@playwright/test';
import PocketBase from 'pocketbase';
import { loadCourses } from '../../src/lib/courses/course-fs.ts';
import type { Course, Module } from '../../src/lib/courses/course.ts';
import { serviceClient as fairServiceClient } from '../support/fixtures-pb.ts';
import { stackPerWorker, type TestStack } from '../support/stack.ts';
import { expect, screenshot } from './fixtures.ts';

const root = path.resolve(import.meta.dirname, '../..');
// ---------------------------------------------------------------------------------------------
// Fair checks: a course whose right answers are all written first (tests/fixtures/courses/
// knowledge-checks), on its own site and PocketBase. Each trainee has a fixed id, so every
// attempt's order (seeded by person, module and round) is the same on every run: the results
// below are deterministic, never a matter of luck.

const fairCourses = loadCourses(path.join(root, 'tests/fixtures/courses/knowledge-checks'), root).courses;
const fairCourse = fairCourses[0] as Course;
const fairModule = (id: string) => fairCourse.modules.find((m) => m.id === id) as Module;
/** Attempts per module for the first-option ticker (the wait module allows one). */
const ATTEMPTS: Record<string, number> = { 'six-questions': 3, pool: 3, mixed: 3, wait: 1 };
const FAIR_PASSWORD = 'correct-horse-battery';

const fair = base.extend<{ fairSignIn: (id: string) => Promise<void> }, { fairStack: TestStack }>({
  fairStack: stackPerWorker({ coursesDir: 'tests/fixtures/courses/knowledge-checks' }),
  baseURL: async ({ fairStack }, use) => use(fairStack.baseURL),
  /** Makes the trainee with this fixed id (15 letters and digits) and signs the browser in. */
  fairSignIn: async ({ fairStack, context }, use) => {
    const service = await fairServiceClient(fairStack.pb);
    await use(async (id) => {
      const email = `${id}@example.test`;
      await service.collection('users').create({ id, email, password: FAIR_PASSWORD, passwordConfirm: FAIR_PASSWORD, display_name: 'Tick First', role: ['trainee'], verified: true });
      const pb = new PocketBase(fairStack.pb.url);
      const auth = await pb.collection('users').authWithPassword(email, FAIR_PASSWORD);
      await context.addCookies([{ name: 'll_session', value: auth.token, url: fairStack.baseURL, httpOnly: true, sameSite: 'Lax' }]);
    });
  },
});

/** The options as the page shows them: per question id, the option identities in page order. */
async function shownOrder(page: Page): Promise<Record<string, number[]>> {
  return page.locator('fieldset[data-kc-question]').evaluateAll((sets) =>
    Object.fromEntries(sets.map((f) => [(f as HTMLElement).dataset['kcQuestion']!, [...f.querySelectorAll('input')].map((i) => Number(i.value))])),
  );
}

/** Loads a page afresh (a plain goto to the same address with a #fragment only scrolls). */
async function load(page: Page, url: string) {
  await page.goto('about:blank');
  await page.goto(url);
}

/** Ticks the first option shown in every question, then presses the button. */
async function tickFirstShown(page: Page) {
  for (const fieldset of await page.locator('fieldset[data-kc-question]').all()) await fieldset.locator('input').first().check();
  await page.getByRole('button', { name: 'Check my answers' }).click();
}

/** Every module, every attempt: tick the first option shown. Returns the passes and each attempt's order. */
async function firstOptionEverywhere(page: Page) {
  let passes = 0;
  let checks = 0;
  const orders = new Map<string, Record<string, number[]>[]>();
  for (const module of fairCourse.modules) {
    const url = `/courses/${fairCourse.slug}/${module.id}`;
    for (let i = 0; i < ATTEMPTS[module.id]!; i++) {
      await load(page, `${url}#knowledge-check`);
      const order = await shownOrder(page);
      orders.set(module.id, [...(orders.get(module.id) ?? []), order]);
      expect(Object.keys(order)).toHaveLength(module.knowledgeCheck!.ask ?? module.knowledgeCheck!.questions.length);
      await tickFirstShown(page);
      const summary = page.locator('.kc-summary');
      await expect(summary).toContainText(/You got \d+ out of \d+ right\./);
      // The score is exactly the questions whose right answer (written first) happened to be shown first.
      const lucky = Object.values(order).filter((o, q) => o[0] === 0 && module.knowledgeCheck!.questions.find((x) => x.id === Object.keys(order)[q])!.type === 'single').length;
      await expect(summary).toContainText(`You got ${lucky} out of ${Object.keys(order).length} right.`);
      checks += 1;
      if ((await summary.textContent())!.includes('You passed this check')) passes += 1;
    }
  }
  return { passes, checks, orders };
}

/** Opens each attempt from the history (oldest last) and reads the order it shows. */
async function historyOrders(page: Page, module: Module): Promise<Record<string, number[]>[]> {
  await load(page, `/courses/${fairCourse.slug}/${module.id}#knowledge-check`);
  const links = await page.locator('.kc-history tbody tr').getByRole('link', { name: /See this attempt, from/ }).evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).href));
  const seen: Record<string, number[]>[] = [];
  for (const href of links.reverse()) {
    await page.goto(href);
    await expect(page.locator('.kc-note')).toContainText('in the order you saw them');
    seen.push(await shownOrder(page));
  }
  return seen;
}

for (const javaScriptEnabled of [true, false]) {
  fair.describe(`first-option ticking, ${javaScriptEnabled ? 'with' : 'without'} JavaScript`, () => {
    fair.use({ javaScriptEnabled });

    fair('fails most checks, and the history shows the order each attempt used', async ({ page, fairSignIn }) => {
      fair.slow();
      await fairSignIn(javaScriptEnabled ? 'tickfirstjs0001' : 'tickfirstnojs01');
      const { passes, checks, orders } = await firstOptionEverywhere(page);
      expect(checks).toBe(10);
      expect(passes, `${passes} of ${checks} checks passed by ticking the first option`).toBeLessThan(checks / 2);

      for (const module of fairCourse.modules) {
        const taken = orders.get(module.id)!;
        expect(await historyOrders(page, module)).toEqual(taken);
        if (taken.length > 1) expect(new Set(taken.map((o) => JSON.stringify(o))).size, module.id).toBe(taken.length);
      }
      // A question whose author fixed the order ("None of these" last) keeps it in every attempt.
      for (const order of orders.get('mixed')!) expect(order['q4']).toEqual([0, 1, 2, 3]);
      await page.goto(`/courses/${fairCourse.slug}/mixed#knowledge-check`);
      await expect(page.locator('fieldset[data-kc-question="q4"] label').last()).toHaveText('None of these');
      await screenshot(page, `kc-fair-${javaScriptEnabled ? 'js' : 'nojs'}`, { part: page.locator('section.knowledge-check') });
    });
  });
}

fair.describe('a wait between attempts', () => {
  fair('the page says when they can try again, and the server refuses an attempt before then', async ({ page, fairSignIn, baseURL }) => {
    await fairSignIn('waitingtrainee1');
    const module = fairModule('wait');
    const url = `/courses/${fairCourse.slug}/${module.id}`;
    await page.goto(`${url}#knowledge-check`);
    await expect(page.locator('.kc-wait-note')).toContainText('a wait of 10 minutes');
    const order = await shownOrder(page);
    await tickFirstShown(page);
    await expect(page.locator('.kc-summary')).toBeVisible();

    await load(page, `${url}#knowledge-check`);
    await expect(page.locator('.kc-wait')).toContainText('You can try again from');
    await expect(page.getByRole('button', { name: 'Check my answers' })).toHaveCount(0);
    await expect(page.locator('.kc-summary')).toContainText(/You got \d+ out of 4 right\./);
    await screenshot(page, 'kc-fair-wait', { part: page.locator('section.knowledge-check') });

    // Straight to the server, as the plain form and as the element would send it.
    const fields = new URLSearchParams({ course: fairCourse.slug, module: module.id, sitting: 'r1' });
    for (const id of Object.keys(order)) fields.append(`answer:${id}`, '0');
    const headers = { Origin: baseURL!, 'Content-Type': 'application/x-www-form-urlencoded' };
    const plain = await page.request.post('/checks', { data: fields.toString(), headers, maxRedirects: 0 });
    expect(plain.status()).toBe(429);
    expect(Number(plain.headers()['retry-after'])).toBeGreaterThan(0);
    expect(await plain.text()).toContain('You can try again from');
    const json = await page.request.post('/checks', { data: fields.toString(), headers: { ...headers, Accept: 'application/json' } });
    expect(json.status()).toBe(429);
    expect((await json.json()).error).toContain('this check asks for a short break between attempts');
    await load(page, `${url}#knowledge-check`);
    await expect(page.locator('.kc-history tbody tr')).toHaveCount(1);
  });
});

fair.describe('a form from before another attempt, without JavaScript', () => {
  fair.use({ javaScriptEnabled: false });

  fair('is shown again in the current order with the answers kept, and nothing is stored', async ({ page, context, fairSignIn }) => {
    await fairSignIn('twotabstrainee1');
    const url = `/courses/${fairCourse.slug}/six-questions#knowledge-check`;
    await page.goto(url);
    const other = await context.newPage();
    await other.goto(url);
    await expect(other.locator('input[name=sitting]')).toHaveValue('r0');

    // A background tab gets no animation frames, and Playwright waits for frames before it
    // clicks (15 s here): bring each tab to the front before using it, as a person would.
    await page.bringToFront();
    await tickFirstShown(page); // attempt 1, in the first tab
    await expect(page.locator('.kc-summary')).toBeVisible();

    await other.bringToFront();
    for (const fieldset of await other.locator('fieldset[data-kc-question]').all()) await fieldset.locator('input[value="0"]').check();
    const [response] = await Promise.all([other.waitForResponse((r) => r.url().endsWith('/checks')), other.getByRole('button', { name: 'Check my answers' }).click()]);
    expect(response.status()).toBe(409);
    await expect(other.locator('.kc-problem')).toContainText('the questions have been shuffled again');
    await expect(other.locator('input[name=sitting]')).toHaveValue('r1');
    await expect(other.locator('fieldset[data-kc-question] input:checked')).toHaveCount(6);
    await screenshot(other, 'kc-fair-stale');

    await other.getByRole('button', { name: 'Check my answers' }).click();
    await expect(other.locator('.kc-summary')).toContainText('You got 6 out of 6 right.');
    await expect(other.locator('.kc-history tbody tr')).toHaveCount(2);
  });
});
