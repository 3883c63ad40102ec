/**
 * Retention against PocketBase (docs/PRIVACY.md, "How long things are kept"): the settings
 * (the single-row, service-only `retention_settings` collection), the facts the selection
 * needs, and a run (dry or real). Every read asks only for ids, owners, courses and dates, never
 * for what anyone wrote. A real run deletes with PocketBase's own delete, so its hooks and
 * cascades apply: a reflection takes its versions and replies with it, evidence its files, a
 * group its invitations; a reflection that evidence links is refused by the hook and counted
 * as kept. Each real run appends one `retention.run` audit row holding counts only.
 */
import { auditFields, writeAudit } from '../audit-log.ts';
import { isAdmin } from '../cohorts/cohorts.ts';
import { DomainError, fromPocketBase, isUnavailable } from '../errors.ts';
import { hasErrorCode } from '../hook-errors.ts';
import { retentionEn } from '../i18n/retention.ts';
import type { TypedPocketBase } from '../pb.ts';
import type { UserRecord } from '../records.ts';
import {
  planRetention,
  retentionFromRecord,
  type MonthsSetting,
  type RetentionCounts,
  type RetentionFacts,
  type RetentionSettings,
} from './retention.ts';
import { sendBatch } from '../pb-batch.ts';

const COLLECTION = 'retention_settings';

async function loadRow(service: TypedPocketBase) {
  const list = await service.collection(COLLECTION).getList(1, 1, { filter: 'key = "retention"' });
  return list.items[0];
}

/**
 * The retention settings (the defaults until an administrator saves them).
 *
 * @throws {DomainError} when PocketBase cannot be read (`unavailable` when it is down)
 */
export async function retentionSettings(service: TypedPocketBase): Promise<RetentionSettings> {
  try {
    const row = await loadRow(service);
    return retentionFromRecord(row as unknown as Record<string, unknown> | undefined);
  } catch (error) {
    throw fromPocketBase(error, 'retention settings');
  }
}

export type Actor = Pick<UserRecord, 'id' | 'role'> & Partial<Pick<UserRecord, 'display_name' | 'email'>>;

/**
 * Saves the settings with a `retention_settings.update` audit row in one batch (both or neither).
 *
 * @throws {DomainError} `forbidden` unless the actor is an administrator; `unavailable` when PocketBase is down
 */
export async function saveRetentionSettings(
  service: TypedPocketBase,
  actor: Actor,
  value: Pick<RetentionSettings, MonthsSetting | 'jobOn'>,
): Promise<RetentionSettings> {
  if (!isAdmin(actor)) throw new DomainError('forbidden', retentionEn.admin.forbidden);
  try {
    const row = await loadRow(service);
    const before = retentionFromRecord(row as unknown as Record<string, unknown> | undefined);
    const fields = {
      key: 'retention',
      reflections_months: value.reflectionsMonths,
      evidence_months: value.evidenceMonths,
      archived_groups_months: value.archivedGroupsMonths,
      job_on: value.jobOn,
    };
    const batch = service.createBatch();
    if (row) batch.collection(COLLECTION).update(row.id, fields);
    else batch.collection(COLLECTION).create(fields);
    batch.collection('audit_log').create(
      auditFields({
        actor,
        action: 'retention_settings.update',
        target_collection: COLLECTION,
        target_id: row?.id ?? '-',
        details: {
          before: { reflections_months: before.reflectionsMonths, evidence_months: before.evidenceMonths, archived_groups_months: before.archivedGroupsMonths, job_on: before.jobOn },
          after: { reflections_months: value.reflectionsMonths, evidence_months: value.evidenceMonths, archived_groups_months: value.archivedGroupsMonths, job_on: value.jobOn },
        },
      }),
    );
    await sendBatch(batch);
  } catch (error) {
    throw fromPocketBase(error, 'retention settings');
  } finally {
    forgetRetentionSettings();
  }
  return retentionSettings(service);
}

