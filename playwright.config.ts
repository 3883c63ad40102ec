import { defineConfig } from '@playwright/test';
import { chromiumLaunch } from './tests/support/chromium.ts';

/** Debian's Chromium with the switches the browser tests use (tests/support/chromium.ts). */
export { chromiumLaunch } from './tests/support/chromium.ts';

/**
 * Long spec files that sort late in the alphabet: Playwright hands files to workers in the
 * order of the projects, then by name, so these go first and the run does not end with one
 * long file on one worker while the others stand idle (docs/TESTING.md, "Timings").
 */
const LONG_FILES_FIRST = ['discussion', 'enrolment', 'knowledge-checks', 'knowledge-checks-fair', 'qa', 'ratings', 'reflections', 'staff'];
const longFile = new RegExp(`/(${LONG_FILES_FIRST.join('|')})\\.spec\\.ts$`);

export default defineConfig({
  testDir: 'tests/e2e',
  // The built site and a real PocketBase are started once for the whole run.
  globalSetup: './tests/e2e/global-setup.ts',
  // Three workers (E2E_WORKERS to change it): measured against two (cores left idle) and four
  // (more CPU for the same work) (docs/TESTING.md, "Timings"). Each spec file runs in one
  // worker, its tests in order, unless the file says its tests may run in parallel; files run
  // side by side against the one shared stack, so every test makes its own data
  // (docs/TESTING.md, "Rules for browser tests").
  fullyParallel: false,
  workers: Number(process.env.E2E_WORKERS ?? 3),
  retries: 0,
  // A guard against hangs, not a speed check: with three workers on two (shared) cores a long
  // journey with axe scans can take over 30 s.
  timeout: 60_000,
  reporter: 'list',
  use: {
    browserName: 'chromium',
    launchOptions: chromiumLaunch,
    trace: 'off',
    screenshot: 'only-on-failure',
  },
  outputDir: 'test-results',
  projects: [
    { name: 'site, long files', testMatch: longFile },
    { name: 'site', testIgnore: [longFile, /org-settings\.spec\.ts$/] },
    // The organisation's name, logo and colour are one setting for the whole site: the spec that
    // changes them runs after every other spec, so none sees another organisation mid-test.
    { name: 'organisation settings', testMatch: /org-settings\.spec\.ts$/, dependencies: ['site, long files', 'site'] },
  ],
});
