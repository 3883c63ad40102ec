/**
 * The test browser itself (tests/support/chromium.ts): each Playwright page is a headless
 * Chromium window, and Chromium 156 builds address-bar popups (WebUI pages in renderer
 * processes of their own) for every window unless told not to. Nothing in a test can see them;
 * they were over half of the browser's CPU per new page (docs/TESTING.md, "Timings"). If a
 * Chromium update renames the features, this fails instead of the suite quietly slowing down.
 */
import { expect, test } from './fixtures.ts';

test('a new page opens no address-bar popup pages of the browser’s own', async ({ browser, page, baseURL }) => {
  await page.goto(`${baseURL}/support`);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  const cdp = await browser.newBrowserCDPSession();
  const { targetInfos } = (await cdp.send('Target.getTargets', { filter: [{}] })) as { targetInfos: { type: string; url: string }[] };
  await cdp.detach();
  expect(targetInfos.some((t) => t.type === 'page' && t.url.endsWith('/support'))).toBe(true);
  expect(targetInfos.filter((t) => t.url.startsWith('chrome://')).map((t) => t.url)).toEqual([]);
});
