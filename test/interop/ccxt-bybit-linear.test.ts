import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import ccxt from 'ccxt';
import { describe, expect, it } from 'vitest';
import type { BookOutput } from '../../src/exchanges/book-update.js';
import { bybitBookReducer, type BybitBookState } from '../../src/exchanges/bybit/bybit-book-reducer.js';
import { frameDecoder } from '../../src/exchanges/frame-decoder.js';
import { protocolFor } from '../../src/exchanges/protocol-registry.js';
import { splitSymbol } from '../../src/exchanges/split-symbol.js';
import type { DerivativeTicker, Kline, Liquidation, MarketEvent, PriceTick, TradeEvent } from '../../src/model/index.js';
import type { CcxtTrade } from './ccxt-records.js';

/**
 * Our Bybit linear path (the `bybit_linear` protocol's decoder, then its per-symbol reducer and the Bybit
 * book reducer, as the feed runs them) against ccxt's `pro.bybit` handlers fed the same recorded frames
 * through `handleMessage`, on a client whose URL is the linear one. What ccxt does not offer is said
 * where it matters: its tickers carry mark and index prices but keep funding and open interest only in
 * `info` (the raw fields it merged; `watchFundingRate` is not implemented for Bybit), and a liquidation's
 * `side` is Bybit's `S` lowercased (`buy`: a long liquidated), not a unified position side. No recorded
 * `allLiquidation` frame exists: those compared are the documented ones (test/fixtures SOURCES.md).
 */
const FIXTURES = fileURLToPath(new URL('../fixtures/exchange-frames/', import.meta.url));
const BOOK_SESSION = fileURLToPath(new URL('../../src/exchanges/bybit/__fixtures__/bybit-linear-orderbook.ndjson', import.meta.url));
const LINEAR_URL = 'wss://stream.bybit.com/v5/public/linear';
const SYMBOLS = ['BTCUSDT', 'ETHUSDT', 'SOLUSDT', 'DOGEUSDT', 'ROSEUSDT', 'PIPPINUSDT', 'KAITOUSDT'];

interface CcxtTicker {
  readonly timestamp: number;
  readonly last?: number;
  readonly open?: number;
  readonly high?: number;
  readonly low?: number;
  readonly baseVolume?: number;
  readonly quoteVolume?: number;
  readonly percentage?: number;
  readonly markPrice?: number;
  readonly indexPrice?: number;
  readonly info: Readonly<Record<string, string>>;
}
interface CcxtLiquidation {
  readonly symbol: string;
  readonly price: number;
  readonly contracts: number;
  readonly side: string;
  readonly timestamp: number;
}
interface CcxtBook {
  readonly bids: readonly (readonly [number, number])[];
  readonly asks: readonly (readonly [number, number])[];
}
interface CcxtBybit {
  handleMessage(client: unknown, message: unknown): void;
  setMarkets(markets: readonly Record<string, unknown>[]): unknown;
  readonly trades: Record<string, readonly CcxtTrade[]>;
  readonly tickers: Record<string, CcxtTicker>;
  readonly liquidations?: readonly CcxtLiquidation[];
  readonly ohlcvs: Record<string, Record<string, readonly (readonly number[])[]>>;
  readonly orderbooks: Record<string, CcxtBook>;
}

/** ccxt's unified symbol of a linear perpetual: `BTC/USDT:USDT`. */
function unified(symbol: string): string {
  const parts = splitSymbol(symbol);
  return `${parts?.coin ?? ''}/${parts?.quote ?? ''}:${parts?.quote ?? ''}`;
}

