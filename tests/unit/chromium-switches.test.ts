/**
 * The browser tests' Chromium switches (tests/support/chromium.ts). Chromium keeps only the last
 * `--disable-features` it is given, so the one we add must still carry every feature Playwright
 * itself turns off (HTTPS upgrades, storage partitioning…), or the browser tests would quietly
 * run a differently configured browser.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { chromiumLaunch, PLAYWRIGHT_DISABLED_FEATURES, UNSEEN_BROWSER_UI } from '../support/chromium.ts';

/** The `disabledFeatures` list in the installed playwright-core's bundled chromiumSwitches. */
function installedPlaywrightDisabledFeatures(): string[] {
  const require = createRequire(import.meta.url);
  const bundle = readFileSync(path.join(path.dirname(require.resolve('playwright-core/package.json')), 'lib/coreBundle.js'), 'utf8');
  const start = bundle.indexOf('disabledFeatures = [');
  expect(start, 'playwright-core has moved its chromiumSwitches: look again at tests/support/chromium.ts').toBeGreaterThan(-1);
  const list = bundle.slice(start, bundle.indexOf('].filter(Boolean)', start));
  return [...list.matchAll(/^\s*"([A-Za-z]+)"/gm)].map((m) => m[1]!);
}

describe('the browser tests’ Chromium switches', () => {
  it('repeat every feature the installed Playwright turns off', () => {
    const installed = installedPlaywrightDisabledFeatures();
    expect(installed.length).toBeGreaterThan(5);
    expect(installed).toContain('HttpsUpgrades');
    expect([...PLAYWRIGHT_DISABLED_FEATURES].sort()).toEqual([...installed].sort());
  });

  it('give one --disable-features with Playwright’s list and the unseen browser UI', () => {
    const given = chromiumLaunch.args.filter((arg) => arg.startsWith('--disable-features='));
    expect(given).toHaveLength(1);
    const features = given[0]!.slice('--disable-features='.length).split(',');
    for (const feature of [...PLAYWRIGHT_DISABLED_FEATURES, ...UNSEEN_BROWSER_UI]) expect(features).toContain(feature);
    expect(chromiumLaunch.args.filter((arg) => arg.startsWith('--enable-features='))).toEqual([]);
  });
});
