import { KLINE_INTERVAL_MS, type BookLevel, type MarketEvent } from '../../model/index.js';
import type { BookOutput } from '../book-update.js';
import type { MapperContext } from '../mapper-context.js';

/** What one venue's parser and mapper made of a text frame: the parser's reason for refusing it, or what was emitted. */
export type Outcome = { readonly refused: string } | { readonly emitted: readonly (MarketEvent | BookOutput)[] };

/** A refusal of valid JSON names the offending field by its path (`$`, `$.data[0].p`, `$.data[0].S`), then the problem. */
const FIELD_REFUSAL = /^\$(?:\.\w+|\[\d*\])*: \S/;

const RFC_3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/;

/** The strings and numbers a frame holds; a topic such as `kline.5.BTCUSDT` also yields its symbol. */
interface Leaves {
  readonly strings: ReadonlySet<string>;
  readonly numbers: ReadonlySet<number>;
  /**
   * The times it holds in epoch milliseconds: its numbers, a time with a fraction of a millisecond as its
   * whole milliseconds (Gate's `create_time_ms`: `"1619093543708.2642"`), epoch seconds (ten digits: Gate's
   * `time`) as their milliseconds.
   */
  readonly times: ReadonlySet<number>;
}

/**
 * Everything wrong with what a venue path made of `text` at `receivedTs`; empty when well-formed. A refusal
 * must give JSON.parse's reason for text that is not JSON, else name a field. Every event must carry the
 * context's provenance, a symbol the frame holds and can be split, an exchange time the frame holds, and
 * prices and sizes that are finite, positive and read from the frame (volumes may be 0); a trade a valid
 * side; a book ticker a bid below its ask; a book view sorted, uncrossed levels read from the frame.
 */
export function emittedProblems(
  text: string,
  outcome: Outcome,
  context: MapperContext,
  receivedTs: number,
  /**
   * Figures the venue's mapper computes rather than reads: price-tick fields (Kraken: `open24h` from `last`
   * and `change`), or `exchangeTs` when it may be the receive time (a Kraken ticker without its `timestamp`).
   */
  computed: readonly string[] = [],
): readonly string[] {
  const json = parsedOrReason(text);
  if ('refused' in outcome) {
    if ('reason' in json) return outcome.refused === json.reason ? [] : [`refused non-JSON with "${outcome.refused}", not "${json.reason}"`];
    return FIELD_REFUSAL.test(outcome.refused) ? [] : [`refused JSON without naming a field: "${outcome.refused}"`];
  }
  if ('reason' in json) return ['emitted for text that is not JSON'];
  const leaves = leavesOf(json.value);
  return outcome.emitted.flatMap((event) =>
    (event.type === 'book_view' || event.type === 'book_resync'
      ? bookProblems(event, leaves)
      : eventProblems(event, leaves, context, receivedTs, computed)
    ).map((problem) => `${event.type}: ${problem}`),
  );
}

function parsedOrReason(text: string): { readonly value: unknown } | { readonly reason: string } {
  try {
    return { value: JSON.parse(text) as unknown };
  } catch (error) {
    return { reason: error instanceof Error ? error.message : String(error) };
  }
}

function leavesOf(value: unknown): Leaves {
  const strings = new Set<string>();
  const numbers = new Set<number>();
  const walk = (v: unknown): void => {
    if (typeof v === 'number') numbers.add(v);
    else if (typeof v === 'string') {
      strings.add(v);
      strings.add(v.slice(v.lastIndexOf('.') + 1));
      // Topics that name their symbol after a colon (Coinbase `level2:BTC-USD`, Kraken `book:BTC/USD`).
      strings.add(v.slice(v.lastIndexOf(':') + 1));
      if (v.trim() !== '') numbers.add(Number(v));
      // RFC 3339 times (Coinbase, Kraken) stand for their epoch milliseconds.
      if (RFC_3339.test(v)) numbers.add(Date.parse(v));
    } else if (typeof v === 'object' && v !== null) Object.values(v).forEach(walk);
  };
  walk(value);
  // A size signed by its side (Gate futures: `"size": -90`, a sell of 90) stands for its magnitude too.
  for (const n of [...numbers]) if (n < 0) numbers.add(-n);
  const times = new Set(numbers);
  for (const n of numbers) {
    if (Number.isFinite(n) && !Number.isInteger(n) && n > 0) times.add(Math.trunc(n));
    if (Number.isInteger(n) && n >= 1e9 && n < 1e10) times.add(n * 1000);
  }
  return { strings, numbers, times };
}

