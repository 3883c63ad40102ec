/**
 * The impact questionnaire and report in the browser (docs/IMPACT.md), kept to a few page loads:
 * - a trainee reads what it is before any question, says yes, answers the start round,
 *   finishes the course, answers the end round and agrees to be quoted;
 * - another says "No thanks" and is asked nothing;
 * - a third, who had answered both rounds, stops: their answers are deleted;
 * - the others' answers are seeded through src/lib with their own accounts (as the site does);
 * - a trainer of both groups sees the course report with the change and the number who
 *   answered, the small group's report suppressed, no withdrawn answers, the agreed quote;
 *   downloads the PDF (text checked) and the CSV.
 * axe on the questionnaire and the report.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import PocketBase from 'pocketbase';
import type { Page } from '@playwright/test';
import { loadCourses } from '../../src/lib/courses/course-fs.ts';
import type { Course } from '../../src/lib/courses/course.ts';
import { saveAnswers, setChoice } from '../../src/lib/impact/impact-store.ts';
import type { TypedPocketBase } from '../../src/lib/pb.ts';
import { createAccount, serviceClient, signInAs, type TestAccount } from './accounts.ts';
import { expect, expectNoAxeViolations, screenshot, test } from './fixtures.ts';

const root = path.resolve(import.meta.dirname, '../..');
const course = loadCourses(path.join(root, 'courses'), root).courses.find((c) => c.slug === 'peer-support-foundations') as Course;
const q = course.impactQuestionnaire!;
const page = `/questionnaire/${course.slug}`;
const pdfText = (pdf: Buffer) => execFileSync('pdftotext', ['-', '-'], { input: pdf, encoding: 'utf8' }).replace(/\s+/g, ' ');

async function ownClient(account: TestAccount): Promise<TypedPocketBase> {
  const pb = new PocketBase(process.env.E2E_PB_URL!);
  pb.autoCancellation(false);
  await pb.collection('users').authWithPassword(account.email, account.password);
  return pb as unknown as TypedPocketBase;
}

const scores = (n: number) => Object.fromEntries(q.questions.map((x) => [x.id, n]));

/** A person who said yes and answered at the start and the end (their own account, through src/lib). */
async function answered(account: TestAccount, start: number, end: number, comment = '', quoteOk = false) {
  const pb = await ownClient(account);
  await setChoice(pb, account.id, course.slug, 'yes', undefined);
  await saveAnswers(pb, account.id, course.slug, 'start', { scores: scores(start), later: {}, comment: '', quoteOk: false });
  await saveAnswers(pb, account.id, course.slug, 'end', { scores: scores(end), later: {}, comment, quoteOk });
}

async function finish(account: TestAccount) {
  const service = await serviceClient();
  for (const m of course.modules) await service.collection('progress').create({ user: account.id, course: course.slug, module: m.id, status: 'completed', completed_at: new Date().toISOString() });
}

async function answerAll(p: Page, label: string) {
  for (const item of q.questions) await p.getByRole('group', { name: item.text }).getByLabel(label, { exact: true }).check();
}

