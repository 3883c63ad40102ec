import { describe, expect, it } from 'vitest';
import { assessmentRoute, canAsk, checkAnswer, someoneAssesses } from '../../src/lib/assessment/route.ts';
import type { AssessmentRequestRecord } from '../../src/lib/records.ts';

const request = (over: Partial<AssessmentRequestRecord>): AssessmentRequestRecord =>
  ({ id: 'r1', collectionId: '', collectionName: 'assessment_requests', user: 'u', course: 'c', message: '', status: 'open', cohort: '', answer: '', answered_by: '', answered_name: '', answered_at: '', created: '2026-01-01', updated: '2026-01-01', ...over }) as AssessmentRequestRecord;

describe('how a trainee is assessed', () => {
  it('is learning-only in no group: nobody assesses, and they may ask unless a request waits', () => {
    const none = assessmentRoute(undefined, []);
    expect(none).toEqual({ kind: 'learning-only', request: undefined });
    expect(someoneAssesses(none)).toBe(false);
    expect(canAsk(none)).toBe(true);
    expect(canAsk(assessmentRoute(undefined, [request({})]))).toBe(false);
    // Declined: they may ask again; the newest request is the one shown.
    const declined = assessmentRoute(undefined, [request({ id: 'r2', status: 'declined', answer: 'Not yet', created: '2026-01-02' }), request({ status: 'declined', created: '2026-01-01' })]);
    expect(declined.request?.id).toBe('r2');
    expect(canAsk(declined)).toBe(true);
  });

  it('is assessed only in a current group with an assessor', () => {
    expect(someoneAssesses(assessmentRoute({ name: 'A', assessors: ['s'], archived: false }, []))).toBe(true);
    expect(someoneAssesses(assessmentRoute({ name: 'A', assessors: [], archived: false }, []))).toBe(false);
    expect(someoneAssesses(assessmentRoute({ name: 'A', assessors: ['s'], archived: true }, []))).toBe(false);
    expect(canAsk(assessmentRoute({ name: 'A', assessors: [], archived: false }, []))).toBe(false);
  });

  it('lets only an admin answer an open request: a current group of the course, or a reason', () => {
    const open = { status: 'open' as const, course: 'c' };
    const group = { course: 'c', archived: false };
    expect(checkAnswer({ isAdmin: true, request: open, answer: { kind: 'place', cohort: 'g' }, cohort: group })).toBeUndefined();
    expect(checkAnswer({ isAdmin: false, request: open, answer: { kind: 'place', cohort: 'g' }, cohort: group })).toBe('not-admin');
    expect(checkAnswer({ isAdmin: true, request: { ...open, status: 'placed' }, answer: { kind: 'place', cohort: 'g' }, cohort: group })).toBe('not-open');
    expect(checkAnswer({ isAdmin: true, request: open, answer: { kind: 'place', cohort: '' }, cohort: undefined })).toBe('no-cohort');
    expect(checkAnswer({ isAdmin: true, request: open, answer: { kind: 'place', cohort: 'g' }, cohort: { ...group, archived: true } })).toBe('no-cohort');
    expect(checkAnswer({ isAdmin: true, request: open, answer: { kind: 'place', cohort: 'g' }, cohort: { ...group, course: 'other' } })).toBe('other-course');
    expect(checkAnswer({ isAdmin: true, request: open, answer: { kind: 'decline', reason: '  ' }, cohort: undefined })).toBe('no-reason');
    expect(checkAnswer({ isAdmin: true, request: open, answer: { kind: 'decline', reason: 'Next term.' }, cohort: undefined })).toBeUndefined();
  });
});
