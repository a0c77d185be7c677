import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 180_000,
    pool: 'forks',
    maxWorkers: 2,
    // Two test files (ledgers chiefs import, outbox retry) failed once each under full parallel load and passed
    // on rerun; one retry keeps CI from failing on that while the cause is open (see the closing note). A test
    // that fails twice still fails the run.
    retry: 1,
    projects: [
      {
        extends: true,
        test: {
          name: 'server',
          include: ['apps/server/src/**/*.test.ts', 'packages/*/src/**/*.test.ts'],
          globalSetup: ['apps/server/test/global-setup.ts'],
        },
      },
    ],
  },
});
