import axe from 'axe-core';
import { test as base, expect, type Browser, type Locator, type Page } from '@playwright/test';

/** A console message saying the Content-Security-Policy blocked something (a script, a style, an inline handler). */
export const CSP_VIOLATION = /Content Security Policy|Content-Security-Policy/i;

/**
 * Tests get the running stack's address as baseURL. Every page also fails its test when the
 * browser reports a Content-Security-Policy violation, so each spec checks that the policy
 * (astro.config.mjs, security.csp) does not break what it exercises.
 */
/** The worker's browser once a test has asked for it: Playwright starts it on first use. */
let workerBrowser: Browser | undefined;

export const test = base.extend<{ closeContextsOfTheTest: void }>({
  browser: [
    async ({ browser }, use) => {
      workerBrowser = browser;
      await use(browser);
      workerBrowser = undefined;
    },
    { scope: 'worker' },
  ],
  /**
   * Closes the browser contexts a test opened with `browser.newContext()` and left open, once
   * it has passed: otherwise they live on in the worker's browser for the rest of its files
   * (19 pages of earlier tests were in one failure's screenshots). A failed test's contexts
   * stay open so the failure screenshots show them. It never starts a browser itself, so a
   * worker whose tests only send requests starts none.
   */
  closeContextsOfTheTest: [
    async ({}, use, testInfo) => {
      const before = new Set(workerBrowser?.contexts() ?? []);
      await use();
      if (testInfo.status !== testInfo.expectedStatus || !workerBrowser) return;
      await Promise.all(workerBrowser.contexts().filter((context) => !before.has(context)).map((context) => context.close().catch(() => undefined)));
    },
    { auto: true },
  ],
  baseURL: async ({}, use) => {
    const url = process.env.E2E_BASE_URL;
    if (!url) throw new Error('E2E_BASE_URL is not set: run through playwright.config.ts (global setup starts the site).');
    await use(url);
  },
  page: async ({ page }, use) => {
    const violations: string[] = [];
    page.on('console', (message) => {
      if (CSP_VIOLATION.test(message.text())) violations.push(`${page.url()}: ${message.text()}`);
    });
    await use(page);
    expect(violations, 'Content-Security-Policy violations').toEqual([]);
  },
});

export { expect };

/** The axe rules run on every scan: WCAG 2.2 AA and the A/AA rules of earlier versions. */
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/**
 * Runs axe at WCAG 2.2 AA (and the A/AA rules of earlier versions) and fails with the list of violations.
 *
 * axe is put into the page once and `axe.run` is called there, asking for violations only
 * (`resultTypes`: every rule still runs on every element; only the failing ones are collected).
 * This costs about a quarter of `@axe-core/playwright`'s `analyze()`, which injects axe (~0.5 MB
 * of script) twice or more and opens a blank tab (a new renderer process) per scan to merge
 * per-frame results (docs/TESTING.md, "Timings"). It checks the same rules. It scans the top
 * document only, so a page with a frame fails here rather than going half-checked (the site
 * embeds none; its CSP has `frame-ancestors 'none'`).
 */
export async function expectNoAxeViolations(page: Page) {
  expect(page.frames().map((frame) => frame.url()), `a frame on ${page.url()}: scan it too before allowing frames`).toHaveLength(1);
  await page.evaluate(axe.source);
  const violations = await page.evaluate(async (tags) => {
    const inPage = (window as unknown as { axe: typeof axe }).axe;
    const results = await inPage.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
    return results.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => n.target.join(' ')) }));
  }, AXE_TAGS);
  const summary = violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.targets.slice(0, 3).join(', ')}`);
  expect(summary, `${summary.length} accessibility violation(s) on ${page.url()}`).toEqual([]);
}

/**
 * Screenshots to look at by hand: nothing compares them, so they are taken only when
 * `E2E_SCREENSHOTS=1` (CI skips them). Files go to `test-results/screenshots/<name>.png`,
 * or `<name>-<width>.png` when `widths` is given.
 */
export const screenshotsWanted = process.env.E2E_SCREENSHOTS === '1';
export const SCREENSHOT_DIR = 'test-results/screenshots';

export interface ScreenshotOptions {
  /** Whole page rather than the viewport (pages only). */
  fullPage?: boolean;
  /** Take one at each of these widths (900 px high), then put the viewport back as it was. */
  widths?: number[];
  /** Shoot only this part of the page. */
  part?: Locator;
}

export async function screenshot(page: Page, name: string, options: ScreenshotOptions = {}): Promise<void> {
  if (!screenshotsWanted) return;
  const { fullPage = false, widths, part } = options;
  const take = (file: string) =>
    part ? part.screenshot({ path: `${SCREENSHOT_DIR}/${file}.png` }) : page.screenshot({ path: `${SCREENSHOT_DIR}/${file}.png`, fullPage });
  if (!widths) return void (await take(name));
  const before = page.viewportSize();
  for (const width of widths) {
    await page.setViewportSize({ width, height: 900 });
    await take(`${name}-${width}`);
  }
  if (before) await page.setViewportSize(before);
}
