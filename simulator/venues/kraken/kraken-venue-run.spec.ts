import { describe, expect, it } from 'vitest';
import { krakenTestVenue, parseDecimals } from './__fixtures__/kraken-test-venue.js';
import { MarketTicker, type TickAudience } from '../../market-ticker.js';
import { SentTradeLog } from '../../sent-trade-log.js';
import { SimCandles } from '../../sim-candles.js';
import type { SimConnection } from '../../sim-connection.js';
import { TopicAudience } from '../../topic-audience.js';
import { checksumOfLevels } from './kraken-checksum.js';

type Level = { price: string; qty: string };
type Frame = { channel?: string; type?: string; method?: string; data?: Record<string, unknown>[] };

/** The shared tick loop (`MarketTicker`) driving Kraken's protocol and book over one connection, as the simulator runs a venue. */
function running() {
  const venue = krakenTestVenue();
  const audience = new TopicAudience(
    (topic) => venue.protocol.symbolOf(topic),
    () => false,
  );
  const client = venue.connect();
  client.connection.subscriptions.listen({
    added: (topic) => audience.added(client.connection, topic),
    removed: (topic) => audience.removed(client.connection, topic),
  });
  const connections: TickAudience = Object.assign(audience, { [Symbol.iterator]: () => [client.connection][Symbol.iterator]() as Iterator<SimConnection> });
  const ticker = new MarketTicker({
    protocol: venue.protocol,
    market: venue.market,
    books: venue.book,
    candles: new SimCandles(),
    sentTrades: new SentTradeLog(10_000),
    counters: venue.counters,
    rateOverride: () => undefined,
    tradesPerSecond: 120,
    tickerIntervalMs: 200,
  });
  const run = (ms: number): void => {
    for (let t = 0; t < ms; t += 20) {
      venue.clock.now += 20;
      ticker.tick(20, venue.clock.now, connections);
    }
  };
  return { ...venue, client, run };
}

describe('Kraken venue under the simulator\u2019s tick loop', () => {
  it('streams gap-free batched trades, ticker updates after trades, and book updates whose checksums all verify', () => {
    const { client, run, counters } = running();
    client.send({ method: 'subscribe', params: { channel: 'trade', symbol: ['BTC/USD'] }, req_id: 1 });
    client.send({ method: 'subscribe', params: { channel: 'ticker', symbol: ['BTC/USD'], snapshot: false }, req_id: 2 });
    client.send({ method: 'subscribe', params: { channel: 'book', symbol: ['BTC/USD'], depth: 25 }, req_id: 3 });
    run(10_000);
    const frames = client.socket.sent.map((text) => ({ text, frame: parseDecimals(text) as Frame })).filter((f) => f.frame.channel !== undefined);
    const trades = frames.filter((f) => f.frame.channel === 'trade').flatMap((f) => f.frame.data ?? []);
    expect(trades.length).toBeGreaterThan(300);
    const ids = trades.map((t) => t['trade_id'] as number);
    expect(ids).toEqual(ids.map((_, n) => (ids[0] ?? 0) + n));
    expect(counters.tradesSent).toBe(trades.length);
    expect(frames.filter((f) => f.frame.channel === 'trade').some((f) => (f.frame.data ?? []).length > 1)).toBe(true);
    const tickers = frames.filter((f) => f.frame.channel === 'ticker');
    expect(tickers.length).toBeGreaterThan(20);
    expect(tickers.every((f) => f.frame.type === 'update')).toBe(true);

    const book = { bids: new Map<string, string>(), asks: new Map<string, string>() };
    const sorted = (side: 'bids' | 'asks') =>
      [...book[side]].sort(([x], [y]) => (side === 'bids' ? Number(y) - Number(x) : Number(x) - Number(y))).map(([p, q]) => [p, q] as [string, string]);
    let verified = 0;
    for (const { frame } of frames.filter((f) => f.frame.channel === 'book')) {
      const data = frame.data?.[0] as { bids: Level[]; asks: Level[]; checksum: number };
      for (const side of ['bids', 'asks'] as const) {
        for (const l of data[side]) {
          if (Number(l.qty) === 0) book[side].delete(l.price);
          else book[side].set(l.price, l.qty);
        }
        book[side] = new Map(sorted(side).slice(0, 25));
      }
      expect(checksumOfLevels(sorted('asks'), sorted('bids'))).toBe(data.checksum);
      verified += 1;
    }
    expect(verified).toBeGreaterThan(100);
    expect(frames.filter((f) => f.frame.channel === 'book').map((f) => f.frame.type)).toEqual(['snapshot', ...Array<string>(verified - 1).fill('update')]);
  });

  it('stops a symbol\u2019s frames after unsubscribe', () => {
    const { client, run } = running();
    client.send({ method: 'subscribe', params: { channel: 'trade', symbol: ['BTC/USD', 'DOGE/USDT'] } });
    run(1000);
    client.send({ method: 'unsubscribe', params: { channel: 'trade', symbol: ['BTC/USD'] } });
    const start = client.socket.sent.length;
    run(3000);
    const symbols = new Set(client.socket.sent.slice(start).flatMap((text) => ((JSON.parse(text) as Frame).data ?? []).map((t) => t['symbol'])));
    expect([...symbols]).toEqual(['DOGE/USDT']);
  });
});
