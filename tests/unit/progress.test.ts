/**
 * progress.ts: module states, locking in ordered courses, where to go next, time left, and
 * criteria still to evidence, over the journey fixture courses (tests/fixtures/courses/journey).
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Course } from '../../src/lib/courses/course.ts';
import { loadCourses } from '../../src/lib/courses/course-fs.ts';
import { courseProgress, nextModule, whyNotMarkable, type ProgressFacts, type ProgressRow } from '../../src/lib/progress/progress.ts';

const root = path.resolve(import.meta.dirname, '../..');
const loaded = loadCourses(path.join(root, 'tests/fixtures/courses/journey'), root);
const course = (slug: string): Course => {
  const found = loaded.courses.find((c) => c.slug === slug);
  if (!found) throw new Error(`fixture course ${slug} missing: ${loaded.problems.map((p) => p.message).join('; ')}`);
  return found;
};
// open-course: welcome (20 min, reflection criterion U1/1.1), habits (30 min, knowledge check),
// practice (40 min, written U1/1.3 and observation U1/1.4). ordered-course: step-1..3 (10 min each).
const open = course('open-course');
const ordered = course('ordered-course');

const row = (module: string, status: ProgressRow['status'] = 'started', updated = '2026-03-01 10:00:00.000Z', completed_at = ''): ProgressRow => ({
  module,
  status,
  updated,
  completed_at,
});
const facts = (over: Partial<ProgressFacts> = {}): ProgressFacts => ({ rows: [], passedModules: [], ...over });
const states = (c: Course, f: ProgressFacts) => courseProgress(c, f).modules.map((m) => [m.module.id, m.state]);

describe('module states', () => {
  it('are all not started, with everything left, before anything is opened', () => {
    const p = courseProgress(open, facts());
    expect(p.modules.map((m) => m.state)).toEqual(['not-started', 'not-started', 'not-started']);
    expect(p).toMatchObject({ done: 0, total: 3, percent: 0, complete: false, minutesLeft: 90, knowledgeChecksPassed: 0, knowledgeChecksTotal: 1, reflectionsWritten: 0 });
  });

  it('are in progress once opened, and done when marked done (modules without a knowledge check)', () => {
    expect(states(open, facts({ rows: [row('welcome'), row('practice', 'completed')] }))).toEqual([
      ['welcome', 'in-progress'],
      ['habits', 'not-started'],
      ['practice', 'done'],
    ]);
  });

  it('count a module with a knowledge check as done only with a passed attempt, whatever its row says', () => {
    expect(states(open, facts({ rows: [row('habits', 'completed')] }))[1]).toEqual(['habits', 'in-progress']);
    expect(states(open, facts({ passedModules: ['habits'] }))[1]).toEqual(['habits', 'done']);
    expect(courseProgress(open, facts({ passedModules: ['habits'] }))).toMatchObject({ knowledgeChecksPassed: 1, done: 1 });
  });

  it('ignore rows and passes for modules the course does not have', () => {
    const p = courseProgress(open, facts({ rows: [row('gone', 'completed')], passedModules: ['gone'] }));
    expect(p.done).toBe(0);
    expect(p.byId.has('gone')).toBe(false);
  });

  it('keep the most favourable of duplicate rows', () => {
    const p = courseProgress(open, facts({ rows: [row('welcome', 'completed', '2026-01-01 00:00:00.000Z'), row('welcome', 'started', '2026-02-01 00:00:00.000Z')] }));
    expect(p.byId.get('welcome')).toMatchObject({ state: 'done', lastOpened: '2026-02-01 00:00:00.000Z' });
  });

  it('say when "Mark as done" was pressed', () => {
    const p = courseProgress(open, facts({ rows: [row('welcome', 'completed', '2026-03-02 09:00:00.000Z', '2026-03-02 09:00:00.000Z'), row('practice')] }));
    expect(p.byId.get('welcome')?.completedAt).toBe('2026-03-02 09:00:00.000Z');
    expect(p.byId.get('practice')?.completedAt).toBeUndefined();
  });

  it('count done modules, the percentage and whether the course is complete', () => {
    const all = facts({ rows: [row('welcome', 'completed'), row('practice', 'completed')], passedModules: ['habits'] });
    expect(courseProgress(open, all)).toMatchObject({ done: 3, total: 3, percent: 100, complete: true, minutesLeft: 0, next: undefined });
    // 1 of 3 is 33%, 2 of 3 is 67%: rounded to whole percent.
    expect(courseProgress(open, facts({ passedModules: ['habits'] })).percent).toBe(33);
    expect(courseProgress(open, facts({ passedModules: ['habits'], rows: [row('welcome', 'completed')] })).percent).toBe(67);
  });
});

describe('ordered courses', () => {
  it('lock every module after the first one not done, but never the first module', () => {
    expect(states(ordered, facts())).toEqual([
      ['step-1', 'not-started'],
      ['step-2', 'locked'],
      ['step-3', 'locked'],
    ]);
    expect(states(ordered, facts({ rows: [row('step-1', 'completed')] }))).toEqual([
      ['step-1', 'done'],
      ['step-2', 'not-started'],
      ['step-3', 'locked'],
    ]);
  });

  it('name the module to read first, and do not offer "Mark as done" on a locked module', () => {
    const step2 = courseProgress(ordered, facts()).byId.get('step-2')!;
    expect(step2.after?.id).toBe('step-1');
    expect(step2.canMarkDone).toBe(false);
    expect(whyNotMarkable(step2)).toBe('locked');
  });

  it('keep work done out of order, and count it once the modules before are done', () => {
    const early = facts({ rows: [row('step-3', 'completed'), row('step-2')] });
    expect(states(ordered, early)).toEqual([
      ['step-1', 'not-started'],
      ['step-2', 'locked'],
      ['step-3', 'locked'],
    ]);
    expect(courseProgress(ordered, early).byId.get('step-2')?.opened).toBe(true);
    const later = facts({ rows: [row('step-1', 'completed'), row('step-2', 'completed'), row('step-3', 'completed')] });
    expect(courseProgress(ordered, later)).toMatchObject({ done: 3, complete: true });
  });

  it('lock a passed knowledge check behind an unfinished module, until that one is done', () => {
    const orderedOpen: Course = { ...open, ordered: true };
    expect(states(orderedOpen, facts({ passedModules: ['habits'] }))[1]).toEqual(['habits', 'locked']);
    expect(states(orderedOpen, facts({ passedModules: ['habits'], rows: [row('welcome', 'completed')] }))[1]).toEqual(['habits', 'done']);
  });

  it('count locked modules in the time left', () => {
    expect(courseProgress(ordered, facts({ rows: [row('step-1', 'completed')] })).minutesLeft).toBe(20);
  });
});

describe('the next module', () => {
  it('is the first module when nothing is opened', () => {
    expect(courseProgress(open, facts()).next).toEqual({ module: open.modules[0], resume: false });
  });

  it('is the unfinished module opened most recently ("carry on")', () => {
    const p = courseProgress(open, facts({ rows: [row('welcome', 'started', '2026-03-01 10:00:00.000Z'), row('practice', 'started', '2026-03-05 08:00:00.000Z')] }));
    expect(p.next).toMatchObject({ module: { id: 'practice' }, resume: true });
  });

  it('skips finished modules, then starts the first one not started', () => {
    const p = courseProgress(open, facts({ rows: [row('welcome', 'completed', '2026-03-09 00:00:00.000Z')] }));
    expect(p.next).toMatchObject({ module: { id: 'habits' }, resume: false });
  });

  it('treats a knowledge-check module marked done by hand as unfinished', () => {
    const p = courseProgress(open, facts({ rows: [row('welcome', 'completed'), row('habits', 'completed')] }));
    expect(p.next).toMatchObject({ module: { id: 'habits' }, resume: true });
  });

  it('is never a locked module: in an ordered course, the first module not done', () => {
    const p = courseProgress(ordered, facts({ rows: [row('step-1', 'completed', '2026-03-01 00:00:00.000Z'), row('step-3', 'started', '2026-03-09 00:00:00.000Z')] }));
    expect(p.next).toMatchObject({ module: { id: 'step-2' }, resume: false });
  });

  it('is undefined when there is nothing left to offer', () => {
    expect(nextModule([])).toBeUndefined();
  });
});

describe('marking done', () => {
  it('is offered only on modules without a knowledge check that are not done or locked', () => {
    const p = courseProgress(open, facts({ rows: [row('practice', 'completed')] }));
    expect(p.modules.map((m) => [m.module.id, m.canMarkDone, whyNotMarkable(m)])).toEqual([
      ['welcome', true, undefined],
      ['habits', false, 'knowledge-check'],
      ['practice', false, 'already-done'],
    ]);
  });
});

describe('criteria still to evidence', () => {
  it('lists reflection, written and observation criteria, not knowledge-check ones', () => {
    const list = courseProgress(open, facts()).criteriaToEvidence;
    expect(list.map((c) => [c.criterion.ref, c.how, c.modules.map((m) => m.id)])).toEqual([
      ['U1/1.1', 'reflection', ['welcome']],
      ['U1/1.3', 'assessor', ['practice']],
      ['U1/1.4', 'assessor', ['practice']],
    ]);
  });

  it('counts a reflection criterion as evidenced by a non-empty reflection on a module serving it', () => {
    const p = courseProgress(open, facts({ reflectionModules: ['welcome'] }));
    expect(p.criteriaToEvidence.map((c) => c.criterion.ref)).toEqual(['U1/1.3', 'U1/1.4']);
    expect(p.reflectionsWritten).toBe(1);
  });

  it('does not count free reflections or reflections on other modules as evidence', () => {
    const p = courseProgress(open, facts({ reflectionModules: ['', 'practice', 'practice'] }));
    expect(p.criteriaToEvidence.map((c) => c.criterion.ref)).toContain('U1/1.1');
    expect(p.reflectionsWritten).toBe(3);
  });

  it('keeps written and observation criteria until an assessor has accepted evidence', () => {
    const p = courseProgress(open, facts({ reflectionModules: ['welcome'], evidencedCriteria: ['U1/1.3'] }));
    expect(p.criteriaToEvidence.map((c) => [c.criterion.ref, c.how])).toEqual([['U1/1.4', 'assessor']]);
  });
});
