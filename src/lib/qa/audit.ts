/**
 * Reading the audit log: what each entry means in words, and the log as CSV. Pure.
 * The log itself is written only by pb_hooks/audit.pb.js and the service account; here it is
 * only ever read (with the person's own client, so the API rules decide which rows they see).
 */
import type { QaText } from '../i18n/qa.ts';
import { csvDate, csvDocument } from './csv.ts';

/** The actions the hooks write, in the order the filter lists them. */
export const AUDIT_ACTIONS = [
  'evidence.create',
  'observation.create',
  'decision.create',
  'unit_signoff.create',
  'unit_signoff.withdraw',
  'qa_plan.create',
  'qa_sample.create',
  'user.role_change',
  'user.new_assessor_change',
  'cohort.staff_change',
  'enrolment.create',
  'enrolment.cohort_change',
  'enrolment.status_change',
  'assessment_request.create',
  'assessment_request.answer',
  'course.publish',
  'session.add',
  'session.change',
  'session.cancel',
  'attendance.record',
] as const;

/** The shape of an action (`noun.verb`), as the audit_log collection allows it. */
export const AUDIT_ACTION_PATTERN = /^[a-z_]+\.[a-z_]+$/;

/** Rows per page of the audit page. */
export const AUDIT_PAGE_SIZE = 50;
/** The most rows one CSV export holds (newest first). */
export const AUDIT_EXPORT_LIMIT = 20_000;

export interface AuditEntry {
  id: string;
  actor: string;
  actor_name: string;
  action: string;
  target_collection: string;
  target_id: string;
  cohort: string;
  details: Record<string, unknown> | null;
  created: string;
}

const str = (value: unknown): string => (typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '');
const list = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);

/** Ids of people entries name (trainees, assessors, staff added or removed, people whose roles changed), to look their names up. */
export function peopleIn(entries: readonly AuditEntry[]): string[] {
  const ids = new Set<string>();
  for (const entry of entries) {
    const details = entry.details ?? {};
    for (const key of ['trainee', 'assessor']) if (str(details[key])) ids.add(str(details[key]));
    if (entry.target_collection === 'users' && entry.target_id) ids.add(entry.target_id);
    if (entry.action === 'qa_plan.create' && details['method'] === 'assessor' && str(details['parameter'])) ids.add(str(details['parameter']));
    if (entry.action.startsWith('course.author_') && str(details['user'])) ids.add(str(details['user']));
    if (entry.action === 'cohort.staff_change') {
      for (const change of Object.values(details)) {
        const c = (change ?? {}) as Record<string, unknown>;
        for (const id of [...list(c['added']), ...list(c['removed'])]) ids.add(id);
      }
    }
  }
  return [...ids];
}

/** The action in words, or the action itself when it is one we have no words for. */
export function actionLabel(action: string, t: QaText): string {
  return t.audit.actions[action] ?? action;
}

/**
 * What an entry's details say, in a short line: criterion, outcome, verdict, roles added and
 * removed. `name` turns a person's id into their display name.
 */
