/** Regression: a service password that starts with "-" must not be read as a command-line flag. */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import PocketBase from 'pocketbase';
import { afterAll, describe, expect, it } from 'vitest';
import { ensureDataDir, ensureServiceSuperuser, findFreePort, resolvePocketBaseBin, startPocketBase } from '../../src/lib/server/pocketbase-process.ts';
import { repoPocketBaseDirs } from '../support/pocketbase.ts';

const dirs: string[] = [];
afterAll(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

describe('service superuser', () => {
  it('accepts a password that starts with a dash', async () => {
    const { projectRoot, migrationsDir, hooksDir } = repoPocketBaseDirs();
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'll-dash-'));
    dirs.push(dataDir);
    await ensureDataDir(dataDir);
    const bin = await resolvePocketBaseBin({ projectRoot });
    const credentials = { email: 'service@lived-learning.local', password: '-9dash-first-password-abc' };
    await ensureServiceSuperuser({ bin, dataDir, credentials });
    const running = await startPocketBase({ bin, dataDir, port: await findFreePort(), migrationsDir, hooksDir });
    try {
      const pb = new PocketBase(running.url);
      const auth = await pb.collection('_superusers').authWithPassword(credentials.email, credentials.password);
      expect(auth.record.email).toBe(credentials.email);
    } finally {
      await running.stop();
    }
  });
});
