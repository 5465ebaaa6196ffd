import { execFileSync } from 'node:child_process';

/**
 * Builds the package (`npm run build`, into `dist/`) unless `make` built it before the tests started
 * (`MARKET_FEED_BUILT=1`, set by `make test-integration`): two files building it side by side rewrote
 * `dist/` under a command another file was running from it.
 */
export function buildPackageUnlessBuilt(root: string): void {
  if (process.env['MARKET_FEED_BUILT'] === '1') return;
  try {
    execFileSync('npm', ['run', 'build'], { cwd: root, stdio: 'pipe' });
  } catch {
    // Type errors elsewhere still emit JavaScript; the commands under test need only their own files.
  }
}
