import { describe, expect, it } from 'vitest';
import {
  coinbaseAckTopics,
  coinbaseChannelOf,
  coinbaseHeartbeatsSubscribe,
  coinbaseResubscribe,
  coinbaseSubscribe,
  coinbaseTopic,
  coinbaseTopicParts,
  coinbaseUnsubscribe,
} from './coinbase-subscriptions.js';
import { parsedFrame, recordedLines } from './__fixtures__/recorded-frames.js';

describe('coinbaseTopic', () => {
  it('names one stream of one product <channel>:<product_id>, and reads it back', () => {
    expect(coinbaseTopic('BTC-USD', 'market_trades')).toBe('market_trades:BTC-USD');
    expect(coinbaseTopicParts('level2:ETH-USD')).toEqual({ channel: 'level2', productId: 'ETH-USD' });
    expect(coinbaseChannelOf('ticker:SOL-EUR')).toBe('ticker');
  });
});

describe('coinbaseSubscribe and coinbaseUnsubscribe', () => {
  it('write the request the recorded session sent: one channel, its products', () => {
    // cryptofeed's capture sent exactly this text to subscribe its two books.
    expect(coinbaseSubscribe(['level2:BTC-USD', 'level2:ETH-USD'], 'c1-4')).toEqual({
      id: 'c1-4',
      topics: ['level2:BTC-USD', 'level2:ETH-USD'],
      text: '{"type":"subscribe","product_ids":["BTC-USD","ETH-USD"],"channel":"level2"}',
    });
    expect(coinbaseUnsubscribe(['ticker:SOL-USD'])).toBe('{"type":"unsubscribe","product_ids":["SOL-USD"],"channel":"ticker"}');
  });

  it('refuse topics of two channels in one request, or none: Coinbase takes one channel per message', () => {
    expect(() => coinbaseSubscribe(['ticker:BTC-USD', 'level2:BTC-USD'], 'c1-1')).toThrow(/one channel/);
    expect(() => coinbaseUnsubscribe([])).toThrow(/at least one topic/);
    expect(() => coinbaseSubscribe(['ticker'], 'c1-1')).toThrow(/one channel/);
  });
});

describe('coinbaseResubscribe', () => {
  it('unsubscribes the one topic, then subscribes it under the request id (Coinbase answers with a fresh snapshot)', () => {
    expect(coinbaseResubscribe('level2:ETH-USD', 'c1-resub-3')).toEqual({
      unsubscribe: '{"type":"unsubscribe","product_ids":["ETH-USD"],"channel":"level2"}',
      subscribe: { id: 'c1-resub-3', topics: ['level2:ETH-USD'], text: '{"type":"subscribe","product_ids":["ETH-USD"],"channel":"level2"}' },
    });
  });
});

describe('coinbaseHeartbeatsSubscribe', () => {
  it('subscribes heartbeats without products, as the documentation does', () => {
    expect(coinbaseHeartbeatsSubscribe()).toBe('{"type":"subscribe","channel":"heartbeats"}');
  });
});

describe('coinbaseAckTopics', () => {
  const acks = recordedLines('coinbase-subscriptions.ndjson').map((line) => {
    const frame = parsedFrame(line);
    if (frame.kind !== 'subscriptions') throw new Error(frame.kind);
    return coinbaseAckTopics(frame);
  });

  it('lists everything subscribed so far, growing with each recorded answer', () => {
    expect(acks.map((topics) => topics.length)).toEqual([2, 4, 6, 8, 9]);
    expect(acks[0]).toEqual(['market_trades:BTC-USD', 'market_trades:ETH-USD']);
  });

  it('names books level2, as they were subscribed, and heartbeats by its own list', () => {
    expect(acks[4]).toEqual([
      'candles:ETH-USD',
      'candles:BTC-USD',
      'heartbeats:heartbeats',
      'level2:BTC-USD',
      'level2:ETH-USD',
      'market_trades:BTC-USD',
      'market_trades:ETH-USD',
      'ticker:BTC-USD',
      'ticker:ETH-USD',
    ]);
  });

  it('maps an answer that names books by their data channel back to level2', () => {
    const frame = parsedFrame('{"channel":"subscriptions","sequence_num":3,"events":[{"subscriptions":{"l2_data":["BTC-USD"]}}]}');
    if (frame.kind !== 'subscriptions') throw new Error(frame.kind);
    expect(coinbaseAckTopics(frame)).toEqual(['level2:BTC-USD']);
  });
});
