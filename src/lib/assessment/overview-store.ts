/**
 * Reads everything the staff pages need about a cohort's trainees, with one list request per
 * collection however many trainees there are (no N+1): each collection is filtered on the
 * cohort's course and its trainee ids, then overview.ts groups the rows in memory. (PocketBase
 * caps a filter's length, so a cohort of more than 100 trainees takes one more request per
 * collection for each further 100: see src/lib/cohorts/batches.ts.)
 *
 * Which client reads what:
 * - The person's own client (locals.pb) reads the assessment records (evidence, observations,
 *   decisions, unit sign-offs, QA samples) and module progress, so PocketBase's rules decide
 *   what each member of staff sees.
 * - The service client reads, after `getCohort` proved with the person's own token that they
 *   are staff of the cohort (or an administrator): who is in the cohort (enrolments are visible
 *   to its trainers only, but assessors, IQAs and verifiers need to know whom they assess), their
 *   display names (users can read only their own record), and which knowledge checks they
 *   passed (graded by the web server; a criterion met by a knowledge check needs no assessor,
 *   but every assessor must see that it is met). Only the fields needed are read.
 *
 * Request count: cohort members, names, progress, passes, evidence, observations, decisions,
 * sign-offs, samples: 9 (8 when progress is hidden), plus reflections when asked for.
 */
import { fromPocketBase } from '../errors.ts';
import type { TypedPocketBase } from '../pb.ts';
import type { Course } from '../courses/course.ts';
import type { RecordModel } from 'pocketbase';
import type {
  CohortRecord,
  DecisionRecord,
  EvidenceRecord,
  ObservationRecord,
  ProgressRecord,
  QaSampleRecord,
  QuizAttemptRecord,
  ReflectionRecord,
  UnitSignoffRecord,
  UserRecord,
} from '../records.ts';
import { canSeeProgress } from '../cohorts/cohorts.ts';
import { cohortMembers, type Member } from '../cohorts/cohorts-store.ts';
import { listByIds } from '../cohorts/batches.ts';
import { peopleByIds, type Person } from '../cohorts/people-store.ts';
import { overviewRows, type CohortRows, type OverviewRow } from './overview.ts';

export interface LoadOptions {
  /** Whether the viewer may read module progress (cohorts.ts `canSeeProgress`); hidden progress is not requested. */
  progress: boolean;
  /** Full records (evidence text and files, feedback, notes) for the queue; only what the overview counts otherwise. */
  detail?: boolean;
  /** Only this trainee (a member of the cohort). */
  trainee?: string;
  /** Also read the shared reflections linked from evidence (for the queue). */
  linkedReflections?: boolean;
}

/** CohortRows with full records, plus what the queue and the trainee page show. */
export interface CohortData extends CohortRows<EvidenceRecord, ObservationRecord, DecisionRecord> {
  cohort: CohortRecord;
  /** Everyone named on the page: trainees, assessors who decided, IQAs who sampled. */
  people: Map<string, Person>;
  membersList: Member[];
  /** Unit sign-offs, with who signed and when. */
  signoffs: UnitSignoffRecord[];
  /** Full QA samples (with the IQA's rationale). */
  sampleRecords: QaSampleRecord[];
  /** Reflections linked from evidence that the trainee still shares, by id. */
  reflections: Map<string, ReflectionRecord>;
}

const COUNT_FIELDS = {
  evidence: 'id,user,criterion,created',
  observations: 'id,user,criterion,created',
  decisions: 'id,user,criterion,outcome,evidence,observation,supersedes,created',
};

/**
 * Everything about a cohort's trainees (or one of them) for the overview, the queue and the
 * trainee page.
 *
 * @param pb the person's own client; `getCohort(pb, …)` must have succeeded first
 * @param service the service client (see the file comment for what it reads)
 * @throws {DomainError} `unavailable` when PocketBase cannot be reached
 */
