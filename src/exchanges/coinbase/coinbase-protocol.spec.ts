import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import { ConnectionSubscriptions } from '../connection/connection-subscriptions.js';
import { COINBASE_MAX_PAYLOAD_BYTES, COINBASE_WS_URL, coinbaseProtocol, coinbaseProtocolWith } from './coinbase-protocol.js';
import { parsedFrame, recordedLines } from './__fixtures__/recorded-frames.js';

const protocol = coinbaseProtocol;
const FILES = [
  'coinbase-market_trades.ndjson',
  'coinbase-ticker.ndjson',
  'coinbase-heartbeats.ndjson',
  'coinbase-subscriptions.ndjson',
  'coinbase-candles.ndjson',
  'coinbase-l2_data-updates.ndjson',
];

describe('coinbaseProtocol', () => {
  it('serves coinbase in prod, from the Advanced Trade market data URL as given', () => {
    expect([protocol.id, protocol.exchanges, protocol.env('coinbase')]).toEqual(['coinbase-advanced-trade', ['coinbase'], 'prod']);
    expect(COINBASE_WS_URL).toBe('wss://advanced-trade-ws.coinbase.com');
    expect(protocol.connection.url(COINBASE_WS_URL, ['ticker:BTC-USD'])).toBe(COINBASE_WS_URL);
  });

  it('names products BASE-QUOTE and subscribes trades and the ticker (twice: price tick and best bid/ask), no candles', () => {
    expect(protocol.symbolOf?.('BTC', 'USD')).toBe('BTC-USD');
    expect(protocol.streams.map((s) => [s.channel, s.record])).toEqual([
      ['market_trades', 'trade'],
      ['ticker', 'price_tick'],
      ['ticker', 'book_ticker'],
    ]);
    expect(protocol.streams.map((s) => protocol.topic('ETH-USD', s))).toEqual(['market_trades:ETH-USD', 'ticker:ETH-USD', 'ticker:ETH-USD']);
    expect(protocol.book?.channel).toBe('level2');
  });

  it('numbers every recorded frame by its sequence_num, and the error frame (which has none) not at all', () => {
    const numbers = FILES.flatMap((file) => recordedLines(file).map((line) => protocol.sequence?.(parsedFrame(line))));
    const written = FILES.flatMap((file) => recordedLines(file).map((line) => (JSON.parse(line) as { sequence_num: number }).sequence_num));
    expect(numbers).toEqual(written);
    expect(protocol.sequence?.(parsedFrame(recordedLines('coinbase-error.ndjson')[0] ?? ''))).toBeUndefined();
  });

  it('reads a heartbeat as a pong, the cumulative answer as an ack of the topics it lists, an error as a venue error', () => {
    const [heartbeat] = recordedLines('coinbase-heartbeats.ndjson');
    expect(protocol.control(parsedFrame(heartbeat ?? ''))).toEqual({ kind: 'pong' });
    const [ack] = recordedLines('coinbase-subscriptions.ndjson');
    expect(protocol.control(parsedFrame(ack ?? ''))).toEqual({
      kind: 'subscribe_ack',
      success: true,
      message: '',
      topics: ['market_trades:BTC-USD', 'market_trades:ETH-USD'],
    });
    const [error] = recordedLines('coinbase-error.ndjson');
    expect(protocol.control(parsedFrame(error ?? ''))).toEqual({ kind: 'venue_error', message: 'too many L2 streams requested in a single session' });
  });

  it('leaves data frames and channels it does not read to the mapper', () => {
    for (const file of ['coinbase-market_trades.ndjson', 'coinbase-ticker.ndjson', 'coinbase-candles.ndjson', 'coinbase-l2_data-updates.ndjson']) {
      for (const line of recordedLines(file)) expect(protocol.control(parsedFrame(line))).toBeUndefined();
    }
  });

  it('opens with the heartbeats subscription and reads frames as large as a whole book', () => {
    expect(protocol.connection.openMessages?.('c1')).toEqual(['{"type":"subscribe","channel":"heartbeats"}']);
    // The recorded BTC-USD snapshot was 5,079,379 bytes.
    expect(protocol.connection.maxPayloadBytes).toBe(COINBASE_MAX_PAYLOAD_BYTES);
    expect(COINBASE_MAX_PAYLOAD_BYTES).toBeGreaterThan(10 * 5_079_379);
  });

  it('asks for one channel per request, at most 16 products, 4 requests a second, with ids unique per socket', () => {
    const subscribe = protocol.connection.subscribe;
    expect([subscribe?.maxTopicsPerRequest, subscribe?.requestsPerSecond, subscribe?.requestId('c1', 3), subscribe?.groupOf?.('level2:BTC-USD')]).toEqual([
      16,
      4,
      'c1-3',
      'level2',
    ]);
    expect(subscribe?.resubscribe?.('level2:BTC-USD', 'c1-resub-1').subscribe.text).toBe('{"type":"subscribe","product_ids":["BTC-USD"],"channel":"level2"}');
  });

  it('keeps the book settings it is given', () => {
    expect(coinbaseProtocolWith({ maxLevels: 40, viewLevels: 10 }).book?.channel).toBe('level2');
  });
});

describe('coinbaseProtocol with the connection subscriptions', () => {
  it('sends one subscribe per channel and settles them from the recorded cumulative answers', () => {
    const scheduler = new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
    const plan = protocol.connection.subscribe;
    if (plan === undefined) throw new Error('no subscribe plan');
    const sent: string[] = [];
    const subscriptions = new ConnectionSubscriptions({ plan, connectionId: 'c1', send: (text) => sent.push(text), scheduler, requestsPerSecond: 8 });
    const topics = ['BTC-USD', 'ETH-USD'].flatMap((id) => ['market_trades', 'ticker', 'level2'].map((channel) => `${channel}:${id}`));
    subscriptions.want(topics);
    expect(sent).toEqual([
      '{"type":"subscribe","product_ids":["BTC-USD","ETH-USD"],"channel":"market_trades"}',
      '{"type":"subscribe","product_ids":["BTC-USD","ETH-USD"],"channel":"ticker"}',
      '{"type":"subscribe","product_ids":["BTC-USD","ETH-USD"],"channel":"level2"}',
    ]);
    for (const line of recordedLines('coinbase-subscriptions.ndjson')) {
      const control = protocol.control(parsedFrame(line));
      if (control?.kind === 'subscribe_ack') subscriptions.acknowledge(control);
    }
    expect(subscriptions.settled).toBe(true);
    expect([...subscriptions.subscribed].sort()).toEqual([...topics].sort());
  });
});
