/**
 * Importing a course zip: as a new course, or replacing an existing course's working copy.
 * Everything is checked before anything is written; a replacement is built beside the old
 * folder and swapped in with renames, so readers of the folder never see half of it. Every
 * changed file gets an `import` revision, and the import an audit row.
 */
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { COURSE_SLUG } from '../courses/course.ts';
import { DomainError } from '../errors.ts';
import { authoringStoreEn } from '../i18n/authoring-store.ts';
import type { TypedPocketBase } from '../pb.ts';
import type { UserRecord } from '../records.ts';
import { syncFolder, writeFileAtomic } from './atomic-write.ts';
import { withLock } from './lock.ts';
import { courseRoot, RETIRED_DIR } from './paths.ts';
import { freezeBeforeFirstEdit } from './publish-store.ts';
import { recordDiskChange, recordRevision, writeAuthoringAudit } from './revisions-store.ts';
import { createCourseFolder, resolveDirs, type AuthoringDirs } from './save.ts';
import { contentHash, listWorkingFiles } from './workspace.ts';
import { checkZipContents } from './zip.ts';
import { readCourseZipOffThread } from './zip-thread.ts';

const t = authoringStoreEn.import;

export type ImportOutcome = { kind: 'problems'; problems: string[] } | { kind: 'created'; slug: string } | { kind: 'replaced'; changed: number };

/**
 * Creates a new course from a zip (unpublished; the actor becomes its author).
 *
 * @throws {DomainError} `unavailable` when PocketBase cannot be reached
 */
export async function importNewCourse(service: TypedPocketBase, input: { bytes: Uint8Array; slug: string | undefined; actor: UserRecord; dirs?: AuthoringDirs }): Promise<ImportOutcome> {
  const dirs = resolveDirs(input.dirs);
  // Read once, in a worker thread: real bytes counted, the main thread free meanwhile.
  const contents = await readCourseZipOffThread(input.bytes);
  if (contents.files.length === 0 && contents.problems.length > 0) return { kind: 'problems', problems: contents.problems };
  const slug = input.slug || contents.folder || '';
  if (!COURSE_SLUG.test(slug)) return { kind: 'problems', problems: [t.badSlug] };
  const checked = checkZipContents(contents, slug);
  const problems = [...checked.problems];
  if (existsSync(path.join(dirs.courses, slug))) problems.unshift(t.slugTaken(slug));
  if (problems.length > 0) return { kind: 'problems', problems };
  try {
    await createCourseFolder(service, { slug, files: checked.files, message: t.message, actor: input.actor, dirs: input.dirs ?? {}, kind: 'import' });
  } catch (error) {
    if (error instanceof DomainError && error.kind === 'conflict') return { kind: 'problems', problems: [t.slugTaken(slug)] };
    throw error;
  }
  return { kind: 'created', slug };
}

/**
 * Replaces a course's working copy with a zip's files; retired modules are kept. Readers keep
 * the published version until the next publish.
 *
 * @throws {DomainError} `invalid` for a bad slug; `unavailable` when PocketBase cannot be reached
 */
export async function replaceFromZip(service: TypedPocketBase, input: { slug: string; bytes: Uint8Array; actor: UserRecord; dirs?: AuthoringDirs }): Promise<ImportOutcome> {
  const dirs = resolveDirs(input.dirs);
  const root = courseRoot(dirs.courses, input.slug);
  const checked = checkZipContents(await readCourseZipOffThread(input.bytes), input.slug);
  if (checked.problems.length > 0) return { kind: 'problems', problems: checked.problems };

  return withLock(root, async () => {
    const before = listWorkingFiles(input.slug, dirs.courses);
    for (const f of before) await recordDiskChange(service, input.slug, f.path, f);
    if (dirs.published) await freezeBeforeFirstEdit(service, { slug: input.slug, actor: input.actor, coursesDir: dirs.courses, publishedDir: dirs.published });

    const tag = randomBytes(6).toString('hex');
    const fresh = path.join(dirs.courses, `.import-${input.slug}-${tag}`);
    const old = path.join(dirs.courses, `.old-${input.slug}-${tag}`);
    try {
      for (const f of checked.files) {
        const abs = path.join(fresh, ...f.path.split('/'));
        mkdirSync(path.dirname(abs), { recursive: true });
        writeFileAtomic(abs, f.content);
      }
      mkdirSync(fresh, { recursive: true });
      if (existsSync(path.join(root, RETIRED_DIR))) renameSync(path.join(root, RETIRED_DIR), path.join(fresh, RETIRED_DIR));
      renameSync(root, old);
      renameSync(fresh, root);
      syncFolder(dirs.courses);
    } catch (error) {
      // Put things back as they were.
      if (!existsSync(root) && existsSync(old)) renameSync(old, root);
      if (existsSync(path.join(fresh, RETIRED_DIR)) && !existsSync(path.join(root, RETIRED_DIR))) renameSync(path.join(fresh, RETIRED_DIR), path.join(root, RETIRED_DIR));
      rmSync(fresh, { recursive: true, force: true });
      throw error;
    }
    rmSync(old, { recursive: true, force: true });

    const oldHashes = new Map(before.map((f) => [f.path, f.hash]));
    let changed = 0;
    let first = '';
    for (const f of checked.files) {
      const hash = contentHash(f.content);
      if (oldHashes.get(f.path) === hash) continue;
      const revision = await recordRevision(service, { slug: input.slug, path: f.path, kind: 'import', message: t.message, actor: input.actor, content: f.content, hash, previousHash: oldHashes.get(f.path) ?? '' });
      first ||= revision.id;
      changed++;
    }
    const kept = new Set(checked.files.map((f) => f.path));
    for (const f of before) {
      if (kept.has(f.path)) continue;
      const revision = await recordRevision(service, { slug: input.slug, path: f.path, kind: 'import', message: `${t.message} (not in the zip, so removed)`, actor: input.actor, content: undefined, hash: '', previousHash: f.hash });
      first ||= revision.id;
      changed++;
    }
    await writeAuthoringAudit(service, { actor: input.actor, action: 'course.import', target_collection: 'course_revisions', target_id: first || '-', details: { course: input.slug, files: checked.files.length, changed, kind: 'import' } });
    return { kind: 'replaced', changed };
  });
}
