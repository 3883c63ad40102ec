/**
 * Group sessions and their registers. Pure: sessions-store.ts reads and writes the records;
 * these functions decide (docs/DATA-MODEL.md "cohort_sessions", "attendance").
 *
 * Times: a trainer types a day and wall-clock times in the organisation's zone
 * (`orgTimeZone()`, src/lib/dates.ts). Each session is stored as two moments (UTC). A weekly
 * series is expanded into one row per week, each converted from the SAME wall-clock time on its
 * own day, so 18:00 stays 18:00 in London across the clock change (17:00Z in October's summer
 * time, 18:00Z after it).
 */
import { parsePocketBaseDate } from '../dates.ts';
import type { AttendanceStatus, CohortSessionRecord } from '../records.ts';

export const ATTENDANCE_STATUSES = ['present', 'late', 'absent', 'excused'] as const satisfies readonly AttendanceStatus[];
/** Marks that count as attending (towards hours and a course's minimum attendance). */
export const ATTENDED: readonly AttendanceStatus[] = ['present', 'late'];

/** The most weeks one weekly series may make. */
export const MAX_WEEKS = 52;

/** The offset (ms) of `zone` from UTC at the moment `utc`. */
function offsetAt(utc: number, zone: string): number {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: zone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(utc));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return asUtc - Math.floor(utc / 1000) * 1000;
}

/**
 * The moment a wall-clock time on a day is in `zone`. A time that does not exist (skipped at
 * the spring change) or happens twice (autumn) resolves to the earlier moment.
 *
 * @param day `2026-10-27`
 * @param time `18:00`
 */
export function zonedTime(day: string, time: string, zone: string): Date {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const [hh, mm] = time.split(':').map(Number) as [number, number];
  const wall = Date.UTC(y, m - 1, d, hh, mm);
  // Two passes settle on the offset in force at that moment.
  let guess = wall - offsetAt(wall, zone);
  const second = wall - offsetAt(guess, zone);
  if (second !== guess) {
    const later = wall - offsetAt(second, zone);
    guess = Math.min(second, later);
  }
  return new Date(guess);
}

/** A moment's day (`2026-10-27`) and time (`18:00`) in `zone`. */
export function wallClock(moment: Date | string, zone: string): { day: string; time: string } {
  const date = moment instanceof Date ? moment : (parsePocketBaseDate(moment) ?? new Date(Number.NaN));
  if (Number.isNaN(date.getTime())) return { day: '', time: '' };
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: zone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  }).formatToParts(date);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return { day: `${get('year')}-${get('month')}-${get('day')}`, time: `${get('hour')}:${get('minute')}` };
}

/** `2026-10-27` plus `days` calendar days. */
export function addDays(day: string, days: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

export interface SessionTimes {
  day: string;
  start: string;
  end: string;
}

/** The start and end moments of one session (the end on the same day). */
export function sessionMoments(times: SessionTimes, zone: string): { starts_at: string; ends_at: string } {
  return { starts_at: zonedTime(times.day, times.start, zone).toISOString(), ends_at: zonedTime(times.day, times.end, zone).toISOString() };
}

/** One session, or `weeks` weekly sessions from `day`, each at the same wall-clock times. */
export function planSeries(times: SessionTimes, weeks: number, zone: string): { starts_at: string; ends_at: string }[] {
  const count = Math.max(1, Math.min(MAX_WEEKS, Math.floor(weeks)));
  return Array.from({ length: count }, (_, i) => sessionMoments({ ...times, day: addDays(times.day, 7 * i) }, zone));
}

type SessionFacts = Pick<CohortSessionRecord, 'id' | 'starts_at' | 'ends_at' | 'status'>;

/** Hours between start and end (0 when unreadable). */
export function sessionHours(session: Pick<SessionFacts, 'starts_at' | 'ends_at'>): number {
  const start = parsePocketBaseDate(session.starts_at)?.getTime();
  const end = parsePocketBaseDate(session.ends_at)?.getTime();
  if (start === undefined || end === undefined || end <= start) return 0;
  return (end - start) / 3_600_000;
}

/** A session that has started and was not cancelled: it can have a register and counts towards attendance. */
export function isHeld(session: SessionFacts, now: Date): boolean {
  const start = parsePocketBaseDate(session.starts_at);
  return session.status !== 'cancelled' && !!start && start.getTime() <= now.getTime();
}

export interface AttendanceSummary {
  /** Sessions of the group held so far (started, not cancelled). */
  held: number;
  /** Of those, how many the person attended (present or late). */
  attended: number;
  /** Hours of the sessions attended. */
  hours: number;
  /** attended ÷ held as a whole percentage; 100 when nothing was held yet. */
  percent: number;
}

/**
 * A person's attendance over a group's sessions: only sessions held so far count, cancelled
 * ones never; a session with no mark for them counts as not attended.
 */
export function summariseAttendance(
  sessions: readonly SessionFacts[],
  marks: readonly { session: string; status: AttendanceStatus }[],
  now: Date,
): AttendanceSummary {
  const status = new Map(marks.map((m) => [m.session, m.status]));
  const held = sessions.filter((s) => isHeld(s, now));
  const attendedSessions = held.filter((s) => ATTENDED.includes(status.get(s.id) ?? 'absent'));
  const hours = Math.round(attendedSessions.reduce((sum, s) => sum + sessionHours(s), 0) * 100) / 100;
  const percent = held.length === 0 ? 100 : Math.floor((attendedSessions.length / held.length) * 100);
  return { held: held.length, attended: attendedSessions.length, hours, percent };
}

/** Sessions in time order (start, then title). */
export function byStart<T extends Pick<CohortSessionRecord, 'starts_at' | 'title'>>(sessions: readonly T[]): T[] {
  return [...sessions].sort((a, b) => (a.starts_at < b.starts_at ? -1 : a.starts_at > b.starts_at ? 1 : a.title.localeCompare(b.title)));
}

/** A new series id: 16 hex characters. */
export function newSeriesId(random: (n: number) => Uint8Array = (n) => crypto.getRandomValues(new Uint8Array(n))): string {
  return [...random(8)].map((b) => b.toString(16).padStart(2, '0')).join('');
}