export async function loadCohortData(pb: TypedPocketBase, service: TypedPocketBase, cohort: CohortRecord, options: LoadOptions): Promise<CohortData> {
  const allMembers = await cohortMembers(service, cohort);
  const members = options.trainee ? allMembers.filter((m) => m.user === options.trainee) : allMembers;
  const ids = members.map((m) => m.user);
  const empty: CohortData = {
    cohort,
    members,
    membersList: members,
    names: new Map(),
    people: new Map(),
    progress: options.progress ? [] : undefined,
    passes: [],
    evidence: [],
    observations: [],
    decisions: [],
    signoffs: [],
    samples: [],
    sampleRecords: [],
    reflections: new Map(),
  };
  if (ids.length === 0) return empty;

  const detail = options.detail === true;
  const ofMembers = <T extends RecordModel>(client: TypedPocketBase, collection: string, extra: { where?: string; fields?: string; sort?: 'created' }) =>
    listByIds<T>(client, collection, {
      field: 'user',
      ids,
      where: `course = {:course}${extra.where ? ` && ${extra.where}` : ''}`,
      params: { course: cohort.course },
      ...(extra.fields ? { fields: extra.fields } : {}),
      ...(extra.sort ? { sort: extra.sort } : {}),
    });
  try {
    const [progress, passes, evidence, observations, decisions, signoffs, samples] = await Promise.all([
      options.progress ? ofMembers<ProgressRecord>(pb, 'progress', { fields: 'user,module,status,updated,completed_at' }) : Promise.resolve(undefined),
      ofMembers<QuizAttemptRecord>(service, 'quiz_attempts', { where: 'passed = true', fields: 'user,module' }),
      ofMembers<EvidenceRecord>(pb, 'evidence', { sort: 'created', ...(detail ? {} : { fields: COUNT_FIELDS.evidence }) }),
      ofMembers<ObservationRecord>(pb, 'observations', { sort: 'created', ...(detail ? {} : { fields: COUNT_FIELDS.observations }) }),
      ofMembers<DecisionRecord>(pb, 'decisions', { sort: 'created', ...(detail ? {} : { fields: COUNT_FIELDS.decisions }) }),
      ofMembers<UnitSignoffRecord>(pb, 'unit_signoffs', { sort: 'created' }),
      pb.collection('qa_samples').getFullList({ filter: pb.filter('cohort = {:cohort}', { cohort: cohort.id }), sort: 'created', batch: 1000 }),
    ]);

    // One request for every name on the page.
    const named = new Set<string>(ids);
    if (detail) {
      for (const d of decisions) if (d.assessor) named.add(d.assessor);
      for (const o of observations) if (o.assessor) named.add(o.assessor);
      for (const s of samples) if (s.iqa) named.add(s.iqa);
      for (const s of signoffs) if (s.signed_by) named.add(s.signed_by);
    }
    const linked = options.linkedReflections ? evidence.map((e) => e.reflection).filter(Boolean) : [];
    const [people, reflectionRows] = await Promise.all([
      peopleByIds(service, [...named]),
      // Reflections are readable by their author and the cohort's trainers only; an assessor
      // reads the ones a trainee linked as evidence, and only while they are still shared.
      listByIds<ReflectionRecord>(service, 'reflections', {
        field: 'id',
        ids: linked,
        where: 'shared = true',
        fields: 'id,user,course,module,prompt,title,body,shared,shared_at,version,updated',
      }),
    ]);
    const reflections = new Map<string, ReflectionRecord>();
    for (const r of reflectionRows) if (ids.includes(r.user)) reflections.set(r.id, r);

    return {
      ...empty,
      names: new Map([...people].map(([id, p]) => [id, p.name])),
      people,
      progress,
      passes,
      evidence,
      observations,
      decisions,
      signoffs,
      samples,
      sampleRecords: samples,
    };
  } catch (error) {
    throw fromPocketBase(error, 'record');
  }
}

/**
 * The cohort overview's rows (in name order) and whether module progress is shown: one list
 * request per collection, whatever the number of trainees.
 *
 * @param viewer decides whether progress is requested (trainers of the cohort and administrators)
 * @throws {DomainError} `unavailable`
 */
export async function loadOverview(
  pb: TypedPocketBase,
  service: TypedPocketBase,
  cohort: CohortRecord,
  course: Course,
  viewer: Pick<UserRecord, 'id' | 'role'>,
): Promise<{ rows: OverviewRow[]; progressVisible: boolean }> {
  const progressVisible = canSeeProgress(cohort, viewer);
  const data = await loadCohortData(pb, service, cohort, { progress: progressVisible });
  return { rows: overviewRows(course, data), progressVisible };
}
