/**
 * course.md's practice targets (src/lib/courses/practice.ts; docs/AUTHORING.md "Practice hours
 * and supervision"): what `courses:check` says about each mistake, and what the model holds.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { courseFieldId, courseFrontmatterText, parseCourseFile } from '../../src/lib/authoring/course-form.ts';
import { loadCourses } from '../../src/lib/courses/course-fs.ts';
import { kindTargets } from '../../src/lib/courses/practice.ts';
import { formatProblem } from '../../src/lib/courses/problems.ts';

const root = path.resolve(import.meta.dirname, '../..');
const fixtures = path.join(root, 'tests/fixtures/courses-broken');

function check(name: string): string[] {
  const { courses, problems } = loadCourses(path.join(fixtures, name), root);
  expect(courses).toHaveLength(0);
  return problems.map((p) => formatProblem(p).replace(`tests/fixtures/courses-broken/${name}/`, ''));
}

describe('courses:check on practice targets', () => {
  it('hours by kind that add up to more than the total', () => {
    expect(check('practice-hours-do-not-add-up')).toEqual([
      'tiny-course/course.md:12: the hours by kind add up to 12 but `total` says 10 — hours of each kind count towards the total, so raise the total to at least 12 or lower the hours by kind',
    ]);
  });

  it('a kind that does not exist names the typo', () => {
    expect(check('practice-hours-unknown-kind')).toEqual([
      'tiny-course/course.md:14: unknown setting `placment` in practice_hours, by_kind — check the spelling against docs/AUTHORING.md, or remove it',
    ]);
  });

  it('hours with units and a part session', () => {
    expect(check('practice-hours-not-a-number')).toEqual([
      'tiny-course/course.md:12: practice_hours: `total` must be a number of hours — write a whole number without units or quotes, e.g. total: 60',
      'tiny-course/course.md:14: supervision: `sessions` must be a whole number of sessions, e.g. 4 — remove the decimal part',
    ]);
  });
});

describe('the shipped course sets practice targets', () => {
  it('Peer Support Worker Foundations: an hours target with placement hours, and supervision sessions', () => {
    const { courses } = loadCourses(path.join(root, 'courses'), root);
    const course = courses.find((c) => c.slug === 'peer-support-foundations')!;
    expect(course.practiceHours?.total).toBeGreaterThan(0);
    expect(kindTargets(course.practiceHours!).placement).toBeGreaterThan(0);
    expect(course.supervision?.sessions).toBeGreaterThan(0);
    const other = courses.find((c) => c.slug === 'service-user-leadership')!;
    expect(other.practiceHours).toBeUndefined();
  });
});

describe('the browser course editor shows the practice targets as fields', () => {
  it('reads them from the shipped course, writes them back, and points their problems at the fields', () => {
    const model = parseCourseFile(readFileSync(path.join(root, 'courses/peer-support-foundations/course.md'), 'utf8'));
    expect(model.mode).toBe('form');
    if (model.mode !== 'form') return;
    expect(model.form.practice).toEqual({ total: '40', placement: '20', shadowing: '5', training: '', study: '', sessions: '4' });
    const text = courseFrontmatterText({ ...model.form, practice: { total: '12', placement: '', shadowing: '', training: '', study: '3', sessions: '' } });
    expect(text).toContain('practice_hours:\n  total: 12\n  by_kind:\n    study: 3\n');
    expect(text).not.toContain('supervision:');
    expect(courseFieldId(['practice_hours', 'by_kind', 'study'])).toBe('c_practice_study');
    expect(courseFieldId(['practice_hours', 'total'])).toBe('c_practice_total');
    expect(courseFieldId(['supervision', 'sessions'])).toBe('c_supervision_sessions');
  });
});
