/**
 * The IQA verdicts on a trainee's own decisions, for the trainee's own views (evidence page,
 * dashboard counts, certificates page): only `decision`, `verdict` and `created`, never the
 * IQA's rationale or name. A trainee may not read qa_samples through the API (the rationale
 * is for staff), so the service client reads these three fields; without them the trainee's
 * page would still say "Met" for a decision an IQA sent back to its assessor, while the
 * assessor's queue says it is waiting (status.ts, `isReturned`).
 */
import { fromPocketBase } from '../errors.ts';
import type { TypedPocketBase } from '../pb.ts';
import type { SampleRow } from './status.ts';

/** The service client, signed in lazily (pages pass nothing; tests pass their own). */
export type ServiceSource = TypedPocketBase | (() => Promise<TypedPocketBase>);

/** The service client from a source, or the process's own. */
export async function resolveService(source?: ServiceSource): Promise<TypedPocketBase> {
  if (typeof source === 'function') return source();
  if (source) return source;
  const { serviceClient } = await import('../pb-service.ts');
  return serviceClient();
}

/**
 * Verdicts on the trainee's decisions (every course, or one), oldest first.
 *
 * @param user the trainee's id, from the session
 * @throws {DomainError} `unavailable` when PocketBase cannot be reached
 */
export async function verdictsForTrainee(user: string, course?: string, source?: ServiceSource): Promise<SampleRow[]> {
  try {
    const service = await resolveService(source);
    const rows = await service.collection('qa_samples').getFullList({
      filter:
        course === undefined
          ? service.filter('decision.user = {:user}', { user })
          : service.filter('decision.user = {:user} && decision.course = {:course}', { user, course }),
      fields: 'decision,verdict,created',
      sort: 'created',
    });
    return rows.map((r) => ({ decision: r.decision, verdict: r.verdict, created: r.created }));
  } catch (error) {
    throw fromPocketBase(error, 'assessment');
  }
}
