import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BinanceDepthRest } from './venues/binance/binance-depth-rest.js';
import { binanceExchangeInfoEndpoint } from './venues/binance/binance-exchange-info.js';
import { binanceAggTradesEndpoint } from './venues/binance/binance-agg-trades.js';
import { binanceHistoricalTradesEndpoint } from './venues/binance/binance-historical-trades.js';
import { binanceTicker24hrEndpoint } from './venues/binance/binance-ticker-24hr.js';
import { BybitRest } from './venues/bybit/bybit-rest.js';
import { simUniverseOf } from './sim-universe-of.js';
import { SIM_VENUES } from './sim-venues.js';
import { SimulatedBooks } from './simulated-books.js';
import { SimulatedMarket } from './simulated-market.js';
import { createVenueCounters } from './venue-counters.js';
import { shape } from './__fixtures__/json-shape.js';
import { perpetualTestVenue } from './perpetual/__fixtures__/perpetual-test-venue.js';

const doc = (name: string): unknown => JSON.parse(readFileSync(new URL(`__fixtures__/venue-docs/${name}`, import.meta.url), 'utf8'));

function venues() {
  const universe = simUniverseOf({ universe: { instruments: 60, seed: 5 } });
  const market = new SimulatedMarket({ symbols: universe.forVenue('binance', SIM_VENUES.binance.symbolOf), seed: 5, idStep: 'consecutive' });
  for (const symbol of market.symbols.slice(0, 10)) market.nextTrade(symbol, 1_800_000_000_000);
  const binance = new BinanceDepthRest({
    books: new SimulatedBooks({ market, seed: 5, eager: false }),
    clock: () => 1_800_000_000_000,
    endpoints: [
      binanceExchangeInfoEndpoint(market, () => 6000),
      binanceTicker24hrEndpoint(market),
      binanceHistoricalTradesEndpoint(market),
      binanceAggTradesEndpoint(market),
    ],
  });
  const bybitMarket = new SimulatedMarket({ symbols: universe.forVenue('bybit', SIM_VENUES.bybit.symbolOf), seed: 5, idStep: 'sparse' });
  for (let n = 0; n < 3; n++) bybitMarket.nextTrade('BTCUSDT', 1_800_000_000_000 + n);
  const bybit = new BybitRest({ market: bybitMarket, clock: () => 1_800_000_000_000, limits: {}, counters: createVenueCounters() });
  const binanceGet = (target: string): unknown => {
    const answer = binance.answer('GET', target);
    expect(answer.status).toBe(200);
    return answer.text === undefined ? answer.body : JSON.parse(answer.text);
  };
  const bybitGet = (target: string): unknown => JSON.parse(bybit.answer('GET', target).text);
  return { binanceGet, bybitGet, market, bybitMarket };
}

describe("the simulator's REST lists have the shape of the venues' documented examples", () => {
  it('Binance GET /api/v3/exchangeInfo: every top-level field but the optional sors, each symbol with its PRICE_FILTER and LOT_SIZE', () => {
    const documented = doc('binance-exchange-info.json') as Record<string, unknown>;
    delete documented['sors'];
    const served = venues().binanceGet('/api/v3/exchangeInfo') as { symbols: unknown[] };
    expect(served.symbols.length).toBeGreaterThan(30);
    expect(shape(served)).toEqual(shape(documented));
  });

  it('Binance GET /api/v3/ticker/24hr: one symbol FULL and MINI as documented, all symbols a list of the FULL shape', () => {
    const { binanceGet } = venues();
    expect(shape(binanceGet('/api/v3/ticker/24hr?symbol=BTCUSDT'))).toEqual(shape(doc('binance-ticker-24hr.json')));
    expect(shape(binanceGet('/api/v3/ticker/24hr?symbol=BTCUSDT&type=MINI'))).toEqual(shape(doc('binance-ticker-24hr-mini.json')));
    expect(shape(binanceGet('/api/v3/ticker/24hr'))).toEqual(shape([doc('binance-ticker-24hr.json')]));
  });

  it('Bybit GET /v5/market/instruments-info?category=spot and /v5/market/tickers?category=spot: the documented envelope and list entries', () => {
    const { bybitGet } = venues();
    expect(shape(bybitGet('/v5/market/instruments-info?category=spot'))).toEqual(shape(doc('bybit-instruments-info-spot.json')));
    expect(shape(bybitGet('/v5/market/tickers?category=spot'))).toEqual(shape(doc('bybit-tickers-spot.json')));
  });

  it('Binance GET /api/v3/historicalTrades and /api/v3/aggTrades, and Bybit GET /v5/market/recent-trade?category=spot: the documented trades', () => {
    const { binanceGet, bybitGet } = venues();
    expect(shape(binanceGet('/api/v3/historicalTrades?symbol=BTCUSDT&fromId=0'))).toEqual(shape(doc('binance-historical-trades.json')));
    expect(shape(binanceGet('/api/v3/aggTrades?symbol=BTCUSDT&startTime=0&limit=1'))).toEqual(shape(doc('binance-agg-trades.json')));
    expect(shape(bybitGet('/v5/market/recent-trade?category=spot&symbol=BTCUSDT'))).toEqual(shape(doc('bybit-recent-trade-spot.json')));
  });
});

describe("the perpetual venues' REST answers have the shape of the venues' documented examples", () => {
  function perpetuals() {
    const bybit = perpetualTestVenue('bybit_linear');
    const binance = perpetualTestVenue('binance_usdm');
    bybit.run(1_000);
    binance.run(1_000);
    const bybitGet = (target: string): unknown => JSON.parse((bybit.venue.config.restApi as BybitRest).answer('GET', target).text);
    const binanceGet = (target: string): unknown => {
      const answer = (binance.venue.config.restApi as BinanceDepthRest).answer('GET', target);
      expect(answer.status).toBe(200);
      return answer.text === undefined ? answer.body : JSON.parse(answer.text);
    };
    return { bybitGet, binanceGet };
  }

  it('Bybit GET /v5/market/instruments-info?category=linear: the documented linear perpetual, the dated future alike, nextPageCursor after the list', () => {
    expect(shape(perpetuals().bybitGet('/v5/market/instruments-info?category=linear'))).toEqual(shape(doc('bybit-instruments-info-linear.json')));
  });

  it('Bybit GET /v5/market/tickers?category=linear: the documented Linear/Inverse fields in their order (the example is inverse BTCUSD)', () => {
    const documented = doc('bybit-tickers-linear.json') as { result: { category: string } };
    documented.result.category = 'linear';
    expect(shape(perpetuals().bybitGet('/v5/market/tickers?category=linear'))).toEqual(shape(documented));
  });

  it('Binance USD-M GET /fapi/v1/openInterest, /fapi/v1/depth and /fapi/v1/aggTrades: the documented answers', () => {
    const { binanceGet } = perpetuals();
    expect(shape(binanceGet('/fapi/v1/openInterest?symbol=BTCUSDT'))).toEqual(shape(doc('binance-usdm-open-interest.json')));
    expect(shape(binanceGet('/fapi/v1/depth?symbol=BTCUSDT&limit=5'))).toEqual(shape(doc('binance-usdm-depth.json')));
    expect(shape(binanceGet('/fapi/v1/aggTrades?symbol=BTCUSDT&limit=5'))).toEqual(shape(doc('binance-usdm-agg-trades.json')));
  });
});
