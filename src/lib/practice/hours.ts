/**
 * Practice hours and supervision, decided without PocketBase (issue 19): totals against the
 * course's targets, what is still short (for the certificate rules), and who confirms a
 * supervision record. Only confirmed hours and confirmed sessions count towards a target.
 * Lengths are in minutes throughout; targets in course.md are in hours.
 */
import { kindTargets, PRACTICE_KINDS, type PracticeHoursTarget, type PracticeKind, type SupervisionTarget } from '../courses/practice.ts';

export interface HoursRow {
  minutes: number;
  kind: PracticeKind;
  status: 'logged' | 'confirmed' | 'queried';
}

export interface KindTotal {
  kind: PracticeKind;
  confirmed: number;
  /** Minutes the course asks for of this kind (0: none). */
  target: number;
}

export interface HoursSummary {
  /** Confirmed minutes. */
  confirmed: number;
  /** Minutes logged and not yet reviewed. */
  waiting: number;
  /** Minutes queried by a supervisor. */
  queried: number;
  /** Minutes the course asks for in all (undefined: no target). */
  target: number | undefined;
  byKind: KindTotal[];
  /** True when there is a target and every part of it is reached. */
  met: boolean;
}

/** One part of the hours target not reached yet (minutes). */
export interface HoursShortfall {
  kind: 'total' | PracticeKind;
  confirmed: number;
  target: number;
}

const sum = (rows: readonly HoursRow[], keep: (r: HoursRow) => boolean) => rows.filter(keep).reduce((n, r) => n + r.minutes, 0);

/** What is still short of the course's hours target, total first, then kinds in order. */
export function hoursShortfall(rows: readonly HoursRow[], target: PracticeHoursTarget | undefined): HoursShortfall[] {
  if (!target) return [];
  const out: HoursShortfall[] = [];
  const confirmed = sum(rows, (r) => r.status === 'confirmed');
  if (confirmed < target.total * 60) out.push({ kind: 'total', confirmed, target: target.total * 60 });
  const kinds = kindTargets(target);
  for (const kind of PRACTICE_KINDS) {
    if (kinds[kind] === 0) continue;
    const have = sum(rows, (r) => r.status === 'confirmed' && r.kind === kind);
    if (have < kinds[kind] * 60) out.push({ kind, confirmed: have, target: kinds[kind] * 60 });
  }
  return out;
}

/** Totals for the dashboard and the practice page. */
export function summariseHours(rows: readonly HoursRow[], target: PracticeHoursTarget | undefined): HoursSummary {
  const kinds = target ? kindTargets(target) : undefined;
  return {
    confirmed: sum(rows, (r) => r.status === 'confirmed'),
    waiting: sum(rows, (r) => r.status === 'logged'),
    queried: sum(rows, (r) => r.status === 'queried'),
    target: target ? target.total * 60 : undefined,
    byKind: PRACTICE_KINDS.map((kind) => ({ kind, confirmed: sum(rows, (r) => r.status === 'confirmed' && r.kind === kind), target: (kinds?.[kind] ?? 0) * 60 })),
    met: !!target && hoursShortfall(rows, target).length === 0,
  };
}

/** Whole percent of a target reached, 0–100. */
export function percentOf(done: number, target: number): number {
  if (target <= 0) return 100;
  return Math.min(100, Math.floor((done / target) * 100));
}

export interface SessionRow {
  user: string;
  supervisor: string;
  recorded_by: string;
  confirmed_by: string;
}

export interface SupervisionSummary {
  confirmed: number;
  waiting: number;
  target: number | undefined;
}

export function summariseSupervision(sessions: readonly SessionRow[], target: SupervisionTarget | undefined): SupervisionSummary {
  const confirmed = sessions.filter((s) => s.confirmed_by !== '').length;
  return { confirmed, waiting: sessions.length - confirmed, target: target?.sessions };
}

/**
 * Who should confirm a session's record now: the side that did not record it (the trainee or
 * the supervisor), or nobody once confirmed.
 */
export function confirmer(session: SessionRow): string | undefined {
  if (session.confirmed_by !== '') return undefined;
  return session.recorded_by === session.user ? session.supervisor : session.user;
}

/** The length a person typed as hours and minutes, in minutes; undefined when not whole numbers. */
export function lengthInMinutes(hours: string, minutes: string): number | undefined {
  const h = hours.trim() === '' ? 0 : /^\d{1,2}$/.test(hours.trim()) ? Number(hours.trim()) : NaN;
  const m = minutes.trim() === '' ? 0 : /^\d{1,4}$/.test(minutes.trim()) ? Number(minutes.trim()) : NaN;
  if (Number.isNaN(h) || Number.isNaN(m)) return undefined;
  return h * 60 + m;
}
