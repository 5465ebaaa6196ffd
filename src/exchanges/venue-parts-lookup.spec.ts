import { describe, expect, it } from 'vitest';
import type { VenueListing } from '../model/instrument.js';
import { listedPartsLookup, venuePartsLookup } from './venue-parts-lookup.js';

const swap: VenueListing = {
  exchange: 'okx_swap',
  symbol: 'BTC-USDT-SWAP',
  base: 'BTC',
  quote: 'USDT',
  state: 'trading',
  venueStatus: 'live',
  tickSize: 0.1,
  lotStep: 0.01,
  contractValue: 0.01,
};

describe('listedPartsLookup', () => {
  it("splits a symbol as the venue's list says, with the perpetual's instrument and its contract value", () => {
    const partsOf = listedPartsLookup('okx_swap', [swap]);
    expect(partsOf('BTC-USDT-SWAP')).toEqual({ coin: 'BTC', quote: 'USDT', instrument: 'BTC-USDT-PERP', contractValue: 0.01 });
  });

  it('splits a symbol the list does not name as without a list: no contract value is made up', () => {
    const partsOf = listedPartsLookup('okx_swap', [swap]);
    expect(partsOf('ETH-USDT')).toEqual(venuePartsLookup('okx_swap')('ETH-USDT'));
    expect(partsOf('ETH-USDT')?.contractValue).toBeUndefined();
  });

  it('names no instrument on a spot venue, whose records are published under their own base-quote', () => {
    const spot: VenueListing = { ...swap, exchange: 'okx', symbol: 'BTC-USDT', venueStatus: 'live' };
    const { contractValue: _unused, ...withoutContract } = spot;
    expect(listedPartsLookup('okx', [withoutContract])('btc-usdt')).toEqual({ coin: 'BTC', quote: 'USDT' });
  });
});
