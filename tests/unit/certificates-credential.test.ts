import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import Ajv2019 from 'ajv/dist/2019.js';
import addFormats from 'ajv-formats';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { BUNDLED_CONTEXTS, createDocumentLoader, UnknownDocumentError } from '../../src/lib/certificates/contexts.ts';
import {
  buildCredential,
  describeCredential,
  PROBLEM_DIFFERENT_KEY,
  PROBLEM_REVOKED,
  PROBLEM_TAMPERED,
  PROBLEM_UNSIGNED,
  signCredential,
  verifyCredential,
} from '../../src/lib/certificates/credential.ts';
import { didDocument, generateSigningKey, siteDid, type SigningKey } from '../../src/lib/certificates/keys.ts';
import { signStatusList, STATUS_LIST_LENGTH, StatusList, statusListUrl } from '../../src/lib/certificates/status-list.ts';
import type { SignedDocument } from '../../src/lib/certificates/proof.ts';
import { SITE, sampleSnapshot, tinyCourse } from '../fixtures/ob3/sample.ts';

const schemaFile = path.resolve(import.meta.dirname, '../fixtures/ob3/achievementcredential.json');
const ajv = new Ajv2019({ strict: false, allErrors: true });
addFormats(ajv);
const validateOb3 = ajv.compile(JSON.parse(readFileSync(schemaFile, 'utf8')) as object);
const schemaErrors = (value: unknown) => (validateOb3(value) ? [] : (validateOb3.errors ?? []).map((e: { instancePath: string; message?: string }) => `${e.instancePath} ${e.message}`));

let key: SigningKey;
let otherKey: SigningKey;
let signed: SignedDocument;
const did = () => didDocument(SITE, key);
const beforeExpiry = new Date('2027-01-01T00:00:00Z');

beforeAll(async () => {
  key = await generateSigningKey();
  otherKey = await generateSigningKey();
  signed = await signCredential(buildCredential(sampleSnapshot(), { siteUrl: SITE }), key);
});
afterEach(() => {
  vi.restoreAllMocks();
});

