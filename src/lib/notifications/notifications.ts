/**
 * "Waiting for you": what the trainee dashboard and the staff home show. Pure: the rows come
 * from notifications-store.ts (a trainee's own notifications) and staff-waiting-store.ts
 * (counts worked out from the staff member's queues).
 *
 * A notification holds only its kind, the path of the page to look at and the id of the
 * record the event created (pb_hooks/notifications.pb.js): never what anyone wrote.
 */
import { criterionAnchor } from '../assessment/evidence.ts';
import type { NotificationKind, NotificationRecord } from '../records.ts';

export const NOTIFICATION_KINDS: readonly NotificationKind[] = ['feedback', 'decision', 'reply', 'certificate', 'evidence', 'iqa_return', 'sample', 'discussion', 'review', 'questionnaire'];

export type NotificationRow = Pick<NotificationRecord, 'id' | 'kind' | 'link' | 'subject' | 'read_at' | 'created'>;

export const isUnread = (n: Pick<NotificationRecord, 'read_at'>) => !n.read_at;

/** Unread notifications by kind (every kind present, 0 when none). */
export function unreadCounts(rows: readonly Pick<NotificationRow, 'kind' | 'read_at'>[]): Record<NotificationKind, number> {
  const counts = {
    feedback: 0,
    decision: 0,
    reply: 0,
    certificate: 0,
    evidence: 0,
    iqa_return: 0,
    sample: 0,
    discussion: 0,
    review: 0,
    questionnaire: 0,
  } satisfies Record<NotificationKind, number>;
  for (const row of rows) if (isUnread(row) && row.kind in counts) counts[row.kind] += 1;
  return counts;
}

/**
 * What the dashboard lists: every unread notification, then the newest read ones, up to
 * `limit` in all; newest first within each.
 */
export function dashboardList<T extends Pick<NotificationRow, 'id' | 'read_at' | 'created'>>(rows: readonly T[], limit = 10): T[] {
  const newestFirst = [...rows].sort((a, b) => (a.created < b.created ? 1 : a.created > b.created ? -1 : a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
  const unread = newestFirst.filter(isUnread);
  const read = newestFirst.filter((n) => !isUnread(n));
  return [...unread, ...read].slice(0, Math.max(limit, unread.length));
}

/**
 * Where a notification's link goes: its path, and for a decision the criterion it is about
 * (looked up among the person's own decisions, so nothing but the id is stored).
 */
export function notificationHref(row: Pick<NotificationRow, 'kind' | 'link' | 'subject'>, decisions: readonly { id: string; criterion: string }[] = []): string {
  if (!isSitePath(row.link)) return '/dashboard';
  if (row.kind === 'decision' || row.kind === 'feedback') {
    const decision = decisions.find((d) => d.id === row.subject);
    if (decision) return `${row.link}#${criterionAnchor(decision.criterion)}`;
  }
  return row.link;
}

/** A path on this site (never another site, never a scheme): what the migration's pattern allows. */
export function isSitePath(link: string): boolean {
  return /^\/(?!\/)[A-Za-z0-9/_.-]*$/.test(link);
}

/**
 * The notifications worth showing: a reply to a reflection the person has since deleted
 * leads nowhere, so it is left out (the reflection's id is in its link).
 */
export function stillThere<T extends Pick<NotificationRow, 'kind' | 'link'>>(rows: readonly T[], reflections: ReadonlySet<string>): T[] {
  return rows.filter((n) => {
    if (n.kind !== 'reply') return true;
    const match = /^\/reflections\/([a-z0-9]+)$/.exec(n.link);
    return match !== null && reflections.has(match[1]!);
  });
}

/** The unread notifications that opening the page at `pathname` has now shown. */
export function openedBy<T extends Pick<NotificationRow, 'link' | 'read_at'>>(rows: readonly T[], pathname: string): T[] {
  const path = pathname.length > 1 ? pathname.replace(/\/+$/, '') : pathname;
  return rows.filter((n) => isUnread(n) && n.link === path);
}

/** The course slug of an evidence link (`/evidence/<slug>`), for naming the course. */
export function courseOfLink(link: string): string | undefined {
  const match = /^\/evidence\/([^/]+)$/.exec(link);
  return match?.[1];
}

// ---------------------------------------------------------------------------------------
// Staff home

/** What one group holds for one member of staff (0 for what their roles there do not cover). */
export interface StaffGroupWaiting {
  cohort: { id: string; name: string };
  /** Evidence or observations waiting for a decision (assessors of the group). */
  toDecide: number;
  /** Decisions an IQA disagreed with and nobody corrected yet (assessors of the group). */
  returned: number;
  /** Sampled decisions with no verdict yet, that this IQA may give (IQAs of the group). */
  samples: number;
  /** Shared reflections with no reply yet (trainers of the group). */
  replies: number;
  /** Discussion posts reported and not yet dealt with (trainers of the group). */
  reports: number;
}

export type StaffWaitingKind = 'toDecide' | 'returned' | 'samples' | 'replies' | 'reports';
export const STAFF_WAITING_KINDS: readonly StaffWaitingKind[] = ['toDecide', 'returned', 'samples', 'replies', 'reports'];

export interface StaffWaitingItem {
  kind: StaffWaitingKind;
  count: number;
  cohort: { id: string; name: string };
  href: string;
}

/** Where each kind of waiting work is done. */
export function staffWaitingHref(kind: StaffWaitingKind, cohort: string): string {
  switch (kind) {
    case 'toDecide':
      return `/staff/cohorts/${cohort}/assess#waiting`;
    case 'returned':
      return `/staff/cohorts/${cohort}/assess#waiting`;
    case 'samples':
      return `/staff/qa/${cohort}`;
    case 'replies':
      return `/staff/cohorts/${cohort}/reflections`;
    case 'reports':
      return `/discussion/${cohort}/reports`;
  }
}

/**
 * The staff home's "Waiting for you": totals by kind, and one line per group and kind with
 * something waiting (kinds in a fixed order, groups by name).
 */
export function staffWaitingSummary(groups: readonly StaffGroupWaiting[]): { totals: Record<StaffWaitingKind, number>; items: StaffWaitingItem[] } {
  const totals = { toDecide: 0, returned: 0, samples: 0, replies: 0, reports: 0 } satisfies Record<StaffWaitingKind, number>;
  const items: StaffWaitingItem[] = [];
  const byName = [...groups].sort((a, b) => a.cohort.name.localeCompare(b.cohort.name, 'en-GB') || (a.cohort.id < b.cohort.id ? -1 : 1));
  for (const kind of STAFF_WAITING_KINDS) {
    for (const group of byName) {
      const count = Math.max(0, Math.trunc(group[kind] || 0));
      if (count === 0) continue;
      totals[kind] += count;
      items.push({ kind, count, cohort: group.cohort, href: staffWaitingHref(kind, group.cohort.id) });
    }
  }
  return { totals, items };
}