/** Everything the selection needs: ids, owners, courses, dates and counts. Never text. */
export async function readRetentionFacts(service: TypedPocketBase): Promise<RetentionFacts> {
  const all = <T>(collection: string, fields: string, filter = '') =>
    service.collection(collection as 'users').getFullList({ fields, filter, batch: 1000 }) as unknown as Promise<T[]>;
  try {
    const [reflections, versions, keepers, progress, attempts, feedback, requests, enrolments, cohorts, evidence, signoffs, plans, samples] = await Promise.all([
      all<{ id: string; user: string; course: string; updated: string }>('reflections', 'id,user,course,updated'),
      all<{ reflection: string }>('reflection_versions', 'reflection'),
      all<{ id: string }>('users', 'id', 'keep_reflections = true'),
      all<{ user: string; updated: string }>('progress', 'user,updated'),
      all<{ user: string; created: string }>('quiz_attempts', 'user,created'),
      all<{ user: string; updated: string }>('module_feedback', 'user,updated'),
      all<{ user: string; created: string }>('assessment_requests', 'user,created'),
      all<{ user: string; course: string; cohort: string }>('enrolments', 'user,course,cohort', 'cohort != ""'),
      all<{ id: string; course: string; ends_on: string; archived: boolean; archived_at: string }>('cohorts', 'id,course,ends_on,archived,archived_at'),
      all<{ id: string; user: string; course: string; criterion: string; created: string; reflection: string; files: string[] }>(
        'evidence',
        'id,user,course,criterion,created,reflection,files',
      ),
      all<{ id: string; user: string; course: string; unit: string; withdrawn: boolean; supersedes: string; created: string }>(
        'unit_signoffs',
        'id,user,course,unit,withdrawn,supersedes,created',
      ),
      all<{ cohort: string }>('qa_plans', 'cohort'),
      all<{ cohort: string }>('qa_samples', 'cohort'),
    ]);
    const versionCounts = new Map<string, number>();
    for (const v of versions) versionCounts.set(v.reflection, (versionCounts.get(v.reflection) ?? 0) + 1);
    return {
      reflections,
      versionCounts,
      keepers: new Set(keepers.map((k) => k.id)),
      activity: [
        ...progress.map((p) => ({ user: p.user, at: p.updated })),
        ...attempts.map((a) => ({ user: a.user, at: a.created })),
        ...feedback.map((f) => ({ user: f.user, at: f.updated })),
        ...requests.map((r) => ({ user: r.user, at: r.created })),
      ],
      enrolments,
      cohorts,
      evidence: evidence.map((e) => ({ ...e, files: (e.files ?? []).length })),
      signoffs,
      qaCohorts: new Set([...plans, ...samples].map((p) => p.cohort)),
    };
  } catch (error) {
    throw fromPocketBase(error, 'retention facts');
  }
}

export interface RetentionRun {
  dryRun: boolean;
  at: string;
  settings: Pick<RetentionSettings, MonthsSetting>;
  counts: RetentionCounts & { failed: number };
}

/**
 * A run at `now`: a dry run only counts; a real run deletes, stamps `last_run_at` and appends
 * the `retention.run` audit row (counts only). `actor` is the administrator who pressed "Run
 * now", or null for the daily job.
 *
 * @throws {DomainError} `forbidden` when an actor who is not an administrator asks; `unavailable` when PocketBase is down
 */
export async function runRetention(
  service: TypedPocketBase,
  options: { now: Date; dryRun: boolean; actor: Actor | null; log?: (line: string) => void },
): Promise<RetentionRun> {
  if (options.actor && !isAdmin(options.actor)) throw new DomainError('forbidden', retentionEn.admin.forbidden);
  const settings = await retentionSettings(service);
  const facts = await readRetentionFacts(service);
  const plan = planRetention(facts, settings, options.now);
  const counts = { ...plan.counts, failed: 0 };
  const months = { reflectionsMonths: settings.reflectionsMonths, evidenceMonths: settings.evidenceMonths, archivedGroupsMonths: settings.archivedGroupsMonths };
  const run: RetentionRun = { dryRun: options.dryRun, at: options.now.toISOString(), settings: months, counts };
  if (options.dryRun) return run;

  const files = new Map(facts.evidence.map((e) => [e.id, e.files]));
  /** Deletes one row; false when it was not deleted (and why is counted by `refused`). */
  const remove = async (collection: string, id: string, refused: (error: unknown) => boolean): Promise<boolean> => {
    try {
      await service.collection(collection as 'users').delete(id);
      return true;
    } catch (error) {
      const mapped = fromPocketBase(error, collection); // a bug (a 500, a non-PocketBase error) is thrown on
      if (isUnavailable(mapped)) throw mapped;
      if (mapped.kind === 'not-found') return false; // gone already (another run, or the person closed their account)
      if (!refused(error)) {
        counts.failed++;
        options.log?.(`[retention] Could not delete a row of ${collection} (${mapped.kind}).`);
      }
      return false;
    }
  };
  const notDone = (collection: keyof RetentionCounts) => counts[collection]--;
  for (const id of plan.evidence) {
    if (!(await remove('evidence', id, () => false))) {
      notDone('evidence');
      counts.evidence_files -= files.get(id) ?? 0;
    }
  }
  for (const id of plan.reflections) {
    const done = await remove('reflections', id, (error) => {
      // Evidence linked it since the plan was made: the hook refuses, and it stays.
      if (!hasErrorCode(error, 'reflection_is_evidence')) return false;
      counts.reflections_linked_as_evidence++;
      return true;
    });
    if (!done) {
      notDone('reflections');
      counts.reflection_versions -= facts.versionCounts.get(id) ?? 0;
    }
  }
  for (const id of plan.groups) {
    if (!(await remove('cohorts', id, () => false))) notDone('groups');
  }

  try {
    const row = await loadRow(service);
    const stamp = { last_run_at: options.now.toISOString() };
    if (row) await service.collection(COLLECTION).update(row.id, stamp);
    else await service.collection(COLLECTION).create({ key: 'retention', reflections_months: settings.reflectionsMonths, evidence_months: settings.evidenceMonths, archived_groups_months: settings.archivedGroupsMonths, job_on: false, ...stamp });
  } catch (error) {
    throw fromPocketBase(error, 'retention settings');
  }
  await writeAudit(service, {
    actor: options.actor,
    actorName: options.actor ? undefined : 'retention job',
    action: 'retention.run',
    target_collection: COLLECTION,
    target_id: '-',
    details: {
      at: run.at,
      trigger: options.actor ? 'admin' : 'daily',
      reflections_months: months.reflectionsMonths,
      evidence_months: months.evidenceMonths,
      archived_groups_months: months.archivedGroupsMonths,
      deleted: { reflections: counts.reflections, reflection_versions: counts.reflection_versions, evidence: counts.evidence, evidence_files: counts.evidence_files, groups: counts.groups },
      kept: {
        reflections_kept_by_choice: counts.reflections_kept_by_choice,
        reflections_linked_as_evidence: counts.reflections_linked_as_evidence,
        groups_with_qa_records: counts.groups_with_qa_records,
        groups_with_evidence: counts.groups_with_evidence,
      },
      failed: counts.failed,
    },
  });
  if (counts.reflections + counts.evidence + counts.groups > 0) await vacuum(service, options.log);
  return run;
}

