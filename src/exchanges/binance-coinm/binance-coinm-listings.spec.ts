import { describe, expect, it } from 'vitest';
import { documented } from './__fixtures__/coinm-context.js';
import { BINANCE_COINM_LOT_STEP, readBinanceCoinmExchangeInfo, readBinanceCoinmVolumes } from './binance-coinm-listings.js';
import { splitBinanceCoinmSymbol } from './binance-coinm-symbols.js';

describe('readBinanceCoinmExchangeInfo (GET /dapi/v1/exchangeInfo, the documented entry shape)', () => {
  const { listings, skipped } = readBinanceCoinmExchangeInfo(documented('binance-coinm-exchangeInfo.json'), 'binance_coinm');

  it('lists perpetuals and dated contracts at USD, each with its contract size in USD as its contract value', () => {
    expect(listings.map((l) => [l.symbol, l.state, l.venueStatus, l.contractValue, l.tickSize])).toEqual([
      ['BTCUSD_PERP', 'trading', 'TRADING', 100, 0.1],
      ['BTCUSD_261226', 'trading', 'TRADING', 100, 0.1],
      ['ETHUSD_PERP', 'trading', 'TRADING', 10, 0.01],
      ['ETHUSD_260925', 'halted', 'DELIVERING', 10, 0.01],
      ['NEWUSD_PERP', 'halted', 'PENDING_TRADING', 10, 0.001],
    ]);
    expect(listings.every((l) => l.base !== '' && l.quote === 'USD' && l.lotStep === BINANCE_COINM_LOT_STEP)).toBe(true);
  });

  it('keys a quarterly by its delivery day with its expiry, a perpetual by its market (no key of its own)', () => {
    expect(listings[1]).toMatchObject({ key: 'BTC-USD-INV-20261226', expiryTs: 1798272000000 });
    expect(listings[0]?.key).toBeUndefined();
    expect(listings[0]?.expiryTs).toBeUndefined();
  });

  it('skips and records an entry without a PRICE_FILTER', () => {
    expect(skipped).toEqual([expect.objectContaining({ path: '$.symbols[5].filters' })]);
  });
});

describe('readBinanceCoinmVolumes (GET /dapi/v1/ticker/24hr)', () => {
  it('tells the 24 h volume in USD as baseVolume x weightedAvgPrice (the answer has no USD figure)', () => {
    const { volumes } = readBinanceCoinmVolumes(documented('binance-coinm-ticker24hr.json'));
    expect(volumes.get('BTCUSD_PERP')).toBeCloseTo(15393.71036426 * 9432.79680478, 4);
  });
});

describe('splitBinanceCoinmSymbol (without the list)', () => {
  it('splits perpetuals and quarterlies, keying a quarterly by its delivery day, and knows no contract size', () => {
    expect(splitBinanceCoinmSymbol('BTCUSD_PERP')).toEqual({ coin: 'BTC', quote: 'USD' });
    expect(splitBinanceCoinmSymbol('ethusd_210924')).toEqual({ coin: 'ETH', quote: 'USD', instrument: 'ETH-USD-INV-20210924' });
    expect(splitBinanceCoinmSymbol('1000SHIBUSD_PERP')).toEqual({ coin: '1000SHIB', quote: 'USD' });
    expect(['BTCUSDT', 'BTCUSD_261332', 'BTC-PERPETUAL'].map(splitBinanceCoinmSymbol)).toEqual([undefined, undefined, undefined]);
  });
});
