import ccxt from 'ccxt';
import { normalizeOptionsSummary, normalizeTrades } from 'tardis-dev';
import { describe, expect, it } from 'vitest';
import { createFrameNormalizer, type FrameNormalizer } from '../../src/exchanges/frame-normalizer.js';
import { okxOptionKey, okxOptionOf } from '../../src/exchanges/okx/okx-option-names.js';
import type { VenueListing } from '../../src/model/instrument.js';
import type { OptionSummary, TradeEvent } from '../../src/model/index.js';
import type { TardisOptionSummary } from './deribit-interop.js';
import { ofType, recordedLines, throughBoth, type TardisMapper, type TardisTrade } from './tardis-records.js';

/**
 * Our OKX option readers (`normalize`'s path with the options' list, as `normalize --listings` reads a
 * replay) against tardis-node's `okex-options` v5 mappers (`tardis-dev`) and ccxt's OKX greeks
 * (`parseGreeks`), both written apart from ours, on the recorded frames of every channel an option's
 * summary is made of (okx-option-channels.ndjson, test/fixtures/exchange-frames/SOURCES.md). Each frame
 * reaches ours and tardis's in the recorded order, with the same receive time.
 */
const LOCAL = Date.UTC(2021, 11, 23);

const lines = recordedLines;

/** The options of the frames as OKX lists them: one contract is 0.1 ETH, 0.01 BTC (`ctVal` 1 times `ctMult`). */
function listing(symbol: string, contractValue: number): VenueListing {
  const option = okxOptionOf(symbol);
  if (option === undefined) throw new Error(`${symbol} is no option`);
  const { coin, expiryTs, terms } = option;
  return { exchange: 'okx_options', symbol, base: coin, quote: coin, state: 'trading', venueStatus: 'live', tickSize: 0.0005, lotStep: contractValue, contractValue, key: okxOptionKey(option), expiryTs, option: terms };
}
const LISTINGS: readonly VenueListing[] = [
  listing('ETH-USD-211222-4000-C', 0.1),
  listing('ETH-USD-211231-9600-C', 0.1),
  listing('ETH-USD-211227-4150-P', 0.1),
  listing('BTC-USD-211224-56000-C', 0.01),
];

const both = <T>(mapper: TardisMapper<T>) => {
  const normalize = createFrameNormalizer('okx_options', 'c1', undefined, LISTINGS);
  // Nothing of these frames is refused, not even an entry alone.
  const checked: FrameNormalizer = (text, ts) => {
    const result = normalize(text, ts);
    expect(result.ok && result.refused).toBeFalsy();
    return result;
  };
  return throughBoth(checked, lines('okx-option-channels.ndjson'), LOCAL, mapper);
};

interface CcxtGreeks {
  readonly delta?: number;
  readonly gamma?: number;
  readonly vega?: number;
  readonly theta?: number;
  readonly rho?: number;
  readonly bidImpliedVolatility?: number;
  readonly askImpliedVolatility?: number;
  readonly markImpliedVolatility?: number;
}

const percent = (fraction: number | undefined): number | undefined => (fraction === undefined ? undefined : Number((fraction * 100).toPrecision(12)));

