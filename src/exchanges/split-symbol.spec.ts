import { describe, expect, it } from 'vitest';
import { splitSymbol } from './split-symbol.js';

describe('splitSymbol', () => {
  it('splits a run-together symbol by its longest known quote', () => {
    expect(splitSymbol('BTCUSDT')).toEqual({ coin: 'BTC', quote: 'USDT' });
    expect(splitSymbol('ethfdusd')).toEqual({ coin: 'ETH', quote: 'FDUSD' });
    expect(splitSymbol('USDT')).toBeUndefined();
  });

  it('splits at the separator Coinbase and Kraken write, whatever the quote', () => {
    expect(splitSymbol('BTC-USD')).toEqual({ coin: 'BTC', quote: 'USD' });
    expect(splitSymbol('DOGE/USDT')).toEqual({ coin: 'DOGE', quote: 'USDT' });
    expect(splitSymbol('ETH-GBP')).toEqual({ coin: 'ETH', quote: 'GBP' });
    expect(splitSymbol('-USD')).toBeUndefined();
    expect(splitSymbol('BTC/')).toBeUndefined();
  });
});
