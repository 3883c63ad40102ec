/**
 * The cohort overview: one row per trainee (modules done, knowledge checks passed, criteria
 * met / waiting / not yet met, units signed off), its sorting and its CSV. Pure: the rows of
 * the whole cohort come from overview-store.ts in one list call per collection, and are
 * grouped here in memory, then judged by status.ts (`assessCourse`) per trainee.
 */
import type { Course } from '../courses/course.ts';
import { csvDocument } from '../csv.ts';
import { courseProgress, type ProgressRow } from '../progress/progress.ts';
import { assessCourse, awaitingDecision, signedOffUnits, type SignoffRow, type CourseAssessment, type DecisionRow, type EvidenceRow, type ObservationRow, type SampleRow } from './status.ts';

type WithUser<T> = T & { user: string };

/** Everything read for a cohort (or one trainee of it), as rows. */
export interface CohortRows<E extends EvidenceRow = EvidenceRow, O extends ObservationRow = ObservationRow, D extends DecisionRow = DecisionRow> {
  /** The cohort's trainees (its enrolments), in no particular order. */
  members: readonly { user: string; status: 'active' | 'left' }[];
  /** Display names by user id. */
  names: ReadonlyMap<string, string>;
  /** Progress rows, or undefined when the viewer may not see them (not a trainer of the cohort). */
  progress: readonly WithUser<ProgressRow>[] | undefined;
  /** Passed knowledge-check attempts. */
  passes: readonly { user: string; module: string }[];
  evidence: readonly WithUser<E>[];
  observations: readonly WithUser<O>[];
  decisions: readonly WithUser<D>[];
  /** Every row of every unit's sign-off chain (sign-offs and withdrawals). */
  signoffs: readonly WithUser<SignoffRow>[];
  /** QA samples of the cohort's decisions (for the "returned by IQA" flag). */
  samples: readonly SampleRow[];
}

/** One trainee's rows, grouped out of CohortRows. */
export interface TraineeRows<E extends EvidenceRow = EvidenceRow, O extends ObservationRow = ObservationRow, D extends DecisionRow = DecisionRow> {
  user: string;
  name: string;
  status: 'active' | 'left';
  progress: ProgressRow[] | undefined;
  passedModules: string[];
  evidence: E[];
  observations: O[];
  decisions: D[];
  signedOffUnits: string[];
  /** The trainee's sign-off chain rows (status.ts `signOffState` reads them). */
  signoffRows: SignoffRow[];
  samples: SampleRow[];
}

const collator = new Intl.Collator('en-GB', { sensitivity: 'base', numeric: true });

/** Splits the cohort's rows by trainee, in name order. Rows of people who are not members are ignored. */
export function groupByTrainee<E extends EvidenceRow, O extends ObservationRow, D extends DecisionRow>(rows: CohortRows<E, O, D>): TraineeRows<E, O, D>[] {
  const byUser = new Map<string, TraineeRows<E, O, D>>();
  for (const m of rows.members) {
    byUser.set(m.user, {
      user: m.user,
      name: rows.names.get(m.user) ?? '',
      status: m.status,
      progress: rows.progress ? [] : undefined,
      passedModules: [],
      evidence: [],
      observations: [],
      decisions: [],
      signedOffUnits: [],
      signoffRows: [],
      samples: [],
    });
  }
  for (const r of rows.progress ?? []) byUser.get(r.user)?.progress?.push(r);
  for (const r of rows.passes) byUser.get(r.user)?.passedModules.push(r.module);
  for (const r of rows.evidence) byUser.get(r.user)?.evidence.push(r);
  for (const r of rows.observations) byUser.get(r.user)?.observations.push(r);
  const decisionOwner = new Map<string, string>();
  for (const r of rows.decisions) {
    byUser.get(r.user)?.decisions.push(r);
    decisionOwner.set(r.id, r.user);
  }
  for (const r of rows.signoffs) byUser.get(r.user)?.signoffRows.push(r);
  for (const t of byUser.values()) t.signedOffUnits = signedOffUnits(t.signoffRows);
  for (const s of rows.samples) {
    const owner = decisionOwner.get(s.decision);
    if (owner) byUser.get(owner)?.samples.push(s);
  }
  return [...byUser.values()].sort((a, b) => collator.compare(a.name, b.name) || (a.user < b.user ? -1 : 1));
}

/** One trainee's assessment state (status.ts), from their grouped rows. */
export function assessTrainee(course: Course, t: TraineeRows): CourseAssessment {
  return assessCourse(course, {
    evidence: t.evidence,
    observations: t.observations,
    decisions: t.decisions,
    samples: t.samples,
    passedModules: t.passedModules,
    signedOffUnits: t.signedOffUnits,
    signoffs: t.signoffRows,
  });
}

