import ccxt from 'ccxt';
import { describe, expect, it } from 'vitest';
import { levels, ofType } from './tardis-records.js';
import type { BookView } from '../../src/exchanges/book-update.js';
import type { BookTicker, DerivativeTicker, FeedEvent, OptionSummary, OrderBookView, TradeEvent } from '../../src/model/index.js';
import {
  INSTRUMENTS,
  asSent,
  channelOf,
  deribitBookSteps,
  deribitNormalizer,
  inBase,
  instrumentOf,
  receivedAt,
  recorded,
  sameLevels,
  sameQuantity,
  type DeribitVenue,
} from './deribit-interop.js';

/**
 * Our Deribit parsers (`deribitNormalizer`: the product's decode path, given the 2021-07-22 instrument lists as
 * `normalize --listings` is, or no list for instruments of other days) against ccxt's `pro.deribit` handlers fed
 * the same frames through `handleMessage`, its markets set by hand from the instrument names (no REST call).
 * ccxt keeps Deribit's amounts as sent: USD for inverse contracts, the coin for options. We publish an inverse
 * contract's sizes in the base asset, so each is compared as ccxt's USD amount / price. Where ccxt reads a field
 * otherwise than Deribit documents it, the test says so and asserts our reading.
 */
interface CcxtTrade {
  readonly id: string;
  readonly symbol: string;
  readonly price: number;
  readonly amount: number;
  readonly cost: number;
  readonly side: string;
  readonly timestamp: number;
  readonly info: { readonly trade_seq: number };
}
interface CcxtTicker {
  readonly timestamp?: number;
  readonly bid?: number;
  readonly bidVolume?: number;
  readonly ask?: number;
  readonly askVolume?: number;
  readonly last?: number;
  readonly markPrice?: number;
  readonly indexPrice?: number;
}
interface CcxtGreeks {
  readonly delta?: number;
  readonly gamma?: number;
  readonly theta?: number;
  readonly vega?: number;
  readonly rho?: number;
  readonly bidSize?: number;
  readonly askSize?: number;
  readonly bidImpliedVolatility?: number;
  readonly askImpliedVolatility?: number;
  readonly markImpliedVolatility?: number;
  readonly bidPrice?: number;
  readonly askPrice?: number;
  readonly markPrice?: number;
  readonly lastPrice?: number;
  readonly underlyingPrice?: number;
}
interface CcxtBook {
  readonly bids: readonly (readonly number[])[];
  readonly asks: readonly (readonly number[])[];
  readonly timestamp?: number;
}
interface CcxtDeribit {
  handleMessage(client: unknown, message: unknown): void;
  setMarkets(markets: readonly Record<string, unknown>[]): unknown;
  parseGreeks(ticker: unknown): CcxtGreeks;
  parseOpenInterest(ticker: unknown): { readonly openInterestAmount?: number; readonly openInterestValue?: number };
  readonly trades: Record<string, readonly CcxtTrade[]>;
  readonly tickers: Record<string, CcxtTicker>;
  readonly orderbooks: Record<string, CcxtBook>;
}

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];

/**
 * ccxt's market of a Deribit name, as its `fetchMarkets` makes one from `get_instruments` (symbol
 * `BASE/QUOTE:SETTLE[-YYMMDD[-STRIKE-C|P]]`, `inverse` when the quote is not the settle currency): read here from
 * the name itself (expiry day, strike with `d` for a decimal point, C or P), the contract size from the recorded list.
 */
function ccxtMarket(id: string): Record<string, unknown> {
  const [currency = '', day = '', strike, letter] = id.split('-');
  const [base = '', usdc] = currency.split('_');
  const [quote, settle] = usdc === undefined ? ['USD', base] : [usdc, usdc];
  const [, d = '', month = '', yy = ''] = /^(\d{1,2})([A-Z]{3})(\d{2})$/.exec(day) ?? [];
  const yymmdd = `${yy}${String(MONTHS.indexOf(month) + 1).padStart(2, '0')}${d.padStart(2, '0')}`;
  const option = letter !== undefined;
  const future = !option && day !== 'PERPETUAL';
  const suffix = option ? `-${yymmdd}-${String(Number((strike ?? '').replace('d', '.')))}-${letter}` : future ? `-${yymmdd}` : '';
  const type = option ? 'option' : future ? 'future' : 'swap';
  const kind = { type, spot: false, swap: type === 'swap', future, option, contract: true, linear: quote === settle, inverse: quote !== settle };
  const contractSize = INSTRUMENTS.get(id)?.contract_size ?? (option ? 1 : base === 'BTC' ? 10 : 1);
  return { id, symbol: `${base}/${quote}:${settle}${suffix}`, base, quote, settle, baseId: base, quoteId: quote, settleId: settle, ...kind, contractSize, active: true, precision: {}, limits: {}, info: {} };
}

