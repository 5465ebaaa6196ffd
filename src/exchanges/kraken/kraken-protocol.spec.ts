import pino from 'pino';
import { asyncScheduler, from, lastValueFrom, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import type { BookUpdate } from '../book-update.js';
import { frameLines } from './__fixtures__/recorded-frames.js';
import { parseKrakenFrame, type KrakenFrame } from './kraken-frames.js';
import { KRAKEN_PING_INTERVAL_MS, KRAKEN_WS_URL, krakenControl, krakenProtocol, krakenProtocolWith } from './kraken-protocol.js';

function parsed(line: string | undefined): KrakenFrame {
  const result = parseKrakenFrame(line ?? '');
  if (!result.ok) throw new Error(result.error);
  return result.frame;
}

describe('krakenControl', () => {
  it('settles one topic per recorded ack, under the echoed req_id', () => {
    const acks = frameLines('kraken-subscribe-ack.ndjson').slice(0, 4).map(parsed).map(krakenControl);
    expect(acks).toEqual([
      { kind: 'subscribe_ack', success: true, message: '', requestId: '1', topics: ['ticker:BTC/USD'] },
      { kind: 'subscribe_ack', success: true, message: '', requestId: '1', topics: ['ohlc:BTC/USD'] },
      { kind: 'subscribe_ack', success: true, message: '', requestId: '1', topics: ['book:BTC/USD'] },
      { kind: 'subscribe_ack', success: true, message: '', requestId: '1', topics: ['book:DOGE/USDT'] },
    ]);
  });

  it("refuses a symbol's topics with the venue's error (a refusal names no channel: every channel's topic of the symbol)", () => {
    expect(krakenControl(parsed(frameLines('kraken-subscribe-ack.ndjson')[4]))).toEqual({
      kind: 'subscribe_ack',
      success: false,
      message: 'Currency pair not supported XBT/EUR',
      topics: ['trade:XBT/EUR', 'ticker:XBT/EUR', 'book:XBT/EUR'],
    });
    expect(krakenControl(parsed('{"method":"subscribe","req_id":5,"success":false,"error":"Invalid params"}'))).toEqual({
      kind: 'subscribe_ack',
      success: false,
      message: 'Invalid params',
      requestId: '5',
    });
  });

  it('reads pongs, heartbeats and status messages (whatever the system state) as keep-alives', () => {
    const frames = [
      ...frameLines('kraken-pong.ndjson'),
      ...frameLines('kraken-heartbeat.ndjson'),
      ...frameLines('kraken-status.ndjson'),
      '{"channel":"status","type":"update","data":[{"system":"maintenance","version":"2.0.10"}]}',
    ];
    expect(frames.map(parsed).map(krakenControl)).toEqual(Array(frames.length).fill({ kind: 'pong' }));
  });

  it('replaces the socket on "Exceeded msg rate", and reports other errors as the venue refusing', () => {
    expect(krakenControl(parsed('{"Error":"Exceeded msg rate"}'))).toEqual({ kind: 'rotate', reason: 'kraken: Exceeded msg rate' });
    expect(krakenControl(parsed('{"method":"subscribe","success":false,"error":"Exceeded msg rate","req_id":3}'))).toEqual({
      kind: 'rotate',
      reason: 'kraken: Exceeded msg rate',
    });
    expect(krakenControl(parsed('{"error":"Internal error"}'))).toEqual({ kind: 'venue_error', message: 'Internal error' });
  });

  it('leaves unsubscribe replies and data to others', () => {
    expect(krakenControl(parsed('{"method":"unsubscribe","req_id":4,"result":{"channel":"book","symbol":"BTC/USD"},"success":true}'))).toBeUndefined();
    expect(
      [...frameLines('kraken-trade.ndjson'), ...frameLines('kraken-ticker.ndjson'), ...frameLines('kraken-book.ndjson')].map(parsed).map(krakenControl),
    ).toEqual(Array(18).fill(undefined));
  });
});

describe('krakenProtocol', () => {
  it('serves kraken at wss://ws.kraken.com/v2, prod, with trades and the ticker read twice', () => {
    expect(KRAKEN_WS_URL).toBe('wss://ws.kraken.com/v2');
    expect(krakenProtocol).toMatchObject({ id: 'kraken-v2', exchanges: ['kraken'] });
    expect(krakenProtocol.env('kraken')).toBe('prod');
    expect(krakenProtocol.streams.map((s) => `${s.channel}:${s.record}`)).toEqual(['trade:trade', 'ticker:price_tick', 'ticker:book_ticker']);
  });

  it('names symbols BASE/QUOTE, topics <channel>:<SYMBOL>, and groups requests by channel', () => {
    expect(krakenProtocol.symbolOf?.('BTC', 'USD')).toBe('BTC/USD');
    expect(krakenProtocol.topic('BTC/USD', { channel: 'ticker', record: 'price_tick' })).toBe('ticker:BTC/USD');
    expect(krakenProtocol.connection.subscribe?.groupOf?.('book:BTC/USD')).toBe('book');
    expect(krakenProtocol.connection.url('wss://ws.kraken.com/v2', ['trade:BTC/USD'])).toBe('wss://ws.kraken.com/v2');
  });

  it('pings every 30 s with an integer req_id, and subscribes books at the configured depth', () => {
    const protocol = krakenProtocolWith({ bookDepth: 100 });
    expect(protocol.connection.heartbeat).toMatchObject({ intervalMs: KRAKEN_PING_INTERVAL_MS });
    expect(KRAKEN_PING_INTERVAL_MS).toBe(30_000);
    expect(protocol.connection.heartbeat?.message('kraken-1', 2)).toBe('{"method":"ping","req_id":2}');
    expect(protocol.connection.subscribe?.subscribeRequest(['book:BTC/USD'], protocol.connection.subscribe.requestId('kraken-1', 4)).text).toBe(
      '{"method":"subscribe","params":{"channel":"book","symbol":["BTC/USD"],"depth":100,"snapshot":true},"req_id":4}',
    );
    expect(protocol.book?.channel).toBe('book');
  });

  it('turns book messages into updates that carry their checksum, and nothing else into any', () => {
    const plan = krakenProtocol.book;
    const [snapshot] = plan?.updates(parsed(frameLines('kraken-book.ndjson')[0]), 5) ?? [];
    expect(snapshot).toMatchObject({ type: 'book_update', symbol: 'BTC/USD', action: 'snapshot', checksum: 1490766955, receivedTs: 5 });
    expect(plan?.updates(parsed(frameLines('kraken-ticker.ndjson')[0]), 5)).toEqual([]);
  });

  it("resubscribes a symbol's book on a resync, and publishes views otherwise", async () => {
    const plan = krakenProtocol.book;
    if (plan === undefined) throw new Error('no book plan');
    const lines = frameLines('kraken-book.ndjson');
    const updates: BookUpdate[] = [lines[0], lines[1], lines[3], lines[2]].flatMap((text, n) => plan.updates(parsed(text), n));
    const resubscribed: string[] = [];
    const context = {
      exchange: 'kraken' as const,
      scheduler: asyncScheduler,
      logger: pino({ enabled: false }),
      resubscribe: (symbol: string) => resubscribed.push(symbol),
    };
    const outputs = await lastValueFrom(from(updates).pipe(plan.sync(context), toArray()));
    // The third message (an update of the 2026-10-06 book) does not follow the 2026-08-12 book: its checksum fails; the snapshot after it starts again.
    expect(outputs.map((o) => o.type)).toEqual(['book_view', 'book_view', 'book_resync', 'book_view']);
    expect(resubscribed).toEqual(['BTC/USD']);
  });
});