describe("our OKX option readers against tardis-node's okex-options mappers and ccxt's OKX greeks", () => {
  it("opt-summary merged with the option's mark, open interest and quote: tardis's option_summary field by field, where both publish", () => {
    const { ours, theirs } = both(normalizeOptionsSummary('okex-options', new Date(LOCAL)) as TardisMapper<TardisOptionSummary>);
    const summaries = ours.filter(ofType('option_summary'));
    // tardis publishes every opt-summary entry, with no mark where none came; ours waits for the option's mark (one came, for 9600-C).
    expect(theirs.map((t) => [t.symbol, t.markPrice])).toEqual([
      ['ETH-USD-211222-4000-C', undefined],
      ['ETH-USD-211231-9600-C', 3.8005764218904408],
      ['ETH-USD-211227-4150-P', undefined],
    ]);
    expect(summaries.map((s) => s.symbol)).toEqual(['ETH-USD-211231-9600-C']);
    const mine = summaries[0];
    const their = theirs[1];
    expect([mine?.symbol, mine?.optionType, mine?.strike, mine?.expiryTs, mine?.exchangeTs, mine?.receivedTs]).toEqual([
      their?.symbol,
      their?.optionType,
      their?.strikePrice,
      their?.expirationDate.valueOf(),
      their?.timestamp.valueOf(),
      their?.localTimestamp.valueOf(),
    ]);
    // The empty bid ("" price and size) is absent in both; the ask, the last and the mark are the same numbers.
    expect([mine?.bestBidPrice, mine?.bestBidAmount, mine?.bestAskPrice, mine?.lastPrice, mine?.markPrice]).toEqual([
      their?.bestBidPrice,
      their?.bestBidAmount,
      their?.bestAskPrice,
      their?.lastPrice,
      their?.markPrice,
    ]);
    // IVs: fractions on the wire, which tardis passes through; ours in percent. No bid quote: no bid IV in either.
    expect([mine?.markIv, mine?.bestAskIv, mine?.bestBidIv]).toEqual([percent(their?.markIV), percent(their?.bestAskIV), undefined]);
    expect(their?.bestBidIV).toBeUndefined();
    expect([mine?.underlyingIndex, their?.underlyingIndex]).toEqual(['ETH-USD', 'ETH-USD']);
    // By design, from the frames by hand: sizes and open interest in the coin (tardis: contracts; 111 x 0.1, oiCcy 3.6 = oi 36 x 0.1);
    // the Black-Scholes greeks in USD (tardis: OKX's coin greeks); the forward as the underlying, which these frames do not send
    // (NaN; tardis: the index, 3814.05); no rho in either.
    expect([mine?.bestAskAmount, their?.bestAskAmount, mine?.openInterest, their?.openInterest]).toEqual([11.1, 111, 3.6, 36]);
    expect([mine?.delta, mine?.gamma, mine?.vega, mine?.theta]).toEqual([0.0037586392, 0.0000090065, 0.0733893466, -0.6403023344]);
    expect([their?.delta, their?.gamma, their?.vega, their?.theta]).toEqual([0.0034043137, 0.0275368426, 0.0000192452, -0.0001676198]);
    expect([mine?.underlyingPrice, their?.underlyingPrice]).toEqual([Number.NaN, 3814.05]);
    expect([Number.isNaN(mine?.rho), their?.rho]).toEqual([true, undefined]);
  });

  it("opt-summary: the IVs are ccxt's (`parseGreeks`) in percent; the greeks are the frame's Black-Scholes ones, where ccxt's are the coin ones", () => {
    const exchange = new ccxt.okx();
    const entries = lines('okx-option-channels.ndjson')
      .map((text) => JSON.parse(text) as { readonly arg: { readonly channel: string }; readonly data: readonly Record<string, string>[] })
      .filter((frame) => frame.arg.channel === 'opt-summary')
      .flatMap((frame) => frame.data);
    expect(entries).toHaveLength(3);
    // Every entry's summary, given a mark and a quote of each side for each option (an IV is published with its side's quote).
    const normalize = createFrameNormalizer('okx_options', 'c1', undefined, LISTINGS);
    const ours: OptionSummary[] = [];
    for (const entry of entries) {
      const { instId, ts } = entry;
      const mark = { arg: { channel: 'mark-price', instId }, data: [{ instId, instType: 'OPTION', markPx: '0.0005', ts }] };
      const quote = { arg: { channel: 'tickers', instId }, data: [{ instType: 'OPTION', instId, last: '', bidPx: '0.001', bidSz: '3', askPx: '0.002', askSz: '4', ts }] };
      const summary = { arg: { channel: 'opt-summary', uly: 'ETH-USD' }, data: [entry] };
      for (const text of [mark, quote, summary].map((frame) => JSON.stringify(frame))) {
        const result = normalize(text, LOCAL);
        if (result.ok) ours.push(...result.frame.filter(ofType('option_summary')));
      }
    }
    expect(ours.map((s) => s.symbol)).toEqual(entries.map((e) => e.instId));
    entries.forEach((entry, n) => {
      const greeks = (exchange as unknown as { parseGreeks(g: unknown): CcxtGreeks }).parseGreeks(entry);
      const mine = ours[n];
      expect([mine?.markIv, mine?.bestBidIv, mine?.bestAskIv], entry.instId).toEqual([
        percent(greeks.markImpliedVolatility),
        percent(greeks.bidImpliedVolatility),
        percent(greeks.askImpliedVolatility),
      ]);
      expect([greeks.delta, greeks.gamma, greeks.vega, greeks.theta], entry.instId).toEqual([entry.delta, entry.gamma, entry.vega, entry.theta].map(Number));
      expect([mine?.delta, mine?.gamma, mine?.vega, mine?.theta], entry.instId).toEqual([entry.deltaBS, entry.gammaBS, entry.vegaBS, entry.thetaBS].map(Number));
      expect(greeks.rho).toBeUndefined();
    });
  });

  it("trades: each trade is tardis's (id, price, side, time), its amount in the coin (tardis: contracts)", () => {
    const { ours, theirs } = both(normalizeTrades('okex-options', new Date(LOCAL)) as TardisMapper<TardisTrade>);
    const trades: readonly TradeEvent[] = ours.filter(ofType('trade'));
    expect([trades.length, theirs.length]).toEqual([1, 1]);
    expect(trades.map((t) => [t.symbol, t.tradeId, t.price, t.side, t.exchangeTs])).toEqual(
      theirs.map((t) => [t.symbol, t.id, t.price, t.side === 'buy' ? 'BUY' : 'SELL', t.timestamp.valueOf()]),
    );
    expect([trades[0]?.quantity, theirs[0]?.amount, trades[0]?.instrument]).toEqual([0.01, 1, 'BTC-USD-20211224-56000-C']);
  });
});
