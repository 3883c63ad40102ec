import { describe, expect, it } from 'vitest';
import { buildCourse } from '../../src/lib/courses/build.ts';
import type { CompetencySet } from '../../src/lib/courses/course.ts';
import { appendBlock, courseTemplates, scaffold, SHIPPED_TEMPLATES, templateBlock } from '../../src/lib/courses/reflection-templates.ts';
import { ratingsEn } from '../../src/lib/i18n/ratings.ts';
import { bigGaps, parseInviteForm, parseRatingsForm, ratingsView, staffRatingRoles, type RatingRow } from '../../src/lib/ratings/ratings.ts';

const SET: CompetencySet = {
  title: 'Competences',
  source: '',
  scale: [1, 2, 3, 4, 5].map((score) => ({ score, label: `L${score}`, descriptor: `Level ${score}` })),
  items: [
    { id: 'listening', title: 'Listening', description: 'Listens well', mapsTo: [] },
    { id: 'values', title: 'Values', description: 'Holds the values', mapsTo: [] },
  ],
};

let n = 0;
const rating = (competency: string, role: RatingRow['role'], score: number, created: string): RatingRow => ({
  id: `r${++n}`,
  competency,
  role,
  score,
  comment: '',
  rater: role,
  rater_name: role,
  invite: '',
  created,
});

describe('ratings side by side', () => {
  it('the newest rating of each kind counts, and every rating stays in the history, newest first', () => {
    const view = ratingsView(SET, [
      rating('listening', 'self', 2, '2026-01-01 10:00:00.000Z'),
      rating('listening', 'self', 3, '2026-02-01 10:00:00.000Z'),
      rating('listening', 'peer', 5, '2026-01-15 10:00:00.000Z'),
    ]);
    const listening = view[0]!;
    expect(listening.latest.self?.score).toBe(3);
    expect(listening.history.map((r) => r.score)).toEqual([3, 5, 2]);
    expect(view[1]!.history).toEqual([]);
  });

  it('points out gaps against the trainee’s own newest rating, and only then', () => {
    const view = ratingsView(SET, [
      rating('listening', 'self', 2, '2026-01-01 10:00:00.000Z'),
      rating('listening', 'peer', 4, '2026-01-02 10:00:00.000Z'),
      rating('listening', 'supervisor', 1, '2026-01-02 10:00:00.000Z'),
      rating('listening', 'assessor', 2, '2026-01-02 10:00:00.000Z'),
      rating('values', 'peer', 5, '2026-01-02 10:00:00.000Z'),
    ]);
    expect(view[0]!.gaps).toEqual([
      { role: 'peer', difference: 2 },
      { role: 'supervisor', difference: -1 },
    ]);
    expect(view[1]!.gaps).toEqual([]); // no self rating: nothing to compare
    expect(bigGaps(view).map((b) => [b.competency.id, b.gaps.map((g) => g.role)])).toEqual([['listening', ['peer']]]);
    expect(ratingsEn.gap({ role: 'peer', difference: 2 })).toBe('Your peer rated you 2 points higher than you rated yourself.');
    expect(ratingsEn.gap({ role: 'supervisor', difference: -1 })).toBe('Your supervisor rated you 1 point lower than you rated yourself.');
  });
});

describe('the rating form', () => {
  const form = (entries: Record<string, string>) => {
    const f = new FormData();
    for (const [k, v] of Object.entries(entries)) f.set(k, v);
    return f;
  };
  const words = ratingsEn.errors;

  it('reads the competencies given a level, with their comments', () => {
    const result = parseRatingsForm(SET, form({ 'score-listening': '4', 'comment-listening': ' Good \r\n', 'score-values': '' }), words);
    expect(result).toEqual({ ok: true, value: [{ competency: 'listening', score: 4, comment: 'Good' }] });
  });

  it('refuses nothing chosen, a level off the scale, a comment without a level and a long comment, each in words', () => {
    expect(parseRatingsForm(SET, form({}), words)).toMatchObject({ ok: false, message: words.noneChosen });
    expect(parseRatingsForm(SET, form({ 'score-listening': '9' }), words)).toMatchObject({ ok: false, fields: { 'score-listening': words.badScore('Listening') } });
    expect(parseRatingsForm(SET, form({ 'score-listening': '2.5' }), words)).toMatchObject({ ok: false });
    expect(parseRatingsForm(SET, form({ 'comment-values': 'x' }), words)).toMatchObject({ ok: false, fields: { 'score-values': words.commentWithoutScore('Values') } });
    expect(parseRatingsForm(SET, form({ 'score-values': '1', 'comment-values': 'x'.repeat(1001) }), words)).toMatchObject({
      ok: false,
      fields: { 'comment-values': words.commentTooLong('Values') },
    });
  });

  it('an invite names one of the offered peers', () => {
    const offered = [{ id: 'abcdefghijklmno' }];
    expect(parseInviteForm(form({ peer: 'abcdefghijklmno', message: 'Hi' }), offered, words)).toEqual({ ok: true, value: { peer: 'abcdefghijklmno', message: 'Hi' } });
    expect(parseInviteForm(form({ peer: 'zzzzzzzzzzzzzzz' }), offered, words)).toMatchObject({ ok: false, fields: { peer: words.choosePeer } });
    expect(parseInviteForm(form({ peer: 'abcdefghijklmno', message: 'x'.repeat(501) }), offered, words)).toMatchObject({ ok: false, fields: { message: words.messageTooLong } });
  });

  it('staff rate as supervisor when they train the group, as assessor when they assess it, never themselves', () => {
    const cohort = { trainers: ['t', 'both'], assessors: ['a', 'both'] };
    expect(staffRatingRoles(cohort, 't', 'x')).toEqual(['supervisor']);
    expect(staffRatingRoles(cohort, 'a', 'x')).toEqual(['assessor']);
    expect(staffRatingRoles(cohort, 'both', 'x')).toEqual(['supervisor', 'assessor']);
    expect(staffRatingRoles(cohort, 'both', 'both')).toEqual([]);
    expect(staffRatingRoles(cohort, 'iqa', 'x')).toEqual([]);
  });
});

