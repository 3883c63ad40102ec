/**
 * Course folders as zip files. Export packs the working copy under `<slug>/`. Reading a zip
 * checks everything before anything is written: it is a zip, at most 500 files and 20 MB
 * unpacked (real bytes counted: zip-read.ts), every path safe (no zip-slip), only Markdown
 * and pictures within their sizes, and the course builds without problems (the same
 * messages as `courses:check`, with file:line).
 */
import { zipSync, type Zippable } from 'fflate';
import { COURSE_SLUG } from '../courses/course.ts';
import { formatProblem } from '../courses/problems.ts';
import { validateCourseFiles } from './validate.ts';
import type { WorkingFile } from './workspace.ts';
import { readCourseZip, type ZipContents } from './zip-read.ts';

/** A zip of the course's files, inside a folder named after the course. */
export function courseZip(slug: string, files: WorkingFile[]): Uint8Array {
  const entries: Zippable = {};
  for (const f of files) entries[`${slug}/${f.path}`] = [f.content, { level: f.path.endsWith('.md') ? 6 : 0, mtime: new Date('2026-01-01T00:00:00Z') }];
  return zipSync(entries);
}

export { readCourseZip, type ZipContents } from './zip-read.ts';

/**
 * Checks a zip as a course called `slug`: the zip's own problems, then every problem of the
 * course its usable files make, as `file:line: message`.
 */
export function checkCourseZip(bytes: Uint8Array, slug: string): ZipContents {
  return checkZipContents(readCourseZip(bytes), slug);
}

/** The same as {@link checkCourseZip}, for a zip already read (in a worker: see zip-thread.ts). */
export function checkZipContents(contents: ZipContents, slug: string): ZipContents {
  // Not a zip, too big, or nothing usable: the course itself cannot be checked.
  if (contents.files.length === 0 || !COURSE_SLUG.test(slug)) return contents;
  const result = validateCourseFiles(
    slug,
    slug,
    contents.files.map((f) => ({ path: f.path, content: f.path.endsWith('.md') ? new TextDecoder().decode(f.content) : f.content })),
  );
  return { ...contents, problems: [...contents.problems, ...result.problems.map(formatProblem)] };
}
