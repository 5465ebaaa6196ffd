/**
 * Rewrites test/support/file-seconds.json, the seconds each integration file took, from vitest's JSON
 * report of a whole `make test` run: `npx tsx scripts/file-seconds.ts reports/integration.json`. The
 * integration run starts the longest files first by it (test/support/slowest-first.ts). With the
 * run's `integration-cpu.jsonl` beside the report (test/support/file-cpu.ts), it also prints the files
 * that took the most CPU seconds, and the total.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

interface FileResult {
  readonly name: string;
  readonly startTime: number;
  readonly endTime: number;
}

const report = process.argv[2];
if (report === undefined) {
  process.stderr.write('usage: npx tsx scripts/file-seconds.ts reports/integration.json\n');
  process.exit(2);
}
const { testResults } = JSON.parse(readFileSync(report, 'utf8')) as { testResults: readonly FileResult[] };
const seconds = testResults
  .map((file): [string, number] => [relative(process.cwd(), file.name), Math.round((file.endTime - file.startTime) / 1000)])
  .sort(([a, x], [b, y]) => y - x || (a < b ? -1 : 1));
writeFileSync(new URL('../test/support/file-seconds.json', import.meta.url), `${JSON.stringify(Object.fromEntries(seconds), null, 2)}\n`);
process.stdout.write(`test/support/file-seconds.json: ${seconds.length} files\n`);

const cpuReport = join(dirname(report), 'integration-cpu.jsonl');
if (existsSync(cpuReport)) {
  const files = readFileSync(cpuReport, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as { readonly file: string; readonly cpuSeconds: number; readonly wallSeconds: number })
    .sort((a, b) => b.cpuSeconds - a.cpuSeconds);
  const total = files.reduce((sum, file) => sum + file.cpuSeconds, 0);
  process.stdout.write(`CPU seconds of the ${files.length} files (workers and the children they reaped): ${Math.round(total)}; the most:\n`);
  for (const file of files.slice(0, 15))
    process.stdout.write(`${file.cpuSeconds.toFixed(1).padStart(7)} s CPU ${file.wallSeconds.toFixed(1).padStart(7)} s  ${file.file}\n`);
}
