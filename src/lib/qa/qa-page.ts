/**
 * The IQA's page (/staff/qa/<cohort>), the external verifier's page
 * (/staff/verifier/<cohort>) and their CSV exports, for the thin routes: check who is asking,
 * make the store calls, and say what to show. Never throws for something a person sent:
 * what they typed always comes back with the message.
 */
import { randomUUID } from 'node:crypto';
import type { Course } from '../courses/course.ts';
import { DomainError } from '../errors.ts';
import { hasRole } from '../auth/guards.ts';
import { qaText } from '../i18n/qa.ts';
import type { TypedPocketBase } from '../pb.ts';
import type { CohortRecord, UserRecord } from '../records.ts';
import { listAuditPage } from './audit-store.ts';
import { peopleIn, type AuditEntry } from './audit.ts';
import { buildQaRecord, qaRecordCsv, qaSummary, type QaFacts, type QaRecord } from './qa-record.ts';
import { createPlan, findCohort, loadPeople, loadQaFacts, readableReflections, recordVerdict, type StaffList } from './qa-store.ts';
import { drawSample, samplingPool } from './sampling.ts';
import { parseQaForm } from './schema.ts';
import { RECORD_ID } from '../record-id.ts';
import { tryReadForm } from '../site/forms.ts';

const t = qaText('en-GB');
const FORM_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data'];
/** A plan holds at most this many decisions (the qa_plans relation's limit). */
export const PLAN_MAX_DECISIONS = 999;

export interface QaDeps {
  /** The person's own client (`locals.pb`). */
  pb: TypedPocketBase;
  /** The service client, only for display names. */
  service: () => Promise<TypedPocketBase>;
  user: UserRecord;
  findCourse(slug: string): Course | undefined;
  /** The seed for a random sample; a fresh random one by default. */
  seed?: () => string;
}

export type Role = 'iqa' | 'verifier';

const ACCESS: Record<Role, { role: 'iqa' | 'verifier'; list: StaffList }> = {
  iqa: { role: 'iqa', list: 'iqas' },
  verifier: { role: 'verifier', list: 'verifiers' },
};

/** Refusals every QA route maps to a status: 404 (no such group, or not visible), 403, 503. */
export type Refusal = { kind: 'not-found' } | { kind: 'forbidden' } | { kind: 'unavailable' };

/** Someone in an assessor list, for the plan form. */
export interface AssessorOption {
  id: string;
  name: string;
  newAssessor: boolean;
}

export interface FormState {
  intent: 'plan' | 'verdict' | undefined;
  /** For a verdict: the decision the form was about. */
  decision: string | undefined;
  message: string;
  fields: Record<string, string>;
  values: Record<string, string>;
}

export interface QaView {
  cohort: CohortRecord;
  course: Course | undefined;
  me: string;
  record: QaRecord;
  summary: ReturnType<typeof qaSummary> & { decisions: number };
  /** The IQA's own current decisions, left out of their samples. */
  ownLeftOut: number;
  assessors: AssessorOption[];
  newAssessorNames: string[];
  /** Reflection id → text, for the linked reflections this person may read (shared ones sent as evidence). */
  reflections: Map<string, { title: string; body: string }>;
  /** A status message after a redirect. */
  notice: string | undefined;
  form: FormState | undefined;
}

export type QaOutcome = Refusal | { kind: 'page'; status: number; view: QaView } | { kind: 'redirect'; location: string };

type Loaded = { ok: true; cohort: CohortRecord; course: Course | undefined; facts: QaFacts; record: QaRecord } | { ok: false; refusal: Refusal };

/**
 * What a failed read or write means for the person: PocketBase away (the 503 page, or the form
 * kept with a message), or refused by its rules. Anything else is a bug: thrown on, to the
 * middleware (a 500 with a logged id), never shown as an outage or a refusal.
 */
function refusalOf(error: unknown): Refusal {
  if (!(error instanceof DomainError)) throw error;
  switch (error.kind) {
    case 'unavailable':
      return { kind: 'unavailable' };
    case 'forbidden':
    case 'unauthenticated':
    case 'not-found':
    case 'invalid':
    case 'conflict':
      return { kind: 'forbidden' };
    default:
      throw error;
  }
}

/** The cohort, if the person is on its `role` list and holds the role; then its QA record. */
async function load(deps: QaDeps, cohortId: string, role: Role): Promise<Loaded> {
  if (!RECORD_ID.test(cohortId)) return { ok: false, refusal: { kind: 'not-found' } };
  try {
    const cohort = await findCohort(deps.pb, cohortId);
    if (!cohort) return { ok: false, refusal: { kind: 'not-found' } };
    const access = ACCESS[role];
    if (!hasRole(deps.user, access.role) || !(cohort[access.list] ?? []).includes(deps.user.id)) return { ok: false, refusal: { kind: 'forbidden' } };
    const course = deps.findCourse(cohort.course);
    const facts = await loadQaFacts(deps.pb, deps.service, cohort);
    return { ok: true, cohort, course, facts, record: buildQaRecord(facts, course, t.common.unknownPerson) };
  } catch (error) {
    return { ok: false, refusal: refusalOf(error) };
  }
}

