import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const repoRoot = join(import.meta.dirname, '..', '..');

/** PROMTOOL if set, else the one `scripts/promtool.sh install` recorded, else `promtool` on PATH. */
function promtoolPath(): string {
  const fromEnv = process.env['PROMTOOL'];
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  const stamp = join(repoRoot, '.cache', 'promtool', '.complete');
  return existsSync(stamp) ? readFileSync(stamp, 'utf8').trim() : 'promtool';
}

export interface PromtoolResult {
  readonly code: number;
  /** stdout and stderr together. */
  readonly output: string;
}

/** Runs promtool with these arguments in `cwd` (default the repository root). */
export function promtool(args: readonly string[], cwd = repoRoot): Promise<PromtoolResult> {
  return new Promise((resolve, reject) => {
    execFile(promtoolPath(), [...args], { cwd, timeout: 60_000 }, (error, stdout, stderr) => {
      if (error !== null && typeof error.code !== 'number') {
        reject(new Error(`promtool could not run (make promtool installs it): ${error.message}`));
        return;
      }
      resolve({ code: error === null ? 0 : Number(error.code), output: `${stdout}${stderr}` });
    });
  });
}
