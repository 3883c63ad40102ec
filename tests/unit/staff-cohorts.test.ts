import { describe, expect, it } from 'vitest';
import { canAssess, canReply, canSeeProgress, canSignOff, generateCode, isStaff, placeTrainee, planRoles, staffRolesOn } from '../../src/lib/cohorts/cohorts.ts';
import { dayOf, formatDay, parseDay, today, toPbDate } from '../../src/lib/cohorts/dates.ts';
import { normaliseCode } from '../../src/lib/enrolment/enrolment.ts';
import { ROLES } from '../../src/lib/records.ts';
import { parseForm } from '../../src/lib/auth/schema.ts';
import { AddPersonInput, CohortCreateInput, OverviewSortInput, ReplyInput, RolesInput } from '../../src/lib/cohorts/schema.ts';

const cohort = { trainers: ['t'], assessors: ['a', 'ta'], iqas: ['q'], verifiers: ['v'] };

describe('who does what on a cohort', () => {
  it('lists the roles someone has on it', () => {
    expect(staffRolesOn(cohort, 'a')).toEqual(['assessor']);
    expect(staffRolesOn({ ...cohort, trainers: ['ta'] }, 'ta')).toEqual(['trainer', 'assessor']);
    expect(staffRolesOn(cohort, 'nobody')).toEqual([]);
  });

  it('lets assessors decide, trainers and assessors sign off, trainers reply', () => {
    expect([canAssess(cohort, 'a'), canAssess(cohort, 't'), canAssess(cohort, 'q')]).toEqual([true, false, false]);
    expect([canSignOff(cohort, 'a'), canSignOff(cohort, 't'), canSignOff(cohort, 'v')]).toEqual([true, true, false]);
    expect([canReply(cohort, 't'), canReply(cohort, 'a')]).toEqual([true, false]);
    expect(canSeeProgress(cohort, { id: 'a', role: ['assessor'] })).toBe(false);
    expect(canSeeProgress(cohort, { id: 'x', role: ['admin'] })).toBe(true);
  });

  it('knows who is staff on the site', () => {
    expect(isStaff({ role: ['trainee'] })).toBe(false);
    expect(isStaff({ role: ['trainee', 'iqa'] })).toBe(true);
    expect(isStaff(null)).toBe(false);
  });
});

describe('invitation codes', () => {
  it('are 4+4 characters that cannot be misread, and survive normalising', () => {
    for (let i = 0; i < 50; i++) {
      const code = generateCode();
      expect(code).toMatch(/^[A-HJKMNP-Z2-9]{4}-[A-HJKMNP-Z2-9]{4}$/);
      expect(normaliseCode(code)).toBe(code.replace('-', ''));
    }
  });

  it('skip biased bytes', () => {
    let call = 0;
    // 255 is above the unbiased limit and must be skipped; 0 → 'A', 1 → 'B'.
    const code = generateCode(() => (call++ === 0 ? new Uint8Array([255, 0, 1, 0, 1, 0, 1, 0, 1, 0, 255, 255, 255, 255, 255, 255]) : new Uint8Array(16)));
    expect(code).toBe('ABAB-ABAB');
  });
});

describe('placing a trainee', () => {
  it('creates, moves, re-activates or leaves alone', () => {
    expect(placeTrainee('c1', undefined)).toEqual({ action: 'create' });
    expect(placeTrainee('c1', { id: 'e', cohort: 'c1', status: 'active' })).toEqual({ action: 'none' });
    expect(placeTrainee('c1', { id: 'e', cohort: 'c1', status: 'left' })).toEqual({ action: 'update', enrolment: 'e', moved: false });
    expect(placeTrainee('c1', { id: 'e', cohort: '', status: 'active' })).toEqual({ action: 'update', enrolment: 'e', moved: false });
    expect(placeTrainee('c1', { id: 'e', cohort: 'c2', status: 'active' })).toEqual({ action: 'update', enrolment: 'e', moved: true });
  });
});

describe('changing roles', () => {
  it('works out what is granted and removed, in a fixed order', () => {
    expect(planRoles(['trainee', 'trainer'], ['assessor', 'trainee'], 'admin1', 'kim', ROLES)).toEqual({
      ok: true,
      change: { grant: ['assessor'], remove: ['trainer'], roles: ['trainee', 'assessor'] },
    });
  });

  it('refuses to let an administrator remove their own administrator role', () => {
    expect(planRoles(['admin', 'trainer'], ['trainer'], 'me', 'me', ROLES)).toEqual({ ok: false, reason: 'self-admin' });
    expect(planRoles(['admin', 'trainer'], ['admin'], 'me', 'me', ROLES)).toMatchObject({ ok: true, change: { remove: ['trainer'] } });
    expect(planRoles(['admin'], [], 'me', 'other', ROLES)).toMatchObject({ ok: true, change: { remove: ['admin'] } });
  });
});

