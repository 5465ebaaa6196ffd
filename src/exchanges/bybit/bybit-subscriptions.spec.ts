import { describe, expect, it } from 'vitest';
import { bybitSubscribeRequests, bybitTopics } from './bybit-subscriptions.js';

describe('bybitSubscribeRequests', () => {
  it('splits 60 topics into requests of at most 10 args, each with a unique req_id', () => {
    const symbols = Array.from({ length: 20 }, (_, i) => `C${i}USDT`);
    const requests = bybitSubscribeRequests(bybitTopics(symbols), new Set(), 'c1');
    expect(requests).toHaveLength(6);
    expect(requests.every((r) => r.args.length <= 10)).toBe(true);
    expect(new Set(requests.map((r) => r.reqId)).size).toBe(6);
    expect(requests.flatMap((r) => r.args)).toHaveLength(60);
    expect(JSON.parse(requests[0]?.text ?? '')).toEqual({ req_id: 'c1-1', op: 'subscribe', args: requests[0]?.args });
  });

  it('never re-sends an already-subscribed topic or a duplicate', () => {
    const requests = bybitSubscribeRequests(['publicTrade.BTCUSDT', 'tickers.BTCUSDT', 'tickers.BTCUSDT'], new Set(['publicTrade.BTCUSDT']), 'x');
    expect(requests.map((r) => r.args)).toEqual([['tickers.BTCUSDT']]);
  });
});
