/**
 * What each staff form about groups, roles and replies does when posted: parse the body, make
 * the store calls, and say how it went. Pages stay thin: they read the form, call one of these,
 * then redirect (303) with a status on success, or show the form again with the person's input,
 * `message` and `fields` on failure. Nothing here throws for something a person did.
 */
import type { Course } from '../courses/course.ts';
import { DomainError, isUnavailable, statusOf } from '../errors.ts';
import { staffEn } from '../i18n/staff.ts';
import type { TypedPocketBase } from '../pb.ts';
import type { CohortRecord, Role, UserRecord } from '../records.ts';
import { ROLES } from '../records.ts';
import { formToObject, parseForm } from '../auth/schema.ts';
import { isAdmin, planRoles, type RoleChange } from './cohorts.ts';
import { invitationsEn } from '../i18n/invitations.ts';
import { startGroup } from './invitations-store.ts';
import { addPerson, createCohort, removePerson, setArchived, setTakesSelfEnrolled, type CohortDeps } from './cohorts-store.ts';
import { peopleByIds, personByEmail, setNewAssessor, setRoles, type Person } from './people-store.ts';
import { addReply } from './replies-store.ts';
import { AddPersonInput, ArchiveInput, CohortCreateInput, FindPersonInput, NewAssessorInput, RemovePersonInput, ReplyInput, RolesInput, SelfEnrolledInput } from './schema.ts';

const e = staffEn.errors;

export interface StaffFailure {
  ok: false;
  /** HTTP status for the page shown again: 400, 403, 404, 409 or 503. */
  status: number;
  /** One sentence for the top of the form. */
  message: string;
  /** Field name → message, shown next to the field. */
  fields: Record<string, string>;
}

export type StaffOutcome<T> = { ok: true; value: T } | StaffFailure;

export function invalid(fields: Record<string, string>): StaffFailure {
  const list = Object.values(fields);
  return { ok: false, status: 400, message: list.length === 1 ? list[0]! : list.length > 1 ? staffEn.form.problemTitle : e.saveFailed, fields };
}

/** A DomainError (or PocketBase being down) as a form failure; anything else is a bug and is thrown. */
export function failed(error: unknown): StaffFailure {
  if (error instanceof DomainError) {
    const status = statusOf(error);
    if (status === 503) return { ok: false, status, message: e.unavailable, fields: {} };
    return { ok: false, status: status === 401 ? 403 : status, message: error.message, fields: error.fields };
  }
  if (isUnavailable(error)) return { ok: false, status: 503, message: e.unavailable, fields: {} };
  throw error;
}

/** The values to show again in a form after a problem. */
export const keptValues = (form: FormData) => formToObject(form);

/**
 * "Start a new group": administrators, with their own token; with `actor` and `service`, a
 * trainer too (see startGroup in invitations-store.ts: they become its only trainer).
 *
 * @param findCourse looks a slug up in the catalogue
 */
export async function createCohortForm(args: {
  pb: TypedPocketBase;
  form: FormData;
  findCourse: (slug: string) => Course | undefined;
  actor?: Pick<UserRecord, 'id' | 'role' | 'display_name' | 'email'>;
  service?: () => Promise<TypedPocketBase>;
}): Promise<StaffOutcome<CohortRecord>> {
  const parsed = parseForm(CohortCreateInput, args.form);
  if (!parsed.ok) return invalid(parsed.fields);
  if (!args.findCourse(parsed.data.course)) return invalid({ course: e.unknownCourse });
  try {
    if (args.actor && args.service) return { ok: true, value: await startGroup({ pb: args.pb, service: args.service, actor: args.actor }, parsed.data) };
    return { ok: true, value: await createCohort(args.pb, parsed.data) };
  } catch (error) {
    return failed(error);
  }
}

/** What a people-page action did, as a key of `staffEn.people.done`, and any role given on the way. */
export interface PeopleDone {
  done: 'added' | 'enrolled' | 'moved' | 'already' | 'removed' | 'archived' | 'unarchived' | 'flagged' | 'unflagged' | 'takesSelfEnrolled' | 'stopsSelfEnrolled';
  roleGranted?: string;
}

/**
 * The administrators' actions of the people page: `add`, `remove`, `archive`,
 * `self-enrolled`, `new-assessor`. Trainers reach the page too (to invite and add trainees,
 * see invitations-forms.ts), so anyone but an administrator is refused here.
 */
