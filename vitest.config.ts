import { defineConfig } from 'vitest/config';
import { SlowestFirst } from './test/support/slowest-first.js';

/**
 * Integration files whose assertions are wall-clock bounds seen through several processes (a page
 * says stale within 7 s of a stall, /readyz turns within 1 s of an acknowledgement, the page's frame
 * budget, the options panel's across venues): they run after the others (`make test-integration` runs
 * the two projects in one run, in that order), all of them together: the two browser files beside the
 * other two, which mostly wait (a stall, an outage). The dashboard's views that wait for what the
 * page shows, with no bound of the clock, are in `dashboard-views.test.ts`, beside the other files.
 */
const ALONE = [
  'test/dashboard/dashboard-browser.test.ts',
  'test/dashboard/option-venues-browser.test.ts',
  'test/e2e/failover.test.ts',
  'test/reliability/kafka-outage-observability.test.ts',
];

const integration = {
  include: ['test/**/*.test.ts'],
  globalSetup: ['test/support/global-setup.ts'],
  // Each file's CPU seconds in reports/integration-cpu.jsonl.
  setupFiles: ['test/support/file-cpu.ts'],
  testTimeout: 180_000,
  hookTimeout: 180_000,
  // Each worker imports the support modules and the sources once, not once per file.
  isolate: false,
};

export default defineConfig({
  test: {
    // The longest integration files first (their seconds in test/support/file-seconds.json).
    sequence: { sequencer: SlowestFirst },
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
          include: ['src/**/*.spec.ts', 'simulator/**/*.spec.ts'],
          testTimeout: 20_000,
          // Both cores (vitest's default leaves one free): 45 s instead of 76 s for the 250-odd files.
          maxWorkers: 2,
          // The specs share each worker's modules instead of importing them afresh per file (they keep no
          // state between files; every fake clock is given back in an afterEach): with coverage, 26 s
          // instead of 88 s for the 296 files, the same 97.35 % of the operators' lines.
          isolate: false,
        },
      },
      {
        test: {
          ...integration,
          name: 'integration',
          exclude: [...ALONE],
          // First: one run of both projects starts the broker and the registry once.
          sequence: { groupOrder: 0 },
          // Five files at a time on two cores: most of a file's time is waiting (brokers, sockets, time-outs;
          // about 0.7 of a core in use with three at a time). A file that stops a broker starts one of its
          // own; fixed ports are unique per file.
          fileParallelism: true,
          maxWorkers: 5,
        },
      },
      {
        test: {
          ...integration,
          name: 'integration-alone',
          include: [...ALONE],
          // After every other file has ended.
          sequence: { groupOrder: 1 },
          fileParallelism: true,
          maxWorkers: ALONE.length,
        },
      },
    ],
  },
});
