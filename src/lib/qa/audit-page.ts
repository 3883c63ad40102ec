/**
 * The audit log page (/staff/audit) and its CSV export, for the thin routes. Admins see every
 * entry, verifiers the entries of their cohorts: the API rules decide, because the log is read
 * with the person's own client. Display names of people the entries name come from the
 * service client (nobody may read another person's account through the API).
 */
import { hasRole } from '../auth/guards.ts';
import { DomainError } from '../errors.ts';
import { qaText } from '../i18n/qa.ts';
import type { TypedPocketBase } from '../pb.ts';
import type { CohortRecord, UserRecord } from '../records.ts';
import { auditCsv, peopleIn, type AuditEntry } from './audit.ts';
import { listAuditForExport, listAuditPage, listVisibleCohorts, type AuditFilter } from './audit-store.ts';
import { loadPeople } from './qa-store.ts';
import { parseAuditQuery, type AuditQuery } from './schema.ts';

const t = qaText('en-GB');

export interface AuditDeps {
  pb: TypedPocketBase;
  service: () => Promise<TypedPocketBase>;
  user: UserRecord;
}

export interface AuditView {
  isAdmin: boolean;
  query: AuditQuery;
  entries: AuditEntry[];
  page: number;
  totalPages: number;
  totalItems: number;
  perPage: number;
  cohorts: CohortRecord[];
  /** Person id → display name, for ids the details name. */
  names: Map<string, string>;
  /** `?…` for the same filters on another page or the CSV. */
  queryFor(page?: number): string;
}

export type AuditOutcome = { kind: 'forbidden' } | { kind: 'unavailable' } | { kind: 'page'; view: AuditView };

/** May this person read the audit log at all? (Which rows, the API rules decide.) */
export const mayReadAudit = (user: UserRecord) => hasRole(user, 'admin', 'verifier');

function filterOf(query: AuditQuery): AuditFilter {
  return { cohort: query.cohort, action: query.action };
}

function queryString(query: AuditQuery, page?: number): string {
  const params = new URLSearchParams();
  if (query.cohort) params.set('cohort', query.cohort);
  if (query.action) params.set('action', query.action);
  if (page && page > 1) params.set('page', String(page));
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** Names of the people these entries name in their details. */
async function namesFor(deps: AuditDeps, entries: readonly AuditEntry[]): Promise<Map<string, string>> {
  const ids = peopleIn(entries);
  if (ids.length === 0) return new Map();
  const people = await loadPeople(await deps.service(), ids);
  return new Map([...people].map(([id, p]) => [id, p.name]));
}

/** GET /staff/audit. */
export async function loadAuditPage(deps: AuditDeps, url: URL): Promise<AuditOutcome> {
  if (!mayReadAudit(deps.user)) return { kind: 'forbidden' };
  const query = parseAuditQuery(url.searchParams);
  try {
    const [result, cohorts] = await Promise.all([listAuditPage(deps.pb, filterOf(query), query.page), listVisibleCohorts(deps.pb)]);
    // Past the last page (an old link): show the last page rather than an empty one.
    const page = result.page > result.totalPages ? await listAuditPage(deps.pb, filterOf(query), result.totalPages) : result;
    const names = await namesFor(deps, page.entries);
    return {
      kind: 'page',
      view: {
        isAdmin: hasRole(deps.user, 'admin'),
        query,
        entries: page.entries,
        page: page.page,
        totalPages: page.totalPages,
        totalItems: page.totalItems,
        perPage: page.perPage,
        cohorts,
        names,
        queryFor: (n?: number) => queryString(query, n),
      },
    };
  } catch (error) {
    if (error instanceof DomainError) return { kind: error.kind === 'unavailable' ? 'unavailable' : 'forbidden' };
    throw error;
  }
}

/** GET /staff/audit/export.csv: the filtered log as CSV, newest first. */
export async function auditCsvFor(deps: AuditDeps, url: URL): Promise<{ kind: 'forbidden' } | { kind: 'unavailable' } | { kind: 'csv'; filename: string; body: string }> {
  if (!mayReadAudit(deps.user)) return { kind: 'forbidden' };
  const query = parseAuditQuery(url.searchParams);
  try {
    const [entries, cohorts] = await Promise.all([listAuditForExport(deps.pb, filterOf(query)), listVisibleCohorts(deps.pb)]);
    const names = await namesFor(deps, entries);
    const cohortNames = new Map(cohorts.map((c) => [c.id, c.name]));
    const body = auditCsv(
      entries,
      t,
      (id) => names.get(id) || t.common.unknownPerson,
      (id) => cohortNames.get(id) ?? id,
    );
    return { kind: 'csv', filename: 'audit-log.csv', body };
  } catch (error) {
    if (error instanceof DomainError) return { kind: error.kind === 'unavailable' ? 'unavailable' : 'forbidden' };
    throw error;
  }
}
