/**
 * The practice portfolio in PocketBase (issue 19). Every write is made with the person's own
 * token, so the API rules and pb_hooks/practice.pb.js decide (docs/DATA-MODEL.md); the
 * service client only reads names and a trainee's group (people cannot read accounts or
 * groups they are not staff of). Every ClientResponseError becomes a DomainError.
 */
import type { CohortRecord, PracticeHoursRecord, PracticeObservationRecord, SupervisionSessionRecord } from '../records.ts';
import type { Course } from '../courses/course.ts';
import { canAssess } from '../cohorts/cohorts.ts';
import { cohortMembers } from '../cohorts/cohorts-store.ts';
import { listByIds } from '../cohorts/batches.ts';
import { toPbDate } from '../cohorts/dates.ts';
import { peopleByIds } from '../cohorts/people-store.ts';
import { DomainError, fromPocketBase } from '../errors.ts';
import { practiceEn } from '../i18n/practice.ts';
import type { TypedPocketBase } from '../pb.ts';
import type { LogHoursInput, PracticeObservationInput, ReviewHoursInput, SessionEditInput, SessionInput } from './practice-schema.ts';

const e = practiceEn.errors;
const v = practiceEn.validation;
type Service = () => Promise<TypedPocketBase>;

/** A person's rows for one course, newest first. */
export interface PracticeRows {
  hours: PracticeHoursRecord[];
  sessions: SupervisionSessionRecord[];
  observations: PracticeObservationRecord[];
}

/** A trainee's practice record for one course, with the names it shows and who can supervise. */
export interface OwnPractice extends PracticeRows {
  /** The trainee's group for the course ('' when in none). */
  cohort: string;
  /** The trainee's enrolment in the course. */
  enrolment: 'active' | 'left' | 'none';
  /** Trainers of the group: the supervisors to choose from. */
  supervisors: { id: string; name: string }[];
  names: Map<string, string>;
}

async function namesOf(service: TypedPocketBase, ids: Iterable<string>): Promise<Map<string, string>> {
  const wanted = [...new Set([...ids].filter(Boolean))];
  const people = wanted.length > 0 ? await peopleByIds(service, wanted) : new Map();
  return new Map([...people.values()].map((p) => [p.id, p.name]));
}

/**
 * The rows of `users` (all of them when `users` is undefined) on `course` that `pb` may read.
 *
 * @throws {DomainError} `unavailable`
 */
export async function practiceRows(pb: TypedPocketBase, course: string, users: readonly string[]): Promise<PracticeRows> {
  try {
    const where = 'course = {:course}';
    const params = { course };
    const [hours, sessions, observations] = await Promise.all([
      listByIds<PracticeHoursRecord>(pb, 'practice_hours', { field: 'user', ids: users, where, params }),
      listByIds<SupervisionSessionRecord>(pb, 'supervision_sessions', { field: 'user', ids: users, where, params }),
      listByIds<PracticeObservationRecord>(pb, 'practice_observations', { field: 'user', ids: users, where, params }),
    ]);
    const newest = <T extends { created: string }>(rows: T[], day: (r: T) => string) =>
      rows.sort((a, b) => day(b).localeCompare(day(a)) || b.created.localeCompare(a.created));
    return {
      hours: newest(hours, (r) => r.done_on),
      sessions: newest(sessions, (r) => r.held_on),
      observations: newest(observations, (r) => r.observed_on).map((r) => ({ ...r, criteria: Array.isArray(r.criteria) ? r.criteria : [] })),
    };
  } catch (error) {
    throw fromPocketBase(error, 'practice record');
  }
}

/**
 * The signed-in trainee's practice record for a course.
 *
 * @throws {DomainError} `unavailable`
 */
