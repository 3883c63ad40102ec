/**
 * Enrolments in PocketBase. Reads and status changes (leave, rejoin) run as the person, with
 * their own token. Creating an enrolment, or putting someone into a group, runs as the service
 * account, and only after enrolment.ts has decided it is allowed: trainees cannot create
 * enrolments through the API (docs/DATA-MODEL.md). The user id always comes from the session,
 * never from a form.
 */
import type { Course } from '../courses/course.ts';
import { DomainError, fromPocketBase } from '../errors.ts';
import { progressEn } from '../i18n/progress.ts';
import type { TypedPocketBase } from '../pb.ts';
import type { CohortRecord, EnrolmentRecord } from '../records.ts';
import { decideEnrol, decideJoin, matchCohort, WrongCodeLimiter, type EnrolmentPlan, type EnrolmentRefusal } from './enrolment.ts';
import { hasErrorCode } from '../hook-errors.ts';

/** A request to enrol or join that the rules do not allow; `reason` picks the message. */
export class EnrolmentRefused extends DomainError {
  readonly reason: EnrolmentRefusal;

  constructor(reason: EnrolmentRefusal) {
    const message = progressEn.problems[reason];
    super(reason === 'too-many-tries' ? 'too-many' : reason === 'wrong-code' ? 'invalid' : 'forbidden', message, { code: message });
    this.name = 'EnrolmentRefused';
    this.reason = reason;
  }
}

/** What happened, as a key of the `status` messages in src/lib/i18n/progress.ts. */
export type EnrolmentOutcome = 'enrolled' | 'joined' | 'rejoined' | 'already-enrolled';

export interface EnrolmentDeps {
  /** The person's own client (locals.pb). */
  pb: TypedPocketBase;
  /** The service client, asked for only when an enrolment must be created or given a group. */
  service: () => Promise<TypedPocketBase>;
}

const defaultLimiter = new WrongCodeLimiter();

/**
 * The person's enrolment in a course, whatever its status, or undefined.
 *
 * @throws {DomainError} `unavailable` when PocketBase cannot be reached
 */
export async function findEnrolment(pb: TypedPocketBase, user: string, course: string): Promise<EnrolmentRecord | undefined> {
  try {
    const rows = await pb.collection('enrolments').getList(1, 1, { skipTotal: true, filter: pb.filter('user = {:user} && course = {:course}', { user, course }) });
    return rows.items[0];
  } catch (error) {
    throw fromPocketBase(error, 'enrolment');
  }
}

/**
 * All of the person's enrolments, most recently changed first.
 *
 * @throws {DomainError} `unavailable` when PocketBase cannot be reached
 */
export async function listEnrolments(pb: TypedPocketBase, user: string): Promise<EnrolmentRecord[]> {
  try {
    return await pb.collection('enrolments').getFullList({ filter: pb.filter('user = {:user}', { user }), sort: '-updated' });
  } catch (error) {
    throw fromPocketBase(error, 'enrolment');
  }
}

/**
 * "Enrol" on a course page: creates the enrolment in an open course, or rejoins a course the
 * person left. Pressing it twice is harmless.
 *
 * @throws {EnrolmentRefused} `invitation-only` for a course that needs a code
 * @throws {DomainError} `unavailable` when PocketBase cannot be reached
 */
export async function enrol(deps: EnrolmentDeps, user: string, course: Pick<Course, 'slug' | 'enrolment'>): Promise<EnrolmentOutcome> {
  const existing = await findEnrolment(deps.pb, user, course.slug);
  const decision = decideEnrol(course.enrolment, existing);
  if (!decision.ok) throw new EnrolmentRefused(decision.reason);
  let plan = decision.plan;
  // A self-enrolled trainee joins the group that takes them, if the course has one; otherwise
  // they are learning-only until an admin places them (docs/QUALITY-ASSURANCE.md).
  if (plan.action === 'create' && !plan.cohort) {
    const cohort = await selfEnrolCohort(await deps.service(), course.slug);
    if (cohort) plan = { ...plan, cohort: cohort.id };
  }
  return apply(deps, user, course.slug, plan, 'enrolled');
}

