/**
 * Who may join a course, and how. Pure decisions: enrolment-store.ts reads the records,
 * asks these functions what to do, and then does it. Messages for each outcome are in
 * src/lib/i18n/progress.ts.
 */
import type { EnrolmentMode } from '../courses/schema.ts';

/** The fields of an `enrolments` row these decisions need. */
export interface ExistingEnrolment {
  id: string;
  status: 'active' | 'left';
  /** Cohort id, or '' when the person enrolled without a code. */
  cohort: string;
}

/** The fields of a `cohorts` row these decisions need. */
export interface CohortForCode {
  id: string;
  course: string;
  archived: boolean;
}

/** What to do about a request to enrol or join. */
export type EnrolmentPlan =
  | { action: 'create'; cohort: string }
  | { action: 'rejoin'; enrolment: string }
  /** Join a group while keeping the existing enrolment (and all progress). */
  | { action: 'attach-cohort'; enrolment: string; cohort: string }
  | { action: 'none'; outcome: 'already-enrolled' };

/** Why a request to enrol or join cannot go ahead. */
export type EnrolmentRefusal = 'invitation-only' | 'wrong-code' | 'archived-cohort' | 'course-unavailable' | 'other-cohort' | 'too-many-tries';

export type Decision = { ok: true; plan: EnrolmentPlan } | { ok: false; reason: EnrolmentRefusal };

/**
 * A cohort code as people type it, in one canonical form: capitals, without spaces, dashes
 * or other separators. `peer-2026`, ` Peer 2026 ` and `PEER2026` are the same code.
 */
export function normaliseCode(raw: string): string {
  return raw.normalize('NFKC').toUpperCase().replace(/[\s\-‐‑‒–—_.]+/gu, '');
}

/**
 * Pressing "Enrol" on a course page. Anyone may enrol in an open course; an invitation-only
 * course needs a code, except to rejoin a course the person has left.
 */
export function decideEnrol(mode: EnrolmentMode, existing: ExistingEnrolment | undefined): Decision {
  if (existing?.status === 'active') return { ok: true, plan: { action: 'none', outcome: 'already-enrolled' } };
  if (existing) return { ok: true, plan: { action: 'rejoin', enrolment: existing.id } };
  if (mode !== 'open') return { ok: false, reason: 'invitation-only' };
  return { ok: true, plan: { action: 'create', cohort: '' } };
}

/**
 * Joining with a cohort code. `cohort` is the cohort whose code matched (undefined if none);
 * `courseAvailable` whether its course is on the site; `existing` the person's enrolment in
 * that course, if any.
 *
 * Someone already in the course without a group joins the group and keeps their progress.
 * Someone already in another group of the same course is not moved: which group you are in
 * decides which trainers see your work, so a trainer or admin makes that change.
 */
export function decideJoin(cohort: CohortForCode | undefined, courseAvailable: boolean, existing: ExistingEnrolment | undefined): Decision {
  if (!cohort) return { ok: false, reason: 'wrong-code' };
  if (cohort.archived) return { ok: false, reason: 'archived-cohort' };
  if (!courseAvailable) return { ok: false, reason: 'course-unavailable' };
  if (!existing) return { ok: true, plan: { action: 'create', cohort: cohort.id } };
  if (existing.cohort === cohort.id) {
    return existing.status === 'active'
      ? { ok: true, plan: { action: 'none', outcome: 'already-enrolled' } }
      : { ok: true, plan: { action: 'rejoin', enrolment: existing.id } };
  }
  if (existing.cohort) return { ok: false, reason: 'other-cohort' };
  return { ok: true, plan: { action: 'attach-cohort', enrolment: existing.id, cohort: cohort.id } };
}

/**
 * The cohort whose code matches what was typed, ignoring case, spaces and dashes. When two
 * codes normalise alike, one that is not archived wins, so an old group cannot shadow a new one.
 */
export function matchCohort<C extends CohortForCode & { code: string }>(cohorts: readonly C[], typed: string): C | undefined {
  const wanted = normaliseCode(typed);
  if (!wanted) return undefined;
  const matches = cohorts.filter((c) => c.code && normaliseCode(c.code) === wanted);
  return matches.find((c) => !c.archived) ?? matches[0];
}

/**
 * Counts wrong codes per person, so codes cannot be guessed by trying many. Pure apart from
 * the clock passed in; the web server keeps one in memory (a restart forgets it, which is fine).
 */
export class WrongCodeLimiter {
  private readonly tries = new Map<string, number[]>();
  /** Wrong codes allowed within `windowMs` before further tries are refused. */
  readonly limit: number;
  readonly windowMs: number;

  constructor(limit = 10, windowMs = 15 * 60 * 1000) {
    this.limit = limit;
    this.windowMs = windowMs;
  }

  /** True when the person has used up their tries for now. */
  blocked(key: string, now = Date.now()): boolean {
    return this.recent(key, now).length >= this.limit;
  }

  /** Records one wrong code. */
  wrong(key: string, now = Date.now()): void {
    this.tries.set(key, [...this.recent(key, now), now]);
  }

  private recent(key: string, now: number): number[] {
    const kept = (this.tries.get(key) ?? []).filter((t) => now - t < this.windowMs);
    if (kept.length === 0) this.tries.delete(key);
    else this.tries.set(key, kept);
    return kept;
  }
}
