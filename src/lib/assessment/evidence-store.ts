/**
 * A trainee's evidence in PocketBase, always with the person's own client (`locals.pb`), so
 * the API rules decide: the trainee sends evidence only for themself while actively enrolled,
 * and a file is served only to someone who may see its evidence row (the trainee, and the
 * staff and verifiers of their cohort). Never the service client.
 *
 * Reads everything the trainee's assessment page needs for one course; sends one piece of
 * evidence after checking what can be checked first (criterion, enrolment, reflection), so
 * the person gets a plain message rather than PocketBase's "Failed to create record.".
 */
import type { Course } from '../courses/course.ts';
import { findEnrolment } from '../enrolment/enrolment-store.ts';
import { DomainError, fromPocketBase } from '../errors.ts';
import { assessmentTraineeText } from '../i18n/assessment-trainee.ts';
import type { TypedPocketBase } from '../pb.ts';
import { ownRecords } from '../trainee/own-records-store.ts';
import type {
  DecisionRecord,
  EnrolmentRecord,
  EvidenceRecord,
  ObservationRecord,
  ReflectionRecord,
  UnitSignoffRecord,
} from '../records.ts';
import { whyNotSubmittable, type SubmitRefusal } from './evidence.ts';
import type { EvidenceInput } from './evidence-schema.ts';
import { assessCourse, type CourseAssessment, type SampleRow } from './status.ts';
import { verdictsForTrainee, type ServiceSource } from './verdicts-store.ts';
import { hookErrorCode, refusedByRule } from '../hook-errors.ts';

const t = assessmentTraineeText('en-GB');

export type EvidenceRefusal = SubmitRefusal | 'not-enrolled' | 'no-group' | 'reflection-not-own' | 'reflection-private' | 'reflection-unknown';

/** Evidence could not be sent; `reason` picks the message, `field` where it is shown. */
export class EvidenceRefused extends DomainError {
  readonly reason: EvidenceRefusal;

  constructor(reason: EvidenceRefusal, ref: string) {
    const message = {
      'unknown-criterion': t.errors.unknownCriterion(ref),
      'knowledge-check': t.errors.knowledgeCheck(ref),
      observation: t.errors.observation(ref),
      'not-enrolled': t.errors.notEnrolled,
      'no-group': t.errors.noGroup,
      'reflection-not-own': t.errors.reflectionNotOwn,
      'reflection-private': t.errors.reflectionPrivate,
      'reflection-unknown': t.errors.reflectionUnknown,
    }[reason];
    const onReflection = reason.startsWith('reflection-');
    super(
      reason === 'not-enrolled' || reason === 'no-group' ? 'forbidden' : reason === 'unknown-criterion' ? 'not-found' : onReflection ? 'invalid' : 'conflict',
      message,
      onReflection ? { reflection: message } : {},
    );
    this.name = 'EvidenceRefused';
    this.reason = reason;
  }
}

/** What the trainee's page shows for one course, as stored. */
export interface TraineeRecords {
  /** The trainee's enrolment in the course, whatever its status, or undefined. */
  enrolment: EnrolmentRecord | undefined;
  /** Oldest first, in every list. */
  evidence: EvidenceRecord[];
  observations: ObservationRecord[];
  decisions: DecisionRecord[];
  signoffs: UnitSignoffRecord[];
  /** The trainee's own reflections in the course (no bodies): to label linked ones and to offer shared ones. */
  reflections: Pick<ReflectionRecord, 'id' | 'title' | 'prompt' | 'module' | 'shared'>[];
  /** Modules with a passed knowledge check. */
  passedModules: string[];
}

export interface TraineeAssessment {
  records: TraineeRecords;
  assessment: CourseAssessment;
}

async function call<T>(run: () => Promise<T>, what = 'evidence'): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw fromPocketBase(error, what);
  }
}

/**
 * Everything about the person's assessment on one course, and where each criterion and unit
 * stands (src/lib/assessment/status.ts), from the page's one read of the person's own rows.
 *
 * @param user the signed-in person's id, from the session
 * @throws {DomainError} `unavailable` when PocketBase cannot be reached
 */
export async function loadTraineeAssessment(pb: TypedPocketBase, user: string, course: Course, service?: ServiceSource): Promise<TraineeAssessment> {
  const own = await call(() => ownRecords(pb, user));
  const mine = <T extends { course: string }>(rows: readonly T[]) => rows.filter((r) => r.course === course.slug);
  const enrolment = mine(own.enrolments)[0];
  const [evidence, observations, decisions, signoffs] = [mine(own.evidence), mine(own.observations), mine(own.decisions), mine(own.signoffs)];
  // IQA verdicts on their decisions (no rationale): a decision sent back is not "Met" here either.
  const samples: SampleRow[] = decisions.length > 0 ? await verdictsForTrainee(user, course.slug, service) : [];
  const reflections = mine(own.reflections).map(({ id, title, prompt, module, shared }) => ({ id, title, prompt, module, shared }));
  const passes = mine(own.attempts).filter((a) => a.passed);
  const passedModules = [...new Set(passes.map((p) => p.module))];
  const assessment = assessCourse(course, {
    evidence,
    observations,
    decisions,
    samples,
    passedModules,
    signoffs,
  });
  return { records: { enrolment, evidence, observations, decisions, signoffs, reflections, passedModules }, assessment };
}