export async function loadOwnPractice(pb: TypedPocketBase, service: Service, user: string, course: string): Promise<OwnPractice> {
  const rows = await practiceRows(pb, course, [user]);
  const svc = await service();
  let cohort: CohortRecord | undefined;
  let enrolment: OwnPractice['enrolment'] = 'none';
  try {
    const enrolments = await svc.collection('enrolments').getList(1, 1, { filter: svc.filter('user = {:user} && course = {:course}', { user, course }), fields: 'cohort,status', skipTotal: true });
    const found = enrolments.items[0];
    enrolment = !found ? 'none' : found.status === 'active' ? 'active' : 'left';
    const id = found?.cohort ?? '';
    cohort = id ? await svc.collection('cohorts').getOne(id, { fields: 'id,trainers' }) : undefined;
  } catch (error) {
    throw fromPocketBase(error, 'practice record');
  }
  const trainers = (cohort?.trainers ?? []).filter((t) => t !== user);
  const names = await namesOf(svc, [
    ...trainers,
    ...rows.sessions.flatMap((s) => [s.supervisor, s.recorded_by, s.confirmed_by]),
    ...rows.observations.map((o) => o.observer),
  ]);
  return { ...rows, cohort: cohort?.id ?? '', enrolment, supervisors: trainers.map((id) => ({ id, name: names.get(id) ?? '' })), names };
}

/** @throws {DomainError} `invalid` (with fields), `forbidden` (not enrolled), `unavailable` */
export async function logHours(pb: TypedPocketBase, user: string, course: string, input: LogHoursInput): Promise<PracticeHoursRecord> {
  try {
    return await pb.collection('practice_hours').create({ user, course, done_on: toPbDate(input.done_on), minutes: input.minutes, kind: input.kind, note: input.note });
  } catch (error) {
    const mapped = fromPocketBase(error, 'entry');
    if (mapped.kind === 'invalid' && Object.keys(mapped.fields).length === 0) throw new DomainError('forbidden', practiceEn.page.notEnrolled);
    throw mapped;
  }
}

/** Removes one of the trainee's own entries that is not confirmed. @throws {DomainError} `not-found`, `unavailable` */
export async function removeHours(pb: TypedPocketBase, entry: string): Promise<void> {
  try {
    await pb.collection('practice_hours').delete(entry);
  } catch (error) {
    const mapped = fromPocketBase(error, 'entry');
    throw mapped.kind === 'not-found' ? new DomainError('not-found', v.unknownEntry) : mapped;
  }
}

/** A trainer confirms or queries an entry. @throws {DomainError} `invalid`, `not-found`, `unavailable` */
export async function reviewHours(pb: TypedPocketBase, input: ReviewHoursInput): Promise<void> {
  try {
    await pb.collection('practice_hours').update(input.entry, input.review === 'confirm' ? { status: 'confirmed', review_note: '' } : { status: 'queried', review_note: input.review_note });
  } catch (error) {
    const mapped = fromPocketBase(error, 'entry');
    throw mapped.kind === 'not-found' ? new DomainError('not-found', v.unknownEntry) : mapped;
  }
}

/**
 * Records a supervision session, by the trainee (`other` is the supervisor) or by a trainer of
 * the group (`other` is the trainee).
 *
 * @throws {DomainError} `invalid` (with fields), `forbidden`, `unavailable`
 */
export async function recordSession(pb: TypedPocketBase, args: { viewer: string; course: string; asTrainee: boolean }, input: SessionInput): Promise<void> {
  const trainee = args.asTrainee ? args.viewer : input.other;
  const supervisor = args.asTrainee ? input.other : args.viewer;
  if (trainee === supervisor) throw new DomainError('forbidden', e.own);
  try {
    await pb.collection('supervision_sessions').create({
      user: trainee,
      course: args.course,
      supervisor,
      held_on: toPbDate(input.held_on),
      minutes: input.minutes,
      format: input.format,
      actions: input.actions,
      record: input.record,
      recorded_by: args.viewer,
    });
  } catch (error) {
    const mapped = fromPocketBase(error, 'session');
    if (mapped.kind === 'invalid' && mapped.fields['supervisor']) throw new DomainError('invalid', mapped.fields['supervisor'], { other: mapped.fields['supervisor'] });
    if (mapped.kind === 'invalid' && Object.keys(mapped.fields).length === 0) throw new DomainError('forbidden', args.asTrainee ? practiceEn.page.notEnrolled : e.notTrainer);
    throw mapped;
  }
}

/**
 * Changes what a session record says. The changer becomes its recorder and any confirmation
 * is cleared (pb_hooks/practice.pb.js): the other side confirms again.
 *
 * @throws {DomainError} `invalid`, `not-found`, `unavailable`
 */
