import { chmod, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { didWebDocumentUrl } from '../../src/lib/certificates/did.ts';
import {
  didDocument,
  didDocumentUrl,
  generateSigningKey,
  jwks,
  keyFromSecret,
  loadSigningKey,
  siteDid,
  SIGNING_KEY_FILE,
} from '../../src/lib/certificates/keys.ts';

let dataDir: string;
beforeEach(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'lived-learning-keys-'));
});
afterEach(async () => {
  vi.restoreAllMocks();
  await rm(dataDir, { recursive: true, force: true });
});

describe('signing key', () => {
  it('is created on first use in a private (0600) file in the data folder, then reused', async () => {
    const first = await loadSigningKey({ dataDir, env: {} });
    const file = path.join(dataDir, SIGNING_KEY_FILE);
    expect(first).toMatchObject({ source: 'created', file });
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(await readdir(dataDir)).toEqual([SIGNING_KEY_FILE]); // no temporary file left behind
    const saved = JSON.parse(await readFile(file, 'utf8')) as Record<string, string>;
    expect(saved).toMatchObject({ type: 'Multikey', publicKeyMultibase: first.key.publicKeyMultibase });
    expect(saved.secretKeyMultibase).toMatch(/^z/);

    const again = await loadSigningKey({ dataDir, env: {} });
    expect(again.source).toBe('file');
    expect(again.key.publicKeyMultibase).toBe(first.key.publicKeyMultibase);
  });

  it('gives every caller the same key when several ask at once', async () => {
    const keys = await Promise.all(Array.from({ length: 5 }, () => loadSigningKey({ dataDir, env: {} })));
    expect(new Set(keys.map((k) => k.key.publicKeyMultibase)).size).toBe(1);
    expect(await readdir(dataDir)).toEqual([SIGNING_KEY_FILE]);
  });

  it('tightens a key file someone made readable by others', async () => {
    await loadSigningKey({ dataDir, env: {} });
    const file = path.join(dataDir, SIGNING_KEY_FILE);
    await chmod(file, 0o644);
    await loadSigningKey({ dataDir, env: {} });
    expect((await stat(file)).mode & 0o777).toBe(0o600);
  });

  it('comes from CREDENTIAL_SIGNING_KEY when set, without touching the data folder', async () => {
    const made = await generateSigningKey();
    const exported = await made.export({ publicKey: true, secretKey: true });
    const loaded = await loadSigningKey({ dataDir, env: { CREDENTIAL_SIGNING_KEY: String(exported.secretKeyMultibase) } });
    expect(loaded.source).toBe('env');
    expect(loaded.key.publicKeyMultibase).toBe(made.publicKeyMultibase);
    expect(await readdir(dataDir)).toEqual([]);
  });

  it('reads both the 32-byte and the older 64-byte multibase secret forms', async () => {
    const made = await generateSigningKey();
    const seed = Buffer.from(made.secretKey!.subarray(0, 32));
    const encode = (bytes: Uint8Array) => `z${base58(Uint8Array.from([0x80, 0x26, ...bytes]))}`;
    expect((await keyFromSecret(encode(seed))).publicKeyMultibase).toBe(made.publicKeyMultibase);
    expect((await keyFromSecret(encode(Uint8Array.from([...seed, ...made.publicKey])))).publicKeyMultibase).toBe(made.publicKeyMultibase);
  });

  it('refuses a damaged secret without ever printing it', async () => {
    const log = vi.spyOn(console, 'log');
    const error = vi.spyOn(console, 'error');
    const secret = 'zSECRETnotAkey0OIl';
    const failure = await loadSigningKey({ dataDir, env: { CREDENTIAL_SIGNING_KEY: secret } }).catch((e: Error) => e);
    expect(failure).toBeInstanceOf(Error);
    expect((failure as Error).message).not.toContain(secret);
    expect((failure as Error).message).toMatchInlineSnapshot(
      `"CREDENTIAL_SIGNING_KEY is not an Ed25519 secret key in multibase form (it should start with “z” and be about 48 or 91 characters) — copy it again, or remove it to use the key file"`,
    );
    await writeFile(path.join(dataDir, SIGNING_KEY_FILE), '{"oops": true}');
    await expect(loadSigningKey({ dataDir, env: {} })).rejects.toThrow(/is damaged: it must be JSON with a "secretKeyMultibase"/);
    await loadSigningKey({ dataDir: path.join(dataDir, 'new'), env: {} }).catch(() => undefined);
    expect(log).not.toHaveBeenCalled();
    expect(error).not.toHaveBeenCalled();
  });

  it('says what to do when the data folder cannot be written', async () => {
    await expect(loadSigningKey({ file: path.join(dataDir, 'missing-folder', SIGNING_KEY_FILE), env: {} })).rejects.toThrow(
      /Cannot save the credential signing key in .* Make the folder writable, or set CREDENTIAL_SIGNING_KEY\./,
    );
    await expect(loadSigningKey({ env: {} })).rejects.toThrow(/No signing key: set CREDENTIAL_SIGNING_KEY, or PB_DATA_DIR/);
  });
});

