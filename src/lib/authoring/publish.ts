/**
 * Published snapshots on disk: `<PUBLISHED_DIR>/<slug>/<version>/…` and a pointer file
 * `<PUBLISHED_DIR>/<slug>/CURRENT` holding the version trainees read, or `unpublished` for a
 * course made in the browser and never published. No pointer: readers get the working copy,
 * as on a site that only uses Git.
 */
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { courseVersion } from '../courses/course.ts';
import { CURRENT_FILE, UNPUBLISHED, publishedCoursesDir, readPublishedState, type PublishedState } from '../courses/published.ts';
import { writeFileAtomic, syncFolder } from './atomic-write.ts';
import { listFilesIn, listWorkingFiles, workingCoursesDir, type WorkingFile } from './workspace.ts';

export { CURRENT_FILE, UNPUBLISHED, publishedCoursesDir, readPublishedState, type PublishedState } from '../courses/published.ts';

/** What readers are served for this course. */
export function publishedState(slug: string, publishedDir: string | undefined = publishedCoursesDir()): PublishedState {
  return readPublishedState(publishedDir, slug);
}

/** The files of a published snapshot. */
export function publishedFiles(slug: string, version: string, publishedDir: string): WorkingFile[] {
  return listFilesIn(path.join(publishedDir, slug, version));
}

export interface ChangeSummary {
  added: string[];
  changed: string[];
  removed: string[];
}

/** Which files differ between what readers see and the working copy. */
export function changesSincePublished(slug: string, dirs: { courses?: string; published?: string | undefined } = {}): ChangeSummary {
  const coursesDir = dirs.courses ?? workingCoursesDir();
  const publishedDir = 'published' in dirs ? dirs.published : publishedCoursesDir();
  const state = readPublishedState(publishedDir, slug);
  const working = listWorkingFiles(slug, coursesDir);
  const before = state.kind === 'published' && publishedDir ? publishedFiles(slug, state.version, publishedDir) : state.kind === 'working' ? working : [];
  return diffFileSets(before, working);
}

/** Pure: added, changed and removed paths between two sets of files. */
export function diffFileSets(before: WorkingFile[], after: WorkingFile[]): ChangeSummary {
  const old = new Map(before.map((f) => [f.path, f.hash]));
  const now = new Map(after.map((f) => [f.path, f.hash]));
  return {
    added: [...now.keys()].filter((p) => !old.has(p)).sort(),
    changed: [...now.keys()].filter((p) => old.has(p) && old.get(p) !== now.get(p)).sort(),
    removed: [...old.keys()].filter((p) => !now.has(p)).sort(),
  };
}

/** True when trainees read something other than the working copy. */
export function hasUnpublishedChanges(slug: string, dirs: { courses?: string; published?: string | undefined } = {}): boolean {
  const publishedDir = 'published' in dirs ? dirs.published : publishedCoursesDir();
  const state = readPublishedState(publishedDir, slug);
  if (state.kind === 'working') return false;
  if (state.kind === 'unpublished') return true;
  return courseVersion(listWorkingFiles(slug, dirs.courses ?? workingCoursesDir())) !== state.version;
}

/**
 * Writes a snapshot of `files` as `<publishedDir>/<slug>/<version>/` (a temp folder renamed
 * into place; an existing snapshot of the same version is kept, it has the same bytes) and
 * points CURRENT at it atomically. Returns the version.
 *
 * @throws {NodeJS.ErrnoException} when the disk refuses; CURRENT then still names the old version
 */
export function writeSnapshot(publishedDir: string, slug: string, files: WorkingFile[]): string {
  const version = courseVersion(files.map((f) => ({ path: f.path, content: f.content })));
  const courseDir = path.join(publishedDir, slug);
  const target = path.join(courseDir, version);
  mkdirSync(courseDir, { recursive: true });
  if (!existsSync(target)) {
    const temp = path.join(courseDir, `.tmp-${version}-${randomBytes(6).toString('hex')}`);
    try {
      for (const file of files) {
        const abs = path.join(temp, ...file.path.split('/'));
        mkdirSync(path.dirname(abs), { recursive: true });
        writeFileAtomic(abs, file.content);
      }
      mkdirSync(temp, { recursive: true });
      renameSync(temp, target);
      syncFolder(courseDir);
    } catch (error) {
      rmSync(temp, { recursive: true, force: true });
      throw error;
    }
  }
  writeFileAtomic(path.join(courseDir, CURRENT_FILE), `${version}\n`);
  return version;
}

/** Marks a new course as not yet visible to readers. */
export function markUnpublished(publishedDir: string, slug: string): void {
  const courseDir = path.join(publishedDir, slug);
  mkdirSync(courseDir, { recursive: true });
  writeFileAtomic(path.join(courseDir, CURRENT_FILE), `${UNPUBLISHED}\n`);
}