export async function peopleForm(args: { deps: CohortDeps; actor: Pick<UserRecord, 'role'>; cohort: CohortRecord; form: FormData }): Promise<StaffOutcome<PeopleDone>> {
  const { deps, cohort, form } = args;
  if (!isAdmin(args.actor)) return { ok: false, status: 403, message: invitationsEn.errors.adminOnly, fields: {} };
  try {
    switch (form.get('action')) {
      case 'add': {
        const parsed = parseForm(AddPersonInput, form);
        if (!parsed.ok) return invalid(parsed.fields);
        const outcome = await addPerson(deps, cohort, parsed.data);
        return { ok: true, value: { done: outcome.done, ...(outcome.roleGranted ? { roleGranted: outcome.roleGranted } : {}) } };
      }
      case 'remove': {
        const parsed = parseForm(RemovePersonInput, form);
        if (!parsed.ok) return invalid(parsed.fields);
        await removePerson(deps, cohort, parsed.data);
        return { ok: true, value: { done: 'removed' } };
      }
      case 'archive': {
        const parsed = parseForm(ArchiveInput, form);
        if (!parsed.ok) return invalid(parsed.fields);
        await setArchived(deps.pb, cohort.id, parsed.data.archived);
        return { ok: true, value: { done: parsed.data.archived ? 'archived' : 'unarchived' } };
      }
      case 'self-enrolled': {
        const parsed = parseForm(SelfEnrolledInput, form);
        if (!parsed.ok) return invalid(parsed.fields);
        await setTakesSelfEnrolled(deps.pb, cohort.id, parsed.data.takes_self_enrolled);
        return { ok: true, value: { done: parsed.data.takes_self_enrolled ? 'takesSelfEnrolled' : 'stopsSelfEnrolled' } };
      }
      case 'new-assessor': {
        const parsed = parseForm(NewAssessorInput, form);
        if (!parsed.ok) return invalid(parsed.fields);
        if (!cohort.assessors.includes(parsed.data.user)) return { ok: false, status: 400, message: e.notOnCohort, fields: {} };
        await setNewAssessor(await deps.service(), parsed.data.user, parsed.data.new_assessor);
        return { ok: true, value: { done: parsed.data.new_assessor ? 'flagged' : 'unflagged' } };
      }
      default:
        return { ok: false, status: 400, message: staffEn.validation.idMissing, fields: {} };
    }
  } catch (error) {
    return failed(error);
  }
}

/** The roles page's steps. */
export type RolesStep =
  /** `problem`: the roles ticked were refused (removing one's own administrator role); shown with the form. */
  | { step: 'found'; person: Person; problem?: string }
  | { step: 'review'; person: Person; change: RoleChange }
  | { step: 'saved'; person: Person };

/**
 * The roles page (administrators; the page checks): `find` someone by email, `review` the
 * roles ticked (a confirmation step), then `apply` them. An administrator cannot remove their
 * own administrator role.
 */
export async function rolesForm(args: { service: () => Promise<TypedPocketBase>; actor: UserRecord; form: FormData }): Promise<StaffOutcome<RolesStep>> {
  const { actor, form } = args;
  try {
    const action = form.get('action');
    if (action === 'find') {
      const parsed = parseForm(FindPersonInput, form);
      if (!parsed.ok) return invalid(parsed.fields);
      return { ok: true, value: { step: 'found', person: await personByEmail(await args.service(), parsed.data.email) } };
    }
    if (action !== 'review' && action !== 'apply') return { ok: false, status: 400, message: staffEn.validation.idMissing, fields: {} };
    const parsed = parseForm(RolesInput, { user: form.get('user') ?? undefined, roles: form.getAll('roles').filter((r) => typeof r === 'string') });
    if (!parsed.ok) return invalid(parsed.fields);
    const service = await args.service();
    const person = (await peopleByIds(service, [parsed.data.user])).get(parsed.data.user);
    if (!person) return { ok: false, status: 404, message: e.noSuchPerson, fields: {} };
    const decision = planRoles(person.role, parsed.data.roles as Role[], actor.id, person.id, ROLES);
    if (!decision.ok) return { ok: true, value: { step: 'found', person, problem: e.selfAdmin } };
    if (action === 'review') return { ok: true, value: { step: 'review', person, change: decision.change } };
    if (decision.change.grant.length === 0 && decision.change.remove.length === 0) return { ok: true, value: { step: 'saved', person } };
    return { ok: true, value: { step: 'saved', person: await setRoles(service, person.id, decision.change.roles) } };
  } catch (error) {
    return failed(error);
  }
}

/** A trainer's reply to a shared reflection of a trainee of the cohort. */
export async function replyForm(args: {
  pb: TypedPocketBase;
  cohort: CohortRecord;
  viewer: UserRecord;
  trainees: readonly string[];
  form: FormData;
}): Promise<StaffOutcome<{ reflection: string }>> {
  const parsed = parseForm(ReplyInput, args.form);
  if (!parsed.ok) return invalid(parsed.fields);
  try {
    await addReply(args.pb, args.cohort, args.viewer, args.trainees, parsed.data);
    return { ok: true, value: { reflection: parsed.data.reflection } };
  } catch (error) {
    return failed(error);
  }
}
