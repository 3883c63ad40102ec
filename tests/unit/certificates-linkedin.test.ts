/** LinkedIn's "add to profile" link for a certificate. */
import { describe, expect, it } from 'vitest';
import { linkedInAddUrl, yearAndMonth } from '../../src/lib/certificates/linkedin.ts';

describe('LinkedIn add-to-profile link', () => {
  it('fills in every field, percent-encoded', () => {
    const url = linkedInAddUrl({
      name: 'Level 3 Award in Peer Support Work Foundations',
      organizationName: 'Lived Learning & Friends',
      issuedAt: '2026-11-20T10:00:00Z',
      certUrl: 'https://learning.example.org/verify/7K3MQ9TXZB2R4WH1',
      certId: '7K3M-Q9TX-ZB2R-4WH1',
    });
    expect(url).toBe(
      'https://www.linkedin.com/profile/add?startTask=CERTIFICATION_NAME' +
        '&name=Level%203%20Award%20in%20Peer%20Support%20Work%20Foundations' +
        '&organizationName=Lived%20Learning%20%26%20Friends' +
        '&issueYear=2026&issueMonth=11' +
        '&certUrl=https%3A%2F%2Flearning.example.org%2Fverify%2F7K3MQ9TXZB2R4WH1' +
        '&certId=7K3M-Q9TX-ZB2R-4WH1',
    );
    const params = new URL(url).searchParams;
    expect(params.get('organizationName')).toBe('Lived Learning & Friends');
    expect(params.get('certUrl')).toBe('https://learning.example.org/verify/7K3MQ9TXZB2R4WH1');
  });

  it('adds the expiry when the certificate has one', () => {
    const url = new URL(
      linkedInAddUrl({ name: 'A', organizationName: 'B', issuedAt: '2026-01-05T10:00:00Z', expiresAt: '2029-02-01T00:00:00Z', certUrl: 'https://x.org/verify/1', certId: '1' }),
    );
    expect(url.searchParams.get('expirationYear')).toBe('2029');
    expect(url.searchParams.get('expirationMonth')).toBe('2');
  });

  it('uses the UK date: 23:30 UTC on 31 March is already April in London (summer time)', () => {
    expect(yearAndMonth('2026-03-31T23:30:00Z')).toEqual({ year: 2026, month: 4 });
    expect(yearAndMonth('2026-12-31T23:30:00Z')).toEqual({ year: 2026, month: 12 });
  });
});
