/**
 * A real bug (not PocketBase being away) becomes a 500 with a short id: the id and the error go
 * to the server log, and the 500 page shows the id so a person can quote it to whoever runs the
 * site. The id is random, so it says nothing about the person or the request.
 */
import { randomBytes } from 'node:crypto';

/** A short random id for one failure, e.g. "e-3f9a1c2b". */
export function failureId(): string {
  return `e-${randomBytes(4).toString('hex')}`;
}

/** Logs the error under a new id and returns the id. */
export function reportFailure(error: unknown, where = ''): string {
  const id = failureId();
  console.error(`[${id}] Something failed${where ? ` on ${where}` : ''}:`, error);
  return id;
}
