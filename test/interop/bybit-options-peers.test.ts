import ccxt from 'ccxt';
import { normalizeOptionsSummary, normalizeTrades } from 'tardis-dev';
import { describe, expect, it } from 'vitest';
import { createFrameNormalizer } from '../../src/exchanges/frame-normalizer.js';
import type { OptionSummary, TradeEvent } from '../../src/model/index.js';
import { ofType, recordedLines, throughBoth, type TardisMapper, type TardisTrade } from './tardis-records.js';
import type { TardisOptionSummary } from './deribit-interop.js';

/**
 * Our Bybit option readers (`normalize`'s path: the venue's decoder, without its list, as `normalize` reads a
 * replay) against tardis-node's `bybit-options` mappers (`tardis-dev`) and ccxt's Bybit greeks (`parseGreeks`),
 * both written apart from ours, on the recorded frames and Bybit's documented example
 * (test/fixtures/exchange-frames/SOURCES.md). Each frame reaches ours and tardis's with the same receive time.
 */
const LOCAL = Date.UTC(2026, 0, 1);

const lines = recordedLines;

const both = <T>(name: string, mapper: TardisMapper<T>) => throughBoth(createFrameNormalizer('bybit_options', 'c1'), lines(name), LOCAL, mapper);

interface CcxtGreeks {
  readonly delta?: number;
  readonly gamma?: number;
  readonly vega?: number;
  readonly theta?: number;
  readonly rho?: number;
  readonly underlyingPrice?: number;
  readonly markPrice?: number;
  readonly lastPrice?: number;
}

describe("our Bybit option readers against tardis-node's bybit-options mappers and ccxt's Bybit greeks", () => {
  it("tickers: every summary field by field is tardis's option_summary; IVs (fractions on the wire) in percent where tardis passes them through", () => {
    const { ours, theirs } = both('bybit-option-tickers.ndjson', normalizeOptionsSummary('bybit-options', new Date(0)) as TardisMapper<TardisOptionSummary>);
    const summaries = ours.filter(ofType('option_summary'));
    expect([summaries.length, theirs.length]).toEqual([2, 2]);
    summaries.forEach((mine, n) => {
      const their = theirs[n];
      const at = `frame ${n + 1}`;
      expect([mine.symbol, mine.optionType, mine.strike, mine.expiryTs], at).toEqual([their?.symbol, their?.optionType, their?.strikePrice, their?.expirationDate.valueOf()]);
      // tardis reads an empty side ("0" price, size and IV) as absent too (its asNumberIfValid): the documented example's bid.
      expect([mine.bestBidPrice, mine.bestBidAmount, mine.bestAskPrice, mine.bestAskAmount, mine.lastPrice, mine.markPrice, mine.openInterest], at).toEqual([
        their?.bestBidPrice,
        their?.bestBidAmount,
        their?.bestAskPrice,
        their?.bestAskAmount,
        their?.lastPrice,
        their?.markPrice,
        their?.openInterest,
      ]);
      const percent = (fraction: number | undefined): number | undefined => (fraction === undefined ? undefined : Number((fraction * 100).toPrecision(12)));
      expect([mine.bestBidIv, mine.bestAskIv, mine.markIv], at).toEqual([percent(their?.bestBidIV), percent(their?.bestAskIV), percent(their?.markIV)]);
      expect([mine.delta, mine.gamma, mine.vega, mine.theta, mine.underlyingPrice, mine.exchangeTs, mine.receivedTs], at).toEqual([
        their?.delta,
        their?.gamma,
        their?.vega,
        their?.theta,
        their?.underlyingPrice,
        their?.timestamp.valueOf(),
        their?.localTimestamp.valueOf(),
      ]);
      // Neither sends a rho: tardis leaves it undefined, the record's double says NaN (null in JSON).
      expect([Number.isNaN(mine.rho), their?.rho]).toEqual([true, undefined]);
    });
    // Where they differ, by hand from the frames: ours keys the option by its settlement (no suffix: USDC), names the underlying by coin
    // and expiry (tardis ''), and keeps the index price.
    const pick = (s: OptionSummary | undefined): readonly unknown[] => [s?.instrument, s?.coin, s?.quote, s?.underlyingIndex, s?.indexPrice];
    expect(summaries.map(pick)).toEqual([
      ['SOL-USDC-20230428-24-C', 'SOL', 'USDC', 'SOL-28APR23', 20.93],
      ['BTC-USDC-20230106-17500-C', 'BTC', 'USDC', 'BTC-6JAN23', 16823.73],
    ]);
    expect(theirs.map((t) => t.underlyingIndex)).toEqual(['', '']);
  });

  it("tickers: the greeks are ccxt's (`parseGreeks`), and so are the mark, last and underlying prices", () => {
    const exchange = new ccxt.bybit();
    const { ours } = both('bybit-option-tickers.ndjson', normalizeOptionsSummary('bybit-options', new Date(0)) as TardisMapper<TardisOptionSummary>);
    const summaries = ours.filter(ofType('option_summary'));
    const frames = lines('bybit-option-tickers.ndjson').map((text) => (JSON.parse(text) as { readonly data: Record<string, unknown> }).data);
    frames.forEach((data, n) => {
      const greeks = (exchange as unknown as { parseGreeks(g: unknown): CcxtGreeks }).parseGreeks(data);
      const mine = summaries[n];
      expect([mine?.delta, mine?.gamma, mine?.vega, mine?.theta, mine?.markPrice, mine?.lastPrice, mine?.underlyingPrice], `frame ${n + 1}`).toEqual([
        greeks.delta,
        greeks.gamma,
        greeks.vega,
        greeks.theta,
        greeks.markPrice,
        greeks.lastPrice,
        greeks.underlyingPrice,
      ]);
      expect(greeks.rho).toBeUndefined();
    });
  });

  it("publicTrade.{baseCoin}: each trade is tardis's (id, price, amount, side, time)", () => {
    const { ours, theirs } = both('bybit-option-publicTrade.ndjson', normalizeTrades('bybit-options', new Date(0)) as TardisMapper<TardisTrade>);
    const trades: readonly TradeEvent[] = ours.filter(ofType('trade'));
    expect([trades.length, theirs.length]).toEqual([1, 1]);
    expect(trades.map((t) => [t.symbol, t.tradeId, t.price, t.quantity, t.side, t.exchangeTs])).toEqual(
      theirs.map((t) => [t.symbol, t.id, t.price, t.amount, t.side === 'buy' ? 'BUY' : 'SELL', t.timestamp.valueOf()]),
    );
    expect(trades[0]?.instrument).toBe('BTC-USDC-20230428-29500-C');
  });
});
