/**
 * Knowledge checks in the browser: graded on the server, with and without JavaScript, kind
 * results, and answer keys that never reach the browser before grading.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import type { APIRequestContext, Page } from '@playwright/test';
import { loadCourses } from '../../src/lib/courses/course-fs.ts';
import type { Course, Module } from '../../src/lib/courses/course.ts';
import { renderCourseInline } from '../../src/lib/markdown/markdown.ts';
import { createAccount, signInAs } from './accounts.ts';
import { expect, expectNoAxeViolations, screenshot, test } from './fixtures.ts';

const root = path.resolve(import.meta.dirname, '../..');
const { courses } = loadCourses(path.join(root, 'courses'), root);
const course = courses.find((c) => c.slug === 'peer-support-foundations') as Course;
// The first module: no content note in front of it.
const module = course.modules[0] as Module;
const check = module.knowledgeCheck!;
const moduleUrl = `/courses/${course.slug}/${module.id}`;

const correct = (q: (typeof check.questions)[number]) => q.options.flatMap((o, i) => (o.correct ? [i] : []));
const firstWrong = (q: (typeof check.questions)[number]) => q.options.findIndex((o) => !o.correct);

/** Ticks the given option numbers of each question (by their labels' ids). */
async function answer(page: Page, choose: (q: (typeof check.questions)[number]) => number[]) {
  for (const [i, q] of check.questions.entries()) {
    for (const j of choose(q)) await page.locator(`#kc-q${i + 1}-o${j + 1}`).check();
  }
}

/** Text as a reader sees it: tags gone, entities decoded, curly quotes made straight, spaces collapsed. */
function readable(html: string): string {
  return html
    .replace(/<script[\s\S]*?<\/script>/gi, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)))
    .replace(/&#x([0-9a-f]+);/gi, (_, n: string) => String.fromCodePoint(parseInt(n, 16)))
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/[‘’]/g, "'")
    .replace(/[“”]/g, '"')
    .replace(/\s+/g, ' ');
}

/** Every question's feedback of every module, as a reader would see each one (rendered once). */
let feedbackTexts: { course: string; module: string; question: string; option: number; text: string }[] | undefined;
function allFeedback(): { course: string; module: string; question: string; option: number; text: string }[] {
  return (feedbackTexts ??= courses.flatMap((c) =>
    c.modules.flatMap((m) =>
      (m.knowledgeCheck?.questions ?? []).flatMap((q) =>
        q.options.map((o, option) => ({ course: c.slug, module: m.id, question: q.id, option, text: readable(renderCourseInline(o.feedback)).trim() })),
      ),
    ),
  ));
}

