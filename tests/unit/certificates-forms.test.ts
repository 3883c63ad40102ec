/**
 * The public check's request handling (rate limits per address, a typo answered before any
 * lookup, the surname form) and the bulk upload's checks, with a stand-in for PocketBase.
 */
import { describe, expect, it } from 'vitest';
import { SlidingWindowLimiter } from '../../src/lib/auth/rate-limit.ts';
import { apiBulkRequest, bulkUpload, canonicalCode, isCanonical, publicBulkRows, verifyRequest } from '../../src/lib/certificates/forms.ts';
import { snapshotDigest } from '../../src/lib/certificates/snapshot.ts';
import type { TypedPocketBase } from '../../src/lib/pb.ts';
import { CODE, sampleSnapshot } from '../fixtures/ob3/sample.ts';

const TYPO = `${CODE.slice(0, 15)}${CODE[15] === 'A' ? 'B' : 'A'}`;

/** A stand-in service client that knows one certificate (shown only to someone who knows the surname) and counts lookups. */
function fakeService() {
  const snapshot = sampleSnapshot();
  const row = { id: 'r1', code: CODE, snapshot, snapshot_digest: snapshotDigest(snapshot), revoked_at: '', revoke_reason: '', replaced_by: '', holder_name_display: 'surname_check' };
  const calls = { lookups: 0 };
  const pb = {
    filter: (raw: string, params: Record<string, string>) => raw.replace(/\{:(\w+)\}/g, (_, k: string) => `'${params[k]}'`),
    collection: () => ({
      getList: async (_page: number, _per: number, options: { filter: string }) => {
        calls.lookups += 1;
        return { items: options.filter.includes(CODE) ? [row] : [] };
      },
    }),
  } as unknown as TypedPocketBase;
  return { service: async () => pb, calls };
}

const limits = (perIp = 3, surname = 2) => ({
  perIp: new SlidingWindowLimiter({ limit: perIp, windowMs: 60_000 }),
  surnamePerIp: new SlidingWindowLimiter({ limit: surname, windowMs: 15 * 60_000 }),
});

const form = (fields: Record<string, string>) => {
  const data = new FormData();
  for (const [k, v] of Object.entries(fields)) data.set(k, v);
  return data;
};

