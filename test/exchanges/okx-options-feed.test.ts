import { asyncScheduler, firstValueFrom, of } from 'rxjs';
import { afterEach, describe, expect, it } from 'vitest';
import { readVenueList } from '../../src/catalog/read-venue-list.js';
import { okxOptionProtocol } from '../../src/exchanges/okx/okx-option-protocol.js';
import { restWeightPacer } from '../../src/exchanges/rest/rest-weight-pacer.js';
import { venueFeed } from '../../src/exchanges/venue-feed.js';
import { VENUES } from '../../src/exchanges/venues.js';
import { listingKey } from '../../src/model/instrument.js';
import { startSimulator, type RunningSimulator } from '../../simulator/start-simulator.js';
import { collectUntil } from './collect-until.js';
import { count } from './feed-outputs.js';

/**
 * The OKX options feed (`venueFeed` with `okxOptionProtocol`) against the simulator playing OKX's
 * options (`/okx-options/ws/v5/public`, REST `instType=OPTION`), listed off the option board it shares
 * with `deribit_options`: the lists read family by family as the pipeline reads them, each option's
 * summary merged from its family's `opt-summary` and its own mark, open interest and quote under the
 * listing's key, and the family's `option-trades` equal to the venue's tape, sizes in the coin.
 */
let sim: RunningSimulator | undefined;

afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

describe('the OKX options feed against the simulator', () => {
  it("reads the lists, merges each option's summary under its key (Black-Scholes greeks, the forward, rho NaN), and publishes the trades the venue made", async () => {
    sim = await startSimulator({
      venues: ['deribit_options', 'okx_options'],
      coins: ['BTC', 'ETH'],
      // A hundred trades a second over each family, so that the few options followed trade several a second.
      venueOptions: { okx_options: { optionTradesPerMinute: 6_000 } },
    });
    const pacer = restWeightPacer(asyncScheduler, VENUES.okx_options.catalog.pacer);
    const read = await firstValueFrom(
      readVenueList('listings', { exchange: 'okx_options', restUrl: sim.restUrl, pacer, timeoutMs: 10_000, scheduler: asyncScheduler }),
    );
    const btc = read.listings.filter((l) => l.base === 'BTC');
    expect(btc.length).toBeGreaterThan(100);
    expect(read.listings.some((l) => l.base === 'ETH' && l.contractValue === 0.1)).toBe(true);
    expect(btc.every((l) => l.state === 'trading' && l.quote === 'BTC' && l.contractValue === 0.01 && /^BTC-USD-\d{6}-[\d.]+-[CP]$/.test(l.symbol))).toBe(true);
    // A handful of BTC options of the nearest expiry, around the money.
    const nearest = btc.filter((l) => l.expiryTs === Math.min(...btc.map((b) => b.expiryTs ?? Infinity)));
    const followed = nearest.slice(Math.floor(nearest.length / 2) - 3, Math.floor(nearest.length / 2) + 3);
    const keys = new Map(followed.map((l) => [l.symbol, listingKey(l, VENUES.okx_options.market)]));
    expect([...keys.values()].every((key) => /^BTC-USD-\d{8}-[\d.]+-[CP]$/.test(key))).toBe(true);
    const instruments = followed.map((l) => ({
      symbol: l.symbol,
      coin: l.base,
      quote: l.quote,
      instrument: keys.get(l.symbol) ?? '',
      ...(l.contractValue === undefined ? {} : { contractValue: l.contractValue }),
    }));
    const feed = venueFeed(okxOptionProtocol, {
      exchange: 'okx_options',
      url: sim.urls.okx_options,
      symbols: { coins: ['BTC'], quote: 'BTC' },
      instruments$: of(instruments),
    });
    const summarized = (v: readonly { type: string; symbol?: string }[]) => new Set(v.flatMap((e) => (e.type === 'option_summary' ? [e.symbol] : []))).size;
    const { values, error } = await collectUntil(
      feed,
      (v) => summarized(v) === followed.length && count(v, 'trade') >= 20 && count(v, 'option_summary') >= 3 * followed.length,
      20_000,
    );
    expect(error).toBeUndefined();
    expect(values.filter((v) => v.type === 'invalid_frame')).toEqual([]);
    // Only summaries and trades leave the merge: the marks, quotes and open interests it read are in them.
    expect(new Set(values.flatMap((v) => (v.type === 'option_summary' || v.type === 'trade' || v.type === 'feed_status' ? [] : [v.type])))).toEqual(new Set());

    const summaries = values.flatMap((v) => (v.type === 'option_summary' ? [v] : []));
    for (const summary of summaries) {
      expect(summary.instrument).toBe(keys.get(summary.symbol));
      expect(summary.rho).toBeNaN();
      expect(summary.markPrice).toBeGreaterThanOrEqual(0);
      // The board's smile in percent, and Black-Scholes deltas (0..1 for a call) in USD terms.
      expect(summary.markIv).toBeGreaterThan(20);
      expect(summary.markIv).toBeLessThan(300);
      expect(Math.abs(summary.delta)).toBeLessThanOrEqual(1);
      expect(summary.underlyingIndex).toMatch(/^BTC-USD-\d{6}$/);
      expect(summary.underlyingPrice).toBeGreaterThan(1000);
      if (summary.bestAskIv !== undefined) expect(summary.bestAskPrice).toBeGreaterThan(0);
      if (summary.bestBidIv !== undefined) expect(summary.bestBidPrice).toBeGreaterThan(0);
    }
    expect(summaries.some((s) => s.openInterest !== undefined && s.bestBidPrice !== undefined && s.bestAskPrice !== undefined)).toBe(true);

    const made = new Map(sim.control.madeTrades('okx_options').map((t) => [`${t.symbol} ${t.venueTradeId}`, t]));
    const trades = values.flatMap((v) => (v.type === 'trade' ? [v] : []));
    expect(trades.length).toBeGreaterThanOrEqual(20);
    expect(new Set(trades.map((t) => t.symbol)).size).toBeLessThanOrEqual(followed.length);
    for (const trade of trades) {
      const own = made.get(`${trade.symbol} ${trade.tradeId}`);
      expect(own, `${trade.symbol} ${trade.tradeId}`).toBeDefined();
      expect([trade.price, trade.quantity, trade.isBuyerMaker]).toEqual([own?.price, own?.quantity, own?.isBuyerMaker]);
    }
  });
});
