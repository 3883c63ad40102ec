/**
 * Quality assurance in PocketBase: a cohort's decisions with their evidence, the IQA's
 * sampling plans and verdicts. Everything is read and written with the person's OWN client,
 * so the API rules decide (docs/DATA-MODEL.md): an IQA or verifier sees the decisions and
 * evidence of their cohort's trainees, never a private reflection, and only an IQA of the
 * cohort can make a plan or record a verdict (a pb_hook refuses a verdict on their own decision).
 *
 * Two exceptions use the service client, because no person may read these through the API:
 * `listCohortTrainees` (which trainees are in the cohort: ids only) and `loadPeople` (display
 * names and the new-assessor flag, only for people the page already shows by id).
 */
import { ClientResponseError } from 'pocketbase';
import { DomainError, fromPocketBase } from '../errors.ts';
import type { TypedPocketBase } from '../pb.ts';
import type { CohortRecord, QaPlanRecord, QaSampleRecord } from '../records.ts';
import type { QaDecision, QaEvidence, QaFacts, QaObservation, QaPerson, QaPlan, QaSample } from './qa-record.ts';
import { ruleParameter, type SampleRule } from './sampling.ts';
import type { VerdictInput } from './schema.ts';
import { findCode } from '../hook-errors.ts';
import { qaEn } from '../i18n/qa.ts';

/** The staff lists of a cohort. */
export type StaffList = 'trainers' | 'assessors' | 'iqas' | 'verifiers';

/** At most this many ids in one `id = … || id = …` filter. */
const IDS_PER_REQUEST = 40;

/**
 * One cohort, if the person may see it.
 *
 * @throws {DomainError} `unavailable` when PocketBase cannot be reached
 */
export async function findCohort(pb: TypedPocketBase, id: string): Promise<CohortRecord | undefined> {
  try {
    return await pb.collection('cohorts').getOne(id);
  } catch (error) {
    if (error instanceof ClientResponseError && (error.status === 404 || error.status === 403)) return undefined;
    throw fromPocketBase(error, 'group');
  }
}

/**
 * The cohorts on whose `list` the person is, by name.
 *
 * @throws {DomainError} `unavailable` when PocketBase cannot be reached
 */
export async function listStaffCohorts(pb: TypedPocketBase, user: string, list: StaffList): Promise<CohortRecord[]> {
  try {
    return await pb.collection('cohorts').getFullList({ filter: pb.filter(`${list}:each ?= {:user}`, { user }), sort: 'name,id' });
  } catch (error) {
    throw fromPocketBase(error, 'group');
  }
}

const DECISION_FIELDS = 'id,user,course,criterion,evidence,observation,outcome,feedback,assessor,assessor_name,supersedes,created';

/**
 * The trainees enrolled in the cohort (active or left: their decisions stand).
 *
 * @param service the service client: only trainers and admins may read enrolments, yet the
 *   IQA's and verifier's pages must know whose decisions belong to the cohort (the API rules
 *   on decisions, and on relations in filters, cannot tell an IQA of two cohorts of the same
 *   course which cohort a decision is in). Only ids are read.
 * @throws {DomainError} `unavailable` when PocketBase cannot be reached
 */
export async function listCohortTrainees(service: TypedPocketBase, cohort: Pick<CohortRecord, 'id' | 'course'>): Promise<string[]> {
  try {
    const rows = await service.collection('enrolments').getFullList({
      filter: service.filter('cohort = {:cohort} && course = {:course}', { cohort: cohort.id, course: cohort.course }),
      fields: 'user',
      batch: 1000,
    });
    return [...new Set(rows.map((r) => r.user))];
  } catch (error) {
    throw fromPocketBase(error, 'group');
  }
}

/**
 * Every decision about these trainees on the cohort's course that the person may read,
 * oldest first.
 *
 * @param pb the person's own client: the decisions' API rules still decide
 * @param trainees from {@link listCohortTrainees}
 * @throws {DomainError} `unavailable` when PocketBase cannot be reached
 */