test('trainees answer, decline and withdraw; the report shows the change, suppresses a small group and leaves out withdrawn answers', async ({ browser, baseURL }) => {
  test.setTimeout(120_000);
  const service = await serviceClient();
  const trainer = await createAccount('Impact Trainer', ['trainer']);
  const big = (await service.collection('cohorts').create({ name: `Impact big ${trainer.id}`, course: course.slug, trainers: [trainer.id] })).id;
  const small = (await service.collection('cohorts').create({ name: `Impact small ${trainer.id}`, course: course.slug, trainers: [trainer.id] })).id;
  const join = async (name: string, cohort: string) => {
    const a = await createAccount(name);
    await service.collection('enrolments').create({ user: a.id, course: course.slug, cohort, status: 'active' });
    return a;
  };
  const ada = await join('Ada Answers', big);
  const dev = await join('Dev Declines', big);
  const wil = await join('Wil Withdraws', big);
  // Four more in the big group (2 → 4), two in the small group (1 → 5), one who withdraws (5 → 1).
  for (let i = 0; i < 4; i++) await answered(await join(`Big ${i}`, big), 2, 4);
  for (let i = 0; i < 2; i++) await answered(await join(`Small ${i}`, small), 1, 5);
  await answered(wil, 5, 1, 'Withdrawn words', true);

  // Ada: the plain words come first, then the start round.
  const adaContext = await browser.newContext({ baseURL });
  await signInAs(adaContext, ada);
  const a = await adaContext.newPage();
  await a.goto(page);
  await expect(a.getByRole('heading', { name: 'What this is, before any question' })).toBeVisible();
  await expect(a.getByText('Your trainers and assessors never see your answers.', { exact: false })).toBeVisible();
  await expect(a.getByRole('radio')).toHaveCount(0);
  await expectNoAxeViolations(a);
  await a.getByRole('button', { name: 'Yes, I’ll answer' }).click();
  await expect(a.getByRole('heading', { name: 'Your answers at the start' })).toBeVisible();
  await answerAll(a, 'A little confident');
  await expectNoAxeViolations(a);
  await a.getByRole('button', { name: 'Send my answers' }).click();
  await expect(a.getByRole('status')).toContainText('Your answers are saved');
  await expect(a.getByText('There is nothing to answer just now')).toBeVisible();
  // She finishes the course: the end round opens.
  await finish(ada);
  await a.goto(page);
  await expect(a.getByRole('heading', { name: 'Your answers at the end' })).toBeVisible();
  await answerAll(a, 'Confident');
  await a.getByLabel('Anything you’d like to say about the course (optional)').fill('The course gave me my voice back.');
  await a.getByLabel('You may quote what I wrote in reports, without my name').check();
  await screenshot(a, 'impact-questionnaire-end', { fullPage: true });
  await a.getByRole('button', { name: 'Send my answers' }).click();
  await expect(a.getByRole('status')).toContainText('Your answers are saved');
  await adaContext.close();

  // Dev says no thanks: nothing is asked.
  const devContext = await browser.newContext({ baseURL });
  await signInAs(devContext, dev);
  const d = await devContext.newPage();
  await d.goto(page);
  await d.getByRole('button', { name: 'No thanks' }).click();
  await expect(d.getByText('You said no thanks.')).toBeVisible();
  await expect(d.getByRole('radio')).toHaveCount(0);
  await devContext.close();

  // Wil stops taking part: his answers go.
  const wilContext = await browser.newContext({ baseURL });
  await signInAs(wilContext, wil);
  const w = await wilContext.newPage();
  await w.goto(page);
  await w.getByRole('button', { name: 'Stop and delete my answers' }).click();
  await expect(w.getByRole('status')).toContainText('Your answers are deleted');
  await wilContext.close();
  expect(await service.collection('impact_answers').getFullList({ filter: `user = "${wil.id}"` })).toHaveLength(0);
  expect(await service.collection('impact_answers').getFullList({ filter: `user = "${dev.id}"` })).toHaveLength(0);

  // The trainer: the whole course.
  const staffContext = await browser.newContext({ baseURL });
  await signInAs(staffContext, trainer);
  const s = await staffContext.newPage();
  await s.goto(`/staff/impact/${course.slug}`);
  await expect(s.getByRole('heading', { level: 1 })).toHaveText(`Impact report: ${course.title}`);
  const summary = s.locator('section', { has: s.getByRole('heading', { name: 'People on the course' }) });
  await expect(summary.getByRole('row', { name: /Answering the questionnaire/ })).toContainText('7');
  // 5 people 2 → 4 and 2 people 1 → 5: 12/7 = 1.7 and 30/7 = 4.3. Wil's 5 → 1 would change both.
  const first = s.getByRole('table', { name: q.questions[0]!.text });
  await expect(first.getByRole('row', { name: /At the end/ })).toHaveText(/At the end\s*7\s*1\.7\s*4\.3\s*\+2\.6/);
  await expect(s.getByText('The course gave me my voice back.')).toBeVisible();
  await expect(s.getByText('Withdrawn words')).toHaveCount(0);
  await expectNoAxeViolations(s);
  await screenshot(s, 'impact-report-course', { fullPage: true });

  // The PDF: tagged text with the same numbers, the quote, and nothing withdrawn.
  const pdf = await s.request.get(`/staff/impact/${course.slug}/report.pdf`);
  expect(pdf.status()).toBe(200);
  expect(pdf.headers()['content-type']).toBe('application/pdf');
  const text = pdfText(await pdf.body());
  expect(text).toContain(`Impact report: ${course.title}`);
  expect(text).toMatch(/At the end 7 1\.7 4\.3 \+2\.6/);
  expect(text).toContain('The course gave me my voice back.');
  expect(text).not.toContain('Withdrawn words');
  const csv = await s.request.get(`/staff/impact/${course.slug}/report.csv`);
  expect(csv.headers()['content-type']).toContain('text/csv');
  expect(await csv.text()).toContain('"Answering the questionnaire","7"');

  // The small group: every questionnaire number hidden, and no quote.
  await s.goto(`/staff/impact/${course.slug}?cohort=${small}`);
  await expect(s.getByRole('table', { name: q.questions[0]!.text }).getByRole('row', { name: /At the end/ })).toHaveText(/fewer than 5/);
  await expect(summary.getByRole('row', { name: /Answering the questionnaire/ })).toContainText('fewer than 5');
  await expect(s.getByText('4.3')).toHaveCount(0);
  await staffContext.close();
});

test('a trainee cannot open the impact report', async ({ browser, baseURL }) => {
  const trainee = await createAccount('Curious Trainee');
  const context = await browser.newContext({ baseURL });
  await signInAs(context, trainee);
  const p = await context.newPage();
  const response = await p.goto(`/staff/impact/${course.slug}`);
  expect(response?.status()).toBe(403);
  const pdf = await p.request.get(`/staff/impact/${course.slug}/report.pdf`);
  expect(pdf.headers()['content-type'] ?? '').not.toContain('application/pdf');
  await context.close();
});
