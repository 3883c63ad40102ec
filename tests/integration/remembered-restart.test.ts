/**
 * When PocketBase goes away, the web server's memory of people (src/lib/cache/remembered.ts)
 * switches off and is emptied (changes made meanwhile could not be heard); when PocketBase is
 * back on the same address, the realtime subscription reconnects and memory switches on again,
 * from nothing.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import PocketBase from 'pocketbase';
import { afterAll, expect, it } from 'vitest';
import { keepRememberedInStep, remembered, stopRemembering } from '../../src/lib/cache/remembered.ts';
import { findFreePort } from '../../src/lib/server/ports.ts';
import { ensureDataDir, ensureServiceSuperuser, resolvePocketBaseBin, startPocketBase, type RunningPocketBase } from '../../src/lib/server/pocketbase-process.ts';
import { repoPocketBaseDirs } from '../support/pocketbase.ts';

async function eventually(check: () => boolean, ms = 15_000): Promise<boolean> {
  for (const started = Date.now(); Date.now() - started < ms; await new Promise((r) => setTimeout(r, 50))) if (check()) return true;
  return check();
}

let running: RunningPocketBase | undefined;
let tempDir = '';

afterAll(async () => {
  await stopRemembering();
  await running?.stop();
  if (tempDir) await rm(tempDir, { recursive: true, force: true });
});

it('forgets everything while PocketBase is away, and remembers again once it is back', { timeout: 60_000 }, async () => {
  const { projectRoot, migrationsDir, hooksDir } = repoPocketBaseDirs();
  const bin = await resolvePocketBaseBin({ projectRoot });
  tempDir = await mkdtemp(path.join(os.tmpdir(), 'lived-learning-pb-restart-'));
  const dataDir = path.join(tempDir, 'pb_data');
  await ensureDataDir(dataDir);
  const service = await ensureServiceSuperuser({ bin, dataDir });
  const port = await findFreePort();
  const start = () => startPocketBase({ bin, dataDir, port, migrationsDir, hooksDir });
  running = await start();

  keepRememberedInStep(async () => {
    const client = new PocketBase(running!.url);
    client.autoCancellation(false);
    await client.collection('_superusers').authWithPassword(service.email, service.password);
    return client;
  });
  expect(await eventually(() => remembered.enabled)).toBe(true);
  remembered.rememberRows('kim', { enrolments: [] } as never, remembered.stamp('kim'));
  expect(remembered.rows('kim')).toBeDefined();

  await running.stop();
  expect(await eventually(() => !remembered.enabled)).toBe(true);
  expect(remembered.rows('kim')).toBeUndefined();

  running = await start();
  expect(await eventually(() => remembered.enabled)).toBe(true);
  expect(remembered.rows('kim')).toBeUndefined();
});
