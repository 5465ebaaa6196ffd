import { describe, expect, it } from 'vitest';
import type { ListingState, VenueListing, VenueListings } from '../model/instrument.js';
import { judgeListings } from './judge-listings.js';

const listing = (base: string, state: ListingState = 'trading'): VenueListing => ({
  exchange: 'binance',
  symbol: `${base}USDT`,
  base,
  quote: 'USDT',
  state,
  venueStatus: state === 'trading' ? 'TRADING' : 'BREAK',
  tickSize: 0.01,
  lotStep: 0.01,
});
const listed = (...listings: VenueListing[]): VenueListings => ({ exchange: 'binance', fetchedAt: 0, listings });
const config = { maxDropShare: 0.2, acceptDropAfterReads: 3 };
const five = ['A', 'B', 'C', 'D', 'E'].map((b) => listing(b));

describe('judgeListings', () => {
  it('refuses an empty list, even as the first', () => {
    expect(judgeListings(undefined, [], 0, config)).toEqual({ ok: false, reason: 'the list is empty', drop: false });
  });

  it('takes any first list that is not empty', () => {
    expect(judgeListings(undefined, [listing('A')], 0, config)).toEqual({ ok: true });
  });

  it('takes exactly maxDropShare gone, and refuses one more', () => {
    expect(judgeListings(listed(...five), five.slice(0, 4), 0, config)).toEqual({ ok: true });
    expect(judgeListings(listed(...five), five.slice(0, 3), 0, config)).toEqual({
      ok: false,
      reason: '2 of 5 trading instruments gone at once (40.0 %, more than 20 %)',
      drop: true,
    });
  });

  it('counts only instruments that were trading and are absent: a mass halt is news, not a broken list', () => {
    const halted = five.map((l) => ({ ...l, state: 'halted' as const }));
    expect(judgeListings(listed(...five), halted, 0, config)).toEqual({ ok: true });
    expect(judgeListings(listed(...halted), [listing('Z')], 0, config)).toEqual({ ok: true });
  });

  it('believes a large drop seen on acceptDropAfterReads reads in a row', () => {
    expect(judgeListings(listed(...five), [listing('A')], 1, config).ok).toBe(false);
    expect(judgeListings(listed(...five), [listing('A')], 2, config).ok).toBe(true);
    expect(judgeListings(listed(...five), [listing('A')], 0, { ...config, acceptDropAfterReads: 1 }).ok).toBe(true);
  });

  it("does not count an instrument past its expiry as gone: a day's options leave the list as they should", () => {
    const expiry = Date.UTC(2026, 10, 27, 8);
    const options = ['A', 'B', 'C', 'D', 'E'].map((b, n) => ({ ...listing(b), key: `BTC-USD-20261127-${b}`, expiryTs: n < 3 ? expiry : expiry + 86_400_000 }));
    const left = options.slice(3);
    // Three of five gone: refused before the expiry, believed at it (the two left are all that were due to stay).
    expect(judgeListings(listed(...options), left, 0, config, expiry - 1).ok).toBe(false);
    expect(judgeListings(listed(...options), left, 0, config, expiry)).toEqual({ ok: true });
    // Of the options not yet expired, one of two gone is still more than 20 %.
    expect(judgeListings(listed(...options), left.slice(1), 0, config, expiry).ok).toBe(false);
  });
});
