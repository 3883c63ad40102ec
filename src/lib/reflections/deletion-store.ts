/**
 * Deleting one of the person's own reflections in PocketBase, always with their own client
 * (`locals.pb`): the `reflections` delete rule lets only the author delete, and PocketBase
 * deletes its `reflection_versions` and `reflection_comments` with it (cascade). A reflection
 * linked as evidence is refused here first, with a kind explanation, and by
 * pb_hooks/assessment.pb.js for any other way in (without that hook PocketBase would delete it
 * and quietly empty the evidence's link).
 */
import { ClientResponseError } from 'pocketbase';
import { fromPocketBase, DomainError } from '../errors.ts';
import type { TypedPocketBase } from '../pb.ts';
import type { ReflectionRecord } from '../records.ts';
import { ownRecords } from '../trainee/own-records-store.ts';
import { decideDeletion, evidenceCriteria, refusedForEvidence, type DeletionDecision, type DeletionRefused } from './deletion.ts';
import { call, getMyReflection } from './reflections-store.ts';
import { hasErrorCode } from '../hook-errors.ts';

/** How many rows of `collection` point at the reflection (read as the person; one row asked for, the total counted). */
async function countFor(pb: TypedPocketBase, collection: 'reflection_versions' | 'reflection_comments', id: string): Promise<number> {
  const page = await call(() => pb.collection(collection).getList(1, 1, { filter: pb.filter('reflection = {:id}', { id }), fields: 'id' }));
  return page.totalItems;
}

/**
 * One of the person's reflections and what deleting it would mean: allowed (with how many
 * earlier versions and replies go with it) or not (it is evidence).
 *
 * @throws {DomainError} `not-found` when it does not exist or is someone else's; `unavailable`
 */
export async function getDeletionPlan(pb: TypedPocketBase, user: string, id: string): Promise<{ record: ReflectionRecord; decision: DeletionDecision }> {
  const record = await getMyReflection(pb, user, id);
  const [own, earlierVersions, comments] = await Promise.all([
    call(() => ownRecords(pb, user)),
    // The hook writes one version row per change of the text, so version 1 has none: no need to ask.
    (record.version || 1) > 1 ? countFor(pb, 'reflection_versions', id) : Promise.resolve(0),
    countFor(pb, 'reflection_comments', id),
  ]);
  return { record, decision: decideDeletion({ record, earlierVersions, comments, evidence: own.evidence }) };
}

export type DeleteResult =
  | { outcome: 'deleted'; record: ReflectionRecord }
  /** Linked as evidence: nothing was deleted. */
  | { outcome: 'refused'; record: ReflectionRecord; decision: DeletionRefused }
  /** Not there (deleted already, by a double submit or another tab), or not theirs. */
  | { outcome: 'already-gone' };

/**
 * Deletes one of the person's reflections for good, with its earlier versions and replies,
 * unless it is part of their evidence. Deleting one that is already gone is harmless.
 *
 * @throws {DomainError} `unauthenticated`, `unavailable`
 */
export async function deleteMyReflection(pb: TypedPocketBase, user: string, id: string): Promise<DeleteResult> {
  let record: ReflectionRecord;
  try {
    record = await getMyReflection(pb, user, id);
  } catch (error) {
    if (error instanceof DomainError && error.kind === 'not-found') return { outcome: 'already-gone' };
    throw error;
  }

  const criteria = evidenceCriteria(id, (await call(() => ownRecords(pb, user))).evidence);
  if (criteria.length > 0) return { outcome: 'refused', record, decision: refusedForEvidence(record.course, criteria) };

  try {
    await pb.collection('reflections').delete(id);
    return { outcome: 'deleted', record };
  } catch (error) {
    if (error instanceof ClientResponseError && error.status === 404) return { outcome: 'already-gone' };
    // pb_hooks/assessment.pb.js refused, because it was linked as evidence meanwhile.
    if (hasErrorCode(error, 'reflection_is_evidence')) {
      const now = await call(() => ownRecords(pb, user)).catch(() => undefined);
      return { outcome: 'refused', record, decision: refusedForEvidence(record.course, now ? evidenceCriteria(id, now.evidence) : []) };
    }
    throw fromPocketBase(error, 'reflection');
  }
}
