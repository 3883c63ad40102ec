/**
 * Progress in PocketBase, read and written as the person (their own token, so API rules
 * apply). Reads what progress.ts needs (progress rows, passed knowledge checks, non-empty
 * reflections), records "started" when an enrolled trainee opens a module, and "Mark as
 * done". The user id always comes from the session, never from a form.
 */
import type { Course } from '../courses/course.ts';
import { DomainError, fromPocketBase, isUnavailable } from '../errors.ts';
import { metByDecision } from '../assessment/status.ts';
import { verdictsForTrainee, type ServiceSource } from '../assessment/verdicts-store.ts';
import { findEnrolment } from '../enrolment/enrolment-store.ts';
import { progressEn } from '../i18n/progress.ts';
import type { TypedPocketBase } from '../pb.ts';
import { ofCourse, ownRecords, rememberProgressRow } from '../trainee/own-records-store.ts';
import type { EnrolmentRecord, ProgressRecord, UserRecord } from '../records.ts';
import { courseProgress, whyNotMarkable, type CourseProgress, type ProgressFacts, type ProgressRefusal, type ProgressRow } from './progress.ts';
import { pocketBaseTime } from '../dates.ts';


/** "Mark as done" was refused; `reason` picks the message. */
export class ProgressRefused extends DomainError {
  readonly reason: ProgressRefusal;

  constructor(reason: ProgressRefusal) {
    super(reason === 'not-enrolled' ? 'forbidden' : 'conflict', progressEn.problems[reason]);
    this.name = 'ProgressRefused';
    this.reason = reason;
  }
}

/** ProgressFacts for one course, as read from PocketBase. */
export interface StoredFacts extends ProgressFacts {
  rows: ProgressRow[];
  passedModules: string[];
  reflectionModules: string[];
}

/**
 * What the person has done, per course slug (only courses with something recorded appear).
 * Read from the person's own rows (one request per page, shared with the rest of the page).
 *
 * @param course limit to one course
 * @throws {DomainError} `unavailable` when PocketBase cannot be reached
 */
export async function loadFacts(pb: TypedPocketBase, user: string, course?: string, service?: ServiceSource): Promise<Map<string, StoredFacts>> {
  const own = await ownRecords(pb, user);
  const inScope = <T extends { course: string }>(rows: readonly T[]) => (course === undefined ? rows : rows.filter((r) => r.course === course));
  const facts = new Map<string, StoredFacts>();
  const of = (slug: string) => {
    let f = facts.get(slug);
    if (!f) facts.set(slug, (f = { rows: [], passedModules: [], reflectionModules: [] }));
    return f;
  };
  for (const r of inScope(own.progress)) of(r.course).rows.push(r);
  for (const a of inScope(own.attempts)) if (a.passed) of(a.course).passedModules.push(a.module);
  for (const r of inScope(own.reflections)) if (r.excerpt.trim() !== '') of(r.course).reflectionModules.push(r.module ?? '');
  // Assessors' decisions: a criterion whose current decision is "met" (and not sent back by an
  // IQA: the same rule as the evidence page, status.ts) is evidenced (assessment feature).
  const decisions = inScope(own.decisions);
  const samples = decisions.length > 0 ? await verdictsForTrainee(user, course, service) : [];
  for (const slug of new Set(decisions.map((d) => d.course))) of(slug).evidencedCriteria = metByDecision(decisions.filter((d) => d.course === slug), samples);
  return facts;
}

/** How fresh a visit record may be before opening the module again updates it. */
const VISIT_RESOLUTION_MS = 60_000;

const EMPTY_FACTS: ProgressFacts = { rows: [], passedModules: [], reflectionModules: [] };

/**
 * Records that the person opened a module: creates the row as `started`, or touches the
 * existing one (keeping its status) so `updated` says when they were last there.
 *
 * @returns the row as saved
 * @throws {DomainError} `unavailable` when PocketBase cannot be reached; `forbidden` if the rules refuse
 */
export async function recordVisit(pb: TypedPocketBase, user: string, course: string, module: string, now = Date.now()): Promise<ProgressRecord> {
  try {
    const own = await ownRecords(pb, user);
    const existing = ofCourse(own.progress, course, module)[0];
    // A reload or a quick look back needs no write: "when last there" is kept to the minute.
    if (existing && now - pocketBaseTime(existing.updated) < VISIT_RESOLUTION_MS) return existing;
    const saved = await writeVisit(pb, user, course, module, existing);
    rememberProgressRow(pb, own, saved);
    return saved;
  } catch (error) {
    throw fromPocketBase(error, 'progress');
  }
}

/**
 * "Mark as done" for a module without a knowledge check, in a course the person is enrolled
 * in. Doing it twice is harmless.
 *
 * @returns `done`, or `already-done`
 * @throws {ProgressRefused} `not-enrolled`; `knowledge-check` (done by passing it); `locked` (ordered course, the module before is not done)
 * @throws {DomainError} `not-found` for a module not in the course; `unavailable` when PocketBase cannot be reached
 */
export async function markDone(pb: TypedPocketBase, user: string, course: Course, moduleId: string): Promise<'done' | 'already-done'> {
  const enrolment = await findEnrolment(pb, user, course.slug);
  if (enrolment?.status !== 'active') throw new ProgressRefused('not-enrolled');
  const progress = courseProgress(course, (await loadFacts(pb, user, course.slug)).get(course.slug) ?? EMPTY_FACTS);
  const entry = progress.byId.get(moduleId);
  if (!entry) throw new DomainError('not-found', 'We could not find that module.');
  const why = whyNotMarkable(entry);
  if (why === 'already-done') return 'already-done';
  if (why) throw new ProgressRefused(why);
  const completed = { status: 'completed' as const, completed_at: new Date().toISOString() };
  try {
    const existing = await findRow(pb, user, course.slug, moduleId);
    if (existing) await pb.collection('progress').update(existing.id, completed);
    else await pb.collection('progress').create({ user, course: course.slug, module: moduleId, ...completed });
  } catch (error) {
    throw fromPocketBase(error, 'progress');
  }
  return 'done';
}

