/**
 * "Nothing unfinished reaches trainees" (issue 17): template text, an empty box, a module with no
 * text, a box never closed, and "1 credits" are caught (problems block publishing and fail
 * courses:check); and every problem is reported in one run.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { courseTemplate, moduleTemplate } from '../../src/lib/authoring/template.ts';
import { buildCourse } from '../../src/lib/courses/build.ts';
import type { CourseFile } from '../../src/lib/courses/course.ts';
import { formatProblem, sortProblems } from '../../src/lib/courses/problems.ts';
import { placeholderIn } from '../../src/lib/courses/unfinished.ts';
import { en } from '../../src/lib/i18n/messages.ts';

const root = path.resolve(import.meta.dirname, '../..');
const tinyDir = path.join(root, 'tests/fixtures/courses/tiny/tiny-course');

function tinyFiles(): CourseFile[] {
  const out: CourseFile[] = [];
  const walk = (abs: string, prefix: string) => {
    for (const item of readdirSync(abs, { withFileTypes: true })) {
      const rel = prefix ? `${prefix}/${item.name}` : item.name;
      if (item.isDirectory()) walk(path.join(abs, item.name), rel);
      else out.push({ path: rel, content: rel.endsWith('.md') ? readFileSync(path.join(abs, item.name), 'utf8') : readFileSync(path.join(abs, item.name)) });
    }
  };
  walk(tinyDir, '');
  return out;
}

/** The tiny course with some files' text changed; returns the problems as courses:check prints them. */
function problemsWith(change: Record<string, (text: string) => string>, extra: CourseFile[] = []): string[] {
  const files = tinyFiles().map((f) => (change[f.path] ? { ...f, content: change[f.path]!(String(f.content)) } : f));
  const result = buildCourse({ slug: 'tiny-course', dir: 'c', files: [...files, ...extra] });
  if (result.problems.length > 0) expect(result.course).toBeUndefined();
  return sortProblems(result.problems).map(formatProblem);
}

describe('the tiny course is clean to start with', () => {
  it('has no problems', () => {
    expect(problemsWith({})).toEqual([]);
  });
});

