/**
 * Saving course files from the browser: atomic writes, conflict detection by content hash,
 * a revision and an audit row for every change. Nothing is ever overwritten silently: a save
 * that did not start from the file's current bytes gets `conflict` with the current text.
 */
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { COURSE_SLUG } from '../courses/course.ts';
import { DomainError } from '../errors.ts';
import type { TypedPocketBase } from '../pb.ts';
import type { CourseRevisionKind, UserRecord } from '../records.ts';
import { addCourseAuthor } from './access.ts';
import { syncFolder, writeFileAtomic, type AtomicFs, realFs } from './atomic-write.ts';
import { assertFileAllowed } from './limits.ts';
import { withLock } from './lock.ts';
import { courseRoot, resolveInCourse, safeCoursePath } from './paths.ts';
import { markUnpublished, publishedCoursesDir } from './publish.ts';
import { freezeBeforeFirstEdit } from './publish-store.ts';
import { latestRevision, recordDiskChange, recordRevision, writeAuthoringAudit } from './revisions-store.ts';
import { contentHash, isTextPath, readWorkingFile, workingCoursesDir } from './workspace.ts';

export type SaveOutcome =
  | { kind: 'saved'; hash: string; revision: string }
  | { kind: 'unchanged'; hash: string }
  | { kind: 'conflict'; current: { content: string; hash: string; by?: string; at?: string } };

/** Where the working copy and the snapshots live; defaults to the site's own folders. */
export interface AuthoringDirs {
  courses?: string;
  /** `null`: no snapshots (as when neither PUBLISHED_DIR nor PB_DATA_DIR is set). */
  published?: string | null;
}

export function resolveDirs(dirs: AuthoringDirs = {}): { courses: string; published: string | undefined } {
  return {
    courses: dirs.courses ?? workingCoursesDir(),
    published: dirs.published === null ? undefined : (dirs.published ?? publishedCoursesDir()),
  };
}

const ACTIONS: Record<CourseRevisionKind, string> = {
  create: 'course.file_create',
  save: 'course.save',
  restore: 'course.restore',
  upload: 'course.upload',
  disk: 'course.disk_change',
  import: 'course.import',
  move: 'course.move',
  retire: 'course.retire',
  delete: 'course.file_delete',
};

export function auditActionFor(kind: CourseRevisionKind): string {
  return ACTIONS[kind];
}

/**
 * Saves one file of a course's working copy.
 *
 * @throws {DomainError} `invalid` for an unsafe path, a file type or size not allowed, or a
 *   missing course folder; `unavailable` when PocketBase cannot be reached (the file is then
 *   left as it was unless the write already happened, in which case the next look at its
 *   history records it as changed on disk)
 */
export async function saveCourseFile(
  service: TypedPocketBase,
  input: {
    slug: string;
    path: string;
    content: string | Uint8Array;
    baseHash: string | null;
    message: string;
    actor: UserRecord;
    kind?: 'create' | 'save' | 'restore' | 'upload';
    dirs?: AuthoringDirs;
    /** Tests inject a failing file system here. */
    fs?: AtomicFs;
  },
): Promise<SaveOutcome> {
  const dirs = resolveDirs(input.dirs);
  const relative = safeCoursePath(input.path);
  const abs = resolveInCourse(dirs.courses, input.slug, relative);
  const root = courseRoot(dirs.courses, input.slug);
  if (!existsSync(root)) throw new DomainError('not-found', `There is no course called “${input.slug}”.`);
  const bytes = typeof input.content === 'string' ? Buffer.from(input.content, 'utf8') : input.content;
  assertFileAllowed(relative, bytes.byteLength);
  const hash = contentHash(bytes);

  return withLock(abs, async () => {
    const before = readWorkingFile(input.slug, relative, dirs.courses);
    // An edit made with Git or a text editor is recorded first, so history shows it.
    await recordDiskChange(service, input.slug, relative, before);
    if (dirs.published) await freezeBeforeFirstEdit(service, { slug: input.slug, actor: input.actor, coursesDir: dirs.courses, publishedDir: dirs.published });

    const current = readWorkingFile(input.slug, relative, dirs.courses);
    const currentHash = current?.hash ?? null;
    if (currentHash !== input.baseHash) {
      if (current && current.hash === hash) return { kind: 'unchanged', hash };
      const latest = await latestRevision(service, input.slug, relative);
      return {
        kind: 'conflict',
        current: {
          content: current && isTextPath(relative) ? Buffer.from(current.content).toString('utf8') : '',
          hash: current?.hash ?? '',
          ...(latest ? { by: latest.actor_name, at: latest.created } : {}),
        },
      };
    }
    if (current && current.hash === hash) return { kind: 'unchanged', hash };

    mkdirSync(path.dirname(abs), { recursive: true });
    writeFileAtomic(abs, bytes, input.fs ?? realFs);
    const kind = input.kind ?? (current ? 'save' : 'create');
    const revision = await recordRevision(service, {
      slug: input.slug,
      path: relative,
      kind,
      message: input.message,
      actor: input.actor,
      content: bytes,
      hash,
      previousHash: current?.hash ?? '',
    });
    await writeAuthoringAudit(service, {
      actor: input.actor,
      action: auditActionFor(kind),
      target_collection: 'course_revisions',
      target_id: revision.id,
      details: { course: input.slug, path: relative, kind },
    });
    return { kind: 'saved', hash, revision: revision.id };
  });
}

/**
 * Moves (renumbers) or retires files inside one course. Checks every source and target first,
 * then moves through temporary names so swaps (01↔02) work, and records a revision per file.
 *
 * @throws {DomainError} `invalid` naming every problem (missing source, taken target, unsafe path)
 */
