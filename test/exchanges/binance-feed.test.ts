import { afterEach, describe, expect, it } from 'vitest';
import { binanceProtocol } from '../../src/exchanges/binance/binance-protocol.js';
import { SocketBarriers } from '../../src/exchanges/connection/socket-barriers.js';
import { venueFeed } from '../../src/exchanges/venue-feed.js';
import type { VenueFeedConfig } from '../../src/exchanges/venue-feed-config.js';
import { GeoBlockedError } from '../../src/exchanges/feed-errors.js';
import type { VenueOutput } from '../../src/exchanges/venue-item.js';
import type { TradeEvent } from '../../src/model/trade-event.js';
import { startSimulator, type RunningSimulator } from '../../simulator/start-simulator.js';
import { collectUntil } from './collect-until.js';

let sim: RunningSimulator | undefined;

afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

const trades = (values: readonly VenueOutput[]): TradeEvent[] => values.filter((v): v is TradeEvent => v.type === 'trade');

function expectConsecutive(values: readonly VenueOutput[], symbol: string): void {
  const ids = trades(values)
    .filter((t) => t.symbol === symbol)
    .map((t) => Number(t.tradeId));
  expect(ids.length).toBeGreaterThan(10);
  const first = ids[0] ?? 0;
  expect(ids).toEqual(ids.map((_, i) => first + i));
}

/** A Binance-family feed: `venueFeed` running Binance's protocol. */
const binanceFeed = (config: VenueFeedConfig) => venueFeed(binanceProtocol, config);

