/**
 * How long things are kept (docs/PRIVACY.md, "How long things are kept"). Pure: the settings,
 * their defaults and limits, reading the admin form, and the selection the daily job and the
 * dry run share (retention-store.ts reads the facts and carries the plan out). No text a
 * person wrote ever reaches this module: only ids, owners, courses and dates.
 *
 * The rules (every "N months" counts calendar months, a day that a shorter month lacks becomes
 * its last day: 31 January + 1 month = 28 or 29 February):
 * - A reflection goes N months (`reflectionsMonths`) after the later of: its author's last
 *   activity (the newest of their saved reflections, progress, knowledge checks, evidence and
 *   module feedback) and the end date of the group they are in for its course (if it has one).
 *   Never when the author chose "keep my reflections"; never while evidence links it (the
 *   hook refuses; it is counted as kept).
 * - Evidence goes `evidenceMonths` after the later of: the sign-off of its unit (while that
 *   sign-off stands) and the end date of the trainee's group for the course. With neither (no
 *   sign-off and no group end date) there is nothing to count from and it stays.
 * - A group archived `archivedGroupsMonths` ago goes (its invitations with it; enrolments lose
 *   the link), unless quality assurance records name it or evidence of its trainees for its
 *   course is still kept: it then waits for them.
 */
import { parsePocketBaseDate } from '../dates.ts';
import { signOffState, type SignoffRow } from '../assessment/status.ts';

export interface RetentionSettings {
  reflectionsMonths: number;
  evidenceMonths: number;
  archivedGroupsMonths: number;
  /** The daily job applies the settings (off until an administrator saves them). */
  jobOn: boolean;
  /** The last real run (ISO), or "". */
  lastRunAt: string;
  /** False while nobody has saved them (the defaults are in use). */
  saved: boolean;
}

/** Defaults: a year for reflections and for archived groups, three years for evidence. */
export const RETENTION_DEFAULTS: RetentionSettings = {
  reflectionsMonths: 12,
  evidenceMonths: 36,
  archivedGroupsMonths: 12,
  jobOn: false,
  lastRunAt: '',
  saved: false,
};

/** Lowest and highest number of months each setting takes (the migration says the same). */
export const RETENTION_LIMITS = {
  reflectionsMonths: { min: 1, max: 120 },
  evidenceMonths: { min: 12, max: 240 },
  archivedGroupsMonths: { min: 1, max: 120 },
} as const;

export type MonthsSetting = keyof typeof RETENTION_LIMITS;

/** The form's field names. */
export const RETENTION_FIELDS: Record<MonthsSetting, string> = {
  reflectionsMonths: 'reflections_months',
  evidenceMonths: 'evidence_months',
  archivedGroupsMonths: 'archived_groups_months',
};

/** A stored `retention_settings` row → settings (defaults for anything missing or out of range). */
export function retentionFromRecord(record: Record<string, unknown> | undefined): RetentionSettings {
  if (!record) return { ...RETENTION_DEFAULTS };
  const months = (key: MonthsSetting): number => {
    const value = Number(record[RETENTION_FIELDS[key]]);
    const { min, max } = RETENTION_LIMITS[key];
    return Number.isInteger(value) && value >= min && value <= max ? value : RETENTION_DEFAULTS[key];
  };
  const lastRun = parsePocketBaseDate(typeof record.last_run_at === 'string' ? record.last_run_at : '');
  return {
    reflectionsMonths: months('reflectionsMonths'),
    evidenceMonths: months('evidenceMonths'),
    archivedGroupsMonths: months('archivedGroupsMonths'),
    jobOn: record.job_on === true,
    lastRunAt: lastRun ? lastRun.toISOString() : '',
    saved: true,
  };
}

export type RetentionFormResult =
  | { ok: true; value: Pick<RetentionSettings, MonthsSetting | 'jobOn'> }
  | { ok: false; fields: Partial<Record<string, string>>; values: Record<string, string> };

/**
 * Reads the admin form: whole months within the limits, and the "apply every day" tick.
 * `problem(field, min, max)` words the message for a bad value.
 */
