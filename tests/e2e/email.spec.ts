/**
 * Email for real: the built site with SMTP pointed at a real SMTP server started here
 * (tests/support/smtp.ts) and SITE_URL set to the site's own address.
 * - Forgot password → the email arrives → its link opens the reset page → a new password →
 *   sign in with it. The email names the organisation and says nothing else about the person.
 * - Admins see the outbox (sent, failed with the reason), private and never cached; trainees
 *   get a kind 403.
 */
import { randomUUID } from 'node:crypto';
import { OUTBOX } from '../../src/lib/email/outbox-store.ts';
import { findFreePort } from '../../src/lib/server/ports.ts';
import { createUser, serviceClient } from '../support/fixtures-pb.ts';
import { smtpEnv, startTestSmtpServer, type TestSmtpServer } from '../support/smtp.ts';
import { startStack, type TestStack } from '../support/stack.ts';
import { createAccount, signInAs } from './accounts.ts';
import { expect, expectNoAxeViolations, screenshot, test as base } from './fixtures.ts';

const test = base.extend<object, { mail: { stack: TestStack; smtp: TestSmtpServer } }>({
  mail: [
    async ({}, use) => {
      const smtp = await startTestSmtpServer();
      const port = await findFreePort();
      const stack = await startStack({
        port,
        env: { ...smtpEnv(smtp), SITE_URL: `http://127.0.0.1:${port}`, ORG_NAME: 'Riverside Peer Network', EMAIL_POLL_MS: '200', EMAIL_FIRST_RETRY_MS: '200' },
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

async function account(stack: TestStack, roles: ('trainee' | 'admin')[], name: string) {
  const email = `${name.toLowerCase()}-${randomUUID().slice(0, 8)}@example.test`;
  const password = `pw-${randomUUID()}`;
  const user = await createUser(await serviceClient(stack.pb), { email, password, display_name: name, roles });
  return user;
}

async function signIn(page: import('@playwright/test').Page, email: string, password: string) {
  await page.goto('/signin');
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

test('forgot password → email → follow its link → new password → sign in', async ({ page, mail }) => {
  const sam = await account(mail.stack, ['trainee'], 'Sam');
  const before = mail.smtp.messages.length;

  await page.goto('/forgot');
  await expect(page.getByRole('heading', { name: 'This site cannot send emails' })).toHaveCount(0);
  await screenshot(page, 'forgot-with-email');
  await page.getByLabel('Email address').fill(sam.email);
  await page.getByRole('button', { name: 'Send me a link' }).click();
  await page.waitForURL((url) => url.pathname === '/forgot' && url.searchParams.get('sent') === '1');
  const neutral = await page.locator('main').innerText();

  const [message] = (await mail.smtp.waitForMessages(before + 1)).slice(before);
  expect(message!.to).toEqual([sam.email]);
  expect(message!.subject).toBe('Choose a new password for Riverside Peer Network');
  expect(message!.text).toContain('Hello Sam,');
  const link = /http:\/\/127\.0\.0\.1:\d+\/reset\/[A-Za-z0-9_-]{43}/.exec(message!.text)?.[0];
  expect(link, 'a reset link built from SITE_URL').toBeDefined();
  expect(link!.startsWith(mail.stack.baseURL)).toBe(true);
  expect(message!.html).toContain(`href="${link}"`);

  // An unknown address gets the very same page, and no email.
  await page.goto('/forgot');
  await page.getByLabel('Email address').fill(`nobody-${randomUUID().slice(0, 8)}@example.test`);
  await page.getByRole('button', { name: 'Send me a link' }).click();
  await page.waitForURL((url) => url.searchParams.get('sent') === '1');
  expect(await page.locator('main').innerText()).toBe(neutral);

  await page.goto(link!);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Choose a new password');
  const fresh = `new-${randomUUID()}`;
  await page.getByLabel('New password', { exact: true }).fill(fresh);
  await page.getByLabel('New password again').fill(fresh);
  await page.getByRole('button', { name: /new password/i }).click();
  await page.waitForURL((url) => url.pathname === '/signin');

  await signIn(page, sam.email, fresh);
  await page.waitForURL((url) => url.pathname === '/dashboard');

  // The link worked once.
  await page.context().clearCookies();
  const again = await page.goto(link!);
  expect(again?.status()).toBe(404);
  expect(mail.smtp.messages.length).toBe(before + 1);
});

test('admins see the outbox: sent and failed with the reason, never cached; trainees may not', async ({ page, mail }) => {
  const admin = await account(mail.stack, ['admin'], 'Ada');
  const service = await serviceClient(mail.stack.pb);
  mail.smtp.refuse('permanent');
  const failed = await service.collection(OUTBOX).create({
    to_address: 'gone@example.test',
    kind: 'smtp_test',
    data: { name: 'Gone' },
    status: 'queued',
    attempts: 0,
    next_attempt_at: new Date().toISOString(),
    message_id: '<outbox-e2e@example.test>',
  });
  await expect.poll(async () => (await service.collection(OUTBOX).getOne(failed.id)).status, { timeout: 15_000 }).toBe('failed');
  mail.smtp.refuse(false);

  await signIn(page, admin.email, admin.password);
  await page.waitForURL((url) => url.pathname !== '/signin');
  await page.goto('/staff');
  await page.getByRole('link', { name: 'Emails sent by the site' }).click();
  const response = await page.reload();
  expect(response?.headers()['cache-control']).toBe('private, no-store');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Emails sent by the site');
  await expect(page.getByText(/Sending through 127\.0\.0\.1, port \d+, without encryption/)).toBeVisible();
  const row = page.locator(`tr[data-outbox-id="${failed.id}"]`);
  await expect(row).toContainText('Failed');
  await expect(row).toContainText('550');
  await expect(page.locator('tr[data-status="sent"]').first()).toBeVisible();
  await expectNoAxeViolations(page);
  await screenshot(page, 'staff-email', { fullPage: true });

  await page.getByLabel('Status').selectOption('failed');
  await page.getByRole('button', { name: 'Show' }).click();
  await expect(page.locator('tr[data-status="sent"]')).toHaveCount(0);
  await expect(row).toBeVisible();

  await page.context().clearCookies();
  const trainee = await account(mail.stack, ['trainee'], 'Tia');
  await signIn(page, trainee.email, trainee.password);
  await page.waitForURL((url) => url.pathname !== '/signin');
  const refused = await page.goto('/staff/email');
  expect(refused?.status()).toBe(403);
  await expect(page.locator('body')).not.toContainText('gone@example.test');
});

base('without SMTP the outbox page says plainly that nothing is sent, and how people get back in', async ({ page, context }) => {
  const admin = await createAccount('Admin Without Mail', ['admin']);
  await signInAs(context, admin);
  const response = await page.goto('/staff/email');
  expect(response?.status()).toBe(200);
  expect(response?.headers()['cache-control']).toBe('private, no-store');
  await expect(page.getByRole('heading', { name: 'This site cannot send emails yet' })).toBeVisible();
  await expect(page.getByText('need a one-time link from a trainer or administrator')).toBeVisible();
  await expectNoAxeViolations(page);
  await screenshot(page, 'staff-email-off');
});