/** Markers of an answer key in HTML or JavaScript. */
const KEY_MARKERS = [/data-correct/i, /["']?correct["']?\s*:\s*(true|!0)/i, /\bis-correct\b/i, /data-feedback\s*=/i, /"feedback"\s*:/i];

function expectNoKeys(body: string, where: string) {
  for (const marker of KEY_MARKERS) expect(body, `${where} contains ${marker}`).not.toMatch(marker);
  const text = readable(body);
  // One assertion over the list: an expect per feedback text (hundreds per page) was most of this
  // spec's CPU time (each expect records its call site).
  const shown = allFeedback().filter((f) => text.includes(f.text)).map((f) => `${f.course}/${f.module} ${f.question} option ${f.option + 1}`);
  expect(shown, `${where} shows the feedback of`).toEqual([]);
}

async function scriptsOf(request: APIRequestContext, html: string, seen: Set<string>): Promise<void> {
  const queue = [...html.matchAll(/<script[^>]+src="([^"]+)"/g)].map((m) => m[1]!);
  while (queue.length > 0) {
    const src = queue.shift()!;
    if (seen.has(src)) continue;
    seen.add(src);
    const body = await (await request.get(src)).text();
    for (const m of body.matchAll(/["'](\/_astro\/[^"']+\.js)["']|(?:from|import)\s*\(?\s*["']\.\/([^"']+\.js)["']/g)) {
      queue.push(m[1] ?? `/_astro/${m[2]}`);
    }
  }
}

// Every test makes its own trainee, so the tests of this long file may run on several workers at once.
test.describe.configure({ mode: 'parallel' });

test.describe('knowledge check with JavaScript', () => {
  test('not yet, then passed: feedback inline, focus on the result, try again clears the form', async ({ page, context }) => {
    test.slow(); // axe runs twice over a long module page
    await signInAs(context, await createAccount('Quiz Trainee'));
    await page.goto(moduleUrl);
    const section = page.locator('section.knowledge-check');
    await expect(section.getByRole('heading', { name: 'Knowledge check' })).toBeVisible();
    await expect(section.getByRole('group', { name: /Question 1/ })).toContainText('Choose one answer.');
    await expect(section.locator('fieldset').filter({ has: page.locator('input[type=checkbox]') }).first()).toContainText('Choose all that apply.');

    await answer(page, (q) => [firstWrong(q)]);
    const urlBefore = page.url();
    let navigated = false;
    page.on('framenavigated', (frame) => {
      if (frame === page.mainFrame()) navigated = true;
    });
    await section.getByRole('button', { name: 'Check my answers' }).click();

    const summary = section.locator('[data-kc-summary]');
    await expect(summary).toContainText(`You got 0 out of ${check.questions.length} right.`);
    await expect(summary).toContainText('Not yet: you need');
    await expect(summary).toContainText('You can try again as many times as you like.');
    await expect(summary).toBeFocused();
    await expect(section).not.toContainText(/fail/i);
    expect(page.url()).toBe(urlBefore);
    expect(navigated).toBe(false);

    // Under each question: not yet, and the feedback of the option chosen, no other.
    for (const [i, q] of check.questions.entries()) {
      const group = section.locator(`#kc-q${i + 1}`);
      await expect(group.locator('.kc-verdict')).toHaveText('Not yet');
      const shown = readable(await group.locator('.kc-feedback').innerHTML());
      q.options.forEach((o, j) => expect(shown.includes(readable(renderCourseInline(o.feedback)).trim()), `${q.id} option ${j + 1}`).toBe(j === firstWrong(q)));
    }
    await expect(section.locator('.kc-history tbody tr')).toHaveCount(1);
    await screenshot(page, 'kc-js-not-yet');
    await expectNoAxeViolations(page);

    // A graded attempt is a record: its answers cannot be changed, only tried again.
    await expect(section.locator('fieldset[data-kc-question] input').first()).toBeDisabled();
    await expect(section.getByRole('button', { name: 'Check my answers' })).toBeHidden();

    // "Try again" loads the next attempt, with its own order of options.
    await summary.getByRole('link', { name: 'Try again' }).click();
    await page.waitForLoadState('load');
    await expect(section.locator('.kc-feedback')).toHaveCount(0);
    await expect(section.locator('[data-kc-summary]')).toHaveCount(0);
    await expect(section.locator('input:checked')).toHaveCount(0);
    await expect(section.locator('input[name=sitting]')).toHaveValue('r1');
    navigated = false;

    await answer(page, correct);
    await section.getByRole('button', { name: 'Check my answers' }).click();
    await expect(summary).toContainText(`You got ${check.questions.length} out of ${check.questions.length} right.`);
    await expect(summary).toContainText('You passed this check. Well done.');
    await expect(summary).toBeFocused();
    await expect(section.locator('.kc-verdict')).toHaveText(check.questions.map(() => 'Right'));
    await expect(section.locator('.kc-history tbody tr')).toHaveCount(2);
    await expect(section.locator('.kc-history tbody tr').first()).toContainText('Passed');
    await screenshot(page, 'kc-js-passed', { fullPage: true });
    expect(navigated).toBe(false);
  });

  test('unanswered questions are named and the answers given stay', async ({ page, context }) => {
    await signInAs(context, await createAccount('Quiz Partial'));
    await page.goto(moduleUrl);
    await page.locator('#kc-q1-o2').check();
    await page.getByRole('button', { name: 'Check my answers' }).click();
    const problem = page.locator('.kc-problem');
    await expect(problem).toBeFocused();
    await expect(problem).toContainText('Some questions still need an answer');
    await expect(problem.getByRole('link', { name: 'Question 2' })).toBeVisible();
    await expect(page.locator('#kc-q2 .kc-error')).toHaveText('Please choose at least one answer to this question.');
    await expect(page.locator('#kc-q2')).toHaveAttribute('aria-describedby', 'kc-q2-error');
    await expect(page.locator('#kc-q1-o2')).toBeChecked();
    await expect(page.locator('#kc-q1 .kc-error')).toHaveCount(0);
  });

  test('signed out: the questions can be read, with a way to sign in, and no form', async ({ page }) => {
    await page.goto(moduleUrl);
    const section = page.locator('section.knowledge-check');
    await expect(section.getByRole('link', { name: 'Sign in to take the check and save your result' })).toHaveAttribute('href', /^\/signin\?next=/);
    await expect(section.locator('form, input')).toHaveCount(0);
    await expect(section.locator('.kc-readonly > li')).toHaveCount(check.questions.length);
  });
});

test.describe('knowledge check without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('unanswered, not yet, try again, passed: every step a plain form', async ({ page, context }) => {
    await signInAs(context, await createAccount('Quiz Plain'));
    await page.goto(moduleUrl);

    // Only the first question answered: the form comes back with that answer kept.
    await page.locator('#kc-q1-o2').check();
    const [partial] = await Promise.all([page.waitForResponse((r) => r.url().endsWith('/checks')), page.getByRole('button', { name: 'Check my answers' }).click()]);
    expect(partial.status()).toBe(422);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Knowledge check: ${module.title}`);
    const numbers = check.questions.slice(1).map((_, i) => i + 2);
    await expect(page.locator('.kc-problem')).toContainText(`Please answer questions ${numbers.slice(0, -1).join(', ')} and ${numbers.at(-1)}`);
    await expect(page.locator('#kc-q1-o2')).toBeChecked();
    await expect(page.locator('#kc-q2 .kc-error')).toBeVisible();
    await screenshot(page, 'kc-nojs-unanswered', { fullPage: true });

    // Everything answered, wrongly: 303 to the module page with the result.
    await answer(page, (q) => [firstWrong(q)]);
    await page.getByRole('button', { name: 'Check my answers' }).click();
    await expect(page).toHaveURL(new RegExp(`${moduleUrl}\\?attempt=[a-z0-9]+#knowledge-check$`));
    const summary = page.locator('.kc-summary');
    await expect(summary).toContainText(`You got 0 out of ${check.questions.length} right.`);
    await expect(summary).toContainText('You can try again as many times as you like.');
    await expect(page.locator('.kc-verdict').first()).toHaveText('Not yet');
    await expect(page.locator(`#kc-q1-o${firstWrong(check.questions[0]!) + 1}`)).toBeChecked();
    await screenshot(page, 'kc-nojs-result');

    await summary.getByRole('link', { name: 'Try again' }).click();
    await expect(page).toHaveURL(new RegExp(`${moduleUrl}#knowledge-check$`));
    await expect(page.locator('.kc-summary, .kc-feedback')).toHaveCount(0);
    await expect(page.locator('section.knowledge-check input:checked')).toHaveCount(0);

    await answer(page, correct);
    await page.getByRole('button', { name: 'Check my answers' }).click();
    await expect(page.locator('.kc-summary')).toContainText('You passed this check. Well done.');
    await expect(page.locator('.kc-history tbody tr')).toHaveCount(2);
  });
});

