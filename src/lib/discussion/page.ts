/**
 * What every page of a group's discussion space does first, so the four pages (the space, a
 * thread, the reports, editing a post) make one lib call instead of the same dozen lines each.
 */
import type { AstroGlobal } from 'astro';
import { requireUser } from '../auth/guards.ts';
import { DomainError, isUnavailable } from '../errors.ts';
import type { TypedPocketBase } from '../pb.ts';
import type { UserRecord } from '../records.ts';
import { rewriteTo } from '../site/rewrite.ts';
import { openSpace, type Space } from './discussion-store.ts';

type Context = Pick<AstroGlobal, 'locals' | 'url' | 'redirect' | 'rewrite' | 'request' | 'params' | 'response'>;

export type DiscussionPageStart<T> =
  | { response: Response | Promise<Response> }
  | { response?: undefined; user: UserRecord; service: TypedPocketBase; space: Space; loaded: T };

/**
 * The signed-in person (else sign in, or the 503 page while PocketBase is away), the page kept
 * out of search engines, the group's space as they may use it (`cohort` route parameter), and
 * whatever `load` reads for the page (a thread, a post). Someone who is not an active member or
 * trainer of the group, a group, thread or post that does not exist or is not theirs to see,
 * and with `trainersOnly` a member, all get the 404 page: never a hint that the group is there.
 *
 * @param options.load reads what the page shows; a `DomainError` it throws (other than
 *   `unavailable`) means "not for this person" and gives the 404 page
 * @throws {DomainError} of kind `unavailable` when PocketBase is away (the middleware shows the 503 page)
 */
export async function discussionPage<T = undefined>(
  context: Context,
  options: { trainersOnly?: boolean; load?: (args: { space: Space; user: UserRecord; service: TypedPocketBase }) => Promise<T> } = {},
): Promise<DiscussionPageStart<T>> {
  const guard = requireUser(context);
  if (guard.response) return { response: guard.response };
  const { user } = guard;
  context.response.headers.set('X-Robots-Tag', 'noindex, nofollow');
  const service = await context.locals.service();
  try {
    const space = await openSpace(context.locals.pb, service, context.params['cohort'], user);
    if (options.trainersOnly && space.role !== 'trainer') return { response: rewriteTo(context, '/404') };
    const loaded = options.load ? await options.load({ space, user, service }) : (undefined as T);
    return { user, service, space, loaded };
  } catch (error) {
    if (error instanceof DomainError && !isUnavailable(error)) return { response: rewriteTo(context, '/404') };
    throw error;
  }
}
