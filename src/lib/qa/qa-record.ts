/**
 * The QA record of a cohort: the plans an IQA made, the decisions they drew, and the verdicts
 * recorded on them. Pure: the rows come from qa-store.ts; the IQA page, the verifier's page
 * and the CSV export all read this one shape.
 *
 * A decision is `returned` (back with its assessor) when its latest IQA verdict disagrees and
 * no later decision corrects or replaces it (status.ts `isReturned`, the rule every view reads) (docs/DATA-MODEL.md, qa_samples). It is `corrected` once a
 * later decision names it in `supersedes`.
 */
import type { Course } from '../courses/course.ts';
import type { DecisionRecord } from '../records.ts';
import { isReturned } from '../assessment/status.ts';
import { csvDate, csvDocument } from './csv.ts';
import { unitOf, type SampleMethod } from './sampling.ts';

/** A decision as the QA record reads it (`user` is the trainee). */
export type QaDecision = Pick<
  DecisionRecord,
  'id' | 'user' | 'course' | 'criterion' | 'evidence' | 'observation' | 'outcome' | 'feedback' | 'assessor' | 'assessor_name' | 'supersedes' | 'created'
>;

export interface QaEvidence {
  id: string;
  criterion: string;
  /** Markdown. */
  text: string;
  files: string[];
  /** A shared reflection's id, or "". */
  reflection: string;
  created: string;
}

export interface QaObservation {
  id: string;
  criterion: string;
  observed_on: string;
  context: string;
  notes: string;
  created: string;
}

export interface QaPlan {
  id: string;
  created_by: string;
  method: SampleMethod;
  parameter: string;
  decisions: string[];
  created: string;
}

export interface QaSample {
  id: string;
  decision: string;
  iqa: string;
  verdict: 'agree' | 'disagree';
  rationale: string;
  created: string;
}

/** What the pages may show of a person: a display name, and whether they are a new assessor. */
export interface QaPerson {
  name: string;
  newAssessor: boolean;
}

export interface QaFacts {
  decisions: readonly QaDecision[];
  evidence: readonly QaEvidence[];
  observations: readonly QaObservation[];
  plans: readonly QaPlan[];
  samples: readonly QaSample[];
  people: ReadonlyMap<string, QaPerson>;
}

export interface PlanView extends QaPlan {
  createdByName: string;
  /** The assessor's name or the unit's title, for `assessor` and `unit` plans. */
  parameterLabel: string;
}

export interface SampleView extends QaSample {
  iqaName: string;
}

export interface SampledDecision {
  decision: QaDecision;
  traineeName: string;
  unit: string;
  unitTitle: string;
  /** The criterion's wording from the course, or "" if the course no longer has it. */
  criterionText: string;
  evidence: QaEvidence | undefined;
  observation: QaObservation | undefined;
  /** The plans that drew it, oldest first. */
  plans: PlanView[];
  /** Every verdict, oldest first (the full history, never edited). */
  samples: SampleView[];
  latest: SampleView | undefined;
  corrected: boolean;
  returned: boolean;
}

export interface QaRecord {
  plans: PlanView[];
  /** Every decision any plan drew, once, oldest decision first. */
  sampled: SampledDecision[];
}

const byCreated = <T extends { created: string; id: string }>(a: T, b: T) =>
  a.created < b.created ? -1 : a.created > b.created ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;

/** A person's display name, or a placeholder when we may not know it. */
export function nameOf(people: ReadonlyMap<string, QaPerson>, id: string, unknown = 'Unknown person'): string {
  return people.get(id)?.name || unknown;
}

/** Puts the record together. Plans newest last; plan entries for decisions we cannot read are left out. */
export function buildQaRecord(facts: QaFacts, course: Course | undefined, unknownName = 'Unknown person'): QaRecord {
  const decisions = new Map(facts.decisions.map((d) => [d.id, d]));
  const evidence = new Map(facts.evidence.map((e) => [e.id, e]));
  const observations = new Map(facts.observations.map((o) => [o.id, o]));
  const corrected = new Set(facts.decisions.map((d) => d.supersedes).filter(Boolean));
  const name = (id: string) => nameOf(facts.people, id, unknownName);

  const plans: PlanView[] = [...facts.plans].sort(byCreated).map((plan) => ({
    ...plan,
    createdByName: name(plan.created_by),
    parameterLabel:
      plan.method === 'assessor'
        ? name(plan.parameter)
        : plan.method === 'unit'
          ? unitLabel(course, plan.parameter)
          : plan.parameter,
  }));

  const samplesOf = new Map<string, SampleView[]>();
  for (const sample of [...facts.samples].sort(byCreated)) {
    samplesOf.set(sample.decision, [...(samplesOf.get(sample.decision) ?? []), { ...sample, iqaName: name(sample.iqa) }]);
  }

  const sampledIds = new Set(plans.flatMap((p) => p.decisions));
  const sampled = [...sampledIds]
    .flatMap((id) => decisions.get(id) ?? [])
    .sort(byCreated)
    .map((decision): SampledDecision => {
      const samples = samplesOf.get(decision.id) ?? [];
      const latest = samples.at(-1);
      const isCorrected = corrected.has(decision.id);
      const unit = unitOf(decision.criterion);
      return {
        decision,
        traineeName: name(decision.user),
        unit,
        unitTitle: course?.units.find((u) => u.id === unit)?.title ?? '',
        criterionText: course?.criteria.get(decision.criterion)?.text ?? '',
        evidence: decision.evidence ? evidence.get(decision.evidence) : undefined,
        observation: decision.observation ? observations.get(decision.observation) : undefined,
        plans: plans.filter((p) => p.decisions.includes(decision.id)),
        samples,
        latest,
        corrected: isCorrected,
        // The one rule (status.ts): latest verdict disagrees and no newer decision replaces it.
        returned: isReturned(decision, facts.decisions, samples) && !isCorrected,
      };
    });
  return { plans, sampled };
}

function unitLabel(course: Course | undefined, unit: string): string {
  const title = course?.units.find((u) => u.id === unit)?.title;
  return title ? `${unit}: ${title}` : unit;
}

/** Counts for the summary at the top of the page. */
export function qaSummary(record: QaRecord): { sampled: number; withVerdict: number; agreed: number; returned: number } {
  return {
    sampled: record.sampled.length,
    withVerdict: record.sampled.filter((s) => s.latest).length,
    agreed: record.sampled.filter((s) => s.latest?.verdict === 'agree').length,
    returned: record.sampled.filter((s) => s.returned).length,
  };
}

/** Words for the CSV's outcome and verdict columns. */
export interface QaCsvWords {
  header: readonly string[];
  outcome: Record<'met' | 'not_yet', string>;
  verdict: Record<'agree' | 'disagree', string>;
  /** The verdict column when none is recorded yet. */
  noVerdict: string;
}

/**
 * The QA record as CSV: one row per sampled decision (trainee, unit, criterion, assessor,
 * decision, decision date, IQA verdict, rationale, verdict date, IQA), with its latest
 * verdict. Dates in ISO 8601 UTC.
 */
export function qaRecordCsv(record: QaRecord, words: QaCsvWords): string {
  const rows = record.sampled.map((s) => [
    s.traineeName,
    s.unit,
    s.decision.criterion,
    s.decision.assessor_name,
    words.outcome[s.decision.outcome],
    csvDate(s.decision.created),
    s.latest ? words.verdict[s.latest.verdict] : words.noVerdict,
    s.latest?.rationale ?? '',
    csvDate(s.latest?.created),
    s.latest?.iqaName ?? '',
  ]);
  return csvDocument(words.header, rows);
}
