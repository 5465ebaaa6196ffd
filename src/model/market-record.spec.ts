import { describe, expect, it } from 'vitest';
import { instrumentOf } from './market-record.js';

describe('instrumentOf', () => {
  it('is coin-quote for a record published under its own base and quote', () => {
    expect(instrumentOf({ coin: 'BTC', quote: 'USDT' })).toBe('BTC-USDT');
  });

  it('is the instrument a record names when it is published under another (a Coinbase BTC-USD price followed as BTC-USDT)', () => {
    expect(instrumentOf({ coin: 'BTC', quote: 'USD', instrument: 'BTC-USDT' })).toBe('BTC-USDT');
  });
});
