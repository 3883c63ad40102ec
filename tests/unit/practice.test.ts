/**
 * The practice portfolio's pure rules (src/lib/practice): totals against the course's hours
 * target (only confirmed hours count), what is still short, who confirms a supervision
 * record, the forms' plain-words refusals, and the certificate rule that waits for the hours
 * target (src/lib/certificates/eligibility.ts `hoursToDo`).
 */
import { describe, expect, it } from 'vitest';
import { assessCourse } from '../../src/lib/assessment/status.ts';
import { parseForm } from '../../src/lib/auth/schema.ts';
import { certificateOptions, eligibilityFor, hoursToDo } from '../../src/lib/certificates/eligibility.ts';
import { confirmer, hoursShortfall, lengthInMinutes, percentOf, summariseHours, summariseSupervision, type HoursRow } from '../../src/lib/practice/hours.ts';
import { logHoursInput, practiceObservationInput, ReviewHoursInput, sessionInput } from '../../src/lib/practice/practice-schema.ts';
import { courseProgress } from '../../src/lib/progress/progress.ts';
import { tinyCourse } from '../fixtures/ob3/sample.ts';

const target = { total: 10, by_kind: { placement: 4 } };
const row = (minutes: number, kind: HoursRow['kind'], status: HoursRow['status'] = 'confirmed'): HoursRow => ({ minutes, kind, status });
const now = () => new Date('2026-11-20T12:00:00Z');

describe('hours against a target', () => {
  it('counts only confirmed hours; waiting and queried hours are shown apart', () => {
    const rows = [row(300, 'study'), row(120, 'placement'), row(60, 'placement', 'logged'), row(30, 'training', 'queried')];
    const summary = summariseHours(rows, target);
    expect(summary).toMatchObject({ confirmed: 420, waiting: 60, queried: 30, target: 600, met: false });
    expect(summary.byKind.find((k) => k.kind === 'placement')).toEqual({ kind: 'placement', confirmed: 120, target: 240 });
  });

  it('names the total and each kind still short, and nothing once reached', () => {
    expect(hoursShortfall([row(300, 'study'), row(120, 'placement', 'logged')], target)).toEqual([
      { kind: 'total', confirmed: 300, target: 600 },
      { kind: 'placement', confirmed: 0, target: 240 },
    ]);
    expect(hoursShortfall([row(360, 'study'), row(240, 'placement')], target)).toEqual([]);
    expect(summariseHours([row(360, 'study'), row(240, 'placement')], target).met).toBe(true);
  });

  it('a course without a target has nothing short and is never "met"', () => {
    expect(hoursShortfall([], undefined)).toEqual([]);
    expect(summariseHours([row(60, 'study')], undefined)).toMatchObject({ target: undefined, met: false, confirmed: 60 });
  });

  it('percent is whole and capped', () => {
    expect(percentOf(299, 600)).toBe(49);
    expect(percentOf(900, 600)).toBe(100);
  });

  it('reads hours and minutes as typed', () => {
    expect(lengthInMinutes('2', '30')).toBe(150);
    expect(lengthInMinutes('', '45')).toBe(45);
    expect(lengthInMinutes('two', '')).toBeUndefined();
    expect(lengthInMinutes('1.5', '')).toBeUndefined();
  });
});

describe('supervision', () => {
  const session = (recorded_by: string, confirmed_by = '') => ({ user: 't', supervisor: 's', recorded_by, confirmed_by });

  it('the side that did not record it confirms it; nobody once confirmed', () => {
    expect(confirmer(session('t'))).toBe('s');
    expect(confirmer(session('s'))).toBe('t');
    expect(confirmer(session('t', 's'))).toBeUndefined();
  });

  it('counts confirmed sessions against the target', () => {
    expect(summariseSupervision([session('t', 's'), session('s')], { sessions: 4 })).toEqual({ confirmed: 1, waiting: 1, target: 4 });
  });
});

