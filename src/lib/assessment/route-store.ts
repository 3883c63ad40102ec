/**
 * Routes to an assessor in PocketBase (see route.ts): the group a self-enrolled trainee is
 * placed in, "ask to be assessed", and an admin's answer. A trainee may not read groups
 * (cohorts hold staff lists and codes), so the group's name and whether it has an assessor are
 * read with the service client, for the signed-in person's own enrolment only. Requests are
 * created with the trainee's own token (rules and hooks check them); an admin's answer is
 * written by the service client after this file checks the person is an admin, because moving
 * a trainee into a group is never open to the API.
 */
import { DomainError, fromPocketBase } from '../errors.ts';
import { routeEn } from '../i18n/route.ts';
import type { TypedPocketBase } from '../pb.ts';
import type { AssessmentRequestRecord, CohortRecord, EnrolmentRecord, UserRecord } from '../records.ts';
import { resolveService, type ServiceSource } from './verdicts-store.ts';
import { assessmentRoute, checkAnswer, type AssessmentRoute, type RequestAnswer } from './route.ts';
import { hasErrorCode, refusedByRule } from '../hook-errors.ts';

const e = routeEn.errors;

/**
 * How the person is assessed on the course.
 *
 * @param user the signed-in person's id, from the session
 * @throws {DomainError} `unavailable`
 */
export async function loadRoute(source: ServiceSource | undefined, user: string, course: string, enrolment: Pick<EnrolmentRecord, 'cohort'> | undefined): Promise<AssessmentRoute> {
  try {
    const service = await resolveService(source);
    const [cohort, requests] = await Promise.all([
      enrolment?.cohort ? service.collection('cohorts').getOne(enrolment.cohort, { fields: 'id,name,assessors,archived' }).catch(() => undefined) : Promise.resolve(undefined),
      service.collection('assessment_requests').getFullList({ filter: service.filter('user = {:user} && course = {:course}', { user, course }), sort: 'created' }),
    ]);
    return assessmentRoute(cohort ? { name: cohort.name, assessors: cohort.assessors ?? [], archived: !!cohort.archived } : undefined, requests);
  } catch (error) {
    throw fromPocketBase(error, 'group');
  }
}

/**
 * "Ask to be assessed", as the trainee (their own token). Asking twice while a request is
 * open is harmless: the open one is kept.
 *
 * @throws {DomainError} `forbidden` (not on the course), `unavailable`
 */
export async function askToBeAssessed(pb: TypedPocketBase, user: string, course: string, message: string): Promise<'asked' | 'already-asked'> {
  try {
    await pb.collection('assessment_requests').create({ user, course, message: message.trim().slice(0, 1000) });
    return 'asked';
  } catch (error) {
    if (hasErrorCode(error, 'validation_not_unique')) return 'already-asked';
    // The hook (not on the course) or the create rule (not their own request) refused.
    if (hasErrorCode(error, 'not_enrolled') || refusedByRule(error)) throw new DomainError('forbidden', e.notEnrolled);
    throw fromPocketBase(error, 'request');
  }
}

/** A request with the names a staff list shows. */
export interface RequestView {
  request: AssessmentRequestRecord;
  traineeName: string;
  /** The group they were placed in, by name. */
  cohortName: string;
}

/**
 * Every request, open first (oldest first), then answered (newest first), with names; and the
 * current groups of each course asked about (to place someone). For admins and trainers: the
 * page checks the role first.
 *
 * @throws {DomainError} `unavailable`
 */
