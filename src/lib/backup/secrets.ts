/**
 * The secrets Lived Learning keeps in the data folder, and the separate secrets file an
 * operator keeps somewhere other than the backups (docs/OPERATIONS.md, "What is in a backup").
 *
 * Backups (PocketBase's own, scheduled or made by `npm run backup`) leave these files out:
 * pocketbase/pb_hooks/backups.pb.js adds them to PocketBase's exclude list, and the copy made
 * with the site stopped skips them too. Why:
 * - the **signing key** (`credential-signing-key.json`) would let whoever holds a leaked
 *   backup sign certificates in the organisation's name, and replacing it is costly (every
 *   certificate already issued was signed with it). It changes never, so it is saved once
 *   with `npm run backup -- --secrets FILE` and kept apart (a password manager, a safe);
 *   `npm run restore -- BACKUP --secrets FILE` puts it back so issued certificates still verify.
 * - the **unsubscribe secret** (`unsubscribe-secret`) goes in the same secrets file: losing
 *   it only breaks the stop-emails links in emails already sent.
 * - the **service account** (`service-account.json`) is not kept anywhere: it is a password
 *   for this machine's PocketBase only, and `npm start` makes a new one (and sets it in the
 *   restored database) when it is missing.
 */
import { randomBytes } from 'node:crypto';
import { chmod, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { SIGNING_KEY_FILE } from '../certificates/keys.ts';
import { UNSUBSCRIBE_SECRET_FILE } from '../notifications/unsubscribe-secret.ts';
import { SERVICE_ACCOUNT_FILE } from '../server/service-account.ts';

/** Files at the top of the data folder that no backup contains (also listed in pb_hooks/backups.pb.js). */
export const SECRET_FILES: readonly string[] = [SERVICE_ACCOUNT_FILE, SIGNING_KEY_FILE, UNSUBSCRIBE_SECRET_FILE];

/** The secrets saved apart from the backups, and put back on restore. */
export const KEPT_SECRET_FILES: readonly string[] = [SIGNING_KEY_FILE, UNSUBSCRIBE_SECRET_FILE];

const FORMAT = 'lived-learning-secrets';

export interface SecretsFile {
  format: typeof FORMAT;
  version: 1;
  created: string;
  /** File name in the data folder → its exact content. */
  files: Record<string, string>;
}

/** A secrets file is wrong; the message says what and how to fix it. */
export class SecretsFileError extends Error {
  override name = 'SecretsFileError';
}

/** The secrets file's JSON for these file contents. */
export function buildSecretsFile(files: Record<string, string>, now: Date): SecretsFile {
  return { format: FORMAT, version: 1, created: now.toISOString(), files };
}

/**
 * Checks a secrets file's text.
 *
 * @throws {SecretsFileError} when it is not a Lived Learning secrets file (the message never
 *   contains a secret)
 */
export function parseSecretsFile(text: string, where: string): SecretsFile {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new SecretsFileError(`${where} is not a Lived Learning secrets file (it is not JSON). Give the file that \`npm run backup -- --secrets FILE\` made.`);
  }
  const value = parsed as Partial<SecretsFile> | null;
  if (!value || value.format !== FORMAT || value.version !== 1 || !value.files || typeof value.files !== 'object') {
    throw new SecretsFileError(`${where} is not a Lived Learning secrets file. Give the file that \`npm run backup -- --secrets FILE\` made.`);
  }
  const files: Record<string, string> = {};
  for (const [name, content] of Object.entries(value.files)) {
    if (!KEPT_SECRET_FILES.includes(name) || typeof content !== 'string') {
      throw new SecretsFileError(`${where} holds something other than the signing key and the unsubscribe secret (${JSON.stringify(name)}). Give the file that \`npm run backup -- --secrets FILE\` made.`);
    }
    files[name] = content;
  }
  const key = files[SIGNING_KEY_FILE];
  if (key !== undefined && !isKeyFile(key)) {
    throw new SecretsFileError(`${where} is damaged: its signing key is not a key file (it needs a "secretKeyMultibase" starting with z). Use another copy of the secrets file.`);
  }
  const unsubscribe = files[UNSUBSCRIBE_SECRET_FILE];
  if (unsubscribe !== undefined && !/^[0-9a-f]{64}\s*$/.test(unsubscribe)) {
    throw new SecretsFileError(`${where} is damaged: its unsubscribe secret is not 64 hexadecimal characters. Use another copy of the secrets file.`);
  }
  return { format: FORMAT, version: 1, created: typeof value.created === 'string' ? value.created : '', files };
}

/** Whether text is a signing key file's JSON (checked loosely; keys.ts checks the key itself when it is used). */
function isKeyFile(text: string): boolean {
  try {
    const parsed = JSON.parse(text) as { secretKeyMultibase?: unknown };
    return typeof parsed.secretKeyMultibase === 'string' && parsed.secretKeyMultibase.startsWith('z');
  } catch {
    return false;
  }
}

/** The kept secrets present in a data folder, by file name (none when the folder has none). */
export async function readKeptSecrets(dataDir: string): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  for (const name of KEPT_SECRET_FILES) {
    try {
      files[name] = await readFile(path.join(dataDir, name), 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  return files;
}

/** Writes `content` to `file` with mode 0600, atomically (a temporary file, then rename). */
export async function writePrivateFile(file: string, content: string): Promise<void> {
  const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await writeFile(temp, content, { mode: 0o600, flag: 'wx' });
    await chmod(temp, 0o600); // in case the umask was unusual
    await rename(temp, file);
  } finally {
    await rm(temp, { force: true });
  }
}

/** Puts the secrets back into a data folder (mode 0600 each). */
export async function writeKeptSecrets(dataDir: string, secrets: SecretsFile): Promise<string[]> {
  const written: string[] = [];
  for (const [name, content] of Object.entries(secrets.files)) {
    await writePrivateFile(path.join(dataDir, name), content);
    written.push(name);
  }
  return written;
}
