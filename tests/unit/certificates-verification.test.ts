/** What a person checking a certificate is told: status, facts, the name as the holder chose. */
import { describe, expect, it } from 'vitest';
import { certificateStatus, invalidCode, isoDate, notFound, verifyStored } from '../../src/lib/certificates/verification.ts';
import { correctedSnapshot } from '../../src/lib/certificates/issue.ts';
import { snapshotDigest } from '../../src/lib/certificates/snapshot.ts';
import { CODE, sampleSnapshot } from '../fixtures/ob3/sample.ts';

const stored = (over: Partial<Parameters<typeof verifyStored>[0]> = {}) => ({
  code: CODE,
  snapshot: sampleSnapshot(),
  revoked_at: '',
  revoke_reason: '',
  holder_name_display: 'full',
  ...over,
});

describe('status', () => {
  it('is valid before expiry, expired after, and revoked whatever the date', () => {
    expect(certificateStatus(stored(), new Date('2027-01-01T00:00:00Z'))).toBe('valid');
    expect(certificateStatus(stored(), new Date('2027-03-03T12:00:00Z'))).toBe('expired');
    expect(certificateStatus(stored({ revoked_at: '2026-12-01 09:00:00.000Z' }), new Date('2027-01-01T00:00:00Z'))).toBe('revoked');
    expect(certificateStatus(stored({ snapshot: sampleSnapshot({ expiresAt: null }) }), new Date('2099-01-01T00:00:00Z'))).toBe('valid');
  });
});

describe('the public answer', () => {
  it('carries the certificate’s facts, formatted code, links and a plain message', () => {
    const result = verifyStored(stored(), new Date('2027-01-01T00:00:00Z'));
    expect(result).toMatchObject({
      status: 'valid',
      code: '7K3M-Q9TX-ZB2R-4WH1',
      message: 'This certificate is genuine and current.',
      certificate: {
        kind: 'full',
        title: 'Level 2 Award in Tiny Things',
        course: { title: 'Tiny course' },
        accreditation: { awarding_body: 'Test Awarding Body', level: '2', level_name: 'RQF Level 2', credits: 2, credits_available: 2, guided_learning_hours: 8 },
        units: [
          { id: 'U1', title: 'First unit', credits: 1, guided_learning_hours: 4 },
          { id: 'U2', title: 'Second unit', credits: 1, guided_learning_hours: 4 },
        ],
        issued_at: '2026-11-20T10:00:00Z',
        issuer: { name: 'Lived Learning Collective', url: 'https://livedlearning.example.org' },
        holder: { name: 'Jordan Ellis-Mbeki', display: 'full', surname_matches: null },
        revocation: null,
        replaced_by: null,
        verify_url: 'https://livedlearning.example.org/verify/7K3MQ9TXZB2R4WH1',
        credential_url: 'https://livedlearning.example.org/credentials/7K3MQ9TXZB2R4WH1',
      },
    });
  });

  it('for a unit certificate, gives the credits and hours of the units achieved', () => {
    const result = verifyStored(stored({ snapshot: sampleSnapshot({ kind: 'unit', unitIds: ['U2'] }) }), new Date('2027-01-01T00:00:00Z'));
    expect(result.certificate?.accreditation).toMatchObject({ credits: 1, credits_available: 2, guided_learning_hours: 4 });
  });

  it('shows a revocation with its date and reason, and the replacement', () => {
    const result = verifyStored(stored({ revoked_at: '2026-12-01 09:00:00.000Z', revoke_reason: 'Name misspelt', replacedByCode: CODE }), new Date());
    expect(result.status).toBe('revoked');
    expect(result.certificate?.revocation).toEqual({ revoked_at: '2026-12-01T09:00:00Z', reason: 'Name misspelt' });
    expect(result.certificate?.replaced_by).toBe('7K3M-Q9TX-ZB2R-4WH1');
  });

  it('hides the name as the holder chose', () => {
    expect(verifyStored(stored({ holder_name_display: 'initials' }), new Date()).certificate?.holder.name).toBe('J. E. M.');
    expect(verifyStored(stored({ holder_name_display: 'surname_check' }), new Date()).certificate?.holder.name).toBeNull();
    expect(verifyStored(stored({ holder_name_display: 'surname_check' }), new Date(), 'Ellis-Mbeki').certificate?.holder.name).toBe('Jordan Ellis-Mbeki');
  });

  it('has the same shape for every unknown code: no certificate', () => {
    expect(notFound(CODE)).toEqual({
      status: 'not_found',
      code: '7K3M-Q9TX-ZB2R-4WH1',
      message: 'No certificate has this code. Check it against the certificate: a character may have been misread.',
      certificate: null,
    });
    expect(Object.keys(invalidCode('typo'))).toEqual(Object.keys(notFound(CODE)));
    expect(invalidCode('typo')).toEqual({ status: 'invalid_code', code: null, message: 'typo', certificate: null });
  });

  it('reads PocketBase dates', () => {
    expect(isoDate('2026-12-01 09:00:00.123Z')).toBe('2026-12-01T09:00:00Z');
  });
});

describe('a corrected re-issue', () => {
  it('keeps every fact but the name, code, date, bit and email hash', () => {
    const old = sampleSnapshot();
    const fixed = correctedSnapshot(old, {
      code: '0000000000000000',
      holderName: '  Jordan  Ellis-Mbeki ',
      holderEmail: 'Jordan@Example.org',
      emailSalt: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
      issuedAt: new Date('2026-12-02T08:00:00.500Z'),
      statusListIndex: 7,
    });
    expect(fixed).toEqual({
      ...old,
      code: '0000000000000000',
      holder: { name: 'Jordan Ellis-Mbeki', email_hash: expect.stringMatching(/^sha256\$[0-9a-f]{64}$/), email_salt: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa' },
      issued_at: '2026-12-02T08:00:00Z',
      status_list_index: 7,
    });
    expect(snapshotDigest(fixed)).not.toBe(snapshotDigest(old));
    expect(() => correctedSnapshot(old, { code: '0000000000000000', holderName: ' ', holderEmail: 'a@b.c', emailSalt: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', issuedAt: new Date(), statusListIndex: 1 })).toThrow(
      /damaged at holder.name/,
    );
  });
});
