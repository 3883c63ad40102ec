/**
 * Node-only twin of build.ts: reads course folders from disk and keeps a cache that is
 * refreshed when any file changes, so edits made directly to the files show without a restart.
 */
import { readdirSync, readFileSync, statSync, type Dirent } from 'node:fs';
import path from 'node:path';
import { buildCourse } from './build.ts';
import type { Course, CourseFile } from './course.ts';
import { problem, sortProblems, type CourseProblem } from './problems.ts';
import { keepLastGood, readLastGood, readPublishedState } from './published.ts';

/** Files bigger than this are not read (a course folder is text and a few images). */
const MAX_FILE_BYTES = 5 * 1024 * 1024;

export interface LoadedCourses {
  courses: Course[];
  problems: CourseProblem[];
  /** Worth a look, but the courses still work (see `warnings` in build.ts). */
  warnings: CourseProblem[];
}

interface FolderListing {
  slug: string;
  dir: string;
  entries: CourseFolderEntry[];
}

/** One file of a course folder, as the loader sees it. */
export interface CourseFolderEntry {
  /** Inside the course folder, forward slashes. */
  rel: string;
  abs: string;
  size: number;
  mtimeMs: number;
}

/**
 * Every file under `root` the course loader sees, in name order: dot files and dot folders
 * (`.retired/`) are skipped, and symlinks are not followed, so a course folder never reaches
 * outside itself. A missing folder lists nothing.
 */
export function listCourseFolder(root: string): CourseFolderEntry[] {
  const entries: CourseFolderEntry[] = [];
  const walk = (dir: string, prefix: string) => {
    let items: Dirent[];
    try {
      items = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const item of items.sort((a, b) => a.name.localeCompare(b.name))) {
      if (item.name.startsWith('.')) continue;
      const abs = path.join(dir, item.name);
      const rel = prefix ? `${prefix}/${item.name}` : item.name;
      if (item.isDirectory()) walk(abs, rel);
      else if (item.isFile()) {
        const stat = statSync(abs);
        entries.push({ rel, abs, size: stat.size, mtimeMs: stat.mtimeMs });
      }
    }
  };
  walk(root, '');
  return entries;
}

function listFolder(coursesDir: string, slug: string, displayRoot: string, folder: string = slug): FolderListing {
  const root = path.join(coursesDir, folder);
  return { slug, dir: toDisplay(displayRoot, root), entries: listCourseFolder(root) };
}

function toDisplay(displayRoot: string, abs: string): string {
  return path.relative(displayRoot, abs).split(path.sep).join('/') || '.';
}

function listCourses(coursesDir: string, displayRoot: string): FolderListing[] | CourseProblem[] {
  let items: Dirent[];
  try {
    items = readdirSync(coursesDir, { withFileTypes: true });
  } catch {
    return [problem(toDisplay(displayRoot, coursesDir), 1, 'the courses folder does not exist — create it, or set COURSES_DIR to the folder that holds your courses')];
  }
  return items
    .filter((d) => d.isDirectory() && !d.name.startsWith('.'))
    .map((d) => listFolder(coursesDir, d.name, displayRoot))
    .sort((a, b) => a.slug.localeCompare(b.slug));
}

function loadFolder(folder: FolderListing): { course: Course | undefined; problems: CourseProblem[]; warnings: CourseProblem[]; files: CourseFile[] } {
  const files: CourseFile[] = [];
  const problems: CourseProblem[] = [];
  for (const entry of folder.entries) {
    if (entry.size > MAX_FILE_BYTES) {
      problems.push(problem(`${folder.dir}/${entry.rel}`, 1, `this file is larger than 5 MB — make the picture smaller (for example 1600 pixels wide) or remove the file`));
      continue;
    }
    const bytes = readFileSync(entry.abs);
    files.push({ path: entry.rel, content: entry.rel.endsWith('.md') ? bytes.toString('utf8') : bytes });
  }
  const result = buildCourse({ slug: folder.slug, dir: folder.dir, files });
  return { course: result.course, problems: [...problems, ...result.problems], warnings: result.warnings, files };
}

