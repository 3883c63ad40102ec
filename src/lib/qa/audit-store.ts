/**
 * Reading `audit_log` with the person's own client: the API rules decide which rows they see
 * (admins: all; verifiers: the rows of their cohorts). Nothing here writes to the log.
 */
import { fromPocketBase } from '../errors.ts';
import type { TypedPocketBase } from '../pb.ts';
import type { CohortRecord } from '../records.ts';
import { AUDIT_EXPORT_LIMIT, AUDIT_PAGE_SIZE, type AuditEntry } from './audit.ts';

export interface AuditFilter {
  /** A cohort id, `none` for entries about no cohort, or undefined for all. */
  cohort?: string | undefined;
  action?: string | undefined;
}

export interface AuditPage {
  entries: AuditEntry[];
  page: number;
  totalPages: number;
  totalItems: number;
  perPage: number;
}

const FIELDS = 'id,actor,actor_name,action,target_collection,target_id,cohort,details,created';

function filterOf(pb: TypedPocketBase, filter: AuditFilter): string {
  const parts: string[] = [];
  const params: Record<string, string> = {};
  if (filter.cohort === 'none') parts.push('cohort = ""');
  else if (filter.cohort) {
    parts.push('cohort = {:cohort}');
    params['cohort'] = filter.cohort;
  }
  if (filter.action) {
    parts.push('action = {:action}');
    params['action'] = filter.action;
  }
  return parts.length ? pb.filter(parts.join(' && '), params) : '';
}

const toEntry = (row: Record<string, unknown>): AuditEntry => ({
  id: String(row['id'] ?? ''),
  actor: String(row['actor'] ?? ''),
  actor_name: String(row['actor_name'] ?? ''),
  action: String(row['action'] ?? ''),
  target_collection: String(row['target_collection'] ?? ''),
  target_id: String(row['target_id'] ?? ''),
  cohort: String(row['cohort'] ?? ''),
  details: row['details'] && typeof row['details'] === 'object' ? (row['details'] as Record<string, unknown>) : null,
  created: String(row['created'] ?? ''),
});

/**
 * One page of the log, newest first.
 *
 * @throws {DomainError} `unavailable` when PocketBase cannot be reached
 */
export async function listAuditPage(pb: TypedPocketBase, filter: AuditFilter, page: number, perPage = AUDIT_PAGE_SIZE): Promise<AuditPage> {
  try {
    const result = await pb.collection('audit_log').getList(page, perPage, { filter: filterOf(pb, filter), sort: '-created,-id', fields: FIELDS });
    return {
      entries: result.items.map((row) => toEntry(row)),
      page: result.page,
      totalPages: Math.max(1, result.totalPages),
      totalItems: result.totalItems,
      perPage: result.perPage,
    };
  } catch (error) {
    throw fromPocketBase(error, 'audit log');
  }
}

/**
 * Every entry matching the filter, newest first, up to `limit`, for the CSV export.
 *
 * @throws {DomainError} `unavailable` when PocketBase cannot be reached
 */
export async function listAuditForExport(pb: TypedPocketBase, filter: AuditFilter, limit = AUDIT_EXPORT_LIMIT): Promise<AuditEntry[]> {
  const entries: AuditEntry[] = [];
  try {
    for (let page = 1; entries.length < limit; page++) {
      const result = await pb.collection('audit_log').getList(page, 500, { filter: filterOf(pb, filter), sort: '-created,-id', fields: FIELDS, skipTotal: true });
      entries.push(...result.items.map((row) => toEntry(row)));
      if (result.items.length < 500) break;
    }
  } catch (error) {
    throw fromPocketBase(error, 'audit log');
  }
  return entries.slice(0, limit);
}

/**
 * The cohorts the person may see, by name, for the filter and for naming groups.
 *
 * @throws {DomainError} `unavailable` when PocketBase cannot be reached
 */
export async function listVisibleCohorts(pb: TypedPocketBase): Promise<CohortRecord[]> {
  try {
    return await pb.collection('cohorts').getFullList({ sort: 'name,id', fields: 'id,name,course,verifiers,archived' });
  } catch (error) {
    throw fromPocketBase(error, 'group');
  }
}
