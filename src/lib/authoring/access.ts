/**
 * Who may author which course: admins all of them; people whose role includes `trainer` or
 * `author` the courses that list them in `course_authors`. Read with the service client,
 * because the rule must hold whatever the person's own token may list.
 */
import { hasRole } from '../auth/guards.ts';
import { COURSE_SLUG } from '../courses/course.ts';
import { DomainError, fromPocketBase } from '../errors.ts';
import type { TypedPocketBase } from '../pb.ts';
import type { UserRecord } from '../records.ts';

export type AuthorScope = { all: true } | { all: false; courses: string[] };

/** Roles that may be listed as a course's author. */
export const AUTHOR_ROLES = ['trainer', 'author'] as const;

/**
 * The courses this person may edit.
 *
 * @throws {DomainError} `unavailable` when PocketBase cannot be reached
 */
export async function authorScope(service: TypedPocketBase, user: UserRecord | null): Promise<AuthorScope> {
  if (!user) return { all: false, courses: [] };
  if (hasRole(user, 'admin')) return { all: true };
  if (!hasRole(user, ...AUTHOR_ROLES)) return { all: false, courses: [] };
  try {
    const rows = await service.collection('course_authors').getFullList({ filter: service.filter('user = {:user}', { user: user.id }), fields: 'course', batch: 500 });
    return { all: false, courses: [...new Set(rows.map((r) => r.course))].sort() };
  } catch (error) {
    throw fromPocketBase(error, 'course author list');
  }
}

/**
 * True when the person may edit, publish, export or import this course.
 *
 * @throws {DomainError} `unavailable` when PocketBase cannot be reached
 */
export async function canAuthor(service: TypedPocketBase, user: UserRecord | null, slug: string): Promise<boolean> {
  if (!user) return false;
  if (hasRole(user, 'admin')) return true;
  if (!hasRole(user, ...AUTHOR_ROLES) || !COURSE_SLUG.test(slug)) return false;
  try {
    const list = await service.collection('course_authors').getList(1, 1, { skipTotal: true, filter: service.filter('user = {:user} && course = {:course}', { user: user.id, course: slug }), fields: 'id' });
    return list.items.length > 0;
  } catch (error) {
    throw fromPocketBase(error, 'course author list');
  }
}

/** Admins, and people with role `author` or `trainer`, may start a new course. */
export function canCreateCourse(user: UserRecord | null): boolean {
  return hasRole(user, 'admin', ...AUTHOR_ROLES);
}

/**
 * Lists the person as an author of the course (no-op when already listed).
 *
 * @throws {DomainError} `invalid` for a bad slug; `unavailable` when PocketBase cannot be reached
 */
export async function addCourseAuthor(service: TypedPocketBase, slug: string, userId: string): Promise<void> {
  if (!COURSE_SLUG.test(slug)) throw new DomainError('invalid', `“${slug}” is not a course name.`);
  try {
    const existing = await service.collection('course_authors').getList(1, 1, { skipTotal: true, filter: service.filter('user = {:user} && course = {:course}', { user: userId, course: slug }), fields: 'id' });
    if (existing.items.length > 0) return;
    await service.collection('course_authors').create({ course: slug, user: userId }, { fields: 'id' });
  } catch (error) {
    const mapped = fromPocketBase(error, 'course author');
    // Two admins adding the same person at once: the unique index keeps one row, which is what we want.
    if (mapped.kind === 'invalid') {
      const again = await service.collection('course_authors').getList(1, 1, { skipTotal: true, filter: service.filter('user = {:user} && course = {:course}', { user: userId, course: slug }), fields: 'id' }).catch(() => undefined);
      if (again && again.items.length > 0) return;
    }
    throw mapped;
  }
}

/**
 * Takes the person off the course's authors (no-op when not listed).
 *
 * @throws {DomainError} `unavailable` when PocketBase cannot be reached
 */
export async function removeCourseAuthor(service: TypedPocketBase, slug: string, userId: string): Promise<void> {
  try {
    const rows = await service.collection('course_authors').getFullList({ filter: service.filter('user = {:user} && course = {:course}', { user: userId, course: slug }), fields: 'id' });
    for (const row of rows) await service.collection('course_authors').delete(row.id);
  } catch (error) {
    throw fromPocketBase(error, 'course author');
  }
}

export interface CourseAuthor {
  id: string;
  user: string;
  name: string;
  email: string;
}

/**
 * The people listed as authors of a course, by name.
 *
 * @throws {DomainError} `unavailable` when PocketBase cannot be reached
 */
export async function listCourseAuthors(service: TypedPocketBase, slug: string): Promise<CourseAuthor[]> {
  try {
    const rows = await service.collection('course_authors').getFullList({ filter: service.filter('course = {:course}', { course: slug }), expand: 'user', batch: 500 });
    return rows
      .map((row) => {
        const user = (row.expand as { user?: UserRecord } | undefined)?.user;
        return { id: row.id, user: row.user, name: user?.display_name || user?.email || row.user, email: user?.email ?? '' };
      })
      .sort((a, b) => a.name.localeCompare(b.name));
  } catch (error) {
    throw fromPocketBase(error, 'course author list');
  }
}
