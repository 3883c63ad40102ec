/**
 * Reading and writing competency ratings and peer invites. Every read and write of a rating
 * or an invite uses the person's OWN client, so PocketBase's rules (docs/DATA-MODEL.md) decide
 * who sees and writes what. The service account is used for one thing the rules cannot give
 * a trainee: the names of the other people in their group, for the invite form, and the
 * trainee's name for their group's staff (names and ids only, after checking the group).
 */
import { DomainError, fromPocketBase } from '../errors.ts';
import { ratingsEn } from '../i18n/ratings.ts';
import type { TypedPocketBase } from '../pb.ts';
import type { CompetencyRatingRecord, RatingInviteRecord, UserRecord } from '../records.ts';
import { cohortMembers } from '../cohorts/cohorts-store.ts';
import type { CohortRecord } from '../records.ts';
import type { RatingInput, RatingRole, RatingRow } from './ratings.ts';
import { sendBatch } from '../pb-batch.ts';

const e = ratingsEn.errors;

const toRow = (r: CompetencyRatingRecord): RatingRow => ({
  id: r.id,
  competency: r.competency,
  role: r.role,
  score: r.score,
  comment: r.comment,
  rater: r.rater,
  rater_name: r.rater_name,
  invite: r.invite,
  created: r.created,
});

/**
 * The ratings of one trainee in one course that the client may read (all of them for the
 * trainee and their group's staff; only their own for a peer).
 *
 * @throws {DomainError} `unavailable`
 */
export async function listRatings(pb: TypedPocketBase, trainee: string, course: string, rater?: string): Promise<RatingRow[]> {
  try {
    const filter = rater
      ? pb.filter('user = {:user} && course = {:course} && rater = {:rater}', { user: trainee, course, rater })
      : pb.filter('user = {:user} && course = {:course}', { user: trainee, course });
    const rows = await pb.collection('competency_ratings').getFullList({ filter, sort: '-created', batch: 500 });
    return rows.map(toRow);
  } catch (error) {
    throw fromPocketBase(error, 'rating');
  }
}

/** The trainee's own invites for a course, newest first. @throws {DomainError} `unavailable` */
export async function listOwnInvites(pb: TypedPocketBase, trainee: string, course: string): Promise<RatingInviteRecord[]> {
  try {
    return await pb.collection('rating_invites').getFullList({
      filter: pb.filter('user = {:user} && course = {:course}', { user: trainee, course }),
      sort: '-created',
    });
  } catch (error) {
    throw fromPocketBase(error, 'request');
  }
}

/** Open invites asking this person to rate someone, newest first. @throws {DomainError} `unavailable` */
export async function invitesToRate(pb: TypedPocketBase, peer: string): Promise<RatingInviteRecord[]> {
  try {
    return await pb.collection('rating_invites').getFullList({
      filter: pb.filter('peer = {:peer} && status = "open"', { peer }),
      sort: '-created',
    });
  } catch (error) {
    throw fromPocketBase(error, 'request');
  }
}

/**
 * One invite, as its trainee or its peer reads it; undefined when there is none they may read.
 *
 * @throws {DomainError} `unavailable`
 */
export async function getInvite(pb: TypedPocketBase, id: string): Promise<RatingInviteRecord | undefined> {
  try {
    return await pb.collection('rating_invites').getOne(id);
  } catch (error) {
    const mapped = fromPocketBase(error, 'request');
    if (mapped.kind === 'not-found' || mapped.kind === 'forbidden') return undefined;
    throw mapped;
  }
}

export interface GroupPeers {
  /** The trainee is in a group for this course (actively enrolled). */
  inGroup: boolean;
  /** The other active trainees of that group: id and display name only. */
  peers: { id: string; name: string }[];
}

/**
 * Who a trainee may ask to rate them: the other active members of their group for the course.
 * Service account (a trainee cannot read their group); gives names and ids only.
 *
 * @throws {DomainError} `unavailable`
 */
export async function groupPeers(service: TypedPocketBase, trainee: string, course: string): Promise<GroupPeers> {
  try {
    const own = await service.collection('enrolments').getList(1, 1, {
      filter: service.filter('user = {:user} && course = {:course} && status = "active" && cohort != ""', { user: trainee, course }),
      fields: 'cohort',
    });
    const cohort = own.items[0]?.cohort;
    if (!cohort) return { inGroup: false, peers: [] };
    const rows = await service.collection('enrolments').getFullList({
      filter: service.filter('cohort = {:cohort} && course = {:course} && status = "active" && user != {:user}', { cohort, course, user: trainee }),
      expand: 'user',
      fields: 'user,expand.user.id,expand.user.display_name',
      batch: 500,
    });
    const peers = rows
      .map((r) => {
        const user = (r as unknown as { expand?: { user?: Pick<UserRecord, 'id' | 'display_name'> } }).expand?.user;
        return { id: r.user, name: user?.display_name ?? '' };
      })
      .filter((p) => p.name !== '')
      .sort((a, b) => a.name.localeCompare(b.name, 'en-GB'));
    return { inGroup: true, peers };
  } catch (error) {
    throw fromPocketBase(error, 'group');
  }
}

