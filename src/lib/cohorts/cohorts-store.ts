/**
 * Groups (cohorts) in PocketBase.
 *
 * - Reading a cohort and changing it (create, staff lists, archive) runs with the person's own
 *   token: the cohort rules let staff listed on it read it, and only administrators write it,
 *   so the audit log names the administrator who made the change.
 * - Enrolments and role grants run as the service account (docs/DATA-MODEL.md: nobody creates
 *   enrolments or changes roles through the API), and only after the page has checked that
 *   the caller is an administrator.
 * - Who is in a cohort (its enrolments) is read as the service account too: the enrolment rules
 *   show a cohort's enrolments to its trainers only, but its assessors, IQAs and verifiers need
 *   to know whom they assess. `cohortMembers` is called only after `getCohort` succeeded with
 *   the person's own token, so only staff listed on the cohort (or admins) get that far.
 */
import { DomainError, fromPocketBase } from '../errors.ts';
import { staffEn } from '../i18n/staff.ts';
import type { TypedPocketBase } from '../pb.ts';
import type { CohortRecord, EnrolmentRecord } from '../records.ts';
import { generateCode, placeTrainee, STAFF_LIST, STAFF_ROLES, type CohortRole } from './cohorts.ts';
import { toPbDate } from './dates.ts';
import { listByIds } from './batches.ts';
import { ensureRole, peopleByIds, personByEmail, type Person } from './people-store.ts';
import type { AddPersonInput, CohortCreateInput, RemovePersonInput } from './schema.ts';
import { hasErrorCode } from '../hook-errors.ts';

const e = staffEn.errors;

export interface CohortDeps {
  /** The person's own client (locals.pb). */
  pb: TypedPocketBase;
  /** The service client, asked for only when needed. */
  service: () => Promise<TypedPocketBase>;
}

/**
 * One cohort, if the person may see it (staff listed on it, or an administrator).
 *
 * @throws {DomainError} `not-found` when it does not exist or is not theirs to see; `unavailable`
 */
export async function getCohort(pb: TypedPocketBase, id: string): Promise<CohortRecord> {
  try {
    return await pb.collection('cohorts').getOne(id);
  } catch (error) {
    const mapped = fromPocketBase(error, 'group');
    throw mapped.kind === 'not-found' || mapped.kind === 'forbidden' ? new DomainError('not-found', e.notFound) : mapped;
  }
}

/**
 * The cohorts the person is staff of (any list), newest first, archived ones last.
 *
 * @throws {DomainError} `unavailable`
 */
export async function listMyCohorts(pb: TypedPocketBase, user: string): Promise<CohortRecord[]> {
  const lists = STAFF_ROLES.map((role) => `${STAFF_LIST[role]}:each ?= {:user}`).join(' || ');
  try {
    return await pb.collection('cohorts').getFullList({ filter: pb.filter(lists, { user }), sort: 'archived,-created' });
  } catch (error) {
    throw fromPocketBase(error, 'group');
  }
}

/**
 * Every cohort the person may see (for an administrator: all), newest first, archived last.
 *
 * @throws {DomainError} `unavailable`
 */
export async function listAllCohorts(pb: TypedPocketBase): Promise<CohortRecord[]> {
  try {
    return await pb.collection('cohorts').getFullList({ sort: 'archived,-created' });
  } catch (error) {
    throw fromPocketBase(error, 'group');
  }
}

/**
 * Creates a cohort as the administrator, with a fresh invitation code if asked.
 *
 * @throws {DomainError} `invalid` (fields), `forbidden` for a non-administrator, `unavailable`
 */
export async function createCohort(pb: TypedPocketBase, input: CohortCreateInput, makeCode: () => string = generateCode): Promise<CohortRecord> {
  const body = {
    name: input.name,
    course: input.course,
    starts_on: input.starts_on ? toPbDate(input.starts_on) : '',
    ends_on: input.ends_on ? toPbDate(input.ends_on) : '',
    archived: false,
  };
  for (let attempt = 1; ; attempt++) {
    try {
      return await pb.collection('cohorts').create({ ...body, code: input.make_code ? makeCode() : '' });
    } catch (error) {
      // A new random code that happens to be taken: try another.
      if (input.make_code && hasErrorCode(error, 'validation_not_unique', 'code') && attempt < 3) continue;
      if (hasErrorCode(error, 'validation_not_unique', 'code')) throw new DomainError('conflict', e.codeClash);
      throw fromPocketBase(error, 'group');
    }
  }
}

/**
 * Whether the group takes the course's self-enrolled trainees (an administrator, with their
 * own token: the cohort rules allow only admins to change a group).
 *
 * @throws {DomainError} `forbidden`, `unavailable`
 */
export async function setTakesSelfEnrolled(pb: TypedPocketBase, cohort: string, takes: boolean): Promise<void> {
  try {
    await pb.collection('cohorts').update(cohort, { takes_self_enrolled: takes });
  } catch (error) {
    throw fromPocketBase(error, 'group');
  }
}

/**
 * Archives a cohort, or brings it back.
 *
 * @throws {DomainError} `forbidden` for a non-administrator, `not-found`, `unavailable`
 */
export async function setArchived(pb: TypedPocketBase, cohort: string, archived: boolean): Promise<void> {
  try {
    await pb.collection('cohorts').update(cohort, { archived });
  } catch (error) {
    throw fromPocketBase(error, 'group');
  }
}

/** A trainee's place in a cohort: their enrolment. */
export interface Member {
  enrolment: string;
  user: string;
  status: 'active' | 'left';
}

/**
 * The trainees of a cohort (its enrolments, active and left), in one request. Call only after
 * `getCohort` succeeded with the person's own token (see the file comment).
 *
 * @throws {DomainError} `unavailable`
 */
