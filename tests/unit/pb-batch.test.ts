import { ClientResponseError, type BatchService } from 'pocketbase';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../../src/lib/errors.ts';
import { batchFailedWhole, sendBatch } from '../../src/lib/pb-batch.ts';

const failedWhole = () =>
  new ClientResponseError({ url: 'http://pb/api/batch', status: 400, response: { status: 400, message: 'Batch transaction failed.', data: {} } });
const refusedRequest = () =>
  new ClientResponseError({
    url: 'http://pb/api/batch',
    status: 400,
    response: { status: 400, message: 'Batch transaction failed.', data: { requests: { 0: { code: 'batch_request_failed', response: { status: 400, data: {} } } } } },
  });

/** A batch whose answers are given in turn: an error is thrown, anything else returned. */
function batchAnswering(...answers: unknown[]): BatchService & { sends: number } {
  const batch = {
    sends: 0,
    async send() {
      const answer = answers[batch.sends++];
      if (answer instanceof Error) throw answer;
      return answer;
    },
  };
  return batch as unknown as BatchService & { sends: number };
}

describe('a PocketBase batch', () => {
  it('tells a batch that failed as a whole from one that a request refused', () => {
    expect(batchFailedWhole(failedWhole())).toBe(true);
    expect(batchFailedWhole(refusedRequest())).toBe(false);
    expect(batchFailedWhole(new ClientResponseError({ status: 0 }))).toBe(false);
    expect(batchFailedWhole(new Error('bug'))).toBe(false);
  });

  it('is sent again when it failed as a whole, and the answer of the try that worked is returned', async () => {
    const lines: string[] = [];
    const batch = batchAnswering(failedWhole(), [{ status: 200, body: { id: 'a' } }]);
    expect(await sendBatch(batch, (line) => lines.push(line))).toEqual([{ status: 200, body: { id: 'a' } }]);
    expect(batch.sends).toBe(2);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^\[pocketbase\] a batch failed as a whole after \d+ ms \(try 1\)$/);
  });

  it('after three whole failures says plainly that nothing is lost (unavailable, never "not allowed")', async () => {
    const batch = batchAnswering(failedWhole(), failedWhole(), failedWhole(), []);
    const error = await sendBatch(batch, () => {}).catch((e: unknown) => e);
    expect(batch.sends).toBe(3);
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).kind).toBe('unavailable');
    expect((error as DomainError).message).toContain('Nothing is lost');
  });

  it('passes a refused request on at once, for the store to explain', async () => {
    const refused = refusedRequest();
    const batch = batchAnswering(refused, []);
    await expect(sendBatch(batch, () => {})).rejects.toBe(refused);
    expect(batch.sends).toBe(1);
  });
});
