/**
 * Navigation that matches what people do (issue 21): the certificate to-do list names what is
 * left in words, each a link to where it is done; passing a knowledge check brings the
 * module's progress panel up to date and offers the next module (without a reload with
 * JavaScript, on the result page without it); and the holder's page, the check pages and the
 * PDF agree on where the certificate code is printed.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { loadCourses } from '../../src/lib/courses/course-fs.ts';
import type { Course, Module } from '../../src/lib/courses/course.ts';
import { certificatesEn } from '../../src/lib/i18n/certificates.ts';
import { completeCourse } from '../support/certificates.ts';
import { createAccount, serviceClient, signInAs } from './accounts.ts';
import { expect, expectNoAxeViolations, screenshot, test } from './fixtures.ts';

const root = path.resolve(import.meta.dirname, '../..');
const course = loadCourses(path.join(root, 'courses'), root).courses.find((c) => c.slug === 'peer-support-foundations') as Course;
const first = course.modules[0] as Module;
const second = course.modules[1] as Module;

/** Ticks every right answer of the module's knowledge check. */
async function answerRight(page: Page, module: Module) {
  for (const [i, q] of module.knowledgeCheck!.questions.entries()) {
    for (const [j, o] of q.options.entries()) if (o.correct) await page.locator(`#kc-q${i + 1}-o${j + 1}`).check();
  }
}

test('the certificate to-do list names modules, criteria and units in words, each a link to where it is done', async ({ page, context }) => {
  const service = await serviceClient();
  const trainee = await createAccount('Todo Trainee');
  const assessor = await createAccount('Sam Okafor', ['assessor']);
  await service.collection('enrolments').create({ user: trainee.id, course: course.slug, status: 'active' });
  // Unit 1 assessed and signed off; the rest still to do.
  await completeCourse(service, trainee.id, course, { assessor: { id: assessor.id, name: 'Sam Okafor' }, units: ['U1'] });
  await signInAs(context, trainee);
  await page.goto(`/courses/${course.slug}`);
  const status = page.locator('section.cert-status');
  await status.getByText(/What is still to do \(\d+\)/).click();
  const items = status.locator('.cert-todo li');
  const count = await items.count();
  expect(count).toBeGreaterThan(2);
  // Every item is a link, and no item is a bare code such as "Criterion U2 1.2".
  await expect(status.locator('.cert-todo li > a')).toHaveCount(count);
  for (const text of await items.allInnerTexts()) expect(text).not.toMatch(/^Criterion U\d/);

  const criterion = course.units[1]!.outcomes.flatMap((o) => o.criteria).find((c) => c.evidence === 'written')!;
  const link = status.getByRole('link', { name: `‘${criterion.text}’ (unit 2, criterion ${criterion.id}) is not yet met` });
  await expect(link).toBeVisible();
  const unit4 = course.units[3]!;
  await expect(status.getByRole('link', { name: `Unit 4, ‘${unit4.title}’, is not signed off yet` })).toHaveAttribute('href', `/evidence/${course.slug}#te-unit-U4`);
  await screenshot(page, 'navigation-todo', { part: status });

  // The criterion's link opens the assessment page at that criterion.
  await link.click();
  await expect(page).toHaveURL(new RegExp(`/evidence/${course.slug}#criterion-U2-${criterion.id.replace('.', '-')}$`));
  await expect(page.locator(`#criterion-U2-${criterion.id.replace('.', '-')}`)).toContainText(criterion.text);
  await expect(page.locator(`#criterion-U2-${criterion.id.replace('.', '-')}`)).toBeInViewport();
});

test.describe('the progress panel after a passed knowledge check', () => {
  test('with JavaScript it says done and offers the next module, without a reload', async ({ page, context }) => {
    const trainee = await createAccount('Panel Trainee');
    await (await serviceClient()).collection('enrolments').create({ user: trainee.id, course: course.slug, status: 'active' });
    await signInAs(context, trainee);
    await page.goto(`/courses/${course.slug}/${first.id}`);
    const panel = page.locator('#progress');
    await expect(panel).toContainText('Pass the knowledge check on this page to complete this module.');
    await expect(panel.getByRole('link', { name: `Next module: ${second.title}` })).toHaveCount(0);

    let navigated = false;
    page.on('framenavigated', (frame) => {
      if (frame === page.mainFrame()) navigated = true;
    });
    await answerRight(page, first);
    await page.getByRole('button', { name: 'Check my answers' }).click();
    await expect(page.locator('[data-kc-summary]')).toContainText('You passed this check.');
    await expect(page.locator('[data-kc-summary]')).toBeFocused();

    await expect(panel).toContainText('You passed the knowledge check, so this module is done ✓');
    await expect(panel).not.toContainText('Pass the knowledge check on this page');
    const next = panel.getByRole('link', { name: `Next module: ${second.title}` });
    await expect(next).toHaveAttribute('href', `/courses/${course.slug}/${second.id}`);
    expect(navigated).toBe(false);
    await screenshot(page, 'navigation-progress-passed', { part: panel });
    await expectNoAxeViolations(page);

    // The server agrees on a fresh load.
    await page.reload();
    await expect(panel).toContainText('Done ✓');
    await expect(panel.getByRole('link', { name: `Next module: ${second.title}` })).toBeVisible();
  });

  test('without JavaScript the result page shows the module done and offers the next module', async ({ browser, baseURL }) => {
    const trainee = await createAccount('Plain Panel Trainee');
    await (await serviceClient()).collection('enrolments').create({ user: trainee.id, course: course.slug, status: 'active' });
    const context = await browser.newContext({ baseURL, javaScriptEnabled: false });
    await signInAs(context, trainee);
    const page = await context.newPage();
    await page.goto(`/courses/${course.slug}/${first.id}`);
    await answerRight(page, first);
    await page.getByRole('button', { name: 'Check my answers' }).click();
    await page.waitForURL(/attempt=/);
    const panel = page.locator('#progress');
    await expect(panel).toContainText('Done ✓');
    await expect(panel.getByRole('link', { name: `Next module: ${second.title}` })).toHaveAttribute('href', `/courses/${course.slug}/${second.id}`);
    await context.close();
  });
});

