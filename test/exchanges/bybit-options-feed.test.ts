import { asyncScheduler, firstValueFrom, of } from 'rxjs';
import { afterEach, describe, expect, it } from 'vitest';
import { readVenueList } from '../../src/catalog/read-venue-list.js';
import { bybitOptionProtocol } from '../../src/exchanges/bybit/bybit-option-protocol.js';
import { restWeightPacer } from '../../src/exchanges/rest/rest-weight-pacer.js';
import { venueFeed } from '../../src/exchanges/venue-feed.js';
import { VENUES } from '../../src/exchanges/venues.js';
import { listingKey } from '../../src/model/instrument.js';
import { startSimulator, type RunningSimulator } from '../../simulator/start-simulator.js';
import { collectUntil } from './collect-until.js';
import { count } from './feed-outputs.js';

/**
 * The Bybit options feed (`venueFeed` with `bybitOptionProtocol`) against the simulator playing Bybit's
 * option socket (`/bybit-option/v5/public/option`) and REST `category=option`, its options listed off
 * the option board it shares with `deribit_options`: the list read as the pipeline reads it, each
 * option's summary from its `tickers` under the listing's key, and the trades of its coin's
 * `publicTrade` equal to the venue's tape.
 */
let sim: RunningSimulator | undefined;

afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

describe('the Bybit options feed against the simulator', () => {
  it("reads the list, keys each option's summary as listed (rho NaN, IVs in percent), and publishes the trades the venue made", async () => {
    sim = await startSimulator({
      venues: ['deribit_options', 'bybit_options'],
      coins: ['BTC', 'ETH'],
      // A hundred trades a second over each coin's chain, so that the few options followed trade several a second.
      venueOptions: { bybit_options: { optionTradesPerMinute: 6_000 } },
    });
    const pacer = restWeightPacer(asyncScheduler, VENUES.bybit_options.catalog.pacer);
    const read = await firstValueFrom(
      readVenueList('listings', { exchange: 'bybit_options', restUrl: sim.restUrl, pacer, timeoutMs: 10_000, scheduler: asyncScheduler }),
    );
    const btc = read.listings.filter((l) => l.base === 'BTC');
    expect(btc.length).toBeGreaterThan(100);
    expect(read.listings.some((l) => l.base === 'ETH')).toBe(true);
    expect(read.listings.every((l) => l.state === 'trading' && l.quote === 'USDT' && /^(BTC|ETH)-\d{1,2}[A-Z]{3}\d{2}-[\d.]+-[CP]-USDT$/.test(l.symbol))).toBe(
      true,
    );
    // A handful of BTC options of the nearest expiry, around the money.
    const nearest = btc.filter((l) => l.symbol.split('-')[1] === btc[0]?.symbol.split('-')[1]);
    const followed = nearest.slice(Math.floor(nearest.length / 2) - 3, Math.floor(nearest.length / 2) + 3);
    const keys = new Map(followed.map((l) => [l.symbol, listingKey(l, VENUES.bybit_options.market)]));
    expect([...keys.values()].every((key) => key.startsWith('BTC-USDT-'))).toBe(true);
    // As the pipeline hands a feed its instruments: each with the key it is published under.
    const instruments = followed.map((l) => ({ symbol: l.symbol, coin: l.base, quote: l.quote, instrument: listingKey(l, VENUES.bybit_options.market) }));
    const feed = venueFeed(bybitOptionProtocol, {
      exchange: 'bybit_options',
      url: sim.urls.bybit_options,
      symbols: { coins: ['BTC'], quote: 'USDT' },
      instruments$: of(instruments),
    });
    const summarized = (v: readonly { type: string; symbol?: string }[]) => new Set(v.flatMap((e) => (e.type === 'option_summary' ? [e.symbol] : []))).size;
    const { values, error } = await collectUntil(
      feed,
      (v) => summarized(v) === followed.length && count(v, 'trade') >= 20 && count(v, 'option_summary') >= 20,
      15_000,
    );
    expect(error).toBeUndefined();
    expect(values.filter((v) => v.type === 'invalid_frame')).toEqual([]);

    const summaries = values.flatMap((v) => (v.type === 'option_summary' ? [v] : []));
    for (const summary of summaries) {
      expect([summary.symbol, summary.instrument]).toEqual([summary.symbol, keys.get(summary.symbol)]);
      expect(summary.rho).toBeNaN();
      // The board's smile, in percent (BTC's at the money about 55 %, more near expiry): a fraction would be under 3.
      expect(summary.markIv).toBeGreaterThan(20);
      expect(summary.markIv).toBeLessThan(300);
      if (summary.bestAskIv !== undefined) expect(summary.bestAskIv).toBeGreaterThan(summary.markIv);
      if (summary.bestBidIv !== undefined) expect(summary.bestBidIv).toBeLessThan(summary.markIv);
    }

    const made = new Map(sim.control.madeTrades('bybit_options').map((t) => [`${t.symbol} ${t.venueTradeId}`, t]));
    const trades = values.flatMap((v) => (v.type === 'trade' ? [v] : []));
    expect(trades.length).toBeGreaterThanOrEqual(20);
    for (const trade of trades) {
      const own = made.get(`${trade.symbol} ${trade.tradeId}`);
      expect(own, `${trade.symbol} ${trade.tradeId}`).toBeDefined();
      expect([trade.price, trade.quantity, trade.isBuyerMaker]).toEqual([own?.price, own?.quantity, own?.isBuyerMaker]);
    }
  });
});
