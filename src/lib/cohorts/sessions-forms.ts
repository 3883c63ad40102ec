/**
 * What each session form does when posted: parse, call the store, say how it went. Pages stay
 * thin: on success they redirect (303) with a status; on failure they show the form again
 * with what was typed, the message and the fields. Nothing here throws for something a person did.
 */
import type { Course } from '../courses/course.ts';
import { parseForm } from '../auth/schema.ts';
import { sessionsEn } from '../i18n/sessions.ts';
import type { TypedPocketBase } from '../pb.ts';
import type { CohortRecord, CohortSessionRecord, UserRecord } from '../records.ts';
import { failed, invalid, type StaffOutcome } from './forms.ts';
import { SessionCancelInput, SessionCreateInput, SessionEditInput, parseRegister } from './sessions-schema.ts';
import { ATTENDANCE_STATUSES } from './sessions.ts';
import { cancelSession, createSessions, registerPeople, saveRegister, updateSession } from './sessions-store.ts';
import { writeAudit, type AuditRow } from '../audit-log.ts';
import { DomainError } from '../errors.ts';

const v = sessionsEn.validation;

/** May change the group's sessions and take its registers: its trainers. */
export const canRunSessions = (cohort: Pick<CohortRecord, 'trainers'>, user: Pick<UserRecord, 'id'>) => (cohort.trainers ?? []).includes(user.id);

function moduleProblem(course: Course | undefined, module: string): Record<string, string> {
  if (module === '') return {};
  return course?.modules.some((m) => m.id === module) ? {} : { module: v.moduleUnknown };
}

/**
 * Timetable and register changes go in the audit log (docs/SESSIONS.md): who, which session,
 * and counts, never names, notes or places. Written after the change has been saved; if it
 * cannot be written the change stands and the operator is told in the log.
 */
async function auditSessions(service: () => Promise<TypedPocketBase>, row: Omit<AuditRow, 'target_collection'>): Promise<void> {
  try {
    await writeAudit(await service(), { ...row, target_collection: 'cohort_sessions' });
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    console.warn(`[sessions] audit row ${row.action} for ${row.target_id} not written: ${error.message}`);
  }
}

function forbidden(): StaffOutcome<never> {
  return { ok: false, status: 403, message: sessionsEn.errors.forbidden, fields: {} };
}

/** "Add a session": returns how many were added. */
export async function addSessionsForm(args: { pb: TypedPocketBase; service: () => Promise<TypedPocketBase>; cohort: CohortRecord; course: Course | undefined; actor: UserRecord; form: FormData; zone: string }): Promise<StaffOutcome<number>> {
  if (!canRunSessions(args.cohort, args.actor)) return forbidden();
  const parsed = parseForm(SessionCreateInput, args.form);
  if (!parsed.ok) return invalid(parsed.fields);
  const problem = moduleProblem(args.course, parsed.data.module);
  if (Object.keys(problem).length > 0) return invalid(problem);
  try {
    const added = await createSessions(args.pb, args.cohort.id, args.actor.id, parsed.data, args.zone);
    await auditSessions(args.service, { actor: args.actor, action: 'session.add', target_id: '-', cohort: args.cohort.id, details: { sessions: added, mode: parsed.data.mode } });
    return { ok: true, value: added };
  } catch (error) {
    return failed(error);
  }
}

/** "Change" or "Cancel" one session (`action` = edit | cancel). */
export async function changeSessionForm(args: { pb: TypedPocketBase; service: () => Promise<TypedPocketBase>; cohort: CohortRecord; course: Course | undefined; actor: UserRecord; session: CohortSessionRecord; form: FormData }): Promise<StaffOutcome<'saved' | 'cancelled'>> {
  if (!canRunSessions(args.cohort, args.actor)) return forbidden();
  try {
    if (args.form.get('action') === 'cancel') {
      const parsed = parseForm(SessionCancelInput, args.form);
      if (!parsed.ok) return invalid(parsed.fields);
      await cancelSession(args.pb, args.session, parsed.data.note);
      await auditSessions(args.service, { actor: args.actor, action: 'session.cancel', target_id: args.session.id, cohort: args.cohort.id, details: { with_note: parsed.data.note !== '' } });
      return { ok: true, value: 'cancelled' };
    }
    const parsed = parseForm(SessionEditInput, args.form);
    if (!parsed.ok) return invalid(parsed.fields);
    const problem = moduleProblem(args.course, parsed.data.module);
    if (Object.keys(problem).length > 0) return invalid(problem);
    await updateSession(args.pb, args.session, parsed.data);
    await auditSessions(args.service, { actor: args.actor, action: 'session.change', target_id: args.session.id, cohort: args.cohort.id, details: { mode: parsed.data.mode } });
    return { ok: true, value: 'saved' };
  } catch (error) {
    return failed(error);
  }
}

/** "Save the register". */
export async function registerForm(args: { pb: TypedPocketBase; service: () => Promise<TypedPocketBase>; cohort: CohortRecord; actor: UserRecord; session: CohortSessionRecord; form: FormData }): Promise<StaffOutcome<'saved'>> {
  if (!canRunSessions(args.cohort, args.actor)) return forbidden();
  try {
    const people = await registerPeople(await args.service(), args.cohort);
    const values: Record<string, string> = {};
    for (const [key, value] of args.form.entries()) if (typeof value === 'string') values[key] = value;
    const parsed = parseRegister(values, people.filter((p) => p !== args.actor.id));
    if (!parsed.ok) return invalid(parsed.fields);
    await saveRegister(args.pb, args.session.id, args.actor.id, parsed.marks);
    const counts = Object.fromEntries(ATTENDANCE_STATUSES.map((status) => [status, parsed.marks.filter((m) => m.status === status).length]));
    await auditSessions(args.service, { actor: args.actor, action: 'attendance.record', target_id: args.session.id, cohort: args.cohort.id, details: counts });
    return { ok: true, value: 'saved' };
  } catch (error) {
    return failed(error);
  }
}
