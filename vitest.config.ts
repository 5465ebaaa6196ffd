import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    coverage: {
      provider: 'v8',
      include: ['src/operators/**/*.ts'],
      exclude: ['src/**/*.spec.ts', 'src/operators/index.ts'],
      thresholds: { lines: 90 },
      reporter: ['text-summary'],
    },
    projects: [
      {
        test: {
          name: 'unit',
          include: ['src/**/*.spec.ts'],
          testTimeout: 20_000,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/**/*.test.ts'],
          globalSetup: ['test/support/global-setup.ts'],
          testTimeout: 180_000,
          hookTimeout: 180_000,
          // Two files at a time, one per core: most of a file's time is waiting (brokers, sockets, time-outs).
          // A file that stops a broker starts one of its own; fixed ports are unique per file.
          fileParallelism: true,
          maxWorkers: 2,
        },
      },
    ],
  },
});