/**
 * "Join with a code": finds the group by its code (ignoring case, spaces and dashes) and
 * enrols the person in its course, in that group. Wrong codes are counted per person; after
 * too many in a short time, further tries are refused for a while.
 *
 * @param isAvailable whether a course slug is on the site (from the catalogue)
 * @returns the outcome and the course joined
 * @throws {EnrolmentRefused} `wrong-code`, `archived-cohort`, `course-unavailable`, `other-cohort`, `too-many-tries`
 * @throws {DomainError} `unavailable` when PocketBase cannot be reached
 */
export async function joinWithCode(
  deps: EnrolmentDeps,
  user: string,
  code: string,
  isAvailable: (course: string) => boolean,
  limiter: WrongCodeLimiter = defaultLimiter,
): Promise<{ outcome: EnrolmentOutcome; course: string }> {
  if (limiter.blocked(user)) throw new EnrolmentRefused('too-many-tries');
  const service = await deps.service();
  let cohorts: CohortRecord[];
  try {
    // Trainees cannot list cohorts (codes are secret), so the service account looks the code
    // up. Codes are compared in a canonical form, so every coded cohort is read (few, small).
    cohorts = await service.collection('cohorts').getFullList({
      filter: service.filter('code != {:none}', { none: '' }),
      fields: 'id,code,course,archived',
    });
  } catch (error) {
    throw fromPocketBase(error, 'group');
  }
  const cohort = matchCohort(cohorts, code);
  if (!cohort) limiter.wrong(user);
  const existing = cohort ? await findEnrolment(deps.pb, user, cohort.course) : undefined;
  const decision = decideJoin(cohort, cohort ? isAvailable(cohort.course) : false, existing);
  if (!decision.ok) throw new EnrolmentRefused(decision.reason);
  return { outcome: await apply(deps, user, cohort!.course, decision.plan, 'joined'), course: cohort!.course };
}

/**
 * Leaving a course: the enrolment's status becomes `left`; nothing is deleted.
 *
 * @returns `left`, or `not-enrolled` when there was no active enrolment (leaving twice is harmless)
 * @throws {DomainError} `unavailable` when PocketBase cannot be reached
 */
export async function leave(pb: TypedPocketBase, user: string, course: string): Promise<'left' | 'not-enrolled'> {
  const existing = await findEnrolment(pb, user, course);
  if (existing?.status !== 'active') return 'not-enrolled';
  try {
    await pb.collection('enrolments').update(existing.id, { status: 'left' });
  } catch (error) {
    throw fromPocketBase(error, 'enrolment');
  }
  return 'left';
}

async function apply(deps: EnrolmentDeps, user: string, course: string, plan: EnrolmentPlan, created: 'enrolled' | 'joined'): Promise<EnrolmentOutcome> {
  try {
    switch (plan.action) {
      case 'none':
        return plan.outcome;
      case 'rejoin':
        // The person may change the status of their own enrolment themself.
        await deps.pb.collection('enrolments').update(plan.enrolment, { status: 'active' });
        return 'rejoined';
      case 'attach-cohort': {
        const service = await deps.service();
        await service.collection('enrolments').update(plan.enrolment, { cohort: plan.cohort, status: 'active' });
        return 'joined';
      }
      case 'create': {
        const service = await deps.service();
        try {
          await service.collection('enrolments').create({ user, course, cohort: plan.cohort, status: 'active' });
        } catch (error) {
          // A double submit: the first request already enrolled them.
          if (hasErrorCode(error, 'validation_not_unique') && (await findEnrolment(deps.pb, user, course))?.status === 'active') return 'already-enrolled';
          throw error;
        }
        return created;
      }
    }
  } catch (error) {
    throw fromPocketBase(error, 'enrolment');
  }
}

/**
 * The group that takes self-enrolled trainees of a course (the newest current one), if any.
 *
 * @throws {DomainError} `unavailable`
 */
export async function selfEnrolCohort(service: TypedPocketBase, course: string): Promise<CohortRecord | undefined> {
  try {
    const list = await service.collection('cohorts').getList(1, 1, {
      skipTotal: true,
      filter: service.filter('course = {:course} && takes_self_enrolled = true && archived = false', { course }),
      sort: '-created',
    });
    return list.items[0];
  } catch (error) {
    throw fromPocketBase(error, 'group');
  }
}