describe('reflection templates', () => {
  it('ships Gibbs’ cycle and What? So what? Now what?, offered when a course lists none', () => {
    expect(courseTemplates(undefined).map((t) => t.id)).toEqual(['gibbs', 'what-so-what-now-what']);
    expect(SHIPPED_TEMPLATES[0]!.steps.map((s) => s.heading)).toEqual(['Description', 'Feelings', 'Evaluation', 'Analysis', 'Conclusion', 'Action plan']);
    expect(courseTemplates([])).toEqual([]);
  });

  it('puts the headings after the words already written, never replacing them', () => {
    const gibbs = SHIPPED_TEMPLATES[0]!;
    expect(scaffold(gibbs)).toMatch(/^## Description\n\n> What happened\?/);
    expect(scaffold(gibbs, 'My words.\n\n')).toBe(`My words.\n\n${templateBlock(gibbs)}`);
    expect(appendBlock('', 'X\n')).toBe('X\n');
  });
});

// ---- course.md: the competency set and templates, checked with plain-words problems ----

const COURSE = (extra: string) => `---
title: A course
summary: A short summary.
audience: People starting out.
authors:
  - name: Sam
    role: Peer trainer
frameworks:
  - id: hee
    title: A framework
    domains:
      - id: "1"
        title: Values
${extra}units:
  - id: U1
    title: Unit one
    credits: 1
    guided_learning_hours: 4
    outcomes:
      - id: "1"
        text: Understand things
        criteria:
          - id: "1.1"
            text: Explain things
            evidence: written
---

An introduction with words.
`;
const MODULE = `---
title: First
duration: 10
criteria: [U1/1.1]
---

Some words here.
`;
const build = (extra: string) =>
  buildCourse({ slug: 'a-course', dir: 'courses/a-course', files: [{ path: 'course.md', content: COURSE(extra) }, { path: '01-first.md', content: MODULE }] });

const GOOD = `competencies:
  source: Our own words.
  scale:
    - score: 1
      label: Not yet
      descriptor: Not yet.
    - score: 2
      label: Yes
      descriptor: Yes.
  items:
    - id: values
      title: Values
      description: Holds the values.
      maps_to: [hee/1]
reflection_templates:
  - gibbs
  - id: debrief
    title: Team debrief
    steps:
      - heading: What happened
        prompt: What happened on shift?
      - heading: Next time
        prompt: What will you do next time?
`;

describe('course.md competencies and reflection_templates', () => {
  it('a good set builds into the course model', () => {
    const { course, problems } = build(GOOD);
    expect(problems).toEqual([]);
    expect(course!.competencies).toMatchObject({ source: 'Our own words.', items: [{ id: 'values', mapsTo: ['hee/1'] }] });
    expect(course!.reflectionTemplates.map((t) => t.id)).toEqual(['gibbs', 'debrief']);
  });

  it.each([
    ['a scale not numbered from 1 in order', GOOD.replace('score: 2', 'score: 3'), /level 2 of the rating scale has score 3 — number the levels 1, 2, 3…/],
    ['the same competency id twice', GOOD.replace('reflection_templates:', '    - id: values\n      title: Again\n      description: Again.\nreflection_templates:'), /two competencies have the id "values"/],
    ['an unknown framework domain', GOOD.replace('[hee/1]', '[hee/9]'), /framework domain `hee\/9` is not declared in course.md — use one of hee\/1/],
    ['a one-level scale', GOOD.replace(/    - score: 2\n      label: Yes\n      descriptor: Yes.\n/, ''), /the rating scale needs at least two levels/],
    ['a template the site does not ship', GOOD.replace('  - gibbs', '  - kolb'), /must be one the site ships: gibbs, what-so-what-now-what/],
    ['a template step without a prompt', GOOD.replace('        prompt: What happened on shift?\n', ''), /`prompt` must be text/],
    ['a competency without a description', GOOD.replace('      description: Holds the values.\n', ''), /`description` is missing — write it like: description:/],
  ])('%s is a problem with the line and the fix', (_name, extra, message) => {
    const { course, problems } = build(extra);
    expect(course).toBeUndefined();
    const found = problems.find((p) => message.test(p.message));
    expect(found, problems.map((p) => p.message).join('\n')).toBeDefined();
    expect(found!.file).toBe('courses/a-course/course.md');
    expect(found!.line).toBeGreaterThan(1);
  });
});

describe('the course settings form in the browser editor', () => {
  it('keeps competencies and reflection templates in its "Other settings" box, exactly, through a save', async () => {
    const { parseCourseFile, serialiseCourse, courseFieldId } = await import('../../src/lib/authoring/course-form.ts');
    const source = `${COURSE(GOOD)}`;
    const model = parseCourseFile(source);
    expect(model.mode).toBe('form');
    if (model.mode !== 'form') return;
    expect(model.form.extra).toContain('competencies:');
    expect(model.form.extra).toContain('reflection_templates:');
    const again = buildCourse({ slug: 'a-course', dir: 'x', files: [{ path: 'course.md', content: serialiseCourse(model) }, { path: '01-first.md', content: MODULE }] });
    expect(again.problems).toEqual([]);
    expect(again.course!.competencies!.items.map((i) => i.id)).toEqual(['values']);
    expect(courseFieldId(['competencies', 'scale', 1, 'score'])).toBe('c_extra');
  });
});
