import { afterEach, describe, expect, it } from 'vitest';
import { krakenProtocolWith } from '../../src/exchanges/kraken/kraken-protocol.js';
import { venueFeed } from '../../src/exchanges/venue-feed.js';
import { startSimulator, type RunningSimulator } from '../../simulator/start-simulator.js';
import { collectUntil } from './collect-until.js';
import { count } from './feed-outputs.js';

let sim: RunningSimulator | undefined;

afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

describe('the Kraken feed (venueFeed with the Kraken v2 protocol) against the simulated venue', () => {
  it('subscribes by channel, settles each symbol on its own ack, and maps the trades the venue made', async () => {
    sim = await startSimulator({ venues: ['kraken'], coins: ['BTC', 'ETH', 'SOL'], quote: 'USD', tradesPerSecond: 20, tickerIntervalMs: 100 });
    const feed = venueFeed(krakenProtocolWith(), { exchange: 'kraken', url: sim.urls.kraken, symbols: { coins: ['BTC', 'ETH', 'SOL'], quote: 'USD' } });
    const { values, error } = await collectUntil(feed, (v) => count(v, 'trade') >= 60 && count(v, 'book_ticker') >= 6);
    expect(error).toBeUndefined();
    expect(values.filter((v) => v.type === 'invalid_frame')).toEqual([]);
    expect(values.filter((v) => v.type === 'feed_status').map((v) => v.state)).toEqual(['connecting', 'connected', 'subscribed']);
    const log = sim.control.subscribeLog('kraken');
    expect(log.every((r) => r.accepted)).toBe(true);
    expect(new Set(log.flatMap((r) => r.topics))).toEqual(
      new Set(['trade:BTC/USD', 'trade:ETH/USD', 'trade:SOL/USD', 'ticker:BTC/USD', 'ticker:ETH/USD', 'ticker:SOL/USD']),
    );
    const made = new Map(sim.control.madeTrades('kraken').map((t) => [`${t.symbol} ${t.tradeId}`, t]));
    const trades = values.flatMap((v) => (v.type === 'trade' ? [v] : []));
    for (const trade of trades) {
      const venueTrade = made.get(`${trade.symbol} ${trade.tradeId}`);
      expect(venueTrade, `${trade.symbol} ${trade.tradeId}`).toBeDefined();
      expect([trade.price, trade.isBuyerMaker]).toEqual([venueTrade?.price, venueTrade?.isBuyerMaker]);
    }
    // Consecutive ids per pair: no hole over the run.
    for (const symbol of ['BTC/USD', 'ETH/USD', 'SOL/USD']) {
      const ids = trades.filter((t) => t.symbol === symbol).map((t) => Number(t.tradeId));
      expect(
        ids.every((id, i) => i === 0 || id === (ids[i - 1] ?? 0) + 1),
        symbol,
      ).toBe(true);
    }
  });

  it("resyncs only the book whose checksum failed, from a fresh snapshot, while the other pair's book goes on", async () => {
    sim = await startSimulator({ venues: ['kraken'], coins: ['BTC', 'ETH'], quote: 'USD', tradesPerSecond: 30 });
    const running = sim;
    const feed = venueFeed(krakenProtocolWith(), {
      exchange: 'kraken',
      url: running.urls.kraken,
      symbols: { coins: ['BTC', 'ETH'], quote: 'USD' },
      books: true,
    });
    let armed = -1;
    const { values, error } = await collectUntil(
      feed,
      (v) => {
        if (armed < 0 && count(v, 'order_book') >= 10) {
          armed = v.length;
          running.control.bookFault('kraken', 'checksum', 'BTC/USD');
        }
        // Done once the book has resynced and come back: three of its views after the resync (views already on
        // their way when the fault was armed come first, more of them on a busy machine).
        const after = armed < 0 ? [] : v.slice(armed);
        const resynced = after.findIndex((e) => e.type === 'feed_status' && e.state === 'book_resync');
        return resynced >= 0 && after.slice(resynced).filter((e) => e.type === 'order_book' && e.symbol === 'BTC/USD').length >= 3;
      },
      20_000,
    );
    expect(error).toBeUndefined();
    const resyncs = values.filter((v) => v.type === 'feed_status' && v.state === 'book_resync');
    expect(resyncs).toHaveLength(1);
    expect(resyncs[0]).toMatchObject({ symbol: 'BTC/USD', reason: expect.stringMatching(/^checksum: expected \d+, computed \d+$/) as unknown });
    // The book came back after a new subscription of its book topic (an unsubscribe, then a subscribe and its snapshot).
    expect(sim.control.subscribeLog('kraken').filter((r) => r.topics.some((t) => t.startsWith('book')) && r.accepted).length).toBeGreaterThanOrEqual(2);
    expect(values.slice(armed).some((v) => v.type === 'order_book' && v.symbol === 'ETH/USD')).toBe(true);
  });
});
