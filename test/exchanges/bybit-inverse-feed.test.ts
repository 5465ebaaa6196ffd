import { asyncScheduler, firstValueFrom, of } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readVenueList } from '../../src/catalog/read-venue-list.js';
import { bybitInverseProtocolWith } from '../../src/exchanges/bybit/bybit-inverse-protocol.js';
import { fetchBybitRecentTrades } from '../../src/exchanges/bybit/bybit-recent-trades.js';
import { restWeightPacer } from '../../src/exchanges/rest/rest-weight-pacer.js';
import { venueFeed } from '../../src/exchanges/venue-feed.js';
import { VENUES } from '../../src/exchanges/venues.js';
import { listingKey } from '../../src/model/instrument.js';
import { startSimulator, type RunningSimulator } from '../../simulator/start-simulator.js';
import { collectUntil } from './collect-until.js';
import { count } from './feed-outputs.js';

/**
 * The Bybit inverse feed (`venueFeed` with its protocol) against the simulator playing Bybit v5 inverse
 * (`/v5/public/inverse`, `category=inverse`), which writes every size in whole 1-USD contracts: the feed
 * publishes the coin, so each trade's quantity is the simulated market's own.
 */
let sim: RunningSimulator;
beforeAll(async () => {
  sim = await startSimulator({ venues: ['bybit_inverse'], coins: ['BTC', 'ETH'], tradesPerSecond: 10, tickerIntervalMs: 100 });
});
afterAll(async () => {
  await sim.close();
});

const pacer = () => restWeightPacer(asyncScheduler, VENUES.bybit_inverse.catalog.pacer);

describe('the Bybit inverse feed against the simulator', () => {
  it('reads the inverse list: BTCUSD and ETHUSD at USD, keyed as inverse perpetuals', async () => {
    const read = await firstValueFrom(
      readVenueList('listings', { exchange: 'bybit_inverse', restUrl: sim.restUrl, pacer: pacer(), timeoutMs: 10_000, scheduler: asyncScheduler }),
    );
    expect(read.listings.map((l) => [l.symbol, l.base, l.quote, l.state, listingKey(l, VENUES.bybit_inverse.market)])).toEqual([
      ['BTCUSD', 'BTC', 'USD', 'trading', 'BTC-USD-INV-PERP'],
      ['ETHUSD', 'ETH', 'USD', 'trading', 'ETH-USD-INV-PERP'],
    ]);
  });

  it('publishes trades in the coin (the USD size over the price), tickers with open interest in the coin, best bid/ask and books', async () => {
    const instruments = [
      { symbol: 'BTCUSD', coin: 'BTC', quote: 'USD' },
      { symbol: 'ETHUSD', coin: 'ETH', quote: 'USD' },
    ];
    const feed = venueFeed(bybitInverseProtocolWith(), {
      exchange: 'bybit_inverse',
      url: sim.urls.bybit_inverse,
      symbols: { coins: ['BTC', 'ETH'], quote: 'USD' },
      instruments$: of(instruments),
      books: true,
    });
    const { values, error } = await collectUntil(
      feed,
      (v) => count(v, 'trade') >= 20 && count(v, 'derivative_ticker') >= 4 && count(v, 'book_ticker') >= 2 && count(v, 'order_book') >= 2,
      15_000,
    );
    expect(error).toBeUndefined();
    const made = new Map(sim.control.madeTrades('bybit_inverse').map((t) => [`${t.symbol} ${t.venueTradeId}`, t]));
    const trades = values.flatMap((v) => (v.type === 'trade' ? [v] : []));
    for (const trade of trades) {
      const own = made.get(`${trade.symbol} ${trade.tradeId}`);
      expect(own, trade.tradeId).toBeDefined();
      expect(trade.price).toBe(own?.price);
      // Whole contracts: the USD size is an integer, and the coin quantity the market's to float precision.
      expect(trade.quantity).toBeCloseTo(own?.quantity ?? Number.NaN, 12);
      expect(Number.isInteger(Math.round(trade.quantity * trade.price * 1e6) / 1e6)).toBe(true);
    }
    const tickers = values.flatMap((v) => (v.type === 'derivative_ticker' ? [v] : []));
    const ticker = tickers.find((t) => t.openInterest !== undefined && t.openInterestValue !== undefined && t.markPrice !== undefined);
    expect(ticker?.quote).toBe('USD');
    // The coin figure (openInterestValue on the wire) times the mark is the USD one (openInterest on the wire), within the coin's 4 decimals.
    expect(Math.abs((ticker?.openInterest ?? 0) * (ticker?.markPrice ?? 0) - (ticker?.openInterestValue ?? Number.NaN))).toBeLessThan(
      (ticker?.markPrice ?? 0) * 1e-4,
    );
    const book = values.find((v) => v.type === 'book_ticker');
    expect(book?.type === 'book_ticker' && book.bidSize * book.bid).toBeGreaterThanOrEqual(0.5);
  });

  it('repairs from recent-trade?category=inverse: the same trades, the same coin quantities', async () => {
    await new Promise((resolve) => setTimeout(resolve, 300));
    const recent = await firstValueFrom(
      fetchBybitRecentTrades({ symbol: 'BTCUSD', restUrl: sim.restUrl, pacer: pacer(), timeoutMs: 10_000, scheduler: asyncScheduler, category: 'inverse' }),
    );
    expect(recent.length).toBeGreaterThan(0);
    const made = new Map(sim.control.madeTrades('bybit_inverse', 'BTCUSD').map((t) => [t.venueTradeId, t]));
    for (const trade of recent) expect(Number(trade.qty)).toBeCloseTo(made.get(trade.id)?.quantity ?? Number.NaN, 12);
  });
});
