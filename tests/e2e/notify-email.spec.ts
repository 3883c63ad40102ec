/**
 * Reaching people by email, in the browser, with the built site pointed at a real SMTP server
 * (tests/support/smtp.ts) and a test clock (TEST_CLOCK_FILE, honoured only with NODE_ENV=test):
 * - a trainer uploads a CSV of 3 people → each gets an invitation email → each opens its link,
 *   sets a password → all 3 are in the group;
 * - an assessor chooses "straight away" on Your account → a trainee submits evidence → the
 *   assessor's email arrives → a decision → nothing for the trainee until the clock moves to the
 *   next morning → the trainee's daily summary arrives, and its link works;
 * - the unsubscribe link: GET changes nothing, the button switches that kind off; a mail
 *   program's one-click POST works too; a tampered link changes nothing.
 * Every name and email is unique to the run.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from '@playwright/test';
import { nextDigestAfter } from '../../src/lib/notifications/email-prefs.ts';
import { findFreePort } from '../../src/lib/server/ports.ts';
import { createUser, serviceClient } from '../support/fixtures-pb.ts';
import { smtpEnv, startTestSmtpServer, type ReceivedMessage, type TestSmtpServer } from '../support/smtp.ts';
import { startStack, type TestStack } from '../support/stack.ts';
import { expect, expectNoAxeViolations, screenshot, test as base } from './fixtures.ts';

const COURSE = 'peer-support-foundations';
const ANCHOR = 'criterion-U1-1-2';
const unique = () => randomUUID().slice(0, 8);

const test = base.extend<object, { mail: { stack: TestStack; smtp: TestSmtpServer; clockFile: string } }>({
  mail: [
    async ({}, use) => {
      const smtp = await startTestSmtpServer();
      const port = await findFreePort();
      const dir = mkdtempSync(path.join(os.tmpdir(), 'll-clock-'));
      const clockFile = path.join(dir, 'now');
      writeFileSync(clockFile, new Date().toISOString());
      const stack = await startStack({
        port,
        env: {
          ...smtpEnv(smtp),
          SITE_URL: `http://127.0.0.1:${port}`,
          ORG_NAME: 'Riverside Peer Network',
          ORG_TIME_ZONE: 'Europe/London',
          EMAIL_POLL_MS: '200',
          NOTIFY_EMAIL_POLL_MS: '300',
          NODE_ENV: 'test',
          TEST_CLOCK_FILE: clockFile,
        },
      });
      try {
        await use({ stack, smtp, clockFile });
      } finally {
        await stack.stop();
        await smtp.stop();
        rmSync(dir, { recursive: true, force: true });
      }
    },
    { scope: 'worker', timeout: 90_000 },
  ],
  baseURL: async ({ mail }, use) => use(mail.stack.baseURL),
});

type Person = { id: string; email: string; password: string; name: string };

async function account(stack: TestStack, roles: ('trainee' | 'trainer' | 'assessor' | 'admin')[], name: string): Promise<Person> {
  const email = `${name.toLowerCase()}-${unique()}@example.test`;
  const password = `pw-${randomUUID()}`;
  const user = await createUser(await serviceClient(stack.pb), { email, password, display_name: name, roles });
  return { id: user.id, email, password, name };
}

async function signedIn(browser: Browser, baseURL: string, who: Person): Promise<Page> {
  const context = await browser.newContext({ baseURL });
  const page = await context.newPage();
  await page.goto('/signin');
  await page.getByLabel('Email address').fill(who.email);
  await page.getByLabel('Password', { exact: true }).fill(who.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => url.pathname !== '/signin');
  return page;
}

async function mailFor(smtp: TestSmtpServer, to: string, count = 1): Promise<ReceivedMessage[]> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const found = smtp.messages.filter((m) => m.to.includes(to));
    if (found.length >= count) return found;
    if (Date.now() > deadline) throw new Error(`no email for ${to} (${found.length} of ${count})`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

test('a trainer uploads a CSV of 3 people; each accepts from the emailed link and is in the group', async ({ browser, mail }) => {
  test.slow();
  const trainer = await account(mail.stack, ['trainer'], 'Tova');
  const service = await serviceClient(mail.stack.pb);
  const cohort = await service.collection('cohorts').create({ name: `Email group ${unique()}`, course: COURSE, trainers: [trainer.id] });
  const id = unique();
  const people = ['Ada', 'Ben', 'Cat'].map((n) => ({ name: `${n} ${id}`, email: `${n.toLowerCase()}-${id}@example.test` }));

  const staff = await signedIn(browser, mail.stack.baseURL, trainer);
  await staff.goto(`/staff/cohorts/${cohort.id}/people`);
  const csv = `name,email\r\n${people.map((p) => `${p.name},${p.email}`).join('\r\n')}\r\n`;
  await staff.getByLabel('Or upload a CSV file').setInputFiles({ name: 'people.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await staff.getByRole('button', { name: 'Check the list' }).click();
  await staff.locator('[data-bulk-preview]').getByRole('button', { name: 'Add these 3 people' }).click();
  const emailed = staff.locator('[data-invite-emailed]');
  await expect(emailed).toContainText(people[0]!.email);
  await expect(staff.locator('textarea[data-invite-link]')).toHaveCount(0);
  await screenshot(staff, 'notify-email-invitations-emailed', { fullPage: true });

  for (const person of people) {
    const [message] = await mailFor(mail.smtp, person.email);
    expect(message!.subject).toBe('You are invited to join a learning group at Riverside Peer Network');
    const link = new RegExp(`${mail.stack.baseURL.replace(/[.]/g, '\\.')}/invite/[A-Za-z0-9_-]{43}`).exec(message!.text)?.[0];
    expect(link, 'an invitation link built from SITE_URL').toBeDefined();
    const context = await browser.newContext();
    const them = await context.newPage();
    await them.goto(link!);
    await them.getByLabel('Password', { exact: true }).fill('blue kettle garden rain');
    await them.getByLabel('New password again').fill('blue kettle garden rain');
    await them.getByRole('button', { name: 'Create my account and join' }).click();
    await expect(them).toHaveURL(new RegExp(`/courses/${COURSE}$`));
    await context.close();
    const user = await service.collection('users').getFirstListItem(service.filter('email = {:e}', { e: person.email }));
    expect(user.verified).toBe(true);
  }
  await staff.goto(`/staff/cohorts/${cohort.id}/people`);
  for (const person of people) await expect(staff.locator('section[aria-labelledby="list-trainee"]')).toContainText(person.email);
});

test('evidence → the assessor’s immediate email → a decision → the trainee’s digest the next morning, with a working link', async ({ browser, mail }) => {
  test.slow();
  const service = await serviceClient(mail.stack.pb);
  const trainee = await account(mail.stack, ['trainee'], 'Tilly');
  const assessor = await account(mail.stack, ['assessor'], 'Asha');
  const cohort = await service.collection('cohorts').create({ name: `Digest group ${unique()}`, course: COURSE, assessors: [assessor.id] });
  await service.collection('enrolments').create({ user: trainee.id, course: COURSE, cohort: cohort.id, status: 'active' });
  writeFileSync(mail.clockFile, new Date().toISOString());

  // The assessor chooses "straight away" and no quiet hours on Your account.
  const staff = await signedIn(browser, mail.stack.baseURL, assessor);
  await staff.goto('/account');
  await staff.getByLabel('New evidence to decide (assessors)').selectOption('immediate');
  await staff.getByLabel('Hold “straight away” emails during quiet hours').uncheck();
  await staff.getByRole('button', { name: 'Save email choices' }).click();
  await expect(staff.locator('div.notice[role="status"]')).toHaveText('Your email choices are saved.');
  await expect(staff.getByLabel('New evidence to decide (assessors)')).toHaveValue('immediate');
  await screenshot(staff, 'notify-email-account', { fullPage: true, widths: [1280, 375] });
  await expectNoAxeViolations(staff);

  // The trainee sends evidence.
  const me = await signedIn(browser, mail.stack.baseURL, trainee);
  await me.goto(`/evidence/${COURSE}`);
  const section = me.locator(`#${ANCHOR}`);
  await section.locator('details.te-more > summary').click();
  const words = `Peer support is mutual, PRIVATE-WORDS-${unique()}.`;
  await section.getByLabel('Your evidence').fill(words);
  await section.getByRole('button', { name: 'Send to my assessor' }).click();
  await expect(section.getByRole('status')).toHaveText('Submitted — your assessor will look at it.');

  const [alert] = await mailFor(mail.smtp, assessor.email);
  expect(alert!.subject).toBe('Something new is waiting for you at Riverside Peer Network — sign in to see it');
  expect(alert!.text).toContain('new evidence to decide');
  expect(alert!.raw).not.toContain('PRIVATE-WORDS');
  expect(alert!.headers['list-unsubscribe-post']).toBe('List-Unsubscribe=One-Click');

  // The assessor decides.
  await staff.goto(`/staff/cohorts/${cohort.id}/assess`);
  const item = staff.locator('article.staff-item').filter({ hasText: 'Criterion U1/1.2' });
  await item.getByLabel('Not yet met').check();
  await item.getByLabel('Feedback for the trainee').fill('FEEDBACK-WORDS: add an example.');
  await item.getByRole('button', { name: 'Record the decision' }).click();
  await expect(staff.locator('div.notice[role="status"]')).toContainText('The decision is recorded.');

  // Nothing for the trainee yet (a daily summary, the default).
  const row = await service.collection('notifications').getFirstListItem(service.filter('user = {:u} && kind = "feedback"', { u: trainee.id }));
  const morning = nextDigestAfter(new Date(String(row.created).replace(' ', 'T')), 'daily', { hour: 8, weekday: 1 }, 'Europe/London');
  await new Promise((r) => setTimeout(r, 1500));
  expect(mail.smtp.messages.filter((m) => m.to.includes(trainee.email))).toHaveLength(0);

  // The next morning.
  writeFileSync(mail.clockFile, new Date(morning.getTime() + 60_000).toISOString());
  const [digest] = await mailFor(mail.smtp, trainee.email);
  expect(digest!.subject).toBe('Your daily summary from Riverside Peer Network — sign in to see it');
  expect(digest!.text).toContain('new feedback or a decision on your evidence');
  expect(digest!.raw).not.toContain('FEEDBACK-WORDS');
  const link = `${mail.stack.baseURL}/dashboard`;
  expect(digest!.text).toContain(link);
  await me.goto(link);
  await expect(me.locator('[data-notifications] li[data-kind="feedback"]')).toHaveCount(1);

  // Unsubscribe: GET shows a button and changes nothing; the button switches that kind off.
  const stop = /http:\/\/127\.0\.0\.1:\d+\/unsubscribe\/[A-Za-z0-9_.-]+/.exec(digest!.text)?.[0];
  expect(stop).toBeDefined();
  const anon = await (await browser.newContext()).newPage();
  await anon.goto(stop!);
  await expect(anon.getByRole('heading', { level: 1 })).toHaveText('Stop these emails');
  await screenshot(anon, 'notify-email-unsubscribe', { fullPage: true });
  await expectNoAxeViolations(anon);
  const settings = () => service.collection('notification_settings').getFullList({ filter: service.filter('user = {:u}', { u: trainee.id }) });
  expect(await settings()).toHaveLength(0);
  // A tampered link (another person's id with this signature) changes nothing.
  const [payload, signature] = stop!.split('/unsubscribe/')[1]!.split('.');
  void payload;
  const tampered = `${mail.stack.baseURL}/unsubscribe/${Buffer.from(`${assessor.id}.feedback`).toString('base64url')}.${signature}`;
  expect((await fetch(tampered, { method: 'POST', body: 'List-Unsubscribe=One-Click', headers: { 'content-type': 'application/x-www-form-urlencoded' } })).status).toBe(404);
  await anon.getByRole('button', { name: 'Stop these emails' }).click();
  await expect(anon.locator('[data-unsubscribed]')).toContainText('feedback and decisions on your evidence');
  expect((await settings())[0]).toMatchObject({ feedback: 'off' });

  // A mail program's one-click POST (no Origin, no cookies) works on the assessor's link.
  const assessorStop = /<([^>]+)>/.exec(alert!.headers['list-unsubscribe']!)![1]!;
  const oneClick = await fetch(assessorStop, { method: 'POST', body: 'List-Unsubscribe=One-Click', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  expect(oneClick.status).toBe(200);
  const assessorSettings = await service.collection('notification_settings').getFirstListItem(service.filter('user = {:u}', { u: assessor.id }));
  expect(assessorSettings.to_decide).toBe('off');
});