export async function listRequests(source?: ServiceSource): Promise<{ open: RequestView[]; answered: RequestView[]; cohorts: Map<string, Pick<CohortRecord, 'id' | 'name' | 'assessors'>[]> }> {
  try {
    const service = await resolveService(source);
    const requests = await service.collection('assessment_requests').getFullList({ sort: 'created' });
    const userIds = [...new Set(requests.map((r) => r.user))];
    const courses = [...new Set(requests.map((r) => r.course))];
    const [users, cohorts] = await Promise.all([
      userIds.length ? service.collection('users').getFullList({ filter: userIds.map((id) => service.filter('id = {:id}', { id })).join(' || '), fields: 'id,display_name' }) : Promise.resolve([]),
      courses.length
        ? service.collection('cohorts').getFullList({ filter: `archived = false && (${courses.map((course) => service.filter('course = {:course}', { course })).join(' || ')})`, sort: 'name', fields: 'id,name,course,assessors' })
        : Promise.resolve([]),
    ]);
    const names = new Map(users.map((u) => [u.id, u.display_name]));
    const byCourse = new Map<string, Pick<CohortRecord, 'id' | 'name' | 'assessors'>[]>();
    for (const c of cohorts) byCourse.set(c.course, [...(byCourse.get(c.course) ?? []), c]);
    const placedIn = new Set(requests.map((r) => r.cohort).filter(Boolean));
    const cohortNames = new Map<string, string>(cohorts.map((c) => [c.id, c.name]));
    for (const id of placedIn) {
      if (!cohortNames.has(id)) cohortNames.set(id, (await service.collection('cohorts').getOne(id, { fields: 'id,name' }).catch(() => undefined))?.name ?? '');
    }
    const view = (r: AssessmentRequestRecord): RequestView => ({ request: r, traineeName: names.get(r.user) ?? '', cohortName: cohortNames.get(r.cohort) ?? '' });
    return {
      open: requests.filter((r) => r.status === 'open').map(view),
      answered: requests.filter((r) => r.status !== 'open').reverse().map(view),
      cohorts: byCourse,
    };
  } catch (error) {
    throw fromPocketBase(error, 'requests');
  }
}

/**
 * How many requests wait for an answer (staff home).
 *
 * @throws {DomainError} `unavailable`
 */
export async function countOpenRequests(source?: ServiceSource): Promise<number> {
  try {
    const service = await resolveService(source);
    return (await service.collection('assessment_requests').getList(1, 1, { filter: 'status = "open"' })).totalItems;
  } catch (error) {
    throw fromPocketBase(error, 'requests');
  }
}

/**
 * An admin answers a request: places the trainee in a group of the course (their enrolment's
 * group is set, then the request says so), or declines with a reason. Answered once.
 *
 * @throws {DomainError} `forbidden` (not an admin), `conflict` (already answered), `invalid`
 *   (no or wrong group, no reason; `fields` says which), `not-found`, `unavailable`
 */
export async function answerRequest(source: ServiceSource | undefined, admin: Pick<UserRecord, 'id' | 'role' | 'display_name'>, requestId: string, answer: RequestAnswer, now = new Date()): Promise<AssessmentRequestRecord> {
  let request: AssessmentRequestRecord;
  let cohort: CohortRecord | undefined;
  let service: TypedPocketBase;
  try {
    service = await resolveService(source);
    request = await service.collection('assessment_requests').getOne(requestId);
    cohort = answer.kind === 'place' && answer.cohort ? await service.collection('cohorts').getOne(answer.cohort).catch(() => undefined) : undefined;
  } catch (error) {
    throw fromPocketBase(error, 'request');
  }
  const refusal = checkAnswer({ isAdmin: admin.role.includes('admin'), request, answer, cohort });
  switch (refusal) {
    case 'not-admin':
      throw new DomainError('forbidden', e.notAdmin);
    case 'not-open':
      throw new DomainError('conflict', e.alreadyAnswered);
    case 'no-cohort':
    case 'other-course':
      throw new DomainError('invalid', e.chooseCohort, { cohort: e.chooseCohort });
    case 'no-reason':
      throw new DomainError('invalid', e.reasonMissing, { reason: e.reasonMissing });
  }
  try {
    const answered = { answered_by: admin.id, answered_name: admin.display_name ?? '', answered_at: now.toISOString() };
    if (answer.kind === 'decline') {
      return await service.collection('assessment_requests').update(request.id, { status: 'declined', answer: answer.reason.trim(), ...answered });
    }
    const enrolment = await service.collection('enrolments').getFirstListItem(service.filter('user = {:user} && course = {:course}', { user: request.user, course: request.course }));
    await service.collection('enrolments').update(enrolment.id, { cohort: cohort!.id });
    return await service.collection('assessment_requests').update(request.id, { status: 'placed', cohort: cohort!.id, ...answered });
  } catch (error) {
    const mapped = fromPocketBase(error, 'answer');
    if (mapped.kind === 'not-found') throw new DomainError('conflict', e.notEnrolledAnymore);
    throw mapped;
  }
}
