import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { EXCHANGE_IDS } from '../../model/market-record.js';

/** The repository's root: the library (`src/`) and the simulator (`simulator/`) beside each other. */
export const ROOT = new URL('../../..', import.meta.url).pathname;

/** The two registries of venues: the pipeline's (`VENUES`) and the simulator's (`SIM_VENUES`). */
export const REGISTRIES = ['src/exchanges/venues.ts', 'simulator/sim-venues.ts'] as const;

/** A file's text, by its path from the root. */
export const textOf = (path: string): string => readFileSync(join(ROOT, path), 'utf8');

/** Every TypeScript file under `dir` (from the root), specs and fixtures left out, by its path from the root. */
function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory()) return entry.name === '__fixtures__' || entry.name === 'public' ? [] : sources(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [path] : [];
  });
}

/** Every source file of the library and the simulator, by its path from the root. */
export const ALL_SOURCES: readonly string[] = ['src', 'simulator'].flatMap(sources);

/** The modules a file imports values from (type imports left out), by their paths from the root. */
export function valueImportsOf(path: string): string[] {
  return [...textOf(path).matchAll(/^import (?!type )[^;]*? from '(\.[^']+)'/gm)].map(([, target]) => relative(ROOT, join(ROOT, dirname(path), target ?? '')));
}

/** The modules a file imports anything from, by their paths from the root. */
export function importsOf(path: string): string[] {
  return [...textOf(path).matchAll(/from '(\.[^']+)'/g)].map(([, target]) => relative(ROOT, join(ROOT, dirname(path), target ?? '')));
}

/**
 * The venues' folders: those a registry takes its venues from (`src/exchanges/<venue>/`,
 * `simulator/venues/<venue>/`), each with a trailing `/`.
 */
export const VENUE_FOLDERS: readonly string[] = [
  ...new Set(
    REGISTRIES.flatMap((registry) => valueImportsOf(registry).filter((target) => dirname(target).startsWith(`${dirname(registry)}/`))).map(
      (target) => `${dirname(target)}/`,
    ),
  ),
].sort();

/** True for a file in a venue's folder. */
export const inVenueFolder = (path: string): boolean => VENUE_FOLDERS.some((folder) => path.startsWith(folder));

const IDS = EXCHANGE_IDS.join('|');
/** Ids that are also words code uses for itself (`this.gate`, an ingest gate: `gate: ...`): they name a venue only quoted. */
const WORDS: ReadonlySet<string> = new Set(['gate']);
const KEYED = EXCHANGE_IDS.filter((id) => !WORDS.has(id)).join('|');
/** A venue's id as code names it: quoted (`'bybit'`, `"binance_usdm"`), as a key (`kraken: ...`) or a property (`.coinbase`). */
const NAMING = new RegExp(`['"\`](${IDS})['"\`]|(^|[\\s{,(])(${KEYED})\\??\\s*:|\\.(${KEYED})\\b`, 'm');

/** True when code (comments left out: examples in prose are fine) names a venue by its id. */
export function namesAVenue(code: string): boolean {
  return NAMING.test(code.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|\s)\/\/.*$/gm, '$1'));
}
