import { defineConfig } from 'vitest/config';

// Journeys drive a real browser against a real server: one at a time, with generous time limits.
export default defineConfig({
  test: {
    include: ['*.spec.ts'],
    environment: 'node',
    testTimeout: 300_000,
    hookTimeout: 400_000,
    pool: 'forks',
    maxWorkers: 1,
    fileParallelism: false,
  },
});
