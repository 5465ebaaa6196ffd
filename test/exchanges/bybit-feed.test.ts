import { afterEach, describe, expect, it } from 'vitest';
import type { InvalidFrame } from '../../src/model/invalid-frame.js';
import { bybitProtocol } from '../../src/exchanges/bybit/bybit-protocol.js';
import { venueFeed } from '../../src/exchanges/venue-feed.js';
import type { VenueFeedConfig } from '../../src/exchanges/venue-feed-config.js';
import { GeoBlockedError, ConnectionClosedError } from '../../src/exchanges/feed-errors.js';
import { startSimulator, type RunningSimulator } from '../../simulator/start-simulator.js';
import { collectUntil } from './collect-until.js';
import { count } from './feed-outputs.js';

const COINS = ['BTC', 'ETH', 'SOL', 'BNB', 'XRP', 'DOGE', 'ADA', 'AVAX', 'LINK', 'DOT', 'LTC', 'TRX', 'TON', 'SUI', 'NEAR', 'APT', 'ARB', 'OP', 'PEPE', 'SHIB'];
let sim: RunningSimulator | undefined;

afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

/** The Bybit spot feed: `venueFeed` running Bybit's protocol. */
const bybitFeed = (config: VenueFeedConfig) => venueFeed(bybitProtocol, config);