describe('forms', () => {
  it('logging hours: a date in the future, no length, too short or too long are refused in words', () => {
    const base = { done_on: '2026-11-03', hours: '2', minutes: '', kind: 'placement', note: 'Drop-in group' };
    expect(parseForm(logHoursInput(now), base)).toEqual({ ok: true, data: { done_on: '2026-11-03', minutes: 120, kind: 'placement', note: 'Drop-in group' } });
    expect(parseForm(logHoursInput(now), { ...base, done_on: '2026-12-25' })).toMatchObject({ ok: false, fields: { done_on: 'The date is in the future: enter the day it happened.' } });
    expect(parseForm(logHoursInput(now), { ...base, hours: '' })).toMatchObject({ ok: false, fields: { hours: 'Enter how long: hours, minutes or both.' } });
    expect(parseForm(logHoursInput(now), { ...base, hours: '', minutes: '10' })).toMatchObject({ ok: false, fields: { hours: 'Log at least 15 minutes.' } });
    expect(parseForm(logHoursInput(now), { ...base, hours: '25' })).toMatchObject({ ok: false, fields: { hours: 'Log at most 24 hours for one day: log each day separately.' } });
    expect(parseForm(logHoursInput(now), { ...base, kind: 'clients' })).toMatchObject({ ok: false, fields: { kind: 'Choose the kind: placement, shadowing, training or study.' } });
    expect(parseForm(logHoursInput(now), { ...base, note: 'x'.repeat(501) })).toMatchObject({ ok: false, fields: { note: 'The note has 501 characters: keep it to 500.' } });
  });

  it('a query needs a note', () => {
    expect(parseForm(ReviewHoursInput, { entry: 'abcdefghijklmno', review: 'query', review_note: ' ' })).toMatchObject({ ok: false, fields: { review_note: 'Say what the trainee should check or change.' } });
    expect(parseForm(ReviewHoursInput, { entry: 'abcdefghijklmno', review: 'confirm' })).toMatchObject({ ok: true });
  });

  it('a supervision record needs words and a sensible length', () => {
    const base = { other: 'abcdefghijklmno', held_on: '2026-11-10', minutes: '60', format: 'one_to_one', actions: '', record: 'Talked about a hard shift.' };
    expect(parseForm(sessionInput(now), base)).toMatchObject({ ok: true, data: { minutes: 60 } });
    expect(parseForm(sessionInput(now), { ...base, record: '' })).toMatchObject({ ok: false, fields: { record: 'Write a short record of the session.' } });
    expect(parseForm(sessionInput(now), { ...base, minutes: '5' })).toMatchObject({ ok: false, fields: { minutes: 'Enter the length in whole minutes, from 10 to 480.' } });
  });

  it('observed practice needs at least one criterion, what was seen and feedback', () => {
    const base = { trainee: 'abcdefghijklmno', observed_on: '2026-11-10', seen: 'Held a boundary.', feedback: 'Well done.', criteria: ['U2/1.1', 'U2/1.1'] };
    expect(parseForm(practiceObservationInput(now), base)).toMatchObject({ ok: true, data: { criteria: ['U2/1.1'] } });
    expect(parseForm(practiceObservationInput(now), { ...base, criteria: [] })).toMatchObject({ ok: false, fields: { criteria: 'Tick at least one criterion the practice showed.' } });
    expect(parseForm(practiceObservationInput(now), { ...base, seen: ' ' })).toMatchObject({ ok: false, fields: { seen: 'Write what you saw the trainee do.' } });
  });
});

describe('certificate eligibility waits for the hours target', () => {
  const tiny = { ...tinyCourse(), practiceHours: { total: 10, by_kind: { placement: 4 } } };
  const facts = { evidence: [], observations: [], decisions: [], passedModules: ['first'], signedOffUnits: ['U1', 'U2'] };
  const progress = courseProgress(tiny, { rows: [], passedModules: [] });

  it('names the hours still needed, with a link to the practice page', () => {
    expect(hoursToDo(tiny, [row(300, 'study'), row(60, 'placement', 'logged')])).toEqual([
      { text: 'Practice hours: 5 hours confirmed of the 10 hours this course asks for', href: '/practice/tiny-course#hours' },
      { text: 'Placement hours: 0 minutes confirmed of the 4 hours this course asks for', href: '/practice/tiny-course#hours' },
    ]);
    expect(hoursToDo(tiny, [row(360, 'study'), row(240, 'placement')])).toEqual([]);
    expect(hoursToDo(tinyCourse(), [])).toEqual([]);
  });

  it('the whole-course certificate lists the hours among what is missing; unit certificates do not need them', () => {
    const assessment = assessCourse(tiny, facts);
    const options = certificateOptions(tiny, progress, assessment, { hours: [] });
    expect(options.main.eligibility.eligible).toBe(false);
    const missing = options.main.eligibility.eligible ? [] : options.main.eligibility.missing.map((m) => m.text);
    expect(missing).toContain('Practice hours: 0 minutes confirmed of the 10 hours this course asks for');
    for (const unit of options.units) {
      const texts = unit.eligibility.eligible ? [] : unit.eligibility.missing.map((m) => m.text);
      expect(texts.some((t) => t.includes('hours'))).toBe(false);
    }
    const full = eligibilityFor(tiny, progress, assessment, 'full', '', { hours: [row(360, 'study'), row(240, 'placement')] });
    const after = full.eligible ? [] : full.missing.map((m) => m.text);
    expect(after.some((t) => t.includes('Practice hours') || t.includes('Placement hours'))).toBe(false);
  });
});