/**
 * Loads and validates every course under `coursesDir`.
 * Problems are reported with paths relative to `displayRoot` (the project root).
 */
export function loadCourses(coursesDir: string, displayRoot = process.cwd()): LoadedCourses {
  const listed = listCourses(coursesDir, displayRoot);
  if (listed.length > 0 && 'message' in listed[0]!) return { courses: [], problems: listed as CourseProblem[], warnings: [] };
  const courses: Course[] = [];
  const problems: CourseProblem[] = [];
  const warnings: CourseProblem[] = [];
  for (const folder of listed as FolderListing[]) {
    const result = loadFolder(folder);
    if (result.course) courses.push(result.course);
    problems.push(...result.problems);
    warnings.push(...result.warnings);
  }
  return { courses, problems: sortProblems(problems), warnings: sortProblems(warnings) };
}

/** What the catalogue knows about one course folder. */
export interface CourseStatus {
  slug: string;
  /** The version trainees are served, or undefined when the course is off the site. */
  servedVersion: string | undefined;
  /** Problems in the files the catalogue last read for this course (empty when they are fine). */
  problems: CourseProblem[];
  /**
   * True when those files have problems and trainees keep reading the last version that had
   * none (`servedVersion`), so a broken or stray file never takes a live course down.
   */
  keptLastGood: boolean;
}

/** Told once per change: the problems of one course and which version trainees keep, if any. */
export type ProblemsListener = (problems: CourseProblem[], context?: { slug: string; keptVersion: string | undefined }) => void;

interface Entry {
  /** What readers get: the course just read, or the last good one when that read failed. */
  course: Course | undefined;
  problems: CourseProblem[];
  keptLastGood: boolean;
}

/**
 * A cache over loadCourses for the running site: re-reads a course only when a file in it
 * was added, removed or changed, and looks at the disk at most once per `checkEveryMs`.
 *
 * Last known good: once a course has loaded without problems, that version (its `version`,
 * the hash of its files) is kept. If its files later gain a problem (a broken module, a stray
 * file), readers keep getting the kept version and the problems are reported (`onProblems`,
 * `status()`), until the files are fixed. Only a course that has never loaded cleanly in
 * this process, or whose folder is removed or marked unpublished, is off the site. With a
 * `publishedDir`, the last good version of a working-copy course is also kept on disk
 * (`LAST_GOOD`, see published.ts), so it survives a restart.
 */
export class CourseCatalogue {
  private signatures = new Map<string, string>();
  private loaded = new Map<string, Entry>();
  /** The last course that loaded without problems, per slug (its version is `course.version`). */
  private lastGood = new Map<string, Course>();
  private lastCheck = 0;
  private readonly coursesDir: string;
  private readonly displayRoot: string;
  private readonly checkEveryMs: number;
  private readonly onProblems: ProblemsListener;
  private readonly publishedDir: string | undefined;

  /**
   * `publishedDir`: where published snapshots live (see published.ts). When a
   * course has a pointer there, readers get that snapshot (or nothing, for `unpublished`);
   * otherwise the working copy in `coursesDir`, as before.
   */
  constructor(options: {
    coursesDir: string;
    publishedDir?: string | undefined;
    displayRoot?: string;
    checkEveryMs?: number;
    onProblems?: ProblemsListener;
  }) {
    this.coursesDir = options.coursesDir;
    this.publishedDir = options.publishedDir;
    this.displayRoot = options.displayRoot ?? process.cwd();
    this.checkEveryMs = options.checkEveryMs ?? 1000;
    this.onProblems = options.onProblems ?? (() => {});
  }

  /** Courses readers can open, sorted by title: each one's current version, or its last good one. */
  courses(): Course[] {
    this.refresh();
    return [...this.loaded.values()]
      .map((r) => r.course)
      .filter((c): c is Course => c !== undefined)
      .sort((a, b) => a.title.localeCompare(b.title));
  }

  course(slug: string): Course | undefined {
    this.refresh();
    return this.loaded.get(slug)?.course;
  }

