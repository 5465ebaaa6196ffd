/**
 * Rewrites test/support/file-seconds.json, the seconds each integration file took, from vitest's JSON
 * report of a whole `make test` run: `npx tsx scripts/file-seconds.ts reports/integration.json`. The
 * integration run starts the longest files first by it (test/support/slowest-first.ts).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { relative } from 'node:path';

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
