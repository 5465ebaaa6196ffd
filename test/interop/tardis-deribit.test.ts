import { normalizeBookChanges, normalizeBookTickers, normalizeDerivativeTickers, normalizeOptionsSummary, normalizeTrades } from 'tardis-dev';
import { describe, expect, it } from 'vitest';
import { levels, ofType, type TardisBookChange, type TardisBookTicker, type TardisMapper, type TardisTicker, type TardisTrade } from './tardis-records.js';
import type { DerivativeTicker, FeedEvent, OptionSummary, TradeEvent } from '../../src/model/index.js';
import {
  INSTRUMENTS,
  asSent,
  deribitBookSteps,
  deribitNormalizer,
  inBase,
  instrumentOf,
  receivedAt,
  recorded,
  sameLevels,
  sameQuantity,
  type DeribitVenue,
  type TardisOptionSummary,
} from './deribit-interop.js';

/**
 * Our Deribit parsers (`deribitNormalizer`: the product's decode path, given the 2021-07-22 instrument lists as
 * `normalize --listings` is, or no list for instruments of other days) against tardis-node's Deribit mappers
 * (`tardis-dev`: `normalizeTrades`, `normalizeBookChanges`, `normalizeBookTickers`, `normalizeDerivativeTickers`,
 * `normalizeOptionsSummary`), written apart from ours and from ccxt's. Each frame goes to both with the same
 * receive time (tardis's `localTimestamp`). tardis keeps Deribit's amounts as sent (USD for inverse contracts), so
 * every inverse size is compared as tardis's amount / price; tardis names an instrument by Deribit's name upper-cased.
 */

/** Each frame through ours and a tardis mapper, each received at its own time by both; `compare` after each (a refusal fails the test). */
function replay<T>(exchange: DeribitVenue, mapper: TardisMapper<T>, frames: readonly string[], compare: (ours: readonly FeedEvent[], theirs: readonly T[], n: number) => void): void {
  const normalize = { listed: deribitNormalizer(exchange, true), other: deribitNormalizer(exchange, false) };
  frames.forEach((text, n) => {
    const at = receivedAt(text);
    const ours = (INSTRUMENTS.has(instrumentOf(text)) ? normalize.listed : normalize.other)(text, at);
    if (!ours.ok) throw new Error(`frame ${n + 1}: ${ours.error}`);
    const message: unknown = JSON.parse(text);
    compare(ours.frame, mapper.canHandle(message) ? [...(mapper.map(message, new Date(at)) ?? [])] : [], n);
  });
}

/** The `trade_seq` of each trade of a trades frame, in order. */
const tradeSeqs = (text: string): readonly string[] =>
  (JSON.parse(text) as { readonly params: { readonly data: readonly { readonly trade_seq: number }[] } }).params.data.map((t) => String(t.trade_seq));

