import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isTempName, realFs, writeFileAtomic, type AtomicFs } from '../../src/lib/authoring/atomic-write.ts';

const child = path.resolve(import.meta.dirname, '../support/atomic-writer-child.ts');
const temps: string[] = [];
afterEach(() => {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});
function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'll-atomic-'));
  temps.push(dir);
  return dir;
}
/** Same as in the child. */
const versionText = (k: number, n: number) => `version ${k}\n` + String.fromCharCode(97 + k).repeat(n) + `\nend of version ${k}\n`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('writeFileAtomic', () => {
  it('replaces the file and leaves no temporary file', () => {
    const dir = tempDir();
    const file = path.join(dir, '01-a.md');
    writeFileSync(file, 'old');
    writeFileAtomic(file, 'new text');
    expect(readFileSync(file, 'utf8')).toBe('new text');
    expect(readdirSync(dir)).toEqual(['01-a.md']);
  });

  it('never leaves an empty or half-written file when the writer is killed with SIGKILL', async () => {
    const dir = tempDir();
    const file = path.join(dir, '01-a.md');
    const size = 256 * 1024;
    const versions = new Set([0, 1, 2].map((k) => versionText(k, size)));
    for (let round = 0; round < 8; round++) {
      const proc = spawn(process.execPath, [child, file, String(size)], { stdio: ['ignore', 'pipe', 'inherit'] });
      await new Promise<void>((resolve, reject) => {
        proc.stdout.on('data', (d: Buffer) => d.toString().includes('ready') && resolve());
        proc.on('exit', (code) => reject(new Error(`writer exited early (${code})`)));
      });
      // Readers during the loop only ever see complete versions.
      for (let i = 0; i < 20; i++) expect(versions.has(readFileSync(file, 'utf8'))).toBe(true);
      await sleep(5 + round * 7);
      const exited = new Promise((r) => proc.on('exit', r));
      proc.kill('SIGKILL');
      await exited;
      expect(versions.has(readFileSync(file, 'utf8'))).toBe(true);
    }
    // The next successful save clears temp files left by the killed writers.
    writeFileAtomic(file, 'after the crash');
    expect(readdirSync(dir)).toEqual(['01-a.md']);
    expect(readFileSync(file, 'utf8')).toBe('after the crash');
  }, 30_000);

  it('keeps the old file and removes the temporary file when the disk is full (ENOSPC)', () => {
    const dir = tempDir();
    const file = path.join(dir, '01-a.md');
    writeFileSync(file, 'the old, complete text');
    let written = 0;
    const fullDisk: AtomicFs = {
      ...realFs,
      writeSync: (fd, buffer, offset, length) => {
        // Half the bytes fit, then the disk is full.
        if (written > 0) throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
        written = realFs.writeSync(fd, buffer, offset, Math.ceil(length / 2));
        return written;
      },
    };
    expect(() => writeFileAtomic(file, 'x'.repeat(10_000), fullDisk)).toThrow(/ENOSPC/);
    expect(readFileSync(file, 'utf8')).toBe('the old, complete text');
    expect(readdirSync(dir)).toEqual(['01-a.md']);
  });

  it('keeps the old file when fsync or rename fails (EACCES, EIO)', () => {
    const dir = tempDir();
    const file = path.join(dir, '01-a.md');
    writeFileSync(file, 'old');
    const failingFsync: AtomicFs = { ...realFs, fsyncSync: () => { throw Object.assign(new Error('EIO'), { code: 'EIO' }); } };
    expect(() => writeFileAtomic(file, 'new', failingFsync)).toThrow(/EIO/);
    const failingRename: AtomicFs = { ...realFs, renameSync: () => { throw Object.assign(new Error('EACCES'), { code: 'EACCES' }); } };
    expect(() => writeFileAtomic(file, 'new', failingRename)).toThrow(/EACCES/);
    expect(readFileSync(file, 'utf8')).toBe('old');
    expect(readdirSync(dir).filter(isTempName)).toEqual([]);
  });

  it('fails plainly into a missing folder without creating anything', () => {
    const dir = tempDir();
    expect(() => writeFileAtomic(path.join(dir, 'nope', 'a.md'), 'x')).toThrow(/ENOENT/);
    expect(existsSync(path.join(dir, 'nope'))).toBe(false);
  });
});