export async function changeSession(pb: TypedPocketBase, input: SessionEditInput): Promise<void> {
  try {
    await pb.collection('supervision_sessions').update(input.session, {
      held_on: toPbDate(input.held_on),
      minutes: input.minutes,
      format: input.format,
      actions: input.actions,
      record: input.record,
    });
  } catch (error) {
    const mapped = fromPocketBase(error, 'session');
    throw mapped.kind === 'not-found' ? new DomainError('not-found', v.unknownEntry) : mapped;
  }
}

/** Confirms a session record the other side wrote. @throws {DomainError} `invalid`, `not-found`, `unavailable` */
export async function confirmSession(pb: TypedPocketBase, viewer: string, session: string): Promise<void> {
  try {
    await pb.collection('supervision_sessions').update(session, { confirmed_by: viewer });
  } catch (error) {
    const mapped = fromPocketBase(error, 'session');
    throw mapped.kind === 'not-found' ? new DomainError('not-found', v.unknownEntry) : mapped;
  }
}

/** The criteria an observed practice can show: every criterion not judged by a knowledge check, in course order. */
export function observableByPractice(course: Course): { ref: string; text: string }[] {
  return [...course.criteria.values()].filter((c) => c.evidence !== 'knowledge-check').map((c) => ({ ref: c.ref, text: c.text }));
}

/**
 * An assessor or trainer of the group records observed practice; the hook writes one
 * observation per criterion for the assessment queue.
 *
 * @throws {DomainError} `invalid` (unknown criterion, not a trainee of the group), `forbidden`, `unavailable`
 */
export async function recordPracticeObservation(
  pb: TypedPocketBase,
  service: Service,
  args: { viewer: string; cohort: CohortRecord; course: Course },
  input: PracticeObservationInput,
): Promise<void> {
  const { viewer, cohort, course } = args;
  if (!canAssess(cohort, viewer) && !(cohort.trainers ?? []).includes(viewer)) throw new DomainError('forbidden', e.notObserver);
  if (input.trainee === viewer) throw new DomainError('forbidden', e.own, { trainee: e.own });
  const allowed = new Set(observableByPractice(course).map((c) => c.ref));
  const unknown = input.criteria.find((c) => !allowed.has(c));
  if (unknown) throw new DomainError('invalid', v.unknownCriterion(unknown), { criteria: v.unknownCriterion(unknown) });
  const members = await cohortMembers(await service(), cohort);
  if (!members.some((m) => m.user === input.trainee && m.status === 'active')) throw new DomainError('invalid', e.notTraineeOfGroup, { trainee: e.notTraineeOfGroup });
  try {
    await pb.collection('practice_observations').create({
      user: input.trainee,
      course: course.slug,
      observer: viewer,
      observed_on: toPbDate(input.observed_on),
      seen: input.seen,
      criteria: input.criteria,
      feedback: input.feedback,
    });
  } catch (error) {
    const mapped = fromPocketBase(error, 'observation');
    if (mapped.kind === 'invalid' && Object.keys(mapped.fields).length === 0) throw new DomainError('forbidden', e.notObserver);
    throw mapped;
  }
}

/** The group's trainees with names, and their practice rows the viewer may read. */
export interface GroupPractice extends PracticeRows {
  trainees: { id: string; name: string }[];
  names: Map<string, string>;
}

/**
 * A group's practice, for its staff page.
 *
 * @throws {DomainError} `unavailable`
 */
export async function loadGroupPractice(pb: TypedPocketBase, service: Service, cohort: CohortRecord): Promise<GroupPractice> {
  const svc = await service();
  const members = (await cohortMembers(svc, cohort)).filter((m) => m.status === 'active');
  const ids = members.map((m) => m.user);
  const rows = await practiceRows(pb, cohort.course, ids);
  const names = await namesOf(svc, [...ids, ...rows.sessions.flatMap((s) => [s.supervisor, s.recorded_by, s.confirmed_by]), ...rows.observations.map((o) => o.observer)]);
  const trainees = ids.map((id) => ({ id, name: names.get(id) ?? '' })).sort((a, b) => a.name.localeCompare(b.name));
  return { ...rows, trainees, names };
}
