/**
 * docs/openapi/verify.yaml describes what the verify API really sends: its examples, and the
 * answers verification.ts builds for every status, fit its response schema.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { invalidCode, notFound, verifyStored } from '../../src/lib/certificates/verification.ts';
import { CODE, sampleSnapshot } from '../fixtures/ob3/sample.ts';

const file = path.resolve(import.meta.dirname, '../../docs/openapi/verify.yaml');
type Responses = Record<string, { content: { 'application/json': { examples?: Record<string, { value: unknown }>; example?: unknown } } }>;
const doc = parse(readFileSync(file, 'utf8')) as {
  openapi: string;
  paths: Record<string, { get?: { responses: Responses }; post?: { responses: Responses } }>;
};

const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addSchema(doc as object, 'verify.yaml');

function validator(schema = 'VerifyResponse') {
  const validate = ajv.getSchema(`verify.yaml#/components/schemas/${schema}`);
  if (!validate) throw new Error(`${schema} is missing from docs/openapi/verify.yaml`);
  return (value: unknown) => (validate(value) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`));
}

describe('the verify API description', () => {
  const errors = validator();

  it('is OpenAPI 3.1 with the verify path', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(['/api/v1/verify', '/api/v1/verify/{code}']);
  });

  it('has examples that fit its own schema', () => {
    const examples = doc.paths['/api/v1/verify/{code}']!.get!.responses['200']!.content['application/json'].examples ?? {};
    expect(Object.keys(examples)).toEqual(['valid', 'not_found', 'invalid_code']);
    for (const [name, example] of Object.entries(examples)) expect(errors(example.value), name).toEqual([]);
  });

  it('describes every answer the site builds', () => {
    const now = new Date('2027-01-01T00:00:00Z');
    const base = { code: CODE, snapshot: sampleSnapshot(), revoke_reason: '', holder_name_display: 'full' };
    const answers = {
      valid: verifyStored({ ...base, revoked_at: '' }, now),
      expired: verifyStored({ ...base, revoked_at: '' }, new Date('2028-01-01T00:00:00Z')),
      revoked: verifyStored({ ...base, revoked_at: '2026-12-01 09:00:00.000Z', revoke_reason: 'Issued in error', replacedByCode: CODE }, now),
      unit: verifyStored({ ...base, snapshot: sampleSnapshot({ kind: 'unit', unitIds: ['U1'] }), revoked_at: '' }, now),
      attendance: verifyStored({ ...base, snapshot: sampleSnapshot({ kind: 'attendance', assessors: [] }), revoked_at: '', holder_name_display: 'surname_check' }, now, 'wrong'),
      initials: verifyStored({ ...base, revoked_at: '', holder_name_display: 'initials' }, now),
      not_found: notFound(CODE),
      invalid_code: invalidCode('That code has a typo: please check it against the certificate.'),
    };
    for (const [name, answer] of Object.entries(answers)) expect(errors(JSON.parse(JSON.stringify(answer))), name).toEqual([]);
    expect(errors({ ...answers.valid, extra: 1 })).not.toEqual([]);
  });
});

describe('the bulk verify API description', () => {
  const errors = validator('BulkVerifyResponse');

  it('has an example that fits its own schema', () => {
    const example = doc.paths['/api/v1/verify']!.post!.responses['200']!.content['application/json'].example;
    expect(errors(example)).toEqual([]);
  });

  it('describes what the site sends for each kind of answer, and refuses what it does not', async () => {
    const { bulkApiResult } = await import('../../src/lib/certificates/forms.ts');
    const { bulkCounts } = await import('../../src/lib/certificates/bulk-csv.ts');
    const { parseCode } = await import('../../src/lib/certificates/code.ts');
    const now = new Date('2027-01-01T00:00:00Z');
    const row = (raw: string) => ({ line: 1, raw, parsed: parseCode(raw) });
    const valid = verifyStored({ code: CODE, snapshot: sampleSnapshot(), revoke_reason: '', holder_name_display: 'full', revoked_at: '' }, now);
    const results = [
      bulkApiResult({ row: row(CODE), status: 'valid', result: valid, holderName: valid.certificate?.holder.name ?? undefined }),
      bulkApiResult({ row: row(CODE), status: 'not_found', result: notFound(CODE), holderName: undefined }),
      bulkApiResult({ row: row('nope'), status: 'invalid_code', result: invalidCode('typo'), holderName: undefined }),
      bulkApiResult({ row: row(CODE), status: 'error', result: undefined, holderName: undefined, error: 'damaged' }),
    ];
    const body = JSON.parse(JSON.stringify({ counts: bulkCounts(results.map((r) => r.status)), results }));
    expect(errors(body)).toEqual([]);
    expect(results.map((r) => r.input)).toEqual([CODE, CODE, 'nope', CODE]);
    expect(errors({ ...body, results: [{ ...body.results[0], extra: 1 }] })).not.toEqual([]);
  });
});
