/**
 * What the file history, diff and restore routes need, loaded in one call each so the pages
 * stay thin. Opening a file's history first records an edit made on disk ("changed on disk").
 */
import { DomainError } from '../errors.ts';
import { displayDateTime } from '../qa/dates.ts';
import { authoringStoreEn } from '../i18n/authoring-store.ts';
import type { TypedPocketBase } from '../pb.ts';
import type { CourseRevisionRecord, UserRecord } from '../records.ts';
import { courseTitleOf, parseModuleFile } from './module-form.ts';
import { safeCoursePath } from './paths.ts';
import { lineDiff, type LineDiff } from './revisions.ts';
import { getRevision, listRevisions, recordDiskChange } from './revisions-store.ts';
import { saveCourseFile, type AuthoringDirs, type SaveOutcome } from './save.ts';
import { isTextPath, listWorkingFiles, readWorkingFile } from './workspace.ts';

const t = authoringStoreEn;

export interface HistoryRow {
  id: string;
  /** 1 = the oldest. */
  number: number;
  kind: CourseRevisionRecord['kind'];
  kindLabel: string;
  when: string;
  created: string;
  who: string;
  message: string;
  size: number;
  isCurrent: boolean;
  /** The revision before this one, for "compare with the version before". */
  previous: string | undefined;
  canRestore: boolean;
}

export interface FileHistory {
  path: string;
  isText: boolean;
  /** The file's hash now ("" when it does not exist), sent back with a restore. */
  currentHash: string;
  rows: HistoryRow[];
}

/** Every file of the course's working copy, for the file list. */
export function courseFileList(slug: string, coursesDir: string): string[] {
  return listWorkingFiles(slug, coursesDir).map((f) => f.path);
}

/**
 * @throws {DomainError} `invalid` for an unsafe path; `unavailable`
 */
export async function loadFileHistory(service: TypedPocketBase, slug: string, file: string, coursesDir: string): Promise<FileHistory> {
  const path = safeCoursePath(file);
  const current = readWorkingFile(slug, path, coursesDir);
  await recordDiskChange(service, slug, path, current);
  const revisions = await listRevisions(service, slug, path);
  const isText = isTextPath(path);
  const currentHash = current?.hash ?? '';
  const rows = revisions.map((r, i): HistoryRow => {
    const isCurrent = i === 0 && r.hash === currentHash;
    return {
      id: r.id,
      number: revisions.length - i,
      kind: r.kind,
      kindLabel: r.kind === 'disk' && r.previous_hash === '' && r.hash !== '' ? t.history.firstSeen : (t.kinds[r.kind] ?? r.kind),
      when: displayDateTime(r.created),
      created: r.created,
      who: r.actor_name === 'on disk' ? t.history.onDiskWho : r.actor_name,
      message: r.kind === 'disk' ? '' : r.message,
      size: r.size,
      isCurrent,
      previous: revisions[i + 1]?.id,
      canRestore: isText && !isCurrent && r.hash !== '',
    };
  });
  return { path, isText, currentHash, rows };
}

export interface RevisionDiff {
  path: string;
  from: { number: number; when: string };
  to: { number: number; when: string };
  diff: LineDiff;
}

/**
 * @throws {DomainError} `not-found` when either revision is not of this file; `unavailable`
 */
export async function loadRevisionDiff(service: TypedPocketBase, slug: string, input: { file: string; from: string; to: string }): Promise<RevisionDiff> {
  const path = safeCoursePath(input.file);
  const all = await listRevisions(service, slug, path);
  const numberOf = (id: string) => all.length - all.findIndex((r) => r.id === id);
  const [from, to] = await Promise.all([getRevision(service, slug, path, input.from), getRevision(service, slug, path, input.to)]);
  return {
    path,
    from: { number: numberOf(from.id), when: displayDateTime(from.created) },
    to: { number: numberOf(to.id), when: displayDateTime(to.created) },
    diff: lineDiff(from.content, to.content),
  };
}

/**
 * Restores an old revision as a new `restore` revision, through saveCourseFile with the hash
 * the author saw as the base (so a change made meanwhile is a conflict, not overwritten).
 *
 * @throws {DomainError} `not-found`, `invalid`, `unavailable`
 */
export async function restoreRevision(
  service: TypedPocketBase,
  input: { slug: string; file: string; revision: string; base: string; actor: UserRecord; dirs?: AuthoringDirs },
): Promise<SaveOutcome> {
  const path = safeCoursePath(input.file);
  if (!isTextPath(path)) throw new DomainError('invalid', t.restore.notText);
  const revision = await getRevision(service, input.slug, path, input.revision);
  if (revision.hash === '') throw new DomainError('invalid', t.restore.notText);
  const all = await listRevisions(service, input.slug, path);
  const number = all.length - all.findIndex((r) => r.id === revision.id);
  return saveCourseFile(service, {
    slug: input.slug,
    path,
    content: revision.content,
    baseHash: input.base === '' ? null : input.base,
    message: t.restore.message(number),
    actor: input.actor,
    kind: 'restore',
    ...(input.dirs ? { dirs: input.dirs } : {}),
  });
}

/**
 * A course file as headings name it: a module by its title, course.md as "Course settings",
 * anything else (a picture, a module whose title cannot be read) by its file name.
 */
export function fileDisplayName(slug: string, path: string, coursesDir?: string): string {
  if (path === 'course.md') return authoringStoreEn.courseSettings;
  if (!path.endsWith('.md')) return path;
  try {
    const file = readWorkingFile(slug, path, coursesDir);
    const model = file ? parseModuleFile(new TextDecoder().decode(file.content)) : undefined;
    return (model?.mode === 'form' && model.form.title.trim()) || path;
  } catch {
    // An unsafe or unreadable path is named as given; loading its history reports the problem.
    return path;
  }
}

/** A course as headings name it: the title in its working copy (published or not), else its folder name. */
export function courseDisplayName(slug: string, coursesDir?: string): string {
  try {
    const file = readWorkingFile(slug, 'course.md', coursesDir);
    return courseTitleOf(file ? new TextDecoder().decode(file.content) : undefined) ?? slug;
  } catch {
    return slug;
  }
}
