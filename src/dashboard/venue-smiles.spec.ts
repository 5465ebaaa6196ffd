import { describe, expect, it } from 'vitest';
import { marketOf, VENUE_IDS } from '../exchanges/venues.js';
import type { ExchangeId } from '../model/market-record.js';
import type { OptionSummary } from '../model/option-summary.js';
import { DAY, DEC, MAR, summary, type SummaryChanges } from './__fixtures__/option-summaries.js';
import { EMPTY_OPTION_CHAINS, reduceOptionSummary, type OptionChains } from './option-chains.js';
import { optionsView, SMILE_MONEYNESS } from './options-view.js';
import { venueSmilesOf } from './venue-smiles.js';

const fold = (summaries: readonly OptionSummary[], from: OptionChains = EMPTY_OPTION_CHAINS): OptionChains =>
  summaries.reduce((s, r) => reduceOptionSummary(s, r), from);
const smilesOf = (state: OptionChains, now = 10, day = '20261226') => venueSmilesOf(Object.values(state.chains), 'BTC', day, now, SMILE_MONEYNESS);

/** A coin-settled option of Deribit (prices in BTC, index 99,000). */
const deribit = (strike: number, side: 'call' | 'put', changes: SummaryChanges = {}): OptionSummary => summary(strike, side, 1, changes);
/** The same option at OKX: the same key, prices in BTC, no index price (its forward prices the premium). */
const okx = (strike: number, side: 'call' | 'put', changes: SummaryChanges = {}): OptionSummary =>
  summary(strike, side, 2, { exchange: 'okx_options', indexPrice: undefined, underlyingPrice: 100_200, ...changes });
/** A USDT-settled option at Bybit: prices in USDT, its own key. */
const bybit = (strike: number, side: 'call' | 'put', changes: SummaryChanges = {}): OptionSummary =>
  summary(strike, side, 3, {
    exchange: 'bybit_options',
    quote: 'USDT',
    instrument: `BTC-USDT-20261226-${strike}-${side === 'call' ? 'C' : 'P'}`,
    underlyingPrice: 99_900,
    bestBidPrice: 4_900,
    bestAskPrice: 5_100,
    markPrice: 5_000,
    ...changes,
  });
/** A venue the registry may not list yet: its records carry its id all the same. */
const LATER = 'binance_options' as ExchangeId;
const later = (strike: number, side: 'call' | 'put', changes: SummaryChanges = {}): OptionSummary =>
  bybit(strike, side, { exchange: LATER, underlyingPrice: 100_100, markIv: 52, ...changes });

const OPTION_VENUES: readonly string[] = VENUE_IDS.filter((id) => marketOf(id) === 'option');

