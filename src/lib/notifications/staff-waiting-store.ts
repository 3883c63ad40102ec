/**
 * The staff home's "Waiting for you" counts, worked out from the same queues the staff pages
 * show, so a count and the list it links to always agree:
 * - assessors of a group: its assessment queue (decisions.ts `assessmentQueue`): work waiting
 *   for a decision, and decisions an IQA sent back; never their own evidence;
 * - IQAs of a group: its QA record (qa-record.ts `buildQaRecord`): sampled decisions with no
 *   verdict yet, other than their own decisions;
 * - trainers of a group: its shared reflections (replies-store.ts) with no reply yet, and the
 *   reports on its discussion posts not yet dealt with (the reports page lists the same).
 *
 * Everything is read as the person (their own client; the rules scope it), with the service
 * client only where those pages use it too (who is in a group, names). The groups come from
 * `listMyCohorts` with the person's own token, which proves they are staff of each. Archived
 * groups are left out.
 */
import type { Course } from '../courses/course.ts';
import { assessmentQueue } from '../assessment/decisions.ts';
import { groupByTrainee } from '../assessment/overview.ts';
import { loadCohortData } from '../assessment/overview-store.ts';
import { canAssess, canReply } from '../cohorts/cohorts.ts';
import { loadSharedView } from '../cohorts/replies-store.ts';
import type { TypedPocketBase } from '../pb.ts';
import { buildQaRecord } from '../qa/qa-record.ts';
import { loadQaFacts } from '../qa/qa-store.ts';
import type { CohortRecord } from '../records.ts';
import type { StaffGroupWaiting } from './notifications.ts';
import { fromPocketBase } from '../errors.ts';

export const isIqaOf = (cohort: Pick<CohortRecord, 'iqas'>, user: string) => (cohort.iqas ?? []).includes(user);

/**
 * What is waiting for `user` in each of their (current) groups.
 *
 * @param cohorts from `listMyCohorts(pb, user)`
 * @throws {DomainError} `unavailable`
 */
export async function loadStaffWaiting(
  pb: TypedPocketBase,
  service: () => Promise<TypedPocketBase>,
  user: string,
  cohorts: readonly CohortRecord[],
  courseOf: (slug: string) => Course | undefined,
): Promise<StaffGroupWaiting[]> {
  const out: StaffGroupWaiting[] = [];
  for (const cohort of cohorts) {
    if (cohort.archived) continue;
    const course = courseOf(cohort.course);
    const assesses = canAssess(cohort, user) && course !== undefined;
    const samples = isIqaOf(cohort, user);
    const replies = canReply(cohort, user);
    if (!assesses && !samples && !replies) continue;
    const group: StaffGroupWaiting = { cohort: { id: cohort.id, name: cohort.name }, toDecide: 0, returned: 0, samples: 0, replies: 0, reports: 0 };
    await Promise.all([
      assesses &&
        (async () => {
          const data = await loadCohortData(pb, await service(), cohort, { progress: false });
          const queue = assessmentQueue(course!, groupByTrainee(data), user);
          for (const item of queue.items) {
            if (item.own) continue;
            if (item.status.returned) group.returned += 1;
            else group.toDecide += 1;
          }
        })(),
      samples &&
        (async () => {
          const record = buildQaRecord(await loadQaFacts(pb, service, cohort), course);
          group.samples = record.sampled.filter((s) => !s.latest && !s.corrected && s.decision.assessor !== user).length;
        })(),
      replies &&
        (async () => {
          const view = await loadSharedView(pb, await service(), cohort);
          group.replies = view.reflections.filter((r) => (view.replies.get(r.id) ?? []).length === 0).length;
        })(),
      replies &&
        (async () => {
          try {
            const open = await pb.collection('discussion_reports').getList(1, 1, { filter: pb.filter('post.thread.cohort = {:c} && status = "open"', { c: cohort.id }), fields: 'id' });
            group.reports = open.totalItems;
          } catch (error) {
            throw fromPocketBase(error, 'report');
          }
        })(),
    ]);
    out.push(group);
  }
  return out;
}
