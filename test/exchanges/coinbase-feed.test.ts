import { afterEach, describe, expect, it } from 'vitest';
import { coinbaseProtocolWith } from '../../src/exchanges/coinbase/coinbase-protocol.js';
import { MessageLostError } from '../../src/exchanges/feed-errors.js';
import { venueFeed } from '../../src/exchanges/venue-feed.js';
import { startSimulator, type RunningSimulator } from '../../simulator/start-simulator.js';
import { collectUntil } from './collect-until.js';
import { count } from './feed-outputs.js';

let sim: RunningSimulator | undefined;

afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

describe('the Coinbase feed (venueFeed with the Coinbase protocol) against the simulated venue', () => {
  it('subscribes one channel per request after heartbeats, and maps the trades the venue made with their taker side', async () => {
    sim = await startSimulator({ venues: ['coinbase'], coins: ['BTC', 'ETH'], quote: 'USD', tradesPerSecond: 20, tickerIntervalMs: 100 });
    const feed = venueFeed(coinbaseProtocolWith(), { exchange: 'coinbase', url: sim.urls.coinbase, symbols: { coins: ['BTC', 'ETH'], quote: 'USD' } });
    const { values, error } = await collectUntil(feed, (v) => count(v, 'trade') >= 60 && count(v, 'price_tick') >= 4 && count(v, 'book_ticker') >= 4);
    expect(error).toBeUndefined();
    expect(values.filter((v) => v.type === 'feed_status').map((v) => v.state)).toContain('subscribed');
    expect(values.filter((v) => v.type === 'invalid_frame')).toEqual([]);
    // Each request names one channel: heartbeats first, then trades and tickers, both products in each.
    const log = sim.control.subscribeLog('coinbase');
    expect(log.every((r) => r.accepted)).toBe(true);
    expect(log[0]?.topics).toEqual(['heartbeats']);
    expect(new Set(log.flatMap((r) => r.topics))).toEqual(
      new Set(['heartbeats', 'market_trades:BTC-USD', 'market_trades:ETH-USD', 'ticker:BTC-USD', 'ticker:ETH-USD']),
    );
    expect(log.every((r) => new Set(r.topics.map((t) => t.split(':')[0])).size === 1)).toBe(true);
    // Every trade published is one the venue made, at its price and with the taker's side (Coinbase writes the maker's).
    const made = new Map(sim.control.madeTrades('coinbase').map((t) => [`${t.symbol} ${t.tradeId}`, t]));
    const trades = values.flatMap((v) => (v.type === 'trade' ? [v] : []));
    for (const trade of trades) {
      const venueTrade = made.get(`${trade.symbol} ${trade.tradeId}`);
      expect(venueTrade, `${trade.symbol} ${trade.tradeId}`).toBeDefined();
      expect([trade.price, trade.isBuyerMaker, trade.side]).toEqual([venueTrade?.price, venueTrade?.isBuyerMaker, venueTrade?.isBuyerMaker ? 'SELL' : 'BUY']);
    }
    expect(new Set(trades.map((t) => `${t.coin}/${t.quote}`))).toEqual(new Set(['BTC/USD', 'ETH/USD']));
    expect(new Set(trades.map((t) => t.side))).toEqual(new Set(['BUY', 'SELL']));
  });

  it('keeps a book from a whole-book snapshot over 1 MiB, and gives the socket up when a message is lost', async () => {
    // 12,000 levels a side asked for: a snapshot of about 1.5 MB (Coinbase's ETH-USD book is 2.5 MB).
    sim = await startSimulator({ venues: ['coinbase'], coins: ['ETH'], quote: 'USD', tradesPerSecond: 20, bookDepth: 12_000 });
    const running = sim;
    const feed = venueFeed(coinbaseProtocolWith(), {
      exchange: 'coinbase',
      url: running.urls.coinbase,
      symbols: { coins: ['ETH'], quote: 'USD' },
      books: true,
    });
    let armed = false;
    const { values, error } = await collectUntil(
      feed,
      (v) => {
        if (!armed && count(v, 'order_book') >= 5) {
          armed = true;
          running.control.bookFault('coinbase', 'drop', 'ETH-USD');
        }
        return false;
      },
      20_000,
    );
    const views = values.flatMap((v) => (v.type === 'order_book' ? [v] : []));
    expect(views.length).toBeGreaterThanOrEqual(5);
    const first = views[0];
    expect(first?.bids[0]?.price ?? 0).toBeLessThan(first?.asks[0]?.price ?? 0);
    expect(first?.bids.length).toBe(50);
    expect(error).toBeInstanceOf(MessageLostError);
    expect((error as MessageLostError).retriable).toBe(true);
    expect(values.at(-1)).toMatchObject({ type: 'feed_status', state: 'disconnected', reason: expect.stringContaining('lost a message') as unknown });
  });
});
