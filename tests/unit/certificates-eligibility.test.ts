/**
 * Certificate eligibility: which certificates a trainee can have and, when not yet, the exact
 * list of what is still to do, in plain words. Uses the tiny fixture course (accredited: U1
 * met by a knowledge check, U2 by an assessor's decision) and the open journey course (not
 * accredited: a certificate of attendance).
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { assessCourse, type AssessmentFacts, type DecisionRow } from '../../src/lib/assessment/status.ts';
import { loadCourses } from '../../src/lib/courses/course-fs.ts';
import {
  assessorNames,
  attendanceEligibility,
  certificateOptions,
  eligibilityFor,
  fullEligibility,
  mainKind,
  unitEligibility,
} from '../../src/lib/certificates/eligibility.ts';
import { DomainError } from '../../src/lib/errors.ts';
import { courseProgress, type ProgressRow } from '../../src/lib/progress/progress.ts';
import { tinyCourse } from '../fixtures/ob3/sample.ts';

const tiny = tinyCourse();
const root = path.resolve(import.meta.dirname, '../..');
const open = loadCourses(path.join(root, 'tests/fixtures/courses/journey'), root).courses.find((c) => c.slug === 'open-course')!;

const done = (module: string): ProgressRow => ({ module, status: 'completed', updated: '2026-11-01 10:00:00.000Z', completed_at: '2026-11-01 10:00:00.000Z' });
const started = (module: string): ProgressRow => ({ module, status: 'started', updated: '2026-11-01 10:00:00.000Z' });
const decision = (criterion: string, outcome: 'met' | 'not_yet', assessor = 'Sam Okafor', created = '2026-11-02 10:00:00.000Z'): DecisionRow => ({
  id: `d-${criterion}-${created}`,
  criterion,
  outcome,
  feedback: 'Thank you.',
  assessor_name: assessor,
  evidence: 'e1',
  observation: '',
  supersedes: '',
  created,
});

// Criteria and units named in words, each with a link to where it is done (never a code alone).
const criterionU2 = { text: '‘Reflect on the second thing’ (unit 2, criterion 1.1) is not yet met', href: '/evidence/tiny-course#criterion-U2-1-1' };
const signOffU2 = { text: 'Unit 2, ‘Second unit’, is not signed off yet', href: '/evidence/tiny-course#te-unit-U2' };

function facts(over: Partial<AssessmentFacts> = {}): AssessmentFacts {
  return { evidence: [], observations: [], decisions: [], passedModules: [], signedOffUnits: [], ...over };
}

describe('an accredited course: the full certificate', () => {
  it('is ready when every module is done, every criterion met and every unit signed off', () => {
    const progress = courseProgress(tiny, { rows: [done('second')], passedModules: ['first'] });
    const assessment = assessCourse(tiny, facts({ decisions: [decision('U2/1.1', 'met')], passedModules: ['first'], signedOffUnits: ['U1', 'U2'] }));
    expect(fullEligibility(tiny, progress, assessment)).toEqual({ eligible: true });
    expect(mainKind(tiny)).toBe('full');
  });

  it('lists exactly what is missing, modules first, then criteria, then sign-offs', () => {
    const progress = courseProgress(tiny, { rows: [started('first')], passedModules: [] });
    const assessment = assessCourse(tiny, facts({ evidence: [{ id: 'e1', criterion: 'U2/1.1', created: '2026-11-01 09:00:00.000Z' }], signedOffUnits: [] }));
    expect(fullEligibility(tiny, progress, assessment)).toMatchInlineSnapshot(`
      {
        "eligible": false,
        "missing": [
          {
            "href": "/courses/tiny-course/first",
            "text": "Module ‘The first module’ is not done yet",
          },
          {
            "href": "/courses/tiny-course/second",
            "text": "Module ‘The second module’ is not done yet",
          },
          {
            "href": "/evidence/tiny-course#criterion-U1-1-1",
            "text": "‘Explain the first thing’ (unit 1, criterion 1.1) is not yet met",
          },
          {
            "href": "/evidence/tiny-course#criterion-U2-1-1",
            "text": "‘Reflect on the second thing’ (unit 2, criterion 1.1) is not yet met: it is waiting for an assessor’s decision",
          },
          {
            "href": "/evidence/tiny-course#te-unit-U1",
            "text": "Unit 1, ‘First unit’, is not signed off yet",
          },
          {
            "href": "/evidence/tiny-course#te-unit-U2",
            "text": "Unit 2, ‘Second unit’, is not signed off yet",
          },
        ],
      }
    `);
  });

  it('counts a criterion an assessor said “not yet” to as not met, and only the missing sign-off', () => {
    const progress = courseProgress(tiny, { rows: [done('second')], passedModules: ['first'] });
    const assessment = assessCourse(tiny, facts({ decisions: [decision('U2/1.1', 'not_yet')], passedModules: ['first'], signedOffUnits: ['U1'] }));
    expect(fullEligibility(tiny, progress, assessment)).toEqual({ eligible: false, missing: [criterionU2, signOffU2] });
  });
});

describe('an accredited course: unit certificates (partial achievement)', () => {
  it('offers a unit certificate for each unit complete and signed off, even before the course is finished', () => {
    const progress = courseProgress(tiny, { rows: [], passedModules: ['first'] });
    const assessment = assessCourse(tiny, facts({ passedModules: ['first'], signedOffUnits: ['U1'] }));
    const options = certificateOptions(tiny, progress, assessment);
    expect(options.main.kind).toBe('full');
    expect(options.main.eligibility.eligible).toBe(false);
    expect(options.units).toEqual([
      { kind: 'unit', unit: 'U1', eligibility: { eligible: true } },
      { kind: 'unit', unit: 'U2', eligibility: { eligible: false, missing: [criterionU2, signOffU2] } },
    ]);
  });

  it('needs the sign-off as well as every criterion met', () => {
    const assessment = assessCourse(tiny, facts({ passedModules: ['first'] }));
    expect(unitEligibility(tiny, assessment.units[0]!)).toMatchInlineSnapshot(`
      {
        "eligible": false,
        "missing": [
          {
            "href": "/evidence/tiny-course#te-unit-U1",
            "text": "Unit 1, ‘First unit’, is not signed off yet",
          },
        ],
      }
    `);
  });

  it('answers for the one asked for, and refuses kinds and units the course does not have', () => {
    const progress = courseProgress(tiny, { rows: [], passedModules: ['first'] });
    const assessment = assessCourse(tiny, facts({ passedModules: ['first'], signedOffUnits: ['U1'] }));
    expect(eligibilityFor(tiny, progress, assessment, 'unit', 'U1')).toEqual({ eligible: true });
    expect(() => eligibilityFor(tiny, progress, assessment, 'unit', 'U9')).toThrowErrorMatchingInlineSnapshot(
      `[DomainError: “Tiny course” has no unit U9. Please go back to the course page and choose the certificate from there.]`,
    );
    expect(() => eligibilityFor(tiny, progress, assessment, 'attendance')).toThrow(DomainError);
    expect(() => eligibilityFor(tiny, progress, assessment, 'attendance')).toThrowErrorMatchingInlineSnapshot(
      `[DomainError: “Tiny course” is an accredited course, so it gives a certificate of achievement rather than a certificate of attendance.]`,
    );
  });
});

describe('a course without accreditation: the certificate of attendance', () => {
  it('is ready when every module is done (a knowledge check counts only when passed)', () => {
    const progress = courseProgress(open, { rows: [done('welcome'), done('habits'), done('practice')], passedModules: ['habits'] });
    expect(attendanceEligibility(open, progress)).toEqual({ eligible: true });
    expect(mainKind(open)).toBe('attendance');
    const options = certificateOptions(open, progress, assessCourse(open, facts()));
    expect(options).toEqual({ main: { kind: 'attendance', unit: '', eligibility: { eligible: true } }, units: [] });
  });

  it('lists the modules not done yet, and ignores assessment criteria', () => {
    const progress = courseProgress(open, { rows: [done('welcome'), done('habits')], passedModules: [] });
    expect(attendanceEligibility(open, progress)).toEqual({
      eligible: false,
      missing: [
        { text: 'Module ‘Habits that get in the way’ is not done yet', href: '/courses/open-course/habits' },
        { text: 'Module ‘Practice’ is not done yet', href: '/courses/open-course/practice' },
      ],
    });
  });

  it('refuses a full or unit certificate for it', () => {
    const progress = courseProgress(open, { rows: [], passedModules: [] });
    expect(() => eligibilityFor(open, progress, assessCourse(open, facts()), 'full')).toThrowErrorMatchingInlineSnapshot(
      `[DomainError: “Open Journey Course” is not accredited, so it gives a certificate of attendance rather than a certificate of achievement.]`,
    );
  });
});

describe('assessor names on the certificate', () => {
  it('names who met the criteria, then who signed the units off, each once, in course order', () => {
    const assessment = assessCourse(tiny, facts({ decisions: [decision('U2/1.1', 'met', ' Priya  Nair ')], passedModules: ['first'], signedOffUnits: ['U1', 'U2'] }));
    const signers = new Map([
      ['U1', 'Sam Okafor'],
      ['U2', 'Priya Nair'],
    ]);
    expect(assessorNames(assessment, ['U1', 'U2'], signers)).toEqual(['Priya Nair', 'Sam Okafor']);
    expect(assessorNames(assessment, ['U1'], signers)).toEqual(['Sam Okafor']);
  });

  it('takes the newest decision: a superseded “met” does not name its assessor', () => {
    const assessment = assessCourse(
      tiny,
      facts({ decisions: [decision('U2/1.1', 'met', 'Old Name', '2026-11-02 10:00:00.000Z'), decision('U2/1.1', 'not_yet', 'New Name', '2026-11-03 10:00:00.000Z')] }),
    );
    expect(assessorNames(assessment, ['U2'], new Map())).toEqual([]);
  });
});
