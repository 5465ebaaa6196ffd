import { describe, expect, it } from 'vitest';
import { expiryFilterText, optionFollowed, parseExpiryFilter, type OptionSelection } from './select-options.js';

const NOW = Date.UTC(2026, 10, 26, 9, 0); // Thursday 2026-11-26 09:00 UTC
const TOMORROW = Date.UTC(2026, 10, 27, 8); // Friday 08:00 UTC: 23 h away
const IN_A_MONTH = Date.UTC(2026, 11, 25, 8); // 2026-12-25 08:00 UTC: 28.96 days away
const QUARTER = Date.UTC(2027, 2, 26, 8); // 2027-03-26

const every = (underlyings: OptionSelection['underlyings'], expiries: string): OptionSelection => {
  const filter = parseExpiryFilter(expiries);
  if (filter === undefined) throw new Error(`bad filter ${expiries}`);
  return { underlyings, expiries: filter };
};

describe('parseExpiryFilter', () => {
  it('reads all, a number of days and expiry days, and says them back as written', () => {
    expect(parseExpiryFilter('all')).toEqual({ kind: 'all' });
    expect(parseExpiryFilter(' 7D ')).toEqual({ kind: 'within', days: 7 });
    expect(parseExpiryFilter('20261227,20270326')).toEqual({ kind: 'days', days: ['20261227', '20270326'] });
    for (const text of ['all', '7d', '20261227,20270326']) expect(expiryFilterText(parseExpiryFilter(text) ?? { kind: 'all' })).toBe(text);
  });

  it('refuses what names no expiry: zero days, a day that does not exist, another spelling', () => {
    for (const text of ['0d', '20260230', '2026-12-25', '26DEC26', '', 'soon', '7', '20261225,']) expect(parseExpiryFilter(text), text).toBeUndefined();
  });
});

describe('optionFollowed', () => {
  const listing = (base: string, expiryTs?: number) => ({ base, ...(expiryTs === undefined ? {} : { expiryTs }) });

  it('follows the chosen underlyings only, or all', () => {
    expect(optionFollowed(listing('BTC', TOMORROW), every(['BTC', 'ETH'], 'all'), NOW)).toBe(true);
    expect(optionFollowed(listing('SOL', TOMORROW), every(['BTC', 'ETH'], 'all'), NOW)).toBe(false);
    expect(optionFollowed(listing('SOL', TOMORROW), every('all', 'all'), NOW)).toBe(true);
  });

  it('never follows an option past its expiry, or one without an expiry', () => {
    expect(optionFollowed(listing('BTC', NOW - 1), every('all', 'all'), NOW)).toBe(false);
    expect(optionFollowed(listing('BTC', NOW), every('all', 'all'), NOW)).toBe(false);
    expect(optionFollowed(listing('BTC'), every('all', 'all'), NOW)).toBe(false);
  });

  it('follows the expiries within N days of now, and the expiry days named', () => {
    expect(optionFollowed(listing('BTC', TOMORROW), every('all', '1d'), NOW)).toBe(true);
    expect(optionFollowed(listing('BTC', IN_A_MONTH), every('all', '28d'), NOW)).toBe(false);
    expect(optionFollowed(listing('BTC', IN_A_MONTH), every('all', '29d'), NOW)).toBe(true);
    expect(optionFollowed(listing('BTC', QUARTER), every('all', '20261225,20270326'), NOW)).toBe(true);
    expect(optionFollowed(listing('BTC', TOMORROW), every('all', '20261225,20270326'), NOW)).toBe(false);
  });
});
