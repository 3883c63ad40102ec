/**
 * Retention, end to end (docs/PRIVACY.md, "How long things are kept"): an administrator checks
 * what would go (a dry run: counts, never text), is asked to tick before "delete what is due
 * now", runs it, and sees the run listed with the audit row holding counts only; a trainee
 * chooses "keep my reflections" on the account page and /reflections says so; the privacy
 * notice is linked from the footer and states the organisation and how long things are kept.
 *
 * The site is shared with other spec files: nothing here is old enough to be deleted (the
 * integration test, tests/integration/retention.test.ts, moves the clock on), and the settings
 * are saved with the daily job off.
 */
import type { Browser, Page } from '@playwright/test';
import { createAccount, serviceClient, signInAs, type TestAccount } from './accounts.ts';
import { expect, screenshot, test } from './fixtures.ts';

async function pageAs(browser: Browser, account: TestAccount): Promise<Page> {
  const context = await browser.newContext({ baseURL: process.env.E2E_BASE_URL });
  await signInAs(context, account);
  return context.newPage();
}

test('an administrator checks what would go, then runs the job; the run is audited with counts only', async ({ browser }) => {
  const admin = await createAccount('Ret Admin', ['admin']);
  const page = await pageAs(browser, admin);
  await page.goto('/staff');
  await page.getByRole('link', { name: 'How long things are kept' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('How long things are kept');
  await expect(page.getByLabel('Reflections: months to keep them')).toHaveValue(/^\d+$/);

  // A wrong number is refused with the field named; nothing is saved.
  await page.getByLabel('Evidence: months to keep it').fill('6');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByRole('alert')).toContainText('Evidence: enter a whole number of months from 12 to 240');
  await page.getByLabel('Evidence: months to keep it').fill('36');
  await page.getByLabel('Apply these settings every day').uncheck();
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByRole('status')).toHaveText('The settings are saved.');

  await page.getByRole('button', { name: 'Check what would go' }).click();
  const preview = page.locator('[data-retention-preview]');
  await expect(preview).toBeVisible();
  for (const kind of ['reflections', 'reflection_versions', 'evidence', 'groups', 'reflections_kept_by_choice', 'reflections_linked_as_evidence']) {
    await expect(preview.locator(`[data-count="${kind}"]`)).toHaveText(/^\d+$/);
  }
  await screenshot(page, 'retention-dry-run', { fullPage: true, widths: [375, 1280] });

  // "Delete what is due now" needs the tick.
  await page.getByRole('button', { name: 'Delete what is due now' }).click();
  await expect(page.getByRole('alert')).toContainText('Tick the box');
  await page.getByLabel('I have checked what would go, and I want to delete it now').check();
  await page.getByRole('button', { name: 'Delete what is due now' }).click();
  await expect(page.getByRole('status')).toContainText('The retention job ran.');
  await expect(page.locator('.retention-runs li').first()).toContainText('Ret Admin');
  await screenshot(page, 'retention-ran', { fullPage: true });

  const service = await serviceClient();
  const [row] = await service.collection('audit_log').getFullList({ filter: `action = "retention.run" && actor = "${admin.id}"` });
  expect(row, 'one retention.run audit row for this administrator').toBeTruthy();
  expect(Object.keys(row!.details).sort()).toEqual(['archived_groups_months', 'at', 'deleted', 'evidence_months', 'failed', 'kept', 'reflections_months', 'trigger']);
  for (const value of [...Object.values(row!.details.deleted), ...Object.values(row!.details.kept)]) expect(typeof value).toBe('number');
});

test('a trainee keeps their reflections; the privacy notice is in the footer and says how long things are kept', async ({ browser }) => {
  const trainee = await createAccount('Kit Keeper');
  const page = await pageAs(browser, trainee);
  await page.goto('/reflections');
  await expect(page.locator('[data-keep-reflections]')).toContainText('unless you choose to keep them');
  await page.locator('[data-keep-reflections]').getByRole('link', { name: 'Change this on your account page' }).click();
  await page.getByLabel('Keep my reflections, even after my course ends').check();
  await page.getByRole('button', { name: 'Save this choice' }).click();
  await expect(page.getByRole('status')).toHaveText('Your reflections will be kept.');
  await expect(page.getByLabel('Keep my reflections, even after my course ends')).toBeChecked();
  await screenshot(page, 'account-keep-reflections', { part: page.locator('#keep-reflections') });
  expect((await (await serviceClient()).collection('users').getOne(trainee.id)).keep_reflections).toBe(true);
  await page.goto('/reflections');
  await expect(page.locator('[data-keep-reflections]')).toContainText('You chose to keep your reflections.');

  await page.getByRole('contentinfo').getByRole('link', { name: 'Privacy notice' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Privacy notice');
  await expect(page.locator('[data-controller]')).toContainText('is the data controller');
  await expect(page.locator('[data-retention]')).toContainText('Your evidence and its files:');
  await expect(page.getByRole('link', { name: 'Download everything about me' })).toHaveAttribute('href', '/account/my-data.zip');
  await expect(page.getByRole('link', { name: 'Close my account' })).toHaveAttribute('href', '/account/close');
  await screenshot(page, 'privacy-notice', { fullPage: true });
});
