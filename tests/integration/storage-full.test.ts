/**
 * A real full disk under a real PocketBase 0.40.4: its data folder on a 12 MB tmpfs, filled
 * up. Saving a reflection then answers 503 with Retry-After (not 400 "something in the
 * form"), logs it without the words; once there is room again, the same save goes through.
 * Mounting a tmpfs needs root: elsewhere this file is skipped (the unit tests in
 * tests/unit/storage-full.test.ts cover the mapping with PocketBase's recorded answers).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statfsSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadCourses } from '../../src/lib/courses/course-fs.ts';
import type { TypedPocketBase } from '../../src/lib/pb.ts';
import type { UserRecord } from '../../src/lib/records.ts';
import { listMyReflections } from '../../src/lib/reflections/reflections-store.ts';
import { handleSave } from '../../src/lib/reflections/save-request.ts';
import { dataDirLow, STORAGE_RETRY_AFTER_SECONDS } from '../../src/lib/server/storage.ts';
import { clientAs, createUser, serviceClient } from '../support/fixtures-pb.ts';
import { startTestPocketBase, type TestPocketBase } from '../support/pocketbase.ts';

const { courses } = loadCourses(path.resolve(import.meta.dirname, '../fixtures/courses/tiny'));
const lookup = (slug: string) => courses.find((c) => c.slug === slug);

function canMount(): boolean {
  if (process.platform !== 'linux' || process.getuid?.() !== 0) return false;
  const probe = mkdtempSync(path.join(os.tmpdir(), 'll-mount-probe-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', probe], { stdio: 'ignore' });
    execFileSync('umount', [probe], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  } finally {
    rmSync(probe, { recursive: true, force: true });
  }
}

// CI runs as root and can mount: there this must run (a failed mount fails it) rather than skip.
describe.runIf(process.env.CI === 'true' || canMount())('a full disk under PocketBase', () => {
  let mountPoint: string;
  let pb: TestPocketBase;
  let asAsh: TypedPocketBase;
  let ash: UserRecord;
  const filler = () => path.join(mountPoint, 'filler');

  beforeAll(async () => {
    mountPoint = mkdtempSync(path.join(os.tmpdir(), 'll-full-disk-'));
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=12m', 'tmpfs', mountPoint]);
    const before = process.env['TMPDIR'];
    process.env['TMPDIR'] = mountPoint;
    try {
      pb = await startTestPocketBase();
    } finally {
      if (before === undefined) delete process.env['TMPDIR'];
      else process.env['TMPDIR'] = before;
    }
    const service = await serviceClient(pb);
    const user = await createUser(service, { email: 'ash@example.org', password: 'correct-horse-battery', display_name: 'Ash', roles: ['trainee'] });
    asAsh = (await clientAs(pb.url, user.email, 'correct-horse-battery')) as TypedPocketBase;
    ash = asAsh.authStore.record as UserRecord;
  }, 60_000);
  afterAll(async () => {
    await pb?.stop();
    if (mountPoint) {
      execFileSync('umount', [mountPoint]);
      rmSync(mountPoint, { recursive: true, force: true });
    }
  });

  const post = (words: string) =>
    new Request('http://site.test/reflections', {
      method: 'POST',
      body: new URLSearchParams({ id: '', version: '', course: 'tiny-course', module: 'first', prompt: 'p1', from: 'module', body: words }),
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
    });

  it('answers 503 with Retry-After while the disk is full, and saves once there is room', async () => {
    const words = `Words written while the disk was full. ${'More. '.repeat(4000)}`;
    const free = statfsSync(pb.dataDir);
    try {
      writeFileSync(filler(), Buffer.alloc(Number(free.bavail) * Number(free.bsize)));
    } catch {
      // ENOSPC at the very end: the disk is full, which is the point.
    }
    expect(dataDirLow(pb.dataDir)).toBe(true);

    const log = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const full = await handleSave({ request: post(words), pb: asAsh, user: ash, serviceUnavailable: false, lookup, lowDisk: () => dataDirLow(pb.dataDir) });
    expect(full).toMatchObject({ kind: 'json', status: 503, retryAfter: STORAGE_RETRY_AFTER_SECONDS });
    expect(log.mock.calls.map((c) => String(c[0])).join('\n')).toMatch(/storage is full/);
    expect(log.mock.calls.map((c) => String(c[0])).join('\n')).not.toContain('Words written');
    log.mockRestore();

    // Room again: the client's retry goes through, nothing lost.
    rmSync(filler());
    const saved = await handleSave({ request: post(words), pb: asAsh, user: ash, serviceUnavailable: false, lookup, lowDisk: () => dataDirLow(pb.dataDir) });
    expect(saved).toMatchObject({ kind: 'json', status: 200 });
    expect((await listMyReflections(asAsh, ash.id)).map((r) => r.body)).toEqual([words]);
  });
});
