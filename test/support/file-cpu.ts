import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect } from 'vitest';
import { procStats } from '../../bench/bench-processes.js';

/**
 * Each integration file's CPU seconds, one JSON line a file in `reports/integration-cpu.jsonl`: the
 * worker's own time and that of the children it reaped (the pipelines, readers and scripts the file
 * started; not the brokers, which outlive their starting scripts). Files run one at a time per worker,
 * so a worker's time between a file's first and last hook is that file's. Where the machine's seconds
 * go, file by file, when a run's wall-clock time is to come down (`scripts/file-seconds.ts` prints the most).
 */
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const OUT = join(ROOT, 'reports', 'integration-cpu.jsonl');
/** The worker's CPU seconds and its reaped children's; undefined off Linux. */
function cpuSeconds(): number | undefined {
  const stats = procStats(process.pid);
  return stats === undefined ? undefined : stats.cpuSeconds + stats.reapedCpuSeconds;
}

let startCpu: number | undefined;
let startWall = 0;
beforeAll(() => {
  startCpu = cpuSeconds();
  startWall = Date.now();
});
// Registered first, so it runs after the file's own afterAll hooks (vitest runs them as a stack).
afterAll(() => {
  const end = cpuSeconds();
  const file = expect.getState().testPath;
  if (startCpu === undefined || end === undefined || file === undefined) return;
  mkdirSync(dirname(OUT), { recursive: true });
  const line = {
    file: relative(ROOT, file),
    cpuSeconds: Math.round((end - startCpu) * 10) / 10,
    wallSeconds: Math.round((Date.now() - startWall) / 100) / 10,
  };
  appendFileSync(OUT, `${JSON.stringify(line)}\n`);
});
