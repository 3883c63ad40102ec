import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildCourse } from '../../src/lib/courses/build.ts';
import type { CourseFile } from '../../src/lib/courses/course.ts';
import { formatProblem } from '../../src/lib/courses/problems.ts';
import { applyCourseOp, courseFieldId, courseModelFromForm, creditSums, parseCourseFile, serialiseCourse } from '../../src/lib/authoring/course-form.ts';
import { applyModuleOp, courseChoices, moduleFieldId, moduleModelFromForm, parseModuleFile, RAW_REASONS, serialiseModule, type ModuleEditorModel } from '../../src/lib/authoring/module-form.ts';
import { courseTemplate, moduleTemplate } from '../../src/lib/authoring/template.ts';

const root = path.resolve(import.meta.dirname, '../..');

function courseFiles(dir: string): CourseFile[] {
  const out: CourseFile[] = [];
  const walk = (abs: string, prefix: string) => {
    for (const item of readdirSync(abs, { withFileTypes: true })) {
      if (item.name.startsWith('.')) continue;
      const rel = prefix ? `${prefix}/${item.name}` : item.name;
      if (item.isDirectory()) walk(path.join(abs, item.name), rel);
      else out.push({ path: rel, content: rel.endsWith('.md') ? readFileSync(path.join(abs, item.name), 'utf8') : readFileSync(path.join(abs, item.name)) });
    }
  };
  walk(dir, '');
  return out;
}

const courses = [
  ...readdirSync(path.join(root, 'courses')).map((slug) => ({ slug, dir: path.join(root, 'courses', slug) })),
  { slug: 'tiny-course', dir: path.join(root, 'tests/fixtures/courses/tiny/tiny-course') },
];

/** What a posted form would send for this model (as the editor page renders it). */
function asPostedForm(model: ModuleEditorModel): FormData {
  const data = new FormData();
  data.set('body', model.body);
  if (model.mode === 'raw') {
    data.set('mode', 'raw');
    data.set('frontmatter', model.frontmatter);
    return data;
  }
  const f = model.form;
  data.set('mode', 'form');
  data.set('fm_id', f.id);
  data.set('fm_title', f.title);
  data.set('fm_duration', f.duration);
  f.outcomes.forEach((v) => data.append('fm_outcomes', v));
  f.criteria.forEach((v) => data.append('fm_criteria', v));
  f.mapsTo.forEach((v) => data.append('fm_maps_to', v));
  data.set('fm_content_note', f.contentNote);
  [...f.reflectionPrompts, ''].forEach((v) => data.append('fm_prompt', v));
  [...f.sources, ''].forEach((v) => data.append('fm_source', v));
  data.set('kc_pass_mark', f.passMark);
  data.set('kc_count', String(f.questions.length));
  f.questions.forEach((q, i) => {
    data.set(`q${i}_id`, q.id);
    data.set(`q${i}_question`, q.question);
    data.set(`q${i}_type`, q.type);
    data.set(`q${i}_count`, String(q.options.length));
    q.options.forEach((o, j) => {
      data.set(`q${i}_o${j}_text`, o.text);
      if (o.correct) data.set(`q${i}_o${j}_correct`, 'yes');
      data.set(`q${i}_o${j}_feedback`, o.feedback);
    });
  });
  return data;
}

