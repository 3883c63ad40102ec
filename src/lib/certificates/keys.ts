/**
 * The site's Ed25519 credential signing key. Node-only.
 *
 * Kept outside the database: from `CREDENTIAL_SIGNING_KEY` (the multibase secret key) when
 * set, else in a file (default `<PB_DATA_DIR>/credential-signing-key.json`, mode 0600)
 * created on first use. The secret is never logged and never appears in an error message.
 */
import { randomBytes } from 'node:crypto';
import { chmod, link, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import { describeFsError } from '../server/service-account.ts';
import type { SigningKey } from './proof.ts';

export { didDocument, jwks, siteDid, didDocumentUrl } from './did.ts';
export type { SigningKey } from './proof.ts';

/** Name of the key file inside the data folder. */
export const SIGNING_KEY_FILE = 'credential-signing-key.json';
export const SIGNING_KEY_ENV = 'CREDENTIAL_SIGNING_KEY';

/** Path of the key file for a data folder. */
export function signingKeyFile(dataDir: string): string {
  return path.join(dataDir, SIGNING_KEY_FILE);
}

/** A new random Ed25519 key pair. */
export async function generateSigningKey(): Promise<SigningKey> {
  return Ed25519Multikey.generate();
}

/**
 * The key pair for a multibase secret key (`z…`, the value of CREDENTIAL_SIGNING_KEY or the
 * file's `secretKeyMultibase`); the public key is derived from it.
 *
 * @throws {Error} if the text is not an Ed25519 multibase secret key (the message never contains it)
 */
export async function keyFromSecret(secretKeyMultibase: string, where = SIGNING_KEY_ENV): Promise<SigningKey> {
  const bad = new Error(`${where} is not an Ed25519 secret key in multibase form (it should start with “z” and be about 48 or 91 characters) — copy it again, or remove it to use the key file`);
  const text = secretKeyMultibase.trim();
  if (!/^z[1-9A-HJ-NP-Za-km-z]+$/.test(text)) throw bad;
  const bytes = decodeBase58btc(text.slice(1));
  // multicodec ed25519-priv (0x1300 → varint 0x80 0x26), then the 32-byte seed; older exports append the 32-byte public key.
  if (!bytes || bytes[0] !== 0x80 || bytes[1] !== 0x26 || (bytes.length !== 34 && bytes.length !== 66)) throw bad;
  const seed = bytes.subarray(2, 34);
  const key = await Ed25519Multikey.generate({ seed });
  if (bytes.length === 66 && Buffer.compare(Buffer.from(bytes.subarray(34)), Buffer.from(key.publicKey)) !== 0) throw bad;
  return key;
}

const BASE58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';

/** Bitcoin base58 → bytes, or undefined for a character outside the alphabet. */
function decodeBase58btc(text: string): Uint8Array | undefined {
  let value = 0n;
  for (const char of text) {
    const digit = BASE58.indexOf(char);
    if (digit < 0) return undefined;
    value = value * 58n + BigInt(digit);
  }
  const bytes: number[] = [];
  for (; value > 0n; value >>= 8n) bytes.unshift(Number(value & 0xffn));
  const zeros = text.length - text.replace(/^1+/, '').length;
  return Uint8Array.from([...new Array<number>(zeros).fill(0), ...bytes]);
}

interface KeyFile {
  type: 'Multikey';
  publicKeyMultibase: string;
  secretKeyMultibase: string;
  created: string;
}

export interface LoadSigningKeyOptions {
  /** Data folder (PB_DATA_DIR) holding the key file. */
  dataDir?: string;
  /** Exact key file path; overrides `dataDir`. */
  file?: string;
  /** Defaults to process.env; only CREDENTIAL_SIGNING_KEY is read. */
  env?: Record<string, string | undefined>;
}

export interface LoadedSigningKey {
  key: SigningKey;
  source: 'env' | 'file' | 'created';
  /** The key file, when the key came from or went to one. */
  file?: string;
}

const pending = new Map<string, Promise<LoadedSigningKey>>();

/**
 * The site's signing key: from CREDENTIAL_SIGNING_KEY, else from the key file, else a new
 * key saved to the key file (mode 0600, written to a temporary file and then linked into
 * place, which never replaces a key another process saved first).
 *
 * @throws {Error} naming the variable or file and the fix when the key cannot be read or saved
 */
export async function loadSigningKey(options: LoadSigningKeyOptions): Promise<LoadedSigningKey> {
  const env = options.env ?? process.env;
  const secret = env[SIGNING_KEY_ENV];
  if (secret && secret.trim()) return { key: await keyFromSecret(secret), source: 'env' };

  const file = options.file ?? (options.dataDir ? signingKeyFile(options.dataDir) : undefined);
  if (!file) throw new Error(`No signing key: set ${SIGNING_KEY_ENV}, or PB_DATA_DIR so a key file can be kept there`);
  const running = pending.get(file);
  if (running) return running;
  const loading = readOrCreate(file).finally(() => pending.delete(file));
  pending.set(file, loading);
  return loading;
}

async function readOrCreate(file: string): Promise<LoadedSigningKey> {
  const existing = await readKeyFile(file);
  if (existing) return { key: existing, source: 'file', file };

  const key = await generateSigningKey();
  const exported = await key.export({ publicKey: true, secretKey: true, includeContext: false });
  const content: KeyFile = {
    type: 'Multikey',
    publicKeyMultibase: String(exported.publicKeyMultibase),
    secretKeyMultibase: String(exported.secretKeyMultibase),
    created: new Date().toISOString(),
  };
  const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await writeFile(temp, `${JSON.stringify(content, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
    await chmod(temp, 0o600); // in case the umask was unusual
    try {
      await link(temp, file); // atomic, and fails if another process saved a key first
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') {
        const theirs = await readKeyFile(file);
        if (theirs) return { key: theirs, source: 'file', file };
      }
      if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'ENOSYS') throw error;
      await rename(temp, file); // a file system without hard links
    }
  } catch (error) {
    throw new Error(`Cannot save the credential signing key in ${file} (${describeFsError(error)}). Make the folder writable, or set ${SIGNING_KEY_ENV}.`, {
      cause: error,
    });
  } finally {
    await rm(temp, { force: true });
  }
  return { key, source: 'created', file };
}

async function readKeyFile(file: string): Promise<SigningKey | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new Error(`Cannot read the credential signing key ${file} (${describeFsError(error)}). Fix its permissions; do not delete it unless you mean to replace the key.`, {
      cause: error,
    });
  }
  let parsed: Partial<KeyFile> | undefined;
  try {
    parsed = JSON.parse(text) as Partial<KeyFile>;
  } catch {
    parsed = undefined;
  }
  if (!parsed || typeof parsed.secretKeyMultibase !== 'string') {
    throw new Error(`${file} is damaged: it must be JSON with a "secretKeyMultibase". Restore it from a backup — a new key would make existing certificates unverifiable unless the old key stays in the DID document.`);
  }
  const key = await keyFromSecret(parsed.secretKeyMultibase, file);
  if (parsed.publicKeyMultibase && parsed.publicKeyMultibase !== key.publicKeyMultibase) {
    throw new Error(`${file} is damaged: its public key does not belong to its secret key. Restore it from a backup.`);
  }
  // It holds the signing secret: keep it private even if it was copied with looser rights.
  await chmod(file, 0o600);
  return key;
}
