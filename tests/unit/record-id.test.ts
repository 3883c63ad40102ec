import { describe, expect, it } from 'vitest';
import { isRecordId, RECORD_ID } from '../../src/lib/record-id.ts';

describe('RECORD_ID', () => {
  it("accepts PocketBase's 15 lower-case letters and digits, and nothing else", () => {
    expect(RECORD_ID.test('abc123def456ghi')).toBe(true);
    expect(isRecordId('abc123def456ghi')).toBe(true);
    for (const bad of ['', 'abc123def456gh', 'abc123def456ghij', 'ABC123DEF456GHI', 'abc123def456gh"', 'abc123def456gh\n', "x' || true || '"]) {
      expect(RECORD_ID.test(bad), JSON.stringify(bad)).toBe(false);
    }
    expect(isRecordId(undefined)).toBe(false);
    expect(isRecordId(123456789012345)).toBe(false);
  });
});