/** A client that takes ccxt's resolutions and keeps no subscriptions. */
const client = { url: 'wss://www.deribit.com/ws/api/v2', resolve: () => undefined, reject: () => undefined, subscriptions: {} };

/** Each frame through both, each received at its own time; `compare` after each with what we made of it (a refusal fails the test). */
function replay(exchange: DeribitVenue, listed: boolean, frames: readonly string[], compare: (ours: readonly FeedEvent[], theirs: CcxtDeribit, n: number) => void): CcxtDeribit {
  const normalize = deribitNormalizer(exchange, listed);
  const theirs = new ccxt.pro.deribit() as unknown as CcxtDeribit;
  theirs.setMarkets([...new Set(frames.map(instrumentOf))].filter((id) => id !== 'option').map(ccxtMarket));
  frames.forEach((text, n) => {
    theirs.handleMessage(client, JSON.parse(text) as unknown);
    const ours = normalize(text, receivedAt(text));
    if (!ours.ok) throw new Error(`frame ${n + 1}: ${ours.error}`);
    compare(ours.frame, theirs, n);
  });
  return theirs;
}

const symbolOf = (id: string): string => String(ccxtMarket(id).symbol);

describe("our Deribit parsers against ccxt's pro deribit handlers on the recorded frames", () => {
  it("deribit trades: every trade is ccxt's of the same trade_seq (price, taker side, time); our quantity is its USD amount / price, which ccxt gives as the trade's cost", () => {
    const ours: TradeEvent[] = [];
    const theirs: CcxtTrade[] = [];
    replay('deribit', true, recorded('deribit-trades.ndjson'), (events, exchange) => {
      ours.push(...events.filter(ofType('trade')));
      // ccxt 4.5's handleTrades makes a new cache for each message (its safeDict of the cache, an array, is undefined): read the frame's trades after each.
      theirs.push(...(exchange.trades[symbolOf('BTC-PERPETUAL')] ?? []));
    });
    expect([ours.length, theirs.length]).toEqual([4, 4]);
    ours.forEach((trade, n) => {
      const their = theirs[n];
      // Our trade id is Deribit's `trade_seq` ("The sequence number of the trade within instrument", docs "trades.{instrument_name}.{interval}"), consecutive per
      // instrument; ccxt's id is Deribit's `trade_id`, which is not.
      expect([trade.tradeId, trade.price, trade.side.toLowerCase(), trade.exchangeTs]).toEqual([String(their?.info.trade_seq), their?.price, their?.side, their?.timestamp]);
      expect(sameQuantity(trade.quantity, inBase(their?.amount ?? NaN, their?.price ?? NaN)), trade.tradeId).toBe(true);
      expect(sameQuantity(trade.quantity, their?.cost), trade.tradeId).toBe(true);
    });
    // By hand: 1120 USD at 4469.5 (2020), 10 and 750 USD at 92294.5 and 92288.5 (2025), 20 USD at 63344.5 (2026), on BTC-USD-INV-PERP.
    expect(ours.map((t) => [t.instrument, t.tradeId, t.quantity])).toEqual([
      ['BTC-USD-INV-PERP', '40781986', 1120 / 4469.5],
      ['BTC-USD-INV-PERP', '271252854', 10 / 92294.5],
      ['BTC-USD-INV-PERP', '271252855', 750 / 92288.5],
      ['BTC-USD-INV-PERP', '296152987', 20 / 63344.5],
    ]);
  });

  it("deribit_options trades: the option trade alike (trade_seq, price in BTC, amount in BTC, side, time); ccxt files the `trades.option.any` channel's trades under 'option'", () => {
    const ours: TradeEvent[] = [];
    const theirs = replay('deribit_options', false, recorded('deribit-options-trades.ndjson'), (events) => void ours.push(...events.filter(ofType('trade'))));
    const [their, ...more] = theirs.trades.option ?? [];
    expect([ours.length, more.length, their?.symbol]).toEqual([1, 0, 'BTC/USD:BTC-210326-62000-C']);
    const [mine] = ours;
    // An option's "amount ... is the underlying base currency coin" (docs "trades.{instrument_name}.{interval}"): 0.1 BTC, its price 0.007 BTC.
    expect([mine?.tradeId, mine?.price, mine?.quantity, mine?.side.toLowerCase(), mine?.exchangeTs]).toEqual([String(their?.info.trade_seq), their?.price, their?.amount, their?.side, their?.timestamp]);
    expect([mine?.instrument, mine?.coin, mine?.quote, mine?.quantity]).toEqual(['BTC-USD-20210326-62000-C', 'BTC', 'BTC', 0.1]);
  });

  it('deribit book: after the recorded BTC-PERPETUAL snapshot every level is ccxt\'s, each size its USD amount / the level\'s price', () => {
    // deribit-book.ndjson line 2 (ccxt's recording, 2026): a snapshot cut to 5 + 5 levels by ccxt's test author; line 3 names levels it lacks, so it is not fed.
    const [, snapshot = ''] = recorded('deribit-book.ndjson');
    let compared = 0;
    replay('deribit', true, [snapshot], (events, theirs) => {
      const view: OrderBookView | undefined = events.filter(ofType('order_book')).at(-1);
      const their = theirs.orderbooks[symbolOf('BTC-PERPETUAL')];
      const inBaseOf = (side: readonly (readonly number[])[] | undefined): readonly (readonly number[])[] => (side ?? []).map(([p = NaN, a = NaN]) => [p, inBase(a, p)]);
      expect([view?.bids.map((l) => l.price), view?.asks.map((l) => l.price)]).toEqual([their?.bids.map(([p]) => p), their?.asks.map(([p]) => p)]);
      const pairs = [...levels(view?.bids), ...levels(view?.asks)].map((l, i) => [l[1], [...inBaseOf(their?.bids), ...inBaseOf(their?.asks)][i]?.[1]] as const);
      expect(pairs.every(([o, t]) => sameQuantity(o, t)), JSON.stringify(pairs)).toBe(true);
      expect([view?.exchangeTs, view?.bids.length, view?.asks.length]).toEqual([their?.timestamp, 5, 5]);
      // By hand: the best bid 372280 USD at 63324.5 is 5.8789... BTC.
      expect(view?.bids[0]?.size).toBe(372280 / 63324.5);
      compared += 1;
    });
    expect(compared).toBe(1);
  });

  it('deribit ticker: best bid/ask (sizes USD / price), last, mark and index alike; open interest is ccxt\'s openInterestValue (USD) / mark', () => {
    let compared = 0;
    replay('deribit', true, recorded('deribit-ticker.ndjson'), (events, theirs, n) => {
      const [ticker]: BookTicker[] = events.filter(ofType('book_ticker'));
      const derivative: DerivativeTicker | undefined = events.filter(ofType('derivative_ticker')).at(-1);
      const their = theirs.tickers[symbolOf('BTC-PERPETUAL')];
      expect([ticker?.bid, ticker?.ask, ticker?.exchangeTs], `frame ${n + 1}`).toEqual([their?.bid, their?.ask, their?.timestamp]);
      expect(sameQuantity(ticker?.bidSize, inBase(their?.bidVolume ?? NaN, their?.bid ?? NaN)), `frame ${n + 1}`).toBe(true);
      expect(sameQuantity(ticker?.askSize, inBase(their?.askVolume ?? NaN, their?.ask ?? NaN)), `frame ${n + 1}`).toBe(true);
      expect([derivative?.markPrice, derivative?.indexPrice, derivative?.lastPrice], `frame ${n + 1}`).toEqual([their?.markPrice, their?.indexPrice, their?.last]);
      // Deribit: "open_interest: The total amount of outstanding contracts in the corresponding amount units" (docs "ticker.{instrument_name}.{interval}"):
      // USD for an inverse perpetual. ccxt's parseOpenInterest gives it as openInterestValue (no amount in coins); ours is it / the mark price.
      const frame = JSON.parse(recorded('deribit-ticker.ndjson')[n] ?? '') as { readonly params: { readonly data: unknown } };
      const interest = theirs.parseOpenInterest(frame.params.data);
      expect([interest.openInterestAmount, sameQuantity(derivative?.openInterest, inBase(interest.openInterestValue ?? NaN, their?.markPrice ?? NaN))], `frame ${n + 1}`).toEqual([undefined, true]);
      compared += 1;
    });
    expect(compared).toBe(3);
  });

  it("deribit_options ticker: every option summary's quotes, IVs, mark, last, greeks and underlying price are ccxt's parseGreeks of the same ticker, except the empty sides ccxt keeps as zeros", () => {
    const frames = recorded('deribit-options-ticker.ndjson');
    const summaries: OptionSummary[] = [];
    const normalize = { listed: deribitNormalizer('deribit_options', true), other: deribitNormalizer('deribit_options', false) };
    const theirs = new ccxt.pro.deribit() as unknown as CcxtDeribit;
    for (const text of frames) {
      const ours = (INSTRUMENTS.has(instrumentOf(text)) ? normalize.listed : normalize.other)(text, receivedAt(text));
      if (!ours.ok) throw new Error(`${channelOf(text) ?? ''}: ${ours.error}`);
      const mine = ours.frame.filter(ofType('option_summary'));
      expect(mine.length, channelOf(text)).toBe(1);
      summaries.push(...mine);
      const g = theirs.parseGreeks((JSON.parse(text) as { readonly params: { readonly data: unknown } }).params.data);
      const [s] = mine;
      expect([s?.delta, s?.gamma, s?.theta, s?.vega, s?.rho, s?.markIv, s?.markPrice, s?.lastPrice, s?.underlyingPrice], channelOf(text)).toEqual([
        g.delta, g.gamma, g.theta, g.vega, g.rho, g.markImpliedVolatility, g.markPrice, g.lastPrice, g.underlyingPrice,
      ]);
      // Deribit sends an empty side as price, amount and IV 0 (the ETH-27AUG21-4000-P frames: no bid, no ask). ccxt keeps those zeros; the
      // product says such a quote is absent (OptionSummary's doc), so a side is compared only where the venue quoted one.
      const bid = g.bidSize === 0 ? [undefined, undefined, undefined] : [g.bidPrice, g.bidSize, g.bidImpliedVolatility];
      const ask = g.askSize === 0 ? [undefined, undefined, undefined] : [g.askPrice, g.askSize, g.askImpliedVolatility];
      expect([[s?.bestBidPrice, s?.bestBidAmount, s?.bestBidIv], [s?.bestAskPrice, s?.bestAskAmount, s?.bestAskIv]], channelOf(text)).toEqual([bid, ask]);
    }
    expect(summaries.length).toBe(29);
    expect(summaries.filter((s) => s.bestBidPrice === undefined && s.bestAskPrice === undefined).map((s) => s.symbol)).toEqual(['ETH-27AUG21-4000-P', 'ETH-27AUG21-4000-P', 'MATIC_USDC-9MAR24-1d02-C']);
  });

  it("deribit_options: one option's whole recorded book run (a snapshot and 30 changes) rebuilt by ccxt; the best bid and ask of each of our 31 summaries is the top of that book at the summary's time", () => {
    // The book and the ticker of BTC-24SEP21-8000-P were recorded on one connection: 31 frames each, fed here in the order received
    // (deribit_options publishes no option book: the summary carries the best quotes). ccxt's book after each book frame, by its time:
    const book = recorded('deribit-options-book-run.ndjson');
    const tops = new Map<number, readonly (number | undefined)[]>();
    const theirs = new ccxt.pro.deribit() as unknown as CcxtDeribit;
    theirs.setMarkets([ccxtMarket('BTC-24SEP21-8000-P')]);
    for (const text of book) {
      theirs.handleMessage(client, JSON.parse(text) as unknown);
      const their = theirs.orderbooks[symbolOf('BTC-24SEP21-8000-P')];
      const [[bid, bidSize] = [], [ask, askSize] = []] = [their?.bids[0], their?.asks[0]];
      tops.set(their?.timestamp ?? NaN, [bid, bidSize, ask, askSize]);
    }
    const summaries: OptionSummary[] = [];
    replay('deribit_options', true, recorded('deribit-options-ticker-run.ndjson'), (events) => void summaries.push(...events.filter(ofType('option_summary'))));
    const times = [...tops.keys()].sort((a, b) => a - b);
    const topAt = (ts: number): readonly (number | undefined)[] | undefined => tops.get(times.filter((t) => t <= ts).at(-1) ?? NaN);
    expect([tops.size, summaries.length]).toEqual([31, 31]);
    for (const s of summaries) expect([s.bestBidPrice, s.bestBidAmount, s.bestAskPrice, s.bestAskAmount], String(s.exchangeTs)).toEqual(topAt(s.exchangeTs));
    // By hand: the bid 153.1 BTC at 0.0005 throughout; the ask 2.6 or 2.7 at 0.001 after each change that adds it, 94.7 at 0.0015 after each that deletes it.
    expect(summaries.map((s) => s.bestAskPrice).filter((p) => p === 0.001).length).toBe(15);
  });

  /** ccxt's side as [price, amount] (its counted book keeps a third figure, the level's count). */
  const pairsOf = (side: readonly (readonly number[])[] | undefined): readonly (readonly number[])[] => (side ?? []).map(([p = NaN, a = NaN]) => [p, a]);
  /** A frame's `change_id`. */
  const changeIdOf = (text: string): number => (JSON.parse(text) as { readonly params: { readonly data: { readonly change_id: number } } }).params.data.change_id;
  const OPTION = 'BTC-24SEP21-8000-P';

  /** Our book after a frame against ccxt's after the same frame: every level (price and the amount Deribit sent), its time and change id. */
  function expectCcxtBook(view: BookView, theirs: CcxtDeribit, text: string, n: number): void {
    const their = theirs.orderbooks[symbolOf(OPTION)];
    const [ours, them] = [[asSent(view.bids), asSent(view.asks)], [pairsOf(their?.bids), pairsOf(their?.asks)]];
    expect([sameLevels(ours[0] ?? [], them[0] ?? []), sameLevels(ours[1] ?? [], them[1] ?? [])], `frame ${n + 1}: ${JSON.stringify([ours, them])}`).toEqual([true, true]);
    expect([view.symbol, view.exchangeTs, view.updateId], `frame ${n + 1}`).toEqual([OPTION, their?.timestamp, changeIdOf(text)]);
  }

  it("deribit book: the product's book code (the deribit venue's book plan and reducer) rebuilds one option's recorded run frame by frame, and after every frame every level is ccxt's", () => {
    // The plan sizes a level as Deribit's amount / its price (the inverse venue's base asset); the run is an option's, whose amounts are
    // already the coin, so each of our sizes is compared converted back (size x price: `asSent`), with ccxt's amount as sent.
    const book = recorded('deribit-options-book-run.ndjson');
    const steps = deribitBookSteps(book);
    const theirs = new ccxt.pro.deribit() as unknown as CcxtDeribit;
    theirs.setMarkets([ccxtMarket(OPTION)]);
    const asks: number[] = [];
    book.forEach((text, n) => {
      theirs.handleMessage(client, JSON.parse(text) as unknown);
      const [view, ...more] = steps[n]?.outputs ?? [];
      expect([view?.type, more.length, steps[n]?.resubscribed], `frame ${n + 1}`).toEqual(['book_view', 0, []]);
      if (view?.type !== 'book_view') return;
      expectCcxtBook(view, theirs, text, n);
      asks.push(view.asks.length);
    });
    // By hand: the snapshot's 1 bid and 14 asks; each of the 30 changes adds the ask at 0.001 (15 asks) or deletes it (14 again).
    expect([steps.length, asks[0], asks.filter((a) => a === 15).length, asks.filter((a) => a === 14).length]).toEqual([31, 14, 15, 16]);
  });

  it('deribit book: the same run with one change left out breaks the change_id chain, and the product refuses to go on at the next frame (one resync, the book resubscribed, nothing published after)', () => {
    // Line 11 left out: the change 33195895734 (prev 33195895729) that deletes the ask at 0.001. The next change names 33195895734,
    // which the book never saw. ccxt's handleOrderBook applies every change without reading prev_change_id, so from there on its
    // book is not asserted: it goes on from a book missing a change.
    const run = recorded('deribit-options-book-run.ndjson');
    const broken = [...run.slice(0, 10), ...run.slice(11)];
    const steps = deribitBookSteps(broken);
    const theirs = new ccxt.pro.deribit() as unknown as CcxtDeribit;
    theirs.setMarkets([ccxtMarket(OPTION)]);
    broken.slice(0, 10).forEach((text, n) => {
      theirs.handleMessage(client, JSON.parse(text) as unknown);
      const [view] = steps[n]?.outputs ?? [];
      expect([view?.type, steps[n]?.outputs.length, steps[n]?.resubscribed], `frame ${n + 1}`).toEqual(['book_view', 1, []]);
      if (view?.type === 'book_view') expectCcxtBook(view, theirs, text, n);
    });
    const [resync, ...more] = steps[10]?.outputs ?? [];
    expect([resync, more.length, steps[10]?.resubscribed]).toEqual([
      {
        type: 'book_resync',
        symbol: OPTION,
        reason: 'gap',
        detail: 'expected prev_change_id 33195895729, got 33195895734',
        updateId: 33195896544,
        exchangeTs: 1626993734415,
        receivedTs: 1626993734420,
      },
      0,
      [OPTION],
    ]);
    // Down until Deribit's fresh snapshot (the resubscribe's answer, not in the recording): the 19 changes after it publish nothing and ask nothing more.
    expect(steps.slice(11).map((s) => [...s.outputs, ...s.resubscribed])).toEqual(Array.from({ length: 19 }, () => []));
  });
});
