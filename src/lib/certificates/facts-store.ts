/**
 * The progress and assessment rows the eligibility rules (./eligibility.ts) read for one
 * trainee on one course: progress, evidence, observations, decisions with their IQA verdicts,
 * and unit sign-offs. Every ClientResponseError becomes a DomainError.
 */
import { signedOffUnits, signOffState, type AssessmentFacts, type DecisionRow, type EvidenceRow, type ObservationRow, type SampleRow } from '../assessment/status.ts';
import { verdictsForTrainee, type ServiceSource } from '../assessment/verdicts-store.ts';
import { fromPocketBase } from '../errors.ts';
import type { TypedPocketBase } from '../pb.ts';
import { loadFacts, type StoredFacts } from '../progress/progress-store.ts';
import type { UnitSignoffRecord } from '../records.ts';
import { ownRecords } from '../trainee/own-records-store.ts';
import type { HoursRow } from '../practice/hours.ts';

/** Everything the eligibility rules need about one trainee on one course. */
export interface CertificateFacts {
  progress: StoredFacts;
  assessment: AssessmentFacts;
  /** Unit sign-offs: the unit, the name the signer signed with ("" if none recorded) and their account. */
  signoffs: { unit: string; name: string; by: string }[];
  /** Practice hours logged for the course (length, kind, status), for the hours target. */
  hours: HoursRow[];
}

/**
 * Loads a trainee's progress and assessment rows for one course.
 *
 * IQA verdicts are always read (decision, verdict and date only; status.ts), so a decision an
 * IQA disagreed with counts neither when showing nor when issuing.
 *
 * @param pb the trainee's own client (for showing), or the service client (for issuing)
 * @param options.samples `pb` is the service client: read the verdicts with it
 * @param options.service where to read the verdicts from otherwise (default: the service client)
 * @throws {DomainError} `unavailable` when PocketBase cannot be reached
 */
export async function loadCertificateFacts(
  pb: TypedPocketBase,
  user: string,
  course: string,
  options: { samples?: boolean; service?: ServiceSource } = {},
): Promise<CertificateFacts> {
  try {
    const own = await ownRecords(pb, user);
    const mine = <T extends { course: string }>(rows: readonly T[]) => rows.filter((r) => r.course === course);
    const [progress, evidence, observations, decisions, signoffs, samples, hours] = await Promise.all([
      loadFacts(pb, user, course, options.samples ? pb : options.service),
      mine(own.evidence),
      mine(own.observations),
      mine(own.decisions),
      mine(own.signoffs),
      mine(own.decisions).length > 0 ? verdictsForTrainee(user, course, options.samples ? pb : options.service) : Promise.resolve([]),
      pb.collection('practice_hours').getFullList({ filter: pb.filter('user = {:user} && course = {:course}', { user, course }), fields: 'minutes,kind,status', batch: 1000 }),
    ]);
    const standing = new Set(signedOffUnits(signoffs));
    const stored = progress.get(course) ?? { rows: [], passedModules: [], reflectionModules: [] };
    return {
      progress: stored,
      assessment: {
        evidence: evidence as EvidenceRow[],
        observations: observations as ObservationRow[],
        decisions: decisions.map((d) => ({ ...d, feedback: '' })) as DecisionRow[],
        samples: samples as SampleRow[],
        passedModules: stored.passedModules,
        signoffs,
      },
      // The current sign-off of each unit whose sign-off stands (a withdrawn one is left out).
      signoffs: [...signOffState(signoffs).values()]
        .flatMap((state) => (state.kind === 'signed' && standing.has(state.row.unit) ? [state.row as UnitSignoffRecord] : []))
        .map((s) => ({ unit: s.unit, name: s.signed_name ?? '', by: s.signed_by ?? '' })),
      hours: hours.map((h) => ({ minutes: h.minutes, kind: h.kind, status: h.status })),
    };
  } catch (error) {
    throw fromPocketBase(error, 'certificate');
  }
}
