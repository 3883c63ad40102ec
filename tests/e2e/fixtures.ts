import AxeBuilder from '@axe-core/playwright';
import { test as base, expect, type Locator, type Page } from '@playwright/test';

/** A console message saying the Content-Security-Policy blocked something (a script, a style, an inline handler). */
export const CSP_VIOLATION = /Content Security Policy|Content-Security-Policy/i;

/**
 * Tests get the running stack's address as baseURL. Every page also fails its test when the
 * browser reports a Content-Security-Policy violation, so each spec checks that the policy
 * (astro.config.mjs, security.csp) does not break what it exercises.
 */
export const test = base.extend({
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
 * Two settings make a scan about half as costly without changing what is checked
 * (docs/TESTING.md, "Timings"): `resultTypes: ['violations']` makes axe collect the failing
 * elements only (every rule still runs on every element), and legacy mode runs `axe.run` in the
 * page itself instead of opening a blank tab (a new renderer process) and injecting axe a
 * second time to merge per-frame results. Legacy mode cannot reach cross-origin frames; the
 * site has none (its CSP is `frame-ancestors 'none'` and no page embeds a frame), and the
 * `frame-tested` rule that would report one is not among these tags.
 */
export async function expectNoAxeViolations(page: Page) {
  const results = await new AxeBuilder({ page }).options({ resultTypes: ['violations'] }).withTags(AXE_TAGS).setLegacyMode(true).analyze();
  const summary = results.violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
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
