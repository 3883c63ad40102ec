import { describe, expect, it } from 'vitest';
import {
  hashResetToken,
  newResetToken,
  RESET_LINK_LIFETIME_MS,
  resetLinkExpiry,
  resetLinkState,
  resetLinkUrl,
  resetPermission,
  resetTokenKind,
} from '../../src/lib/auth/password-reset.ts';
import type { Role } from '../../src/lib/records.ts';

describe('reset tokens', () => {
  it('are 32 random bytes in base64url, different each time', () => {
    const a = newResetToken();
    const b = newResetToken();
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(a, 'base64url')).toHaveLength(32);
    expect(a).not.toBe(b);
  });

  it('are stored as lower-case hex SHA-256', () => {
    expect(hashResetToken('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(hashResetToken(newResetToken())).toMatch(/^[0-9a-f]{64}$/);
  });

  it('are told apart from PocketBase email tokens and junk', () => {
    expect(resetTokenKind(newResetToken())).toBe('link');
    expect(resetTokenKind('eyJhbGciOiJIUzI1NiJ9.eyJpZCI6IngifQ.c2lnbmF0dXJl')).toBe('email');
    for (const junk of ['', 'short', '../../etc/passwd', 'a'.repeat(44), 'a b.c.d', `${'a'.repeat(42)}=`]) {
      expect(resetTokenKind(junk), junk).toBe('invalid');
    }
  });
});

describe('resetLinkState', () => {
  const now = new Date('2026-11-23T12:00:00Z');
  it('is usable until it expires, and never after it is used', () => {
    expect(resetLinkState({ expires_at: '2026-11-24 11:59:59.000Z', used_at: '' }, now)).toBe('usable');
    expect(resetLinkState({ expires_at: '2026-11-23T12:00:00.000Z', used_at: '' }, now)).toBe('expired');
    expect(resetLinkState({ expires_at: '2026-11-22 12:00:00.000Z', used_at: '' }, now)).toBe('expired');
    expect(resetLinkState({ expires_at: '2026-11-24 11:59:59.000Z', used_at: '2026-11-23 11:00:00.000Z' }, now)).toBe('used');
    expect(resetLinkState({ expires_at: 'nonsense', used_at: '' }, now)).toBe('expired');
  });

  it('lasts 24 hours', () => {
    expect(resetLinkExpiry(now).toISOString()).toBe('2026-11-24T12:00:00.000Z');
    expect(RESET_LINK_LIFETIME_MS).toBe(86_400_000);
  });

  it('builds the link from an origin', () => {
    expect(resetLinkUrl('https://learning.example.org/', 'tok')).toBe('https://learning.example.org/reset/tok');
  });
});

describe('resetPermission', () => {
  const person = (id: string, ...role: Role[]) => ({ id, role });
  const inGroup = { traineeOfStaff: true };
  const outside = { traineeOfStaff: false };

  it('lets trainers make links only for active trainees of a group they train', () => {
    expect(resetPermission(person('tr', 'trainer'), person('t', 'trainee'), inGroup)).toBe('allowed');
    expect(resetPermission(person('tr', 'trainer'), person('n'), inGroup)).toBe('allowed');
    // A trainee of another group (or of none): the takeover path of issue 12.
    expect(resetPermission(person('tr', 'trainer'), person('t', 'trainee'), outside)).toBe('forbidden');
    expect(resetPermission(person('tr', 'trainer'), person('n'), outside)).toBe('forbidden');
  });

  it('never lets anyone make a link for a staff account, even one in their group', () => {
    for (const staff of [person('tr', 'trainer'), person('a', 'admin'), person('x', 'trainer', 'admin')]) {
      for (const target of [person('o', 'trainer'), person('x2', 'trainee', 'admin'), person('as', 'assessor'), person('q', 'iqa'), person('v', 'trainee', 'verifier'), person('b', 'admin')]) {
        expect(resetPermission(staff, target, inGroup), `${staff.role} → ${target.role}`).toBe('forbidden');
      }
    }
  });

  it('lets administrators make links for any trainee, group or not, and never for themselves', () => {
    expect(resetPermission(person('a', 'admin'), person('t', 'trainee'), outside)).toBe('allowed');
    expect(resetPermission(person('a', 'admin'), person('a', 'admin'), outside)).toBe('self');
    expect(resetPermission(person('tr', 'trainer'), person('tr', 'trainer'), inGroup)).toBe('self');
  });

  it('refuses everyone else', () => {
    expect(resetPermission(person('t', 'trainee'), person('u', 'trainee'), inGroup)).toBe('not-staff');
    expect(resetPermission(person('v', 'assessor', 'verifier'), person('u', 'trainee'), inGroup)).toBe('not-staff');
  });
});