/** ccxt's Bybit handler with the symbols' linear perpetuals set by hand (no REST call). */
function ccxtBybit(): CcxtBybit {
  const exchange = new ccxt.pro.bybit() as unknown as CcxtBybit;
  exchange.setMarkets(
    SYMBOLS.map((id) => {
      const parts = splitSymbol(id);
      const base = parts?.coin ?? '';
      const quote = parts?.quote ?? '';
      return {
        id,
        symbol: unified(id),
        base,
        quote,
        settle: quote,
        baseId: base,
        quoteId: quote,
        settleId: quote,
        type: 'swap',
        spot: false,
        swap: true,
        future: false,
        option: false,
        contract: true,
        linear: true,
        inverse: false,
        contractSize: 1,
        active: true,
        precision: { amount: 0.001, price: 0.01 },
        limits: {},
        info: {},
      };
    }),
  );
  return exchange;
}

/** A client on the linear URL (ccxt tells spot from contract frames by it) that keeps no subscriptions. */
const client = { url: LINEAR_URL, resolve: () => undefined, reject: () => undefined, subscriptions: {} };

function lines(path: string): readonly string[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '');
}

/**
 * Each frame through both: ours decoded, reduced per symbol and its depth updates folded; ccxt's handler
 * given the frame; `compare` called after each with what we emitted for it.
 */
function replay(frames: readonly string[], compare: (events: readonly MarketEvent[], ccxtBybit: CcxtBybit) => void): { book?: BookOutput; ccxt: CcxtBybit } {
  const protocol = protocolFor('bybit_linear', { options: { 'books.bybitDepth': 200 } });
  const decode = frameDecoder(protocol, { exchange: 'bybit_linear', partsOf: (s) => splitSymbol(s) });
  const reducer = protocol.reducer;
  const books = bybitBookReducer({ viewLevels: 200, maxLevels: 200 });
  const states = new Map<string, unknown>();
  const bookStates = new Map<string, BybitBookState>();
  const exchange = ccxtBybit();
  let book: BookOutput | undefined;
  frames.forEach((text, n) => {
    exchange.handleMessage(client, JSON.parse(text) as unknown);
    const decoded = decode(text, 1_800_000_000_000 + n, 'c1');
    expect(decoded.kind, text.slice(0, 80)).not.toBe('invalid');
    if (decoded.kind !== 'events') return;
    const events: MarketEvent[] = [];
    for (const symbol of new Set(decoded.events.map((e) => e.symbol))) {
      const own = decoded.events.filter((e) => e.symbol === symbol);
      if (reducer === undefined) events.push(...own);
      else {
        const step = reducer.reduce(states.has(symbol) ? states.get(symbol) : reducer.initial(symbol), own);
        states.set(symbol, step.state);
        events.push(...step.events);
      }
    }
    for (const update of decoded.books) {
      const step = books.reduce(bookStates.get(update.symbol) ?? books.initial(update.symbol), [update]);
      bookStates.set(update.symbol, step.state);
      book = step.events.at(-1) ?? book;
    }
    compare(events, exchange);
  });
  return { ccxt: exchange, ...(book === undefined ? {} : { book }) };
}

