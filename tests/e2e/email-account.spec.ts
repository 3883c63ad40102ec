/**
 * Email verification and change of email, in the built site with a real SMTP server
 * (tests/support/smtp.ts) and REQUIRE_EMAIL_VERIFICATION=true:
 * - sign up → the notice on every page, joining a group refused → the emailed link → confirm →
 *   verified, the notice gone;
 * - change email → the link arrives at the new address, a notice without a link at the old →
 *   confirm from the link while signed in → the session stays → sign in with the new address.
 * Each page and state reached here is scanned with axe once (tests/e2e/accessibility.spec.ts
 * scans the states that need no email).
 */
import { randomUUID } from 'node:crypto';
import { findFreePort } from '../../src/lib/server/ports.ts';
import { createUser, serviceClient } from '../support/fixtures-pb.ts';
import { smtpEnv, startTestSmtpServer, type ReceivedMessage, type TestSmtpServer } from '../support/smtp.ts';
import { startStack, type TestStack } from '../support/stack.ts';
import { expect, expectNoAxeViolations, screenshot, test as base } from './fixtures.ts';

const test = base.extend<object, { mail: { stack: TestStack; smtp: TestSmtpServer } }>({
  mail: [
    async ({}, use) => {
      const smtp = await startTestSmtpServer();
      const port = await findFreePort();
      const stack = await startStack({
        port,
        env: {
          ...smtpEnv(smtp),
          SITE_URL: `http://127.0.0.1:${port}`,
          ORG_NAME: 'Riverside Peer Network',
          EMAIL_POLL_MS: '200',
          EMAIL_FIRST_RETRY_MS: '200',
          REQUIRE_EMAIL_VERIFICATION: 'true',
        },
      });
      try {
        await use({ stack, smtp });
      } finally {
        await stack.stop();
        await smtp.stop();
      }
    },
    { scope: 'worker', timeout: 90_000 },
  ],
  baseURL: async ({ mail }, use) => use(mail.stack.baseURL),
});

const unique = (name: string) => `${name}-${randomUUID().slice(0, 8)}@example.test`;

async function mailTo(smtp: TestSmtpServer, address: string, count = 1): Promise<ReceivedMessage[]> {
  await expect.poll(() => smtp.messages.filter((m) => m.to.includes(address)).length, { timeout: 15_000 }).toBeGreaterThanOrEqual(count);
  return smtp.messages.filter((m) => m.to.includes(address));
}

function linkIn(message: ReceivedMessage | undefined, base: string, path: string): string {
  const link = new RegExp(`${base.replace(/[.:/]/g, '\\$&')}${path}[A-Za-z0-9_-]{43}`).exec(message?.text ?? '')?.[0];
  expect(link, `a ${path} link built from SITE_URL`).toBeDefined();
  return link!;
}

async function signIn(page: import('@playwright/test').Page, email: string, password: string) {
  await page.goto('/signin');
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => url.pathname !== '/signin');
}

