import { describe, expect, it } from 'vitest';
import { SymbolDirectory } from './symbol-directory.js';

describe('SymbolDirectory', () => {
  it("splits a symbol as the venue's list said, whatever the known quotes would guess", () => {
    const directory = new SymbolDirectory();
    // Without the list, 1000PEPEUSDC would split by its USDC suffix, and ETHBTCX would not split at all.
    directory.learn([{ symbol: 'ETHBTCX', coin: 'ETH', quote: 'BTCX' }]);
    expect(directory.partsOf('ETHBTCX')).toEqual({ coin: 'ETH', quote: 'BTCX' });
    expect(directory.partsOf('ethbtcx')).toEqual({ coin: 'ETH', quote: 'BTCX' });
    expect(directory.partsOf('PEPEUSDC')).toEqual({ coin: 'PEPE', quote: 'USDC' });
  });

  it('answers a symbol asked before it was told with the told parts once it is', () => {
    const directory = new SymbolDirectory();
    expect(directory.partsOf('ABCXYZ')).toBeUndefined();
    directory.learn([{ symbol: 'ABCXYZ', coin: 'ABC', quote: 'XYZ' }]);
    expect(directory.partsOf('ABCXYZ')).toEqual({ coin: 'ABC', quote: 'XYZ' });
  });

  it('takes the configured coins before a guess', () => {
    // A guess by known quotes would take FDUSD: ABC / FDUSD.
    expect(new SymbolDirectory().partsOf('ABCFDUSD')).toEqual({ coin: 'ABC', quote: 'FDUSD' });
    expect(new SymbolDirectory({ coins: ['ABCF'], quote: 'DUSD' }).partsOf('ABCFDUSD')).toEqual({ coin: 'ABCF', quote: 'DUSD' });
  });
});

describe('SymbolDirectory, a venue that sizes in contracts', () => {
  it('answers a symbol with the contract value its list gave, and learns a changed one', () => {
    const directory = new SymbolDirectory();
    directory.learn([{ symbol: 'BTC-USDT-SWAP', coin: 'BTC', quote: 'USDT', instrument: 'BTC-USDT-PERP', contractValue: 0.01 }]);
    expect(directory.partsOf('BTC-USDT-SWAP')).toEqual({ coin: 'BTC', quote: 'USDT', instrument: 'BTC-USDT-PERP', contractValue: 0.01 });
    directory.learn([{ symbol: 'BTC-USDT-SWAP', coin: 'BTC', quote: 'USDT', instrument: 'BTC-USDT-PERP', contractValue: 0.001 }]);
    expect(directory.partsOf('BTC-USDT-SWAP')?.contractValue).toBe(0.001);
  });
});

describe('SymbolDirectory, a listing at an equivalent quote', () => {
  it('remembers the instrument a symbol serves and answers it with its own base and quote, the same object each time', () => {
    const directory = new SymbolDirectory();
    directory.learn([
      { symbol: 'BTC-USD', coin: 'BTC', quote: 'USD', instrument: 'BTC-USDT' },
      { symbol: 'ETH-USDT', coin: 'ETH', quote: 'USDT' },
    ]);
    expect(directory.partsOf('BTC-USD')).toEqual({ coin: 'BTC', quote: 'USD', instrument: 'BTC-USDT' });
    expect(directory.partsOf('BTC-USD')).toBe(directory.partsOf('BTC-USD'));
    expect(directory.partsOf('ETH-USDT')).toEqual({ coin: 'ETH', quote: 'USDT' });
    expect(directory.partsOf('ETH-USDT')).not.toHaveProperty('instrument');
  });

  it('follows a symbol that starts or stops serving another instrument', () => {
    const directory = new SymbolDirectory();
    directory.learn([{ symbol: 'BTC-USD', coin: 'BTC', quote: 'USD' }]);
    expect(directory.partsOf('BTC-USD')).toEqual({ coin: 'BTC', quote: 'USD' });
    directory.learn([{ symbol: 'BTC-USD', coin: 'BTC', quote: 'USD', instrument: 'BTC-USDT' }]);
    expect(directory.partsOf('BTC-USD')).toEqual({ coin: 'BTC', quote: 'USD', instrument: 'BTC-USDT' });
    directory.learn([{ symbol: 'BTC-USD', coin: 'BTC', quote: 'USD', instrument: 'BTC-USDC' }]);
    expect(directory.partsOf('BTC-USD')).toEqual({ coin: 'BTC', quote: 'USD', instrument: 'BTC-USDC' });
    directory.learn([{ symbol: 'BTC-USD', coin: 'BTC', quote: 'USD' }]);
    expect(directory.partsOf('BTC-USD')).toEqual({ coin: 'BTC', quote: 'USD' });
  });
});
