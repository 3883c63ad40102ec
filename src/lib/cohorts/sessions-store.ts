/**
 * Group sessions, registers and timetables in PocketBase (docs/DATA-MODEL.md
 * "cohort_sessions", "attendance").
 *
 * - Staff pages read and write with the person's own token: the rules let the group's staff
 *   read its sessions and registers, and only its trainers write them.
 * - Who is on a register (the group's active trainees) is read as the service account, like
 *   `cohortMembers`, only after `getCohort` succeeded with the person's own token.
 * - A person's own timetable (sessions of their groups and their own marks) is read as the
 *   service account with every filter fixed to the signed-in person's id: it takes a few
 *   filtered lists, and PocketBase slows down a non-superuser's filtered list that comes back
 *   empty (docs/ARCHITECTURE.md, "one request per page"). The calendar feed has no signed-in
 *   person at all: its secret names them (calendar-store.ts).
 */
import { DomainError, fromPocketBase } from '../errors.ts';
import { sessionsEn } from '../i18n/sessions.ts';
import type { TypedPocketBase } from '../pb.ts';
import type { AttendanceRecord, CohortRecord, CohortSessionRecord } from '../records.ts';
import { listByIds } from './batches.ts';
import { cohortMembers } from './cohorts-store.ts';
import { STAFF_LIST, STAFF_ROLES } from './cohorts.ts';
import { byStart, newSeriesId, planSeries, sessionMoments, summariseAttendance, type AttendanceSummary } from './sessions.ts';
import type { SessionCreateInput, SessionEditInput } from './sessions-schema.ts';
import { sendBatch } from '../pb-batch.ts';

const e = sessionsEn.errors;

function mapped(error: unknown): DomainError {
  const err = fromPocketBase(error, 'session');
  if (err.kind === 'not-found') return new DomainError('not-found', e.notFound);
  if (err.kind === 'forbidden' || err.kind === 'unauthenticated') return new DomainError('forbidden', e.forbidden);
  // A failed create rule is a 400 with no field errors.
  if (err.kind === 'invalid' && Object.keys(err.fields).length === 0) return new DomainError('forbidden', e.forbidden);
  // A batch names the failed request under `requests`: not a field the person can fix.
  if (err.kind === 'invalid') return new DomainError('invalid', e.saveFailed);
  return err;
}

/** A group's sessions in time order (cancelled ones too). */
export async function listSessions(pb: TypedPocketBase, cohort: string): Promise<CohortSessionRecord[]> {
  try {
    const rows = await pb.collection('cohort_sessions').getFullList<CohortSessionRecord>({ filter: pb.filter('cohort = {:cohort}', { cohort }), batch: 500 });
    return byStart(rows);
  } catch (error) {
    throw mapped(error);
  }
}

/** One session of this group. @throws {DomainError} `not-found` (also when it is another group's) */
export async function getSession(pb: TypedPocketBase, cohort: string, id: string): Promise<CohortSessionRecord> {
  try {
    const row = await pb.collection('cohort_sessions').getOne<CohortSessionRecord>(id);
    if (row.cohort !== cohort) throw new DomainError('not-found', e.notFound);
    return row;
  } catch (error) {
    if (error instanceof DomainError) throw error;
    throw mapped(error);
  }
}

function fieldsOf(input: SessionEditInput) {
  return {
    title: input.title,
    mode: input.mode,
    place: input.mode === 'in_person' ? input.place : '',
    link: input.mode === 'online' ? input.link : '',
    module: input.module,
  };
}

/** Adds one session, or one per week for `weeks` weeks, in one transaction. Returns how many. */
export async function createSessions(pb: TypedPocketBase, cohort: string, creator: string, input: SessionCreateInput, zone: string): Promise<number> {
  const series = input.weeks > 1 ? newSeriesId() : '';
  const times = planSeries({ day: input.day, start: input.start, end: input.end }, input.weeks, zone);
  try {
    const batch = pb.createBatch();
    for (const moments of times) {
      batch.collection('cohort_sessions').create({ cohort, ...fieldsOf(input), ...moments, time_zone: zone, series, status: 'scheduled', created_by: creator });
    }
    await sendBatch(batch);
    return times.length;
  } catch (error) {
    throw mapped(error);
  }
}