function newAssessorIds(facts: QaFacts): Set<string> {
  return new Set([...facts.people].filter(([, person]) => person.newAssessor).map(([id]) => id));
}

async function view(deps: QaDeps, loaded: Extract<Loaded, { ok: true }>, notice: string | undefined, form: FormState | undefined): Promise<QaView> {
  const { cohort, course, facts, record } = loaded;
  const { pool, ownLeftOut } = samplingPool(facts.decisions, deps.user.id);
  const assessorIds = [...new Set([...(cohort.assessors ?? []), ...pool.map((d) => d.assessor)])].filter((id) => id !== deps.user.id);
  const assessors = assessorIds
    .map((id) => ({ id, name: facts.people.get(id)?.name || t.common.unknownPerson, newAssessor: facts.people.get(id)?.newAssessor === true }))
    .sort((a, b) => a.name.localeCompare(b.name, 'en-GB'));
  const reflectionIds = record.sampled.map((s) => s.evidence?.reflection ?? '').filter(Boolean);
  const reflections = reflectionIds.length ? await readableReflections(deps.pb, reflectionIds) : new Map<string, { title: string; body: string }>();
  return {
    cohort,
    course,
    me: deps.user.id,
    record,
    summary: { ...qaSummary(record), decisions: facts.decisions.filter((d) => !facts.decisions.some((o) => o.supersedes === d.id)).length },
    ownLeftOut,
    assessors,
    newAssessorNames: assessors.filter((a) => a.newAssessor).map((a) => a.name),
    reflections,
    notice,
    form,
  };
}

function noticeFrom(url: URL): string | undefined {
  const done = url.searchParams.get('done');
  if (done === 'plan') {
    const drawn = Number(url.searchParams.get('drawn'));
    return t.qa.planDone(Number.isInteger(drawn) && drawn >= 0 ? drawn : 0);
  }
  if (done === 'verdict') return t.qa.verdictDone;
  if (done === 'returned') return t.qa.verdictDoneReturned;
  return undefined;
}

/** GET /staff/qa/<cohort>. */
export async function loadIqaPage(deps: QaDeps, cohortId: string, url: URL): Promise<QaOutcome> {
  const loaded = await load(deps, cohortId, 'iqa');
  if (!loaded.ok) return loaded.refusal;
  try {
    return { kind: 'page', status: 200, view: await view(deps, loaded, noticeFrom(url), undefined) };
  } catch (error) {
    return refusalOf(error);
  }
}

