/**
 * `module_feedback` in PocketBase. A person reads and writes their own row with their own
 * client (the API rules allow only the author). The course team's summary reads every row
 * of a course with the service client, taking only the display name of the author, never
 * the email, and feedback.ts drops even that for anonymous rows.
 */
import { ClientResponseError } from 'pocketbase';
import { fromPocketBase } from '../errors.ts';
import type { TypedPocketBase } from '../pb.ts';
import { ofCourse, ownRecords } from '../trainee/own-records-store.ts';
import type { ModuleFeedbackRecord } from '../records.ts';
import type { FeedbackRow } from './feedback.ts';
import type { FeedbackInput } from './schema.ts';

const ownRow = (pb: TypedPocketBase, user: string, course: string, module: string) =>
  pb.filter('user = {:user} && course = {:course} && module = {:module}', { user, course, module });

/**
 * The person's own feedback on a module, if they have given any.
 *
 * @throws {DomainError} `unavailable` when PocketBase cannot be reached
 */
export async function getOwnFeedback(pb: TypedPocketBase, user: string, course: string, module: string): Promise<ModuleFeedbackRecord | undefined> {
  try {
    const page = await pb.collection('module_feedback').getList(1, 1, { filter: ownRow(pb, user, course, module), skipTotal: true });
    return page.items[0];
  } catch (error) {
    throw fromPocketBase(error, 'feedback');
  }
}

/**
 * The same as {@link getOwnFeedback}, from the page's one read of the person's own rows.
 *
 * @throws {DomainError} `unavailable` when PocketBase cannot be reached
 */
export async function ownFeedbackOn(pb: TypedPocketBase, user: string, course: string, module: string): Promise<ModuleFeedbackRecord | undefined> {
  return ofCourse((await ownRecords(pb, user)).feedback, course, module)[0];
}

/**
 * Saves the person's feedback on a module: one row per person and module, created the
 * first time and changed after that (also when two saves race for the first row).
 *
 * @param pb the person's own client
 * @throws {DomainError} `invalid` (with field messages) if PocketBase refuses the values,
 *   `unavailable` when it cannot be reached
 */
export async function saveFeedback(pb: TypedPocketBase, user: string, input: FeedbackInput): Promise<ModuleFeedbackRecord> {
  const values = {
    useful: input.useful ?? '',
    hard_to_read: input.hard_to_read,
    change: input.change,
    anonymous: input.anonymous,
  };
  try {
    const existing = await getOwnFeedback(pb, user, input.course, input.module);
    if (existing) return await pb.collection('module_feedback').update(existing.id, values);
    try {
      return await pb.collection('module_feedback').create({ user, course: input.course, module: input.module, ...values });
    } catch (error) {
      // Another save made the row first (unique per person and module): change that one.
      const raced = error instanceof ClientResponseError && error.status === 400 ? await getOwnFeedback(pb, user, input.course, input.module) : undefined;
      if (!raced) throw error;
      return await pb.collection('module_feedback').update(raced.id, values);
    }
  } catch (error) {
    throw fromPocketBase(error, 'feedback');
  }
}

/**
 * Every feedback row of a course with its author's display name, for the summary.
 *
 * @param service the service client: the rows' API rules let only their authors read them
 * @throws {DomainError} `unavailable` when PocketBase cannot be reached
 */
export async function listCourseFeedback(service: TypedPocketBase, course: string): Promise<FeedbackRow[]> {
  try {
    const rows = await service.collection('module_feedback').getFullList({
      filter: service.filter('course = {:course}', { course }),
      expand: 'user',
      // Only what the summary needs: never the author's email.
      fields: 'module,useful,hard_to_read,change,anonymous,expand.user.display_name',
      sort: 'created',
    });
    return rows.map((row) => ({
      module: row.module,
      useful: row.useful,
      hard_to_read: row.hard_to_read ?? '',
      change: row.change ?? '',
      anonymous: row.anonymous !== false,
      displayName: row.anonymous === false ? (row.expand?.['user']?.display_name as string | undefined) : undefined,
    }));
  } catch (error) {
    throw fromPocketBase(error, 'feedback');
  }
}
