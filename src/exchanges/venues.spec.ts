import { describe, expect, it } from 'vitest';
import { EXCHANGE_IDS } from '../model/market-record.js';
import { ALL_SOURCES, importsOf, inVenueFolder, namesAVenue, REGISTRIES, textOf, VENUE_FOLDERS } from './__fixtures__/venue-sources.js';
import { restPacerOverrides, VENUES, venuesWithTradeIds } from './venues.js';

/**
 * Where a venue may be named: its folders, the registries (the pipeline's and the simulator's), and
 * the model's list of ids. Nowhere else: shared code, the library's or the simulator's, asks a registry.
 */
const mayNameAVenue = (path: string): boolean =>
  inVenueFolder(path) || (REGISTRIES as readonly string[]).includes(path) || path === 'src/model/market-record.ts';

describe('the venue registry', () => {
  it('defines every exchange id, with its trade-id rule as the venue documents it', () => {
    expect(Object.keys(VENUES)).toEqual([...EXCHANGE_IDS]);
    // Deribit: `trade_seq` is consecutive per instrument (deribit-trades.ndjson line 2: 271252854, 271252855 in one frame).
    // Binance COIN-M: the aggregate id `a` is consecutive per symbol (binance-coinm-aggTrade.ndjson: ETHUSD_210924 7297361, 7297362).
    // OKX options: `tradeId` consecutive per option, as on spot (docs "Get trades history" pages by it).
    // Binance options: `t` consecutive per option (binance-options-optionTrade.ndjson: t 200 is the optionTicker's last id L 200, from F 94 over n 107).
    expect(venuesWithTradeIds('consecutive')).toEqual([
      'binance',
      'binance_us',
      'binance_testnet',
      'kraken',
      'binance_usdm',
      'okx',
      'okx_swap',
      'deribit',
      'deribit_options',
      'binance_coinm',
      'okx_options',
      'binance_options',
    ]);
    // Bitget: ids rise with time but skip (bitget-trade.ndjson: 1471419036774154240, 1471419036958703616, 1471419068894134272).
    // Bybit options: UUIDs, as on linear (bybit-option-publicTrade.ndjson: 0404c393-8419-5bac-95c3-5fea28404754).
    // Gate: spot ids run over every pair (gate-trades.ndjson: DIS_USDT 816995772, NEO_BTC 816995970); futures ids are not documented as consecutive.
    expect(venuesWithTradeIds('by_time')).toEqual([
      'bybit',
      'coinbase',
      'bybit_linear',
      'hyperliquid',
      'bybit_inverse',
      'bitget',
      'bitget_futures',
      'gate',
      'gate_futures',
      'bybit_options',
    ]);
  });

  it("is, with the simulator's, the only place outside the venue folders that names a venue by its id, in the library and in the simulator", () => {
    expect(ALL_SOURCES.filter((path) => !mayNameAVenue(path) && namesAVenue(textOf(path)))).toEqual([]);
  });

  it('would name a shared simulator file that names a venue, so the check above can fail', () => {
    expect(['simulator/build-sim-venues.ts', 'simulator/start-simulator.ts', 'simulator/perpetual/perpetual-market.ts'].filter(mayNameAVenue)).toEqual([]);
    expect(['simulator/venues/kraken/kraken-rest.ts', 'simulator/sim-venues.ts', 'src/exchanges/kraken/kraken-venue.ts'].every(mayNameAVenue)).toBe(true);
    const code = [
      "if (venue === 'kraken')",
      'venues: ["binance_usdm"]',
      'const only = { bybit: 0.25 };',
      'options.limits?.binance',
      "'krakens'",
      '// { coinbase: 1 }',
      'bybitRest',
    ];
    expect(code.map(namesAVenue)).toEqual([true, true, true, true, false, false, false]);
  });

  it("is, with the simulator's, the only file outside the venue folders that imports one", () => {
    expect(VENUE_FOLDERS).toEqual(expect.arrayContaining(['src/exchanges/kraken/', 'simulator/venues/kraken/', 'simulator/venues/binance-usdm/']));
    const importing = ALL_SOURCES.filter((path) => !inVenueFolder(path) && importsOf(path).some(inVenueFolder));
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
