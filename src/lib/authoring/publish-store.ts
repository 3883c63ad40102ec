/**
 * Publishing: re-validate the working copy, snapshot it, point readers at it, and record the
 * publication (course_publications + audit_log). Trainees see the new version on their next
 * page load, without a restart.
 */
import type { Course } from '../courses/course.ts';
import type { CourseProblem } from '../courses/problems.ts';
import { fromPocketBase } from '../errors.ts';
import type { TypedPocketBase } from '../pb.ts';
import type { CoursePublicationRecord, UserRecord } from '../records.ts';
import { withLock } from './lock.ts';
import { courseRoot } from './paths.ts';
import { readPublishedState, writeSnapshot } from './publish.ts';
import { writeAuthoringAudit } from './revisions-store.ts';
import { courseDisplayDir, validateWorkingCourse } from './validate.ts';
import { listWorkingFiles } from './workspace.ts';

export type PublishOutcome = { kind: 'published'; version: string; publication: string } | { kind: 'problems'; problems: CourseProblem[] };

/**
 * Checks the working copy with the same checker as the editor and `courses:check`.
 *
 * @throws {DomainError} `invalid` for a bad slug
 */
export function checkWorkingCopy(slug: string, coursesDir: string): { course: Course | undefined; problems: CourseProblem[]; fileCount: number } {
  const fileCount = listWorkingFiles(slug, coursesDir).length;
  if (fileCount === 0) return { course: undefined, problems: [{ file: courseDisplayDir(coursesDir, slug), line: 1, message: 'this course has no files yet — add a course.md' }], fileCount };
  const { course, problems } = validateWorkingCourse(slug, undefined, coursesDir);
  return { course, problems, fileCount };
}

async function recordPublication(service: TypedPocketBase, input: { slug: string; version: string; actor: UserRecord | null; actorName: string; fileCount: number; automatic: boolean }): Promise<CoursePublicationRecord> {
  let publication: CoursePublicationRecord;
  try {
    publication = await service.collection('course_publications').create({
      course: input.slug,
      version: input.version,
      actor: input.actor?.id ?? '',
      actor_name: input.actorName.slice(0, 200),
      file_count: input.fileCount,
    });
  } catch (error) {
    throw fromPocketBase(error, 'publication');
  }
  await writeAuthoringAudit(service, {
    actor: input.actor,
    action: 'course.publish',
    target_collection: 'course_publications',
    target_id: publication.id,
    details: { course: input.slug, version: input.version, files: input.fileCount, ...(input.automatic ? { automatic: true } : {}) },
  });
  return publication;
}

/**
 * Publishes the working copy when it has no problems; otherwise changes nothing and returns
 * every problem.
 *
 * @throws {DomainError} `invalid` for a bad slug; `unavailable` when PocketBase cannot be reached
 */
export async function publishCourse(service: TypedPocketBase, input: { slug: string; actor: UserRecord; coursesDir: string; publishedDir: string }): Promise<PublishOutcome> {
  const root = courseRoot(input.coursesDir, input.slug);
  return withLock(`publish:${root}`, async () => {
    const checked = checkWorkingCopy(input.slug, input.coursesDir);
    if (checked.problems.length > 0 || !checked.course) return { kind: 'problems', problems: checked.problems };
    const files = listWorkingFiles(input.slug, input.coursesDir);
    const version = writeSnapshot(input.publishedDir, input.slug, files);
    const publication = await recordPublication(service, {
      slug: input.slug,
      version,
      actor: input.actor,
      actorName: input.actor.display_name || input.actor.email,
      fileCount: files.length,
      automatic: false,
    });
    return { kind: 'published', version, publication: publication.id };
  });
}

/**
 * A course that readers still get straight from the working copy (a Git-only course, never
 * edited in the browser) is snapshotted as it is before its first browser edit, so trainees
 * keep reading that version until someone publishes.
 *
 * @throws {DomainError} `unavailable` when PocketBase cannot be reached
 */
export async function freezeBeforeFirstEdit(service: TypedPocketBase, input: { slug: string; actor: UserRecord; coursesDir: string; publishedDir: string }): Promise<void> {
  const root = courseRoot(input.coursesDir, input.slug);
  await withLock(`publish:${root}`, async () => {
    if (readPublishedState(input.publishedDir, input.slug).kind !== 'working') return;
    const files = listWorkingFiles(input.slug, input.coursesDir);
    if (files.length === 0) return;
    const version = writeSnapshot(input.publishedDir, input.slug, files);
    await recordPublication(service, {
      slug: input.slug,
      version,
      actor: null,
      actorName: `Kept as published before ${input.actor.display_name || 'an author'}’s first edit in the browser`,
      fileCount: files.length,
      automatic: true,
    });
  });
}

/**
 * The course's publications, newest first.
 *
 * @throws {DomainError} `unavailable` when PocketBase cannot be reached
 */
export async function listPublications(service: TypedPocketBase, slug: string): Promise<CoursePublicationRecord[]> {
  try {
    return await service.collection('course_publications').getFullList({ filter: service.filter('course = {:course}', { course: slug }), sort: '-created', batch: 200 });
  } catch (error) {
    throw fromPocketBase(error, 'publication list');
  }
}