// The pages the plain form leads to, reached by submitting the form natively (form.submit()
// skips the element's handler); axe on them runs in accessibility.spec.ts.
test('the form shown again with unanswered questions, then a result view whose "Try again" loads the next attempt', async ({ page, context }) => {
  test.slow();
  await signInAs(context, await createAccount('Quiz Axe'));
  await page.goto(moduleUrl);
  await page.locator('#kc-q1-o2').check();
  await Promise.all([page.waitForURL(/\/checks$/), page.evaluate(() => document.querySelector<HTMLFormElement>('form.kc-form')!.submit())]);
  await expect(page.locator('.kc-problem')).toContainText('Some questions still need an answer');

  await answer(page, (q) => [firstWrong(q)]);
  await Promise.all([page.waitForURL(/\?attempt=/), page.evaluate(() => document.querySelector<HTMLFormElement>('form.kc-form')!.submit())]);
  await expect(page.locator('.kc-summary')).toContainText('Not yet');

  // With JavaScript, "Try again" on a result the server showed loads the next attempt.
  await page.locator('.kc-summary').getByRole('link', { name: 'Try again' }).click();
  await expect(page.locator('.kc-summary, .kc-feedback')).toHaveCount(0);
  await expect(page.locator('section.knowledge-check input:checked')).toHaveCount(0);
  await expect(page).toHaveURL(new RegExp(`${moduleUrl}(#knowledge-check)?$`));
  await expect(page.locator('.kc-history tbody tr')).toHaveCount(1);
});

