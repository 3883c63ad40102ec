/**
 * Reads a course zip in a worker thread, so unpacking (up to 20 MB, real bytes counted) never
 * holds up anyone else's request. The worker's memory is capped and it is stopped after
 * `timeoutMs`; if it fails, the person is told plainly and nothing is changed.
 *
 * The worker file is run from the source tree (src/lib/authoring/zip-worker.ts), found from
 * the project root at run time: bundling (astro build) would otherwise leave it behind.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { authoringStoreEn } from '../i18n/authoring-store.ts';
import { findProjectRoot } from '../server/config.ts';
import type { ZipContents } from './zip-read.ts';

const WORKER = path.join('src', 'lib', 'authoring', 'zip-worker.ts');

/** The worker file's absolute path. */
export function zipWorkerPath(root: string = findProjectRoot()): string {
  return path.join(root, WORKER);
}

/** For tests and monitoring: threads started, and the id of the last thread that answered (never 0, the main thread). */
export const zipThreadStats = { started: 0, lastThreadId: -1 };

/**
 * The same as readCourseZip, in a worker thread. Never throws: a worker that fails, runs out
 * of memory or takes too long gives one plain problem.
 */
export async function readCourseZipOffThread(bytes: Uint8Array, options: { timeoutMs?: number } = {}): Promise<ZipContents> {
  const busy: ZipContents = { folder: undefined, files: [], problems: [authoringStoreEn.zip.busy] };
  const file = zipWorkerPath();
  if (!existsSync(file)) {
    console.error(`[authoring] the zip worker is missing: ${file}`);
    return busy;
  }
  return new Promise<ZipContents>((resolve) => {
    let settled = false;
    const worker = new Worker(file, { workerData: bytes, resourceLimits: { maxOldGenerationSizeMb: 256, maxYoungGenerationSizeMb: 32 } });
    zipThreadStats.started++;
    const finish = (contents: ZipContents) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void worker.terminate();
      resolve(contents);
    };
    const timer = setTimeout(() => {
      console.error('[authoring] reading a zip took too long; the worker was stopped');
      finish(busy);
    }, options.timeoutMs ?? 30_000);
    worker.once('message', (answer: { contents: ZipContents; threadId: number }) => {
      zipThreadStats.lastThreadId = answer.threadId;
      finish(answer.contents);
    });
    worker.once('error', (error) => {
      console.error(`[authoring] reading a zip failed: ${error.message}`);
      finish(busy);
    });
    worker.once('exit', () => finish(busy));
  });
}