describe('Open Badges 3.0 credential', () => {
  it('is an OpenBadgeCredential issued by the site’s did:web, with the holder’s hashed email', () => {
    const credential = buildCredential(sampleSnapshot(), { siteUrl: SITE });
    expect(credential).toMatchObject({
      '@context': ['https://www.w3.org/ns/credentials/v2', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'],
      id: `${SITE}/credentials/7K3MQ9TXZB2R4WH1`,
      type: ['VerifiableCredential', 'OpenBadgeCredential'],
      issuer: { id: 'did:web:learning.example.org', type: ['Profile'], name: 'Lived Learning Collective', url: 'https://livedlearning.example.org' },
      validFrom: '2026-11-20T10:00:00Z',
      validUntil: '2027-03-03T12:00:00Z',
      credentialSubject: {
        type: ['AchievementSubject'],
        name: 'Jordan Ellis-Mbeki',
        identifier: [{ type: 'IdentityObject', identityType: 'emailAddress', hashed: true, salt: '0f1e2d3c4b5a69788796a5b4c3d2e1f0' }],
        achievement: {
          type: ['Achievement'],
          achievementType: 'Award',
          name: 'Level 2 Award in Tiny Things',
          creditsAvailable: 2,
          criteria: { narrative: expect.stringContaining('Met every assessment criterion') },
          alignment: [{ type: ['Alignment'], targetName: 'RQF Level 2', targetCode: '2' }],
        },
        creditsEarned: 2,
        result: [
          { type: ['Result'], status: 'Completed' },
          { type: ['Result'], status: 'Completed' },
        ],
      },
      credentialStatus: {
        id: `${SITE}/credentials/status/1#42`,
        type: 'BitstringStatusListEntry',
        statusPurpose: 'revocation',
        statusListIndex: '42',
        statusListCredential: `${SITE}/credentials/status/1`,
      },
    });
    const identity = (credential.credentialSubject.identifier as { identityHash: string }[])[0]!;
    expect(identity.identityHash).toMatch(/^sha256\$[0-9a-f]{64}$/);
  });

  it('validates against the official OB 3.0 JSON Schema for every kind of certificate, signed and unsigned', async () => {
    const snapshots = [
      sampleSnapshot(),
      sampleSnapshot({ kind: 'unit', unitIds: ['U1'], expiresAt: null }),
      sampleSnapshot({ kind: 'attendance', assessors: [], expiresAt: null }),
      sampleSnapshot({ course: { ...tinyCourse(), accreditation: undefined } }),
    ];
    for (const snapshot of snapshots) {
      const credential = buildCredential(snapshot, { siteUrl: SITE });
      expect(schemaErrors(credential), snapshot.kind).toEqual([]);
      expect(schemaErrors(await signCredential(credential, key)), snapshot.kind).toEqual([]);
    }
    expect(Array.isArray(signed.proof)).toBe(true);
    // vc.issue writes `proof` as one object, which the schema refuses: the array matters.
    expect(schemaErrors({ ...signed, proof: signed.proof[0] })).toContain('/proof must be array');
  });

  it('carries the organisation’s logo in the issuer profile when it had one, still valid, signed and verified', async () => {
    const png = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
    const base = sampleSnapshot();
    const snapshot = { ...base, issuer: { ...base.issuer, image: `data:image/png;base64,${png}` } };
    const credential = buildCredential(snapshot, { siteUrl: SITE });
    expect((credential.issuer as { image?: unknown }).image).toEqual({ id: `data:image/png;base64,${png}`, type: 'Image', caption: `${base.issuer.name} logo` });
    expect(schemaErrors(credential)).toEqual([]);
    const withLogo = await signCredential(credential, key);
    expect(schemaErrors(withLogo)).toEqual([]);
    expect(await verifyCredential(withLogo, { didDocument: did() })).toMatchObject({ verified: true });
    // Without a logo the issuer profile is exactly as before (older certificates are unchanged).
    expect(buildCredential(base, { siteUrl: SITE }).issuer).not.toHaveProperty('image');
  });

  it('is signed with a DataIntegrityProof (eddsa-rdfc-2022) by the key the DID document publishes', () => {
    expect(signed.proof).toHaveLength(1);
    expect(signed.proof[0]).toMatchObject({
      type: 'DataIntegrityProof',
      cryptosuite: 'eddsa-rdfc-2022',
      proofPurpose: 'assertionMethod',
      verificationMethod: `did:web:learning.example.org#${key.publicKeyMultibase}`,
      proofValue: expect.stringMatching(/^z[1-9A-HJ-NP-Za-km-z]{80,90}$/),
    });
    expect(did().assertionMethod).toContain(signed.proof[0]!.verificationMethod);
  });

  it('canonicalises in safe mode: a property no bundled context defines cannot be signed', async () => {
    const unsigned = { ...buildCredential(sampleSnapshot(), { siteUrl: SITE }), favouriteColour: 'teal' };
    await expect(signCredential(unsigned, key)).rejects.toThrow(/could not be signed/);
    for (const context of BUNDLED_CONTEXTS.values()) expect(JSON.stringify(context)).not.toContain('"@vocab":"');
  });

  it('never uses the network: only bundled contexts and the issuer’s DID document load', async () => {
    const fetchSpy = vi.spyOn(globalThis, 'fetch');
    const loader = createDocumentLoader(did());
    await expect(loader('https://www.w3.org/2018/credentials/v1')).rejects.toBeInstanceOf(UnknownDocumentError);
    await expect(loader('https://example.org/evil-context.json')).rejects.toThrow(/not bundled with Lived Learning.*without the internet/);
    await expect(loader('did:web:learning.example.org')).resolves.toMatchObject({ document: { id: 'did:web:learning.example.org' } });
    await expect(loader(signed.proof[0]!.verificationMethod as string)).resolves.toMatchObject({ document: { type: 'Multikey' } });
    await signCredential(buildCredential(sampleSnapshot(), { siteUrl: SITE }), key);
    await verifyCredential(signed, { didDocument: did(), now: beforeExpiry });
    expect(fetchSpy).not.toHaveBeenCalled();
  });
});

describe('verifying a certificate', () => {
  it('passes for the credential as signed', async () => {
    expect(await verifyCredential(signed, { didDocument: did(), now: beforeExpiry })).toEqual({ verified: true, problems: [], status: 'not-checked', details: [] });
    expect(describeCredential(signed)).toEqual({
      holder: 'Jordan Ellis-Mbeki',
      achievement: 'Level 2 Award in Tiny Things',
      issued: '20 November 2026',
      issuer: 'Lived Learning Collective',
    });
  });

  it('fails with the tampering message when one character anywhere is changed', async () => {
    const original = JSON.stringify(signed);
    // One change in every key and every value, at a different place in each.
    const targets: { path: string; mutated: string }[] = [];
    const visit = (value: unknown, at: string) => {
      if (Array.isArray(value)) return value.forEach((v, i) => visit(v, `${at}[${i}]`));
      if (value && typeof value === 'object') {
        for (const [k, v] of Object.entries(value)) {
          targets.push({ path: `${at}.${k} (key)`, mutated: replaceKey(original, at, k) });
          visit(v, `${at}.${k}`);
        }
        return;
      }
      targets.push({ path: at, mutated: '' });
    };
    visit(signed, '$');
    const leafCount = targets.filter((t) => !t.path.endsWith('(key)')).length;
    const mutations = [...mutateEveryValue(signed), ...targets.filter((t) => t.path.endsWith('(key)') && t.mutated)];
    expect(mutations.length).toBeGreaterThan(leafCount);
    expect(mutations.length).toBeGreaterThan(120);

    const failures: string[] = [];
    for (const { path: where, mutated } of mutations) {
      expect(mutated).not.toBe(original);
      const result = await verifyCredential(JSON.parse(mutated), { didDocument: did(), now: beforeExpiry });
      const expected = where === '$.proof[0].verificationMethod' ? PROBLEM_DIFFERENT_KEY : where === '$.proof (key)' ? PROBLEM_UNSIGNED : PROBLEM_TAMPERED;
      if (result.verified || !result.problems.includes(expected)) failures.push(`${where}: ${JSON.stringify(result.problems)}`);
    }
    expect(failures).toEqual([]);
  }, 60_000);

  it('reports a revoked certificate from the signed status list', async () => {
    const list = new StatusList();
    const status = await signStatusList({ siteUrl: SITE, issuerDid: siteDid(SITE), list, validFrom: new Date('2026-11-21T00:00:00Z'), key });
    expect(await verifyCredential(signed, { didDocument: did(), statusList: status, now: beforeExpiry })).toMatchObject({ verified: true, status: 'active' });

    list.setRevoked(42, true);
    const revoked = await signStatusList({ siteUrl: SITE, issuerDid: siteDid(SITE), list, validFrom: new Date('2026-11-22T00:00:00Z'), key });
    expect(await verifyCredential(signed, { didDocument: did(), statusList: revoked, now: beforeExpiry })).toMatchObject({
      verified: false,
      status: 'revoked',
      problems: [PROBLEM_REVOKED],
    });
  });

  it('does not trust a status list that was changed, comes from another key, or is not this certificate’s list', async () => {
    const list = new StatusList();
    list.setRevoked(42, true);
    const status = await signStatusList({ siteUrl: SITE, issuerDid: siteDid(SITE), list, validFrom: new Date('2026-11-22T00:00:00Z'), key });
    const cleared = structuredClone(status);
    (cleared.credentialSubject as { encodedList: string }).encodedList = new StatusList().encode();
    expect((await verifyCredential(signed, { didDocument: did(), statusList: cleared, now: beforeExpiry })).problems).toEqual([
      'The revocation list’s signature does not match the issuer’s key, so it cannot be trusted: download it again from the issuer’s site',
    ]);
    const forged = await signStatusList({ siteUrl: SITE, issuerDid: siteDid(SITE), list: new StatusList(), validFrom: new Date(), key: otherKey });
    expect((await verifyCredential(signed, { didDocument: did(), statusList: forged, now: beforeExpiry })).status).toBe('unknown');
    const second = await signStatusList({ siteUrl: SITE, issuerDid: siteDid(SITE), list: new StatusList(), validFrom: new Date(), key, number: 2 });
    expect((await verifyCredential(signed, { didDocument: did(), statusList: second, now: beforeExpiry })).problems).toEqual([
      `The revocation list given is ${SITE}/credentials/status/2, but this certificate’s status is kept in ${SITE}/credentials/status/1: use that list`,
    ]);
  });

  it('reports an expired certificate with its expiry date', async () => {
    const result = await verifyCredential(signed, { didDocument: did(), now: new Date('2027-03-04T09:00:00Z') });
    expect(result).toMatchObject({ verified: false, problems: ['This certificate expired on 3 March 2027'] });
    expect(await verifyCredential(signed, { didDocument: did(), now: new Date('2026-11-19T00:00:00Z') })).toMatchObject({
      verified: false,
      problems: ['This certificate is not valid until 20 November 2026'],
    });
    const noExpiry = await signCredential(buildCredential(sampleSnapshot({ expiresAt: null }), { siteUrl: SITE }), key);
    expect(await verifyCredential(noExpiry, { didDocument: did(), now: new Date('2099-01-01T00:00:00Z') })).toMatchObject({ verified: true });
  });

  it('fails with the different-key message when another key signed it', async () => {
    const forged = await signCredential(buildCredential(sampleSnapshot(), { siteUrl: SITE }), otherKey);
    expect(await verifyCredential(forged, { didDocument: did(), now: beforeExpiry })).toMatchObject({ verified: false, problems: [PROBLEM_DIFFERENT_KEY] });
    // the same credential checks out against a DID document that publishes the other key
    expect(await verifyCredential(forged, { didDocument: didDocument(SITE, otherKey), now: beforeExpiry })).toMatchObject({ verified: true });
    // an old key kept in the DID document after rotation still verifies what it signed
    expect(await verifyCredential(signed, { didDocument: didDocument(SITE, [otherKey, key]), now: beforeExpiry })).toMatchObject({ verified: true });
  });

  it('says when the DID document belongs to someone else, or there is no signature', async () => {
    const elsewhere = didDocument('https://other.example.net', key);
    const result = await verifyCredential(signed, { didDocument: elsewhere, now: beforeExpiry });
    expect(result.verified).toBe(false);
    expect(result.problems[0]).toMatchInlineSnapshot(
      `"This certificate names did:web:learning.example.org as its issuer, but the DID document given belongs to did:web:other.example.net: use the DID document from the issuer’s own site"`,
    );
    const { proof: _proof, ...unsigned } = signed;
    expect(await verifyCredential(unsigned, { didDocument: did(), now: beforeExpiry })).toMatchObject({ verified: false, problems: [PROBLEM_UNSIGNED] });
    expect(await verifyCredential('nonsense', { didDocument: did() })).toMatchObject({ verified: false });
  });
});

describe('bitstring status list', () => {
  it('holds at least 131,072 bits, index 0 being the left-most bit, gzip + base64url with the “u” prefix', () => {
    const list = new StatusList();
    expect(list.length).toBe(STATUS_LIST_LENGTH);
    list.setRevoked(0, true);
    list.setRevoked(9, true);
    list.setRevoked(131_071, true);
    const encoded = list.encode();
    expect(encoded).toMatch(/^u[A-Za-z0-9_-]+$/);
    const bytes = gunzipSync(Buffer.from(encoded.slice(1), 'base64url'));
    expect(bytes.length).toBe(16_384);
    expect([bytes[0], bytes[1], bytes[16_383]]).toEqual([0b1000_0000, 0b0100_0000, 0b0000_0001]);
    const decoded = StatusList.decode(encoded);
    expect([0, 1, 9, 131_071].map((i) => decoded.isRevoked(i))).toEqual([true, false, true, true]);
    decoded.setRevoked(9, false);
    expect(decoded.isRevoked(9)).toBe(false);
    expect(() => new StatusList(1024)).toThrow(/at least 131072 bits/);
    expect(() => list.isRevoked(131_072)).toThrow(/outside the list/);
    expect(() => StatusList.decode(`u${Buffer.from('not gzip').toString('base64url')}`)).toThrow(/could not be unpacked/);
    expect(() => StatusList.decode('zabc')).toThrow(/starting with “u”/);
  });

  it('is published as a signed BitstringStatusListCredential', async () => {
    const status = await signStatusList({ siteUrl: SITE, issuerDid: siteDid(SITE), list: new StatusList(), validFrom: new Date('2026-11-22T00:00:00Z'), key });
    expect(status).toMatchObject({
      '@context': ['https://www.w3.org/ns/credentials/v2'],
      id: statusListUrl(SITE),
      type: ['VerifiableCredential', 'BitstringStatusListCredential'],
      issuer: 'did:web:learning.example.org',
      credentialSubject: { id: `${statusListUrl(SITE)}#list`, type: 'BitstringStatusList', statusPurpose: 'revocation' },
      proof: [{ type: 'DataIntegrityProof', cryptosuite: 'eddsa-rdfc-2022' }],
    });
  });
});

/** The credential's JSON with one character of one key changed (in the object at `at`). */
function replaceKey(json: string, at: string, key: string): string {
  const value = JSON.parse(json) as unknown;
  const target = locate(value, at) as Record<string, unknown>;
  const renamed = mutateString(key, key.length >> 1);
  const entries = Object.entries(target);
  for (const k of Object.keys(target)) delete target[k];
  for (const [k, v] of entries) target[k === key ? renamed : k] = v;
  return JSON.stringify(value);
}

/** One copy per leaf value, with one character changed (strings at a place that moves along; numbers by one digit). */
function* mutateEveryValue(root: unknown): Generator<{ path: string; mutated: string }> {
  let n = 0;
  function* walk(value: unknown, at: string): Generator<{ path: string; mutated: string }> {
    if (Array.isArray(value)) {
      for (const [i, v] of value.entries()) yield* walk(v, `${at}[${i}]`);
    } else if (value && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) yield* walk(v, `${at}.${k}`);
    } else {
      const copy = structuredClone(root);
      const next =
        typeof value === 'string' ? mutateString(value, n++ % value.length) : typeof value === 'number' ? value + 1 : typeof value === 'boolean' ? !value : 'x';
      setAt(copy, at, next);
      yield { path: at, mutated: JSON.stringify(copy) };
    }
  }
  yield* walk(root, '$');
}

function mutateString(text: string, i: number): string {
  const c = text[i]!;
  const next = /[a-y]/i.test(c) ? String.fromCharCode(c.charCodeAt(0) + 1) : /[zZ]/.test(c) ? 'a' : /\d/.test(c) ? String((Number(c) + 1) % 10) : 'x';
  return text.slice(0, i) + next + text.slice(i + 1);
}

function locate(root: unknown, at: string): unknown {
  const parts = at.replace(/^\$/, '').match(/\.[^.[]+|\[\d+\]/g) ?? [];
  return parts.reduce<unknown>((node, part) => (node as Record<string, unknown>)[part.startsWith('[') ? Number(part.slice(1, -1)) : part.slice(1)], root);
}

function setAt(root: unknown, at: string, next: unknown) {
  const parts = at.replace(/^\$/, '').match(/\.[^.[]+|\[\d+\]/g) ?? [];
  const parent = locate(root, `$${parts.slice(0, -1).join('')}`) as Record<string | number, unknown>;
  const last = parts.at(-1)!;
  parent[last.startsWith('[') ? Number(last.slice(1, -1)) : last.slice(1)] = next;
}
