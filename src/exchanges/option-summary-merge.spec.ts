import { describe, expect, it } from 'vitest';
import type { MarketEvent } from '../model/index.js';
import type { OptionSummary } from '../model/option-summary.js';
import { optionSummaryMerge } from './option-summary-merge.js';

const base = {
  exchange: 'okx_options',
  symbol: 'BTC-USD-261127-56000-C',
  coin: 'BTC',
  quote: 'BTC',
  exchangeTs: 1,
  receivedTs: 2,
  isFallback: false,
  env: 'prod',
  connectionId: 'c1',
} as const;
const summary = (fields: Partial<OptionSummary>): OptionSummary => ({
  ...base,
  type: 'option_summary',
  optionType: 'call',
  strike: 56000,
  expiryTs: Date.UTC(2026, 10, 27, 8),
  markPrice: Number.NaN,
  markIv: 55,
  delta: 0.5,
  gamma: 0.00002,
  vega: 70,
  theta: -20,
  rho: Number.NaN,
  underlyingPrice: 91000,
  underlyingIndex: 'BTC-USD-261127',
  ...fields,
});
const part = (fields: Record<string, number>): MarketEvent => ({ ...base, type: 'derivative_ticker', ...fields });
const quote = (bid: number, bidSize: number, ask: number, askSize: number): MarketEvent => ({
  ...base,
  type: 'book_ticker',
  bid,
  bidSize,
  ask,
  askSize,
  exchangeTsEstimated: false,
});
const trade = (price: number): MarketEvent => ({ ...base, type: 'trade', tradeId: '7', price, quantity: 0.1, side: 'BUY', isBuyerMaker: false });

function run(lastFromTrades: boolean, events: readonly MarketEvent[]): readonly MarketEvent[] {
  const merge = optionSummaryMerge({ lastFromTrades });
  return merge.reduce(merge.initial(base.symbol), events).events;
}

describe('optionSummaryMerge', () => {
  it("fills what a summary does not carry from the option's parts, never what it carries, and publishes no part", () => {
    const own = summary({ markPrice: 0.02, bestBidPrice: 0.019, bestBidAmount: 1, bestBidIv: 54, lastPrice: 0.021, openInterest: 5 });
    const out = run(false, [part({ markPrice: 0.03, openInterest: 9, lastPrice: 0.03 }), quote(0.018, 2, 0.022, 3), own]);
    expect(out).toHaveLength(1);
    expect(out[0]).toMatchObject({
      markPrice: 0.02,
      bestBidPrice: 0.019,
      bestBidAmount: 1,
      bestBidIv: 54,
      bestAskPrice: 0.022,
      bestAskAmount: 3,
      lastPrice: 0.021,
      openInterest: 5,
    });
  });

  it('holds a summary without a mark until the first mark, the latest one only; drops an IV whose side has no quote', () => {
    const out = run(false, [
      summary({ markIv: 50 }),
      summary({ markIv: 51, bestAskIv: 60, bestBidIv: 40 }),
      quote(Number.NaN, 0, 0.02, 1),
      part({ markPrice: 0 }),
    ]);
    expect(out.map((e) => (e.type === 'option_summary' ? [e.markIv, e.markPrice, e.bestAskIv, e.bestBidIv, e.bestBidPrice] : e.type))).toEqual([
      [51, 0, 60, undefined, undefined],
    ]);
  });

  it('takes the last price from trades where the venue says so, passing the trades on', () => {
    const events = [trade(0.025), summary({ markPrice: 0.02 })];
    expect(run(true, events).map((e) => (e.type === 'option_summary' ? e.lastPrice : e.type))).toEqual(['trade', 0.025]);
    expect(run(false, events).map((e) => (e.type === 'option_summary' ? e.lastPrice : e.type))).toEqual(['trade', undefined]);
  });
});
