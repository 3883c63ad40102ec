import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildCourse } from '../../src/lib/courses/build.ts';
import { loadCourses } from '../../src/lib/courses/course-fs.ts';
import { formatProblem } from '../../src/lib/courses/problems.ts';
import { placeProblems, validateWorkingCourse, yamlKeyFinder } from '../../src/lib/authoring/validate.ts';
import { renderCourseMarkdown } from '../../src/lib/markdown/markdown.ts';
import { courseLinkResolver } from '../../src/lib/site/links.ts';
import { renderedModule } from '../../src/lib/site/rendered.ts';
import { moduleFieldId } from '../../src/lib/authoring/module-form.ts';

const root = path.resolve(import.meta.dirname, '../..');
const tiny = path.join(root, 'tests/fixtures/courses/tiny');
const broken = (name: string) => path.join(root, 'tests/fixtures/courses-broken', name);

describe('validateWorkingCourse: the same messages as courses:check', () => {
  it('finds no problems in the tiny course and builds the model', () => {
    const result = validateWorkingCourse('tiny-course', undefined, tiny);
    expect(result.problems).toEqual([]);
    expect(result.course?.modules.map((m) => m.id)).toEqual(['first', 'second']);
  });

  it.each(['duration-with-units', 'yaml-syntax-error', 'unknown-criterion', 'top-level-heading', 'credits-do-not-add-up', 'single-with-two-correct'])(
    '%s: every message equals what courses:check prints',
    (name) => {
      const cli = loadCourses(broken(name), root).problems.map(formatProblem);
      const editor = validateWorkingCourse('tiny-course', undefined, broken(name)).problems.map(formatProblem);
      expect(cli.length).toBeGreaterThan(0);
      expect(editor).toEqual(cli);
    },
  );

  it('checks the text in the editor instead of the file on disk', () => {
    const source = readFileSync(path.join(tiny, 'tiny-course/01-first.md'), 'utf8').replace('duration: 20', 'duration: abc');
    const { problems, course } = validateWorkingCourse('tiny-course', { path: '01-first.md', content: source }, tiny);
    expect(course).toBeUndefined();
    expect(problems.map(formatProblem)).toEqual([
      'tests/fixtures/courses/tiny/tiny-course/01-first.md:3: `duration` must be a number of minutes — write a whole number without units or quotes, e.g. duration: 45',
    ]);
  });
});

describe('placeProblems: each problem goes next to its field or body line', () => {
  const dir = 'tests/fixtures/courses/tiny/tiny-course';
  const source = readFileSync(path.join(tiny, 'tiny-course/01-first.md'), 'utf8');

  it('maps a front-matter line to the field key, and a body line to its line in the body', () => {
    const broken = source.replace('duration: 20', 'duration: abc').replace('## A section', '# A section').replace('feedback: Not quite.', 'feedback: ""');
    const { problems } = validateWorkingCourse('tiny-course', { path: '01-first.md', content: broken }, tiny);
    const placed = placeProblems(problems, dir, '01-first.md', broken);
    const where = placed.map((p) => (p.place.kind === 'field' ? moduleFieldId(p.place.key) : p.place.kind === 'body' ? `body:${p.place.line}` : p.place.kind));
    expect(where).toEqual(['fm_duration', 'q0_o1_feedback', 'body:5']);
    expect(placed[0]?.text).toBe(`${dir}/01-first.md:3: \`duration\` must be a number of minutes — write a whole number without units or quotes, e.g. duration: 45`);
  });

  it('keeps problems of other files as whole-file problems', () => {
    const placed = placeProblems([{ file: `${dir}/course.md`, line: 4, message: 'x — y' }], dir, '01-first.md', source);
    expect(placed[0]?.place).toEqual({ kind: 'file', fileLine: 4, file: `${dir}/course.md` });
  });

  it('finds the deepest key on a line', () => {
    const find = yamlKeyFinder('a: 1\nlist:\n  - x: 1\n    y: 2\n', 2);
    expect(find(2)).toEqual(['a']);
    expect(find(4)).toEqual(['list', 0, 'x']);
    expect(find(5)).toEqual(['list', 0, 'y']);
  });
});

describe('preview: the same pipeline as the reading page', () => {
  it('renders a module body exactly as renderedModule does', () => {
    const { courses } = loadCourses(path.join(root, 'courses'), root);
    for (const course of courses) {
      for (const module of course.modules.slice(0, 3)) {
        const preview = renderCourseMarkdown(module.body, { resolveLink: courseLinkResolver(course) });
        expect(preview.html).toBe(renderedModule(course, module).html);
      }
    }
  });

  it('builds the same course from validate as from the loader', () => {
    const fromLoader = loadCourses(tiny, root).courses[0];
    const fromEditor = validateWorkingCourse('tiny-course', undefined, tiny).course;
    expect(fromEditor?.version).toBe(fromLoader?.version);
    expect(buildCourse).toBeTypeOf('function');
  });
});