export async function moveCourseFiles(
  service: TypedPocketBase,
  input: { slug: string; moves: { from: string; to: string }[]; message: string; actor: UserRecord; kind: 'move' | 'retire'; dirs?: AuthoringDirs },
): Promise<void> {
  const dirs = resolveDirs(input.dirs);
  const root = courseRoot(dirs.courses, input.slug);
  const moves = input.moves
    .map((m) => ({ from: safeCoursePath(m.from), to: safeCoursePath(m.to) }))
    .filter((m) => m.from !== m.to)
    .map((m) => ({ ...m, fromAbs: resolveInCourse(dirs.courses, input.slug, m.from), toAbs: resolveInCourse(dirs.courses, input.slug, m.to) }));
  if (moves.length === 0) return;

  await withLock(root, async () => {
    const problems: string[] = [];
    const sources = new Set(moves.map((m) => m.from));
    const targets = new Set<string>();
    for (const m of moves) {
      if (!existsSync(m.fromAbs)) problems.push(`${m.from} does not exist (it may have been moved already — reload the page)`);
      if (targets.has(m.to)) problems.push(`two files would both become ${m.to}`);
      targets.add(m.to);
      if (existsSync(m.toAbs) && !sources.has(m.to)) problems.push(`${m.to} already exists — choose another name or number`);
    }
    if (problems.length > 0) throw new DomainError('invalid', `Nothing was moved: ${problems.join('; ')}.`, { moves: problems.join('\n') });

    const files = moves.map((m) => ({ ...m, file: readWorkingFile(input.slug, m.from, dirs.courses)! }));
    for (const f of files) await recordDiskChange(service, input.slug, f.from, f.file);
    if (dirs.published) await freezeBeforeFirstEdit(service, { slug: input.slug, actor: input.actor, coursesDir: dirs.courses, publishedDir: dirs.published });

    const tag = randomBytes(6).toString('hex');
    const staged = files.map((f, i) => ({ ...f, temp: path.join(root, `.move-${tag}-${i}`) }));
    for (const s of staged) renameSync(s.fromAbs, s.temp);
    for (const s of staged) {
      mkdirSync(path.dirname(s.toAbs), { recursive: true });
      renameSync(s.temp, s.toAbs);
    }
    syncFolder(root);
    for (const s of staged) {
      const from = await recordRevision(service, { slug: input.slug, path: s.from, kind: input.kind, message: `${input.message} (moved to ${s.to})`, actor: input.actor, content: undefined, hash: '', previousHash: s.file.hash });
      const to = await recordRevision(service, { slug: input.slug, path: s.to, kind: input.kind, message: `${input.message} (moved from ${s.from})`, actor: input.actor, content: s.file.content, hash: s.file.hash, previousHash: '' });
      await writeAuthoringAudit(service, { actor: input.actor, action: auditActionFor(input.kind), target_collection: 'course_revisions', target_id: to.id, details: { course: input.slug, path: s.to, from: s.from, kind: input.kind, previous_revision: from.id } });
    }
  });
}

/**
 * Creates a new course folder with its first files, marks it unpublished (readers do not see
 * it yet) and lists the creator as its author.
 *
 * @throws {DomainError} `conflict` when the slug is taken; `invalid` for a bad slug or path
 */
export async function createCourseFolder(
  service: TypedPocketBase,
  input: { slug: string; files: { path: string; content: string | Uint8Array }[]; message: string; actor: UserRecord; dirs?: AuthoringDirs; kind?: 'create' | 'import' },
): Promise<void> {
  const dirs = resolveDirs(input.dirs);
  if (!COURSE_SLUG.test(input.slug)) throw new DomainError('invalid', `“${input.slug}” cannot be a course address: use lower-case letters, numbers and single dashes.`, { slug: 'bad' });
  const root = courseRoot(dirs.courses, input.slug);
  const files = input.files.map((f) => ({ path: safeCoursePath(f.path), content: typeof f.content === 'string' ? Buffer.from(f.content, 'utf8') : f.content }));
  for (const f of files) assertFileAllowed(f.path, f.content.byteLength);

  await withLock(root, async () => {
    if (existsSync(root)) throw new DomainError('conflict', `There is already a course called “${input.slug}”. Choose another title or address.`, { slug: 'taken' });
    mkdirSync(dirs.courses, { recursive: true });
    const temp = path.join(dirs.courses, `.new-${input.slug}-${randomBytes(6).toString('hex')}`);
    try {
      for (const f of files) {
        const abs = path.join(temp, ...f.path.split('/'));
        mkdirSync(path.dirname(abs), { recursive: true });
        writeFileAtomic(abs, f.content);
      }
      mkdirSync(temp, { recursive: true });
      if (dirs.published) markUnpublished(dirs.published, input.slug);
      renameSync(temp, root);
      syncFolder(dirs.courses);
    } catch (error) {
      rmSync(temp, { recursive: true, force: true });
      throw error;
    }
    await addCourseAuthor(service, input.slug, input.actor.id);
    const kind = input.kind ?? 'create';
    let first = '';
    for (const f of files) {
      const revision = await recordRevision(service, { slug: input.slug, path: f.path, kind, message: input.message, actor: input.actor, content: f.content, hash: contentHash(f.content), previousHash: '' });
      first ||= revision.id;
    }
    await writeAuthoringAudit(service, { actor: input.actor, action: kind === 'import' ? 'course.import' : 'course.create', target_collection: 'course_revisions', target_id: first, details: { course: input.slug, files: files.length, kind } });
  });
}

/** Stale folders left by an interrupted create or import (for tests and tidying). */
export function leftoverTempFolders(coursesDir: string): string[] {
  try {
    return readdirSync(coursesDir).filter((n) => n.startsWith('.new-') || n.startsWith('.old-') || n.startsWith('.import-'));
  } catch {
    return [];
  }
}
