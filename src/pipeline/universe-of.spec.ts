import { describe, expect, it } from 'vitest';
import { candidateOf } from './universe-of.js';

describe('candidateOf', () => {
  it('gives each venue of the chain its symbol, and its own quote where it serves the instrument at an equivalent one', () => {
    expect(
      candidateOf({
        key: 'BTC-USDT',
        base: 'BTC',
        quote: 'USDT',
        venues: ['bybit', 'coinbase', 'kraken'],
        symbols: { bybit: 'BTCUSDT', coinbase: 'BTC-USD', kraken: 'BTC/USDT' },
        venueQuotes: { coinbase: 'USD' },
        tickSize: 0.1,
      }),
    ).toEqual({
      key: 'BTC-USDT',
      coin: 'BTC',
      quote: 'USDT',
      venues: [
        { exchange: 'bybit', symbol: 'BTCUSDT' },
        { exchange: 'coinbase', symbol: 'BTC-USD', quote: 'USD' },
        { exchange: 'kraken', symbol: 'BTC/USDT' },
      ],
    });
  });

  it('gives a venue that sizes in contracts its contract value, and no other venue one', () => {
    const candidate = candidateOf({
      key: 'BTC-USDT-PERP',
      base: 'BTC',
      quote: 'USDT',
      venues: ['bybit_linear', 'okx_swap'],
      symbols: { bybit_linear: 'BTCUSDT', okx_swap: 'BTC-USDT-SWAP' },
      contractValues: { okx_swap: 0.01 },
    });
    expect(candidate.venues).toEqual([
      { exchange: 'bybit_linear', symbol: 'BTCUSDT' },
      { exchange: 'okx_swap', symbol: 'BTC-USDT-SWAP', contractValue: 0.01 },
    ]);
  });

  it('names no quote at any venue when every venue lists the instrument at its own', () => {
    const candidate = candidateOf({
      key: 'ETH-USDT',
      base: 'ETH',
      quote: 'USDT',
      venues: ['bybit', 'binance'],
      symbols: { bybit: 'ETHUSDT', binance: 'ETHUSDT' },
    });
    expect(candidate.venues).toEqual([
      { exchange: 'bybit', symbol: 'ETHUSDT' },
      { exchange: 'binance', symbol: 'ETHUSDT' },
    ]);
    expect(candidate.venues.some((venue) => 'quote' in venue)).toBe(false);
  });
});
