/**
 * Problems in the editor's form use the form's words and point at the field (issue 17): no YAML
 * setting names, no `correct: true`, no file lines. The file:line form stays for the raw
 * settings box and the Markdown text.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { problemsFragment, fieldMessages } from '../../src/lib/authoring/editor-html.ts';
import type { EditorProblem, EditorView } from '../../src/lib/authoring/editor.ts';
import { formKey, formWords } from '../../src/lib/authoring/form-words.ts';
import { moduleFieldId } from '../../src/lib/authoring/module-form.ts';
import { placeProblems, validateCourseFiles } from '../../src/lib/authoring/validate.ts';
import type { CourseFile } from '../../src/lib/courses/course.ts';

const root = path.resolve(import.meta.dirname, '../..');
const tinyDir = path.join(root, 'tests/fixtures/courses/tiny/tiny-course');
const tiny = (): CourseFile[] =>
  readdirSync(tinyDir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => {
      const rel = path.relative(tinyDir, path.join(d.parentPath, d.name)).split(path.sep).join('/');
      return { path: rel, content: rel.endsWith('.md') ? readFileSync(path.join(tinyDir, rel), 'utf8') : readFileSync(path.join(tinyDir, rel)) };
    });

/** Problems for 01-first.md with `change` applied, placed and worded as the editor's form shows them. */
function formProblems(change: (t: string) => string): EditorProblem[] {
  const source = change(readFileSync(path.join(tinyDir, '01-first.md'), 'utf8'));
  const { problems } = validateCourseFiles('tiny-course', 'c', tiny(), { path: '01-first.md', content: source });
  return placeProblems(problems, 'c', '01-first.md', source).map((p) => {
    if (p.place.kind !== 'field') return { ...p, fieldId: undefined };
    const key = formKey(p.message, p.place.key);
    return { ...p, fieldId: moduleFieldId(key), formText: formWords(p.message, key, 'module') };
  });
}

