/**
 * The service superuser's credentials file, `<PB_DATA_DIR>/service-account.json` (mode 0600).
 * `npm start` creates it on first start; the Astro server reads it to act where no person may
 * (issuing certificates, grading, public verification, audit log). Node-only.
 */
import { randomBytes } from 'node:crypto';
import { chmod, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { ServerConfig, ServiceCredentials } from './config.ts';

/** Name of the credentials file inside the data folder. */
export const SERVICE_ACCOUNT_FILE = 'service-account.json';

/** Email of the generated service superuser. */
export const SERVICE_EMAIL = 'service@lived-learning.local';

const serviceAccountSchema = z.object({ email: z.email(), password: z.string().min(8).max(71) });

/** Path of the credentials file for a data folder. */
export function serviceAccountFile(dataDir: string): string {
  return path.join(dataDir, SERVICE_ACCOUNT_FILE);
}

/**
 * The service credentials the Astro server should use: from the environment when
 * `PB_SERVICE_EMAIL` / `PB_SERVICE_PASSWORD` are set, else from the data folder.
 *
 * @throws {Error} if neither is available (PocketBase was never started with this data
 *   folder) or the file is damaged
 */
export async function loadServiceCredentials(config: Pick<ServerConfig, 'serviceCredentials' | 'pbDataDir'>): Promise<ServiceCredentials> {
  if (config.serviceCredentials) return config.serviceCredentials;
  const saved = await readServiceAccount(config.pbDataDir);
  if (saved) return saved;
  throw new Error(
    `No service account in ${serviceAccountFile(config.pbDataDir)}. Start the app with \`npm start\` (it creates one), or set PB_SERVICE_EMAIL and PB_SERVICE_PASSWORD.`,
  );
}

/**
 * Reads the saved credentials, tightening the file to 0600 if someone loosened it.
 *
 * @returns undefined when there is no file yet
 * @throws {Error} if the file cannot be read or is not `{ "email", "password" }` JSON
 */
export async function readServiceAccount(dataDir: string): Promise<ServiceCredentials | undefined> {
  const file = serviceAccountFile(dataDir);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new Error(`Cannot read ${file} (${describeFsError(error)}). Fix its permissions, or delete it to have new credentials generated.`, {
      cause: error,
    });
  }
  const parsed = serviceAccountSchema.safeParse(parseJson(text));
  if (!parsed.success) {
    throw new Error(
      `${file} is damaged: it must be JSON with an "email" and a "password" of 8–71 characters. Fix it, or delete it to have new credentials generated.`,
    );
  }
  // It holds a superuser password: keep it private even if it was copied with looser rights.
  await chmod(file, 0o600);
  return parsed.data;
}

/**
 * Generates new credentials and saves them atomically with mode 0600: written to a
 * temporary file created 0600, then renamed, so no reader ever sees a half-written or
 * world-readable file.
 *
 * @throws {Error} naming the file and the fix if it cannot be written
 */
export async function createServiceAccount(dataDir: string): Promise<ServiceCredentials> {
  // 32 random bytes → 43 characters, well inside bcrypt's 72-byte limit.
  const credentials: ServiceCredentials = { email: SERVICE_EMAIL, password: randomBytes(32).toString('base64url') };
  const file = serviceAccountFile(dataDir);
  const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await writeFile(temp, `${JSON.stringify(credentials, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
    await chmod(temp, 0o600); // in case the umask was unusual
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    throw new Error(`Cannot save the service account in ${file} (${describeFsError(error)}). Make ${dataDir} writable, or set PB_DATA_DIR.`, {
      cause: error,
    });
  }
  return credentials;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** A filesystem error code in plain words, for messages that also say the fix. */
export function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EROFS':
      return 'the disk is read-only';
    case 'ENOTDIR':
    case 'EEXIST':
      return 'part of the path is a file, not a folder';
    case 'ENOSPC':
      return 'the disk is full';
    default:
      return code ?? String(error);
  }
}
