/** If-None-Match for the revocation list (src/lib/certificates/http.ts), so a CDN can revalidate it. */
import { describe, expect, it } from 'vitest';
import { etagMatches } from '../../src/lib/certificates/http.ts';

describe('etagMatches', () => {
  const tag = 'W/"abc123"';
  it('matches the same tag, weak or strong, alone, in a list, or *', () => {
    expect(etagMatches('W/"abc123"', tag)).toBe(true);
    expect(etagMatches('"abc123"', tag)).toBe(true);
    expect(etagMatches('"zzz", W/"abc123"', tag)).toBe(true);
    expect(etagMatches('*', tag)).toBe(true);
  });
  it('does not match another tag, a missing or an empty header', () => {
    expect(etagMatches('W/"abc124"', tag)).toBe(false);
    expect(etagMatches('abc123', tag)).toBe(false);
    expect(etagMatches(null, tag)).toBe(false);
    expect(etagMatches('', tag)).toBe(false);
  });
});
