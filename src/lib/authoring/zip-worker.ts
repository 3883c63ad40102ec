/**
 * The worker thread that reads course zips (see zip-thread.ts): one zip per worker, answered
 * once, with the files' bytes transferred rather than copied. Run by Node directly from the
 * source tree (Node 24 strips the types), so it works the same in tests and after `astro build`.
 */
import { parentPort, threadId, workerData } from 'node:worker_threads';
import { readCourseZip } from './zip-read.ts';

const contents = readCourseZip(workerData as Uint8Array);
parentPort?.postMessage(
  { contents, threadId },
  contents.files.map((f) => f.content.buffer as ArrayBuffer),
);
