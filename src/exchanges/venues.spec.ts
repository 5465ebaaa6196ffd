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

/**
 * Where a venue may be named: its folder, the registry, the simulator (which plays the venues), and
 * the model's list of ids (the Avro enum).
 */
const MAY_NAME_A_VENUE = [
  /^src\/exchanges\/(bybit|binance|binance-usdm|coinbase|kraken)\//,
  /^src\/exchanges\/venues\.ts$/,
  /^simulator\//,
  /^src\/model\/market-record\.ts$/,
];

/** Every source file of the library and the simulator, by its path from the repository's root. */
const ALL_SOURCES = TREES.flatMap((tree) => sources(join(ROOT, tree))).map((path) => relative(ROOT, path));

describe('the venue registry', () => {
  it('defines every exchange id, with its trade-id rule as the venue documents it', () => {
    expect(Object.keys(VENUES)).toEqual([...EXCHANGE_IDS]);
    expect(venuesWithTradeIds('consecutive')).toEqual(['binance', 'binance_us', 'binance_testnet', 'kraken', 'binance_usdm']);
    expect(venuesWithTradeIds('by_time')).toEqual(['bybit', 'coinbase', 'bybit_linear']);
  });

  it('is the only place outside the venue folders and the simulator that names a venue by its id', () => {
    const naming = ALL_SOURCES.filter((path) => !MAY_NAME_A_VENUE.some((allowed) => allowed.test(path))).filter((path) =>
      /['"](bybit|binance|binance_us|binance_testnet|coinbase|kraken)['"]/.test(readFileSync(join(ROOT, path), 'utf8')),
    );
    expect(naming).toEqual([]);
  });

  it("is, with the simulator's list of its venues, the only file outside the venue folders that imports one", () => {
    const venueFolder = /^(src\/exchanges|simulator\/venues)\/(bybit|bybit-linear|binance|binance-usdm|coinbase|kraken)\//;
    const importing = ALL_SOURCES.filter((path) => !venueFolder.test(path)).filter((path) =>
      [...readFileSync(join(ROOT, path), 'utf8').matchAll(/from '([^']+)'/g)].some(([, target]) =>
        venueFolder.test(relative(ROOT, join(ROOT, dirname(path), target ?? ''))),
      ),
    );
    // The simulator's registry of its venues, and the book fixtures it writes for each.
    expect(importing.sort()).toEqual([
      'simulator/book-fixture-frames.ts',
      'simulator/build-sim-venues.ts',
      'simulator/sim-venue-limits.ts',
      'src/exchanges/venues.ts',
    ]);
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
