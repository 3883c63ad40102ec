/**
 * Course folders as zip files. Export packs the working copy under `<slug>/`. Reading a zip
 * checks everything before anything is written: it is a zip, at most 500 files and 20 MB
 * unpacked, every path safe (no zip-slip), only Markdown and pictures within their sizes, and
 * the course builds without problems (the same messages as `courses:check`, with file:line).
 */
import { unzipSync, zipSync, type Zippable } from 'fflate';
import { COURSE_SLUG } from '../courses/course.ts';
import { formatProblem } from '../courses/problems.ts';
import { DomainError } from '../errors.ts';
import { authoringStoreEn } from '../i18n/authoring-store.ts';
import { fileProblem, MAX_ZIP_FILES, MAX_ZIP_UNPACKED_BYTES } from './limits.ts';
import { safeCoursePath } from './paths.ts';
import { validateCourseFiles } from './validate.ts';
import type { WorkingFile } from './workspace.ts';

const t = authoringStoreEn.zip;
/** Left by macOS and Windows when zipping; skipped quietly. */
const JUNK = /(^|\/)(__MACOSX\/.*|\.DS_Store|Thumbs\.db|desktop\.ini)$/;

/** A zip of the course's files, inside a folder named after the course. */
export function courseZip(slug: string, files: WorkingFile[]): Uint8Array {
  const entries: Zippable = {};
  for (const f of files) entries[`${slug}/${f.path}`] = [f.content, { level: f.path.endsWith('.md') ? 6 : 0, mtime: new Date('2026-01-01T00:00:00Z') }];
  return zipSync(entries);
}

export interface ZipContents {
  /** The folder the files were in, if they all shared one (a course's address). */
  folder: string | undefined;
  files: { path: string; content: Uint8Array }[];
  /** Every problem found, in plain words; empty when the zip can be used. */
  problems: string[];
}

/** Unpacks and checks a course zip. Never throws for bad content. */
export function readCourseZip(bytes: Uint8Array): ZipContents {
  const problems: string[] = [];
  let declared = 0;
  let count = 0;
  let raw: Record<string, Uint8Array>;
  try {
    raw = unzipSync(bytes, {
      filter(file) {
        if (file.name.endsWith('/') || JUNK.test(file.name)) return false;
        count++;
        declared += file.originalSize;
        // Stop before inflating anything when the zip is too big or has too many files.
        if (declared > MAX_ZIP_UNPACKED_BYTES || count > MAX_ZIP_FILES) throw new RangeError('limits');
        return true;
      },
    });
  } catch (error) {
    if (error instanceof RangeError && error.message === 'limits') {
      return { folder: undefined, files: [], problems: [count > MAX_ZIP_FILES ? t.tooMany(count, MAX_ZIP_FILES) : t.tooBig((declared / 1024 / 1024).toFixed(1))] };
    }
    return { folder: undefined, files: [], problems: [t.notZip] };
  }
  const names = Object.keys(raw).sort();
  if (names.length === 0) return { folder: undefined, files: [], problems: [t.empty] };
  const actual = names.reduce((sum, n) => sum + raw[n]!.byteLength, 0);
  if (actual > MAX_ZIP_UNPACKED_BYTES) return { folder: undefined, files: [], problems: [t.tooBig((actual / 1024 / 1024).toFixed(1))] };

  // One shared top folder (as our export makes, and as most zip tools make) is the course folder.
  const tops = new Set(names.map((n) => (n.includes('/') ? n.split('/')[0] : '')));
  const top = tops.size === 1 && !tops.has('') && !names.includes('course.md') ? [...tops][0]! : undefined;

  const files: ZipContents['files'] = [];
  const seen = new Set<string>();
  for (const name of names) {
    const inner = top ? name.slice(top.length + 1) : name;
    let relative: string;
    try {
      relative = safeCoursePath(inner);
      if (relative.startsWith('.retired/')) throw new DomainError('invalid', `“${inner}” cannot be imported: retired modules stay out of imports.`);
    } catch (error) {
      problems.push(error instanceof DomainError ? error.message : String(error));
      continue;
    }
    if (seen.has(relative)) {
      problems.push(t.duplicate(relative));
      continue;
    }
    seen.add(relative);
    const content = raw[name]!;
    const problem = fileProblem(relative, content.byteLength);
    if (problem) problems.push(problem);
    else files.push({ path: relative, content });
  }
  if (!seen.has('course.md')) problems.push(t.noCourseMd);
  return { folder: top, files, problems };
}

/**
 * Checks a zip as a course called `slug`: the zip's own problems, then every problem of the
 * course its usable files make, as `file:line: message`.
 */
export function checkCourseZip(bytes: Uint8Array, slug: string): ZipContents {
  const contents = readCourseZip(bytes);
  // Not a zip, too big, or nothing usable: the course itself cannot be checked.
  if (contents.files.length === 0 || !COURSE_SLUG.test(slug)) return contents;
  const result = validateCourseFiles(
    slug,
    slug,
    contents.files.map((f) => ({ path: f.path, content: f.path.endsWith('.md') ? new TextDecoder().decode(f.content) : f.content })),
  );
  return { ...contents, problems: [...contents.problems, ...result.problems.map(formatProblem)] };
}
