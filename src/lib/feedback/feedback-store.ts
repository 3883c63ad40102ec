/**
 * `module_feedback` in PocketBase. A person reads and writes their own row with their own
 * client (the API rules allow only the author). The course team's summary reads the
 * `module_feedback_team` view, also with the person's own client: PocketBase lets only the
 * course's authors and the trainers of its groups read it, and it never holds an id or an
 * email, nor a name where the person chose to stay anonymous.
 */
import { fromPocketBase } from '../errors.ts';
import type { TypedPocketBase } from '../pb.ts';
import { ofCourse, ownRecords } from '../trainee/own-records-store.ts';
import type { ModuleFeedbackRecord } from '../records.ts';
import type { FeedbackRow } from './feedback.ts';
import type { FeedbackInput } from './schema.ts';
import { hasErrorCode } from '../hook-errors.ts';

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
      const raced = hasErrorCode(error, 'validation_not_unique') ? await getOwnFeedback(pb, user, input.course, input.module) : undefined;
      if (!raced) throw error;
      return await pb.collection('module_feedback').update(raced.id, values);
    }
  } catch (error) {
    throw fromPocketBase(error, 'feedback');
  }
}

/**
 * Whether the person is on the course team that may read the course's feedback: one of the
 * course's authors, or a trainer of one of its groups. Read with the person's own client
 * (they see their own author rows and the groups they train), so nobody else's say counts.
 *
 * @throws {DomainError} `unavailable` when PocketBase cannot be reached
 */
export async function isCourseTeam(pb: TypedPocketBase, user: string, course: string): Promise<boolean> {
  try {
    const [authors, groups] = await Promise.all([
      pb.collection('course_authors').getList(1, 1, { filter: pb.filter('course = {:course} && user = {:user}', { course, user }), skipTotal: true, fields: 'id' }),
      pb.collection('cohorts').getList(1, 1, { filter: pb.filter('course = {:course} && trainers ~ {:user}', { course, user }), skipTotal: true, fields: 'id' }),
    ]);
    return authors.items.length > 0 || groups.items.length > 0;
  } catch (error) {
    throw fromPocketBase(error, 'feedback');
  }
}

/**
 * Every feedback row of a course, for the course team's summary, from the
 * `module_feedback_team` view: its API rules let only the course's authors and the trainers
 * of its groups read it, and it holds a display name only where the person chose to share it
 * (never an id or an email). Anyone else gets no rows.
 *
 * @param pb the person's own client
 * @throws {DomainError} `unavailable` when PocketBase cannot be reached
 */
export async function listCourseFeedback(pb: TypedPocketBase, course: string): Promise<FeedbackRow[]> {
  try {
    const rows = await pb.collection('module_feedback_team').getFullList({
      filter: pb.filter('course = {:course}', { course }),
      fields: 'module,useful,hard_to_read,change,anonymous,display_name',
      sort: 'created',
    });
    return rows.map((row) => ({
      module: row.module,
      useful: row.useful || undefined,
      hard_to_read: row.hard_to_read ?? '',
      change: row.change ?? '',
      anonymous: row.anonymous !== false,
      displayName: row.anonymous === false && row.display_name ? row.display_name : undefined,
    }));
  } catch (error) {
    throw fromPocketBase(error, 'feedback');
  }
}
