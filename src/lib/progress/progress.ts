/**
 * A trainee's progress through one course, worked out from the course model and what they
 * have done. Pure: the rows come from progress-store.ts, so this is unit-tested without a
 * database and the rules live in one place.
 *
 * The rules (see docs/AUTHORING.md, "Ordered courses and enrolment"):
 * - A module with a knowledge check is done only when a passed attempt exists for it. A
 *   `completed` progress row cannot fake that.
 * - A module without one is done when its progress row says `completed` ("Mark as done").
 * - In an ordered course a module is `locked` until the module before it is done. Its text
 *   can still be read; it just cannot count as done yet. Nothing recorded is lost: a pass
 *   made early counts as soon as the modules before it are done.
 * - Otherwise a module is `in-progress` once opened, and `not-started` before that.
 */
import { modulesByCriterion, type Course, type Criterion, type Module } from '../courses/course.ts';

export type ModuleState = 'not-started' | 'in-progress' | 'done' | 'locked';

/** The fields of a `progress` row this needs. */
export interface ProgressRow {
  module: string;
  status: 'started' | 'completed';
  /** When the trainee was last on the module (ISO date); used to resume. */
  updated: string;
  completed_at?: string;
}

export interface ProgressFacts {
  /** The person's progress rows for this course (rows for unknown modules are ignored). */
  rows: readonly ProgressRow[];
  /** Ids of modules with at least one passed knowledge-check attempt. */
  passedModules: Iterable<string>;
  /** Module ids of the person's non-empty reflections, one entry per reflection (free reflections: ''). */
  reflectionModules?: readonly string[];
  /** Criterion refs an assessor has already accepted evidence for (the assessment feature, later). */
  evidencedCriteria?: Iterable<string>;
}

export interface ModuleProgress {
  module: Module;
  state: ModuleState;
  /** True once the trainee has opened the module (a progress row exists). */
  opened: boolean;
  /** Done only through a passed knowledge check. */
  hasKnowledgeCheck: boolean;
  /** For a locked module: the module before it, which is not done yet. */
  after: Module | undefined;
  /** When the trainee was last on the module, if ever (ISO date). */
  lastOpened: string | undefined;
  /** When "Mark as done" was pressed (modules without a knowledge check), if it was. */
  completedAt: string | undefined;
  /** True when this module can be marked done by hand now. */
  canMarkDone: boolean;
}

/**
 * How a criterion still needing evidence gets it:
 * `reflection`: by writing a reflection on one of `modules`;
 * `assessor`: a written piece or an observation, judged by the trainee's assessor.
 */
export interface CriterionToEvidence {
  criterion: Criterion;
  how: 'reflection' | 'assessor';
  /** Modules that serve the criterion, in course order. */
  modules: Module[];
}

export interface NextModule {
  module: Module;
  /** True when the trainee has already opened it ("carry on"), false for a fresh start. */
  resume: boolean;
}

export interface CourseProgress {
  modules: ModuleProgress[];
  byId: Map<string, ModuleProgress>;
  done: number;
  total: number;
  /** Whole percent of modules done, 0–100. */
  percent: number;
  complete: boolean;
  next: NextModule | undefined;
  /** Sum of the durations of the modules not done yet. */
  minutesLeft: number;
  knowledgeChecksPassed: number;
  knowledgeChecksTotal: number;
  /** Non-empty reflections written in this course (module and free ones). */
  reflectionsWritten: number;
  /** Criteria of evidence type reflection, written or observation that are not evidenced yet, in course order. */
  criteriaToEvidence: CriterionToEvidence[];
}

const EVIDENCED_ELSEWHERE = new Set(['reflection', 'written', 'observation']);

/** Later of two ISO dates (PocketBase's `2026-01-02 10:00:00.000Z` sorts as text). */
const later = (a: string, b: string) => (a >= b ? a : b);