describe('module form: parse → serialise round trip over every module', () => {
  for (const { slug, dir } of courses) {
    it(`${slug}: every module gives the same course model after the form writes it back`, () => {
      const files = courseFiles(dir);
      const before = buildCourse({ slug, dir: slug, files });
      expect(before.problems.map(formatProblem)).toEqual([]);
      const rewritten = files.map((file) => {
        if (!/^\d\d-.*\.md$/.test(file.path)) return file;
        const model = parseModuleFile(String(file.content));
        expect(model.mode, file.path).toBe('form');
        // Through the posted form too, as a browser without JavaScript would send it.
        const posted = moduleModelFromForm(asPostedForm(model));
        expect(serialiseModule(posted)).toBe(serialiseModule(model));
        return { path: file.path, content: serialiseModule(posted) };
      });
      const after = buildCourse({ slug, dir: slug, files: rewritten });
      expect(after.problems.map(formatProblem)).toEqual([]);
      const strip = (c: typeof before.course) => ({ ...c, version: '', modules: c?.modules.map((m) => ({ ...m })) });
      expect(strip(after.course)).toEqual(strip(before.course));
    });
  }

  it('writes clean YAML: stable key order, id lists in brackets, no needless quotes', () => {
    const text = serialiseModule({
      mode: 'form',
      body: 'Text.',
      form: { id: 'listening', title: 'Listening: the basics', duration: '30', outcomes: [], criteria: ['U1/1.1'], mapsTo: [], contentNote: '', reflectionPrompts: ['What helps?'], passMark: '', questions: [], sources: [] },
    });
    expect(text).toBe('---\nid: listening\ntitle: "Listening: the basics"\nduration: 30\ncriteria: [U1/1.1]\nreflection_prompts:\n  - What helps?\n---\n\nText.\n');
  });

  it('keeps a duration the checker must explain as text, not as a number', () => {
    const model = parseModuleFile(readFileSync(path.join(root, 'tests/fixtures/courses/tiny/tiny-course/01-first.md'), 'utf8'));
    if (model.mode !== 'form') throw new Error('expected the form');
    expect(serialiseModule({ ...model, form: { ...model.form, duration: 'abc' } })).toContain('duration: abc\n');
  });

  it('falls back to the raw YAML box, never losing text', () => {
    const broken = '---\ntitle: "Unclosed\nduration: 20\n---\n\nBody text.\n';
    const model = parseModuleFile(broken);
    expect(model).toEqual({ mode: 'raw', frontmatter: 'title: "Unclosed\nduration: 20', body: 'Body text.\n', reason: RAW_REASONS.yaml });
    expect(serialiseModule(model)).toBe(broken);
    expect(parseModuleFile('---\ntitle: A # a comment\nduration: 5\n---\n\nx\n').mode).toBe('raw');
    expect(parseModuleFile('---\ntitle: A\nduration: 5\nlayout: wide\n---\n\nx\n')).toMatchObject({ mode: 'raw', reason: RAW_REASONS.shape });
    expect(parseModuleFile('No front matter at all.\n')).toMatchObject({ mode: 'raw', frontmatter: '', body: 'No front matter at all.\n' });
  });

  it('adds and removes questions and options with buttons', () => {
    const model = parseModuleFile(readFileSync(path.join(root, 'tests/fixtures/courses/tiny/tiny-course/01-first.md'), 'utf8'));
    if (model.mode !== 'form') throw new Error('expected the form');
    const added = applyModuleOp(applyModuleOp(model.form, 'add-question'), 'add-option:0');
    expect(added.questions.map((q) => q.options.length)).toEqual([3, 2]);
    // Blank rows are not written.
    expect(serialiseModule({ ...model, form: added })).toBe(serialiseModule(model));
    expect(applyModuleOp(added, 'remove-question:1').questions).toHaveLength(1);
    expect(applyModuleOp(added, 'remove-option:0:0').questions[0]?.options[0]?.text).toBe('Wrong');
  });

  it('maps checker paths to form controls', () => {
    expect(moduleFieldId(['duration'])).toBe('fm_duration');
    expect(moduleFieldId(['criteria', 1])).toBe('fm_criteria');
    expect(moduleFieldId(['reflection_prompts', 2])).toBe('fm_prompt_2');
    expect(moduleFieldId(['knowledge_check', 'questions', 1])).toBe('q1_question');
    expect(moduleFieldId(['knowledge_check', 'questions', 1, 'options', 0, 'feedback'])).toBe('q1_o0_feedback');
    expect(moduleFieldId(['knowledge_check', 'questions', 1, 'type'])).toBe('q1_type');
  });

  it('offers outcomes, criteria and framework domains from course.md as checkboxes', () => {
    const choices = courseChoices(readFileSync(path.join(root, 'tests/fixtures/courses/tiny/tiny-course/course.md'), 'utf8'));
    expect(choices.criteria.map((c) => c.ref)).toEqual(['U1/1.1', 'U2/1.1']);
    expect(choices.outcomes.map((c) => c.ref)).toEqual(['U1/1', 'U2/1']);
    expect(choices.domains).toEqual([{ ref: 'hee/1', label: 'Values' }]);
    expect(courseChoices('---\nunits: [oops\n---\n')).toEqual({ outcomes: [], criteria: [], domains: [] });
  });
});

