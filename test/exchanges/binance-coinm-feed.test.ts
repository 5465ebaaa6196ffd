import { asyncScheduler, of } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DerivativeTicker, TradeEvent } from '../../src/model/index.js';
import type { OrderBookView } from '../../src/model/order-book-view.js';
import { protocolFor } from '../../src/exchanges/protocol-registry.js';
import { restWeightPacer } from '../../src/exchanges/rest/rest-weight-pacer.js';
import { venueFeed } from '../../src/exchanges/venue-feed.js';
import type { VenueOutput } from '../../src/exchanges/venue-item.js';
import { VENUES } from '../../src/exchanges/venues.js';
import { startSimulator, type RunningSimulator } from '../../simulator/index.js';
import { collectUntil } from './collect-until.js';

/**
 * Binance COIN-M against the simulator: the pipeline's own feed of the venue (its list, its socket on
 * `/coinm/stream`, its open-interest poll and depth snapshots on `/dapi/v1/...`) over the simulated
 * perpetuals and quarterly, every size the market made told back in the coin.
 */
let sim: RunningSimulator;
beforeAll(async () => {
  sim = await startSimulator({ venues: ['binance_coinm'], coins: ['BTC', 'ETH'], quote: 'USDT', tradesPerSecond: 20 });
});
afterAll(async () => {
  await sim.close();
});

const venue = VENUES.binance_coinm;

async function followed() {
  const json: unknown = await (await fetch(`${sim.restUrl}${venue.catalog.listings.path}`)).json();
  return venue.catalog.listings
    .read(json, 'binance_coinm')
    .listings.filter((l) => l.state === 'trading')
    .map(({ symbol, base, quote, contractValue, key }) => ({
      symbol,
      coin: base,
      quote,
      ...(contractValue === undefined ? {} : { contractValue }),
      ...(key === undefined ? {} : { instrument: key }),
    }));
}

describe('the Binance COIN-M feed against the simulator', () => {
  it('publishes the perpetuals and the quarterly: trades in the coin as the market made them, marks with funding and open interest, books in the coin', async () => {
    const instruments = await followed();
    expect(instruments.map((i) => [i.symbol, i.contractValue])).toEqual([
      ['BTCUSD_PERP', 100],
      ['ETHUSD_PERP', 10],
      [expect.stringMatching(/^BTCUSD_\d{6}$/), 100],
    ]);
    const pacer = restWeightPacer(asyncScheduler, venue.catalog.pacer);
    const protocol = protocolFor('binance_coinm', { options: { 'binanceCoinm.openInterestMs': 1000 }, restPacer: pacer });
    const feed = venueFeed(protocol, {
      exchange: 'binance_coinm',
      url: sim.urls.binance_coinm,
      restUrl: sim.restUrl,
      books: true,
      symbols: { coins: ['BTC', 'ETH'], quote: 'USD' },
      instruments$: of(instruments),
      polls: { restUrl: sim.restUrl, pacer, dialect: venue.catalog.dialect, timeoutMs: 5000 },
    });
    const seen = (events: readonly VenueOutput[]) => ({
      trades: events.filter((e): e is TradeEvent => e.type === 'trade'),
      interest: events.filter((e): e is DerivativeTicker => e.type === 'derivative_ticker' && e.openInterest !== undefined),
      books: events.filter((e): e is OrderBookView => e.type === 'order_book'),
    });
    const { values, error } = await collectUntil(
      feed,
      (events) => {
        const { trades, interest, books } = seen(events);
        const symbols = new Set(trades.map((t) => t.symbol));
        return symbols.size === 3 && interest.length > 0 && books.length > 0;
      },
      20_000,
    );
    expect(error).toBeUndefined();
    const { trades, interest, books } = seen(values);

    // Each trade is one the market made, its quantity the market's in the coin (q contracts x size / price).
    const made = new Map(sim.control.madeTrades('binance_coinm').map((t) => [`${t.symbol} ${t.venueTradeId}`, t]));
    for (const trade of trades) {
      const original = made.get(`${trade.symbol} ${trade.tradeId}`);
      expect(original, `${trade.symbol} ${trade.tradeId}`).toBeDefined();
      expect(trade.quantity).toBeCloseTo(original?.quantity ?? NaN, 9);
      expect(trade.price).toBe(original?.price);
    }
    const quarterly = trades.find((t) => t.symbol !== 'BTCUSD_PERP' && t.symbol !== 'ETHUSD_PERP');
    expect(quarterly?.instrument).toMatch(/^BTC-USD-INV-\d{8}$/);

    // Open interest in the coin over the mark known when the poll answered, its USD as sent.
    const [ticker] = interest;
    expect(ticker?.openInterestSource).toBe('poll');
    expect((ticker?.openInterestValue ?? 0) % 10).toBe(0);
    expect(ticker?.openInterest).toBeGreaterThan(0);

    // A book's levels in the coin: each a whole number of contracts of its size at its price.
    const book = books.find((b) => b.symbol === 'BTCUSD_PERP') ?? books[0];
    const size = book?.symbol.startsWith('BTC') ? 100 : 10;
    for (const level of [...(book?.bids ?? []), ...(book?.asks ?? [])]) {
      const contracts = (level.size * level.price) / size;
      expect(Math.abs(contracts - Math.round(contracts))).toBeLessThan(1e-6);
    }
  });
});