/** Works out every module's state, what to do next, and what is left. */
export function courseProgress(course: Course, facts: ProgressFacts): CourseProgress {
  const rows = new Map<string, ProgressRow>();
  for (const row of facts.rows) {
    const seen = rows.get(row.module);
    // One row per module is guaranteed by a unique index; if two ever arrive, keep what is most favourable.
    rows.set(row.module, seen ? { ...row, status: seen.status === 'completed' ? 'completed' : row.status, updated: later(seen.updated, row.updated) } : row);
  }
  const passed = new Set(facts.passedModules);

  const modules: ModuleProgress[] = [];
  let previous: ModuleProgress | undefined;
  for (const module of course.modules) {
    const row = rows.get(module.id);
    const hasKnowledgeCheck = module.knowledgeCheck !== undefined;
    const finished = hasKnowledgeCheck ? passed.has(module.id) : row?.status === 'completed';
    const locked = course.ordered && previous !== undefined && previous.state !== 'done';
    const state: ModuleState = locked ? 'locked' : finished ? 'done' : row ? 'in-progress' : 'not-started';
    const entry: ModuleProgress = {
      module,
      state,
      opened: row !== undefined,
      hasKnowledgeCheck,
      after: locked ? previous!.module : undefined,
      lastOpened: row?.updated,
      completedAt: row?.status === 'completed' && row.completed_at ? row.completed_at : undefined,
      canMarkDone: !hasKnowledgeCheck && (state === 'in-progress' || state === 'not-started'),
    };
    modules.push(entry);
    previous = entry;
  }

  const done = modules.filter((m) => m.state === 'done').length;
  const total = modules.length;
  const reflectionModules = facts.reflectionModules ?? [];
  return {
    modules,
    byId: new Map(modules.map((m) => [m.module.id, m])),
    done,
    total,
    percent: total === 0 ? 0 : Math.round((done / total) * 100),
    complete: total > 0 && done === total,
    next: nextModule(modules),
    minutesLeft: modules.filter((m) => m.state !== 'done').reduce((sum, m) => sum + m.module.duration, 0),
    knowledgeChecksPassed: modules.filter((m) => m.hasKnowledgeCheck && passed.has(m.module.id)).length,
    knowledgeChecksTotal: modules.filter((m) => m.hasKnowledgeCheck).length,
    reflectionsWritten: reflectionModules.length,
    criteriaToEvidence: criteriaToEvidence(course, new Set(reflectionModules), new Set(facts.evidencedCriteria ?? [])),
  };
}

/**
 * Where to go next: the unfinished module opened most recently, else the first one not
 * started. Locked modules are never offered (in an ordered course that makes it the first
 * module not done). Undefined when everything is done.
 */
export function nextModule(modules: readonly ModuleProgress[]): NextModule | undefined {
  let resume: ModuleProgress | undefined;
  for (const m of modules) {
    if (m.state === 'in-progress' && (!resume || (m.lastOpened ?? '') > (resume.lastOpened ?? ''))) resume = m;
  }
  if (resume) return { module: resume.module, resume: true };
  const fresh = modules.find((m) => m.state === 'not-started');
  return fresh ? { module: fresh.module, resume: false } : undefined;
}

/**
 * Criteria that need evidence beyond the knowledge checks and do not have it yet. A
 * reflection criterion is evidenced by a non-empty reflection on any module serving it.
 * Written pieces and observations are judged by an assessor; until the assessment feature
 * records that (`evidenced`), they stay on the list, marked `assessor`.
 */
export function criteriaToEvidence(course: Course, reflectedModules: ReadonlySet<string>, evidenced: ReadonlySet<string>): CriterionToEvidence[] {
  const serving = modulesByCriterion(course);
  const result: CriterionToEvidence[] = [];
  for (const criterion of course.criteria.values()) {
    if (!EVIDENCED_ELSEWHERE.has(criterion.evidence) || evidenced.has(criterion.ref)) continue;
    const modules = serving.get(criterion.ref) ?? [];
    if (criterion.evidence === 'reflection') {
      if (modules.some((m) => reflectedModules.has(m.id))) continue;
      result.push({ criterion, how: 'reflection', modules });
    } else {
      result.push({ criterion, how: 'assessor', modules });
    }
  }
  return result;
}

/** Why "Mark as done" may be refused. */
export type ProgressRefusal = 'not-enrolled' | 'knowledge-check' | 'locked';

/** Why a module cannot be marked done by hand, or undefined if it can. */
export function whyNotMarkable(entry: ModuleProgress): Exclude<ProgressRefusal, 'not-enrolled'> | 'already-done' | undefined {
  if (entry.state === 'done') return 'already-done';
  if (entry.hasKnowledgeCheck) return 'knowledge-check';
  if (entry.state === 'locked') return 'locked';
  return undefined;
}
