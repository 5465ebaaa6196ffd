import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * Seconds each integration file took in a whole `make test` run (file-seconds.json, refreshed with
 * `npx tsx scripts/file-seconds.ts reports/integration.json`). Only an order: a stale or missing figure
 * makes a run slower, never wrong.
 */
const FILE_SECONDS: Readonly<Record<string, number>> = JSON.parse(readFileSync(new URL('./file-seconds.json', import.meta.url), 'utf8')) as Record<
  string,
  number
>;

/** A file not in the list: about the median of the listed ones. */
const UNKNOWN_SECONDS = 30;

/**
 * Starts the longest integration files first, so that the files five at a time end together instead
 * of one long file starting last and running on alone (vitest's own order, by the results of an
 * earlier run, has nothing to go by on a fresh clone and falls back to the files' sizes).
 */
export class SlowestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const base = await super.sort(files);
    const root = this.ctx.config.root;
    const seconds = (spec: TestSpecification): number => {
      const listed = FILE_SECONDS[relative(root, spec.moduleId).split('\\').join('/')];
      // The unit files are not listed: their order stays vitest's.
      return spec.project.name === 'unit' ? 0 : (listed ?? UNKNOWN_SECONDS);
    };
    // A stable sort within each project (the base order keeps projects and group orders apart).
    const position = new Map(base.map((spec, i) => [spec, i]));
    const group = (spec: TestSpecification): string => `${spec.project.config.sequence.groupOrder}\u0000${spec.project.name}`;
    const groupStart = new Map<string, number>();
    for (const spec of base) if (!groupStart.has(group(spec))) groupStart.set(group(spec), position.get(spec) ?? 0);
    return [...base].sort(
      (a, b) => (groupStart.get(group(a)) ?? 0) - (groupStart.get(group(b)) ?? 0) || seconds(b) - seconds(a) || (position.get(a) ?? 0) - (position.get(b) ?? 0),
    );
  }
}