describe('course form (course.md)', () => {
  for (const { slug, dir } of courses) {
    it(`${slug}: course.md round-trips through the form with the same model`, () => {
      const files = courseFiles(dir);
      const before = buildCourse({ slug, dir: slug, files });
      const source = String(files.find((f) => f.path === 'course.md')!.content);
      const model = parseCourseFile(source);
      expect(model.mode).toBe('form');
      const rewritten = files.map((f) => (f.path === 'course.md' ? { path: f.path, content: serialiseCourse(model) } : f));
      const after = buildCourse({ slug, dir: slug, files: rewritten });
      expect(after.problems.map(formatProblem)).toEqual([]);
      const strip = (c: typeof before.course) => ({ ...c, version: '', modules: [] });
      expect(strip(after.course)).toEqual(strip(before.course));
    });
  }

  it('adds and removes units, outcomes and criteria; sums credits', () => {
    const model = parseCourseFile(readFileSync(path.join(root, 'tests/fixtures/courses/tiny/tiny-course/course.md'), 'utf8'));
    if (model.mode !== 'form') throw new Error('expected the form');
    let form = applyCourseOp(model.form, 'add-unit');
    form = applyCourseOp(form, 'add-criterion:0:0');
    expect(form.units).toHaveLength(3);
    expect(form.units[0]?.outcomes[0]?.criteria).toHaveLength(2);
    expect(serialiseCourse({ ...model, form })).toBe(serialiseCourse(model));
    form = applyCourseOp(form, 'remove-unit:1');
    expect(form.units.map((u) => u.id)).toEqual(['U1', '']);
    expect(creditSums(model.form)).toEqual({ credits: 2, hours: 8, declaredCredits: 2, declaredHours: 8 });
  });

  it('reads the posted form back', () => {
    const data = new FormData();
    for (const [k, v] of Object.entries({ c_title: 'T', c_summary: 'S', c_language: 'en-GB', c_audience: 'A', c_pass_mark: '80', c_enrolment: 'open', author_count: '1', a0_name: 'Ada', a0_role: 'Peer trainer', unit_count: '1', u0_id: 'U1', u0_title: 'Unit', u0_credits: '1', u0_hours: '4', u0_outcome_count: '1', u0_o0_id: '1', u0_o0_text: 'O', u0_o0_count: '1', u0_o0_c0_id: '1.1', u0_o0_c0_text: 'C', u0_o0_c0_evidence: 'written', body: 'Intro.' })) data.set(k, v);
    const text = serialiseCourse(courseModelFromForm(data));
    expect(text).toContain('pass_mark: 80\n');
    expect(text).toContain('  - id: U1\n');
    expect(text).toContain('            evidence: written\n');
    expect(courseFieldId(['units', 0, 'outcomes', 0, 'criteria', 0, 'evidence'])).toBe('u0_o0_c0_evidence');
    expect(courseFieldId(['accreditation', 'credits'])).toBe('acc_credits');
  });
});

describe('templates are valid courses whose only problems are their example text', () => {
  it('a new course (course.md and one module) has no problems but the example sentences, which block publishing', () => {
    const files = courseTemplate({ title: 'Listening well', authorName: 'Ada Peer' });
    const result = buildCourse({ slug: 'listening-well', dir: 'courses/listening-well', files });
    expect(result.problems.length).toBeGreaterThan(0);
    expect(result.problems.map(formatProblem).filter((p) => !p.includes("is the template's example text"))).toEqual([]);
  });

  it('a new module added to the tiny course has its id set; only its example text is a problem', () => {
    const files = [...courseFiles(path.join(root, 'tests/fixtures/courses/tiny/tiny-course')), { path: '03-listening.md', content: moduleTemplate({ id: 'listening', title: 'Listening' }) }];
    const result = buildCourse({ slug: 'tiny-course', dir: 'x', files });
    expect(result.problems.map(formatProblem).filter((p) => !p.includes("is the template's example text"))).toEqual([]);
    expect(result.problems.map((p) => p.file)).toEqual(['x/03-listening.md', 'x/03-listening.md', 'x/03-listening.md']);
    expect(moduleTemplate({ id: 'listening', title: 'Listening' })).toContain('id: listening\n');
  });
});