test('sign up with verification on → read the email → follow the link → verified', async ({ page, mail }) => {
  const email = unique('vera');
  const password = `pw-${randomUUID()}`;
  await page.goto('/signup');
  await page.getByLabel('Your name').fill('Vera');
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Create my account' }).click();
  await page.waitForURL((url) => url.pathname === '/signin');
  await signIn(page, email, password);

  // Signed in, not yet verified: a kind notice on every page, and joining a group is refused.
  const notice = page.getByRole('region', { name: 'Please confirm your email address' });
  await expect(notice).toBeVisible();
  await expect(notice).toContainText(email);
  await screenshot(page, 'verify-notice', { fullPage: true });
  await expectNoAxeViolations(page);
  await page.goto('/enrol');
  await page.getByLabel('Group code').fill('ABCD-1234');
  await page.getByRole('button', { name: 'Join', exact: true }).click();
  await expect(page.getByText('Please confirm your email address before joining a group')).toBeVisible();

  const [message] = await mailTo(mail.smtp, email);
  expect(message!.subject).toBe('Confirm your email address for Riverside Peer Network');
  expect(message!.text).toContain('Hello Vera,');
  const link = linkIn(message, mail.stack.baseURL, '/confirm-email/');

  // "Send it again" sends a new link; the first one stops working.
  await page.goto('/account');
  await notice.getByRole('button', { name: 'Send it again' }).click();
  await page.waitForURL((url) => url.searchParams.get('verify') === 'sent');
  await expect(page.getByRole('status')).toContainText(`We have sent a new link to ${email}`);
  const again = await mailTo(mail.smtp, email, 2);
  const second = linkIn(again[1], mail.stack.baseURL, '/confirm-email/');
  expect(second).not.toBe(link);
  expect((await page.goto(link))?.status()).toBe(404);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('This link does not work');
  await expectNoAxeViolations(page);

  await page.goto(second);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Confirm your email address');
  await expectNoAxeViolations(page);
  await page.getByRole('button', { name: 'Confirm my email address' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Your email address is confirmed');
  await expectNoAxeViolations(page);
  await screenshot(page, 'verify-done');

  await page.goto('/dashboard');
  await expect(page.getByRole('region', { name: 'Please confirm your email address' })).toHaveCount(0);
  const service = await serviceClient(mail.stack.pb);
  const user = await service.collection('users').getFirstListItem(service.filter('email = {:email}', { email }));
  expect(user.verified).toBe(true);
});

test('change email → confirm from the new address → sign in with the new address', async ({ page, mail }) => {
  const oldEmail = unique('cam');
  const newEmail = unique('cam-new');
  const password = `pw-${randomUUID()}`;
  await createUser(await serviceClient(mail.stack.pb), { email: oldEmail, password, display_name: 'Cam', roles: ['trainee'] });
  await signIn(page, oldEmail, password);

  await page.goto('/account');
  await page.getByRole('link', { name: 'Change your email address' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Change your email address');
  await expectNoAxeViolations(page);
  await screenshot(page, 'email-change-form');

  // A wrong password: the form again, with the message by the field.
  await page.getByLabel('New email address').fill(newEmail);
  await page.getByLabel('Your current password').fill('not the password');
  await page.getByRole('button', { name: 'Send the confirmation link' }).click();
  await expect(page.getByRole('alert')).toContainText('That password is not right');
  await expect(page.getByLabel('New email address')).toHaveValue(newEmail);
  await expectNoAxeViolations(page);

  await page.getByLabel('Your current password').fill(password);
  await page.getByRole('button', { name: 'Send the confirmation link' }).click();
  await page.waitForURL((url) => url.pathname === '/account' && url.searchParams.get('email') === 'sent');
  await expect(page.getByRole('status')).toContainText('If that address can be used, a confirmation link is on its way');
  await expect(page.locator('dl.details')).toContainText(oldEmail);

  const [confirm] = await mailTo(mail.smtp, newEmail);
  const [notice] = await mailTo(mail.smtp, oldEmail);
  expect(notice!.subject).toBe('Your email address for Riverside Peer Network is being changed');
  expect(notice!.text).not.toMatch(/https?:\/\//);
  const link = linkIn(confirm, mail.stack.baseURL, '/account/email/');

  // Signed out, the link asks to sign in first and comes back.
  const other = await page.context().browser()!.newContext({ baseURL: mail.stack.baseURL });
  const signedOut = await other.newPage();
  await signedOut.goto(link);
  await signedOut.waitForURL((url) => url.pathname === '/signin');
  await other.close();

  await page.goto(link);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Confirm your new email address');
  await expect(page.getByText(`make ${newEmail} the address`)).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByRole('button', { name: 'Use this email address' }).click();
  await page.waitForURL((url) => url.pathname === '/account' && url.searchParams.get('saved') === 'email');
  // Still signed in: the session stayed.
  await expect(page.getByRole('status')).toContainText(`Your email address is now ${newEmail}`);
  await expect(page.locator('dl.details')).toContainText(newEmail);
  await screenshot(page, 'email-changed');

  await page.context().clearCookies();
  await page.goto('/signin');
  await page.getByLabel('Email address').fill(oldEmail);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toContainText('That email and password do not match');
  await signIn(page, newEmail, password);
  await expect(page).toHaveURL(/\/dashboard/);
});

test('an address that already has an account gets the same answer on the page', async ({ page, mail }) => {
  const service = await serviceClient(mail.stack.pb);
  const password = `pw-${randomUUID()}`;
  const me = unique('dee');
  const taken = unique('taken');
  await createUser(service, { email: me, password, display_name: 'Dee', roles: ['trainee'] });
  await createUser(service, { email: taken, password: `pw-${randomUUID()}`, display_name: 'Tam', roles: ['trainee'] });
  await signIn(page, me, password);

  const ask = async (address: string) => {
    await page.goto('/account/email');
    await page.getByLabel('New email address').fill(address);
    await page.getByLabel('Your current password').fill(password);
    await page.getByRole('button', { name: 'Send the confirmation link' }).click();
    await page.waitForURL((url) => url.searchParams.get('email') === 'sent');
    return page.locator('main').innerText();
  };
  const free = await ask(unique('free'));
  const same = await ask(taken);
  expect(same).toBe(free);
  const [toTaken] = await mailTo(mail.smtp, taken);
  expect(toTaken!.text).toContain('already has an account');
  expect(toTaken!.text).not.toContain('/account/email/');
});
