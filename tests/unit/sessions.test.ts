/**
 * Group sessions (issue 18): wall-clock times across the UK clock change, weekly series,
 * attendance summaries, the forms' plain-words problems, the register, the calendar files
 * (read back with a real iCalendar parser, ical.js), the CSV downloads, the certificate's
 * minimum-attendance requirement and the course.md field that sets it.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { parseForm } from '../../src/lib/auth/schema.ts';
import { attendanceRequirementToDo } from '../../src/lib/certificates/eligibility.ts';
import { buildCalendar, icsFileName, type CalendarEntry } from '../../src/lib/cohorts/calendar.ts';
import { planSeries, summariseAttendance, wallClock, zonedTime } from '../../src/lib/cohorts/sessions.ts';
import { registerCsv, timetableCsv } from '../../src/lib/cohorts/sessions-csv.ts';
import { parseRegister, SessionCreateInput, SessionEditInput } from '../../src/lib/cohorts/sessions-schema.ts';
import { loadCourses } from '../../src/lib/courses/course-fs.ts';
import { formatProblem } from '../../src/lib/courses/problems.ts';
import type { CohortSessionRecord } from '../../src/lib/records.ts';

const LONDON = 'Europe/London';

describe('wall-clock times in the organisation’s zone', () => {
  it('reads 18:00 in London as 17:00Z in summer time and 18:00Z after the October change', () => {
    expect(zonedTime('2026-10-20', '18:00', LONDON).toISOString()).toBe('2026-10-20T17:00:00.000Z');
    expect(zonedTime('2026-10-27', '18:00', LONDON).toISOString()).toBe('2026-10-27T18:00:00.000Z');
    expect(zonedTime('2026-03-31', '09:30', LONDON).toISOString()).toBe('2026-03-31T08:30:00.000Z');
  });

  it('on the day of the change itself, before and after 01:00 GMT', () => {
    expect(zonedTime('2026-10-25', '00:30', LONDON).toISOString()).toBe('2026-10-24T23:30:00.000Z');
    expect(zonedTime('2026-10-25', '12:00', LONDON).toISOString()).toBe('2026-10-25T12:00:00.000Z');
  });

  it('gives the moment back as the same day and time', () => {
    expect(wallClock('2026-10-20 17:00:00.000Z', LONDON)).toEqual({ day: '2026-10-20', time: '18:00' });
    expect(wallClock('2026-10-27 18:00:00.000Z', LONDON)).toEqual({ day: '2026-10-27', time: '18:00' });
    expect(wallClock('2026-10-27 18:00:00.000Z', 'America/New_York')).toEqual({ day: '2026-10-27', time: '14:00' });
  });
});

describe('a weekly series', () => {
  const series = planSeries({ day: '2026-10-13', start: '18:00', end: '20:00' }, 6, LONDON);

  it('makes one session a week, each at 18:00–20:00 London time, across the clock change', () => {
    expect(series).toHaveLength(6);
    expect(series.map((s) => wallClock(s.starts_at, LONDON))).toEqual(
      ['2026-10-13', '2026-10-20', '2026-10-27', '2026-11-03', '2026-11-10', '2026-11-17'].map((day) => ({ day, time: '18:00' })),
    );
    expect(series.map((s) => wallClock(s.ends_at, LONDON).time)).toEqual(Array(6).fill('20:00'));
    // The instants differ by an hour across the change: that is what keeps the wall clock still.
    expect(series[1]!.starts_at).toBe('2026-10-20T17:00:00.000Z');
    expect(series[2]!.starts_at).toBe('2026-10-27T18:00:00.000Z');
  });

  it('makes at most 52 and at least 1', () => {
    expect(planSeries({ day: '2026-01-05', start: '10:00', end: '11:00' }, 80, LONDON)).toHaveLength(52);
    expect(planSeries({ day: '2026-01-05', start: '10:00', end: '11:00' }, 0, LONDON)).toHaveLength(1);
  });
});

const session = (id: string, starts: string, ends: string, status: 'scheduled' | 'cancelled' = 'scheduled') => ({ id, starts_at: starts, ends_at: ends, status });

describe('attendance', () => {
  const now = new Date('2026-11-01T12:00:00Z');
  const sessions = [
    session('s1', '2026-10-13 17:00:00.000Z', '2026-10-13 19:00:00.000Z'),
    session('s2', '2026-10-20 17:00:00.000Z', '2026-10-20 19:00:00.000Z'),
    session('s3', '2026-10-27 18:00:00.000Z', '2026-10-27 19:30:00.000Z'),
    session('s4', '2026-10-28 18:00:00.000Z', '2026-10-28 20:00:00.000Z', 'cancelled'),
    session('s5', '2026-11-03 18:00:00.000Z', '2026-11-03 20:00:00.000Z'),
  ];

  it('counts present and late as attended, over sessions held so far, never cancelled or future ones', () => {
    const summary = summariseAttendance(sessions, [
      { session: 's1', status: 'present' },
      { session: 's2', status: 'excused' },
      { session: 's3', status: 'late' },
      { session: 's4', status: 'present' },
      { session: 's5', status: 'present' },
    ], now);
    expect(summary).toEqual({ held: 3, attended: 2, hours: 3.5, percent: 66 });
  });

  it('a session with no mark is not attended; nothing held yet is 100%', () => {
    expect(summariseAttendance(sessions, [], now)).toMatchObject({ held: 3, attended: 0, hours: 0, percent: 0 });
    expect(summariseAttendance(sessions, [], new Date('2026-10-01T00:00:00Z'))).toMatchObject({ held: 0, percent: 100 });
  });
});

describe('the session forms say what is wrong in plain words', () => {
  const good = { title: 'Week 1', day: '13/10/2026', start: '18:00', end: '20:00', mode: 'in_person', place: 'Room 2, Hope Centre', link: '', module: '', repeat: 'weekly', weeks: '6' };

  it('accepts a weekly series and reads the day as typed', () => {
    const parsed = parseForm(SessionCreateInput, good);
    expect(parsed).toMatchObject({ ok: true, data: { day: '2026-10-13', weeks: 6, start: '18:00' } });
  });

  it('names each problem on its field', () => {
    const parsed = parseForm(SessionCreateInput, { ...good, title: ' ', day: '31/02/2026', end: '17:00', place: '', weeks: '99' });
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.fields).toMatchObject({
      title: 'Enter a title for the session.',
      day: 'Enter the day as a date, for example 27/10/2026.',
    });
    const second = parseForm(SessionCreateInput, { ...good, end: '17:00', place: '', weeks: '99' });
    expect(second.ok ? {} : second.fields).toEqual({
      end: 'The end time must be after the start time.',
      place: 'Enter where the session is, so people can find it.',
      weeks: 'Enter a number of weeks from 2 to 52.',
    });
  });

  it('wants a web link for an online session', () => {
    const online = { ...good, mode: 'online', place: '' };
    expect(parseForm(SessionEditInput, { ...online, link: '' })).toEqual({ ok: false, fields: { link: 'Enter the meeting link, starting with https://.' } });
    expect(parseForm(SessionEditInput, { ...online, link: 'javascript:alert(1)' })).toEqual({ ok: false, fields: { link: 'Enter the meeting link as a web address starting with https://.' } });
    expect(parseForm(SessionEditInput, { ...online, link: 'https://meet.example.org/abc' }).ok).toBe(true);
  });

  it('the register keeps rows left blank as they were and refuses an unknown mark', () => {
    const a = 'aaaaaaaaaaaaaaa';
    const b = 'bbbbbbbbbbbbbbb';
    expect(parseRegister({ [`mark-${a}`]: 'late', [`note-${a}`]: ' bus ', [`mark-${b}`]: '' }, [a, b])).toEqual({ ok: true, marks: [{ user: a, status: 'late', note: 'bus' }] });
    expect(parseRegister({ [`mark-${a}`]: 'asleep' }, [a])).toEqual({ ok: false, fields: { [`mark-${a}`]: expect.stringContaining('present, late, absent or excused') } });
    // Marks for someone not on the register are ignored.
    expect(parseRegister({ 'mark-ccccccccccccccc': 'present' }, [a])).toEqual({ ok: true, marks: [] });
  });
});

type FullSession = CalendarEntry['session'] & Pick<CohortSessionRecord, 'time_zone' | 'module' | 'cancel_note'>;
const full = (over: Partial<FullSession>): FullSession => ({
  id: 'sess000000000001',
  title: 'Week 1',
  starts_at: '2026-10-20 17:00:00.000Z',
  ends_at: '2026-10-20 19:00:00.000Z',
  time_zone: LONDON,
  mode: 'in_person',
  place: 'Room 2',
  link: '',
  module: '',
  status: 'scheduled',
  cancel_note: '',
  created: '2026-10-01 09:00:00.000Z',
  updated: '2026-10-01 09:00:00.000Z',
  ...over,
});

describe('calendar files (RFC 5545), read back with ical.js', () => {
  const series = planSeries({ day: '2026-10-13', start: '18:00', end: '20:00' }, 6, LONDON);
  const entries: CalendarEntry[] = series.map((s, i) => ({
    session: full({ id: `sess00000000000${i}`, ...s, title: i === 0 ? 'Week 1: “mutuality”, trust; and, commas' : `Week ${i + 1}`, status: i === 4 ? 'cancelled' : 'scheduled', cancel_note: 'Trainer off sick' }),
    groupName: 'Tuesday group',
    moduleTitle: i === 0 ? 'What peer support is' : '',
  }));
  const text = buildCalendar(entries, { name: 'Hope Peer Network: my sessions', host: 'learn.example.org' });
  const events = new ICAL.Component(ICAL.parse(text)).getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
  const london = (d: Date) => new Intl.DateTimeFormat('en-GB', { timeZone: LONDON, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(d);

  it('has one event per session at 18:00–20:00 London time before and after the clock change', () => {
    expect(events).toHaveLength(6);
    expect(events.map((e) => london(e.startDate.toJSDate()))).toEqual(Array(6).fill('18:00'));
    expect(events.map((e) => london(e.endDate.toJSDate()))).toEqual(Array(6).fill('20:00'));
    expect(text).toContain('DTSTART:20261020T170000Z');
    expect(text).toContain('DTSTART:20261027T180000Z');
  });

  it('keeps titles intact through escaping, with stable UIDs and cancellations', () => {
    expect(events[0]!.summary).toBe('Week 1: “mutuality”, trust; and, commas');
    expect(events[0]!.uid).toBe('sess000000000000@learn.example.org');
    expect(events[0]!.location).toBe('Room 2');
    expect(events[0]!.description).toBe('Group: Tuesday group\nModule: What peer support is');
    expect(events[4]!.summary).toBe('Cancelled: Week 5');
    expect(events[4]!.component.getFirstPropertyValue('status')).toBe('CANCELLED');
    expect(text.split('\r\n').every((line) => new TextEncoder().encode(line).length <= 75)).toBe(true);
  });

  it('never carries the cancellation note (it may be about someone’s health)', () => {
    expect(text).not.toContain('sick');
  });

  it('names a download after the session and its day', () => {
    expect(icsFileName({ title: 'Week 1: “mutuality”', starts_at: '2026-10-13 17:00:00.000Z' })).toBe('week-1-mutuality-2026-10-13.ics');
  });
});

describe('CSV downloads', () => {
  const sessions = [
    full({ id: 's1', title: '=HYPERLINK("x")', starts_at: '2026-10-20 17:00:00.000Z', ends_at: '2026-10-20 19:00:00.000Z' }),
    full({ id: 's2', title: 'Week 2', starts_at: '2026-10-27 18:00:00.000Z', ends_at: '2026-10-27 20:00:00.000Z', status: 'cancelled', cancel_note: 'Moved' }),
  ];

  it('the timetable lists each session in its own zone, defusing formulas', () => {
    const csv = timetableCsv(sessions, (m) => m, LONDON);
    const lines = csv.trimEnd().split('\r\n');
    expect(lines[1]).toBe(`"2026-10-20","18:00","20:00","Europe/London","'=HYPERLINK(""x"")","In person","Room 2","","Planned","","2"`);
    expect(lines[2]).toContain('"Cancelled","Moved","0"');
  });

  it('the register lists each held session × trainee, unmarked as not recorded', () => {
    const csv = registerCsv(sessions, [{ session: 's1', user: 'u1', status: 'late', note: 'Bus' }], ['u1', 'u2'], (id) => (id === 'u1' ? 'Ada' : 'Bo'), LONDON, new Date('2026-12-01T00:00:00Z'));
    expect(csv.trimEnd().split('\r\n').slice(1)).toEqual([
      `"2026-10-20","18:00","'=HYPERLINK(""x"")","Ada","Late","Bus","2"`,
      `"2026-10-20","18:00","'=HYPERLINK(""x"")","Bo","Not recorded","","0"`,
    ]);
  });
});

describe('a course’s minimum attendance for its certificate', () => {
  const course = { minimumAttendance: 80 };

  it('asks nothing when the course sets no minimum', () => {
    expect(attendanceRequirementToDo({}, undefined)).toEqual([]);
  });

  it('names what is missing, in words, with the timetable', () => {
    expect(attendanceRequirementToDo(course, { held: 6, attended: 4, hours: 8, percent: 66 })).toEqual([
      { text: 'Attend at least 80% of your group’s sessions: so far you have attended 66% of 6 sessions held', href: '/timetable' },
    ]);
    expect(attendanceRequirementToDo(course, 'no-group')[0]!.text).toBe('Attend at least 80% of a group’s sessions: you are not in a group for this course yet');
    expect(attendanceRequirementToDo(course, { held: 6, attended: 5, hours: 10, percent: 83 })).toEqual([]);
  });

  it('course.md `minimum_attendance` is checked with a plain-words problem', () => {
    const root = path.resolve(import.meta.dirname, '../..');
    const dir = mkdtempSync(path.join(os.tmpdir(), 'll-min-attendance-'));
    try {
      cpSync(path.join(root, 'tests/fixtures/courses/journey/open-course'), path.join(dir, 'open-course'), { recursive: true });
      const file = path.join(dir, 'open-course/course.md');
      const source = readFileSync(file, 'utf8');
      writeFileSync(file, source.replace('ordered: false', 'ordered: false\nminimum_attendance: 80'));
      expect(loadCourses(dir, dir).courses[0]!.minimumAttendance).toBe(80);
      writeFileSync(file, source.replace('ordered: false', 'ordered: false\nminimum_attendance: 120'));
      const problems = loadCourses(dir, dir).problems.map(formatProblem);
      expect(problems).toEqual([expect.stringMatching(/course\.md:\d+: `minimum_attendance` must be between 1 and 100 — e\.g\. minimum_attendance: 80, or leave the line out for no minimum$/)]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('a calendar link never reaches the logs', () => {
  it('a failure on a secret path is logged without the secret', async () => {
    const { loggablePath } = await import('../../src/lib/server/failure.ts');
    expect(loggablePath('/calendar/GfT2QL_yhtNYsubzdFvhYXjHcfLalccL614Wvr8mb4U.ics')).toBe('/calendar/[secret]');
    expect(loggablePath('/reset/abc')).toBe('/reset/[secret]');
    expect(loggablePath('/timetable/abc.ics')).toBe('/timetable/abc.ics');
    expect(loggablePath('/staff/cohorts')).toBe('/staff/cohorts');
  });
});