describe('did:web and the public keys', () => {
  it('names the site as did:web, encoding a port and keeping a path', () => {
    expect(siteDid('https://learning.example.org/')).toBe('did:web:learning.example.org');
    expect(siteDid('http://localhost:4321')).toBe('did:web:localhost%3A4321');
    expect(siteDid('https://example.org/peer/learning')).toBe('did:web:example.org:peer:learning');
    expect(didDocumentUrl('https://learning.example.org')).toBe('https://learning.example.org/.well-known/did.json');
    expect(didDocumentUrl('https://example.org/peer/learning')).toBe('https://example.org/peer/learning/did.json');
    expect(didWebDocumentUrl('did:web:localhost%3A4321')).toBe('https://localhost:4321/.well-known/did.json');
    expect(didWebDocumentUrl('did:web:example.org:peer:learning')).toBe('https://example.org/peer/learning/did.json');
    expect(didWebDocumentUrl('did:key:z6Mk')).toBeUndefined();
    expect(() => siteDid('ftp://example.org')).toThrow(/must start with https:\/\//);
  });

  it('publishes the key as a Multikey verification method allowed to sign credentials', async () => {
    const key = await generateSigningKey();
    const doc = didDocument('http://localhost:4321', key);
    const id = `did:web:localhost%3A4321#${key.publicKeyMultibase}`;
    expect(doc).toEqual({
      '@context': ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/multikey/v1'],
      id: 'did:web:localhost%3A4321',
      verificationMethod: [{ id, type: 'Multikey', controller: 'did:web:localhost%3A4321', publicKeyMultibase: key.publicKeyMultibase }],
      assertionMethod: [id],
      authentication: [id],
    });
    expect(JSON.stringify(doc)).not.toContain('secret');
  });

  it('publishes the same key as an Ed25519 JWK set', async () => {
    const key = await generateSigningKey();
    const set = jwks(key);
    expect(set).toEqual({ keys: [{ kty: 'OKP', crv: 'Ed25519', x: Buffer.from(key.publicKey).toString('base64url'), kid: key.publicKeyMultibase, alg: 'EdDSA', use: 'sig' }] });
    expect(Buffer.from(set.keys[0]!.x, 'base64url')).toHaveLength(32);
    expect(JSON.stringify(set)).not.toMatch(/"d"/);
  });
});

function base58(bytes: Uint8Array): string {
  const alphabet = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
  let value = BigInt(`0x${Buffer.from(bytes).toString('hex')}`);
  let out = '';
  while (value > 0n) {
    out = alphabet[Number(value % 58n)] + out;
    value /= 58n;
  }
  for (const byte of bytes) {
    if (byte !== 0) break;
    out = `1${out}`;
  }
  return out;
}
