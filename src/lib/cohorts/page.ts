/**
 * What every staff page does first: who is asking (signed in, staff or administrator), and
 * which cohort and course it is about. Pages then make one lib call and pick a status.
 */
import type { APIContext, AstroGlobal } from 'astro';
import type { Course } from '../courses/course.ts';
import { DomainError, isUnavailable } from '../errors.ts';
import type { CohortRecord, CohortSessionRecord, UserRecord } from '../records.ts';
import { requireUser } from '../auth/guards.ts';
import { isAdmin, isStaff } from './cohorts.ts';
import { getCohort } from './cohorts-store.ts';
import { canRunSessions } from './sessions-forms.ts';
import { getSession } from './sessions-store.ts';
import { rewriteTo } from '../site/rewrite.ts';
import { RECORD_ID } from '../record-id.ts';

type Context = Pick<APIContext | AstroGlobal, 'locals' | 'url' | 'redirect' | 'rewrite' | 'request'>;

export type StaffAccess =
  | { user: UserRecord; response?: undefined; forbidden?: undefined }
  /** Signed out or PocketBase down: send this response. */
  | { user?: undefined; response: Response | Promise<Response>; forbidden?: undefined }
  /** Signed in but not staff (or not an administrator): show the 403 page. */
  | { user: UserRecord; response?: undefined; forbidden: 'staff' | 'admin' };

/**
 * The signed-in member of staff. `need: 'admin'` for administrators' pages.
 * A signed-out person is sent to sign in; when PocketBase is down, the 503 page.
 */
export function staffAccess(context: Context, need: 'staff' | 'admin' = 'staff'): StaffAccess {
  const guard = requireUser(context);
  if (guard.response) return { response: guard.response };
  if (need === 'admin' ? !isAdmin(guard.user) : !isStaff(guard.user)) return { user: guard.user, forbidden: need };
  return { user: guard.user };
}

export type OpenedCohort =
  | { kind: 'ok'; cohort: CohortRecord; course: Course | undefined }
  | { kind: 'not-found' };

/**
 * The cohort with this id, read with the person's own token (so only its staff and
 * administrators get it), and its course from the catalogue (undefined when the course is not
 * on the site now).
 *
 * @throws {DomainError} of kind `unavailable` when PocketBase is away (the middleware shows the 503 page)
 */
export async function openCohort(context: Pick<Context, 'locals'>, id: string | undefined, findCourse: (slug: string) => Course | undefined): Promise<OpenedCohort> {
  if (!id || !RECORD_ID.test(id)) return { kind: 'not-found' };
  try {
    const cohort = await getCohort(context.locals.pb, id);
    return { kind: 'ok', cohort, course: findCourse(cohort.course) };
  } catch (error) {
    if (isUnavailable(error)) throw error;
    if (error instanceof DomainError) return { kind: 'not-found' };
    throw error;
  }
}

/**
 * The start of a staff page about one group (`id` route parameter): a signed-out person or
 * PocketBase down gets `response` as from `staffAccess`; a group that does not exist or that
 * they cannot see, the 404 page, and with `needCourse` also a group whose course is not on the
 * site now. `opened` is missing for someone who is not staff (the page shows the 403 page).
 */
export async function staffCohortPage(
  context: Context & Pick<AstroGlobal, 'params'>,
  findCourse: (slug: string) => Course | undefined,
  options: { needCourse?: boolean } = {},
): Promise<
  | { response: Response | Promise<Response> }
  | { response?: undefined; access: Exclude<StaffAccess, { response: unknown }>; opened: Extract<OpenedCohort, { kind: 'ok' }> | undefined }
> {
  const access = staffAccess(context);
  if (access.response) return { response: access.response };
  const opened = access.forbidden ? undefined : await openCohort(context, context.params['id'], findCourse);
  if (opened?.kind === 'not-found' || (options.needCourse && opened && !opened.course)) return { response: rewriteTo(context, '/404') };
  return { access, opened };
}

/**
 * The group of a staff download (`/staff/cohorts/<id>….csv`), read as `openCohort` does: a
 * signed-out person or PocketBase down gets `response` as from `staffAccess`; someone who is
 * not staff a plain-text 403 with `forbiddenText`; an unknown group the 404 page.
 */
export async function cohortForDownload(
  context: Pick<APIContext, 'locals' | 'url' | 'redirect' | 'rewrite' | 'request' | 'params'>,
  options: { findCourse: (slug: string) => Course | undefined; forbiddenText: string },
): Promise<{ response: Response; user?: undefined } | { response?: undefined; user: UserRecord; cohort: CohortRecord; course: Course | undefined }> {
  const access = staffAccess(context);
  if (access.response) return { response: await access.response };
  if (access.forbidden) return { response: new Response(options.forbiddenText, { status: 403, headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' } }) };
  const opened = await openCohort(context, context.params['id'], options.findCourse);
  if (opened.kind === 'not-found') return { response: await context.rewrite('/404') };
  return { user: access.user, cohort: opened.cohort, course: opened.course };
}

export type OpenedSession =
  | { kind: 'ok'; cohort: CohortRecord; course: Course | undefined; session: CohortSessionRecord }
  | { kind: 'not-found' };

/**
 * One session of a cohort, for the staff session pages: the cohort as {@link openCohort} opens
 * it, then the session read with the person's own token. A session of another group, a
 * malformed id or one they cannot see is `not-found`.
 *
 * @throws {DomainError} of kind `unavailable` when PocketBase is away (the middleware shows the 503 page)
 */
export async function openCohortSession(
  context: Pick<Context, 'locals'>,
  ids: { cohort: string | undefined; session: string | undefined },
  findCourse: (slug: string) => Course | undefined,
): Promise<OpenedSession> {
  const opened = await openCohort(context, ids.cohort, findCourse);
  if (opened.kind !== 'ok') return opened;
  if (!ids.session || !RECORD_ID.test(ids.session)) return { kind: 'not-found' };
  try {
    return { ...opened, session: await getSession(context.locals.pb, opened.cohort.id, ids.session) };
  } catch (error) {
    if (isUnavailable(error)) throw error;
    if (error instanceof DomainError) return { kind: 'not-found' };
    throw error;
  }
}

/**
 * The start of the staff pages of one session (change or cancel it; its register): a
 * signed-out person or PocketBase down gets `response` as from `staffAccess`; a session of
 * another group, or one they cannot see, the 404 page. `opened` is missing for someone who is
 * not staff (the page shows the 403 page); `trainer` says whether they run the group's sessions.
 */
export async function staffSessionPage(
  context: Context & Pick<AstroGlobal, 'params'>,
  findCourse: (slug: string) => Course | undefined,
): Promise<
  | { response: Response | Promise<Response> }
  | { response?: undefined; viewer: UserRecord; opened: Extract<OpenedSession, { kind: 'ok' }> | undefined; trainer: boolean; back: string }
> {
  const access = staffAccess(context);
  if (access.response) return { response: access.response };
  const opened = access.forbidden ? undefined : await openCohortSession(context, { cohort: context.params['id'], session: context.params['session'] }, findCourse);
  if (opened?.kind === 'not-found') return { response: rewriteTo(context, '/404') };
  return {
    viewer: access.user,
    opened,
    trainer: !!opened && canRunSessions(opened.cohort, access.user),
    back: opened ? `/staff/cohorts/${opened.cohort.id}/sessions` : '',
  };
}
