import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../../src/lib/errors.ts';
import { parseSnapshot } from '../../src/lib/certificates/schema.ts';
import { buildSnapshot, canonicalJson, emailIdentityHash, generateSalt, snapshotDigest, type CertificateSnapshot } from '../../src/lib/certificates/snapshot.ts';
import { CODE, sampleInput, sampleSnapshot, tinyCourse } from '../fixtures/ob3/sample.ts';

/** Every leaf of a JSON value, with a way to set it in a copy. */
function leaves(value: unknown, path: (string | number)[] = []): { path: (string | number)[]; value: unknown }[] {
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => leaves(v, [...path, Array.isArray(value) ? Number(k) : k]));
  }
  return [{ path, value }];
}
function withLeaf<T>(root: T, path: (string | number)[], next: unknown): T {
  const copy = structuredClone(root) as Record<string | number, unknown>;
  let node = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  node[path.at(-1)!] = next;
  return copy as T;
}

describe('certificate snapshot', () => {
  it('records the course, accreditation, units and people as they are at issue', () => {
    const course = tinyCourse();
    const snapshot = sampleSnapshot({ issuedAt: new Date('2026-11-20T10:00:00.789Z') });
    expect(snapshot).toEqual({
      format: 1,
      code: CODE,
      kind: 'full',
      holder: { name: 'Jordan Ellis-Mbeki', email_hash: emailIdentityHash('jordan@example.org', '0f1e2d3c4b5a69788796a5b4c3d2e1f0'), email_salt: '0f1e2d3c4b5a69788796a5b4c3d2e1f0' },
      course: { slug: 'tiny-course', title: 'Tiny course', version: course.version, language: 'en-GB' },
      accreditation: {
        awarding_body: 'Test Awarding Body',
        qualification: 'Level 2 Award in Tiny Things',
        level: '2',
        credits: 2,
        guided_learning_hours: 8,
        total_qualification_time: 20,
        regulated: false,
        note: null,
      },
      units: [
        { id: 'U1', title: 'First unit', credits: 1, guided_learning_hours: 4 },
        { id: 'U2', title: 'Second unit', credits: 1, guided_learning_hours: 4 },
      ],
      issued_at: '2026-11-20T10:00:00Z',
      expires_at: '2027-03-03T12:00:00Z',
      issuer: { name: 'Lived Learning Collective', url: 'https://livedlearning.example.org' },
      assessors: ['Sam Okafor', 'Priya Nair'],
      status_list_index: 42,
    });
  });

  it('holds only the units achieved for a unit certificate, and no credit for attendance', () => {
    expect(sampleSnapshot({ kind: 'unit', unitIds: ['U2'] }).units.map((u) => u.id)).toEqual(['U2']);
    expect(sampleSnapshot({ kind: 'unit', unitIds: ['U2', 'U1', 'U2'] }).units.map((u) => u.id)).toEqual(['U1', 'U2']);
    const attendance = sampleSnapshot({ kind: 'attendance', assessors: [], expiresAt: null });
    expect(attendance).toMatchObject({ kind: 'attendance', units: [], accreditation: null, assessors: [], expires_at: null });
  });

  it('keeps the name as confirmed (Unicode-normalised, spaces tidied) and hashes the email with its salt', () => {
    expect(sampleSnapshot({ holderName: '  Zoë   O’Neill ' }).holder.name).toBe('Zoë O’Neill'.normalize('NFC'));
    expect(sampleSnapshot({ holderName: 'Zoe\u0308' }).holder.name).toBe('Zo\u00eb');
    const expected = `sha256$${createHash('sha256').update('jordan@example.org' + 'salt-salt-salt-salt').digest('hex')}`;
    expect(emailIdentityHash(' Jordan@Example.org ', 'salt-salt-salt-salt')).toBe(expected);
    expect(generateSalt()).toMatch(/^[0-9a-f]{32}$/);
    expect(generateSalt()).not.toBe(generateSalt());
  });

  it('refuses inputs that would make a wrong certificate, saying how to fix them', () => {
    const problem = (overrides: Parameters<typeof sampleInput>[0]) => {
      try {
        buildSnapshot(sampleInput(overrides));
      } catch (error) {
        expect(error).toBeInstanceOf(DomainError);
        return (error as DomainError).message;
      }
      throw new Error('expected buildSnapshot to refuse');
    };
    expect(problem({ kind: 'unit', unitIds: ['U9'] })).toMatchInlineSnapshot(`"Unit U9 is not in the course "tiny-course" — use one of U1, U2"`);
    expect(problem({ kind: 'unit' })).toMatchInlineSnapshot(`"A unit certificate needs at least one unit — pass unitIds, e.g. ["U1"]"`);
    expect(problem({ holderName: '   ' })).toMatchInlineSnapshot(`"The holder’s name is empty — ask them to confirm how their name should appear on the certificate"`);
    expect(problem({ code: '7K3MQ9TXZB2R4WH2' })).toMatchInlineSnapshot(`"The certificate code "7K3MQ9TXZB2R4WH2" is not valid (check) — make a new one with generateCode()"`);
    expect(problem({ expiresAt: new Date('2026-01-01T00:00:00Z') })).toMatchInlineSnapshot(`"The certificate would expire (2026-01-01T00:00:00Z) before it is issued (2026-11-20T10:00:00Z) — check the expiry date"`);
    expect(problem({ statusListIndex: 131_072 })).toMatchInlineSnapshot(`"Status list index 131072 is outside the list (0 to 131071) — allocate the next free index"`);
    expect(problem({ assessors: [' '] })).toMatchInlineSnapshot(`"A course certificate needs the name of at least one assessor — pass the assessors who signed off the evidence"`);
    expect(problem({ issuer: { name: 'Org', url: 'http://learning.example.org' } })).toMatchInlineSnapshot(
      `""http://learning.example.org" must start with https:// — certificates name the site, and only a secure address can be trusted"`,
    );
    expect(problem({ holderEmail: 'not an email' })).toMatchInlineSnapshot(`""not an email" is not an email address — pass the holder’s account email"`);
  });
});