export function describeAudit(entry: AuditEntry, t: QaText, name: (id: string) => string, cohortName: (id: string) => string = (id) => id): string {
  const d = entry.details ?? {};
  const w = t.audit.detail;
  const parts: string[] = [];
  const trainee = str(d['trainee']);
  switch (entry.action) {
    case 'evidence.create':
    case 'observation.create':
      parts.push(w.criterion(str(d['criterion'])));
      if (trainee) parts.push(w.trainee(name(trainee)));
      if (typeof d['files'] === 'number' && d['files'] > 0) parts.push(w.files(d['files']));
      break;
    case 'decision.create': {
      parts.push(w.criterion(str(d['criterion'])));
      const outcome = str(d['outcome']);
      if (outcome === 'met' || outcome === 'not_yet') parts.push(w.outcome(t.common.outcome[outcome]));
      if (trainee) parts.push(w.trainee(name(trainee)));
      if (str(d['supersedes'])) parts.push(w.corrects);
      break;
    }
    case 'unit_signoff.create':
      parts.push(w.unit(str(d['unit'])));
      if (trainee) parts.push(w.trainee(name(trainee)));
      break;
    case 'unit_signoff.withdraw':
      parts.push(w.unit(str(d['unit'])));
      if (trainee) parts.push(w.trainee(name(trainee)));
      if (str(d['reason'])) parts.push(w.reason(str(d['reason'])));
      break;
    case 'enrolment.create':
      if (trainee) parts.push(w.trainee(name(trainee)));
      parts.push(w.course(str(d['course'])));
      break;
    case 'enrolment.cohort_change':
      if (trainee) parts.push(w.trainee(name(trainee)));
      parts.push(w.course(str(d['course'])), w.groupChange(cohortName(str(d['before'])), cohortName(str(d['after']))));
      break;
    case 'enrolment.status_change':
      if (trainee) parts.push(w.trainee(name(trainee)));
      parts.push(w.course(str(d['course'])), str(d['after']) === 'left' ? w.left : w.rejoined);
      break;
    case 'assessment_request.create':
      if (trainee) parts.push(w.trainee(name(trainee)));
      parts.push(w.course(str(d['course'])));
      break;
    case 'assessment_request.answer':
      if (trainee) parts.push(w.trainee(name(trainee)));
      parts.push(str(d['status']) === 'placed' ? w.placedIn(cohortName(str(d['cohort']))) : w.declined);
      break;
    case 'qa_plan.create': {
      const method = str(d['method']);
      const label = method === 'assessor' || method === 'unit' || method === 'random' ? t.common.method[method] : method;
      const parameter = method === 'random' ? t.common.percent(str(d['parameter'])) : method === 'assessor' ? name(str(d['parameter'])) : str(d['parameter']);
      parts.push(w.plan(label, parameter, typeof d['decisions'] === 'number' ? d['decisions'] : 0));
      break;
    }
    case 'qa_sample.create': {
      const verdict = str(d['verdict']);
      if (verdict === 'agree' || verdict === 'disagree') parts.push(w.verdict(t.csv.verdict[verdict]));
      if (str(d['criterion'])) parts.push(w.criterion(str(d['criterion'])));
      break;
    }
    case 'user.role_change': {
      parts.push(name(entry.target_id));
      const added = list(d['added']);
      const removed = list(d['removed']);
      if (added.length) parts.push(w.added(added.join(', ')));
      if (removed.length) parts.push(w.removed(removed.join(', ')));
      break;
    }
    case 'user.new_assessor_change':
      parts.push(name(entry.target_id), w.flag(d['after'] === true));
      break;
    case 'cohort.staff_change':
      for (const [staffList, change] of Object.entries(d)) {
        const c = (change ?? {}) as Record<string, unknown>;
        const words = [
          list(c['added']).length ? w.added(list(c['added']).map(name).join(', ')) : '',
          list(c['removed']).length ? w.removed(list(c['removed']).map(name).join(', ')) : '',
        ].filter(Boolean);
        if (words.length) parts.push(w.staffList(staffList, words.join(', ')));
      }
      break;
    default:
      if (!entry.action.startsWith('course.')) return JSON.stringify(d);
      parts.push(...describeCourseChange(d, w, name));
  }
  return parts.filter(Boolean).join(' · ');
}

/** A course editor's entry (src/lib/authoring): which course, file, version or author. */
function describeCourseChange(d: Record<string, unknown>, w: QaText['audit']['detail'], name: (id: string) => string): string[] {
  const parts = [w.course(str(d['course']))];
  if (str(d['path'])) parts.push(str(d['from']) ? w.movedFile(str(d['from']), str(d['path'])) : w.file(str(d['path'])));
  if (str(d['version'])) parts.push(w.version(str(d['version'])));
  if (typeof d['files'] === 'number') parts.push(w.files(d['files']));
  if (typeof d['changed'] === 'number') parts.push(w.changed(d['changed']));
  if (d['automatic'] === true) parts.push(w.automatic);
  if (str(d['user'])) parts.push(name(str(d['user'])));
  return parts;
}

/** The log as CSV, newest first as given: when, who, action, group, record type, record id, details. */
export function auditCsv(entries: readonly AuditEntry[], t: QaText, name: (id: string) => string, cohortName: (id: string) => string): string {
  const rows = entries.map((e) => [
    csvDate(e.created),
    e.actor_name,
    actionLabel(e.action, t),
    e.cohort ? cohortName(e.cohort) : '',
    e.target_collection,
    e.target_id,
    describeAudit(e, t, name, (id) => (id ? cohortName(id) : '')),
  ]);
  return csvDocument(t.audit.csvHeader, rows);
}
