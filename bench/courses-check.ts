/**
 * How course checking scales: `loadCourses()` on generated courses of 50 and 500 modules
 * (~800 words, a 3-question knowledge check and a link to the next module each), median of a
 * few runs; then `npm run courses:check` end to end on the real courses, once.
 *
 * Run alone (Node 24): `npx node bench/courses-check.ts`.
 */
import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadCourses } from '../src/lib/courses/course-fs.ts';
import { formatFigures, median, type Figure } from './report.ts';

const PROJECT_ROOT = fileURLToPath(new URL('..', import.meta.url));
/** Module files are numbered with two digits, so larger sizes are spread over several courses. */
const MODULES_PER_COURSE = 50;
const SMALL = 50;
const LARGE = 500;
const RUNS = 7;
const WORDS_PER_MODULE = 800;

/** @throws {Error} if a generated course has problems (the generator is wrong) or the CLI cannot be started */
export async function benchCoursesCheck(): Promise<Figure[]> {
  const tempDir = await mkdtemp(path.join(os.tmpdir(), 'lived-learning-bench-courses-'));
  let small: number;
  let large: number;
  try {
    const smallDir = await writeGeneratedCourses(path.join(tempDir, 'small'), SMALL);
    const largeDir = await writeGeneratedCourses(path.join(tempDir, 'large'), LARGE);
    // One untimed load of each first: warms the JIT for both and checks the generator.
    checkGenerated(smallDir, SMALL);
    checkGenerated(largeDir, LARGE);
    small = timeLoadCourses(smallDir);
    large = timeLoadCourses(largeDir);
  } finally {
    await rm(tempDir, { recursive: true, force: true });
  }
  const growth = large / small;
  const linear = `grows linearly (~${LARGE / SMALL}×)`;
  console.log(`\nloadCourses() on generated courses (median of ${RUNS} runs after a warm-up)`);
  console.log(`  ${String(SMALL).padStart(4)} modules  ${small.toFixed(0)} ms`);
  console.log(`  ${String(LARGE).padStart(4)} modules  ${large.toFixed(0)} ms`);
  console.log(`  growth ${LARGE}/${SMALL}: ${growth.toFixed(1)}×   target: ${linear}`);

  const cli = timeCoursesCheckCli();
  console.log(`\nnpm run courses:check (real courses, once): ${cli.ms.toFixed(0)} ms, exit ${cli.status}: ${cli.said}`);

  return [
    { name: `loadCourses, ${SMALL} modules`, value: `${small.toFixed(0)} ms`, target: '-' },
    { name: `loadCourses, ${LARGE} modules`, value: `${large.toFixed(0)} ms`, target: '-' },
    { name: `loadCourses growth ${LARGE}/${SMALL}`, value: `${growth.toFixed(1)}×`, target: linear },
    { name: 'npm run courses:check (real courses)', value: `${cli.ms.toFixed(0)} ms`, target: '-' },
  ];
}

function checkGenerated(coursesDir: string, expectedModules: number) {
  const { courses, problems } = loadCourses(coursesDir, coursesDir);
  const modules = courses.reduce((sum, course) => sum + course.modules.length, 0);
  if (problems.length > 0 || modules !== expectedModules) {
    throw new Error(`The generated courses should load cleanly with ${expectedModules} modules; got ${modules} and ${problems.length} problems, first: ${problems[0]?.message}`);
  }
}

function timeLoadCourses(coursesDir: string): number {
  const times = Array.from({ length: RUNS }, () => {
    const start = performance.now();
    loadCourses(coursesDir, coursesDir);
    return performance.now() - start;
  });
  return median(times);
}

function timeCoursesCheckCli(): { ms: number; status: number | null; said: string } {
  const start = performance.now();
  const result = spawnSync('npm', ['run', '--silent', 'courses:check'], { cwd: PROJECT_ROOT, encoding: 'utf8', timeout: 60_000 });
  const ms = performance.now() - start;
  if (result.error) throw new Error(`Could not run npm run courses:check: ${result.error.message}`);
  const said = `${result.stdout}\n${result.stderr}`.trim().split('\n').filter((line) => !line.startsWith('npm warn')).at(-1) ?? '';
  return { ms, status: result.status, said };
}

/** Writes `modules / MODULES_PER_COURSE` courses into `coursesDir` and returns it. */
async function writeGeneratedCourses(coursesDir: string, modules: number): Promise<string> {
  const random = seededRandom(1);
  for (let course = 1; course <= modules / MODULES_PER_COURSE; course++) {
    const dir = path.join(coursesDir, `generated-${String(course).padStart(2, '0')}`);
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, 'course.md'), courseFile(course));
    for (let number = 1; number <= MODULES_PER_COURSE; number++) {
      await writeFile(path.join(dir, moduleFileName(number)), moduleFile(number, random));
    }
  }
  return coursesDir;
}

const moduleFileName = (number: number) => `${String(number).padStart(2, '0')}-module-${number}.md`;

function courseFile(course: number): string {
  return `---
title: Generated course ${course}
summary: A generated course for timing the course checker.
audience: Benchmarks
authors:
  - name: Bench Author
    role: Generator
units:
  - id: U1
    title: The only unit
    credits: 1
    guided_learning_hours: 4
    outcomes:
      - id: "1"
        text: Understand the generated text
        criteria:
          - id: "1.1"
            text: Explain the generated text
            evidence: knowledge-check
---

An introduction to generated course ${course}.
`;
}

function moduleFile(number: number, random: () => number): string {
  const next = number === MODULES_PER_COURSE ? 1 : number + 1;
  const questions = [1, 2, 3].map(
    (q) => `    - question: ${sentence(random)}
      type: single
      options:
        - text: Option A for question ${q}
          correct: true
          feedback: Yes, that is right.
        - text: Option B for question ${q}
          feedback: Not quite, read the section again.`,
  );
  return `---
title: Module ${number} ${words(random, 3)}
duration: 30
criteria: [U1/1.1]
knowledge_check:
  questions:
${questions.join('\n')}
---

${body(random)}

Next: [module ${next}](${moduleFileName(next)})
`;
}

/** Paragraphs of lorem-like sentences with a section heading every few paragraphs. */
function body(random: () => number): string {
  const blocks: string[] = [];
  let count = 0;
  while (count < WORDS_PER_MODULE) {
    if (blocks.length % 4 === 0) blocks.push(`## ${words(random, 3)}`);
    const sentences = Array.from({ length: 3 + Math.floor(random() * 4) }, () => sentence(random));
    count += sentences.join(' ').split(' ').length;
    blocks.push(sentences.join(' '));
  }
  return blocks.join('\n\n');
}

const VOCABULARY = (
  'lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor incididunt ut labore et dolore magna aliqua ' +
  'peer support recovery listening mutual trust boundaries power safety choice hope story group session worker service ' +
  'learning reflection practice community voice lived experience together notice respect care plan meeting questions answer'
).split(' ');

const words = (random: () => number, count: number) => Array.from({ length: count }, () => VOCABULARY[Math.floor(random() * VOCABULARY.length)]!).join(' ');

function sentence(random: () => number): string {
  const text = words(random, 6 + Math.floor(random() * 13));
  return `${text[0]!.toUpperCase()}${text.slice(1)}.`;
}

/** mulberry32: the same text on every run, so runs compare. */
function seededRandom(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

if (import.meta.main) console.log(`\n${formatFigures(await benchCoursesCheck())}`);
