import { describe, expect, it } from 'vitest';
import type { OptionSummary } from '../model/option-summary.js';
import { DAY, DEC, MAR, summary } from './__fixtures__/option-summaries.js';
import { chainIdOf, EMPTY_OPTION_CHAINS, invalidSummary, reduceOptionSummary, type OptionChainLimits, type OptionChains } from './option-chains.js';

const fold = (summaries: readonly OptionSummary[], limits?: OptionChainLimits, from: OptionChains = EMPTY_OPTION_CHAINS): OptionChains =>
  summaries.reduce((state, s) => reduceOptionSummary(state, s, limits), from);
const strikesOf = (state: OptionChains, chain: string, expiry = 0): number[] => state.chains[chain]?.expiries[expiry]?.rows.map((r) => r.strike) ?? [];

describe('option chains', () => {
  it('keeps each underlying and expiry apart, strikes ascending, the call and the put of a strike on one row', () => {
    const state = fold([
      summary(110_000, 'call', 1),
      summary(90_000, 'put', 2),
      summary(100_000, 'call', 3),
      summary(100_000, 'put', 4),
      summary(100_000, 'call', 5, { expiryTs: MAR, underlyingPrice: 102_000, underlyingIndex: 'BTC-26MAR27' }),
      summary(3_000, 'call', 6, { coin: 'ETH', underlyingPrice: 3_100 }),
      summary(200, 'put', 7, { coin: 'SOL', quote: 'USDC', underlyingPrice: 190 }),
    ]);
    expect(Object.keys(state.chains).sort()).toEqual(['deribit_options/BTC-USD', 'deribit_options/ETH-USD', 'deribit_options/SOL-USDC']);
    const btc = state.chains['deribit_options/BTC-USD'];
    expect(btc?.options).toBe(5);
    expect(btc?.expiries.map((e) => [e.expiryTs, e.options, e.underlyingPrice, e.underlyingIndex])).toEqual([
      [DEC, 4, 100_000, 'BTC-26DEC26'],
      [MAR, 1, 102_000, 'BTC-26MAR27'],
    ]);
    expect(strikesOf(state, 'deribit_options/BTC-USD')).toEqual([90_000, 100_000, 110_000]);
    const atm = btc?.expiries[0]?.rows[1];
    expect([atm?.call?.instrument, atm?.put?.instrument]).toEqual(['BTC-USD-20261226-100000-C', 'BTC-USD-20261226-100000-P']);
    expect(atm?.call).toEqual({
      instrument: 'BTC-USD-20261226-100000-C',
      symbol: 'BTC-26DEC26-100000-C',
      exchange: 'deribit_options',
      ts: 3,
      bid: 0.05,
      bidIv: 49,
      ask: 0.052,
      askIv: 51,
      mark: 0.051,
      markIv: 50,
      delta: 0.5,
      gamma: 0.00001,
      vega: 150,
      theta: -40,
      openInterest: 12.5,
    });
    expect(btc?.indexPrice).toBe(99_000);
    expect(state.chains['deribit_options/SOL-USDC']).toEqual(
      expect.objectContaining({ key: 'deribit_options/SOL-USDC', id: 'SOL-USDC', exchange: 'deribit_options', coin: 'SOL', quote: 'USDC', options: 1 }),
    );
    expect(state.evicted).toBe(0);
  });

  it("takes an option's latest summary: a late older one changes nothing, an empty side is absent, the expiry's forward follows the newest", () => {
    const state = fold([
      summary(100_000, 'call', 10, { markIv: 50 }),
      summary(100_000, 'call', 20, { markIv: 52, bestBidPrice: undefined, bestBidIv: undefined, underlyingPrice: 101_000 }),
      summary(100_000, 'call', 15, { markIv: 1, underlyingPrice: 1 }),
    ]);
    const expiry = state.chains['deribit_options/BTC-USD']?.expiries[0];
    const call = expiry?.rows[0]?.call;
    expect([call?.markIv, call?.ts, 'bid' in (call ?? {}), 'bidIv' in (call ?? {}), call?.ask]).toEqual([52, 20, false, false, 0.052]);
    expect([expiry?.options, expiry?.underlyingPrice]).toEqual([1, 101_000]);
  });

  it('drops an expiry once a summary is past it, and never keeps an option already expired', () => {
    const before = fold([summary(100_000, 'call', DEC - DAY), summary(100_000, 'put', DEC - DAY, { expiryTs: MAR })]);
    expect(before.chains['deribit_options/BTC-USD']?.expiries.map((e) => e.expiryTs)).toEqual([DEC, MAR]);
    // At 08:00 UTC on the 26th December's options expire: the next summary of the chain finds them gone.
    const after = fold([summary(110_000, 'call', DEC, { expiryTs: MAR })], undefined, before);
    expect(after.chains['deribit_options/BTC-USD']?.expiries.map((e) => e.expiryTs)).toEqual([MAR]);
    expect(after.chains['deribit_options/BTC-USD']?.options).toBe(2);
    // A late summary of an expired option adds nothing, and makes no chain of its own.
    expect(fold([summary(120_000, 'call', DEC + 1)], undefined, after).chains['deribit_options/BTC-USD']?.options).toBe(2);
    expect(fold([summary(3_000, 'call', DEC, { coin: 'ETH' })]).chains).toEqual({});
  });

  it('holds at most maxOptionsPerChain options a chain, letting go of the least recently updated', () => {
    const limits = { maxChains: 2, maxOptionsPerChain: 3 };
    const state = fold(
      [summary(90_000, 'put', 1), summary(100_000, 'call', 2), summary(110_000, 'call', 3), summary(90_000, 'put', 4), summary(120_000, 'call', 5)],
      limits,
    );
    // The 100,000 call (updated at 2) went when the 120,000 call came; the 90,000 put was updated at 4.
    expect(strikesOf(state, 'deribit_options/BTC-USD')).toEqual([90_000, 110_000, 120_000]);
    expect([state.chains['deribit_options/BTC-USD']?.options, state.evicted]).toEqual([3, 1]);
    // Updating a held option never lets another go.
    expect(fold([summary(110_000, 'call', 6)], limits, state).evicted).toBe(1);
  });

  it('holds at most maxChains chains, letting go of the one updated least recently', () => {
    const limits = { maxChains: 2, maxOptionsPerChain: 10 };
    const state = fold(
      [
        summary(100_000, 'call', 1),
        summary(100_000, 'put', 2),
        summary(3_000, 'call', 3, { coin: 'ETH' }),
        summary(100_000, 'call', 4),
        summary(200, 'call', 5, { coin: 'SOL', quote: 'USDC' }),
      ],
      limits,
    );
    expect(Object.keys(state.chains).sort()).toEqual(['deribit_options/BTC-USD', 'deribit_options/SOL-USDC']);
    expect(state.evicted).toBe(1);
  });

  it('refuses a summary it cannot place, with the reason, and changes nothing', () => {
    expect(invalidSummary(summary(100_000, 'call', 1))).toBeUndefined();
    expect(invalidSummary(summary(0, 'call', 1))).toBe('strike 0 is not a positive number');
    expect(invalidSummary(summary(100_000, 'call', 1, { markIv: Number.NaN }))).toBe('markIv NaN is not a number');
    expect(invalidSummary(summary(100_000, 'call', 1, { expiryTs: Number.POSITIVE_INFINITY }))).toBe('expiry Infinity is not a time');
    const state = fold([summary(100_000, 'call', 1)]);
    expect(reduceOptionSummary(state, summary(100_000, 'call', 2, { delta: Number.NaN }))).toBe(state);
  });

  it("keeps each venue's chain apart, so two venues keying an option alike never replace each other's quotes", () => {
    const state = fold([
      summary(100_000, 'call', 1, { markIv: 50 }),
      summary(100_000, 'call', 2, { exchange: 'okx_options', markIv: 53 }),
      summary(100_000, 'call', 3, { exchange: 'bybit_options', quote: 'USDT', instrument: 'BTC-USDT-20261226-100000-C', markIv: 51 }),
    ]);
    expect(Object.values(state.chains).map((c) => [c.key, c.id, c.exchange, c.quote, c.expiries[0]?.rows[0]?.call?.markIv])).toEqual([
      ['deribit_options/BTC-USD', 'BTC-USD', 'deribit_options', 'BTC', 50],
      ['okx_options/BTC-USD', 'BTC-USD', 'okx_options', 'BTC', 53],
      ['bybit_options/BTC-USDT', 'BTC-USDT', 'bybit_options', 'USDT', 51],
    ]);
  });

  it('names a chain by the first two parts of its keys', () => {
    expect(chainIdOf({ coin: 'BTC', quote: 'BTC', instrument: 'BTC-USD-20261226-100000-C' })).toBe('BTC-USD');
    expect(chainIdOf({ coin: 'SOL', quote: 'USDC', instrument: 'SOL-USDC-20261226-200-P' })).toBe('SOL-USDC');
    expect(chainIdOf({ coin: 'BTC', quote: 'BTC' })).toBe('BTC-BTC');
  });
});
