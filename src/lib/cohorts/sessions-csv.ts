/**
 * The timetable and the registers of a group as spreadsheets, for the accrediting body. Pure;
 * written with the shared CSV module (formulas defused). Names only, never an email.
 */
import { csvDocument, type CsvValue } from '../csv.ts';
import { sessionsEn } from '../i18n/sessions.ts';
import type { AttendanceRecord, CohortSessionRecord } from '../records.ts';
import { ATTENDED, byStart, isHeld, sessionHours, wallClock } from './sessions.ts';

const t = sessionsEn;

type Session = Pick<CohortSessionRecord, 'id' | 'title' | 'starts_at' | 'ends_at' | 'time_zone' | 'mode' | 'place' | 'link' | 'module' | 'status' | 'cancel_note'>;

/** One line per session, in time order, times in the zone they were planned in. */
export function timetableCsv(sessions: readonly Session[], moduleTitle: (module: string) => string, fallbackZone: string): string {
  const rows: CsvValue[][] = byStart(sessions).map((s) => {
    const zone = s.time_zone || fallbackZone;
    const start = wallClock(s.starts_at, zone);
    const end = wallClock(s.ends_at, zone);
    return [
      start.day,
      start.time,
      end.time,
      zone,
      s.title,
      t.mode[s.mode],
      s.mode === 'online' ? s.link : s.place,
      s.module ? moduleTitle(s.module) : '',
      s.status === 'cancelled' ? t.staff.cancelled : t.staff.scheduled,
      s.status === 'cancelled' ? s.cancel_note : '',
      s.status === 'cancelled' ? 0 : sessionHours(s),
    ];
  });
  return csvDocument(t.csv.timetableHeader, rows);
}

/**
 * Every register: for each session held so far, one line per trainee on it (everyone marked,
 * and every current trainee, "Not recorded" when unmarked), by name.
 */
export function registerCsv(
  sessions: readonly Session[],
  marks: readonly Pick<AttendanceRecord, 'session' | 'user' | 'status' | 'note'>[],
  trainees: readonly string[],
  name: (user: string) => string,
  fallbackZone: string,
  now: Date,
): string {
  const rows: CsvValue[][] = [];
  for (const s of byStart(sessions)) {
    if (!isHeld({ ...s, id: s.id }, now)) continue;
    const start = wallClock(s.starts_at, s.time_zone || fallbackZone);
    const own = marks.filter((m) => m.session === s.id);
    const people = [...new Set([...own.map((m) => m.user), ...trainees])].sort((a, b) => name(a).localeCompare(name(b), 'en-GB'));
    for (const user of people) {
      const mark = own.find((m) => m.user === user);
      rows.push([start.day, start.time, s.title, name(user), mark ? t.status[mark.status] : t.status.none, mark?.note ?? '', mark && ATTENDED.includes(mark.status) ? sessionHours(s) : 0]);
    }
  }
  return csvDocument(t.csv.registerHeader, rows);
}