export async function listCohortDecisions(pb: TypedPocketBase, cohort: Pick<CohortRecord, 'course'>, trainees: readonly string[]): Promise<QaDecision[]> {
  try {
    const rows = await byField('user', trainees, (filter) =>
      pb.collection('decisions').getFullList({
        filter: `${pb.filter('course = {:course}', { course: cohort.course })} && (${filter(pb)})`,
        fields: DECISION_FIELDS,
        batch: 500,
      }),
    );
    return rows
      .map((d) => ({
        id: d.id,
        user: d.user,
        course: d.course,
        criterion: d.criterion,
        evidence: d.evidence ?? '',
        observation: d.observation ?? '',
        outcome: d.outcome,
        feedback: d.feedback ?? '',
        assessor: d.assessor,
        assessor_name: d.assessor_name ?? '',
        supersedes: d.supersedes ?? '',
        created: d.created,
      }))
      .sort((a, b) => (a.created < b.created ? -1 : a.created > b.created ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  } catch (error) {
    throw fromPocketBase(error, 'decision');
  }
}

/**
 * Runs `read` with `field = a || field = b …` over the values in chunks (a filter has a
 * length limit) and joins the results. No values, no requests.
 */
async function byField<T>(field: string, values: Iterable<string>, read: (filter: (pb: TypedPocketBase) => string) => Promise<T[]>): Promise<T[]> {
  const unique = [...new Set([...values].filter(Boolean))];
  const out: T[] = [];
  for (let i = 0; i < unique.length; i += IDS_PER_REQUEST) {
    const chunk = unique.slice(i, i + IDS_PER_REQUEST);
    const params = Object.fromEntries(chunk.map((id, n) => [`v${n}`, id]));
    const expression = chunk.map((_, n) => `${field} = {:v${n}}`).join(' || ');
    out.push(...(await read((pb) => pb.filter(expression, params))));
  }
  return out;
}

const byIds = <T>(ids: Iterable<string>, read: (filter: (pb: TypedPocketBase) => string) => Promise<T[]>) => byField('id', ids, read);

/**
 * The evidence and observations these decisions are about. Rows the person may not read are
 * simply missing.
 *
 * @throws {DomainError} `unavailable` when PocketBase cannot be reached
 */
export async function loadBases(pb: TypedPocketBase, decisions: readonly QaDecision[]): Promise<{ evidence: QaEvidence[]; observations: QaObservation[] }> {
  try {
    const evidence = await byIds(
      decisions.map((d) => d.evidence),
      (filter) => pb.collection('evidence').getFullList({ filter: filter(pb), fields: 'id,criterion,text,files,reflection,created' }),
    );
    const observations = await byIds(
      decisions.map((d) => d.observation),
      (filter) => pb.collection('observations').getFullList({ filter: filter(pb), fields: 'id,criterion,observed_on,context,notes,created' }),
    );
    return {
      evidence: evidence.map((e) => ({ id: e.id, criterion: e.criterion, text: e.text ?? '', files: e.files ?? [], reflection: e.reflection ?? '', created: e.created })),
      observations: observations.map((o) => ({
        id: o.id,
        criterion: o.criterion,
        observed_on: o.observed_on ?? '',
        context: o.context ?? '',
        notes: o.notes ?? '',
        created: o.created,
      })),
    };
  } catch (error) {
    throw fromPocketBase(error, 'evidence');
  }
}

/**
 * The text of linked reflections the person may read (their API rule: the author, and the
 * trainers of the author's cohort while shared). Verifiers and IQAs who are not trainers get
 * none: the page then says a reflection is linked, without its text.
 *
 * @throws {DomainError} `unavailable` when PocketBase cannot be reached
 */
export async function readableReflections(pb: TypedPocketBase, ids: Iterable<string>): Promise<Map<string, { title: string; body: string }>> {
  try {
    const rows = await byIds(ids, (filter) => pb.collection('reflections').getFullList({ filter: filter(pb), fields: 'id,title,body' }));
    return new Map(rows.map((r) => [r.id, { title: r.title ?? '', body: r.body ?? '' }]));
  } catch (error) {
    throw fromPocketBase(error, 'reflection');
  }
}

/**
 * The cohort's sampling plans and verdicts, oldest first.
 *
 * @throws {DomainError} `unavailable` when PocketBase cannot be reached
 */
export async function listPlansAndSamples(pb: TypedPocketBase, cohort: string): Promise<{ plans: QaPlan[]; samples: QaSample[] }> {
  try {
    const filter = pb.filter('cohort = {:cohort}', { cohort });
    const plans = await pb.collection('qa_plans').getFullList({ filter, sort: 'created,id', fields: 'id,created_by,method,parameter,decisions,created' });
    const samples = await pb.collection('qa_samples').getFullList({ filter, sort: 'created,id', fields: 'id,decision,iqa,verdict,rationale,created' });
    return {
      plans: plans.map((p) => ({ id: p.id, created_by: p.created_by, method: p.method, parameter: p.parameter ?? '', decisions: p.decisions ?? [], created: p.created })),
      samples: samples.map((s) => ({ id: s.id, decision: s.decision, iqa: s.iqa, verdict: s.verdict, rationale: s.rationale ?? '', created: s.created })),
    };
  } catch (error) {
    throw fromPocketBase(error, 'sampling plan');
  }
}

/**
 * Display names (and the new-assessor flag) of these people. Never an email.
 *
 * @param service the service client: the users rules let a person read only their own account
 * @throws {DomainError} `unavailable` when PocketBase cannot be reached
 */
export async function loadPeople(service: TypedPocketBase, ids: Iterable<string>): Promise<Map<string, QaPerson>> {
  try {
    const rows = await byIds(ids, (filter) => service.collection('users').getFullList({ filter: filter(service), fields: 'id,display_name,new_assessor' }));
    return new Map(rows.map((u) => [u.id, { name: u.display_name ?? '', newAssessor: u.new_assessor === true }]));
  } catch (error) {
    throw fromPocketBase(error, 'account');
  }
}

/**
 * Everything the QA record of a cohort is built from.
 *
 * @param pb the person's own client
 * @param service the service client, for the cohort's trainee ids and display names only
 * @throws {DomainError} `unavailable` when PocketBase cannot be reached
 */
export async function loadQaFacts(pb: TypedPocketBase, service: () => Promise<TypedPocketBase>, cohort: CohortRecord): Promise<QaFacts> {
  let admin: TypedPocketBase;
  try {
    admin = await service();
  } catch (error) {
    throw fromPocketBase(error, 'account');
  }
  const decisions = await listCohortDecisions(pb, cohort, await listCohortTrainees(admin, cohort));
  const [{ evidence, observations }, { plans, samples }] = await Promise.all([loadBases(pb, decisions), listPlansAndSamples(pb, cohort.id)]);
  const ids = [
    ...decisions.flatMap((d) => [d.user, d.assessor]),
    ...plans.flatMap((p) => (p.method === 'assessor' ? [p.created_by, p.parameter] : [p.created_by])),
    ...samples.map((s) => s.iqa),
    ...(cohort.assessors ?? []),
  ];
  const people = await loadPeople(admin, ids);
  return { decisions, evidence, observations, plans, samples, people };
}

/**
 * Saves a sampling plan as the IQA.
 *
 * @param pb the IQA's own client
 * @throws {DomainError} `invalid` (the rules or a hook refused: not an IQA of the cohort, a
 *   decision of another cohort), `unavailable` when PocketBase cannot be reached
 */
export async function createPlan(
  pb: TypedPocketBase,
  plan: { cohort: string; createdBy: string; rule: SampleRule; decisions: readonly string[] },
): Promise<QaPlanRecord> {
  try {
    return await pb.collection('qa_plans').create({
      cohort: plan.cohort,
      created_by: plan.createdBy,
      method: plan.rule.method,
      parameter: ruleParameter(plan.rule),
      decisions: [...plan.decisions],
    });
  } catch (error) {
    throw fromPocketBase(error, 'sampling plan');
  }
}

/**
 * Records an IQA's verdict on a sampled decision. A `disagree` sends it back to its assessor
 * (derived by status.ts and qa-record.ts; nothing else is changed).
 *
 * @param pb the IQA's own client
 * @throws {DomainError} `forbidden` for a decision the IQA made themself (with PocketBase's
 *   message), `invalid` when the rules refuse (not an IQA of the cohort), `unavailable` when
 *   PocketBase cannot be reached
 */
export async function recordVerdict(pb: TypedPocketBase, sample: { cohort: string; iqa: string } & VerdictInput): Promise<QaSampleRecord> {
  try {
    return await pb.collection('qa_samples').create({
      decision: sample.decision,
      cohort: sample.cohort,
      iqa: sample.iqa,
      verdict: sample.verdict,
      rationale: sample.rationale,
    });
  } catch (error) {
    const own = findCode(error, 'own_decision');
    if (own) throw new DomainError('forbidden', own.message || qaEn.qa.ownDecision, { decision: own.message || qaEn.qa.ownDecision });
    throw fromPocketBase(error, 'verdict');
  }
}
