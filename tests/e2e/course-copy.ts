/**
 * A spec's own course: a copy of a shipped course, under its own folder name and title, in the
 * throwaway courses folder global setup made (E2E_COURSES_DIR). Specs that edit or break a
 * course work on their copy, so the others never see their changes; the title differs so pages
 * that list courses never show two courses with the same name.
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from '@playwright/test';

/** The throwaway courses folder the site under test reads. */
export function e2eCoursesDir(): string {
  const dir = process.env.E2E_COURSES_DIR;
  if (!dir) throw new Error('E2E_COURSES_DIR is not set: run through playwright.config.ts (global setup copies courses/).');
  return dir;
}

export interface CourseCopyOptions {
  /** The folder name of the copy (its slug). */
  slug: string;
  title: string;
  /** The shipped course to copy (default service-user-leadership). */
  from?: string;
  /** Start from a fresh copy even when one is left from an earlier run of the spec. */
  fresh?: boolean;
}

/**
 * Makes the copy (unless it exists and `fresh` is not set), waits until the site serves it
 * (see `untilServed`) and returns its folder.
 */
export async function copyCourse(options: CourseCopyOptions): Promise<string> {
  const copy = placeCourseCopy(options);
  await untilServed(`/courses/${options.slug}`);
  return copy;
}

function placeCourseCopy({ slug, title, from = 'service-user-leadership', fresh = false }: CourseCopyOptions): string {
  const copy = path.join(e2eCoursesDir(), slug);
  if (existsSync(copy)) {
    if (!fresh) return copy;
    rmSync(copy, { recursive: true });
  }
  // Made beside the courses folder, then moved in with one rename: the site (which may look at
  // the folder at any moment) never sees a half-copied course. Seen once: a course read halfway
  // through the copy stayed off the catalogue, and the spec met a 404.
  const staging = mkdtempSync(path.join(path.dirname(e2eCoursesDir()), `.course-copy-${slug}-`));
  const staged = path.join(staging, slug);
  cpSync(path.join(e2eCoursesDir(), from), staged, { recursive: true });
  const courseMd = path.join(staged, 'course.md');
  writeFileSync(courseMd, readFileSync(courseMd, 'utf8').replace(/^title: .*$/m, `title: ${title}`));
  renameSync(staged, copy);
  rmSync(staging, { recursive: true, force: true });
  return copy;
}

export function removeCourseCopy(slug: string): void {
  rmSync(path.join(e2eCoursesDir(), slug), { recursive: true, force: true });
}

/**
 * Waits until the site serves the course: it looks at the courses folder at most once a second
 * (src/lib/courses/course-fs.ts), so a page opened at once after a copy can still be a 404.
 */
async function untilServed(pathname: string): Promise<void> {
  const base = process.env.E2E_BASE_URL;
  if (!base) throw new Error('E2E_BASE_URL is not set: run through playwright.config.ts.');
  await expect.poll(async () => (await fetch(new URL(pathname, base), { redirect: 'manual' })).status, { message: `the site serves ${pathname}`, timeout: 15_000 }).toBe(200);
}