/** Deleted text must not linger in SQLite's free pages: VACUUM and checkpoint (pb_hooks/retention.pb.js). */
async function vacuum(service: TypedPocketBase, log?: (line: string) => void): Promise<void> {
  try {
    const answer = await service.send<{ vacuumed: boolean }>('/api/ll/retention/vacuum', { method: 'POST' });
    if (!answer.vacuumed) log?.('[retention] The database was too busy to VACUUM; the next run tries again.');
  } catch (error) {
    log?.(`[retention] VACUUM after the run failed (${(error as { status?: number }).status ?? 'no answer'}); the next run tries again.`);
  }
}

/** The last real runs (newest first), from the audit log: when, how, and the counts. */
export async function recentRetentionRuns(service: TypedPocketBase, count = 5): Promise<{ created: string; actor_name: string; details: Record<string, unknown> }[]> {
  try {
    const list = await service.collection('audit_log').getList(1, count, { filter: 'action = "retention.run"', sort: '-created,-id', fields: 'created,actor_name,details' });
    return list.items.map((r) => ({ created: r.created, actor_name: r.actor_name, details: (r.details ?? {}) as Record<string, unknown> }));
  } catch (error) {
    throw fromPocketBase(error, 'audit log');
  }
}

/**
 * "Keep my reflections": the person's own choice, saved with their own token (the users rules
 * let them change their own record).
 *
 * @throws {DomainError} when it cannot be saved (`unavailable` when PocketBase is down)
 */
export async function setKeepReflections(pb: TypedPocketBase, userId: string, keep: boolean): Promise<void> {
  try {
    await pb.collection('users').update(userId, { keep_reflections: keep }, { fields: 'id' });
  } catch (error) {
    throw fromPocketBase(error, 'your choice');
  }
}

let keptForPeople: { settings: RetentionSettings; at: number } | undefined;

/** Forgets the settings kept for pages (after a save; tests). */
export function forgetRetentionSettings(): void {
  keptForPeople = undefined;
}

/**
 * The settings for pages anyone reads (the privacy notice, the account and reflections pages):
 * kept in this process for up to 30 seconds (forgotten at once when this process saves), and the
 * last ones read, or the defaults, when PocketBase cannot be reached, so the page still renders.
 */
export async function retentionSettingsForPeople(service: () => Promise<TypedPocketBase>): Promise<RetentionSettings> {
  if (keptForPeople && Date.now() - keptForPeople.at < 30_000) return keptForPeople.settings;
  try {
    const settings = await retentionSettings(await service());
    keptForPeople = { settings, at: Date.now() };
    return settings;
  } catch (error) {
    if (error instanceof DomainError) return keptForPeople?.settings ?? retentionFromRecord(undefined);
    throw error;
  }
}