describe("our Deribit parsers against tardis-node's Deribit mappers (tardis-dev) on the same frames", () => {
  it.each([
    ['deribit', 'deribit-trades.ndjson', 4, true],
    ['deribit_options', 'deribit-options-trades.ndjson', 1, false],
  ] as const)('%s trades: every trade alike (price, side, time, receipt); our id is the trade_seq where tardis gives the trade_id; an inverse quantity is tardis\'s USD amount / price', (exchange, file, count, inverse) => {
    const frames = recorded(file);
    const ours: TradeEvent[] = [];
    const theirs: TardisTrade[] = [];
    replay(exchange, normalizeTrades('deribit', new Date(receivedAt(frames[0] ?? ''))) as TardisMapper<TardisTrade>, frames, (o, t) => {
      ours.push(...o.filter(ofType('trade')));
      theirs.push(...t);
    });
    expect([ours.length, theirs.length]).toEqual([count, count]);
    // Deribit: "trade_seq: The sequence number of the trade within instrument"; "trade_id: Unique (per currency) trade identifier" (docs
    // "trades.{instrument_name}.{interval}"). Ours is the trade_seq, consecutive per instrument (holes exact, repaired by id); tardis's
    // id is the trade_id, so ours is compared with the trade_seq of the same trade of the frame.
    expect(ours.map((t) => t.tradeId)).toEqual(frames.flatMap(tradeSeqs));
    ours.forEach((trade, n) => {
      const their = theirs[n];
      expect([trade.symbol.toUpperCase(), trade.price, trade.side.toLowerCase(), trade.exchangeTs, trade.receivedTs]).toEqual([
        their?.symbol,
        their?.price,
        their?.side,
        their?.timestamp.valueOf(),
        their?.localTimestamp.valueOf(),
      ]);
      const theirQuantity = inverse ? inBase(their?.amount ?? NaN, their?.price ?? NaN) : their?.amount;
      expect(sameQuantity(trade.quantity, theirQuantity), `${trade.tradeId}: ${trade.quantity} against ${String(theirQuantity)}`).toBe(true);
    });
  });

  it('deribit ticker: the best bid and ask alike (prices, time; sizes tardis\'s USD amounts / price)', () => {
    let compared = 0;
    replay('deribit', normalizeBookTickers('deribit', new Date(0)) as TardisMapper<TardisBookTicker>, recorded('deribit-ticker.ndjson'), (ours, theirs, n) => {
      const mine = ours.filter(ofType('book_ticker'));
      expect([mine.length, theirs.length]).toEqual([1, 1]);
      const [ticker] = mine;
      const [their] = theirs;
      expect([ticker?.symbol.toUpperCase(), ticker?.bid, ticker?.ask, ticker?.exchangeTs], `frame ${n + 1}`).toEqual([their?.symbol, their?.bidPrice, their?.askPrice, their?.timestamp.valueOf()]);
      expect(sameQuantity(ticker?.bidSize, inBase(their?.bidAmount ?? NaN, their?.bidPrice ?? NaN)), `frame ${n + 1}`).toBe(true);
      expect(sameQuantity(ticker?.askSize, inBase(their?.askAmount ?? NaN, their?.askPrice ?? NaN)), `frame ${n + 1}`).toBe(true);
      compared += 1;
    });
    expect(compared).toBe(3);
  });

  it('deribit ticker: mark, index, last and the funding rate (current_funding in both) alike; tardis\'s open interest is the USD figure, ours that / the mark price', () => {
    const ours: DerivativeTicker[] = [];
    const theirs: TardisTicker[] = [];
    replay('deribit', normalizeDerivativeTickers('deribit', new Date(0)) as TardisMapper<TardisTicker>, recorded('deribit-ticker.ndjson'), (o, t) => {
      ours.push(...o.filter(ofType('derivative_ticker')));
      theirs.push(...t);
    });
    expect([ours.length, theirs.length]).toEqual([3, 3]);
    ours.forEach((mine, n) => {
      const their = theirs[n];
      // Deribit: "current_funding: Current funding (perpetual only)"; "funding_8h: Funding 8h (perpetual only)" (docs "ticker.{instrument_name}.{interval}").
      // Both read current_funding, the rate charged now; funding_8h (what the last 8 h paid: 0.00016281, 0.00001742, 0.00010036) is in neither.
      expect([mine.symbol.toUpperCase(), mine.markPrice, mine.indexPrice, mine.lastPrice, mine.fundingRate, mine.exchangeTs], `frame ${n + 1}`).toEqual([
        their?.symbol,
        their?.markPrice,
        their?.indexPrice,
        their?.lastPrice,
        their?.fundingRate,
        their?.timestamp.valueOf(),
      ]);
      // "open_interest: The total amount of outstanding contracts in the corresponding amount units" (same page): USD for an inverse perpetual.
      expect([mine.openInterestValue, sameQuantity(mine.openInterest, inBase(their?.openInterest ?? NaN, mine.markPrice ?? NaN))], `frame ${n + 1}`).toEqual([their?.openInterest, true]);
    });
    // By hand: 2019 current_funding 0.0 and 66128281 USD at mark 10094.1; 2026 current_funding 2.081e-05 and 716004750 USD at mark 63346.33.
    expect(ours.map((t) => [t.fundingRate, t.openInterest])).toEqual([
      [0, 66128281 / 10094.1],
      [0, 1132329370 / 92281.78],
      [2.081e-5, 716004750 / 63346.33],
    ]);
    expect(ours.every((t) => t.nextFundingTs === undefined)).toBe(true);
  });

  it("deribit book: the recorded BTC-PERPETUAL snapshot is tardis's book change, every level, each size tardis's USD amount / the level's price", () => {
    const [, snapshot = ''] = recorded('deribit-book.ndjson');
    let compared = 0;
    replay('deribit', normalizeBookChanges('deribit', new Date(0)) as TardisMapper<TardisBookChange>, [snapshot], (ours, theirs) => {
      const [change, ...more] = theirs;
      const view = ours.filter(ofType('order_book')).at(-1);
      const inBaseOf = (side: TardisBookChange['bids'] | undefined): readonly (readonly number[])[] => (side ?? []).map((l) => [l.price, inBase(l.amount, l.price)]);
      expect([change?.isSnapshot, more.length, view?.symbol.toUpperCase(), view?.exchangeTs]).toEqual([true, 0, change?.symbol, change?.timestamp.valueOf()]);
      const pairs = [...levels(view?.bids), ...levels(view?.asks)].map((l, i) => [l, [...inBaseOf(change?.bids), ...inBaseOf(change?.asks)][i]] as const);
      expect(pairs.every(([o, t]) => o[0] === t?.[0] && sameQuantity(o[1], t?.[1])), JSON.stringify(pairs)).toBe(true);
      expect([view?.bids.length, view?.asks.length]).toEqual([5, 5]);
      compared += 1;
    });
    expect(compared).toBe(1);
  });

  it("deribit_options: the book tardis's changes build from one option's recorded run (a snapshot, 30 changes) has, at each of our 31 summaries' times, the summary's best bid and ask", () => {
    const mapper = normalizeBookChanges('deribit', new Date(0)) as TardisMapper<TardisBookChange>;
    const bids = new Map<number, number>();
    const asks = new Map<number, number>();
    const tops = new Map<number, readonly (number | undefined)[]>();
    for (const text of recorded('deribit-options-book-run.ndjson')) {
      for (const change of mapper.map(JSON.parse(text) as unknown, new Date(receivedAt(text))) ?? []) {
        if (change.isSnapshot) [bids, asks].forEach((side) => side.clear());
        for (const [side, changed] of [[bids, change.bids] as const, [asks, change.asks] as const])
          for (const { price, amount } of changed) void (amount === 0 ? side.delete(price) : side.set(price, amount));
        const [bid, ask] = [Math.max(...bids.keys()), Math.min(...asks.keys())];
        tops.set(change.timestamp.valueOf(), [bid, bids.get(bid), ask, asks.get(ask)]);
      }
    }
    const summaries: OptionSummary[] = [];
    replay('deribit_options', normalizeOptionsSummary('deribit', new Date(0)) as TardisMapper<TardisOptionSummary>, recorded('deribit-options-ticker-run.ndjson'), (o) => {
      summaries.push(...o.filter(ofType('option_summary')));
    });
    const times = [...tops.keys()].sort((a, b) => a - b);
    expect([tops.size, summaries.length]).toEqual([31, 31]);
    for (const s of summaries) {
      const at = times.filter((t) => t <= s.exchangeTs).at(-1) ?? NaN;
      expect([s.bestBidPrice, s.bestBidAmount, s.bestAskPrice, s.bestAskAmount], String(s.exchangeTs)).toEqual(tops.get(at));
    }
  });

  it("deribit book: the product's book code (the deribit venue's book plan and reducer) rebuilds one option's recorded run frame by frame, and after every frame every level is the book tardis's book changes build", () => {
    // tardis's book: each normalizeBookChanges change applied (a snapshot clears it; amount 0 deletes a level), its sides sorted as a book's.
    // The plan sizes a level as Deribit's amount / its price (the inverse venue's base asset); the run is an option's, whose amounts are
    // already the coin, so each of our sizes is compared converted back (size x price: `asSent`), with tardis's amount as sent.
    const mapper = normalizeBookChanges('deribit', new Date(0)) as TardisMapper<TardisBookChange>;
    const book = recorded('deribit-options-book-run.ndjson');
    const steps = deribitBookSteps(book);
    const bids = new Map<number, number>();
    const asks = new Map<number, number>();
    const sorted = (side: ReadonlyMap<number, number>, descending: boolean): readonly (readonly number[])[] =>
      [...side].sort(([a], [b]) => (descending ? b - a : a - b)).map(([price, amount]) => [price, amount]);
    let changes = 0;
    book.forEach((text, n) => {
      for (const change of mapper.map(JSON.parse(text) as unknown, new Date(receivedAt(text))) ?? []) {
        if (change.isSnapshot) [bids, asks].forEach((side) => side.clear());
        for (const [side, changed] of [[bids, change.bids] as const, [asks, change.asks] as const])
          for (const { price, amount } of changed) void (amount === 0 ? side.delete(price) : side.set(price, amount));
        changes += 1;
        const [view, ...more] = steps[n]?.outputs ?? [];
        expect([view?.type, more.length, steps[n]?.resubscribed], `frame ${n + 1}`).toEqual(['book_view', 0, []]);
        if (view?.type !== 'book_view') continue;
        const [ours, theirs] = [[asSent(view.bids), asSent(view.asks)], [sorted(bids, true), sorted(asks, false)]];
        expect([sameLevels(ours[0] ?? [], theirs[0] ?? []), sameLevels(ours[1] ?? [], theirs[1] ?? [])], `frame ${n + 1}: ${JSON.stringify([ours, theirs])}`).toEqual([true, true]);
        expect([view.symbol.toUpperCase(), view.exchangeTs, view.receivedTs], `frame ${n + 1}`).toEqual([change.symbol, change.timestamp.valueOf(), receivedAt(text)]);
      }
    });
    // One tardis change per frame: the snapshot, then the 30 changes (each adding or deleting the ask at 0.001).
    expect([changes, steps.length]).toEqual([31, 31]);
  });

  it("deribit_options ticker: every option summary field by field is tardis's option_summary (type, strike, expiry, quotes with their IVs, last, mark and mark IV, the five greeks, underlying, open interest, times)", () => {
    const ours: OptionSummary[] = [];
    const theirs: TardisOptionSummary[] = [];
    replay('deribit_options', normalizeOptionsSummary('deribit', new Date(0)) as TardisMapper<TardisOptionSummary>, recorded('deribit-options-ticker.ndjson'), (o, t) => {
      ours.push(...o.filter(ofType('option_summary')));
      theirs.push(...t);
    });
    expect([ours.length, theirs.length]).toEqual([29, 29]);
    ours.forEach((mine, n) => {
      const their = theirs[n];
      // tardis pins the expiry at 08:00 UTC of the name's day; ours is the listing's `expiration_timestamp` (or, unlisted, the name's day at
      // 08:00 UTC, "All options and futures expire at 08:00 UTC"): the same instant for every recorded option.
      expect([mine.symbol.toUpperCase(), mine.optionType, mine.strike, mine.expiryTs], `frame ${n + 1}`).toEqual([their?.symbol, their?.optionType, their?.strikePrice, their?.expirationDate.valueOf()]);
      // tardis turns every zero quote value into undefined (its asNumberIfValid); Deribit sends an empty side as price, amount and IV 0, which
      // the product says is absent (OptionSummary's doc): the two agree on every recorded frame, empty sides included.
      expect([mine.bestBidPrice, mine.bestBidAmount, mine.bestBidIv, mine.bestAskPrice, mine.bestAskAmount, mine.bestAskIv, mine.lastPrice], `frame ${n + 1}`).toEqual([
        their?.bestBidPrice, their?.bestBidAmount, their?.bestBidIV, their?.bestAskPrice, their?.bestAskAmount, their?.bestAskIV, their?.lastPrice,
      ]);
      expect([mine.markPrice, mine.markIv, mine.delta, mine.gamma, mine.vega, mine.theta, mine.rho], `frame ${n + 1}`).toEqual([
        their?.markPrice, their?.markIV, their?.delta, their?.gamma, their?.vega, their?.theta, their?.rho,
      ]);
      expect([mine.underlyingPrice, mine.underlyingIndex, mine.openInterest, mine.exchangeTs, mine.receivedTs], `frame ${n + 1}`).toEqual([
        their?.underlyingPrice, their?.underlyingIndex, their?.openInterest, their?.timestamp.valueOf(), their?.localTimestamp.valueOf(),
      ]);
    });
    // Where they differ: ours names the canonical option (a USDC-settled one keyed by its USDC strike currency, its prices in USDC)
    // and keeps Deribit's `index_price` and `interest_rate`, which tardis-dev 13's option_summary does not carry. By hand from lines 1, 28, 29:
    const pick = (s: OptionSummary | undefined): readonly unknown[] => [s?.instrument, s?.coin, s?.quote, s?.expiryTs, s?.indexPrice, s?.interestRate];
    expect([pick(ours[0]), pick(ours[27]), pick(ours[28])]).toEqual([
      ['ETH-USD-20210730-2800-C', 'ETH', 'ETH', Date.UTC(2021, 6, 30, 8), 2006.72, 0],
      ['BTC-USD-20200605-9250-C', 'BTC', 'BTC', Date.UTC(2020, 5, 5, 8), 9434.36, 0],
      ['MATIC-USDC-20240309-1.02-C', 'MATIC', 'USDC', Date.UTC(2024, 2, 9, 8), 1.1367, 0],
    ]);
    // tardis upper-cases the name, `d` (Deribit's decimal point in a strike) included: MATIC_USDC-9MAR24-1D02-C; ours keeps Deribit's name.
    expect([ours[28]?.symbol, theirs[28]?.symbol]).toEqual(['MATIC_USDC-9MAR24-1d02-C', 'MATIC_USDC-9MAR24-1D02-C']);
  });
});