/** POST /staff/qa/<cohort>: make a sampling plan, or record a verdict. */
export async function submitIqaForm(deps: QaDeps, cohortId: string, request: Request): Promise<QaOutcome> {
  const loaded = await load(deps, cohortId, 'iqa');
  if (!loaded.ok) return loaded.refusal;
  const here = `/staff/qa/${loaded.cohort.id}`;

  const type = (request.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  const form = FORM_TYPES.includes(type) ? await tryReadForm(request) : undefined;
  const fail = async (status: number, state: Omit<FormState, 'decision'> & { decision?: string | undefined }): Promise<QaOutcome> => {
    try {
      return { kind: 'page', status, view: await view(deps, loaded, undefined, { decision: undefined, ...state }) };
    } catch (error) {
      return refusalOf(error);
    }
  };
  if (!form) return fail(400, { intent: undefined, message: t.errors.wrongType, fields: {}, values: {} });

  const parsed = parseQaForm(form);
  if (!parsed.ok) {
    const messages = Object.values(parsed.fields);
    return fail(400, {
      intent: parsed.intent,
      decision: parsed.values['decision'],
      message: messages.length === 1 ? messages[0]! : t.errors.summaryTitle,
      fields: parsed.fields,
      values: parsed.values,
    });
  }

  const { facts, record } = loaded;
  if (parsed.data.intent === 'plan') {
    const rule = parsed.data.rule;
    const values = { intent: 'plan', method: rule.method, ...(rule.method === 'assessor' ? { assessor: rule.assessor } : rule.method === 'unit' ? { unit: rule.unit } : { percent: String(rule.percent) }) };
    const field = rule.method === 'assessor' ? 'assessor' : rule.method === 'unit' ? 'unit' : 'percent';
    if (rule.method === 'unit' && loaded.course && !loaded.course.units.some((u) => u.id === rule.unit)) {
      return fail(400, { intent: 'plan', message: t.errors.unit, fields: { unit: t.errors.unit }, values });
    }
    const { pool } = samplingPool(facts.decisions, deps.user.id);
    if (pool.length === 0) return fail(400, { intent: 'plan', message: t.qa.planEmpty, fields: { method: t.qa.planEmpty }, values });
    const drawn = drawSample(pool, { rule, newAssessors: newAssessorIds(facts), seed: deps.seed?.() ?? randomUUID() });
    if (drawn.decisions.length === 0) return fail(400, { intent: 'plan', message: t.errors.nothingToDraw, fields: { [field]: t.errors.nothingToDraw }, values });
    if (drawn.decisions.length > PLAN_MAX_DECISIONS) return fail(400, { intent: 'plan', message: t.errors.tooMany, fields: { [field]: t.errors.tooMany }, values });
    try {
      await createPlan(deps.pb, { cohort: loaded.cohort.id, createdBy: deps.user.id, rule, decisions: drawn.decisions });
    } catch (error) {
      const refusal = refusalOf(error);
      return fail(refusal.kind === 'unavailable' ? 503 : 400, { intent: 'plan', message: refusal.kind === 'unavailable' ? t.errors.unavailable : t.errors.refused, fields: {}, values });
    }
    return { kind: 'redirect', location: `${here}?done=plan&drawn=${drawn.decisions.length}#plans` };
  }

  const verdict = parsed.data.verdict;
  const values = { intent: 'verdict', decision: verdict.decision, verdict: verdict.verdict, rationale: verdict.rationale };
  const sampled = record.sampled.find((s) => s.decision.id === verdict.decision);
  if (!sampled) return fail(400, { intent: 'verdict', decision: verdict.decision, message: t.errors.decision, fields: { decision: t.errors.decision }, values });
  if (sampled.corrected) return fail(400, { intent: 'verdict', decision: verdict.decision, message: t.errors.corrected, fields: { decision: t.errors.corrected }, values });
  if (sampled.decision.assessor === deps.user.id) {
    return fail(403, { intent: 'verdict', decision: verdict.decision, message: t.qa.ownDecision, fields: { decision: t.qa.ownDecision }, values });
  }
  try {
    await recordVerdict(deps.pb, { cohort: loaded.cohort.id, iqa: deps.user.id, ...verdict });
  } catch (error) {
    if (error instanceof DomainError && error.kind === 'forbidden') {
      return fail(403, { intent: 'verdict', decision: verdict.decision, message: error.message, fields: { decision: error.message }, values });
    }
    const refusal = refusalOf(error);
    return fail(refusal.kind === 'unavailable' ? 503 : 400, {
      intent: 'verdict',
      decision: verdict.decision,
      message: refusal.kind === 'unavailable' ? t.errors.unavailable : t.errors.refused,
      fields: {},
      values,
    });
  }
  return { kind: 'redirect', location: `${here}?done=${verdict.verdict === 'disagree' ? 'returned' : 'verdict'}#d-${verdict.decision}` };
}

export interface VerifierView {
  cohort: CohortRecord;
  course: Course | undefined;
  record: QaRecord;
  summary: ReturnType<typeof qaSummary>;
  reflections: Map<string, { title: string; body: string }>;
  /** The newest entries of the cohort's audit log. */
  audit: AuditEntry[];
  auditTotal: number;
  /** Display names of people the audit entries name. */
  names: Map<string, string>;
}

/** How many audit entries the verifier's page shows before linking to the audit page. */
export const VERIFIER_AUDIT_ROWS = 20;

/** GET /staff/verifier/<cohort>: read-only. */
export async function loadVerifierPage(deps: QaDeps, cohortId: string): Promise<Refusal | { kind: 'page'; view: VerifierView }> {
  const loaded = await load(deps, cohortId, 'verifier');
  if (!loaded.ok) return loaded.refusal;
  try {
    const { record } = loaded;
    const reflectionIds = record.sampled.map((s) => s.evidence?.reflection ?? '').filter(Boolean);
    const [reflections, audit] = await Promise.all([
      reflectionIds.length ? readableReflections(deps.pb, reflectionIds) : Promise.resolve(new Map<string, { title: string; body: string }>()),
      listAuditPage(deps.pb, { cohort: loaded.cohort.id }, 1, VERIFIER_AUDIT_ROWS),
    ]);
    const missing = peopleIn(audit.entries).filter((id) => !loaded.facts.people.has(id));
    const extra = missing.length ? await loadPeople(await deps.service(), missing) : new Map();
    const names = new Map<string, string>([...loaded.facts.people, ...extra].map(([id, p]) => [id, p.name]));
    return {
      kind: 'page',
      view: { cohort: loaded.cohort, course: loaded.course, record, summary: qaSummary(record), reflections, audit: audit.entries, auditTotal: audit.totalItems, names },
    };
  } catch (error) {
    return refusalOf(error);
  }
}

/** The QA record of a cohort as CSV, for its IQAs (`iqa`) or its verifiers (`verifier`). */
export async function qaCsv(deps: QaDeps, cohortId: string, role: Role): Promise<Refusal | { kind: 'csv'; filename: string; body: string }> {
  const loaded = await load(deps, cohortId, role);
  if (!loaded.ok) return loaded.refusal;
  const body = qaRecordCsv(loaded.record, { header: t.csv.header, outcome: t.common.outcome, verdict: t.csv.verdict, noVerdict: t.csv.noVerdict });
  const slug = loaded.cohort.name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60) || loaded.cohort.id;
  return { kind: 'csv', filename: `qa-record-${slug}.csv`, body };
}