test('the holder’s page, the check pages and the PDF agree on where the certificate code is printed', async ({ page, context }) => {
  const service = await serviceClient();
  const trainee = await createAccount('Code Place');
  const assessor = await createAccount('Sam Okafor', ['assessor']);
  await service.collection('enrolments').create({ user: trainee.id, course: course.slug, status: 'active' });
  await completeCourse(service, trainee.id, course, { assessor: { id: assessor.id, name: 'Sam Okafor' } });
  await signInAs(context, trainee);
  await page.goto(`/certificates/new?course=${course.slug}&kind=full`);
  await page.getByRole('button', { name: 'Make my certificate' }).click();
  await expect(page).toHaveURL(/\/certificates\/[0-9A-Z]{16}/);
  const code = /\/certificates\/([0-9A-Z]{16})/.exec(page.url())![1]!;
  const printed = code.match(/.{4}/g)!.join('-');
  const where = 'Printed at the bottom right of the certificate, beside the QR code.';
  expect(certificatesEn.codeWhere).toBe(where);

  // The holder's page: the code under its label, and where to find it on the PDF.
  const facts = page.locator('dl.cert-facts');
  await expect(facts.locator('dt', { hasText: /^Certificate code$/ })).toHaveCount(1);
  await expect(facts.locator('dt:text-is("Certificate code") + dd')).toHaveText(new RegExp(`${printed}\\s*${where.replace(/\./g, '\\.')}`));

  await screenshot(page, 'navigation-certificate-code', { part: facts });

  // The PDF: the same label beside the code, at the bottom right of the page.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download the certificate (PDF)' }).click()]);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'll-nav-pdf-'));
  const file = path.join(dir, 'certificate.pdf');
  writeFileSync(file, readFileSync((await download.path())!));
  const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
  expect(text).toMatch(new RegExp(`CERTIFICATE CODE\\s+${printed}`));
  const bbox = execFileSync('pdftotext', ['-bbox', file, '-'], { encoding: 'utf8' });
  const page1 = /<page width="([\d.]+)" height="([\d.]+)">/.exec(bbox)!;
  const [width, height] = [Number(page1[1]), Number(page1[2])];
  const word = new RegExp(`<word xMin="([\\d.]+)" yMin="([\\d.]+)" xMax="[\\d.]+" yMax="[\\d.]+">${printed}</word>`).exec(bbox);
  expect(word, 'the code is a word of the PDF').not.toBeNull();
  expect(Number(word![1])).toBeGreaterThan(width / 2); // right half
  expect(Number(word![2])).toBeGreaterThan(height * 0.6); // bottom part
  // The site's PDF shows what its credential says (the offline checker compares them).
  const didFile = path.join(dir, 'did.json');
  writeFileSync(didFile, await (await page.request.get('/.well-known/did.json')).text());
  const cli = execFileSync(process.execPath, ['scripts/verify-credential.ts', file, '--did', didFile], { cwd: root, encoding: 'utf8' });
  expect(cli).toContain('Checked: the name and achievement shown in the PDF match its credential.');
  // Its label sits just above it.
  const label = /<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="[\d.]+" yMax="[\d.]+">CERTIFICATE<\/word>/.exec(bbox)!;
  expect(Number(label[2])).toBeLessThan(Number(word![2]));
  expect(Number(word![2]) - Number(label[2])).toBeLessThan(20);

  // The public check page: the same label and place, with and without the code.
  await page.goto(`/verify/${code}`);
  await expect(page.locator('dl.cert-facts dt:text-is("Certificate code") + dd')).toContainText(where);
  await page.goto('/verify');
  const field = page.getByLabel('Certificate code');
  await expect(field).toBeVisible();
  await expect(page.locator('.field__hint').first()).toContainText(where);
  await page.getByRole('button', { name: 'Check this certificate' }).click();
  await expect(page.getByRole('alert').first()).toContainText('It is printed at the bottom right of the certificate, beside the QR code.');
  await screenshot(page, 'navigation-verify-empty', { fullPage: true });
});
