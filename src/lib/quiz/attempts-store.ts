/**
 * `quiz_attempts` in PocketBase. Creating needs the service client (the collection's create
 * rule is service-only, so a trainee cannot forge a pass); reading uses the person's own
 * client, so the API rules decide what they may see.
 */
import { fromPocketBase } from '../errors.ts';
import type { TypedPocketBase } from '../pb.ts';
import { ofCourse, ownRecords } from '../trainee/own-records-store.ts';
import type { QuizAttemptRecord } from '../records.ts';
import type { Answers, Grade } from './grading.ts';
import type { Sitting } from './sitting.ts';

/** An attempt as stored: the record plus PocketBase's autodate fields. */
export type StoredAttempt = QuizAttemptRecord & { created: string; updated: string };

export interface NewAttempt {
  user: string;
  course: string;
  module: string;
  answers: Answers;
  grade: Pick<Grade, 'score' | 'total' | 'passed'>;
  /** What the attempt showed: the questions asked and each one's options, in the order shown. */
  sitting?: Pick<Sitting, 'questions' | 'order'>;
}

/**
 * Stores a graded attempt.
 *
 * @param service the service client (superuser): nobody else may create attempts
 * @throws {DomainError} `unavailable` when PocketBase cannot be reached, `invalid` if refused
 */
export async function createAttempt(service: TypedPocketBase, attempt: NewAttempt): Promise<StoredAttempt> {
  try {
    return await service.collection('quiz_attempts').create<StoredAttempt>({
      user: attempt.user,
      course: attempt.course,
      module: attempt.module,
      answers: attempt.answers,
      score: attempt.grade.score,
      total: attempt.grade.total,
      passed: attempt.grade.passed,
      ...(attempt.sitting ? { asked: attempt.sitting.questions, option_order: attempt.sitting.order } : {}),
    });
  } catch (error) {
    throw fromPocketBase(error, 'result');
  }
}

/**
 * The person's attempts at one module's check, newest first.
 *
 * @param pb the person's own client
 * @throws {DomainError} `unavailable` when PocketBase cannot be reached
 */
export async function listAttempts(pb: TypedPocketBase, user: string, course: string, module: string, limit = 20): Promise<StoredAttempt[]> {
  try {
    const page = await pb.collection('quiz_attempts').getList<StoredAttempt>(1, limit, {
      filter: pb.filter('user = {:user} && course = {:course} && module = {:module}', { user, course, module }),
      sort: '-created,-id',
      skipTotal: true,
    });
    return page.items;
  } catch (error) {
    throw fromPocketBase(error, 'result');
  }
}

/**
 * The person's latest attempt at one module's check and how many they have made: what the
 * next attempt's sitting is drawn from (see ./sitting.ts). Read straight from PocketBase,
 * never from remembered rows, so the page and the grading agree.
 *
 * @param pb the person's own client
 * @throws {DomainError} `unavailable` when PocketBase cannot be reached
 */
export async function attemptsSoFar(pb: TypedPocketBase, user: string, course: string, module: string): Promise<{ latest: StoredAttempt | undefined; count: number }> {
  try {
    const page = await pb.collection('quiz_attempts').getList<StoredAttempt>(1, 1, {
      filter: pb.filter('user = {:user} && course = {:course} && module = {:module}', { user, course, module }),
      sort: '-created,-id',
    });
    return { latest: page.items[0], count: page.totalItems };
  } catch (error) {
    throw fromPocketBase(error, 'result');
  }
}

/**
 * The same as {@link listAttempts}, from the page's one read of the person's own rows (for
 * showing a page; after grading, read the list itself).
 *
 * @throws {DomainError} `unavailable` when PocketBase cannot be reached
 */
export async function listOwnAttempts(pb: TypedPocketBase, user: string, course: string, module: string, limit = 20): Promise<StoredAttempt[]> {
  const own = await ownRecords(pb, user);
  return ofCourse(own.attempts, course, module).reverse().slice(0, limit);
}

/**
 * One of the person's own attempts, or undefined when it does not exist, is not theirs, or
 * is for another module (a trainer who may read someone's attempt still never sees it here).
 *
 * @throws {DomainError} `unavailable` when PocketBase cannot be reached
 */
export async function getOwnAttempt(pb: TypedPocketBase, id: string, user: string, course: string, module: string): Promise<StoredAttempt | undefined> {
  if (!/^[a-z0-9]{1,30}$/.test(id)) return undefined;
  try {
    const record = await pb.collection('quiz_attempts').getOne<StoredAttempt>(id);
    return record.user === user && record.course === course && record.module === module ? record : undefined;
  } catch (error) {
    const mapped = fromPocketBase(error, 'result');
    if (mapped.kind === 'not-found' || mapped.kind === 'forbidden') return undefined;
    throw mapped;
  }
}
