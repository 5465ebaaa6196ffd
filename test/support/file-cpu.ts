import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect } from 'vitest';

/**
 * Each integration file's CPU seconds, one JSON line a file in `reports/integration-cpu.jsonl`: the
 * worker's own time and that of the children it reaped (the pipelines, readers and scripts the file
 * started; not the brokers, which outlive their starting scripts). Files run one at a time per worker,
 * so a worker's time between a file's first and last hook is that file's. Where the machine's seconds
 * go, file by file, when a run's wall-clock time is to come down (`scripts/file-seconds.ts` prints the most).
 */
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const OUT = join(ROOT, 'reports', 'integration-cpu.jsonl');
const CLOCK_TICKS = 100;

/** utime, stime, cutime and cstime of /proc/self/stat, in seconds; undefined off Linux. */
function cpuSeconds(): number | undefined {
  if (!existsSync('/proc/self/stat')) return undefined;
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return [11, 12, 13, 14].reduce((sum, i) => sum + Number(fields[i]), 0) / CLOCK_TICKS;
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
