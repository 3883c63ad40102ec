/** How the browser tests start Debian's Chromium (playwright.config.ts and any spec that launches its own). */

/**
 * Playwright's own `--disable-features` list (playwright-core 1.65.1, chromiumSwitches). Chromium
 * keeps only the last `--disable-features` it is given, so ours must repeat Playwright's or
 * drop it; tests/unit/playwright-config.test.ts fails if an upgraded Playwright adds one.
 */
export const PLAYWRIGHT_DISABLED_FEATURES = [
  'AvoidUnnecessaryBeforeUnloadCheckSync',
  'DestroyProfileOnBrowserClose',
  'HttpsUpgrades',
  'HttpsFirstBalancedModeAutoEnable',
  'LensOverlay',
  'MediaRouter',
  'PaintHolding',
  'ThirdPartyStoragePartitioning',
  'AvoidCorsURLLoaderRestartOnRedirect',
  'TcpPortRandomizationWin',
  'OptimizationHints',
  'NetworkTimeServiceQuerying',
  'AimEnabled',
  'PreconnectToSearch',
  'msForceBrowserSignIn',
  'msEdgeUpdateLaunchServicesPreferredVersion',
];

/**
 * Browser UI that headless Chromium 156 still builds for every window (each Playwright page is
 * one): the address bar's WebUI popups, two `chrome://omnibox-popup.top-chrome/` renderer
 * processes per page that nothing in a test can see. Turned off they cost nothing; measured
 * (docs/TESTING.md, "Timings") they were over half of the browser's CPU per new page.
 */
export const UNSEEN_BROWSER_UI = ['WebUIOmniboxPopup', 'WebUIOmniboxFullPopup', 'WebUIOmniboxAimPopup'];

/** Debian's Chromium; a downloaded browser is never used. */
export const chromiumLaunch = {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    `--disable-features=${[...PLAYWRIGHT_DISABLED_FEATURES, ...UNSEEN_BROWSER_UI].join(',')}`,
  ],
};
