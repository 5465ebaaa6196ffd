import { describe, expect, it } from 'vitest';
import { parseCoinbaseRequest } from './coinbase-request.js';

const refusal = (message: unknown): string | undefined => {
  const result = parseCoinbaseRequest(typeof message === 'string' ? message : JSON.stringify(message));
  return result.ok ? undefined : result.message;
};

describe('parseCoinbaseRequest', () => {
  it('reads a subscribe as recorded: one channel, its products in order without duplicates, other fields ignored', () => {
    expect(parseCoinbaseRequest('{"type":"subscribe","product_ids":["BTC-USD","ETH-USD","BTC-USD"],"channel":"level2","jwt":"x"}')).toEqual({
      ok: true,
      request: { type: 'subscribe', channel: 'level2', productIds: ['BTC-USD', 'ETH-USD'] },
    });
  });

  it('takes heartbeats without products (the products a client names are ignored) and an unsubscribe of a whole channel', () => {
    expect(parseCoinbaseRequest('{"type":"subscribe","product_ids":["BTC-USD"],"channel":"heartbeats"}')).toEqual({
      ok: true,
      request: { type: 'subscribe', channel: 'heartbeats', productIds: [] },
    });
    expect(parseCoinbaseRequest('{"type":"unsubscribe","channel":"ticker"}')).toEqual({
      ok: true,
      request: { type: 'unsubscribe', channel: 'ticker', productIds: [] },
    });
  });

  it('refuses several channels, a channel list, no channel, unknown or unsimulated channels, and a product channel without products', () => {
    expect(refusal({ type: 'subscribe', product_ids: ['BTC-USD'], channels: ['ticker'] })).toMatch(/^failure to subscribe: one channel per message/);
    expect(refusal({ type: 'subscribe', product_ids: ['BTC-USD'], channel: ['ticker', 'level2'] })).toMatch(/"channel" \(one channel name\) is required/);
    expect(refusal({ type: 'unsubscribe', product_ids: ['BTC-USD'] })).toMatch(/^failure to unsubscribe: "channel"/);
    expect(refusal({ type: 'subscribe', product_ids: ['BTC-USD'], channel: 'candles' })).toBe('failure to subscribe: channel candles is not simulated');
    expect(refusal({ type: 'subscribe', product_ids: ['BTC-USD'], channel: 'l2_data' })).toBe('failure to subscribe: unknown channel l2_data');
    expect(refusal({ type: 'subscribe', channel: 'market_trades' })).toBe('failure to subscribe: channel market_trades needs "product_ids"');
    expect(refusal({ type: 'subscribe', product_ids: 'BTC-USD', channel: 'ticker' })).toMatch(/"product_ids" must be a list/);
  });

  it('refuses what is not a request: not JSON, not an object, an unknown type', () => {
    expect(refusal('{"type":')).toBe('malformed JSON message');
    expect(refusal([1])).toBe('a message must be a JSON object');
    expect(refusal({ type: 'ping' })).toBe('unknown message type "ping"');
  });
});
