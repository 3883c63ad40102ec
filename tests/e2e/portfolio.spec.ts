/**
 * The portfolio export in the browser (issue 19), without JavaScript: a trainee with confirmed
 * hours, two private reflections and an evidence file chooses what to include, downloads the
 * PDF and the zip; the PDF's text (poppler) shows the chosen parts and not the others, and the
 * zip holds the PDF and the evidence file. axe on the page. A staff member of the group gets
 * the "not enrolled" answer and no file.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { strFromU8, unzipSync } from 'fflate';
import type { Browser, BrowserContext, Page } from '@playwright/test';
import { createAccount, serviceClient, signInAs, type TestAccount } from './accounts.ts';
import { expect, expectNoAxeViolations, screenshot, test } from './fixtures.ts';

const COURSE = 'peer-support-foundations';
const PORTFOLIO = `/portfolio/${COURSE}`;
const PDF_BYTES = new TextEncoder().encode('%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n');

async function pageAs(browser: Browser, baseURL: string, account: TestAccount, javaScriptEnabled = false): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ baseURL, javaScriptEnabled });
  await signInAs(context, account);
  return { context, page: await context.newPage() };
}

const pdfText = (pdf: Buffer) => execFileSync('pdftotext', ['-', '-'], { input: pdf, encoding: 'utf8' }).replace(/\s+/g, ' ');

test.describe('portfolio export, without JavaScript', () => {
  test('the trainee chooses sections and one reflection, downloads the PDF and the zip', async ({ browser, baseURL }) => {
    const service = await serviceClient();
    const [trainee, trainer] = await Promise.all([createAccount('Pia Portfolio', ['trainee']), createAccount('Sol Supervisor', ['trainer'])]);
    const cohort = await service.collection('cohorts').create({ name: `Portfolio group ${Date.now().toString(36)}`, course: COURSE, trainers: [trainer.id] });
    await service.collection('enrolments').create({ user: trainee.id, course: COURSE, cohort: cohort.id, status: 'active' });
    await service.collection('practice_hours').create({ user: trainee.id, course: COURSE, done_on: '2026-10-02 00:00:00.000Z', minutes: 150, kind: 'placement', note: 'Drop-in group shift', status: 'confirmed', reviewed_by: trainer.id });
    await service.collection('supervision_sessions').create({
      user: trainee.id, course: COURSE, supervisor: trainer.id, held_on: '2026-10-04 00:00:00.000Z', minutes: 60, format: 'one_to_one',
      actions: 'Read the lone working policy', record: 'Talked about boundaries', recorded_by: trainer.id, confirmed_by: trainee.id, confirmed_at: '2026-10-05 00:00:00.000Z',
    });
    await service.collection('reflections').create({ user: trainee.id, course: COURSE, module: 'what-peer-support-is', prompt: 'p1', title: 'Chosen to share', body: 'Listening **first** helped.' });
    await service.collection('reflections').create({ user: trainee.id, course: COURSE, module: 'what-peer-support-is', prompt: 'p2', title: 'Kept private', body: 'My secret worries.' });
    const evidence = new FormData();
    for (const [k, v] of Object.entries({ user: trainee.id, course: COURSE, criterion: 'U1/1.2', text: 'My essay.' })) evidence.append(k, v);
    evidence.append('files', new File([PDF_BYTES], 'My essay.pdf', { type: 'application/pdf' }));
    await service.collection('evidence').create(evidence);

    const { context, page } = await pageAs(browser, baseURL!, trainee);
    await page.goto('/dashboard');
    await page.getByRole('link', { name: 'Make a portfolio to share for Peer Support Worker Foundations' }).click();
    await expect(page).toHaveURL(new RegExp(`${PORTFOLIO}$`));
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Your portfolio: Peer Support Worker Foundations');
    // Private by default: no reflection is ticked.
    await expect(page.getByLabel(/Chosen to share/)).not.toBeChecked();
    await expect(page.getByLabel(/Kept private/)).not.toBeChecked();
    // axe needs script in the page: the same page in a second context with JavaScript on.
    const scan = await pageAs(browser, baseURL!, trainee, true);
    await scan.page.goto(PORTFOLIO);
    await expectNoAxeViolations(scan.page);
    await screenshot(scan.page, 'portfolio-form', { fullPage: true });
    await scan.context.close();

    await page.getByLabel('Supervision sessions (confirmed)').uncheck();
    await page.getByLabel(/Chosen to share/).check();

    const [pdfDownload] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download PDF' }).click()]);
    expect(pdfDownload.suggestedFilename()).toMatch(/^portfolio-peer-support-foundations-\d{4}-\d{2}-\d{2}\.pdf$/);
    const text = pdfText(readFileSync((await pdfDownload.path())!));
    expect(text).toContain('Pia Portfolio');
    expect(text).toContain('Drop-in group shift');
    expect(text).toContain('Chosen to share');
    expect(text).toContain('Listening first helped.');
    expect(text).not.toContain('Kept private');
    expect(text).not.toContain('My secret worries');
    expect(text).not.toContain('Read the lone working policy');

    const [zipDownload] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /Download zip/ }).click()]);
    expect(zipDownload.suggestedFilename()).toMatch(/\.zip$/);
    const files = unzipSync(new Uint8Array(readFileSync((await zipDownload.path())!)));
    const names = Object.keys(files).sort();
    expect(names).toContain('portfolio.pdf');
    expect(names).toContain('README.txt');
    const evidenceFile = names.find((n) => n.startsWith('evidence/u1-1.2/') && n.endsWith('.pdf'));
    expect(evidenceFile).toBeDefined();
    expect(strFromU8(files[evidenceFile!]!)).toContain('%PDF-1.4');
    expect(pdfText(Buffer.from(files['portfolio.pdf']!))).toContain('Chosen to share');
    await context.close();

    // Staff of the group get nothing through this page.
    const staff = await pageAs(browser, baseURL!, trainer);
    const answer = await staff.page.goto(PORTFOLIO);
    expect(answer?.status()).toBe(404);
    await expect(staff.page.getByText('You can make a portfolio for a course you are enrolled on.')).toBeVisible();
    await expect(staff.page.getByRole('button', { name: 'Download PDF' })).toHaveCount(0);
    expect(answer?.headers()['cache-control']).toBe('private, no-store');
    await staff.context.close();
  });
});