test.describe('answer keys never reach the browser before grading', () => {
  test('no module page (signed out or in) and no script carries a correct flag or any feedback', async ({ page, context, request }) => {
    test.slow(); // 26 module pages and every script
    const seen = new Set<string>();
    for (const c of courses) {
      for (const m of c.modules) {
        const url = `/courses/${c.slug}/${m.id}`;
        const response = await request.get(url);
        expect(response.status(), url).toBe(200);
        const html = await response.text();
        expectNoKeys(html, `${url} (signed out)`);
        await scriptsOf(request, html, seen);
      }
    }

    await signInAs(context, await createAccount('Quiz Leak'));
    for (const c of courses) {
      for (const m of c.modules) {
        const url = `/courses/${c.slug}/${m.id}`;
        const html = await (await page.request.get(url)).text();
        if (m.knowledgeCheck) expect(html, `${url} shows the form when signed in`).toContain('action="/checks"');
        // Option values are numbers only, and every option input looks the same.
        const shapes = [...html.matchAll(/<input[^>]+name="answer:[^"]+"[^>]*>/g)].map((x) =>
          x[0].replace(/\s(value="\d+"|id="[^"]+"|name="[^"]+"|type="(radio|checkbox)"|checked)/g, '').replace(/\s+/g, ' '),
        );
        expect(new Set(shapes).size, `${url}: option inputs differ beyond their number`).toBeLessThanOrEqual(1);
        expectNoKeys(html, `${url} (signed in)`);
        await scriptsOf(page.request, html, seen);
      }
    }

    // Every script the site builds, not only those linked from these pages.
    const built = readdirSync(path.join(root, process.env.LL_DIST_DIR || 'dist', 'client/_astro')).filter((f) => f.endsWith('.js'));
    for (const file of built) seen.add(`/_astro/${file}`);
    expect(seen.size).toBeGreaterThan(0);
    for (const src of seen) {
      const response = await request.get(src);
      expect(response.status(), src).toBe(200);
      expectNoKeys(await response.text(), src);
    }
  });

  test('after a check, only the feedback of the chosen options appears', async ({ page, context, baseURL }) => {
    await signInAs(context, await createAccount('Quiz Chosen'));
    // Question by question: a wrong option for the first, the correct set for the rest.
    const chosen = Object.fromEntries(check.questions.map((q, i) => [q.id, i === 0 ? [firstWrong(q)] : correct(q)]));
    const form = new URLSearchParams({ course: course.slug, module: module.id });
    for (const [id, indexes] of Object.entries(chosen)) for (const n of indexes) form.append(`answer:${id}`, String(n));

    const json = await page.request.post('/checks', { data: form.toString(), headers: { Origin: baseURL!, Accept: 'application/json', 'Content-Type': 'application/x-www-form-urlencoded' } });
    expect(json.status()).toBe(201);
    const jsonBody = await json.text();

    const plain = await page.request.post('/checks', { data: form.toString(), headers: { Origin: baseURL!, 'Content-Type': 'application/x-www-form-urlencoded' }, maxRedirects: 0 });
    expect(plain.status()).toBe(303);
    const resultHtml = await (await page.request.get(plain.headers()['location']!)).text();

    for (const [where, body] of [['JSON result', jsonBody], ['result page', resultHtml]] as const) {
      const text = readable(body.replace(/\\"/g, '"').replace(/\\u003c/g, '<').replace(/\\u003e/g, '>'));
      for (const q of check.questions) {
        q.options.forEach((o, i) => {
          const feedback = readable(renderCourseInline(o.feedback)).trim();
          const wasChosen = chosen[q.id]!.includes(i);
          expect(text.includes(feedback), `${where}: ${q.id} option ${i + 1} ${wasChosen ? 'chosen, so shown' : 'not chosen, so hidden'}`).toBe(wasChosen);
        });
      }
      for (const marker of [/data-correct/i, /"correct"\s*:/i]) expect(body, where).not.toMatch(marker);
    }
  });
});

test.describe('bad input to /checks', () => {
  test('gets a clear message and the right status, never a stack trace', async ({ page, context, baseURL }) => {
    await signInAs(context, await createAccount('Quiz Tamper'));
    const headers = { Origin: baseURL!, 'Content-Type': 'application/x-www-form-urlencoded' };
    const post = (fields: [string, string][], accept?: string) =>
      page.request.post('/checks', { data: new URLSearchParams(fields).toString(), headers: accept ? { ...headers, Accept: accept } : headers, maxRedirects: 0 });
    const all = check.questions.map((q) => [`answer:${q.id}`, String(firstWrong(q))] as [string, string]);
    const base: [string, string][] = [['course', course.slug], ['module', module.id]];

    const unknownModule = await post([['course', course.slug], ['module', 'no-such-module'], ...all]);
    expect(unknownModule.status()).toBe(404);
    expect(await unknownModule.text()).toContain('We could not find that course or module.');
    expect((await post([['course', 'no-such-course'], ['module', module.id], ...all], 'application/json')).status()).toBe(404);

    const outOfRange = await post([...base, ...all.slice(1), [`answer:${check.questions[0]!.id}`, '9']]);
    expect(outOfRange.status()).toBe(400);
    expect(await outOfRange.text()).toContain('The answer to question 1 is not one of its');

    const tampered = await post([...base, ...all, ['correct', 'true']], 'application/json');
    expect(tampered.status()).toBe(400);
    expect(await tampered.json()).toMatchObject({ error: expect.stringContaining('a field we did not expect') });

    // A second, different option for question 1 (whichever position the first one had).
    const other = String(firstWrong(check.questions[0]!) === 0 ? 1 : 0);
    const twoForOne = await post([...base, ...all, [`answer:${check.questions[0]!.id}`, other]], 'application/json');
    expect(twoForOne.status()).toBe(400);

    const unanswered = await post([...base, all[0]!], 'application/json');
    expect(unanswered.status()).toBe(422);
    expect(await unanswered.json()).toMatchObject({ unanswered: check.questions.slice(1).map((q) => q.id) });

    const asJson = await page.request.post('/checks', { data: { course: course.slug }, headers: { Origin: baseURL!, Accept: 'application/json' } });
    expect(asJson.status()).toBe(400);
    for (const response of [unknownModule, outOfRange, tampered]) expect(await response.text()).not.toMatch(/at \S+ \(|Error:/);
  });

  test('a signed-out check goes to sign in and keeps the answers for afterwards', async ({ request, baseURL }) => {
    const response = await request.post('/checks', {
      data: new URLSearchParams([['course', course.slug], ['module', module.id], [`answer:${check.questions[0]!.id}`, '1']]).toString(),
      headers: { Origin: baseURL!, 'Content-Type': 'application/x-www-form-urlencoded' },
      maxRedirects: 0,
    });
    expect(response.status()).toBe(303);
    const next = new URL(response.headers()['location']!, baseURL).searchParams.get('next');
    expect(next).toBe(`${moduleUrl}?answers=${encodeURIComponent(`${check.questions[0]!.id}:1`)}#knowledge-check`);
  });

  test('answers brought back after signing in fill the form again', async ({ page, context }) => {
    await signInAs(context, await createAccount('Quiz Returning'));
    await page.goto(`${moduleUrl}?answers=${encodeURIComponent(`${check.questions[0]!.id}:1`)}#knowledge-check`);
    await expect(page.locator('#kc-q1-o2')).toBeChecked();
    await expect(page.locator('.kc-note')).toContainText('Your answers are back in the form.');
  });
});

test('the module page with a check is usable at 375 px and 1280 px', async ({ page, context }) => {
  await signInAs(context, await createAccount('Quiz Phone'));
  for (const width of [375, 1280]) {
    await page.setViewportSize({ width, height: 900 });
    await page.goto(`${moduleUrl}#knowledge-check`);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow, `${width} px`).toBeLessThanOrEqual(0);
    await page.locator('#knowledge-check').scrollIntoViewIfNeeded();
    await screenshot(page, `kc-form-${width}`);
  }
});