export function readRetentionForm(
  form: { get(name: string): unknown },
  problem: (key: MonthsSetting, min: number, max: number) => string,
): RetentionFormResult {
  const fields: Partial<Record<string, string>> = {};
  const values: Record<string, string> = {};
  const value = {} as Record<MonthsSetting, number>;
  for (const key of Object.keys(RETENTION_LIMITS) as MonthsSetting[]) {
    const name = RETENTION_FIELDS[key];
    const raw = String(form.get(name) ?? '').trim();
    values[name] = raw;
    const { min, max } = RETENTION_LIMITS[key];
    const n = /^\d{1,3}$/.test(raw) ? Number(raw) : NaN;
    if (!Number.isInteger(n) || n < min || n > max) fields[name] = problem(key, min, max);
    else value[key] = n;
  }
  const jobOn = isTicked(form.get('job_on'));
  values.job_on = jobOn ? 'on' : '';
  if (Object.keys(fields).length > 0) return { ok: false, fields, values };
  return { ok: true, value: { ...value, jobOn } };
}

/** A ticked checkbox: the site's Field sends "yes", a plain checkbox "on". */
export function isTicked(value: unknown): boolean {
  return value === 'yes' || value === 'on' || value === 'true';
}

/** `date` plus whole calendar months (UTC); a day the month lacks becomes its last day. */
export function addMonths(date: Date, months: number): Date {
  const y = date.getUTCFullYear();
  const m = date.getUTCMonth() + months;
  const lastDay = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  const result = new Date(date.getTime());
  result.setUTCFullYear(y, m, Math.min(date.getUTCDate(), lastDay));
  return result;
}

/** True when `now` is on or after `start` + `months`. */
export function isDue(start: Date, months: number, now: Date): boolean {
  return now.getTime() >= addMonths(start, months).getTime();
}

const latest = (...dates: (Date | undefined)[]): Date | undefined =>
  dates.reduce<Date | undefined>((a, b) => (!b ? a : !a || b > a ? b : a), undefined);

// ---------------------------------------------------------------------------------------------
// The facts the store reads (ids, owners, courses, dates; never text) and the plan.

export interface RetentionFacts {
  reflections: readonly { id: string; user: string; course: string; updated: string }[];
  /** reflection id → how many earlier versions it has. */
  versionCounts: ReadonlyMap<string, number>;
  /** Trainees who chose "keep my reflections". */
  keepers: ReadonlySet<string>;
  /** A person's activity dates (any of their saved rows); the newest counts. */
  activity: readonly { user: string; at: string }[];
  enrolments: readonly { user: string; course: string; cohort: string }[];
  cohorts: readonly { id: string; course: string; ends_on: string; archived: boolean; archived_at: string }[];
  evidence: readonly { id: string; user: string; course: string; criterion: string; created: string; reflection: string; files: number }[];
  signoffs: readonly (SignoffRow & { user: string; course: string })[];
  /** Groups that quality assurance plans or samples name. */
  qaCohorts: ReadonlySet<string>;
}

export interface RetentionPlan {
  reflections: string[];
  evidence: string[];
  groups: string[];
  counts: RetentionCounts;
}

/** What a run removes and what it leaves that was otherwise due: counts only. */
export interface RetentionCounts {
  reflections: number;
  reflection_versions: number;
  evidence: number;
  evidence_files: number;
  groups: number;
  /** Due, but their author chose to keep them. */
  reflections_kept_by_choice: number;
  /** Due, but evidence links them. */
  reflections_linked_as_evidence: number;
  /** Archived long enough, but quality assurance records name them. */
  groups_with_qa_records: number;
  /** Archived long enough, but evidence of their trainees is still kept. */
  groups_with_evidence: number;
}

export const EMPTY_COUNTS: RetentionCounts = {
  reflections: 0,
  reflection_versions: 0,
  evidence: 0,
  evidence_files: 0,
  groups: 0,
  reflections_kept_by_choice: 0,
  reflections_linked_as_evidence: 0,
  groups_with_qa_records: 0,
  groups_with_evidence: 0,
};

