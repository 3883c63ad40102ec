/**
 * Reading the publish pointer (read-only; writing snapshots is the editor's job, in
 * src/lib/authoring/publish.ts). Published snapshots live at `<PUBLISHED_DIR>/<slug>/<version>/…`
 * and `<PUBLISHED_DIR>/<slug>/CURRENT` names the version trainees read, or `unpublished` for a
 * course made in the browser and never published. No pointer: readers get the working copy.
 *
 * This lives with the course loader so the loader never depends on the editor.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { COURSE_SLUG } from './course.ts';

export const CURRENT_FILE = 'CURRENT';
export const UNPUBLISHED = 'unpublished';
export const PUBLISHED_VERSION = /^[a-f0-9]{12}$/;

/** PUBLISHED_DIR, else `<PB_DATA_DIR>/published`, else undefined (no snapshots). */
export function publishedCoursesDir(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.PUBLISHED_DIR) return path.resolve(process.cwd(), env.PUBLISHED_DIR);
  if (env.PB_DATA_DIR) return path.resolve(process.cwd(), env.PB_DATA_DIR, 'published');
  return undefined;
}

/** The folder the site reads courses from: COURSES_DIR, default `courses`, from the server's folder. */
export function workingCoursesDir(): string {
  return path.resolve(process.cwd(), process.env.COURSES_DIR ?? 'courses');
}

export type PublishedState = { kind: 'working' } | { kind: 'unpublished' } | { kind: 'published'; version: string };

/** What the pointer file says (a malformed pointer counts as none). */
export function readPublishedState(publishedDir: string | undefined, slug: string): PublishedState {
  if (!publishedDir || !COURSE_SLUG.test(slug)) return { kind: 'working' };
  let text: string;
  try {
    text = readFileSync(path.join(publishedDir, slug, CURRENT_FILE), 'utf8').trim();
  } catch {
    return { kind: 'working' };
  }
  if (text === UNPUBLISHED) return { kind: 'unpublished' };
  if (PUBLISHED_VERSION.test(text) && existsSync(path.join(publishedDir, slug, text))) return { kind: 'published', version: text };
  return { kind: 'working' };
}

/**
 * `<publishedDir>/<slug>/LAST_GOOD` names the last version of a course read straight from its
 * working copy (no CURRENT pointer) that loaded without problems. Its files are kept beside the
 * published snapshots, as `<version>/`, so a site restarted while the files have a problem
 * still serves that version instead of taking the course down.
 */
export const LAST_GOOD_FILE = 'LAST_GOOD';
const PRIVATE_DIR = 0o700;
const PRIVATE_FILE = 0o600;

/** The kept last good version, if its folder is there. */
export function readLastGood(publishedDir: string | undefined, slug: string): string | undefined {
  if (!publishedDir || !COURSE_SLUG.test(slug)) return undefined;
  try {
    const text = readFileSync(path.join(publishedDir, slug, LAST_GOOD_FILE), 'utf8').trim();
    return PUBLISHED_VERSION.test(text) && existsSync(path.join(publishedDir, slug, text)) ? text : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Keeps `files` as the course's last good version (a temp folder renamed into place, then the
 * LAST_GOOD pointer replaced by rename). The previous kept folder is removed unless CURRENT
 * names it. Does nothing when that version is already kept.
 *
 * @throws {NodeJS.ErrnoException} when the disk refuses; the old pointer then still stands
 */
export function keepLastGood(publishedDir: string, slug: string, version: string, files: { path: string; content: string | Uint8Array }[]): void {
  if (!COURSE_SLUG.test(slug) || !PUBLISHED_VERSION.test(version)) return;
  const previous = readLastGood(publishedDir, slug);
  if (previous === version) return;
  const courseDir = path.join(publishedDir, slug);
  const target = path.join(courseDir, version);
  const stamp = `${process.pid}-${Date.now()}-${Math.random().toString(16).slice(2)}`;
  // Kept inside the private data folder: private like everything else there (umask aside).
  mkdirSync(courseDir, { recursive: true, mode: PRIVATE_DIR });
  if (!existsSync(target)) {
    const temp = path.join(courseDir, `.tmp-keep-${version}-${stamp}`);
    try {
      mkdirSync(temp, { recursive: true, mode: PRIVATE_DIR });
      for (const file of files) {
        const abs = path.join(temp, ...file.path.split('/'));
        mkdirSync(path.dirname(abs), { recursive: true, mode: PRIVATE_DIR });
        writeFileSync(abs, file.content, { mode: PRIVATE_FILE });
      }
      renameSync(temp, target);
    } catch (error) {
      rmSync(temp, { recursive: true, force: true });
      throw error;
    }
  }
  const pointerTemp = path.join(courseDir, `.tmp-${LAST_GOOD_FILE}-${stamp}`);
  writeFileSync(pointerTemp, `${version}\n`, { mode: PRIVATE_FILE });
  renameSync(pointerTemp, path.join(courseDir, LAST_GOOD_FILE));
  const current = readPublishedState(publishedDir, slug);
  if (previous && !(current.kind === 'published' && current.version === previous)) rmSync(path.join(courseDir, previous), { recursive: true, force: true });
}