describe('snapshot digest', () => {
  it('is the SHA-256 of canonical JSON: the same for the same content, whatever the key order', () => {
    const snapshot = sampleSnapshot();
    const reordered = Object.fromEntries(Object.entries(snapshot).reverse()) as unknown as CertificateSnapshot;
    expect(snapshotDigest(reordered)).toBe(snapshotDigest(snapshot));
    expect(snapshotDigest(snapshot)).toMatch(/^[0-9a-f]{64}$/);
    expect(canonicalJson({ b: [2, { d: 1, c: null }], a: 'x' })).toBe('{"a":"x","b":[2,{"c":null,"d":1}]}');
  });

  it('changes when any single field changes', () => {
    const snapshot = sampleSnapshot();
    const digest = snapshotDigest(snapshot);
    const all = leaves(snapshot);
    expect(all.length).toBeGreaterThan(25);
    for (const leaf of all) {
      const next = typeof leaf.value === 'string' ? `${leaf.value}x` : typeof leaf.value === 'number' ? leaf.value + 1 : typeof leaf.value === 'boolean' ? !leaf.value : 'x';
      expect(snapshotDigest(withLeaf(snapshot, leaf.path, next)), leaf.path.join('.')).not.toBe(digest);
    }
    expect(snapshotDigest({ ...snapshot, assessors: [...snapshot.assessors].reverse() })).not.toBe(digest);
    expect(snapshotDigest({ ...snapshot, units: snapshot.units.slice(1) })).not.toBe(digest);
    expect(snapshotDigest({ ...snapshot, holder: { ...snapshot.holder, name: 'Jordan Ellis-Mbeki ' } })).not.toBe(digest);
  });
});

describe('reading a stored snapshot', () => {
  it('accepts every kind of snapshot as built, and refuses a damaged one naming the field', () => {
    for (const snapshot of [sampleSnapshot(), sampleSnapshot({ kind: 'unit', unitIds: ['U1'] }), sampleSnapshot({ kind: 'attendance', assessors: [], expiresAt: null })]) {
      expect(parseSnapshot(JSON.parse(JSON.stringify(snapshot)))).toEqual(snapshot);
    }
    const snapshot = sampleSnapshot();
    expect(() => parseSnapshot({ ...snapshot, code: '7K3MQ9TXZB2R4WH2' })).toThrow(
      'The stored certificate snapshot is damaged at code (is not a valid certificate code) — restore it from a backup; a snapshot is never edited by hand',
    );
    expect(() => parseSnapshot({ ...snapshot, holder: { ...snapshot.holder, email_hash: 'md5$00' } })).toThrow(/damaged at holder\.email_hash/);
    expect(() => parseSnapshot({ ...snapshot, extra: true })).toThrow(DomainError);
    expect(() => parseSnapshot(null)).toThrow(/damaged at the top level/);
  });
});
