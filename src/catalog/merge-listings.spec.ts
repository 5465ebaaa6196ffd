import { describe, expect, it } from 'vitest';
import type { ListingState, VenueListing, VenueListings } from '../model/instrument.js';
import type { ExchangeId } from '../model/market-record.js';
import { diffListings } from './diff-listings.js';
import { mergeListings } from './merge-listings.js';

const listing = (exchange: ExchangeId, symbol: string, base: string, quote: string, state: ListingState = 'trading', tickSize = 0.01): VenueListing => ({
  exchange,
  symbol,
  base,
  quote,
  state,
  venueStatus: state,
  tickSize,
  lotStep: 0.001,
});
const listed = (exchange: ExchangeId, ...listings: VenueListing[]): VenueListings => ({ exchange, fetchedAt: 0, listings });

describe('mergeListings', () => {
  it('merges the venues by canonical key in key order, each venue under its own symbol and tick', () => {
    const bybit = listed('bybit', listing('bybit', 'ETHUSDT', 'ETH', 'USDT', 'trading', 0.01), listing('bybit', 'BTCUSDT', 'BTC', 'USDT', 'trading', 0.1));
    const binance = listed('binance', listing('binance', 'BTCUSDT', 'BTC', 'USDT', 'trading', 0.01), listing('binance', 'BTCUSDC', 'BTC', 'USDC', 'halted'));
    const merged = mergeListings(['bybit', 'binance'], { bybit, binance });
    expect([...merged.keys()]).toEqual(['BTC-USDC', 'BTC-USDT', 'ETH-USDT']);
    expect(merged.get('BTC-USDT')).toEqual({
      key: 'BTC-USDT',
      base: 'BTC',
      quote: 'USDT',
      market: 'spot',
      listings: { bybit: bybit.listings[1], binance: binance.listings[0] },
    });
    expect(Object.keys(merged.get('BTC-USDC')?.listings ?? {})).toEqual(['binance']);
  });

  it("keys a perpetual venue's listings in its market, apart from spot's: BTCUSDT on Bybit linear is BTC-USDT-PERP", () => {
    const bybit = listed('bybit', listing('bybit', 'BTCUSDT', 'BTC', 'USDT', 'trading', 0.1));
    const linear = listed('bybit_linear', listing('bybit_linear', 'BTCUSDT', 'BTC', 'USDT', 'trading', 0.1));
    const usdm = listed('binance_usdm', listing('binance_usdm', 'BTCUSDT', 'BTC', 'USDT', 'trading', 0.1));
    const merged = mergeListings(['bybit', 'bybit_linear', 'binance_usdm'], { bybit, bybit_linear: linear, binance_usdm: usdm });
    expect([...merged.keys()]).toEqual(['BTC-USDT', 'BTC-USDT-PERP']);
    expect(merged.get('BTC-USDT')).toMatchObject({ market: 'spot', listings: { bybit: bybit.listings[0] } });
    expect(merged.get('BTC-USDT-PERP')).toEqual({
      key: 'BTC-USDT-PERP',
      base: 'BTC',
      quote: 'USDT',
      market: 'linear',
      listings: { bybit_linear: linear.listings[0], binance_usdm: usdm.listings[0] },
    });
  });

  it('lists only the venues asked for, and keeps the first of two symbols under one key', () => {
    const twice = listed('binance', listing('binance', 'BTCUSDT', 'BTC', 'USDT'), listing('binance', 'BTC_USDT', 'BTC', 'USDT'));
    const merged = mergeListings(['binance'], { binance: twice, bybit: listed('bybit', listing('bybit', 'XUSDT', 'X', 'USDT')) });
    expect([...merged.keys()]).toEqual(['BTC-USDT']);
    expect(merged.get('BTC-USDT')?.listings.binance?.symbol).toBe('BTCUSDT');
  });
});

describe('diffListings', () => {
  it('names what was listed, delisted, halted and resumed, in key order, and nothing that stayed as it was', () => {
    const before = [
      listing('binance', 'AUSDT', 'A', 'USDT'),
      listing('binance', 'BUSDT', 'B', 'USDT'),
      listing('binance', 'CUSDT', 'C', 'USDT', 'halted'),
      listing('binance', 'DUSDT', 'D', 'USDT'),
    ];
    const after = [
      listing('binance', 'DUSDT', 'D', 'USDT', 'halted'),
      listing('binance', 'CUSDT', 'C', 'USDT'),
      listing('binance', 'EUSDT', 'E', 'USDT', 'halted'),
      listing('binance', 'AUSDT', 'A', 'USDT', 'trading', 0.001),
    ];
    expect(diffListings(before, after).map((c) => `${c.kind} ${c.key} ${c.symbol} ${c.listing.state}`)).toEqual([
      'delisted B-USDT BUSDT trading',
      'resumed C-USDT CUSDT trading',
      'halted D-USDT DUSDT halted',
      'listed E-USDT EUSDT halted',
    ]);
  });
});
