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
