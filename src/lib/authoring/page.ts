/**
 * Access for the authoring pages: signed out → sign in (with a return path); PocketBase down
 * → 503; signed in but not an author of the course (or not an admin, where admins are
 * needed) → a kind 403 page; no such course → 404.
 */
import type { AstroGlobal, APIContext } from 'astro';
import { existsSync } from 'node:fs';
import { hasRole, requireUser } from '../auth/guards.ts';
import { COURSE_SLUG } from '../courses/course.ts';
import { isUnavailable } from '../errors.ts';
import { serviceClient } from '../pb-service.ts';
import type { TypedPocketBase } from '../pb.ts';
import type { UserRecord } from '../records.ts';
import type { ForbiddenAudience } from '../i18n/forms.ts';
import { canAuthor, canCreateCourse } from './access.ts';
import { courseRoot } from './paths.ts';
import { resolveDirs } from './save.ts';
import { rewriteTo } from '../site/rewrite.ts';

type Context = AstroGlobal | APIContext;

export type AuthorAccess =
  | { ok: true; user: UserRecord; service: TypedPocketBase; slug: string; dirs: { courses: string; published: string | undefined } }
  | { ok: false; response: Response | Promise<Response> }
  | { ok: false; forbidden: Extract<ForbiddenAudience, 'author' | 'authorAdmin' | 'authorCreate'>; user: UserRecord };

/**
 * @param need `author`: an admin or a listed author of the course; `admin`: admins only;
 *   `create`: anyone who may start a course (no course slug needed)
 */
export async function authorAccess(context: Context, slug: string | undefined, need: 'author' | 'admin' | 'create' = 'author'): Promise<AuthorAccess> {
  const guard = requireUser(context);
  if (guard.response) return { ok: false, response: guard.response };
  const user = guard.user;
  const dirs = resolveDirs();
  if (need === 'create') {
    if (!canCreateCourse(user)) return { ok: false, forbidden: 'authorCreate', user };
  }
  let service: TypedPocketBase;
  try {
    service = await serviceClient();
    if (need === 'admin' && !hasRole(user, 'admin')) return { ok: false, forbidden: 'authorAdmin', user };
    if (need === 'author' && !(await canAuthor(service, user, slug ?? ''))) return { ok: false, forbidden: 'author', user };
  } catch (error) {
    // Only an outage is a 503; anything else (the service account refused, a bug) is a 500 with a logged id.
    if (isUnavailable(error)) return { ok: false, response: rewriteTo(context, '/503') };
    throw error;
  }
  if (need !== 'create') {
    if (!slug || !COURSE_SLUG.test(slug) || !existsSync(courseRoot(dirs.courses, slug))) return { ok: false, response: rewriteTo(context, '/404') };
  }
  return { ok: true, user, service, slug: slug ?? '', dirs };
}