const noJargon = (text: string) => {
  expect(text).not.toMatch(/`|correct: true|\.md:\d|\bline \d/i);
  expect(text).not.toMatch(/\b(feedback|duration|pass_mark|maps_to|knowledge_check):/);
};

describe('the form says problems in its own words, at the field', () => {
  it("a single-answer question with two right answers: 'Question 1 needs one answer marked …', at the question", () => {
    const [p, ...rest] = formProblems((t) => t.replace('feedback: Not quite.', 'correct: true\n          feedback: Not quite.'));
    expect(rest).toEqual([]);
    expect(p!.formText).toBe('Question 1 needs one answer marked “This answer is correct” (it has 2). Or, if more than one answer is right, set Answers to “One or more correct answers”.');
    expect(p!.fieldId).toBe('q0_question');
    expect(p!.message).toMatch(/correct: true/); // courses:check keeps its own words
  });

  it('a missing feedback names the label and the option, at the feedback box', () => {
    const [p] = formProblems((t) => t.replace('\n          feedback: Not quite.', ''));
    expect(p!.formText).toBe('Fill in “Feedback shown after answering” for question 1, option 2.');
    expect(p!.fieldId).toBe('q0_o1_feedback');
    noJargon(p!.formText!);
  });

  it('a duration with words in it, a criterion not in the course, and an empty title', () => {
    const texts = [
      ...formProblems((t) => t.replace('duration: 20', 'duration: 20 minutes').replace('title: The first module', 'title: ""')),
      ...formProblems((t) => t.replace('criteria: [U1/1.1]', 'criteria: [U1/1.1, U1/1.9]')),
    ].map((p) => p.formText);
    expect(texts).toContain('Fill in “Title”.');
    expect(texts).toContain('“How long it takes, in minutes” must be a whole number, such as 45, with no words, units or % after it.');
    expect(texts).toContain('The assessment criterion U1/1.9 is not in the course settings. Untick it under “Assessment criteria this module covers”, or add it in the course settings first.');
    for (const text of texts) noJargon(text!);
  });

  it('course settings: credit sums and a criterion no module covers, in words of the course form', () => {
    expect(formWords("the units add up to 2 credits but `credits` says 3 — make them match (change a unit's credits or this number)", ['accreditation', 'credits'], 'course')).toBe('The units add up to 2 credits, but “Credits” under Accreditation says 3. Make them match.');
    expect(formWords('assessment criterion U2/1.1 is not covered by any module — add "U2/1.1" to the `criteria` of the module that teaches it', ['units', 1, 'outcomes', 0, 'criteria', 0], 'course')).toBe('No module covers assessment criterion U2/1.1 yet. Open the module that teaches it and tick U2/1.1 under “Assessment criteria this module covers”, or remove the criterion here.');
    expect(formWords('unit 2, outcome 1, criterion 1: `evidence` must be one of: reflection, written, knowledge-check, observation — pick the one an assessor will look at', ['units', 1, 'outcomes', 0, 'criteria', 0, 'evidence'], 'course')).toBe('Unit 2, learning outcome 1, criterion 1: “How it is assessed” must be one of: reflection, written, knowledge-check, observation — pick the one an assessor will look at');
  });

  it('the problem list and the field messages use the form words with no file:line; the text keeps its line', () => {
    const problems = formProblems((t) => t.replace('\n          feedback: Not quite.', '').replace('Do a thing.', 'TODO'));
    const view = { slug: 'tiny-course', problems } as unknown as EditorView;
    const html = problemsFragment(view);
    expect(html).toContain('Fill in “Feedback shown after answering” for question 1, option 2.');
    expect(html).not.toContain('01-first.md:16');
    expect(html).toContain('01-first.md:28'); // the Markdown text keeps file:line
    const fields = fieldMessages(view);
    expect(fields.q0_o1_feedback).toEqual(['Fill in “Feedback shown after answering” for question 1, option 2.']);
    expect(fields.body?.[0]).toMatch(/^Line \d+ of the text: "TODO" marks unfinished text/);
  });
});

describe('competence frameworks are a form, not a YAML box', () => {
  it('reads the frameworks of a shipped course into rows, writes them back unchanged, and adds and removes rows', async () => {
    const { parseCourseFile, serialiseCourse, applyCourseOp, courseModelFromForm, courseFieldId } = await import('../../src/lib/authoring/course-form.ts');
    const source = readFileSync(path.join(root, 'courses/peer-support-foundations/course.md'), 'utf8');
    const model = parseCourseFile(source);
    expect(model.mode).toBe('form');
    if (model.mode !== 'form') return;
    const [hee] = model.form.frameworks;
    expect(hee?.id).toBe('hee');
    expect(hee?.domains.slice(0, 2).map((d) => d.id)).toEqual(['1', '2']);
    expect(serialiseCourse(parseCourseFile(serialiseCourse(model)))).toBe(serialiseCourse(model));
    expect(serialiseCourse(model)).toContain('    domains:\n      - id: "1"\n');

    const added = applyCourseOp(applyCourseOp(model.form, 'add-framework'), 'add-domain:1');
    expect(added.frameworks).toHaveLength(2);
    expect(added.frameworks[1]!.domains).toHaveLength(2);
    expect(applyCourseOp(added, 'remove-domain:0:0').frameworks[0]!.domains).toHaveLength(hee!.domains.length - 1);
    expect(applyCourseOp(added, 'remove-framework:0').frameworks.map((f) => f.id)).toEqual(['']);

    const posted = new Map<string, string>(Object.entries({ framework_count: '1', fw0_id: 'ipsf', fw0_title: 'Peer support values', fw0_domain_count: '2', fw0_d0_id: '1', fw0_d0_title: 'Mutuality', fw0_d1_id: '', fw0_d1_title: '' }));
    const read = courseModelFromForm({ get: (k: string) => posted.get(k) ?? null });
    expect(read.mode === 'form' && read.form.frameworks).toEqual([{ id: 'ipsf', title: 'Peer support values', domains: [{ id: '1', title: 'Mutuality' }, { id: '', title: '' }] }]);
    expect(serialiseCourse(read)).toContain('frameworks:\n  - id: ipsf\n    title: Peer support values\n    domains:\n      - id: "1"\n        title: Mutuality\n');
    expect(courseFieldId(['frameworks', 0, 'domains', 1, 'title'])).toBe('fw0_d1_title');
    expect(formWords('framework 1: this framework has no domains — add at least one under `domains:`', ['frameworks', 0], 'course')).toBe('Framework 1 has no domains yet. Choose “Add a domain”.');
    expect(formWords('no authors are listed — credit at least one author under `authors:`', ['authors'], 'course')).toBe('There are no authors yet. Choose “Add an author”.');
    expect(formWords('framework 1: `id` may use only letters, digits, dots and dashes — e.g. id: "hee"', ['frameworks', 0, 'id'], 'course')).toBe('Framework 1: “Short name” may use only letters, digits, dots and dashes — e.g. "hee"');
    expect(formWords('framework 1, domain 2: `title` is empty — write it like: title: Core relational skills', ['frameworks', 0, 'domains', 1, 'title'], 'course')).toBe('Fill in “Name” for framework 1, domain 2.');
  });
});
