/**
 * Reflections in PocketBase, always read and written with the person's own client
 * (`locals.pb`), so PocketBase's rules decide what they may see: never the service client.
 * Every list is filtered to the person's own reflections as well, so a trainer's "my
 * reflections" never includes the reflections their trainees shared with them.
 *
 * Saving never loses a word: a save based on an old version (refused with 409 by
 * pb_hooks/reflections.pb.js) keeps the stored text and saves the incoming text as a
 * separate reflection for the same prompt, titled as a copy.
 */
import type { Course } from '../courses/course.ts';
import { DomainError, fromPocketBase } from '../errors.ts';
import { reflectionsText } from '../i18n/reflections.ts';
import type { TypedPocketBase } from '../pb.ts';
import { ofCourse, ownRecords } from '../trainee/own-records-store.ts';
import type { ReflectionRecord, ReflectionVersionRecord } from '../records.ts';
import {
  copyTitle,
  decideCreate,
  defaultFreeTitle,
  FREE_PROMPT,
  isBlank,
  resolveTarget,
} from './reflections.ts';
import type { SaveForm } from './schema.ts';
import { hasErrorCode } from '../hook-errors.ts';
import { machineLock } from '../server/peers.ts';

const text = reflectionsText('en-GB');
const WHAT = 'reflection';

export type SaveOutcome = 'saved' | 'unchanged' | 'empty' | 'kept-both';

export interface SaveResult {
  outcome: SaveOutcome;
  /**
   * The reflection that now holds the text: the copy when both were kept. Undefined only
   * for an empty save of a reflection that did not exist yet.
   */
  record: ReflectionRecord | undefined;
  /** When both were kept: the reflection that another tab or device saved first. */
  original?: ReflectionRecord;
}

/**
 * Saves for the same prompt run one after another in every web process of this machine
 * (src/lib/server/peers.ts), so a double submit cannot create two, whichever process each reached.
 */
function withLock<T>(key: string, run: () => Promise<T>): Promise<T> {
  return machineLock(`reflection:${key}`, run);
}

function isVersionConflict(error: unknown): boolean {
  return hasErrorCode(error, 'version_conflict', 'version');
}

/** Runs a PocketBase call, turning its errors into the plain DomainErrors pages show. */
export async function call<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw fromPocketBase(error, WHAT);
  }
}

/**
 * One of the person's own reflections.
 *
 * @throws {DomainError} `not-found` when it does not exist or is someone else's (even one
 *   shared with this person as a trainer: this is the author's view); `unavailable`
 */
export async function getMyReflection(pb: TypedPocketBase, user: string, id: string): Promise<ReflectionRecord> {
  const record = await call(() => pb.collection('reflections').getOne(id));
  if (record.user !== user) throw new DomainError('not-found', text.errors.notFound);
  return record;
}

/**
 * All the person's reflections, oldest first.
 *
 * @throws {DomainError} `unavailable` when PocketBase cannot be reached
 */
export async function listMyReflections(pb: TypedPocketBase, user: string): Promise<ReflectionRecord[]> {
  return call(() => pb.collection('reflections').getFullList({ filter: pb.filter('user = {:user}', { user }), sort: 'created,id' }));
}

/**
 * The person's reflections for one module (every prompt, copies included), oldest first.
 *
 * @throws {DomainError} `unavailable` when PocketBase cannot be reached
 */
export async function listModuleReflections(pb: TypedPocketBase, user: string, course: string, module: string): Promise<ReflectionRecord[]> {
  // The page's own-rows read says whether there are any: an empty filtered list is never sent.
  if (ofCourse((await call(() => ownRecords(pb, user))).reflections, course, module).length === 0) return [];
  return call(() =>
    pb.collection('reflections').getFullList({
      filter: pb.filter('user = {:user} && course = {:course} && module = {:module}', { user, course, module }),
      sort: 'created,id',
    }),
  );
}

async function listForPrompt(pb: TypedPocketBase, user: string, course: string, module: string, prompt: string): Promise<ReflectionRecord[]> {
  return call(() =>
    pb.collection('reflections').getFullList({
      filter: pb.filter('user = {:user} && course = {:course} && module = {:module} && prompt = {:prompt}', { user, course, module, prompt }),
      sort: 'created,id',
    }),
  );
}

/**
 * Saves what the person wrote. With `id` and `version`, updates that reflection unless it has
 * changed since (then keeps both texts); without, creates the prompt's reflection (or, if
 * the prompt already has one with other text, a copy beside it). An empty text changes
 * nothing: anything saved before stays.
 *
 * @param user the signed-in person's id, from the session (never from the form)
 * @param lookup finds a course in the catalogue, to check a new reflection's course, module and prompt
 * @throws {DomainError} `not-found` (unknown course, module or prompt; a reflection that is
 *   not theirs), `invalid` (PocketBase refused the values), `unauthenticated`, `unavailable`
 */
