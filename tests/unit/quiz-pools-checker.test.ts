/**
 * courses:check for knowledge checks: pool sizes (`ask`), `retry_after` and `shuffle` are
 * validated with a file:line and a fix; patterns in where the right answers sit, and wrong-option
 * feedback that quotes the right answer, are warnings that never stop a course being used.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildCourse } from '../../src/lib/courses/build.ts';
import type { CourseFile } from '../../src/lib/courses/course.ts';
import { formatProblem, formatWarning } from '../../src/lib/courses/problems.ts';

const root = path.resolve(import.meta.dirname, '../..');
const tiny = path.join(root, 'tests/fixtures/courses/tiny/tiny-course');
const dir = 'courses/tiny-course';

/** The tiny course, with its first module's front matter `knowledge_check` replaced. */
function withCheck(check: string, extraModules: Record<string, string> = {}): ReturnType<typeof buildCourse> {
  const files: CourseFile[] = readdirSync(tiny, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => {
      const rel = path.relative(tiny, path.join(e.parentPath, e.name)).split(path.sep).join('/');
      return { path: rel, content: rel.endsWith('.md') ? readFileSync(path.join(tiny, rel), 'utf8') : readFileSync(path.join(tiny, rel)) };
    });
  const first = files.find((f) => f.path === '01-first.md')!;
  first.content = (first.content as string).replace(/knowledge_check:\n(?: {2}.*\n)+/, `knowledge_check:\n${check}`);
  for (const [name, content] of Object.entries(extraModules)) files.push({ path: name, content });
  return buildCourse({ slug: 'tiny-course', dir, files });
}

const question = (n: number, right = 0, feedbackOfWrong = 'Not quite. Think about who decides.') =>
  [
    `    - question: Question number ${n}`,
    '      type: single',
    '      options:',
    ...[0, 1, 2].flatMap((i) => [
      `        - text: Option ${n}${'abc'[i]} here`,
      ...(i === right ? ['          correct: true', '          feedback: Yes.'] : [`          feedback: ${feedbackOfWrong}`]),
    ]),
  ].join('\n');

const questions = (count: number, right: (i: number) => number = () => 0) => `  questions:\n${Array.from({ length: count }, (_, i) => question(i + 1, right(i))).join('\n')}\n`;

describe('pool sizes', () => {
  it('accepts ask between 1 and the pool size and keeps it in the model', () => {
    const { course, problems } = withCheck(`  ask: 2\n${questions(5, (i) => i % 3)}`);
    expect(problems.map(formatProblem)).toEqual([]);
    expect(course!.modules[0]!.knowledgeCheck!.ask).toBe(2);
    expect(course!.modules[0]!.knowledgeCheck!.questions).toHaveLength(5);
  });

  it('refuses ask larger than the pool, on the ask line, saying how to fix it', () => {
    const { course, problems } = withCheck(`  ask: 7\n${questions(5, (i) => i % 3)}`);
    expect(course).toBeUndefined();
    expect(problems.map(formatProblem)).toEqual([
      `${dir}/01-first.md:9: \`ask\` is 7, but this knowledge check has only 5 questions to draw from — ask at most 5, or add more questions under \`questions:\``,
    ]);
  });

  it('refuses ask of 0 or a decimal', () => {
    expect(withCheck(`  ask: 0\n${questions(3, (i) => i % 3)}`).problems.map(formatProblem)).toEqual([
      `${dir}/01-first.md:9: \`ask\` is 0, but each attempt must ask at least 1 question — write a number from 1 to 3, or remove \`ask\` to ask every question`,
    ]);
    expect(withCheck(`  ask: 2.5\n${questions(3, (i) => i % 3)}`).problems.map(formatProblem)[0]).toContain('`ask` must be a whole number of questions');
  });

  it('lets a pool hold more than 20 questions only when ask draws 20 or fewer', () => {
    const many = questions(24, (i) => i % 3);
    expect(withCheck(many).problems.map(formatProblem)[0]).toMatch(/^courses\/tiny-course\/01-first\.md:\d+: this knowledge check has 24 questions, but one attempt may ask at most 20 — add `ask: 20`/);
    expect(withCheck(`  ask: 10\n${many}`).problems).toEqual([]);
    expect(withCheck(`  ask: 21\n${many}`).problems.map(formatProblem)).toEqual([
      `${dir}/01-first.md:9: \`ask\` is 21, but one attempt may ask at most 20 questions — write ask: 20 or fewer`,
    ]);
  });
});