describe('checking one code', () => {
  it('answers a typo from the check character alone, without a lookup', async () => {
    const { service, calls } = fakeService();
    const outcome = await verifyRequest({ service, code: TYPO, ip: '192.0.2.1', limits: limits() });
    expect(outcome).toEqual({ ok: true, value: { status: 'invalid_code', code: null, message: 'That code has a typo: please check it against the certificate.', certificate: null } });
    expect(calls.lookups).toBe(0);
  });

  it('allows so many checks a minute per address, then asks kindly to wait', async () => {
    const { service } = fakeService();
    const l = limits(3);
    const now = 1_000_000;
    for (let i = 0; i < 3; i++) expect((await verifyRequest({ service, code: CODE, ip: '192.0.2.1', limits: l, now })).ok).toBe(true);
    const refused = await verifyRequest({ service, code: CODE, ip: '192.0.2.1', limits: l, now: now + 1000 });
    expect(refused).toMatchObject({ ok: false, status: 429, retryAfterSeconds: 59 });
    expect(!refused.ok && refused.message).toMatchInlineSnapshot(
      `"You have checked a lot of certificates in a short time. Please wait a minute and try again. To check many at once, an accrediting body can use the bulk check."`,
    );
    // Another address is not affected, and a minute later it is fine again.
    expect((await verifyRequest({ service, code: CODE, ip: '192.0.2.2', limits: l, now })).ok).toBe(true);
    expect((await verifyRequest({ service, code: CODE, ip: '192.0.2.1', limits: l, now: now + 61_000 })).ok).toBe(true);
  });

  it('shows a hidden name only for the right surname, with a message by the field otherwise', async () => {
    const { service } = fakeService();
    const hidden = await verifyRequest({ service, code: CODE, ip: '192.0.2.3', limits: limits() });
    expect(hidden.ok && hidden.value.certificate?.holder).toEqual({ name: null, display: 'surname_check', surname_matches: null });

    const wrong = await verifyRequest({ service, code: CODE, ip: '192.0.2.3', limits: limits(), form: form({ surname: 'Smith' }) });
    expect(wrong).toMatchObject({ ok: true, surnameError: 'That surname does not match this certificate. Please check the spelling and try again.' });

    const empty = await verifyRequest({ service, code: CODE, ip: '192.0.2.3', limits: limits(), form: form({ surname: '  ' }) });
    expect(empty).toMatchObject({ ok: true, surnameError: 'Please type the surname of the person named on the certificate.', value: { status: 'valid' } });

    const right = await verifyRequest({ service, code: CODE, ip: '192.0.2.3', limits: limits(), surname: 'ellis-mbeki' });
    expect(right.ok && right.value.certificate?.holder).toEqual({ name: 'Jordan Ellis-Mbeki', display: 'surname_check', surname_matches: true });
  });

  it('limits surname guesses more strictly than checks', async () => {
    const { service } = fakeService();
    const l = limits(100, 2);
    for (const guess of ['a', 'b']) expect((await verifyRequest({ service, code: CODE, ip: '192.0.2.4', limits: l, surname: guess })).ok).toBe(true);
    expect(await verifyRequest({ service, code: CODE, ip: '192.0.2.4', limits: l, surname: 'c' })).toMatchObject({ ok: false, status: 429 });
    // Checking without a guess still works.
    expect((await verifyRequest({ service, code: CODE, ip: '192.0.2.4', limits: l })).ok).toBe(true);
  });

  it('knows the canonical form of a code for addresses', () => {
    expect(canonicalCode('7k3m-q9tx-zb2r-4wh1')).toBe(CODE);
    expect(canonicalCode(TYPO)).toBeUndefined();
    expect(isCanonical(CODE)).toBe(true);
    expect(isCanonical('7K3M-Q9TX-ZB2R-4WH1')).toBe(false);
  });
});

describe('the bulk upload', () => {
  const upload = (content: BlobPart, name = 'codes.csv') => {
    const data = new FormData();
    data.set('file', new File([content], name, { type: 'text/csv' }));
    return data;
  };

  it('asks for a file when none was chosen', async () => {
    expect(await bulkUpload(new FormData())).toMatchObject({ ok: false, status: 400, fields: { file: 'Please choose a CSV file to upload.' } });
    expect(await bulkUpload(upload(''))).toMatchObject({ ok: false, status: 400 });
  });

  it('refuses a spreadsheet file that is not CSV, with how to fix it', async () => {
    const xlsx = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00, 0xff, 0xfe]);
    expect(await bulkUpload(upload(xlsx, 'codes.xlsx'))).toMatchObject({
      ok: false,
      message: 'That file does not look like a CSV or text file. Please save the spreadsheet as CSV and try again.',
    });
  });

  it('refuses a file over 2 MB', async () => {
    expect(await bulkUpload(upload('x'.repeat(2 * 1024 * 1024 + 1)))).toMatchObject({ ok: false, status: 413 });
  });

  it('reads the rows of a good file', async () => {
    const outcome = await bulkUpload(upload(`code\n${CODE}\n${TYPO}\n`));
    expect(outcome.ok && outcome.value.map((r) => [r.line, r.parsed.ok])).toEqual([
      [2, true],
      [3, false],
    ]);
  });
});

