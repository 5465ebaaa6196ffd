import { describe, expect, it } from 'vitest';
import { expiryDay, instrumentKey, inverseFutureKey, listingKey, marketQuote, optionKey } from './instrument.js';

const DEC_26 = Date.UTC(2026, 11, 26, 8); // Deribit's BTC-26DEC26 expires at 08:00 UTC

describe('instrument keys', () => {
  it('key perpetuals by market, an inverse one apart from a linear one of the same coin', () => {
    expect(instrumentKey('BTC', 'USDT', 'linear')).toBe('BTC-USDT-PERP');
    expect(instrumentKey('BTC', 'USD', 'inverse')).toBe('BTC-USD-INV-PERP');
    expect(marketQuote('inverse', 'USDT')).toBe('USD');
    expect(marketQuote('linear', 'USDT')).toBe('USDT');
  });

  it('key a dated future and an option by their expiry day in UTC, strike and type', () => {
    expect(expiryDay(DEC_26)).toBe('20261226');
    expect(expiryDay(Date.UTC(2026, 11, 26, 23, 59))).toBe('20261226');
    expect(inverseFutureKey('BTC', 'USD', DEC_26)).toBe('BTC-USD-INV-20261226');
    expect(optionKey('BTC', 'USD', DEC_26, { type: 'call', strike: 100_000 })).toBe('BTC-USD-20261226-100000-C');
    expect(optionKey('XRP', 'USDC', Date.UTC(2023, 5, 30, 8), { type: 'put', strike: 0.625 })).toBe('XRP-USDC-20230630-0.625-P');
  });

  it("take a listing's own key where it has one, else base, quote and market", () => {
    expect(listingKey({ base: 'BTC', quote: 'USD', key: 'BTC-USD-20261226-100000-C' }, 'option')).toBe('BTC-USD-20261226-100000-C');
    expect(listingKey({ base: 'BTC', quote: 'USD' }, 'inverse')).toBe('BTC-USD-INV-PERP');
    expect(listingKey({ base: 'BTC', quote: 'USDT' })).toBe('BTC-USDT');
  });
});
