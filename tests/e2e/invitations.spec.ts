/**
 * Inviting people to a group in the browser: a trainer pastes three people (one with an
 * account, two without), checks the list, adds them, copies an invitation link; a new person
 * opens it, sets a name and password and lands on the group's course, signed in, and appears
 * in the group. Also: a trainer starts a group and manages its join code; a new link kills the
 * old one; a link for an email that has an account asks them to sign in instead (no takeover).
 *
 * Every name and email is unique to the run (several workers may share one site).
 */
import { randomUUID } from 'node:crypto';
import type { Page } from '@playwright/test';
import { createAccount, serviceClient, signInAs } from './accounts.ts';
import { expect, screenshot, test } from './fixtures.ts';

const COURSE = 'peer-support-foundations';
const notice = (page: Page) => page.locator('div.notice[role="status"]');
const unique = () => randomUUID().slice(0, 8);

async function trainerWithGroup() {
  const trainer = await createAccount('Tia Trainer', ['trainer']);
  const service = await serviceClient();
  const cohort = await service.collection('cohorts').create({ name: `Invite group ${unique()}`, course: COURSE, trainers: [trainer.id] });
  return { trainer, cohort: cohort.id as string, name: cohort.name as string };
}

test('a trainer pastes three people, copies a link, and the new person accepts and lands in the group', async ({ page, browser }) => {
  test.slow();
  const { trainer, cohort, name } = await trainerWithGroup();
  const existing = await createAccount('Eli Existing', ['trainee']);
  const id = unique();
  const newOne = { name: `Nia New ${id}`, email: `nia-${id}@example.test` };
  const newTwo = { name: `Oli Other ${id}`, email: `oli-${id}@example.test` };

  await signInAs(page.context(), trainer);
  await page.goto(`/staff/cohorts/${cohort}/people`);
  await page.getByLabel('People to add').fill([existing.email, `${newOne.name} <${newOne.email}>`, `${newTwo.name}, ${newTwo.email}`].join('\n'));
  await page.getByRole('button', { name: 'Check the list' }).click();

  const preview = page.locator('[data-bulk-preview]');
  await expect(preview.getByText('Line 1:')).toContainText(existing.email);
  await expect(preview.locator('li').nth(0)).toContainText('Has an account: will be added to the group.');
  await expect(preview.locator('li').nth(1)).toContainText('No account yet: will get an invitation link.');
  await expect(preview.locator('li').nth(2)).toContainText(newTwo.name);
  // Nothing saved yet.
  expect((await (await serviceClient()).collection('invitations').getFullList({ filter: `cohort = "${cohort}"` })).length).toBe(0);
  await screenshot(page, 'invitations-preview', { fullPage: true });

  await preview.getByRole('button', { name: 'Add these 3 people' }).click();
  await expect(notice(page)).toHaveText('1 person was added and 2 invitations were made.');
  const link = await page.locator(`textarea[data-invite-link="${newOne.email}"]`).inputValue();
  expect(link).toMatch(/\/invite\/[A-Za-z0-9_-]{43}$/);
  await screenshot(page, 'invitations-links', { fullPage: true });

  // The links are shown once: reloading the page shows the open invitations, not the links.
  await page.goto(`/staff/cohorts/${cohort}/people`);
  await expect(page.locator('textarea[data-invite-link]')).toHaveCount(0);
  await expect(page.locator('[data-invitations]')).toContainText(newOne.email);
  await expect(page.locator('section[aria-labelledby="list-trainee"]')).toContainText('Eli Existing');

  // The new person, in their own browser, signed out.
  const theirs = await browser.newContext();
  const them = await theirs.newPage();
  await them.goto(link);
  await expect(them.getByRole('heading', { level: 1 })).toHaveText('Join a group');
  await expect(them.getByText(`You have been invited to join ${name}`)).toBeVisible();
  await expect(them.getByLabel('Your name')).toHaveValue(newOne.name);
  await screenshot(them, 'invitations-accept', { fullPage: true });
  await them.getByLabel('Password', { exact: true }).fill('blue kettle garden rain');
  await them.getByLabel('New password again').fill('blue kettle garden rain');
  await them.getByRole('button', { name: 'Create my account and join' }).click();
  await expect(them).toHaveURL(new RegExp(`/courses/${COURSE}$`));
  // Signed in: the dashboard shows the course.
  await them.goto('/dashboard');
  await expect(them).toHaveURL(/\/dashboard$/);
  await theirs.close();

  // The trainer sees them in the group, and the invitation is no longer open.
  await page.goto(`/staff/cohorts/${cohort}/people`);
  await expect(page.locator('section[aria-labelledby="list-trainee"]')).toContainText(newOne.email);
  await expect(page.locator('[data-invitations]')).not.toContainText(newOne.email);
  await expect(page.locator('[data-invitations]')).toContainText(newTwo.email);
});