/**
 * Sends one piece of evidence for a criterion, as the person. Nothing is created unless every
 * check passes; PocketBase's own rules and hooks check the same things again.
 *
 * @param user the signed-in person's id, from the session (never from the form)
 * @throws {EvidenceRefused} `unknown-criterion`, `knowledge-check`, `observation` (nothing to
 *   send for it), `not-enrolled` (no active enrolment), `reflection-*` (not theirs, private, gone)
 * @throws {DomainError} `invalid` with `fields.files` / `fields.text` when PocketBase refuses
 *   a value; `unauthenticated`; `unavailable`
 */
export async function submitEvidence(pb: TypedPocketBase, user: string, course: Course, input: EvidenceInput): Promise<EvidenceRecord> {
  const why = whyNotSubmittable(course, input.criterion);
  if (why) throw new EvidenceRefused(why, input.criterion);

  const enrolment = await findEnrolment(pb, user, course.slug);
  if (enrolment?.status !== 'active') throw new EvidenceRefused('not-enrolled', input.criterion);
  // Learning-only (in no group): nobody could see it, so evidence waits until they are placed.
  if (!enrolment.cohort) throw new EvidenceRefused('no-group', input.criterion);

  if (input.reflection) {
    let reflection: ReflectionRecord;
    try {
      reflection = await pb.collection('reflections').getOne(input.reflection, { fields: 'id,user,shared' });
    } catch (error) {
      const mapped = fromPocketBase(error, 'reflection');
      if (mapped.kind === 'not-found' || mapped.kind === 'forbidden') throw new EvidenceRefused('reflection-unknown', input.criterion);
      throw mapped;
    }
    if (reflection.user !== user) throw new EvidenceRefused('reflection-not-own', input.criterion);
    if (!reflection.shared) throw new EvidenceRefused('reflection-private', input.criterion);
  }

  const form = new FormData();
  form.set('user', user);
  form.set('course', course.slug);
  form.set('criterion', input.criterion);
  form.set('text', input.text);
  if (input.reflection) form.set('reflection', input.reflection);
  for (const file of input.files) form.append('files', file, file.name);
  try {
    return await pb.collection('evidence').create(form);
  } catch (error) {
    const code = hookErrorCode(error);
    if (code === 'reflection_not_own') throw new EvidenceRefused('reflection-not-own', input.criterion);
    if (code === 'reflection_not_shared') throw new EvidenceRefused('reflection-private', input.criterion);
    if (code === 'evidence_empty') throw new DomainError('invalid', t.errors.nothing, { text: t.errors.nothing });
    // The create rule refused (enrolment changed in the meantime).
    if (refusedByRule(error)) throw new EvidenceRefused('not-enrolled', input.criterion);
    const mapped = fromPocketBase(error, 'evidence');
    // PocketBase's own file checks (size, type, count).
    if (mapped.kind === 'invalid' && mapped.fields['files']) throw new DomainError('invalid', t.errors.filesRefused, { files: t.errors.filesRefused });
    throw mapped;
  }
}

/** A stored evidence file, fetched from PocketBase as the person. */
export interface EvidenceFile {
  record: EvidenceRecord;
  /** PocketBase's answer: the bytes to stream on. */
  body: ReadableStream<Uint8Array>;
  /** In bytes, when PocketBase said. */
  length: string | undefined;
}

/**
 * One file of an evidence row, if the person may see that row (the API rules decide: the
 * trainee, the staff and verifiers of their cohort). Fetched with a short-lived file token of
 * the same person, as files are protected.
 *
 * @returns undefined when the row does not exist, may not be seen, or has no such file
 * @throws {DomainError} `unavailable` when PocketBase cannot be reached
 */
export async function openEvidenceFile(pb: TypedPocketBase, id: string, name: string): Promise<EvidenceFile | undefined> {
  if (!pb.authStore.isValid) return undefined;
  let record: EvidenceRecord;
  try {
    record = await pb.collection('evidence').getOne(id);
  } catch (error) {
    const mapped = fromPocketBase(error, 'evidence');
    if (mapped.kind === 'not-found' || mapped.kind === 'forbidden' || mapped.kind === 'unauthenticated') return undefined;
    throw mapped;
  }
  if (!(record.files ?? []).includes(name)) return undefined;
  const token = await call(() => pb.files.getToken());
  let response: Response;
  try {
    response = await fetch(pb.files.getURL(record, name, { token }));
  } catch {
    throw new DomainError('unavailable', t.errors.unavailable);
  }
  if (response.status === 404 || response.status === 403 || response.status === 400) {
    await response.body?.cancel();
    return undefined;
  }
  if (response.status === 502 || response.status === 503 || response.status === 504) {
    await response.body?.cancel();
    throw new DomainError('unavailable', t.errors.unavailable);
  }
  if (!response.ok || !response.body) {
    await response.body?.cancel();
    // Not an outage: a bug for the middleware (a 500 with a logged id).
    throw new Error(`PocketBase answered ${response.status} for evidence file ${name} of ${record.id}`);
  }
  return { record, body: response.body, length: response.headers.get('content-length') ?? undefined };
}
