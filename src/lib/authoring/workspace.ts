/**
 * The working copy of a course: the files in COURSES_DIR (`courses/<slug>/…`) that the editor
 * and Git users change. Reading pages serve a published snapshot instead (publish.ts).
 * Every function takes the courses folder explicitly, defaulting to the site's own.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { listCourseFolder } from '../courses/course-fs.ts';
import { workingCoursesDir } from '../courses/published.ts';
import { courseRoot, resolveInCourse } from './paths.ts';

export interface WorkingFile {
  /** Inside the course folder, forward slashes: `course.md`, `images/a.png`. */
  path: string;
  content: Uint8Array;
  /** sha256 hex of `content`. */
  hash: string;
}

export { workingCoursesDir } from '../courses/published.ts';

/** sha256 hex of the bytes (text as UTF-8). */
export function contentHash(content: string | Uint8Array): string {
  return createHash('sha256').update(typeof content === 'string' ? Buffer.from(content, 'utf8') : content).digest('hex');
}

/** Files under `root` the course loader would see (its own listing), with their bytes and hashes. */
export function listFilesIn(root: string): WorkingFile[] {
  return listCourseFolder(root).map((entry) => {
    const content = readFileSync(entry.abs);
    return { path: entry.rel, content, hash: contentHash(content) };
  });
}

/**
 * Every file of the course's working copy that buildCourse would see (dot folders skipped).
 *
 * @throws {DomainError} `invalid` for a bad slug or a symlinked course folder
 */
export function listWorkingFiles(slug: string, coursesDir: string = workingCoursesDir()): WorkingFile[] {
  return listFilesIn(courseRoot(coursesDir, slug));
}

/**
 * One file of the working copy, or undefined when it does not exist.
 *
 * @throws {DomainError} `invalid` for an unsafe path
 */
export function readWorkingFile(slug: string, relative: string, coursesDir: string = workingCoursesDir()): WorkingFile | undefined {
  const abs = resolveInCourse(coursesDir, slug, relative);
  try {
    const content = readFileSync(abs);
    return { path: relative, content, hash: contentHash(content) };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' || (error as NodeJS.ErrnoException).code === 'EISDIR') return undefined;
    throw error;
  }
}

/** The course slugs in the working folder (not dot folders). */
export function listWorkingCourses(coursesDir: string = workingCoursesDir()): string[] {
  try {
    return readdirSync(coursesDir, { withFileTypes: true })
      .filter((d) => d.isDirectory() && !d.name.startsWith('.'))
      .map((d) => d.name)
      .sort();
  } catch {
    return [];
  }
}

/** True for text files (Markdown), stored in revisions with their content. */
export function isTextPath(relative: string): boolean {
  return relative.toLowerCase().endsWith('.md');
}
