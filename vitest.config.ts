import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          environment: 'node',
          sequence: { groupOrder: 0 },
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts', 'test/e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 30_000,
          hookTimeout: 30_000,
          // Integration suites share Redis and PostgreSQL; keep parallelism modest on 2 cores.
          maxWorkers: 2,
          // Run after the unit project so the two never compete for the two cores.
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
