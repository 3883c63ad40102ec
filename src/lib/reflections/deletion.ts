/**
 * Deleting a reflection: the pure rules. Whether one may be deleted (not while it is part of
 * the evidence an assessor decides on), and what goes with it (its earlier versions, any
 * trainers' replies, the trainers' view of it when shared), said in plain words for the
 * confirmation page. No PocketBase here: see ./deletion-store.ts.
 */
import type { Course } from '../courses/course.ts';
import { reflectionsText } from '../i18n/reflections.ts';
import type { EvidenceRecord, ReflectionRecord } from '../records.ts';

const text = reflectionsText('en-GB');

/** What we know about a reflection before deleting it. */
export interface DeletionFacts {
  record: Pick<ReflectionRecord, 'id' | 'shared' | 'course'>;
  /** Rows in `reflection_versions` for it: the texts it had before. */
  earlierVersions: number;
  /** Trainers' replies to it (`reflection_comments`). */
  comments: number;
  /** The person's evidence rows; only those linking this reflection matter. */
  evidence: readonly Pick<EvidenceRecord, 'reflection' | 'course' | 'criterion'>[];
}

export interface DeletionAllowed {
  allowed: true;
  earlierVersions: number;
  comments: number;
  /** Shared now: the trainers will no longer see it. */
  shared: boolean;
}

export interface DeletionRefused {
  allowed: false;
  reason: 'evidence';
  /** The course of the evidence (the reflection's own). */
  course: string;
  /** Criteria it is evidence for (`U1/1.1`), each once, in the order sent; empty when not known. */
  criteria: string[];
}

export type DeletionDecision = DeletionAllowed | DeletionRefused;

/** The criteria (`U1/1.1`) of the evidence that links this reflection, each once. */
export function evidenceCriteria(reflectionId: string, evidence: DeletionFacts['evidence']): string[] {
  const criteria: string[] = [];
  for (const row of evidence) {
    if (row.reflection === reflectionId && !criteria.includes(row.criterion)) criteria.push(row.criterion);
  }
  return criteria;
}

/**
 * Whether a reflection may be deleted, and what would go with it. A reflection linked as
 * evidence stays: the assessor's decision rests on it (pb_hooks/assessment.pb.js refuses the
 * delete too, whoever asks).
 */
export function decideDeletion(facts: DeletionFacts): DeletionDecision {
  const criteria = evidenceCriteria(facts.record.id, facts.evidence);
  if (criteria.length > 0) return { allowed: false, reason: 'evidence', course: facts.record.course, criteria };
  return {
    allowed: true,
    earlierVersions: Math.max(0, facts.earlierVersions),
    comments: Math.max(0, facts.comments),
    shared: facts.record.shared,
  };
}

/** A refusal when PocketBase refused the delete itself (evidence linked meanwhile) and we could not tell which. */
export function refusedForEvidence(course: string, criteria: string[] = []): DeletionRefused {
  return { allowed: false, reason: 'evidence', course, criteria };
}

/** "criterion 1.1 of “Listening”", or "criterion U1/1.1" when the course no longer has it. */
export function criterionLabel(course: Pick<Course, 'criteria' | 'units'> | undefined, ref: string): string {
  const criterion = course?.criteria.get(ref);
  const unit = criterion ? course?.units.find((u) => u.id === criterion.unitId) : undefined;
  return criterion && unit ? text.deletion.criterion(criterion.id, unit.title) : text.deletion.criterionRef(ref);
}

/** Why a reflection stays, in one kind sentence naming the criteria it is evidence for. */
export function evidenceExplanation(course: Pick<Course, 'criteria' | 'units'> | undefined, criteria: readonly string[]): string {
  const what = criteria.length === 0 ? text.deletion.aCriterion : criteria.map((ref) => criterionLabel(course, ref)).join(text.deletion.and);
  return text.deletion.inEvidence(what);
}

/** What the confirmation page lists under "This will delete:". */
export function whatGoes(decision: DeletionAllowed, label: string): string[] {
  const goes = [text.deletion.theReflection(label)];
  if (decision.earlierVersions > 0) goes.push(text.deletion.versions(decision.earlierVersions));
  if (decision.comments > 0) goes.push(text.deletion.comments(decision.comments));
  return goes;
}
