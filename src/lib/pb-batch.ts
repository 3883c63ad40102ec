/**
 * Sending a PocketBase batch (several writes, all or none). PocketBase answers a batch that
 * failed *as a whole* — its transaction timed out or the database was busy — with 400
 * "Batch transaction failed." and nothing naming a request. Nothing of it was written, so it is
 * safe to send again; and it is never the person's fault, so it must not read as "you cannot"
 * (it once did, as "You cannot add this rating"). A batch that one request refused names that
 * request (`data.requests.<i>`) and is passed on unchanged for the store to explain.
 */
import { ClientResponseError } from 'pocketbase';
import type { BatchService } from 'pocketbase';
import { DomainError } from './errors.ts';

/** Waits before each new try: short, as a person is waiting for the page. */
const RETRY_DELAYS_MS = [150, 600];

/** True for a batch that failed as a whole (nothing written, no request named). */
export function batchFailedWhole(error: unknown): boolean {
  if (!(error instanceof ClientResponseError) || error.status !== 400) return false;
  const data = (error.response?.['data'] ?? {}) as Record<string, unknown>;
  return error.response?.['message'] === 'Batch transaction failed.' && Object.keys(data).length === 0;
}

/**
 * Sends the batch; one that failed as a whole is sent again (twice at most).
 *
 * @throws {DomainError} `unavailable` when it still failed as a whole; otherwise PocketBase's
 *   own error (a refused request, PocketBase not reached) for the caller to map.
 */
export async function sendBatch<T = unknown>(batch: BatchService, log: (line: string) => void = console.warn): Promise<T[]> {
  for (let attempt = 0; ; attempt++) {
    const started = Date.now();
    try {
      return (await batch.send()) as T[];
    } catch (error) {
      if (!batchFailedWhole(error)) throw error;
      // The operator sees how long PocketBase took (a timeout shows as ~30 s): no names, no data.
      log(`[pocketbase] a batch failed as a whole after ${Date.now() - started} ms (try ${attempt + 1})`);
      const delay = RETRY_DELAYS_MS[attempt];
      if (delay === undefined) {
        const busy = new DomainError('unavailable', 'We could not save that just now. Nothing is lost: please try again in a moment.');
        busy.cause = error;
        throw busy;
      }
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}