/** A line of the overview table. */
export interface OverviewRow {
  user: string;
  name: string;
  left: boolean;
  /** Undefined when the viewer may not see module progress. */
  modulesDone: number | undefined;
  modulesTotal: number;
  checksPassed: number;
  checksTotal: number;
  met: number;
  waiting: number;
  notYet: number;
  criteriaTotal: number;
  unitsSignedOff: number;
  unitsTotal: number;
}

/** The overview line of one trainee. */
export function overviewRow(course: Course, t: TraineeRows): OverviewRow {
  const assessment = assessTrainee(course, t);
  const criteria = [...assessment.byRef.values()];
  const metRefs = criteria.filter((c) => c.state === 'met').map((c) => c.criterion.ref);
  const withChecks = course.modules.filter((m) => m.knowledgeCheck);
  const passed = new Set(t.passedModules);
  const progress = t.progress ? courseProgress(course, { rows: t.progress, passedModules: t.passedModules, evidencedCriteria: metRefs }) : undefined;
  return {
    user: t.user,
    name: t.name,
    left: t.status === 'left',
    modulesDone: progress?.done,
    modulesTotal: course.modules.length,
    checksPassed: withChecks.filter((m) => passed.has(m.id)).length,
    checksTotal: withChecks.length,
    met: assessment.met,
    waiting: awaitingDecision(assessment).length,
    notYet: criteria.filter((c) => c.state === 'not-yet').length,
    criteriaTotal: assessment.total,
    unitsSignedOff: assessment.units.filter((u) => u.signedOff).length,
    unitsTotal: assessment.units.length,
  };
}

/** The overview of a whole cohort, in name order. */
export function overviewRows(course: Course, rows: CohortRows): OverviewRow[] {
  return groupByTrainee(rows).map((t) => overviewRow(course, t));
}

export const SORT_KEYS = ['name', 'modules', 'met', 'waiting'] as const;
export type SortKey = (typeof SORT_KEYS)[number];
export type SortDir = 'asc' | 'desc';
export interface Sort {
  key: SortKey;
  dir: SortDir;
}

const value: Record<Exclude<SortKey, 'name'>, (r: OverviewRow) => number> = {
  // Hidden progress sorts as "less than nothing done", so it never interleaves with real numbers.
  modules: (r) => r.modulesDone ?? -1,
  met: (r) => r.met,
  waiting: (r) => r.waiting,
};

/** Sorts a copy of the rows; ties are broken by name (A→Z), so the order is stable. */
export function sortRows(rows: readonly OverviewRow[], sort: Sort): OverviewRow[] {
  const sign = sort.dir === 'asc' ? 1 : -1;
  const byName = (a: OverviewRow, b: OverviewRow) => collator.compare(a.name, b.name) || (a.user < b.user ? -1 : a.user > b.user ? 1 : 0);
  return [...rows].sort((a, b) => {
    if (sort.key === 'name') return sign * byName(a, b);
    return sign * (value[sort.key](a) - value[sort.key](b)) || byName(a, b);
  });
}

/**
 * The query string a column heading links to: the same column again flips the direction; a
 * new column starts A→Z for names and highest first for numbers (what people usually want).
 */
export function sortQuery(current: Sort, key: SortKey): string {
  const dir: SortDir = current.key === key ? (current.dir === 'asc' ? 'desc' : 'asc') : key === 'name' ? 'asc' : 'desc';
  return `?sort=${key}&dir=${dir}`;
}

/** `aria-sort` for a column heading. */
export function ariaSort(current: Sort, key: SortKey): 'ascending' | 'descending' | undefined {
  return current.key === key ? (current.dir === 'asc' ? 'ascending' : 'descending') : undefined;
}

/**
 * The overview as CSV (UTF-8, CRLF), formulas defused (a cell starting with = + - @ is text).
 * Hidden progress is an empty cell.
 *
 * @param header column titles, from src/lib/i18n/staff.ts
 * @param status words for active and left trainees
 */
export function overviewCsv(rows: readonly OverviewRow[], header: readonly string[], status: { active: string; left: string }): string {
  return csvDocument(
    header,
    rows.map((r) => 
      [
        r.name,
        r.left ? status.left : status.active,
        r.modulesDone ?? '',
        r.modulesTotal,
        r.checksPassed,
        r.checksTotal,
        r.met,
        r.waiting,
        r.notYet,
        r.criteriaTotal,
        r.unitsSignedOff,
        r.unitsTotal,
      ]),
  );
}

/** A file name for the CSV: the cohort's name in safe characters. */
export function csvFilename(name: string): string {
  const safe = name
    .normalize('NFKD')
    .replace(/[^\w\s-]/g, '')
    .trim()
    .replace(/\s+/g, '-')
    .toLowerCase()
    .slice(0, 60);
  return `${safe || 'group'}-overview.csv`;
}
