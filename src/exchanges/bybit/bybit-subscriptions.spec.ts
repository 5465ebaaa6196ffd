import { describe, expect, it } from 'vitest';
import { bybitPing, bybitResubscribe, bybitSubscribeRequests, bybitTopic } from './bybit-subscriptions.js';

describe('bybitTopic', () => {
  it('names a topic <channel>.<SYMBOL>, upper-casing the symbol', () => {
    expect(bybitTopic('btcusdt', 'publicTrade')).toBe('publicTrade.BTCUSDT');
    expect(bybitTopic('ETHUSDT', 'orderbook.50')).toBe('orderbook.50.ETHUSDT');
  });
});

describe('bybitSubscribeRequests', () => {
  it('sends the subscribe op with its req_id and the topics as args', () => {
    expect(bybitSubscribeRequests(['publicTrade.BTCUSDT', 'tickers.BTCUSDT'], new Set(), 'c1')).toEqual([
      {
        reqId: 'c1-1',
        args: ['publicTrade.BTCUSDT', 'tickers.BTCUSDT'],
        text: '{"req_id":"c1-1","op":"subscribe","args":["publicTrade.BTCUSDT","tickers.BTCUSDT"]}',
      },
    ]);
  });

  it('splits 23 topics into requests of 10, 10 and 3 args, in order, numbered after the prefix', () => {
    const topics = Array.from({ length: 23 }, (_, i) => `publicTrade.C${i}USDT`);
    const requests = bybitSubscribeRequests(topics, new Set(), 'c1');
    expect(requests.map((r) => [r.reqId, r.args])).toEqual([
      ['c1-1', topics.slice(0, 10)],
      ['c1-2', topics.slice(10, 20)],
      ['c1-3', topics.slice(20)],
    ]);
    expect(requests.map((r) => JSON.parse(r.text) as unknown)).toEqual(requests.map((r) => ({ req_id: r.reqId, op: 'subscribe', args: r.args })));
  });

  it('takes a smaller batch size when asked', () => {
    const requests = bybitSubscribeRequests(['a.X', 'b.X', 'c.X', 'd.X', 'e.X'], new Set(), 'c2', 2);
    expect(requests.map((r) => r.args)).toEqual([['a.X', 'b.X'], ['c.X', 'd.X'], ['e.X']]);
  });

  it('never re-sends an already-subscribed topic or a duplicate, and sends nothing when all are subscribed', () => {
    const requests = bybitSubscribeRequests(['publicTrade.BTCUSDT', 'tickers.BTCUSDT', 'tickers.BTCUSDT'], new Set(['publicTrade.BTCUSDT']), 'x');
    expect(requests.map((r) => [r.reqId, r.args])).toEqual([['x-1', ['tickers.BTCUSDT']]]);
    expect(bybitSubscribeRequests(['tickers.BTCUSDT'], new Set(['tickers.BTCUSDT']), 'x')).toEqual([]);
  });
});

describe('bybitResubscribe', () => {
  it('unsubscribes the topic under <id>-unsub, then subscribes it under the id', () => {
    expect(bybitResubscribe('orderbook.50.BTCUSDT', 'c1-resync-4')).toEqual({
      unsubscribe: '{"req_id":"c1-resync-4-unsub","op":"unsubscribe","args":["orderbook.50.BTCUSDT"]}',
      subscribe: {
        reqId: 'c1-resync-4',
        args: ['orderbook.50.BTCUSDT'],
        text: '{"req_id":"c1-resync-4","op":"subscribe","args":["orderbook.50.BTCUSDT"]}',
      },
    });
  });
});

describe('bybitPing', () => {
  it('sends the ping op with the given req_id', () => {
    expect(bybitPing('c1-ping-3')).toBe('{"req_id":"c1-ping-3","op":"ping"}');
  });
});