describe('the JSON bulk check (POST /api/v1/verify)', () => {
  /** A stand-in that knows one certificate, for the bulk lookups (getFullList), and counts them. */
  function bulkService() {
    const snapshot = sampleSnapshot();
    const row = { id: 'r1', code: CODE, snapshot, snapshot_digest: snapshotDigest(snapshot), revoked_at: '', revoke_reason: '', replaced_by: '', holder_name_display: 'full' };
    const calls = { lookups: 0 };
    const pb = {
      filter: (raw: string, params: Record<string, string>) => raw.replace(/\{:(\w+)\}/g, (_, k: string) => `'${params[k]}'`),
      collection: () => ({
        getFullList: async (options: { filter: string }) => {
          calls.lookups += 1;
          return options.filter.includes(CODE) ? [row] : [];
        },
      }),
    } as unknown as TypedPocketBase;
    return { service: async () => pb, calls };
  }
  const bulk = (perIp = 3) => ({ perIp: new SlidingWindowLimiter({ limit: perIp, windowMs: 60_000 }) });

  it('answers each code in the order sent, with what was sent and the counts', async () => {
    const { service } = bulkService();
    const outcome = await apiBulkRequest({ service, body: JSON.stringify({ codes: [CODE, TYPO, 'hello', CODE] }), ip: '1', limits: bulk() });
    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    expect(outcome.value.results.map((r) => [r.input, r.status])).toEqual([
      [CODE, 'valid'],
      [TYPO, 'invalid_code'],
      ['hello', 'invalid_code'],
      [CODE, 'valid'],
    ]);
    expect(outcome.value.results[0]!.certificate?.holder.name).toBe(sampleSnapshot().holder.name);
    expect(outcome.value.counts).toMatchObject({ total: 4, valid: 2, invalid_code: 2, not_found: 0 });
  });

  it('refuses a body that is not JSON, or not a list of 1 to 10,000 codes, saying what to send; nothing is looked up', async () => {
    const { service, calls } = bulkService();
    const ask = (body: string) => apiBulkRequest({ service, body, ip: '2', limits: bulk(100) });
    const notJson = await ask('codes=ABC');
    expect(notJson).toMatchObject({ ok: false, status: 400 });
    expect(notJson.ok ? '' : notJson.message).toContain('not JSON');
    for (const body of ['{}', '{"codes": []}', '{"codes": "7K3M"}', '{"codes": [1, 2]}', '[]']) {
      const outcome = await ask(body);
      expect(outcome, body).toMatchObject({ ok: false, status: 400 });
      expect(outcome.ok ? '' : outcome.message, body).toContain('1 to 10,000');
    }
    const tooMany = await ask(JSON.stringify({ codes: Array.from({ length: 10_001 }, () => CODE) }));
    expect(tooMany.ok ? '' : tooMany.message).toContain('10,001');
    expect(calls.lookups).toBe(0);
  });

  it('is rate limited per address, with the wait in seconds', async () => {
    const { service } = bulkService();
    const limits = bulk(1);
    const body = JSON.stringify({ codes: [CODE] });
    expect((await apiBulkRequest({ service, body, ip: '3', limits })).ok).toBe(true);
    const refused = await apiBulkRequest({ service, body, ip: '3', limits });
    expect(refused).toMatchObject({ ok: false, status: 429 });
    expect(refused.ok ? 0 : refused.retryAfterSeconds).toBeGreaterThan(0);
    expect((await apiBulkRequest({ service, body, ip: '4', limits })).ok).toBe(true);
  });
});

describe('the public bulk page\'s form', () => {
  it('takes pasted codes, one per line, when no file is chosen', async () => {
    const outcome = await publicBulkRows(form({ codes: `${CODE}\n\n${TYPO}\n` }));
    expect(outcome.ok && outcome.value.map((r) => r.raw)).toEqual([CODE, TYPO]);
  });

  it('asks for a file or codes when both are empty', async () => {
    const outcome = await publicBulkRows(form({ codes: '   ' }));
    expect(outcome).toMatchObject({ ok: false, status: 400, fields: { codes: expect.stringContaining('paste the codes') } });
  });
});
