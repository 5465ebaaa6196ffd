import { asyncScheduler, firstValueFrom, of } from 'rxjs';
import { afterEach, describe, expect, it } from 'vitest';
import { readVenueList } from '../../src/catalog/read-venue-list.js';
import { binanceOptionProtocol } from '../../src/exchanges/binance-options/binance-option-protocol.js';
import { restWeightPacer } from '../../src/exchanges/rest/rest-weight-pacer.js';
import { venueFeed } from '../../src/exchanges/venue-feed.js';
import { VENUES } from '../../src/exchanges/venues.js';
import { listingKey } from '../../src/model/instrument.js';
import { startSimulator, type RunningSimulator } from '../../simulator/start-simulator.js';
import { collectUntil } from './collect-until.js';
import { count } from './feed-outputs.js';

/**
 * The Binance options feed (`venueFeed` with `binanceOptionProtocol`) against the simulator playing
 * Binance's two routes (`/binance-options/public` per option, `/binance-options/market` per underlying)
 * and its REST (`/eapi/v1/exchangeInfo`), its options listed off the option board it shares with
 * `deribit_options`: the list read as the pipeline reads it (each option's unit with it), each option's
 * summary from its underlying's `optionMarkPrice` under the listing's key, and its `optionTrade`s equal
 * to the venue's tape, ids consecutive per option.
 */
let sim: RunningSimulator | undefined;

afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

describe('the Binance options feed against the simulator', () => {
  it("reads the list, keys each option's summary as listed (rho NaN, IVs in percent, per coin), and publishes the trades the venue made", async () => {
    sim = await startSimulator({
      venues: ['deribit_options', 'binance_options'],
      coins: ['BTC', 'ETH'],
      // A hundred trades a second over each coin's chain, so that the few options followed trade several a second.
      venueOptions: { binance_options: { optionTradesPerMinute: 6_000 } },
    });
    const pacer = restWeightPacer(asyncScheduler, VENUES.binance_options.catalog.pacer);
    const read = await firstValueFrom(
      readVenueList('listings', { exchange: 'binance_options', restUrl: sim.restUrl, pacer, timeoutMs: 10_000, scheduler: asyncScheduler }),
    );
    expect(read.skipped).toEqual([]);
    const btc = read.listings.filter((l) => l.base === 'BTC').sort((a, b) => (a.expiryTs ?? 0) - (b.expiryTs ?? 0));
    expect(btc.length).toBeGreaterThan(50);
    expect(read.listings.some((l) => l.base === 'ETH')).toBe(true);
    expect(read.listings.every((l) => l.quote === 'USDT' && l.contractValue !== undefined && /^(BTC|ETH|SOL)-\d{6}-[\d.]+-[CP]$/.test(l.symbol))).toBe(true);
    // A handful of BTC options of the nearest expiry, around the money.
    const nearest = btc.filter((l) => l.expiryTs === btc[0]?.expiryTs).sort((a, b) => (a.option?.strike ?? 0) - (b.option?.strike ?? 0));
    const followed = nearest.slice(Math.floor(nearest.length / 2) - 3, Math.floor(nearest.length / 2) + 3);
    const keys = new Map(followed.map((l) => [l.symbol, listingKey(l, VENUES.binance_options.market)]));
    expect([...keys.values()].every((key) => key.startsWith('BTC-USDT-'))).toBe(true);
    // As the pipeline hands a feed its instruments: each with the key it is published under and its unit.
    const instruments = followed.map((l) => ({
      symbol: l.symbol,
      coin: l.base,
      quote: l.quote,
      instrument: listingKey(l, VENUES.binance_options.market),
      ...(l.contractValue === undefined ? {} : { contractValue: l.contractValue }),
    }));
    const feed = venueFeed(binanceOptionProtocol, {
      exchange: 'binance_options',
      url: sim.urls.binance_options,
      symbols: { coins: ['BTC'], quote: 'USDT' },
      instruments$: of(instruments),
    });
    const summarized = (v: readonly { type: string; symbol?: string }[]) => new Set(v.flatMap((e) => (e.type === 'option_summary' ? [e.symbol] : []))).size;
    const { values, error } = await collectUntil(
      feed,
      (v) => summarized(v) === followed.length && count(v, 'trade') >= 20 && count(v, 'option_summary') >= 2 * followed.length,
      20_000,
    );
    expect(error).toBeUndefined();
    expect(values.filter((v) => v.type === 'invalid_frame')).toEqual([]);

    const summaries = values.flatMap((v) => (v.type === 'option_summary' ? [v] : []));
    // Only the options followed, though each push carries every option of the underlying.
    expect(new Set(summaries.map((s) => s.symbol))).toEqual(new Set(keys.keys()));
    for (const summary of summaries) {
      expect([summary.symbol, summary.instrument, summary.quote, summary.underlyingIndex]).toEqual([
        summary.symbol,
        keys.get(summary.symbol),
        'USDT',
        'BTCUSDT',
      ]);
      expect(summary.rho).toBeNaN();
      // The board's smile, in percent (BTC's at the money about 55 %, more near expiry): a fraction would be under 3.
      expect(summary.markIv).toBeGreaterThan(20);
      expect(summary.markIv).toBeLessThan(300);
      expect(summary.underlyingPrice).toBeGreaterThan(1000);
      if (summary.bestAskIv !== undefined) expect(summary.bestAskIv).toBeGreaterThan(summary.markIv);
      if (summary.bestBidIv !== undefined) expect(summary.bestBidIv).toBeLessThan(summary.markIv);
    }

    const made = new Map(sim.control.madeTrades('binance_options').map((t) => [`${t.symbol} ${t.venueTradeId}`, t]));
    const trades = values.flatMap((v) => (v.type === 'trade' ? [v] : []));
    expect(trades.length).toBeGreaterThanOrEqual(20);
    for (const trade of trades) {
      const own = made.get(`${trade.symbol} ${trade.tradeId}`);
      expect(own, `${trade.symbol} ${trade.tradeId}`).toBeDefined();
      expect([trade.price, trade.quantity, trade.isBuyerMaker]).toEqual([own?.price, own?.quantity, own?.isBuyerMaker]);
    }
    // Ids consecutive per option, as the gap detector reads them: no gap on one connection.
    for (const symbol of keys.keys()) {
      const ids = trades.filter((t) => t.symbol === symbol).map((t) => Number(t.tradeId));
      expect(ids, symbol).toEqual(ids.map((_, n) => (ids[0] ?? 0) + n));
    }
  });
});