describe("every venue's smile of one underlying and expiry", () => {
  it('joins the venues by coin and expiry day whatever their settlement, each its own smile in the registry order, other coins and days apart', () => {
    const state = fold([
      later(100_000, 'call'),
      bybit(100_000, 'call', { markIv: 51 }),
      okx(100_000, 'call', { markIv: 53 }),
      deribit(100_000, 'call'),
      deribit(90_000, 'put', { markIv: 55, bestBidIv: 54, bestAskIv: undefined }),
      deribit(100_000, 'call', { expiryTs: MAR }),
      deribit(3_000, 'call', { coin: 'ETH', underlyingPrice: 3_000 }),
    ]);
    const view = smilesOf(state);
    // Four forwards (100,000, 100,200, 99,900, 100,100): their median 100,050.
    expect([view?.coin, view?.day, view?.forward]).toEqual(['BTC', '20261226', 100_050]);
    const laterColour = OPTION_VENUES.includes(LATER) ? OPTION_VENUES.indexOf(LATER) : OPTION_VENUES.length;
    expect(view?.smiles.map((s) => [s.exchange, s.colour, s.chain, s.quote, s.underlyingPrice, s.points])).toEqual(
      [
        [
          'deribit_options',
          OPTION_VENUES.indexOf('deribit_options'),
          'BTC-USD',
          'BTC',
          100_000,
          [
            [90_000, 55, 54, null],
            [100_000, 50, 49, 51],
          ],
        ],
        ['bybit_options', OPTION_VENUES.indexOf('bybit_options'), 'BTC-USDT', 'USDT', 99_900, [[100_000, 51, 49, 51]]],
        ['okx_options', OPTION_VENUES.indexOf('okx_options'), 'BTC-USD', 'BTC', 100_200, [[100_000, 53, 49, 51]]],
        [LATER, laterColour, 'BTC-USDT', 'USDT', 100_100, [[100_000, 52, 49, 51]]],
      ].sort((a, b) => Number(a[1]) - Number(b[1])),
    );
    expect(view?.smiles.find((s) => s.exchange === 'deribit_options')?.name).toBe('Deribit options');
    expect(smilesOf(state, 10, '20270326')?.smiles.map((s) => s.exchange)).toEqual(['deribit_options']);
    expect(smilesOf(state, 10, '20261227')).toBeUndefined();
  });

  it('names the best bid and the best ask per strike in USD per coin, a coin-priced premium at its index (else the forward), a USDT one as it is', () => {
    const state = fold([
      // 0.05 BTC x 99,000 = 4,950 USD bid, 0.052 x 99,000 = 5,148 ask.
      deribit(100_000, 'call'),
      // 4,900 USDT bid and 5,100 ask: the higher number in its currency, yet the lower bid; the best ask.
      bybit(100_000, 'call'),
      // 0.0495 BTC x 100,200 (no index: the forward) = 4,959.9 USD: the best bid.
      okx(100_000, 'call', { bestBidPrice: 0.0495, bestAskPrice: 0.0515 }),
    ]);
    const best = smilesOf(state)?.strikes;
    expect(best?.map((b) => [b.strike, b.side, b.bid?.exchange, b.bid?.price, b.bid?.quote, b.ask?.exchange, b.ask?.price, b.ask?.quote])).toEqual([
      [100_000, 'call', 'okx_options', 0.0495, 'BTC', 'bybit_options', 5_100, 'USDT'],
    ]);
    expect(best?.[0]?.bid?.usd).toBeCloseTo(4_959.9, 6);
    expect(best?.[0]?.ask?.usd).toBe(5_100);
  });

  it('leaves out a missing side, and a venue that does not list the strike, from the smile and from the best quotes', () => {
    const state = fold([
      deribit(90_000, 'put', { bestBidPrice: undefined, bestBidIv: undefined, bestBidAmount: undefined }),
      deribit(100_000, 'call'),
      deribit(110_000, 'call', { bestBidPrice: undefined, bestBidIv: undefined, bestAskPrice: undefined, bestAskIv: undefined }),
      bybit(90_000, 'put', { bestBidPrice: 4_000, bestAskPrice: undefined, bestAskIv: undefined }),
      bybit(100_000, 'call'),
    ]);
    const view = smilesOf(state);
    expect(view?.smiles.map((s) => [s.exchange, s.points.map(([k, , bid, ask]) => [k, bid, ask])])).toEqual([
      [
        'deribit_options',
        [
          [90_000, null, 51],
          [100_000, 49, 51],
          [110_000, null, null],
        ],
      ],
      [
        'bybit_options',
        [
          [90_000, 49, null],
          [100_000, 49, 51],
        ],
      ],
    ]);
    expect(view?.strikes.map((b) => [b.strike, b.bid?.exchange ?? null, b.ask?.exchange ?? null])).toEqual([
      [90_000, 'bybit_options', 'deribit_options'],
      [100_000, 'deribit_options', 'bybit_options'],
      [110_000, null, null],
    ]);
  });

  it("compares one option at every venue: the out-of-the-money side at the venues' median forward, a venue's other side drawn only when it lists no such one", () => {
    const state = fold([
      // Forwards 100,500 and 99,500: median 100,000. At 100,000 the call is compared, though Deribit's own forward puts the strike below it.
      deribit(100_000, 'call', { underlyingPrice: 100_500, bestBidPrice: 0.06 }),
      deribit(100_000, 'put', { underlyingPrice: 100_500, markIv: 70, bestBidPrice: 0.5 }),
      bybit(100_000, 'put', { underlyingPrice: 99_500, markIv: 60 }),
    ]);
    const view = smilesOf(state);
    expect(view?.smiles.map((s) => [s.exchange, s.points.map(([k, iv]) => [k, iv])])).toEqual([
      ['deribit_options', [[100_000, 50]]],
      ['bybit_options', [[100_000, 60]]],
    ]);
    // Bybit lists only the put: the call's best quotes are Deribit's.
    expect(view?.strikes).toEqual([
      {
        strike: 100_000,
        side: 'call',
        bid: { exchange: 'deribit_options', price: 0.06, quote: 'BTC', usd: 0.06 * 99_000 },
        ask: { exchange: 'deribit_options', price: 0.052, quote: 'BTC', usd: 0.052 * 99_000 },
      },
    ]);
  });

  it('lets an expired expiry go: none of its venues is drawn once it has passed, and the next summary drops it', () => {
    const state = fold([deribit(100_000, 'call'), bybit(100_000, 'call'), deribit(100_000, 'call', { expiryTs: MAR })]);
    expect(smilesOf(state, DEC - 1)?.smiles).toHaveLength(2);
    expect(smilesOf(state, DEC)).toBeUndefined();
    const later = fold([bybit(100_000, 'put', { expiryTs: MAR, instrument: 'BTC-USDT-20270326-100000-P', exchangeTs: DEC + DAY })], state);
    expect(later.chains['bybit_options/BTC-USDT']?.expiries.map((e) => e.expiryTs)).toEqual([MAR]);
    expect(smilesOf(later, DEC + DAY, '20270326')?.smiles.map((s) => s.exchange)).toEqual(['deribit_options', 'bybit_options']);
  });

  it("is part of the options view: the chosen chain's underlying and expiry day, whichever venue's chain is chosen", () => {
    const state = fold([
      deribit(100_000, 'call'),
      okx(100_000, 'call'),
      okx(110_000, 'call'),
      okx(90_000, 'put'),
      bybit(100_000, 'call'),
      deribit(100_000, 'call', { expiryTs: MAR }),
    ]);
    const view = optionsView(state, 10);
    expect([view.chosen?.key, view.chosen?.expiry, view.venues?.smiles.map((s) => s.exchange)]).toEqual([
      'okx_options/BTC-USD',
      '20261226',
      ['deribit_options', 'bybit_options', 'okx_options'],
    ]);
    expect(optionsView(state, 10, { chain: 'BTC-USD', venue: 'deribit_options', expiry: '20270326' }).venues?.smiles.map((s) => s.exchange)).toEqual([
      'deribit_options',
    ]);
    // A chain asked for without its venue: the venue with most of its options.
    expect(optionsView(state, 10, { chain: 'BTC-USD' }).chosen?.key).toBe('okx_options/BTC-USD');
    expect(optionsView(state, 10, { chain: 'BTC-USDT' }).chosen?.key).toBe('bybit_options/BTC-USDT');
  });
});