async function writeVisit(pb: TypedPocketBase, user: string, course: string, module: string, existing: ProgressRecord | undefined): Promise<ProgressRecord> {
  if (existing) return pb.collection('progress').update(existing.id, { status: existing.status });
  try {
    return await pb.collection('progress').create({ user, course, module, status: 'started' });
  } catch (error) {
    // Opened twice at the same moment: the other request created the row first.
    const raced = await findRow(pb, user, course, module);
    if (raced) return pb.collection('progress').update(raced.id, { status: raced.status });
    throw error;
  }
}

async function findRow(pb: TypedPocketBase, user: string, course: string, module: string): Promise<ProgressRecord | undefined> {
  const rows = await pb.collection('progress').getList(1, 1, {
      skipTotal: true,
    filter: pb.filter('user = {:user} && course = {:course} && module = {:module}', { user, course, module }),
  });
  return rows.items[0];
}

/** The signed-in person's relation to one course, for the course and module pages. */
export type Journey =
  | { kind: 'signed-out' }
  /** PocketBase cannot be reached: reading still works, progress cannot be shown. */
  | { kind: 'unavailable' }
  | { kind: 'not-enrolled'; user: UserRecord }
  | { kind: 'enrolled' | 'left'; user: UserRecord; enrolment: EnrolmentRecord; progress: CourseProgress };

/** What a page knows about the request (Astro.locals). */
export interface RequestState {
  pb: TypedPocketBase;
  user: UserRecord | null;
  serviceUnavailable: boolean;
}

const journeys = new WeakMap<object, Map<string, Promise<Journey>>>();

/**
 * The person's journey through a course, loaded once per request (the course page asks for
 * it from several components). Never throws for PocketBase being down: that is `unavailable`.
 *
 * @param request the per-request state to cache on (Astro.locals)
 */
export function courseJourney(request: RequestState, course: Course): Promise<Journey> {
  const cache = cacheOf(request);
  let journey = cache.get(course.slug);
  if (!journey) cache.set(course.slug, (journey = loadJourney(request, course)));
  return journey;
}

/**
 * Opening a module page: for an enrolled trainee, records the visit ("started", or when they
 * were last there) and returns the journey including it; for anyone else, the journey as it is.
 * Not being able to record the visit never stops anyone reading.
 */
export function visitModule(request: RequestState, course: Course, moduleId: string): Promise<Journey> {
  const cache = cacheOf(request);
  const key = `${course.slug}\u0000visit\u0000${moduleId}`;
  let journey = cache.get(key);
  if (!journey) {
    journey = loadJourney(request, course, moduleId);
    cache.set(key, journey);
    cache.set(course.slug, journey);
  }
  return journey;
}

function cacheOf(request: object): Map<string, Promise<Journey>> {
  let cache = journeys.get(request);
  if (!cache) journeys.set(request, (cache = new Map()));
  return cache;
}

async function loadJourney(request: RequestState, course: Course, visiting?: string): Promise<Journey> {
  const { pb, user } = request;
  if (request.serviceUnavailable) return { kind: 'unavailable' };
  if (!user) return { kind: 'signed-out' };
  try {
    const enrolment = ofCourse((await ownRecords(pb, user.id)).enrolments, course.slug)[0];
    if (!enrolment) return { kind: 'not-enrolled', user };
    if (visiting && enrolment.status === 'active') {
      try {
        await recordVisit(pb, user.id, course.slug, visiting);
      } catch (error) {
        if (isUnavailable(error)) throw error;
        console.warn(`[progress] could not record a visit to ${course.slug}/${visiting}: ${(error as Error).message}`);
      }
    }
    const facts = (await loadFacts(pb, user.id, course.slug)).get(course.slug) ?? EMPTY_FACTS;
    return { kind: enrolment.status === 'active' ? 'enrolled' : 'left', user, enrolment, progress: courseProgress(course, facts) };
  } catch (error) {
    if (isUnavailable(error)) return { kind: 'unavailable' };
    throw error;
  }
}

/** One course on the dashboard. `course` is undefined when the course is not on the site now. */
export interface DashboardEntry {
  enrolment: EnrolmentRecord;
  course: Course | undefined;
  progress: CourseProgress | undefined;
}

/**
 * Everything the dashboard shows: each enrolment with its course and progress, active ones
 * first (most recently changed first), then the ones the person left.
 *
 * @param courseOf looks a slug up in the catalogue
 * @throws {DomainError} `unavailable` when PocketBase cannot be reached
 */
export async function loadDashboard(pb: TypedPocketBase, user: string, courseOf: (slug: string) => Course | undefined): Promise<DashboardEntry[]> {
  const [own, facts] = await Promise.all([ownRecords(pb, user), loadFacts(pb, user)]);
  const enrolments = [...own.enrolments].sort((a, b) => (a.updated < b.updated ? 1 : a.updated > b.updated ? -1 : 0));
  const entries = enrolments.map((enrolment) => {
    const course = courseOf(enrolment.course);
    return { enrolment, course, progress: course ? courseProgress(course, facts.get(course.slug) ?? EMPTY_FACTS) : undefined };
  });
  return [...entries.filter((e) => e.enrolment.status === 'active'), ...entries.filter((e) => e.enrolment.status !== 'active')];
}
