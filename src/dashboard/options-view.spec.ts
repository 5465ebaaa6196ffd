import { describe, expect, it } from 'vitest';
import type { OptionSummary } from '../model/option-summary.js';
import { DAY, DEC, MAR, summary, type SummaryChanges } from './__fixtures__/option-summaries.js';
import { DashboardHub } from './dashboard-hub.js';
import { dashboardView, EMPTY_DASHBOARD, reduceDashboard } from './dashboard-state.js';
import { EMPTY_OPTION_CHAINS, reduceOptionSummary, type OptionChains, type StrikeRow } from './option-chains.js';
import { atmStrikeOf, optionsView, smileOf } from './options-view.js';
import { initialHealth } from './pipeline-health.js';

const fold = (summaries: readonly OptionSummary[]): OptionChains => summaries.reduce((s, r) => reduceOptionSummary(s, r), EMPTY_OPTION_CHAINS);
const rowsAt = (...strikes: number[]): StrikeRow[] => strikes.map((strike) => ({ strike }));
const iv = (markIv: number, bidIv?: number, askIv?: number): SummaryChanges => ({ markIv, bestBidIv: bidIv, bestAskIv: askIv });

describe('options view', () => {
  it('marks the strike nearest the underlying price at the money, the lower of two as near', () => {
    expect(atmStrikeOf(rowsAt(90_000, 100_000, 110_000), 104_999)).toBe(100_000);
    expect(atmStrikeOf(rowsAt(90_000, 100_000, 110_000), 105_000)).toBe(100_000);
    expect(atmStrikeOf(rowsAt(90_000, 100_000, 110_000), 105_001)).toBe(110_000);
    expect(atmStrikeOf([], 100_000)).toBeUndefined();
  });

  it("draws an expiry's smile from the out-of-the-money side of each strike within half to twice the forward", () => {
    const state = fold([
      summary(40_000, 'put', 1, iv(120, 110, 130)),
      summary(90_000, 'put', 1, iv(55, 54, 56)),
      summary(90_000, 'call', 1, iv(99)),
      summary(100_000, 'call', 1, iv(50, undefined, 51)),
      summary(100_000, 'put', 1, iv(98)),
      summary(110_000, 'put', 1, iv(48, 47, 49)),
      summary(250_000, 'call', 1, iv(90, 85, 95)),
    ]);
    const expiry = state.chains['deribit_options/BTC-USD']?.expiries[0];
    // Forward 100,000: the 90,000 put, the 100,000 call (at the forward), the 110,000 put (no call); 40,000 and 250,000 outside.
    expect(expiry === undefined ? [] : smileOf(expiry)).toEqual([
      [90_000, 55, 54, 56],
      [100_000, 50, null, 51],
      [110_000, 48, 47, 49],
    ]);
  });

  it('lists the chains most options first and shows the largest at its nearest expiry, or the chain and expiry asked for', () => {
    const state = fold([
      summary(90_000, 'put', 1),
      summary(100_000, 'call', 2),
      // The expiry's forward is the latest summary's underlying price.
      summary(110_000, 'call', 3, { markIv: 47, underlyingPrice: 100_400 }),
      summary(100_000, 'call', 4, { expiryTs: MAR, underlyingPrice: 108_000 }),
      summary(110_000, 'call', 5, { expiryTs: MAR, underlyingPrice: 108_000 }),
      summary(3_000, 'call', 6, { coin: 'ETH', underlyingPrice: 3_100 }),
    ]);
    const view = optionsView(state, 10);
    expect(view.chains).toEqual([
      { key: 'deribit_options/BTC-USD', id: 'BTC-USD', exchange: 'deribit_options', coin: 'BTC', quote: 'BTC', options: 5, expiries: 2 },
      { key: 'deribit_options/ETH-USD', id: 'ETH-USD', exchange: 'deribit_options', coin: 'ETH', quote: 'ETH', options: 1, expiries: 1 },
    ]);
    expect(view.chosen?.id).toBe('BTC-USD');
    expect(view.chosen?.expiry).toBe('20261226');
    expect(view.chosen?.rows.map((r) => [r.strike, r.call?.markIv ?? null, r.put?.markIv ?? null])).toEqual([
      [90_000, null, 50],
      [100_000, 50, null],
      [110_000, 47, null],
    ]);
    expect(view.chosen?.expiries.map((e) => [e.day, e.options, e.underlyingPrice, e.atmStrike, e.smile.length])).toEqual([
      ['20261226', 3, 100_400, 100_000, 3],
      ['20270326', 2, 108_000, 110_000, 2],
    ]);
    expect(optionsView(state, 10, { expiry: '20270326' }).chosen?.rows.map((r) => r.strike)).toEqual([100_000, 110_000]);
    expect(optionsView(state, 10, { chain: 'ETH-USD' }).chosen?.rows.map((r) => r.call?.instrument)).toEqual(['ETH-USD-20261226-3000-C']);
    // An expiry or chain not held: the largest chain's nearest expiry.
    expect(optionsView(state, 10, { chain: 'XRP-USDC', expiry: '20250101' }).chosen?.expiry).toBe('20261226');
  });

  it('leaves out an expiry passed at the time of the view, and a chain with none still to come', () => {
    const state = fold([summary(100_000, 'call', 1), summary(100_000, 'call', 2, { expiryTs: MAR }), summary(3_000, 'call', 3, { coin: 'ETH' })]);
    const later = optionsView(state, DEC);
    expect(later.chains.map((c) => [c.id, c.options, c.expiries])).toEqual([['BTC-USD', 1, 1]]);
    expect(later.chosen?.expiry).toBe('20270326');
    expect(optionsView(state, MAR + DAY)).toEqual({ chains: [], evicted: 0 });
    expect(optionsView(EMPTY_OPTION_CHAINS, 0)).toEqual({ chains: [], evicted: 0 });
  });

  it("is part of the page's view, for the chain the page asks for, and the summaries are counted", () => {
    const state = [summary(100_000, 'call', 1), summary(3_000, 'put', 2, { coin: 'ETH' })].reduce(
      (s, record) => reduceDashboard(s, { kind: 'record', record }),
      EMPTY_DASHBOARD,
    );
    const view = dashboardView(state, initialHealth(0, 'topics'), 10, { chain: 'ETH-USD' });
    expect(view.options.chosen?.rows.map((r) => r.put?.instrument)).toEqual(['ETH-USD-20261226-3000-P']);
    expect(view.counts['option_summary']).toBe(2);
  });

  it('counts a summary it cannot place with the values not decoded, naming the option and why', () => {
    const hub = new DashboardHub(() => 10, false);
    hub.onInput({ kind: 'record', record: summary(100_000, 'call', 1, { markIv: Number.NaN }) });
    const view = hub.view();
    expect([view.health.undecodable, view.health.lastUndecodable]).toEqual([1, 'market.option-summaries.v1: BTC-26DEC26-100000-C: markIv NaN is not a number']);
    expect(view.options.chains).toEqual([]);
  });
});
