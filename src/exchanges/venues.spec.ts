import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXCHANGE_IDS } from '../model/market-record.js';
import { restPacerOverrides, VENUES, venuesWithTradeIds } from './venues.js';

/** The repository: the library (`src/`) and the simulator (`simulator/`). */
const ROOT = new URL('../..', import.meta.url).pathname;
const TREES = ['src', 'simulator'];

/** Every TypeScript file under `dir`, spec files left out. */
function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === '__fixtures__' || entry.name === 'public' ? [] : sources(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [path] : [];
  });
}

/** A venue's folder: the pipeline's (`src/exchanges/<venue>/`) or the simulator's (`simulator/venues/<venue>/`). */
const VENUE_FOLDER = /^(src\/exchanges\/(bybit|binance|binance-usdm|coinbase|kraken)|simulator\/venues\/[^/]+)\//;

/**
 * Where a venue may be named: its folders, the registries (the pipeline's and the simulator's), and
 * the model's list of ids (the Avro enum). Nowhere else: shared code asks a registry.
 */
const MAY_NAME_A_VENUE = [VENUE_FOLDER, /^src\/exchanges\/venues\.ts$/, /^simulator\/sim-venues\.ts$/, /^src\/model\/market-record\.ts$/];

/** True when a file's text names a venue by its id (`'bybit'`, `"binance_usdm"`). */
const namesAVenue = (text: string): boolean => new RegExp(`['"](${EXCHANGE_IDS.join('|')})['"]`).test(text);

/** Every source file of the library and the simulator, by its path from the repository's root. */
const ALL_SOURCES = TREES.flatMap((tree) => sources(join(ROOT, tree))).map((path) => relative(ROOT, path));

describe('the venue registry', () => {
  it('defines every exchange id, with its trade-id rule as the venue documents it', () => {
    expect(Object.keys(VENUES)).toEqual([...EXCHANGE_IDS]);
    expect(venuesWithTradeIds('consecutive')).toEqual(['binance', 'binance_us', 'binance_testnet', 'kraken', 'binance_usdm']);
    expect(venuesWithTradeIds('by_time')).toEqual(['bybit', 'coinbase', 'bybit_linear']);
  });

  it("is, with the simulator's, the only place outside the venue folders that names a venue by its id, in the library and in the simulator", () => {
    const naming = ALL_SOURCES.filter((path) => !MAY_NAME_A_VENUE.some((allowed) => allowed.test(path))).filter((path) =>
      namesAVenue(readFileSync(join(ROOT, path), 'utf8')),
    );
    expect(naming).toEqual([]);
  });

  it('would name a shared simulator file that names a venue, so the check above can fail', () => {
    const shared = ['simulator/build-sim-venues.ts', 'simulator/start-simulator.ts', 'simulator/perpetual/perpetual-market.ts'];
    expect(shared.filter((path) => MAY_NAME_A_VENUE.some((allowed) => allowed.test(path)))).toEqual([]);
    expect(['simulator/venues/kraken/kraken-rest.ts', 'simulator/sim-venues.ts'].every((path) => MAY_NAME_A_VENUE.some((allowed) => allowed.test(path)))).toBe(
      true,
    );
    expect([namesAVenue("if (venue === 'kraken')"), namesAVenue('venues: ["binance_usdm"]'), namesAVenue("'krakens'")]).toEqual([true, true, false]);
  });

  it("is, with the simulator's, the only file outside the venue folders that imports one", () => {
    const importing = ALL_SOURCES.filter((path) => !VENUE_FOLDER.test(path)).filter((path) =>
      [...readFileSync(join(ROOT, path), 'utf8').matchAll(/from '([^']+)'/g)].some(([, target]) =>
        VENUE_FOLDER.test(relative(ROOT, join(ROOT, dirname(path), target ?? ''))),
      ),
    );
    expect(importing.sort()).toEqual(['simulator/sim-venues.ts', 'src/exchanges/venues.ts']);
  });

  it('leaves each venue its own REST budget unless one is configured, and then gives it to the Binance family alone', () => {
    const venues = ['bybit', 'binance', 'binance_us', 'binance_testnet'] as const;
    // Binance US allows 1,200 weight a minute against Binance's 6,000 (binance-us-api-docs rest-api.md).
    expect(VENUES.binance_us.catalog.pacer).toMatchObject({ weightPerMinute: 1200 });
    expect(restPacerOverrides(venues, {})).toEqual({ bybit: {}, binance: {}, binance_us: {}, binance_testnet: {} });
    expect(restPacerOverrides(venues, { 'binanceBook.restWeightPerMinute': 900 })).toEqual({
      bybit: {},
      binance: { weightPerMinute: 900 },
      binance_us: { weightPerMinute: 900 },
      binance_testnet: { weightPerMinute: 900 },
    });
  });
});