describe('a Binance-family feed (venueFeed with binanceProtocol) against the simulator', () => {
  it('streams trades, mini tickers and book tickers from the combined stream', async () => {
    sim = await startSimulator({ coins: ['BTC', 'ETH'], tradesPerSecond: 20, tickerIntervalMs: 50 });
    const feed = binanceFeed({ exchange: 'binance', url: sim.urls.binance, env: 'prod', symbols: { coins: ['BTC', 'ETH'], quote: 'USDT' } });
    const { values, error } = await collectUntil(feed, (v) => ['trade', 'price_tick', 'book_ticker'].every((t) => v.filter((e) => e.type === t).length >= 5));
    expect(error).toBeUndefined();
    expect(values.find((v) => v.type === 'book_ticker')).toMatchObject({ exchange: 'binance', exchangeTsEstimated: true, isFallback: false });
  });

  it('rotates connections make-before-break, losing and duplicating no trade', async () => {
    sim = await startSimulator({ coins: ['BTC', 'ETH'], tradesPerSecond: 40, tickMs: 5 });
    const feed = binanceFeed({
      exchange: 'binance',
      url: sim.urls.binance,
      env: 'prod',
      symbols: { coins: ['BTC', 'ETH'], quote: 'USDT' },
      connectionLifetimeMs: 250,
      overlapMs: 80,
    });
    // About twelve lifetimes in the window: at least four connections even while a busy machine holds the sockets back.
    const { values, error } = await collectUntil(feed, () => false, -3000);
    expect(error).toBeUndefined();
    expect(new Set(trades(values).map((t) => t.connectionId)).size).toBeGreaterThanOrEqual(3);
    expectConsecutive(values, 'BTCUSDT');
    expectConsecutive(values, 'ETHUSDT');
    expect(sim.control.counters('binance').connectionsAccepted).toBeGreaterThanOrEqual(4);
  });

  it('opens a new connection on serverShutdown without losing trades', async () => {
    sim = await startSimulator({ coins: ['BTC'], tradesPerSecond: 50, tickMs: 5 });
    const running = sim;
    const feed = binanceFeed({ exchange: 'binance', url: running.urls.binance, env: 'prod', symbols: { coins: ['BTC'], quote: 'USDT' }, overlapMs: 50 });
    const { values } = await collectUntil(feed, (v) => {
      if (trades(v).length === 10 && running.control.counters('binance').connectionsAccepted === 1) running.control.announceShutdown('binance');
      return trades(v).length >= 60;
    });
    expect(new Set(trades(values).map((t) => t.connectionId)).size).toBe(2);
    expectConsecutive(values, 'BTCUSDT');
  });

  it('answers server pings with pongs', async () => {
    sim = await startSimulator({ coins: ['BTC'], venueOptions: { binance: { pingIntervalMs: 50 } } });
    const feed = binanceFeed({ exchange: 'binance_us', url: sim.urls.binance, env: 'prod', symbols: { coins: ['BTC'], quote: 'USDT' } });
    await collectUntil(feed, () => false, -1000);
    expect(sim.control.counters('binance').pongsReceived).toBeGreaterThanOrEqual(4);
  });

  it("answers a socket's barrier (a WebSocket ping, paced among its messages a second) only once every trade the venue made before it was asked has come", async () => {
    sim = await startSimulator({ coins: ['BTC', 'ETH'], tradesPerSecond: 100, tickMs: 5 });
    const running = sim;
    const barriers = new SocketBarriers();
    const feed = binanceFeed({ exchange: 'binance', url: running.urls.binance, env: 'prod', symbols: { coins: ['BTC', 'ETH'], quote: 'USDT' }, barriers });
    const received = new Set<string>();
    // The first id received of each symbol: the trades made before the socket subscribed it are not its to deliver.
    const first = new Map<string, number>();
    let socket: string | undefined;
    const subscription = feed.subscribe((value) => {
      if (value.type !== 'trade') return;
      received.add(`${value.symbol} ${value.tradeId}`);
      if (!first.has(value.symbol)) first.set(value.symbol, Number(value.tradeId));
      socket ??= value.connectionId;
    });
    try {
      const missed: number[] = [];
      for (let round = 0; round < 5; round++) {
        await new Promise((resolve) => setTimeout(resolve, 150));
        const askedAt = Date.now();
        const barrier = socket === undefined ? undefined : barriers.ask(socket);
        if (barrier === undefined) throw new Error('no barrier on the socket');
        await barrier.then(() => {
          // Taken as the barrier is answered: every trade made before it was asked is here.
          const made = running.control.madeTrades('binance').filter((trade) => trade.ts < askedAt && trade.tradeId >= (first.get(trade.symbol) ?? Infinity));
          expect(made.length).toBeGreaterThan(round * 20);
          missed.push(made.filter((trade) => !received.has(`${trade.symbol} ${trade.venueTradeId}`)).length);
        });
      }
      expect(missed).toEqual([0, 0, 0, 0, 0]);
      expect(running.control.counters('binance').refusals.messageRate).toBe(0);
    } finally {
      subscription.unsubscribe();
    }
    // Closed: no barrier to ask.
    expect(socket === undefined ? 'none' : barriers.ask(socket)).toBeUndefined();
  });

  it('tags binance_testnet records with env testnet', async () => {
    sim = await startSimulator({ coins: ['BTC'], tradesPerSecond: 20 });
    const feed = binanceFeed({ exchange: 'binance_testnet', url: sim.urls.binance, env: 'testnet', symbols: { coins: ['BTC'], quote: 'USDT' } });
    const { values } = await collectUntil(feed, (v) => trades(v).length >= 1);
    expect(trades(values)[0]).toMatchObject({ exchange: 'binance_testnet', env: 'testnet', coin: 'BTC', quote: 'USDT' });
  });

  it('errors with a non-retriable GeoBlockedError on an HTTP 451 upgrade', async () => {
    sim = await startSimulator({ coins: ['BTC'] });
    sim.control.refuseUpgrade('binance', 451);
    const { error } = await collectUntil(
      binanceFeed({ exchange: 'binance', url: sim.urls.binance, env: 'prod', symbols: { coins: ['BTC'], quote: 'USDT' } }),
      () => false,
    );
    expect(error).toBeInstanceOf(GeoBlockedError);
    expect((error as GeoBlockedError).retriable).toBe(false);
  });

  it('stalls only the venue told to stall', async () => {
    sim = await startSimulator({ coins: ['BTC'], tradesPerSecond: 50 });
    sim.control.stall('bybit');
    const feed = binanceFeed({ exchange: 'binance', url: sim.urls.binance, env: 'prod', symbols: { coins: ['BTC'], quote: 'USDT' } });
    const { error } = await collectUntil(feed, (v) => trades(v).length >= 10);
    expect(error).toBeUndefined();
  });
});