describe('days', () => {
  it('accepts the ways people type a date', () => {
    expect(parseDay('2026-03-14')).toBe('2026-03-14');
    expect(parseDay('14/03/2026')).toBe('2026-03-14');
    expect(parseDay(' 4-3-2026 ')).toBe('2026-03-04');
    expect(parseDay('14 March 2026')).toBe('2026-03-14');
    expect(parseDay('1st Sept 2026')).toBe('2026-09-01');
  });

  it('refuses what is not a real day', () => {
    for (const bad of ['', '31/02/2026', '2026-13-01', 'next tuesday', '14 Smarch 2026', '03/14/2026']) expect(parseDay(bad)).toBeUndefined();
  });

  it('converts to and from PocketBase dates and shows them in en-GB', () => {
    expect(toPbDate('2026-03-14')).toBe('2026-03-14 00:00:00.000Z');
    expect(dayOf('2026-03-14 00:00:00.000Z')).toBe('2026-03-14');
    expect(dayOf('')).toBe('');
    expect(formatDay('2026-03-14 00:00:00.000Z')).toBe('14 March 2026');
    expect(today(new Date('2026-06-30T23:30:00Z'), 'Europe/London')).toBe('2026-07-01');
  });
});

describe('forms about groups', () => {
  it('creates a group with a name, a course and optional dates', () => {
    expect(parseForm(CohortCreateInput, { course: 'peer', name: '  Spring ', starts_on: '14/03/2026', ends_on: '', make_code: 'on' })).toEqual({
      ok: true,
      data: { course: 'peer', name: 'Spring', starts_on: '2026-03-14', ends_on: '', make_code: true },
    });
  });

  it('says what is wrong with each field', () => {
    expect(parseForm(CohortCreateInput, { course: '', name: '', starts_on: 'soon', ends_on: '' })).toEqual({
      ok: false,
      fields: {
        course: 'Please choose a course.',
        name: 'Please give the group a name.',
        starts_on: 'Please give the date as day, month and year, for example 14 March 2026, or use the date picker.',
      },
    });
    expect(parseForm(CohortCreateInput, { course: 'p', name: 'x', starts_on: '2026-05-01', ends_on: '2026-04-01' })).toMatchObject({
      ok: false,
      fields: { ends_on: 'The group ends before it starts. Please check the dates.' },
    });
  });

  it('adds people by email as one of the cohort roles', () => {
    expect(parseForm(AddPersonInput, { email: ' kim@example.org ', as: 'assessor' })).toEqual({ ok: true, data: { email: 'kim@example.org', as: 'assessor' } });
    expect(parseForm(AddPersonInput, { email: 'kim', as: 'admin' })).toEqual({
      ok: false,
      fields: { email: 'Please type a whole email address, like name@example.org.', as: 'Please choose what to add them as.' },
    });
  });

  it('takes the ticked roles as a list', () => {
    expect(parseForm(RolesInput, { user: 'abcdefghijklmno', roles: ['trainer', 'iqa'] })).toEqual({ ok: true, data: { user: 'abcdefghijklmno', roles: ['trainer', 'iqa'] } });
    expect(parseForm(RolesInput, { user: 'abcdefghijklmno', roles: ['owner'] }).ok).toBe(false);
  });

  it('needs a reply to say something, and not too much', () => {
    expect(parseForm(ReplyInput, { reflection: 'abcdefghijklmno', body: '   ' })).toEqual({ ok: false, fields: { body: 'Please write your reply before sending it.' } });
    expect(parseForm(ReplyInput, { reflection: 'abcdefghijklmno', body: 'x'.repeat(5001) })).toEqual({
      ok: false,
      fields: { body: 'The reply is 5,001 characters long; please keep it to 5,000 or fewer.' },
    });
  });

  it('reads the overview sort, falling back to names A→Z', () => {
    expect(OverviewSortInput.parse({ sort: 'met', dir: 'desc' })).toEqual({ sort: 'met', dir: 'desc' });
    expect(OverviewSortInput.parse({ sort: 'DROP TABLE', dir: 'sideways' })).toEqual({ sort: 'name', dir: 'asc' });
    expect(OverviewSortInput.parse({})).toEqual({ sort: 'name', dir: 'asc' });
  });
});