  /** What readers get for this course and what is wrong with its files, or undefined for an unknown folder. */
  status(slug: string): CourseStatus | undefined {
    this.refresh();
    const entry = this.loaded.get(slug);
    if (!entry) return undefined;
    return { slug, servedVersion: entry.course?.version, problems: entry.problems, keptLastGood: entry.keptLastGood };
  }

  /** Every course whose files have problems, by slug order. */
  troubled(): CourseStatus[] {
    this.refresh();
    return [...this.loaded.keys()]
      .sort()
      .map((slug) => this.status(slug)!)
      .filter((s) => s.problems.length > 0);
  }

  /** Makes the next call look at the disk again (after publishing in this process). */
  invalidate(): void {
    this.lastCheck = 0;
  }

  /** The listing readers are served for a working folder: its published snapshot, nothing, or itself. */
  private served(folder: FolderListing): { listing: FolderListing; key: string } | undefined {
    const state = readPublishedState(this.publishedDir, folder.slug);
    if (state.kind === 'unpublished') return undefined;
    if (state.kind === 'working' || !this.publishedDir) return { listing: folder, key: 'working' };
    const listing = listFolder(path.join(this.publishedDir, folder.slug), folder.slug, this.displayRoot, state.version);
    return { listing, key: `published:${state.version}` };
  }

  /** Keeps a clean working-copy version on disk, so a restart with broken files still serves it. */
  private keepOnDisk(slug: string, version: string, files: CourseFile[]) {
    if (!this.publishedDir) return;
    try {
      keepLastGood(this.publishedDir, slug, version, files);
    } catch (error) {
      console.warn(`[courses] ${slug}: could not keep version ${version} on disk (${(error as NodeJS.ErrnoException).code ?? 'error'}); it is kept in memory only`);
    }
  }

  /** The version kept on disk by keepOnDisk, if it is there and still loads without problems. */
  private keptOnDisk(slug: string): Course | undefined {
    const version = readLastGood(this.publishedDir, slug);
    if (!version || !this.publishedDir) return undefined;
    const result = loadFolder(listFolder(path.join(this.publishedDir, slug), slug, this.displayRoot, version));
    if (!result.course || result.problems.length > 0) return undefined;
    this.lastGood.set(slug, result.course);
    return result.course;
  }

  private refresh() {
    const now = Date.now();
    if (now - this.lastCheck < this.checkEveryMs && this.loaded.size > 0) return;
    this.lastCheck = now;
    const listed = listCourses(this.coursesDir, this.displayRoot);
    if (listed.length > 0 && 'message' in listed[0]!) {
      this.onProblems(listed as CourseProblem[]);
      return;
    }
    const seen = new Set<string>();
    for (const working of listed as FolderListing[]) {
      const served = this.served(working);
      if (!served) continue;
      const folder = served.listing;
      seen.add(folder.slug);
      const signature = `${served.key}#` + folder.entries.map((e) => `${e.rel}:${e.size}:${e.mtimeMs}`).join('|');
      if (this.signatures.get(folder.slug) === signature) continue;
      this.signatures.set(folder.slug, signature);
      const result = loadFolder(folder);
      if (result.course && result.problems.length === 0) {
        this.lastGood.set(folder.slug, result.course);
        this.loaded.set(folder.slug, { course: result.course, problems: [], keptLastGood: false });
        if (served.key === 'working') this.keepOnDisk(folder.slug, result.course.version, result.files);
        continue;
      }
      const kept = this.lastGood.get(folder.slug) ?? (served.key === 'working' ? this.keptOnDisk(folder.slug) : undefined);
      const problems = sortProblems(result.problems);
      this.loaded.set(folder.slug, { course: kept, problems, keptLastGood: kept !== undefined });
      this.onProblems(problems, { slug: folder.slug, keptVersion: kept?.version });
    }
    for (const slug of [...this.loaded.keys()]) {
      if (!seen.has(slug)) {
        // Removed or marked unpublished on purpose: off the site, and nothing kept.
        this.loaded.delete(slug);
        this.signatures.delete(slug);
        this.lastGood.delete(slug);
      }
    }
  }
}