describe('template placeholder text blocks publishing', () => {
  it('a new course from the template: every example sentence is a problem, with the line and a plain fix', () => {
    const files = courseTemplate({ title: 'Listening well', authorName: 'Ada Peer' });
    const result = buildCourse({ slug: 'listening-well', dir: 'c', files });
    expect(result.course).toBeUndefined();
    const text = result.problems.map(formatProblem);
    expect(text).toContain('c/course.md:3: "What … is about, in one or two sentences." is the template\'s example text — replace it with your own words before publishing');
    expect(text.some((t) => /^c\/course\.md:\d+: "Name of the first unit" is the template's example text/.test(t))).toBe(true);
    expect(text.some((t) => /^c\/01-introduction\.md:\d+: "Write the module here\. Use short paragraphs and plain words\." is the template's example text/.test(t))).toBe(true);
    expect(text.some((t) => /^c\/01-introduction\.md:\d+: "Describe something the reader can do/.test(t))).toBe(true);
    // Nothing else is wrong with the template: only the example text.
    expect(text.every((t) => t.includes("is the template's example text"))).toBe(true);
  });

  it('once the example text is replaced the template course passes', () => {
    const files = courseTemplate({ title: 'Listening well', authorName: 'Ada Peer' }).map((f) => ({
      ...f,
      content: f.content
        .replace(/What Listening well is about, in one or two sentences\./, 'Listening without fixing.')
        .replace('Who this course is for, in a sentence.', 'Peer workers.')
        .replace('Name of the first unit', 'Listening')
        .replace('Understand the first idea of the course', 'Understand listening')
        .replace('Describe the first idea in their own words', 'Describe listening')
        .replace(/Say who this course is for.*/, 'A short course about listening.')
        .replace('Write the module here. Use short paragraphs and plain words.', 'Listening is a skill.')
        .replace('Start each new section with two hashes (##) and a short heading.', 'It takes practice.')
        .replace('Describe something the reader can do, on their own or with others.', 'Listen to a friend for two minutes.'),
    }));
    const result = buildCourse({ slug: 'listening-well', dir: 'c', files });
    expect(result.problems.map(formatProblem)).toEqual([]);
  });

  it('a new module from the template added to a finished course is a problem until written', () => {
    const text = problemsWith({}, [{ path: '03-listening.md', content: moduleTemplate({ id: 'listening', title: 'Listening' }) }]);
    expect(text).toContain('c/03-listening.md:7: "Write the module here. Use short paragraphs and plain words." is the template\'s example text — replace it with your own words before publishing');
  });

  it('lorem ipsum and TODO are unfinished too, in the settings or the text; code blocks are left alone', () => {
    const text = problemsWith({ '02-second.md': (t) => t.replace('How was that?', 'TODO write a prompt').concat('\n\nLorem ipsum dolor sit amet.\n\n```\nTODO in code\n```\n') });
    expect(text).toEqual([
      'c/02-second.md:7: "TODO" marks unfinished text — replace it with your own words before publishing',
      'c/02-second.md:13: "Lorem ipsum" marks unfinished text — replace it with your own words before publishing',
    ]);
    expect(placeholderIn('a todo list of things')).toBeUndefined();
    expect(placeholderIn('the TODO-free version')).toBeUndefined();
  });
});

describe('boxes', () => {
  it('an empty box is a problem at its line', () => {
    expect(problemsWith({ '01-first.md': (t) => t.replace('Do a thing.\n', '') })).toEqual([
      'c/01-first.md:28: the activity box is empty — write what trainees should read inside it, between the ::: lines, or remove the box',
    ]);
  });

  it('a box never closed is a problem at the line where it starts', () => {
    expect(problemsWith({ '01-first.md': (t) => t.replace(/\n:::\s*$/, '\n\nMore text after the box.\n') })).toEqual([
      'c/01-first.md:28: the activity box that starts here is never closed — put a line with just ::: after the end of its text',
    ]);
  });

  it('a box still open when the next box starts is named, not the next one', () => {
    const text = problemsWith({ '01-first.md': (t) => t.replace(/\n:::\s*$/, '\n\n::: key-point\nRemember this.\n:::\n') });
    expect(text).toEqual([
      'c/01-first.md:28: the activity box that starts here is still open when the next box starts (line 31) — put a line with just ::: after the end of its text',
    ]);
  });
});

describe('a module with no body', () => {
  it('no text at all', () => {
    expect(problemsWith({ '02-second.md': (t) => t.replace(/---\n\n[\s\S]*$/, '---\n') })).toEqual(['c/02-second.md:9: the module has no text — write the module after the closing --- line']);
  });

  it('only headings and an empty box count as no text', () => {
    const text = problemsWith({ '02-second.md': (t) => t.replace(/---\n\n[\s\S]*$/, '---\n\n## Coming soon\n\n::: activity\n:::\n') });
    expect(text).toContain('c/02-second.md:9: the module has no text — write the module after the closing --- line');
  });
});

describe('"1 credits" never reaches trainees', () => {
  it('credits are counted in words that agree with the number', () => {
    expect(en.catalogue.credits(1)).toBe('1 credit');
    expect(en.catalogue.credits(12)).toBe('12 credits');
    expect(en.course.unitFacts(1, 1)).toBe('1 credit · 1 guided learning hour');
    expect(en.catalogue.credits(1)).not.toMatch(/\b1 credits\b/);
    expect(en.course.unitFacts(3, 12)).toBe('3 credits · 12 guided learning hours');
  });

  it('a course with no accreditation shows its units without credits (the template unit has 1 as a stand-in)', () => {
    expect(en.course.unitFacts(undefined, 4)).toBe('4 guided learning hours');
  });
});

describe('every problem in one run', () => {
  it('five mistakes across four files, one a YAML error, are all reported together', () => {
    const text = problemsWith(
      {
        // 1. A YAML error in one module (it hides only the rest of that file's settings).
        '01-first.md': (t) => t.replace('title: The first module', 'title: "The first module'),
        // 2. A criterion that course.md does not have, in another module.
        '02-second.md': (t) => t.replace('criteria: [U2/1.1]', 'criteria: [U2/1.9]'),
        // 3. An unknown box in course.md's introduction.
        'course.md': (t) => t.replace('A tiny course for tests.', 'A tiny course for tests.\n\n::: warning\nCareful.\n:::'),
      },
      [
        // 4. Template text and 5. an empty box, in a new module.
        { path: '03-third.md', content: '---\ntitle: Third\nduration: 5\ncriteria: [U1/1.1]\n---\n\nWrite the module here. Use short paragraphs and plain words.\n\nMore words.\n\n::: key-point\n:::\n' },
      ],
    );
    expect(text).toEqual([
      'c/01-first.md:2: a double quote mark is opened on this line but never closed — add the closing " at the end of the text',
      'c/02-second.md:4: criterion `U2/1.9` is not in course.md — add it there or fix the id (criteria look like U1/1.1: unit id, slash, criterion id)',
      'c/03-third.md:7: "Write the module here. Use short paragraphs and plain words." is the template\'s example text — replace it with your own words before publishing',
      'c/03-third.md:11: the key-point box is empty — write what trainees should read inside it, between the ::: lines, or remove the box',
      'c/course.md:51: `::: warning` is not a known box — use one of activity, reflection, content-note, key-point, easy-read, example, support',
    ]);
  });

  it('a criterion no module covers is reported alongside other problems when every module can be read', () => {
    const text = problemsWith({
      '02-second.md': (t) => t.replace('criteria: [U2/1.1]', 'criteria: []').concat('\n\n::: example\n:::\n'),
    });
    expect(text).toEqual([
      'c/02-second.md:13: the example box is empty — write what trainees should read inside it, between the ::: lines, or remove the box',
      'c/course.md:44: assessment criterion U2/1.1 is not covered by any module — add "U2/1.1" to the `criteria` of the module that teaches it',
    ]);
  });
});

describe('npm run courses:check (as CI runs it)', () => {
  it('exits 1 and prints every problem in one run: five mistakes in three files of two courses, one a YAML error', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'courses-check-'));
    try {
      for (const slug of ['one-course', 'two-course']) cpSync(tinyDir, path.join(dir, slug), { recursive: true });
      const edit = (file: string, change: (t: string) => string) => writeFileSync(path.join(dir, file), change(readFileSync(path.join(dir, file), 'utf8')));
      edit('one-course/01-first.md', (t) => t.replace('title: The first module', 'title: "The first module')); // YAML error
      edit('one-course/02-second.md', (t) => `${t}\n\n::: activity\n:::\n`); // empty box
      edit('one-course/02-second.md', (t) => t.replace('The second module', 'Lorem ipsum. The second module')); // unfinished text
      edit('two-course/01-first.md', (t) => t.replace(/\n:::\s*$/, '\n\nMore.\n')); // box never closed
      edit('two-course/02-second.md', (t) => t.replace(/---\n\n[\s\S]*$/, '---\n')); // no body
      const run = spawnSync(process.execPath, ['scripts/courses-check.ts', dir], { cwd: root, encoding: 'utf8' });
      expect(run.status).toBe(1);
      const rel = path.relative(root, dir).split(path.sep).join('/');
      const lines = run.stderr.split('\n').filter((l) => l.startsWith(rel)).map((l) => l.slice(rel.length + 1).replace(/ — .*/, ''));
      expect(lines).toEqual([
        'one-course/01-first.md:2: a double quote mark is opened on this line but never closed',
        'one-course/02-second.md:2: "Lorem ipsum" marks unfinished text',
        'one-course/02-second.md:13: the activity box is empty',
        'two-course/01-first.md:28: the activity box that starts here is never closed',
        'two-course/02-second.md:9: the module has no text',
      ]);
      expect(run.stderr).toContain('5 problems found.');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
