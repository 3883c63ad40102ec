import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.ts'],
          environment: 'node',
          // A guard against hangs, not a speed check: the unit tests run beside the browser and
          // integration tests, and the few that start a process (poppler, the CLIs) took over
          // vitest's default 5 s on the busy two-core machine.
          testTimeout: 30_000,
          // All unit files share one worker process instead of a fresh process per file:
          // starting a process and loading the modules again for each of ~95 files was half
          // of the unit stage's CPU time (67 s → 37 s of CPU, docs/TESTING.md "Timings").
          // So a file must leave the process as it found it: undo stubs, timers and spies in
          // afterEach/afterAll. Stubbed globals and environment variables are also undone
          // after every test by the two settings below, as a safety net.
          isolate: false,
          unstubGlobals: true,
          unstubEnvs: true,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          environment: 'node',
          testTimeout: 30_000,
          hookTimeout: 60_000,
          // Each file starts its own PocketBase on a free port with its own data folder (a copy
          // of one migrated template made once by the global setup), so two files run side by
          // side: most of their time is spent waiting on PocketBase, not on the CPU.
          globalSetup: ['tests/support/integration-global-setup.ts'],
          fileParallelism: true,
          maxWorkers: 2,
        },
      },
    ],
  },
});
