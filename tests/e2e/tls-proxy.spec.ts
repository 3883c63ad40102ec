/**
 * The site behind a real TLS-terminating reverse proxy (Caddy on loopback, its own CA), built
 * WITHOUT SITE_URL and started with SITE_URL set to the proxy's https address, as operators do.
 * One journey: sign in with the form (a POST that Astro's origin check refused behind a proxy
 * before), save a reflection, and get a Secure, HttpOnly, SameSite session cookie and HSTS.
 */
import { findFreePort } from '../../src/lib/server/ports.ts';
import { caddyMissing, startCaddy, type RunningCaddy } from '../support/caddy.ts';
import { startStack, type TestStack } from '../support/stack.ts';
import { createUser, serviceClient } from '../support/fixtures-pb.ts';
import { expect, test as base } from './fixtures.ts';

const missing = caddyMissing();
const MODULE = '/courses/peer-support-foundations/what-peer-support-is';

const test = base.extend<object, { proxied: { stack: TestStack; proxy: RunningCaddy } }>({
  proxied: [
    async ({}, use) => {
      const port = await findFreePort();
      const stack = await startStack({ env: { SITE_URL: `https://localhost:${port}` } });
      let proxy: RunningCaddy | undefined;
      try {
        proxy = await startCaddy({ port, upstream: stack.baseURL });
        await use({ stack, proxy });
      } finally {
        await proxy?.stop();
        await stack.stop();
      }
    },
    { scope: 'worker', timeout: 90_000 },
  ],
  baseURL: async ({ proxied }, use) => use(proxied.proxy.url),
  ignoreHTTPSErrors: true,
});

// CI installs Caddy (.ci/run): there a missing Caddy fails this test instead of skipping it.
test.skip(missing !== undefined && process.env.CI !== 'true', missing ?? '');

test('behind Caddy over https: sign in with the form, save a reflection, Secure cookie and HSTS', async ({ page, context, proxied }) => {
  const email = `proxy-${Date.now()}@example.test`;
  const password = 'correct-horse-battery';
  await createUser(await serviceClient(proxied.stack.pb), { email, password, display_name: 'Proxy Trainee', roles: ['trainee'] });

  const first = await page.goto('/signin');
  expect(new URL(page.url()).protocol).toBe('https:');
  expect(first?.headers()['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');

  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  const [signedIn] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/signin'),
    page.getByRole('button', { name: 'Sign in' }).click(),
  ]);
  expect(signedIn.status(), 'the sign-in POST passes the origin check behind the proxy').toBe(303);
  await page.waitForURL((url) => url.pathname === '/dashboard');

  const cookie = (await context.cookies()).find((c) => c.name === 'll_session');
  expect(cookie, 'session cookie').toBeDefined();
  expect(cookie!.secure).toBe(true);
  expect(cookie!.httpOnly).toBe(true);
  expect(cookie!.sameSite).toBe('Lax');

  // Save a reflection (the page's script posts it through the proxy) and see it kept.
  await page.goto(MODULE);
  const words = `Behind the proxy ${Date.now()}`;
  await page.locator('#reflection-p1-body').fill(words);
  await page.locator('#reflection-p1').getByRole('button', { name: 'Save my reflection' }).click();
  // Autosave may have sent the words already while typing: then the button finds nothing new.
  await expect(page.locator('#reflection-p1 [data-status]')).toContainText(/Saved|Already saved/);
  await page.reload();
  await expect(page.locator('#reflection-p1-body')).toHaveValue(words);
});
