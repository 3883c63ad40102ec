/**
 * Reading the publish pointer (read-only; writing snapshots is the editor's job, in
 * src/lib/authoring/publish.ts). Published snapshots live at `<PUBLISHED_DIR>/<slug>/<version>/…`
 * and `<PUBLISHED_DIR>/<slug>/CURRENT` names the version trainees read, or `unpublished` for a
 * course made in the browser and never published. No pointer: readers get the working copy.
 *
 * This lives with the course loader so the loader never depends on the editor.
 */
import { existsSync, readFileSync } from 'node:fs';
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
