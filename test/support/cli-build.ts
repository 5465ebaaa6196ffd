import { cpSync, existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const BUILDS = join(ROOT, '.cache', 'cli-build');

/** The TypeScript files of a folder and those below it, specs left out. */
function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/**
 * The `market-feed` command as the integration tests start it, many times a run: `src/` and
 * `simulator/` transpiled by esbuild (what tsx does at each start, done once), in a folder of this
 * run's own below `.cache/cli-build/` (another run's build is never rewritten under it), with the
 * dashboard's page files beside its code. Returns the path of its `main.js` and a remover. Folders of
 * runs that are gone are removed.
 */
export async function buildCli(): Promise<{ readonly main: string; readonly remove: () => void }> {
  mkdirSync(BUILDS, { recursive: true });
  for (const name of readdirSync(BUILDS)) {
    const pid = Number(name.replace(/^run-/, ''));
    if (!Number.isInteger(pid) || !alive(pid)) rmSync(join(BUILDS, name), { recursive: true, force: true });
  }
  const outdir = join(BUILDS, `run-${process.pid}`);
  await build({
    entryPoints: [...sources(join(ROOT, 'src')), ...sources(join(ROOT, 'simulator'))],
    outdir,
    outbase: ROOT,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    logLevel: 'warning',
  });
  // Read from beside the code (src/dashboard/page-files.ts); schemas/ is found above it, as from the sources.
  const publicDir = join('src', 'dashboard', 'public');
  if (existsSync(join(ROOT, publicDir))) cpSync(join(ROOT, publicDir), join(outdir, publicDir), { recursive: true });
  const main = join(outdir, 'src', 'cli', 'main.js');
  if (!existsSync(main)) throw new Error(`the CLI build has no ${relative(ROOT, main)}`);
  return { main, remove: () => rmSync(outdir, { recursive: true, force: true }) };
}
