/**
 * Safe paths inside a course folder. Every path an author (or a zip) names goes through
 * safeCoursePath before it touches the disk, and resolveInCourse before it is opened: no `..`,
 * no absolute paths, no backslashes, no NUL, no encoded tricks, no symlinks leading outside.
 */
import { lstatSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { COURSE_SLUG } from '../courses/course.ts';
import { DomainError } from '../errors.ts';

/** The only dot folder an author may name: retired modules live there. */
export const RETIRED_DIR = '.retired';
const MAX_PATH_LENGTH = 200;
/** One path segment: letters, digits, dash, underscore and dots (not leading), no spaces. */
const SEGMENT = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;

function refuse(shown: string, why: string): never {
  throw new DomainError('invalid', `“${shown}” cannot be used as a file name in a course: ${why}.`, { path: why });
}

/**
 * Normalises a path inside a course folder to `a/b.md`.
 *
 * @throws {DomainError} `invalid` with a plain message for anything unsafe: `..`, an absolute
 *   path, a drive letter, a backslash, NUL or other control characters, percent-encoding,
 *   unusual dots or spaces, an empty segment, or a dot folder other than `.retired/`
 */
export function safeCoursePath(relative: string): string {
  const shown = String(relative ?? '').slice(0, 80).replace(/[\u0000-\u001f]/g, '?');
  if (typeof relative !== 'string' || relative.trim() === '') refuse(shown, 'the name is empty');
  if (relative.length > MAX_PATH_LENGTH) refuse(shown, `names are at most ${MAX_PATH_LENGTH} characters`);
  if (/[\u0000-\u001f\u007f]/.test(relative)) refuse(shown, 'it contains a control character');
  if (relative.includes('\\')) refuse(shown, 'use forward slashes (/) between folders, not backslashes');
  if (relative.includes('%')) refuse(shown, 'it contains a percent sign; use plain letters, numbers and dashes');
  if (/^[A-Za-z]:/.test(relative)) refuse(shown, 'it starts with a drive letter; give a path inside the course folder');
  if (relative.startsWith('/')) refuse(shown, 'it starts with a slash; give a path inside the course folder');
  // Only plain ASCII: unicode look-alikes of dots and slashes (․ ‥ ／ …) never reach the disk.
  if (/[^\x20-\x7e]/.test(relative)) refuse(shown, 'use only plain letters (a–z), numbers, dashes, dots and underscores');
  const segments = relative.split('/');
  for (const [i, segment] of segments.entries()) {
    if (segment === '') refuse(shown, 'it has an empty folder name (two slashes together, or a slash at the end)');
    if (segment === '.' || segment === '..') refuse(shown, 'it points outside the course folder');
    if (segment.startsWith('.')) {
      if (i === 0 && segment === RETIRED_DIR && segments.length > 1) continue;
      refuse(shown, 'names may not start with a dot');
    }
    if (!SEGMENT.test(segment)) refuse(shown, 'use only letters, numbers, dashes, dots and underscores (no spaces)');
  }
  return segments.join('/');
}

/**
 * The absolute path of a file inside `<coursesDir>/<slug>/`, after checking the slug, the
 * path, and that no existing part of it is a symlink or leads outside the course folder.
 *
 * @throws {DomainError} `invalid` (bad slug or path, symlink) with a plain message
 */
export function resolveInCourse(coursesDir: string, slug: string, relative: string): string {
  const root = courseRoot(coursesDir, slug);
  const safe = safeCoursePath(relative);
  const target = path.join(root, ...safe.split('/'));
  if (!target.startsWith(root + path.sep)) refuse(safe, 'it points outside the course folder');
  let walk = root;
  for (const segment of safe.split('/')) {
    walk = path.join(walk, segment);
    let stat;
    try {
      stat = lstatSync(walk);
    } catch {
      break; // does not exist yet: a new file or folder
    }
    if (stat.isSymbolicLink()) refuse(safe, 'it is a link to somewhere else; courses may only hold real files');
  }
  return target;
}

/**
 * The absolute course folder, refusing a bad slug or a course folder that is itself a
 * symlink (or whose real location is outside `coursesDir`).
 *
 * @throws {DomainError} `invalid`
 */
export function courseRoot(coursesDir: string, slug: string): string {
  if (typeof slug !== 'string' || !COURSE_SLUG.test(slug) || slug.length > 100) {
    throw new DomainError('invalid', `“${String(slug).slice(0, 80)}” is not a course name: use lower-case letters, numbers and single dashes, like peer-support-basics.`, { slug: 'bad' });
  }
  const base = path.resolve(coursesDir);
  const root = path.join(base, slug);
  try {
    if (lstatSync(root).isSymbolicLink()) throw new DomainError('invalid', `The course folder “${slug}” is a link to somewhere else; course folders must be real folders inside the courses folder.`, { slug: 'symlink' });
    const real = realpathSync(root);
    const realBase = realpathSync(base);
    if (real !== path.join(realBase, slug)) throw new DomainError('invalid', `The course folder “${slug}” is outside the courses folder.`, { slug: 'outside' });
  } catch (error) {
    if (error instanceof DomainError) throw error;
    // does not exist yet
  }
  return root;
}

/** "What peer support is!" -> "what-peer-support-is": lower-case ASCII, single dashes. */
export function slugify(text: string): string {
  return String(text ?? '')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/['’]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/g, '');
}
