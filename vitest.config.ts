import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.ts'],
          environment: 'node',
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
