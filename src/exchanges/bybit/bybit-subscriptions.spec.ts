import { describe, expect, it } from 'vitest';
import { bybitPing, bybitResubscribe, bybitSubscribe, bybitTopic, bybitUnsubscribe } from './bybit-subscriptions.js';

describe('bybitTopic', () => {
  it('names a topic <channel>.<SYMBOL>, upper-casing the symbol', () => {
    expect(bybitTopic('btcusdt', 'publicTrade')).toBe('publicTrade.BTCUSDT');
    expect(bybitTopic('ETHUSDT', 'orderbook.50')).toBe('orderbook.50.ETHUSDT');
  });
});

describe('bybitSubscribe and bybitUnsubscribe', () => {
  it('sends the subscribe op with its req_id and the topics as args', () => {
    expect(bybitSubscribe(['publicTrade.BTCUSDT', 'tickers.BTCUSDT'], 'c1-1')).toEqual({
      reqId: 'c1-1',
      args: ['publicTrade.BTCUSDT', 'tickers.BTCUSDT'],
      text: '{"req_id":"c1-1","op":"subscribe","args":["publicTrade.BTCUSDT","tickers.BTCUSDT"]}',
    });
  });

  it('sends the unsubscribe op with its req_id and the topics as args', () => {
    expect(bybitUnsubscribe(['tickers.SOLUSDC'], 'c1-7')).toBe('{"req_id":"c1-7","op":"unsubscribe","args":["tickers.SOLUSDC"]}');
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