export async function saveReflection(
  pb: TypedPocketBase,
  user: string,
  input: SaveForm,
  lookup: (slug: string) => Course | undefined,
  now = new Date(),
): Promise<SaveResult> {
  if (isBlank(input.body)) {
    if (input.id) return { outcome: 'empty', record: await getMyReflection(pb, user, input.id) };
    resolveTarget(lookup(input.course), input.module, input.prompt);
    return { outcome: 'empty', record: undefined };
  }

  if (input.id) {
    const id = input.id;
    const changes: Record<string, unknown> = { body: input.body, version: input.version };
    if (input.title !== undefined && input.prompt === FREE_PROMPT) changes['title'] = input.title || defaultFreeTitle(now);
    try {
      const record = await pb.collection('reflections').update(id, changes);
      if (record.user !== user) throw new DomainError('not-found', text.errors.notFound);
      // The hook only counts a version up when the text changed: the same text sent again is a no-op.
      const same = record.version === input.version && changes['title'] === undefined;
      return { outcome: same ? 'unchanged' : 'saved', record };
    } catch (error) {
      if (!isVersionConflict(error)) throw fromPocketBase(error, WHAT);
    }
    // Another tab or device saved first: keep what it saved, and keep this text too.
    const stored = await getMyReflection(pb, user, id);
    return withLock(promptKey(user, stored), () => keepBoth(pb, user, stored, input, now));
  }

  const target = resolveTarget(lookup(input.course), input.module, input.prompt);
  const module = target.kind === 'module' ? target.module.id : '';
  const prompt = target.kind === 'module' ? target.prompt : FREE_PROMPT;
  const key = promptKey(user, { course: target.course.slug, module, prompt });
  return withLock(key, async () => {
    const existing = await listForPrompt(pb, user, target.course.slug, module, prompt);
    const decision = decideCreate(input.body, existing, target.kind === 'free');
    if (decision.action === 'already-saved') return { outcome: 'unchanged', record: decision.record };
    if (decision.action === 'keep-both') return keepBoth(pb, user, existing[0]!, input, now);
    const title = target.kind === 'free' ? input.title || defaultFreeTitle(now) : '';
    const record = await call(() =>
      pb.collection('reflections').create({ user, course: target.course.slug, module, prompt, title, body: input.body, shared: false }),
    );
    return { outcome: 'saved', record };
  });
}

function promptKey(user: string, r: Pick<ReflectionRecord, 'course' | 'module' | 'prompt'>): string {
  return [user, r.course, r.module, r.prompt].join('\u0000');
}

/** Saves `input.body` beside `stored` as a private copy, unless one of the prompt's reflections already holds that text. */
async function keepBoth(pb: TypedPocketBase, user: string, stored: ReflectionRecord, input: SaveForm, now: Date): Promise<SaveResult> {
  const siblings = await listForPrompt(pb, user, stored.course, stored.module, stored.prompt);
  const decision = decideCreate(input.body, siblings.length > 0 ? siblings : [stored], false);
  if (decision.action === 'already-saved') return { outcome: 'unchanged', record: decision.record };
  const base = stored.prompt === FREE_PROMPT ? { ...stored, title: input.title || stored.title } : stored;
  const copy = await call(() =>
    pb.collection('reflections').create({
      user,
      course: stored.course,
      module: stored.module,
      prompt: stored.prompt,
      title: copyTitle(base, now),
      body: input.body,
      shared: false,
    }),
  );
  return { outcome: 'kept-both', record: copy, original: stored };
}

/**
 * Shares one of the person's reflections with the trainers of their cohort, or stops. Changes
 * only `shared` and `shared_at`; doing it twice is harmless (the first "since" date stays).
 *
 * @throws {DomainError} `not-found` when it is not theirs; `unavailable`
 */
export async function setShared(pb: TypedPocketBase, user: string, id: string, shared: boolean, now = new Date()): Promise<ReflectionRecord> {
  const record = await getMyReflection(pb, user, id);
  if (record.shared === shared) return record;
  return call(() => pb.collection('reflections').update(id, { shared, shared_at: shared ? now.toISOString() : '' }));
}

export interface VersionView {
  version: number;
  body: string;
  /** When this text was saved; for an earlier version, when it was replaced is `replacedAt`. */
  current: boolean;
  /** When this version stopped being current (the history row's `created`); undefined for the current one. */
  replacedAt: string | undefined;
}

/**
 * The history of one of the person's own reflections, newest first, the current text first.
 *
 * @throws {DomainError} `not-found` when it is not theirs; `unavailable`
 */
export async function listVersions(pb: TypedPocketBase, user: string, id: string): Promise<{ record: ReflectionRecord; versions: VersionView[] }> {
  const record = await getMyReflection(pb, user, id);
  const rows: ReflectionVersionRecord[] = await call(() =>
    pb.collection('reflection_versions').getFullList({
      filter: pb.filter('reflection = {:id} && user = {:user}', { id, user }),
      sort: '-version',
    }),
  );
  return {
    record,
    versions: [
      { version: record.version || 1, body: record.body, current: true, replacedAt: undefined },
      ...rows.map((row) => ({ version: row.version, body: row.body, current: false, replacedAt: row.created })),
    ],
  };
}

/**
 * One version of one of the person's own reflections.
 *
 * @throws {DomainError} `not-found` when the reflection is not theirs or has no such version
 */
export async function getVersion(pb: TypedPocketBase, user: string, id: string, version: number): Promise<{ record: ReflectionRecord; version: VersionView }> {
  const { record, versions } = await listVersions(pb, user, id);
  const found = versions.find((v) => v.version === version);
  if (!found) throw new DomainError('not-found', text.errors.notFound);
  return { record, version: found };
}

/**
 * Whether the person is in a cohort (with trainers) for the course, so that sharing reaches someone.
 * Answers true when it cannot tell, so nobody is wrongly told their sharing reaches no one.
 */
export async function hasCohort(pb: TypedPocketBase, user: string, course: string): Promise<boolean> {
  try {
    return ofCourse((await ownRecords(pb, user)).enrolments, course).some((e) => e.cohort !== '');
  } catch {
    return true;
  }
}