function eventProblems(e: MarketEvent, leaves: Leaves, context: MapperContext, receivedTs: number, computed: readonly string[]): string[] {
  const problems: string[] = [];
  const check = (ok: boolean, problem: string): void => {
    if (!ok) problems.push(problem);
  };
  const read = (name: string, value: number, min: 'positive' | 'non-negative' = 'positive'): void =>
    check(
      Number.isFinite(value) && (min === 'positive' ? value > 0 : value >= 0) && (computed.includes(name) || leaves.numbers.has(value)),
      `${name} ${value} is not a ${min} number of the frame`,
    );
  check(e.exchange === context.exchange && e.env === context.env && e.connectionId === context.connectionId, 'provenance is not the context');
  check(e.receivedTs === receivedTs && !e.isFallback, 'receivedTs or isFallback rewritten');
  check(leaves.strings.has(e.symbol), `symbol ${e.symbol} is not in the frame`);
  check(e.coin !== '' && `${e.coin}${e.quote}` === e.symbol.toUpperCase().replace(/[-/_]/, ''), `${e.coin}/${e.quote} does not spell ${e.symbol}`);
  const estimated =
    (e.type === 'book_ticker' && e.exchangeTsEstimated && e.exchangeTs === receivedTs) || (computed.includes('exchangeTs') && e.exchangeTs === receivedTs);
  check(
    Number.isSafeInteger(e.exchangeTs) && e.exchangeTs >= 0 && (estimated || leaves.times.has(e.exchangeTs)),
    `exchangeTs ${e.exchangeTs} is not a time of the frame`,
  );
  switch (e.type) {
    case 'trade':
    case 'agg_trade':
      read('price', e.price);
      read('quantity', e.quantity);
      check((e.side === 'BUY' || e.side === 'SELL') && e.isBuyerMaker === (e.side === 'SELL'), `side ${e.side} with isBuyerMaker ${e.isBuyerMaker}`);
      if (e.type === 'trade')
        check(e.tradeId !== '' && (leaves.strings.has(e.tradeId) || leaves.numbers.has(Number(e.tradeId))), `tradeId ${e.tradeId} is not in the frame`);
      else check(e.firstTradeId <= e.lastTradeId, 'first trade id after the last');
      break;
    case 'price_tick':
      read('price', e.price);
      // The optional 24 h figures: absent, or zero or more and from the frame.
      for (const key of ['open24h', 'high24h', 'low24h', 'volume24h', 'turnover24h'] as const) {
        const value = e[key];
        check(
          value === undefined || (Number.isFinite(value) && value >= 0 && (computed.includes(key) || leaves.numbers.has(value))),
          `${key} ${value} is not a non-negative number of the frame`,
        );
      }
      check(e.change24hPct === undefined || Number.isFinite(e.change24hPct), `change24hPct ${e.change24hPct}`);
      break;
    case 'book_ticker':
      for (const [name, value] of [
        ['bid', e.bid],
        ['bidSize', e.bidSize],
        ['ask', e.ask],
        ['askSize', e.askSize],
      ] as const)
        read(name, value);
      check(e.bid < e.ask, `bid ${e.bid} not below ask ${e.ask}`);
      break;
    case 'kline':
      for (const [name, value] of [
        ['open', e.open],
        ['high', e.high],
        ['low', e.low],
        ['close', e.close],
      ] as const)
        read(name, value);
      read('volume', e.volume, 'non-negative');
      read('quoteVolume', e.quoteVolume, 'non-negative');
      check(e.openTime <= e.closeTime && e.intervalMs === KLINE_INTERVAL_MS[e.interval], `candle ${e.interval} ${e.openTime}-${e.closeTime}`);
      break;
    case 'derivative_ticker': {
      // Every figure optional: absent, or a number of the frame (funding may be negative; prices and interest not).
      const figure = (name: string, value: number | undefined, signed = false): void =>
        check(
          value === undefined || (Number.isFinite(value) && (signed || value >= 0) && (computed.includes(name) || leaves.numbers.has(value))),
          `${name} ${value} is not a number of the frame`,
        );
      figure('markPrice', e.markPrice);
      figure('indexPrice', e.indexPrice);
      figure('fundingRate', e.fundingRate, true);
      figure('openInterest', e.openInterest);
      figure('openInterestValue', e.openInterestValue);
      figure('lastPrice', e.lastPrice);
      for (const [name, value] of [
        ['nextFundingTs', e.nextFundingTs],
        ['openInterestTs', e.openInterestTs],
      ] as const)
        check(
          value === undefined || (Number.isSafeInteger(value) && (computed.includes(name) || leaves.times.has(value))),
          `${name} ${value} is not a time of the frame`,
        );
      check((e.openInterest === undefined) === (e.openInterestSource === undefined), 'open interest without its source, or a source without it');
      break;
    }
    case 'liquidation':
      read('price', e.price);
      read('quantity', e.quantity);
      check(e.positionSide === 'LONG' || e.positionSide === 'SHORT', `positionSide ${String(e.positionSide)}`);
      break;
  }
  return problems;
}

function bookProblems(output: BookOutput, leaves: Leaves): string[] {
  if (!leaves.strings.has(output.symbol)) return [`symbol ${output.symbol} is not in the frame`];
  if (output.type === 'book_resync') return output.detail === '' ? ['a resync without evidence'] : [];
  const levelOk = (l: BookLevel): boolean =>
    Number.isFinite(l.price) && l.price > 0 && Number.isFinite(l.size) && l.size > 0 && leaves.numbers.has(l.price) && leaves.numbers.has(l.size);
  const sorted = (levels: readonly BookLevel[], direction: 1 | -1): boolean =>
    levels.every((l, i) => i === 0 || direction * (l.price - (levels[i - 1]?.price ?? 0)) > 0);
  const problems: string[] = [];
  if (![...output.bids, ...output.asks].every(levelOk)) problems.push('a level that is not a positive price and size of the frame');
  if (!sorted(output.bids, -1) || !sorted(output.asks, 1)) problems.push('levels out of order');
  if ((output.bids[0]?.price ?? 0) >= (output.asks[0]?.price ?? Number.POSITIVE_INFINITY)) problems.push('crossed or locked');
  return problems;
}