/** Changes one session (its own times only; the rest of a series stays as it is). */
export async function updateSession(pb: TypedPocketBase, session: CohortSessionRecord, input: SessionEditInput): Promise<void> {
  const zone = session.time_zone || 'Europe/London';
  try {
    await pb.collection('cohort_sessions').update(session.id, { ...fieldsOf(input), ...sessionMoments(input, zone) });
  } catch (error) {
    throw mapped(error);
  }
}

/** Cancels a session with an optional note; it stays listed. */
export async function cancelSession(pb: TypedPocketBase, session: CohortSessionRecord, note: string): Promise<void> {
  try {
    await pb.collection('cohort_sessions').update(session.id, { status: 'cancelled', cancel_note: note });
  } catch (error) {
    throw mapped(error);
  }
}

/** The marks of one session, by trainee. */
export async function sessionMarks(pb: TypedPocketBase, session: string): Promise<Map<string, AttendanceRecord>> {
  try {
    const rows = await pb.collection('attendance').getFullList<AttendanceRecord>({ filter: pb.filter('session = {:session}', { session }), batch: 1000 });
    return new Map(rows.map((r) => [r.user, r]));
  } catch (error) {
    throw mapped(error);
  }
}

/** Every mark of a group's sessions (for the register download). */
export async function groupMarks(pb: TypedPocketBase, sessions: readonly string[]): Promise<AttendanceRecord[]> {
  try {
    return await listByIds<AttendanceRecord>(pb, 'attendance', { field: 'session', ids: sessions });
  } catch (error) {
    throw mapped(error);
  }
}

/** The group's active trainees (ids), for its register. Call only after getCohort succeeded as the person. */
export async function registerPeople(service: TypedPocketBase, cohort: Pick<CohortRecord, 'id' | 'course'>): Promise<string[]> {
  return (await cohortMembers(service, cohort)).filter((m) => m.status === 'active').map((m) => m.user);
}

/** Saves a register: creates or changes each trainee's mark, in one transaction, as the trainer. */
export async function saveRegister(
  pb: TypedPocketBase,
  session: string,
  recorder: string,
  marks: readonly { user: string; status: AttendanceRecord['status']; note: string }[],
): Promise<void> {
  if (marks.length === 0) return;
  const existing = await sessionMarks(pb, session);
  try {
    const batch = pb.createBatch();
    for (const mark of marks) {
      const row = existing.get(mark.user);
      if (row && row.status === mark.status && row.note === mark.note) continue;
      if (row) batch.collection('attendance').update(row.id, { status: mark.status, note: mark.note, recorded_by: recorder });
      else batch.collection('attendance').create({ session, user: mark.user, status: mark.status, note: mark.note, recorded_by: recorder });
    }
    await sendBatch(batch);
  } catch (error) {
    throw mapped(error);
  }
}

export interface TimetableGroup {
  cohort: Pick<CohortRecord, 'id' | 'name' | 'course'>;
  /** True when the person is staff of the group (not a trainee on it). */
  staff: boolean;
  sessions: CohortSessionRecord[];
}

export interface Timetable {
  groups: TimetableGroup[];
  /** The person's own marks, by session id. */
  marks: Map<string, AttendanceRecord>;
}

/**
 * A person's timetable: the sessions of the groups they are an active trainee of or staff on,
 * and their own marks. Read as the service account with every filter fixed to `user` (see the
 * file comment); nothing of anyone else is read.
 *
 * @throws {DomainError} `unavailable`
 */