test('a new link kills the old one; withdrawing kills the link; an email with an account must sign in', async ({ page, browser }) => {
  const { trainer, cohort } = await trainerWithGroup();
  const id = unique();
  const email = `rae-${id}@example.test`;
  await signInAs(page.context(), trainer);
  await page.goto(`/staff/cohorts/${cohort}/people`);
  await page.getByLabel('People to add').fill(`Rae ${id} <${email}>`);
  await page.getByRole('button', { name: 'Check the list' }).click();
  await page.getByRole('button', { name: 'Add this person' }).click();
  const first = await page.locator(`textarea[data-invite-link="${email}"]`).inputValue();
  await page.getByRole('button', { name: `Make a new link for Rae ${id}` }).click();
  await expect(notice(page)).toHaveText('A new link was made. The old link no longer works.');
  const second = await page.locator(`textarea[data-invite-link="${email}"]`).inputValue();
  expect(second).not.toBe(first);

  const other = await browser.newContext();
  const them = await other.newPage();
  const old = await them.goto(first);
  expect(old?.status()).toBe(404);
  await expect(them.getByRole('heading', { level: 1 })).toHaveText('This invitation link does not work');

  // Someone makes an account with that email meanwhile: the link asks them to sign in, and offers no password form.
  await (await serviceClient()).collection('users').create({ email, password: 'pw-already-here-1', passwordConfirm: 'pw-already-here-1', display_name: 'Rae Owner', role: ['trainee'] });
  await them.goto(second);
  await expect(them.getByRole('heading', { level: 1 })).toHaveText('You already have an account');
  await expect(them.getByLabel('Password', { exact: true })).toHaveCount(0);
  await other.close();

  await page.goto(`/staff/cohorts/${cohort}/people`);
  await page.getByRole('button', { name: `Withdraw the invitation for Rae ${id}` }).click();
  await expect(notice(page)).toHaveText('The invitation was withdrawn. Its link no longer works.');
  expect((await fetch(second, { redirect: 'manual' })).status).toBe(404);
});

test('a trainer starts a group and makes, changes and switches off its join code', async ({ page }) => {
  const trainer = await createAccount('Tom Trainer', ['trainer']);
  await signInAs(page.context(), trainer);
  await page.goto('/staff');
  await page.getByRole('link', { name: 'Start a group' }).click();
  const groupName = `Tom’s group ${unique()}`;
  await page.getByLabel('Course').selectOption(COURSE);
  await page.getByLabel('Name of the group').fill(groupName);
  await page.getByRole('button', { name: 'Create the group' }).click();
  await expect(page).toHaveURL(/\/people\?done=created$/);
  await expect(page.getByRole('heading', { level: 1 })).toContainText(groupName);
  await expect(page.locator('section[aria-labelledby="list-trainer"]')).toContainText('Tom Trainer');
  // Administrators' tools are not offered to a trainer.
  await expect(page.getByRole('heading', { name: 'Add someone to this group' })).toHaveCount(0);

  const code = page.locator('[data-join-code]');
  await code.getByRole('button', { name: 'Make a join code' }).click();
  await expect(notice(page)).toHaveText('The group has a join code now.');
  const made = await code.locator('code').textContent();
  expect(made).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}$/);
  await code.getByRole('button', { name: 'Make a new code' }).click();
  await expect(notice(page)).toHaveText('The group has a new join code. The old one no longer works.');
  await expect(code.locator('code')).not.toHaveText(made!);
  await code.getByRole('button', { name: 'Switch the join code off' }).click();
  await expect(notice(page)).toHaveText('The join code is switched off.');
  await expect(code.locator('code')).toHaveCount(0);
});

test('a trainer cannot open another trainer’s group', async ({ page }) => {
  const { cohort } = await trainerWithGroup();
  const stranger = await createAccount('Sid Stranger', ['trainer']);
  await signInAs(page.context(), stranger);
  const response = await page.goto(`/staff/cohorts/${cohort}/people`);
  expect(response?.status()).toBe(404);
});

test('an administrator uploads a CSV file: a line to fix is named, and nothing is saved until it is fixed', async ({ page }) => {
  const admin = await createAccount('Ada Admin', ['admin']);
  const { cohort } = await trainerWithGroup();
  const id = unique();
  await signInAs(page.context(), admin);
  await page.goto(`/staff/cohorts/${cohort}/people`);
  const csv = `name,email\r\n"Cho, Kim",kim-${id}@example.test\r\nLou Price,lou-${id}@example\r\n`;
  await page.getByLabel('Or upload a CSV file').setInputFiles({ name: 'people.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  const [response] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.getByRole('button', { name: 'Check the list' }).click()]);
  expect(response.status()).toBe(400);
  const preview = page.locator('[data-bulk-preview]');
  await expect(preview.getByRole('alert')).toHaveText('Fix the lines marked below, then check the list again. Nothing has been saved.');
  await expect(preview).toContainText(`Line 2: Cho, Kim (kim-${id}@example.test) — No account yet: will get an invitation link.`);
  await expect(preview).toContainText(`Line 3: “lou-${id}@example” is not a complete email address.`);
  await expect(preview.getByRole('button', { name: /^Add/ })).toHaveCount(0);
  // The file's text is in the box, to fix there.
  await expect(page.getByLabel('People to add')).toHaveValue(csv.replace(/\r\n/g, '\n'));
  await page.getByLabel('People to add').fill(`name,email\n"Cho, Kim",kim-${id}@example.test\nLou Price,lou-${id}@example.test\n`);
  await page.getByRole('button', { name: 'Check the list' }).click();
  await page.getByRole('button', { name: 'Add these 2 people' }).click();
  await expect(notice(page)).toHaveText('0 people were added and 2 invitations were made.');
  await expect(page.locator('textarea[data-invite-link]')).toHaveCount(2);
});