describe("our Bybit linear parsers against ccxt's pro bybit handlers on the recorded linear frames", () => {
  it('agree on every trade: UUID id, price, size, fill time and taker side', () => {
    const ours: TradeEvent[] = [];
    const { ccxt: exchange } = replay(lines(`${FIXTURES}bybit-linear-publicTrade.ndjson`), (events) => {
      ours.push(...events.filter((e): e is TradeEvent => e.type === 'trade'));
    });
    const theirs = new Map(SYMBOLS.flatMap((s) => (exchange.trades[unified(s)] ?? []).map((t) => [t.id, t] as const)));
    expect(ours.length).toBeGreaterThan(31);
    expect(theirs.size).toBe(ours.length);
    for (const trade of ours) {
      const their = theirs.get(trade.tradeId);
      expect([trade.price, trade.quantity, trade.exchangeTs, trade.side.toLowerCase()], trade.tradeId).toEqual([
        their?.price,
        their?.amount,
        their?.timestamp,
        their?.side,
      ]);
    }
  });

  it('agree after every tickers frame on the merged figures: mark and index, funding and open interest as ccxt keeps them, last price and the day', () => {
    let derivative = 0;
    let ticks = 0;
    replay(lines(`${FIXTURES}bybit-linear-tickers.ndjson`), (events, exchange) => {
      const their = exchange.tickers[unified('BTCUSDT')];
      for (const event of events) {
        if (event.type === 'derivative_ticker') {
          derivative += 1;
          const e: DerivativeTicker = event;
          expect([e.exchangeTs, e.markPrice, e.indexPrice, e.lastPrice]).toEqual([their?.timestamp, their?.markPrice, their?.indexPrice, their?.last]);
          const info = their?.info ?? {};
          expect([e.fundingRate, e.nextFundingTs, e.openInterest, e.openInterestValue]).toEqual(
            ['fundingRate', 'nextFundingTime', 'openInterest', 'openInterestValue'].map((key) => Number(info[key])),
          );
        }
        if (event.type === 'price_tick') {
          ticks += 1;
          const t: PriceTick = event;
          expect([t.price, t.open24h, t.high24h, t.low24h, t.volume24h, t.turnover24h, t.change24hPct]).toEqual([
            their?.last,
            their?.open,
            their?.high,
            their?.low,
            their?.baseVolume,
            their?.quoteVolume,
            their?.percentage,
          ]);
        }
      }
    });
    expect([derivative, ticks]).toEqual([64, 17]);
  });

  it("agree on the documented liquidations: price, size, time, and Bybit's side (ccxt's buy is our long)", () => {
    const ours: Liquidation[] = [];
    const { ccxt: exchange } = replay(lines(`${FIXTURES}bybit-linear-allLiquidation.ndjson`), (events) => {
      ours.push(...events.filter((e): e is Liquidation => e.type === 'liquidation'));
    });
    const theirs = exchange.liquidations ?? [];
    expect(ours).toHaveLength(3);
    expect(ours.map((l) => [l.price, l.quantity, l.exchangeTs, l.positionSide === 'LONG' ? 'buy' : 'sell'])).toEqual(
      theirs.map((l) => [l.price, l.contracts, l.timestamp, l.side]),
    );
  });

  it('agree on the candles', () => {
    const ours: Kline[] = [];
    const { ccxt: exchange } = replay(lines(`${FIXTURES}bybit-linear-kline.ndjson`), (events) => {
      ours.push(...events.filter((e): e is Kline => e.type === 'kline'));
    });
    let compared = 0;
    for (const symbol of ['BTCUSDT', 'ETHUSDT', 'SOLUSDT', 'DOGEUSDT']) {
      const theirs = exchange.ohlcvs[unified(symbol)]?.['1m'] ?? [];
      // ccxt keeps each candle's last state: compare it with our last record of that minute.
      const last = new Map(ours.filter((k) => k.symbol === symbol).map((k) => [k.openTime, k] as const));
      expect(theirs.length).toBe(last.size);
      for (const [openTime, open, high, low, close, volume] of theirs) {
        const k = last.get(openTime ?? 0);
        expect([k?.open, k?.high, k?.low, k?.close, k?.volume]).toEqual([open, high, low, close, volume]);
        compared += 1;
      }
    }
    // Two minutes of each of the four symbols: the one closing at the recording's start and the next.
    expect(compared).toBe(8);
  });

  it("agree on BTCUSDT's book after the whole recorded orderbook.200 session (snapshot and 413 deltas), 10 levels a side", () => {
    const { book, ccxt: exchange } = replay(lines(BOOK_SESSION), () => undefined);
    const their = exchange.orderbooks[unified('BTCUSDT')];
    if (book?.type !== 'book_view' || their === undefined) throw new Error('no book');
    expect(book.updateId).toBe(15077365);
    expect(book.bids.slice(0, 10).map((l) => [l.price, l.size])).toEqual(their.bids.slice(0, 10).map(([p, s]) => [p, s]));
    expect(book.asks.slice(0, 10).map((l) => [l.price, l.size])).toEqual(their.asks.slice(0, 10).map(([p, s]) => [p, s]));
  });
});
