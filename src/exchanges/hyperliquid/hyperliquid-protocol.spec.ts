import { describe, expect, it } from 'vitest';
import { RECORDED_FRAMES, frameLines } from '../__fixtures__/never-throw-properties.js';
import { selectStreams } from '../select-streams.js';
import { parseHyperliquidFrame } from './hyperliquid-frames.js';
import {
  HYPERLIQUID_CAPS,
  HYPERLIQUID_CONNECTION_LIMITS,
  HYPERLIQUID_MAX_CONNECTIONS,
  HYPERLIQUID_MAX_SUBSCRIPTIONS,
  HYPERLIQUID_MESSAGES_PER_MINUTE,
  HYPERLIQUID_NEW_CONNECTIONS_PER_MINUTE,
  HYPERLIQUID_PING_INTERVAL_MS,
} from './hyperliquid-limits.js';
import { hyperliquidLimitsOf } from './hyperliquid-options.js';
import { hyperliquidControl, hyperliquidProtocol } from './hyperliquid-protocol.js';

const controlOf = (text: string): ReturnType<typeof hyperliquidControl> => {
  const parsed = parseHyperliquidFrame(text);
  if (!parsed.ok) throw new Error(parsed.error);
  return hyperliquidControl(parsed.frame);
};

describe('the Hyperliquid protocol', () => {
  it('subscribes trades, best bid/ask and the asset context per coin, and l2Book for books; no liquidation, ticker or candle stream', () => {
    expect(selectStreams(hyperliquidProtocol.streams).map((stream) => hyperliquidProtocol.topic('kPEPE', stream))).toEqual([
      'trades:kPEPE',
      'bbo:kPEPE',
      'activeAssetCtx:kPEPE',
    ]);
    expect(hyperliquidProtocol.streams.map((stream) => stream.record)).toEqual(['trade', 'book_ticker', 'derivative_ticker']);
    expect(hyperliquidProtocol.book?.channel).toBe('l2Book');
    expect(hyperliquidProtocol.connection.routes).toBeUndefined();
  });

  it('names a perpetual by its coin, thousands by k, and no coin at another quote', () => {
    expect(hyperliquidProtocol.symbolOf?.('BTC', 'USDC')).toBe('BTC');
    expect(hyperliquidProtocol.symbolOf?.('1000PEPE', 'USDC')).toBe('kPEPE');
    expect(hyperliquidProtocol.symbolOf?.('BTC', 'USDT')).toBe('BTC/USDT');
  });

  it('sends one subscription per message, as the docs write it, and unsubscribes alike', () => {
    const plan = hyperliquidProtocol.connection.subscribe;
    expect(plan?.maxTopicsPerRequest).toBe(1);
    const request = plan?.subscribeRequest(['trades:BTC'], 'c1-1');
    expect(request).toEqual({ id: 'c1-1', topics: ['trades:BTC'], text: '{"method":"subscribe","subscription":{"type":"trades","coin":"BTC"}}' });
    expect(plan?.unsubscribeRequest(['l2Book:kPEPE'], 'c1-2')).toBe('{"method":"unsubscribe","subscription":{"type":"l2Book","coin":"kPEPE"}}');
    expect(plan?.resubscribe).toBeUndefined();
  });

  it('settles each recorded ack by the type and coin it echoes, and leaves an unsubscribe ack aside', () => {
    const acks = frameLines(RECORDED_FRAMES, (name) => name === 'hyperliquid-subscriptionResponse.ndjson').map(({ text }) => controlOf(text));
    expect(acks).toEqual([
      { kind: 'subscribe_ack', success: true, message: '', topics: ['trades:BTC'] },
      { kind: 'subscribe_ack', success: true, message: '', topics: ['l2Book:BTC'] },
    ]);
    expect(controlOf('{"channel":"subscriptionResponse","data":{"method":"unsubscribe","subscription":{"type":"bbo","coin":"BTC"}}}')).toBeUndefined();
  });

  it('refuses the topic an error names, and takes any other error as the venue refusing the feed', () => {
    expect(controlOf('{"channel":"error","data":"Invalid subscription {\\"type\\":\\"trades\\",\\"coin\\":\\"NOPE\\"}"}')).toEqual({
      kind: 'subscribe_ack',
      success: false,
      message: 'hyperliquid error: Invalid subscription {"type":"trades","coin":"NOPE"}',
      topics: ['trades:NOPE'],
    });
    expect(controlOf('{"channel":"error","data":"Already subscribed"}')).toEqual({ kind: 'venue_error', message: 'hyperliquid error: Already subscribed' });
  });

  it('pings with {"method":"ping"} every 20 s, well within the 60 s the venue waits, and reads the pong as the answer', () => {
    expect(hyperliquidProtocol.connection.heartbeat?.intervalMs).toBe(HYPERLIQUID_PING_INTERVAL_MS);
    expect(HYPERLIQUID_PING_INTERVAL_MS * 3).toBeLessThanOrEqual(60_000);
    expect(hyperliquidProtocol.connection.heartbeat?.message('c1', 1)).toBe('{"method":"ping"}');
    expect(controlOf('{"channel":"pong"}')).toEqual({ kind: 'pong' });
  });

  it('keeps every connection of one IP, together, within the venue\u2019s per-IP limits', () => {
    const { maxTopics, requestsPerSecond, connectionsPerWindow, connectionWindowMs } = HYPERLIQUID_CONNECTION_LIMITS;
    expect(HYPERLIQUID_MAX_CONNECTIONS * maxTopics).toBe(HYPERLIQUID_MAX_SUBSCRIPTIONS);
    const pingsPerMinute = 60_000 / HYPERLIQUID_PING_INTERVAL_MS;
    expect(HYPERLIQUID_MAX_CONNECTIONS * (requestsPerSecond * 60 + pingsPerMinute)).toBeLessThanOrEqual(HYPERLIQUID_MESSAGES_PER_MINUTE);
    expect((connectionsPerWindow * 60_000) / connectionWindowMs).toBeLessThan(HYPERLIQUID_NEW_CONNECTIONS_PER_MINUTE);
    expect(HYPERLIQUID_CAPS).toEqual({ maxTopics: 1000, maxTopicsPerRequest: 1 });
  });

  it('lets the connection attempts a minute be set lower, never above the venue\u2019s 30', () => {
    expect(hyperliquidLimitsOf({})).toEqual({});
    expect(hyperliquidLimitsOf({ 'connections.hyperliquidAttempts': 10 })).toEqual({ connectionsPerWindow: 10 });
  });
});