export async function cohortMembers(service: TypedPocketBase, cohort: Pick<CohortRecord, 'id' | 'course'>): Promise<Member[]> {
  try {
    const rows = await service.collection('enrolments').getFullList({
      filter: service.filter('cohort = {:cohort} && course = {:course}', { cohort: cohort.id, course: cohort.course }),
      fields: 'id,user,status',
      batch: 1000,
    });
    return rows.map((r) => ({ enrolment: r.id, user: r.user, status: r.status === 'left' ? 'left' : 'active' }));
  } catch (error) {
    throw fromPocketBase(error, 'group');
  }
}

/**
 * How many active trainees each cohort has, in one request (per 100 cohorts).
 *
 * @throws {DomainError} `unavailable`
 */
export async function traineeCounts(service: TypedPocketBase, cohorts: readonly string[]): Promise<Map<string, number>> {
  const counts = new Map<string, number>(cohorts.map((id) => [id, 0]));
  if (cohorts.length === 0) return counts;
  try {
    const rows = await listByIds<EnrolmentRecord>(service, 'enrolments', { field: 'cohort', ids: cohorts, where: 'status = "active"', fields: 'cohort' });
    for (const row of rows) counts.set(row.cohort, (counts.get(row.cohort) ?? 0) + 1);
    return counts;
  } catch (error) {
    throw fromPocketBase(error, 'group');
  }
}

/** What adding someone did, as a key of `staffEn.people.done`. */
export type AddOutcome = { done: 'added' | 'enrolled' | 'moved' | 'already'; person: Person; roleGranted: CohortRole | undefined };

/**
 * An administrator adds someone to a cohort: a trainee is enrolled in the cohort's course in
 * this cohort (or moved into it from another, keeping their work); staff are put on the
 * cohort's list. Either way they are given the role if they do not have it yet.
 *
 * @throws {DomainError} `not-found` (field `email`), `forbidden`, `unavailable`
 */
export async function addPerson(deps: CohortDeps, cohort: CohortRecord, input: AddPersonInput): Promise<AddOutcome> {
  const service = await deps.service();
  const person = await personByEmail(service, input.email);
  const roleGranted = (await ensureRole(service, person, input.as)) ? input.as : undefined;

  if (input.as === 'trainee') {
    let existing: EnrolmentRecord | undefined;
    try {
      existing = (
        await service.collection('enrolments').getList(1, 1, {
          filter: service.filter('user = {:user} && course = {:course}', { user: person.id, course: cohort.course }),
          skipTotal: true,
        })
      ).items[0];
    } catch (error) {
      throw fromPocketBase(error, 'enrolment');
    }
    const plan = placeTrainee(cohort.id, existing);
    try {
      if (plan.action === 'none') return { done: 'already', person, roleGranted };
      if (plan.action === 'create') {
        await service.collection('enrolments').create({ user: person.id, course: cohort.course, cohort: cohort.id, status: 'active' });
        return { done: 'enrolled', person, roleGranted };
      }
      await service.collection('enrolments').update(plan.enrolment, { cohort: cohort.id, status: 'active' });
      return { done: plan.moved ? 'moved' : 'enrolled', person, roleGranted };
    } catch (error) {
      throw fromPocketBase(error, 'enrolment');
    }
  }

  const list = STAFF_LIST[input.as];
  if (cohort[list].includes(person.id)) return { done: 'already', person, roleGranted };
  try {
    // `field+` appends on the server, so two administrators adding at once both count.
    await deps.pb.collection('cohorts').update(cohort.id, { [`${list}+`]: person.id });
  } catch (error) {
    throw fromPocketBase(error, 'group');
  }
  return { done: 'added', person, roleGranted };
}

/**
 * Removes someone from a cohort. A trainee is taken out of the cohort (their enrolment, progress
 * and evidence stay); staff come off the list. Their site roles are left as they are.
 *
 * @throws {DomainError} `invalid` when they are not on the cohort as that; `forbidden`, `unavailable`
 */
export async function removePerson(deps: CohortDeps, cohort: CohortRecord, input: RemovePersonInput): Promise<void> {
  if (input.as === 'trainee') {
    const service = await deps.service();
    try {
      const found = await service.collection('enrolments').getList(1, 1, {
        filter: service.filter('user = {:user} && course = {:course} && cohort = {:cohort}', { user: input.user, course: cohort.course, cohort: cohort.id }),
        skipTotal: true,
      });
      const enrolment = found.items[0];
      if (!enrolment) throw new DomainError('invalid', e.notOnCohort);
      await service.collection('enrolments').update(enrolment.id, { cohort: '' });
      return;
    } catch (error) {
      throw fromPocketBase(error, 'enrolment');
    }
  }
  const list = STAFF_LIST[input.as];
  if (!cohort[list].includes(input.user)) throw new DomainError('invalid', e.notOnCohort);
  try {
    await deps.pb.collection('cohorts').update(cohort.id, { [`${list}-`]: input.user });
  } catch (error) {
    throw fromPocketBase(error, 'group');
  }
}

/** Everyone on a cohort, for the administrators' people page. */
export interface CohortPeople {
  members: Member[];
  people: Map<string, Person>;
}

/**
 * The cohort's trainees and staff with their names and emails, in two requests. For
 * administrators only (the page checks).
 *
 * @throws {DomainError} `unavailable`
 */
export async function cohortPeople(service: TypedPocketBase, cohort: CohortRecord): Promise<CohortPeople> {
  const members = await cohortMembers(service, cohort);
  const ids = [...members.map((m) => m.user), ...STAFF_ROLES.flatMap((role) => cohort[STAFF_LIST[role]])];
  return { members, people: await peopleByIds(service, ids) };
}
