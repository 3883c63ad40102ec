/**
 * enrolment.ts (who may join, and how), the enrolment form schemas, the `enrolment` course
 * setting, and the enrolment and progress messages.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildCourse } from '../../src/lib/courses/build.ts';
import type { CourseFile } from '../../src/lib/courses/course.ts';
import { decideEnrol, decideJoin, matchCohort, normaliseCode, WrongCodeLimiter } from '../../src/lib/enrolment/enrolment.ts';
import { enrolFormSchema, joinCodeSchema, parseForm } from '../../src/lib/enrolment/schema.ts';
import { problemMessage, progressEn, statusMessage } from '../../src/lib/i18n/progress.ts';

const form = (entries: Record<string, string>) => {
  const data = new FormData();
  for (const [k, v] of Object.entries(entries)) data.append(k, v);
  return data;
};

describe('cohort codes', () => {
  it('ignore case, spaces and dashes', () => {
    expect(['PEER-2026', 'peer 2026', ' Peer–2026 ', 'peer_2026', 'PEER2026'].map(normaliseCode)).toEqual(Array(5).fill('PEER2026'));
  });

  it('match the cohort whose code normalises the same, preferring one not archived', () => {
    const cohorts = [
      { id: 'old', code: 'peer-2026', course: 'a', archived: true },
      { id: 'new', code: 'PEER 2026', course: 'a', archived: false },
      { id: 'other', code: 'LEAD-1', course: 'b', archived: false },
    ];
    expect(matchCohort(cohorts, 'peer2026')?.id).toBe('new');
    expect(matchCohort(cohorts, 'lead 1')?.id).toBe('other');
    expect(matchCohort(cohorts, 'nope')).toBeUndefined();
    expect(matchCohort(cohorts, ' - ')).toBeUndefined();
    expect(matchCohort([{ id: 'x', code: '', course: 'a', archived: false }], '')).toBeUndefined();
  });
});

describe('pressing Enrol', () => {
  it('creates an enrolment in an open course', () => {
    expect(decideEnrol('open', undefined)).toEqual({ ok: true, plan: { action: 'create', cohort: '' } });
  });

  it('refuses an invitation-only course without a code', () => {
    expect(decideEnrol('invitation', undefined)).toEqual({ ok: false, reason: 'invitation-only' });
  });

  it('rejoins a course the person left, even an invitation-only one', () => {
    const left = { id: 'e1', status: 'left' as const, cohort: 'c1' };
    expect(decideEnrol('invitation', left)).toEqual({ ok: true, plan: { action: 'rejoin', enrolment: 'e1' } });
    expect(decideEnrol('open', left)).toEqual({ ok: true, plan: { action: 'rejoin', enrolment: 'e1' } });
  });

  it('does nothing for someone already enrolled (a double submit is harmless)', () => {
    expect(decideEnrol('open', { id: 'e1', status: 'active', cohort: '' })).toEqual({ ok: true, plan: { action: 'none', outcome: 'already-enrolled' } });
  });
});

describe('joining with a code', () => {
  const cohort = { id: 'c1', course: 'open-course', archived: false };

  it('refuses a wrong code, an archived group and a course not on the site', () => {
    expect(decideJoin(undefined, true, undefined)).toEqual({ ok: false, reason: 'wrong-code' });
    expect(decideJoin({ ...cohort, archived: true }, true, undefined)).toEqual({ ok: false, reason: 'archived-cohort' });
    expect(decideJoin(cohort, false, undefined)).toEqual({ ok: false, reason: 'course-unavailable' });
  });

  it('creates an enrolment in the group', () => {
    expect(decideJoin(cohort, true, undefined)).toEqual({ ok: true, plan: { action: 'create', cohort: 'c1' } });
  });

  it('puts someone already on the course without a group into the group, keeping their enrolment', () => {
    expect(decideJoin(cohort, true, { id: 'e1', status: 'active', cohort: '' })).toEqual({ ok: true, plan: { action: 'attach-cohort', enrolment: 'e1', cohort: 'c1' } });
    expect(decideJoin(cohort, true, { id: 'e1', status: 'left', cohort: '' })).toEqual({ ok: true, plan: { action: 'attach-cohort', enrolment: 'e1', cohort: 'c1' } });
  });

  it('rejoins, or does nothing, for someone already in that group', () => {
    expect(decideJoin(cohort, true, { id: 'e1', status: 'left', cohort: 'c1' })).toEqual({ ok: true, plan: { action: 'rejoin', enrolment: 'e1' } });
    expect(decideJoin(cohort, true, { id: 'e1', status: 'active', cohort: 'c1' })).toEqual({ ok: true, plan: { action: 'none', outcome: 'already-enrolled' } });
  });

  it('does not move someone from another group of the same course', () => {
    expect(decideJoin(cohort, true, { id: 'e1', status: 'active', cohort: 'c0' })).toEqual({ ok: false, reason: 'other-cohort' });
  });
});

describe('wrong-code limiter', () => {
  it('blocks a person after the limit within the window, and forgets old tries', () => {
    const limiter = new WrongCodeLimiter(3, 1000);
    for (const t of [0, 10, 20]) limiter.wrong('kim', t);
    expect(limiter.blocked('kim', 30)).toBe(true);
    expect(limiter.blocked('sam', 30)).toBe(false);
    expect(limiter.blocked('kim', 1015)).toBe(false);
  });
});

describe('form schemas', () => {
  it('trims the code and asks kindly for a missing one', () => {
    expect(parseForm(joinCodeSchema, form({ code: '  PEER-2026 ' }))).toEqual({ ok: true, data: { code: 'PEER-2026' } });
    expect(parseForm(joinCodeSchema, form({ code: '   ' }))).toMatchInlineSnapshot(`
      {
        "fields": {
          "code": "Please type the code your trainer gave you. It is usually a few letters and numbers, like PEER-2026.",
        },
        "ok": false,
        "values": {
          "code": "   ",
        },
      }
    `);
    expect(parseForm(joinCodeSchema, form({}))).toMatchObject({ ok: false, fields: { code: 'Please type the code your trainer gave you.' } });
  });

  it('refuses an overlong code, keeping what was typed', () => {
    const long = 'X'.repeat(65);
    expect(parseForm(joinCodeSchema, form({ code: long }))).toMatchObject({ ok: false, values: { code: long }, fields: { code: expect.stringContaining('64 characters') } });
  });

  it('falls back to the course page for an unknown `from`', () => {
    expect(parseForm(enrolFormSchema, form({ from: 'https://evil.example' }))).toEqual({ ok: true, data: { from: 'course' } });
    expect(parseForm(enrolFormSchema, form({ from: 'dashboard' }))).toEqual({ ok: true, data: { from: 'dashboard' } });
  });
});

describe('status and problem messages', () => {
  it('show only known keys', () => {
    expect(statusMessage(progressEn, 'enrolled')).toMatch(/You are enrolled/);
    expect(statusMessage(progressEn, 'toString')).toBeUndefined();
    expect(statusMessage(progressEn, '<script>')).toBeUndefined();
    expect(statusMessage(progressEn, null)).toBeUndefined();
    expect(problemMessage(progressEn, 'wrong-code')).toMatch(/could not find a group/);
    expect(problemMessage(progressEn, '__proto__')).toBeUndefined();
  });

  it('say how far along someone is, in words', () => {
    expect(progressEn.summary.modulesDone(3, 7, 43)).toBe('3 of 7 modules done (43%)');
    expect(progressEn.summary.timeLeft(95)).toBe('About 1 hour 35 minutes left');
  });
});

describe('the `enrolment` course setting', () => {
  const dir = path.resolve(import.meta.dirname, '../fixtures/courses/journey/invite-course');
  const files = (courseMd: (text: string) => string): CourseFile[] => [
    { path: 'course.md', content: courseMd(readFileSync(path.join(dir, 'course.md'), 'utf8')) },
    { path: '01-together.md', content: readFileSync(path.join(dir, '01-together.md'), 'utf8') },
  ];

  it('is read from course.md, and is open when left out', () => {
    expect(buildCourse({ slug: 'invite-course', dir: 'x', files: files((t) => t) }).course?.enrolment).toBe('invitation');
    expect(buildCourse({ slug: 'invite-course', dir: 'x', files: files((t) => t.replace('enrolment: invitation\n', '')) }).course?.enrolment).toBe('open');
  });

  it('explains a wrong value and how to fix it', () => {
    const result = buildCourse({ slug: 'invite-course', dir: 'x', files: files((t) => t.replace('enrolment: invitation', 'enrolment: anyone')) });
    expect(result.problems.map((p) => `${p.line}: ${p.message}`)).toMatchInlineSnapshot(`
      [
        "9: \`enrolment\` must be open or invitation — open lets anyone signed in enrol; invitation needs a group code from a trainer",
      ]
    `);
  });
});