describe('the Bybit spot feed (venueFeed with bybitProtocol) against the simulator', () => {
  it('subscribes 20 coins in requests of at most 10 args and streams trades, ticks, book tickers and klines', async () => {
    sim = await startSimulator({ coins: COINS, tradesPerSecond: 5, tickerIntervalMs: 100 });
    const feed = bybitFeed({ exchange: 'bybit', url: sim.urls.bybit, env: 'prod', symbols: { coins: COINS, quote: 'USDT' } });
    const { values, error } = await collectUntil(feed, (v) => count(v, 'trade') >= 100 && count(v, 'price_tick') >= 20 && count(v, 'book_ticker') >= 20);
    expect(error).toBeUndefined();
    const log = sim.control.subscribeLog('bybit');
    expect(log.length).toBeGreaterThanOrEqual(2);
    expect(log.every((r) => r.accepted && r.topics.length <= 10)).toBe(true);
    // publicTrade, tickers, orderbook.1 and kline.1 of each of the 20 symbols.
    expect(new Set(log.flatMap((r) => r.topics)).size).toBe(80);
    expect(
      values
        .filter((v) => v.type === 'feed_status')
        .map((v) => v.state)
        .slice(0, 3),
    ).toEqual(['connecting', 'connected', 'subscribed']);
    const symbols = new Set(values.flatMap((v) => (v.type === 'trade' ? [v.symbol] : [])));
    expect(symbols.size).toBeGreaterThan(10);
  });

  it('keeps snapshots that arrive before their subscribe ack', async () => {
    sim = await startSimulator({ coins: ['BTC'], tradesPerSecond: 0, tickerIntervalMs: 60_000 });
    const feed = bybitFeed({ exchange: 'bybit', url: sim.urls.bybit, env: 'prod', symbols: { coins: ['BTC'], quote: 'USDT' } });
    const { values } = await collectUntil(feed, (v) => v.some((e) => e.type === 'feed_status' && e.state === 'subscribed'));
    const firstSubscribed = values.findIndex((e) => e.type === 'feed_status' && e.state === 'subscribed');
    expect(values.slice(0, firstSubscribed).map((e) => e.type)).toEqual(expect.arrayContaining(['price_tick', 'book_ticker']));
  });

  it('sends {"op":"ping"} on its interval and swallows the pongs', async () => {
    sim = await startSimulator({ coins: ['BTC'], tradesPerSecond: 0, tickerIntervalMs: 60_000 });
    const feed = bybitFeed({ exchange: 'bybit', url: sim.urls.bybit, env: 'prod', symbols: { coins: ['BTC'], quote: 'USDT' }, heartbeatIntervalMs: 50 });
    const { values } = await collectUntil(feed, () => false, -1000);
    // Pongs are neither events nor refused frames.
    expect(values.filter((v) => v.type !== 'feed_status' && v.type !== 'price_tick' && v.type !== 'book_ticker')).toEqual([]);
    expect(sim.control.counters('bybit').pingsReceived).toBeGreaterThanOrEqual(4);
  });

  it('errors retriably when the socket is dropped, and a new subscription resubscribes on a new socket', async () => {
    sim = await startSimulator({ coins: ['BTC', 'ETH'], tradesPerSecond: 20 });
    const running = sim;
    const feed = bybitFeed({ exchange: 'bybit', url: running.urls.bybit, env: 'prod', symbols: { coins: ['BTC', 'ETH'], quote: 'USDT' } });
    const first = await collectUntil(feed, (v) => {
      if (count(v, 'trade') === 5) running.control.drop('bybit');
      return false;
    });
    expect(first.error).toBeInstanceOf(ConnectionClosedError);
    expect((first.error as ConnectionClosedError).retriable).toBe(true);
    expect((first.error as ConnectionClosedError).info.code).toBe(1006);
    expect(first.values.at(-1)).toMatchObject({ type: 'feed_status', state: 'disconnected' });
    const second = await collectUntil(feed, (v) => count(v, 'trade') >= 5);
    expect(second.error).toBeUndefined();
    const trades = second.values.flatMap((v) => (v.type === 'trade' ? [v.connectionId] : []));
    const firstIds = new Set(first.values.flatMap((v) => (v.type === 'trade' ? [v.connectionId] : [])));
    expect(trades.some((id) => firstIds.has(id))).toBe(false);
    expect(sim.control.subscribeLog('bybit').every((r) => r.accepted)).toBe(true);
  });

  it.each([403, 451])('errors with a non-retriable GeoBlockedError when the upgrade is refused with %i', async (status) => {
    sim = await startSimulator({ coins: ['BTC'] });
    sim.control.refuseUpgrade('bybit', status);
    const { values, error } = await collectUntil(
      bybitFeed({ exchange: 'bybit', url: sim.urls.bybit, env: 'prod', symbols: { coins: ['BTC'], quote: 'USDT' } }),
      () => false,
    );
    expect(error).toBeInstanceOf(GeoBlockedError);
    expect((error as GeoBlockedError).retriable).toBe(false);
    expect((error as GeoBlockedError).info.statusCode).toBe(status);
    expect(values.at(-1)).toMatchObject({ type: 'feed_status', state: 'geo_blocked' });
  });

  it('emits malformed frames in the stream as invalid_frame items, in order, and keeps streaming', async () => {
    sim = await startSimulator({ coins: ['BTC'], tradesPerSecond: 20 });
    const running = sim;
    const feed = bybitFeed({ exchange: 'bybit', url: running.urls.bybit, env: 'prod', symbols: { coins: ['BTC'], quote: 'USDT' } });
    let sent = false;
    const { values, error } = await collectUntil(feed, (v) => {
      if (!sent && count(v, 'trade') === 3) {
        sent = true;
        running.control.sendMalformed('bybit', 4);
      }
      return count(v, 'trade') >= 10;
    });
    expect(error).toBeUndefined();
    const invalid = values.filter((v): v is InvalidFrame => v.type === 'invalid_frame');
    const firstInvalid = values.findIndex((v) => v.type === 'invalid_frame');
    expect(count(values.slice(0, firstInvalid), 'trade')).toBeGreaterThanOrEqual(3);
    expect(invalid.every((f) => f.exchange === 'bybit' && f.connectionId !== '' && f.raw !== '')).toBe(true);
    expect(invalid).toHaveLength(4);
    expect(invalid.map((f) => f.error)).toEqual([
      expect.stringMatching(/JSON|Unexpected|Expected/),
      expect.stringContaining('.p'),
      expect.stringContaining('.v'),
      expect.stringContaining('lastPrice'),
    ]);
  });
});