const key = (...parts: string[]) => parts.join('\u0000');

/** The unit of a criterion reference (`U1/1.1` → `U1`). */
export function unitOf(criterion: string): string {
  const slash = criterion.indexOf('/');
  return slash === -1 ? criterion : criterion.slice(0, slash);
}

/** What goes now under these settings. Pure; the same for the dry run and the job. */
export function planRetention(facts: RetentionFacts, settings: Pick<RetentionSettings, MonthsSetting>, now: Date): RetentionPlan {
  const counts: RetentionCounts = { ...EMPTY_COUNTS };
  const cohorts = new Map(facts.cohorts.map((c) => [c.id, c]));
  const groupEnd = new Map<string, Date>();
  for (const e of facts.enrolments) {
    const end = parsePocketBaseDate(cohorts.get(e.cohort)?.ends_on);
    if (end) groupEnd.set(key(e.user, e.course), end);
  }
  const lastActive = new Map<string, Date>();
  const active = (user: string, at: string) => {
    const date = parsePocketBaseDate(at);
    const now = lastActive.get(user);
    if (date && (!now || date > now)) lastActive.set(user, date);
  };
  for (const a of facts.activity) active(a.user, a.at);
  for (const r of facts.reflections) active(r.user, r.updated);
  for (const e of facts.evidence) active(e.user, e.created);
  const linked = new Set(facts.evidence.map((e) => e.reflection).filter(Boolean));

  const reflections: string[] = [];
  for (const r of facts.reflections) {
    const start = latest(lastActive.get(r.user), groupEnd.get(key(r.user, r.course)));
    if (!start || !isDue(start, settings.reflectionsMonths, now)) continue;
    if (facts.keepers.has(r.user)) counts.reflections_kept_by_choice++;
    else if (linked.has(r.id)) counts.reflections_linked_as_evidence++;
    else {
      reflections.push(r.id);
      counts.reflections++;
      counts.reflection_versions += facts.versionCounts.get(r.id) ?? 0;
    }
  }

  const chains = new Map<string, (SignoffRow & { user: string; course: string })[]>();
  for (const s of facts.signoffs) chains.set(key(s.user, s.course), [...(chains.get(key(s.user, s.course)) ?? []), s]);
  const signedAt = new Map<string, Date | undefined>();
  for (const [k, rows] of chains) {
    for (const [unit, state] of signOffState(rows)) {
      signedAt.set(key(k, unit), state.kind === 'signed' ? parsePocketBaseDate(state.row.created) : undefined);
    }
  }
  const evidence: string[] = [];
  const kept = new Set<string>();
  for (const e of facts.evidence) {
    const start = latest(signedAt.get(key(e.user, e.course, unitOf(e.criterion))), groupEnd.get(key(e.user, e.course)));
    if (start && isDue(start, settings.evidenceMonths, now)) {
      evidence.push(e.id);
      counts.evidence++;
      counts.evidence_files += e.files;
    } else kept.add(key(e.user, e.course));
  }

  const groups: string[] = [];
  for (const c of facts.cohorts) {
    const archivedAt = c.archived ? parsePocketBaseDate(c.archived_at) : undefined;
    if (!archivedAt || !isDue(archivedAt, settings.archivedGroupsMonths, now)) continue;
    if (facts.qaCohorts.has(c.id)) counts.groups_with_qa_records++;
    else if (facts.enrolments.some((e) => e.cohort === c.id && kept.has(key(e.user, c.course)))) counts.groups_with_evidence++;
    else {
      groups.push(c.id);
      counts.groups++;
    }
  }
  return { reflections, evidence, groups, counts };
}

/** When the daily job should run next: never while off; at once the first time; then a day after the last run. */
export function retentionRunDue(settings: Pick<RetentionSettings, 'jobOn' | 'lastRunAt'>, now: Date): boolean {
  if (!settings.jobOn) return false;
  const last = parsePocketBaseDate(settings.lastRunAt);
  return !last || now.getTime() - last.getTime() >= 24 * 60 * 60 * 1000 - 60_000;
}