export async function loadTimetable(service: TypedPocketBase, user: string): Promise<Timetable> {
  try {
    const [enrolments, staffCohorts, marks] = await Promise.all([
      service.collection('enrolments').getFullList({ filter: service.filter('user = {:user} && status = "active" && cohort != ""', { user }), fields: 'cohort', batch: 500 }),
      service.collection('cohorts').getFullList<CohortRecord>({
        filter: service.filter(STAFF_ROLES.map((role) => `${STAFF_LIST[role]}:each ?= {:user}`).join(' || '), { user }),
        fields: 'id,name,course',
        batch: 500,
      }),
      service.collection('attendance').getFullList<AttendanceRecord>({ filter: service.filter('user = {:user}', { user }), fields: 'id,session,user,status,note,created,updated', batch: 1000 }),
    ]);
    const staffIds = new Set(staffCohorts.map((c) => c.id));
    const memberIds = [...new Set(enrolments.map((r) => r.cohort as string))].filter((id) => !staffIds.has(id));
    const memberCohorts = memberIds.length > 0 ? await listByIds<CohortRecord>(service, 'cohorts', { field: 'id', ids: memberIds, fields: 'id,name,course' }) : [];
    const cohorts = [...memberCohorts.map((c) => ({ cohort: c, staff: false })), ...staffCohorts.map((c) => ({ cohort: c, staff: true }))];
    const sessions = cohorts.length > 0 ? await listByIds<CohortSessionRecord>(service, 'cohort_sessions', { field: 'cohort', ids: cohorts.map((c) => c.cohort.id) }) : [];
    const groups = cohorts
      .map(({ cohort, staff }) => ({ cohort: { id: cohort.id, name: cohort.name, course: cohort.course }, staff, sessions: byStart(sessions.filter((s) => s.cohort === cohort.id)) }))
      .sort((a, b) => a.cohort.name.localeCompare(b.cohort.name));
    return { groups, marks: new Map(marks.map((m) => [m.session, m])) };
  } catch (error) {
    throw fromPocketBase(error, 'session');
  }
}

/**
 * A trainee's attendance in their group for one course (for a course's minimum attendance):
 * 'no-group' when they are not an active member of a group for it. `client` is the service
 * account or the trainee's own client (the rules let them read their enrolment, their group's
 * sessions and their own marks); every filter is fixed to `user`.
 *
 * @throws {DomainError} `unavailable`
 */
export async function attendanceFor(client: TypedPocketBase, user: string, course: string, now = new Date()): Promise<AttendanceSummary | 'no-group'> {
  try {
    const found = await client.collection('enrolments').getList(1, 1, {
      skipTotal: true,
      fields: 'cohort',
      filter: client.filter('user = {:user} && course = {:course} && status = "active" && cohort != ""', { user, course }),
    });
    const cohort = found.items[0]?.cohort as string | undefined;
    if (!cohort) return 'no-group';
    const [sessions, marks] = await Promise.all([
      client.collection('cohort_sessions').getFullList<CohortSessionRecord>({ filter: client.filter('cohort = {:cohort}', { cohort }), fields: 'id,starts_at,ends_at,status', batch: 500 }),
      client.collection('attendance').getFullList<AttendanceRecord>({ filter: client.filter('user = {:user} && session.cohort = {:cohort}', { user, cohort }), fields: 'session,status', batch: 500 }),
    ]);
    return summariseAttendance(sessions, marks, now);
  } catch (error) {
    throw fromPocketBase(error, 'session');
  }
}

/**
 * The dashboard's part of a timetable: only the groups the person is an active trainee of
 * (`cohorts`, from their own enrolments, already read for the page), in one round of three
 * parallel reads; none at all when they are in no group. Same service-account reading as
 * `loadTimetable`: every filter is fixed to these groups or to `user`.
 *
 * @throws {DomainError} `unavailable`
 */
export async function loadTraineeGroups(service: TypedPocketBase, user: string, cohorts: readonly string[]): Promise<Timetable> {
  const ids = [...new Set(cohorts.filter(Boolean))];
  if (ids.length === 0) return { groups: [], marks: new Map() };
  try {
    const [rows, sessions, marks] = await Promise.all([
      listByIds<CohortRecord>(service, 'cohorts', { field: 'id', ids, fields: 'id,name,course' }),
      listByIds<CohortSessionRecord>(service, 'cohort_sessions', { field: 'cohort', ids }),
      service.collection('attendance').getFullList<AttendanceRecord>({ filter: service.filter('user = {:user}', { user }), fields: 'id,session,user,status,note', batch: 1000 }),
    ]);
    const groups = rows
      .map((c) => ({ cohort: { id: c.id, name: c.name, course: c.course }, staff: false, sessions: byStart(sessions.filter((s) => s.cohort === c.id)) }))
      .sort((a, b) => a.cohort.name.localeCompare(b.cohort.name));
    return { groups, marks: new Map(marks.map((m) => [m.session, m])) };
  } catch (error) {
    throw fromPocketBase(error, 'session');
  }
}
