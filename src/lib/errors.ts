/**
 * One error type for the domain: stores turn PocketBase's ClientResponseError into it, and
 * routes map `kind` to an HTTP status and a kind message. Never shown as a stack trace.
 */
import { ClientResponseError } from 'pocketbase';

export type DomainErrorKind = 'invalid' | 'unauthenticated' | 'forbidden' | 'not-found' | 'conflict' | 'too-many' | 'unavailable';

export class DomainError extends Error {
  readonly kind: DomainErrorKind;
  /** Field name → message, for forms. */
  readonly fields: Record<string, string>;

  constructor(kind: DomainErrorKind, message: string, fields: Record<string, string> = {}) {
    super(message);
    this.name = 'DomainError';
    this.kind = kind;
    this.fields = fields;
  }
}

const STATUS: Record<DomainErrorKind, number> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  'not-found': 404,
  conflict: 409,
  'too-many': 429,
  unavailable: 503,
};

export function statusOf(error: DomainError): number {
  return STATUS[error.kind];
}

/** True when PocketBase could not be reached at all (down, restarting). */
export function isUnavailable(error: unknown): boolean {
  return (error instanceof ClientResponseError && error.status === 0 && !error.isAbort) || (error instanceof DomainError && error.kind === 'unavailable');
}

/**
 * Maps a PocketBase failure to a DomainError with a plain message.
 * `what` names the thing for messages, e.g. "reflection".
 *
 * @throws the error itself when it is not PocketBase's answer (a bug), or an answer that is
 *   neither a refusal nor an outage (PocketBase's own 500): the middleware logs it with an id
 *   and shows the 500 page. Only PocketBase not reached, or a proxy's 502/503/504, is
 *   `unavailable`: a bug never becomes a fake outage.
 */
export function fromPocketBase(error: unknown, what = 'record'): DomainError {
  if (error instanceof DomainError) return error;
  if (!(error instanceof ClientResponseError)) throw error;
  const mapped = mapPocketBase(error, what);
  if (!mapped) throw error;
  // Kept for whoever needs PocketBase's own answer (e.g. telling a full disk from bad input).
  mapped.cause = error;
  return mapped;
}

function mapPocketBase(error: ClientResponseError, what: string): DomainError | undefined {
  const data = (error.response?.data ?? {}) as Record<string, { message?: string; code?: string }>;
  const fields = Object.fromEntries(Object.entries(data).map(([k, v]) => [k, v?.message ?? 'Please check this.']));
  switch (error.status) {
    case 0:
      return new DomainError('unavailable', 'The service is temporarily unavailable. Please try again in a minute.');
    case 400:
      return new DomainError('invalid', `The ${what} could not be saved. Please check the details and try again.`, fields);
    case 401:
      return new DomainError('unauthenticated', 'Please sign in again to carry on.');
    case 403:
      return new DomainError('forbidden', `You do not have access to this ${what}.`);
    case 404:
      return new DomainError('not-found', `We could not find that ${what}.`);
    case 409:
      return new DomainError('conflict', String(error.response?.message ?? `This ${what} was changed somewhere else.`));
    case 413:
      return new DomainError('invalid', `The ${what} is too large to send. Please make it smaller and try again.`);
    case 429:
      return new DomainError('too-many', 'Too many tries. Please wait a minute and try again.');
    case 502:
    case 503:
    case 504:
      return new DomainError('unavailable', 'The service is temporarily unavailable. Please try again in a minute.');
    default:
      return undefined;
  }
}