/**
 * A trainee's display name for the staff of their group: '' when they are not a member of the
 * cohort (the page then answers 404). The cohort was read with the viewer's own token, so only
 * its staff get this far.
 *
 * @throws {DomainError} `unavailable`
 */
export async function traineeName(service: TypedPocketBase, cohort: Pick<CohortRecord, 'id' | 'course'>, trainee: string): Promise<string> {
  const members = await cohortMembers(service, cohort);
  if (!members.some((m) => m.user === trainee)) return '';
  try {
    return (await service.collection('users').getOne(trainee, { fields: 'display_name' })).display_name;
  } catch (error) {
    const mapped = fromPocketBase(error, 'person');
    if (mapped.kind === 'not-found') return '';
    throw mapped;
  }
}

export interface RatingWrite {
  trainee: string;
  course: string;
  role: RatingRole;
  rater: Pick<UserRecord, 'id' | 'display_name'>;
  /** The invite, for a peer's rating. */
  invite?: string;
}

/**
 * Saves several ratings at once, all or none (one batch), each a new row.
 *
 * @throws {DomainError} `forbidden` when the rules refuse (not the trainee, not invited, not
 *   the group's staff), `invalid`, `unavailable`
 */
export async function saveRatings(pb: TypedPocketBase, write: RatingWrite, ratings: readonly RatingInput[]): Promise<void> {
  const batch = pb.createBatch();
  for (const r of ratings) {
    batch.collection('competency_ratings').create({
      user: write.trainee,
      course: write.course,
      competency: r.competency,
      role: write.role,
      score: r.score,
      comment: r.comment,
      rater: write.rater.id,
      rater_name: write.rater.display_name,
      invite: write.invite ?? '',
    });
  }
  try {
    await sendBatch(batch);
  } catch (error) {
    throw refusal(error, e.notAllowed);
  }
}

/**
 * Asks a peer to rate the trainee.
 *
 * @throws {DomainError} `forbidden` when the rules refuse (not both in the same group), `unavailable`
 */
export async function createInvite(
  pb: TypedPocketBase,
  trainee: Pick<UserRecord, 'id' | 'display_name'>,
  course: string,
  peer: { id: string; name: string },
  message: string,
): Promise<RatingInviteRecord> {
  try {
    return await pb.collection('rating_invites').create({
      user: trainee.id,
      course,
      peer: peer.id,
      trainee_name: trainee.display_name,
      peer_name: peer.name,
      message,
      status: 'open',
    });
  } catch (error) {
    throw refusal(error, e.notAllowedInvite);
  }
}

/** Withdraws one of the trainee's invites. @throws {DomainError} `not-found`, `unavailable` */
export async function withdrawInvite(pb: TypedPocketBase, id: string): Promise<void> {
  try {
    await pb.collection('rating_invites').update(id, { status: 'withdrawn' });
  } catch (error) {
    throw fromPocketBase(error, 'request');
  }
}

/** A failed create rule is a 400 with no field errors (or a 403): say plainly who may do it. */
function refusal(error: unknown, message: string): DomainError {
  const mapped = fromPocketBase(error, 'rating');
  if (mapped.kind === 'forbidden' || (mapped.kind === 'invalid' && Object.keys(mapped.fields).length === 0)) {
    // Why PocketBase refused, for the operator (no names, no rating text): a rule, or a batch that failed whole.
    const cause = mapped.cause instanceof Error ? mapped.cause : undefined;
    console.warn(`[ratings] refused: ${cause ? `${(cause as { status?: number }).status ?? '?'} ${cause.message}` : mapped.kind}`);
    return new DomainError('forbidden', message);
  }
  return mapped;
}

/** The person is actively enrolled in the course (their own enrolment, own client). @throws {DomainError} `unavailable` */
export async function isActivelyEnrolled(pb: TypedPocketBase, user: string, course: string): Promise<boolean> {
  try {
    const rows = await pb.collection('enrolments').getList(1, 1, {
      filter: pb.filter('user = {:user} && course = {:course} && status = "active"', { user, course }),
      fields: 'id',
    });
    return rows.items.length > 0;
  } catch (error) {
    throw fromPocketBase(error, 'enrolment');
  }
}