describe('order and wait settings', () => {
  it('reads shuffle per question (default: the check’s, itself default true) and retry_after', () => {
    const check = `  shuffle: false\n  retry_after: 10m\n${questions(2, (i) => i % 3)}`.replace('      type: single\n', '      type: single\n      shuffle: true\n');
    const { course, problems } = withCheck(check);
    expect(problems).toEqual([]);
    const kc = course!.modules[0]!.knowledgeCheck!;
    expect(kc.questions.map((q) => q.shuffle)).toEqual([true, false]);
    expect(kc.retryAfterMs).toBe(600_000);
    expect(withCheck(questions(2, (i) => i % 3)).course!.modules[0]!.knowledgeCheck!.questions.every((q) => q.shuffle)).toBe(true);
    expect(withCheck(questions(2, (i) => i % 3)).course!.modules[0]!.knowledgeCheck!.retryAfterMs).toBe(0);
  });

  it('refuses a wait it cannot read, saying how to write one', () => {
    expect(withCheck(`  retry_after: ten minutes\n${questions(2, (i) => i % 3)}`).problems.map(formatProblem)).toEqual([
      `${dir}/01-first.md:9: knowledge check: \`retry_after\` must be a number and a unit: s (seconds), m (minutes), h (hours) or d (days) — e.g. retry_after: 10m`,
    ]);
  });
});

describe('warnings', () => {
  it('warn when most "choose one" right answers sit in the same place, without failing the course', () => {
    const { course, problems, warnings } = withCheck(questions(5, (i) => (i === 4 ? 1 : 0)));
    expect(problems).toEqual([]);
    expect(course).toBeDefined();
    expect(warnings.map(formatWarning)).toEqual([
      `${dir}/01-first.md:10: warning: in 4 of the course's 5 "choose one" questions the right answer is the first option (this is the first of them) — move the right answer to different places so its position gives nothing away`,
    ]);
  });

  it('say nothing when the right answers are spread out', () => {
    expect(withCheck(questions(6, (i) => i % 3)).warnings).toEqual([]);
  });

  it('warn when "choose all that apply" right answers are on top in most questions', () => {
    const multiple = (n: number) =>
      [`    - question: Multiple ${n}`, '      type: multiple', '      options:', '        - text: Top one', '          correct: true', '          feedback: Yes.', '        - text: Next one', '          correct: true', '          feedback: Yes.', '        - text: Last one', '          feedback: Not quite.'].join('\n');
    const { warnings } = withCheck(`  questions:\n${[1, 2, 3, 4].map(multiple).join('\n')}\n`);
    expect(warnings.map(formatWarning)).toEqual([
      `${dir}/01-first.md:10: warning: in 4 of the course's 4 "choose all that apply" questions the right answers are all at the top (this is the first of them) — mix the right answers in among the others`,
    ]);
  });

  it('warn, on the feedback line, when a wrong option’s feedback quotes the right option', () => {
    const check = `  questions:\n${question(1, 1, 'Not quite. The answer is option 1b here, because of mutuality.')}\n`;
    const { course, warnings } = withCheck(check);
    expect(course).toBeDefined();
    expect(warnings.map(formatWarning)).toEqual([
      `${dir}/01-first.md:14: warning: question 1, option 1: the feedback for this wrong option quotes the right answer ("Option 1b here") — say why this option does not fit, without naming the right one, so trying again still means thinking it through`,
      `${dir}/01-first.md:19: warning: question 1, option 3: the feedback for this wrong option quotes the right answer ("Option 1b here") — say why this option does not fit, without naming the right one, so trying again still means thinking it through`,
    ]);
  });
});

describe('the browser editor and the new settings', () => {
  it('keeps ask, shuffle and retry_after exactly as written (the form falls back to text for them)', async () => {
    const { parseModuleFile, serialiseModule } = await import('../../src/lib/authoring/module-form.ts');
    const fixtures = path.join(root, 'tests/fixtures/courses/knowledge-checks/first-option-course');
    for (const file of ['02-pool.md', '03-mixed.md', '04-wait.md']) {
      const source = readFileSync(path.join(fixtures, file), 'utf8');
      const model = parseModuleFile(source);
      expect(model.mode, file).toBe('raw');
      expect(serialiseModule(model), file).toBe(source);
    }
  });
});
