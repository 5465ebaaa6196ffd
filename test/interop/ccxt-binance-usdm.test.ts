import { readFileSync } from 'node:fs';
import ccxt from 'ccxt';
import { describe, expect, it } from 'vitest';
import type { BookOutput, BookUpdate } from '../../src/exchanges/book-update.js';
import { DEFAULT_BINANCE_BOOK_SEQUENCER_CONFIG, initialBinanceBook, stepBinanceBook } from '../../src/exchanges/binance/binance-book-sequencer.js';
import { mapBinanceDepthSnapshot } from '../../src/exchanges/binance/binance-book-mappers.js';
import { readBinanceDepthSnapshot } from '../../src/exchanges/binance/binance-depth-frames.js';
import { readBinanceUsdmExchangeInfo } from '../../src/exchanges/binance-usdm/binance-usdm-listings.js';
import { readBinanceUsdmOpenInterest } from '../../src/exchanges/binance-usdm/binance-usdm-open-interest.js';
import { parseBinanceUsdmAggTrades } from '../../src/exchanges/binance-usdm/binance-usdm-trade-history.js';
import { frameDecoder } from '../../src/exchanges/frame-decoder.js';
import { protocolFor } from '../../src/exchanges/protocol-registry.js';
import { splitSymbol } from '../../src/exchanges/split-symbol.js';
import type { BookTicker, DerivativeTicker, Liquidation, MarketEvent, TradeEvent } from '../../src/model/index.js';
import type { CcxtTrade } from './ccxt-records.js';

/**
 * Our Binance USD-M parsers against ccxt's (`pro.binanceusdm`, fed the same frames through
 * `handleMessage`, its markets made by its own `parseMarket` so no REST call is sent): the recorded
 * aggregate trades, and the documented mark price, liquidation, best bid/ask and depth frames
 * (`src/exchanges/binance-usdm/__fixtures__`); and the REST answers through ccxt's REST parsers. ccxt
 * has no `watchFundingRate` for Binance: its `watchMarkPrice` keeps mark and index only. Documented
 * differences: a liquidation's price and quantity (ours the order's `p` and its filled quantity `z`,
 * ccxt's the average fill `ap` and the last fill `l`), and the best bid/ask's time (ours the transaction time `T`, ccxt's
 * the event time `E`).
 */
const FRAMES = new URL('../fixtures/exchange-frames/', import.meta.url);
const DOCUMENTED = new URL('../../src/exchanges/binance-usdm/__fixtures__/', import.meta.url);
const lines = (url: URL): string[] =>
  readFileSync(url, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '');
const json = (name: string): unknown => JSON.parse(readFileSync(new URL(name, DOCUMENTED), 'utf8')) as unknown;

interface CcxtTicker {
  readonly timestamp?: number;
  readonly markPrice?: number;
  readonly indexPrice?: number;
  readonly bid?: number;
  readonly ask?: number;
  readonly bidVolume?: number;
  readonly askVolume?: number;
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
  readonly nonce?: number;
}
interface CcxtMarket {
  readonly id: string;
  readonly symbol: string;
  readonly swap: boolean;
  readonly linear?: boolean;
  readonly active?: boolean;
  readonly precision: { readonly price?: number; readonly amount?: number };
}
interface CcxtUsdm {
  handleMessage(client: unknown, message: unknown): void;
  setMarkets(markets: readonly CcxtMarket[]): unknown;
  parseMarket(entry: unknown): CcxtMarket;
  parseOpenInterest(interest: unknown, market?: CcxtMarket): { readonly openInterestAmount?: number; readonly timestamp?: number; readonly symbol?: string };
  parseTrade(trade: unknown, market?: CcxtMarket): CcxtTrade;
  parseOrderBook(book: unknown, symbol: string, timestamp?: number, bids?: string, asks?: string): CcxtBook;
  orderBook(snapshot: object, depth: number): CcxtBook;
  fetchOrderBookSnapshot(client: unknown, message: unknown, subscription: object): Promise<void>;
  fetchRestOrderBookSafe: (symbol: string, limit: number, params: object) => Promise<CcxtBook & { readonly nonce: number }>;
  readonly trades: Record<string, readonly CcxtTrade[]>;
  readonly tickers: Record<string, CcxtTicker>;
  readonly bidsasks: Record<string, CcxtTicker>;
  readonly liquidations?: readonly CcxtLiquidation[];
  readonly orderbooks: Record<string, CcxtBook>;
}

/** The documented `exchangeInfo` entries, and one per further symbol of the frames, shaped as its BTCUSDT entry. */
function exchangeInfoEntries(): readonly Record<string, unknown>[] {
  const body = json('binance-usdm-exchangeInfo.json') as { readonly symbols: readonly Record<string, unknown>[] };
  const btc = body.symbols.find((s) => s['symbol'] === 'BTCUSDT') ?? {};
  const more = ['CTK', 'AKRO', 'SUSHI', 'BNB'].map((coin) => ({ ...btc, symbol: `${coin}USDT`, pair: `${coin}USDT`, baseAsset: coin }));
  return [...body.symbols, ...more];
}

/** ccxt's USD-M handler with its markets from its own parser; a client on the `/market` route (ccxt reads the market type from the URL). */
function ccxtUsdm(): { readonly exchange: CcxtUsdm; readonly client: object } {
  const exchange = new ccxt.pro.binanceusdm() as unknown as CcxtUsdm;
  exchange.setMarkets(exchangeInfoEntries().map((entry) => exchange.parseMarket(entry)));
  const client = { url: 'wss://fstream.binance.com/market/ws', resolve: () => undefined, reject: () => undefined, subscriptions: {} };
  return { exchange, client };
}

/** What our path (the registry's protocol, the one frame decoder) makes of the frames. */
function ours(frames: readonly string[]): { readonly events: readonly MarketEvent[]; readonly books: readonly BookUpdate[] } {
  const decode = frameDecoder(protocolFor('binance_usdm', { options: {} }), { exchange: 'binance_usdm', partsOf: (s) => splitSymbol(s) });
  const events: MarketEvent[] = [];
  const books: BookUpdate[] = [];
  frames.forEach((text, n) => {
    const decoded = decode(text, 1_800_000_000_000 + n, 'c1');
    if (decoded.kind !== 'events') return;
    events.push(...decoded.events);
    books.push(...decoded.books);
  });
  return { events, books };
}

const unified = (symbol: string): string => `${symbol.replace(/USDT$/, '')}/USDT:USDT`;

describe("our Binance USD-M parsers against ccxt's (binanceusdm)", () => {
  it('agree on every recorded aggregate trade (watchTrades with aggTrade): id a, price, quantity, time and taker side', () => {
    const frames = lines(new URL('binance-usdm-aggTrade.ndjson', FRAMES));
    const { exchange, client } = ccxtUsdm();
    for (const text of frames) exchange.handleMessage(client, JSON.parse(text) as unknown);
    const trades = ours(frames).events.filter((e): e is TradeEvent => e.type === 'trade');
    expect(trades).toHaveLength(27);
    const theirs = new Map(Object.entries(exchange.trades).flatMap(([symbol, list]) => list.map((t) => [`${symbol} ${t.id}`, t] as const)));
    expect(theirs.size).toBe(27);
    for (const trade of trades) {
      const their = theirs.get(`${unified(trade.symbol)} ${trade.tradeId}`);
      expect(their, `${trade.symbol} ${trade.tradeId}`).toBeDefined();
      expect([trade.price, trade.quantity, trade.exchangeTs, trade.side]).toEqual([their?.price, their?.amount, their?.timestamp, their?.side.toUpperCase()]);
    }
  });

  it('agree on the documented mark price (watchMarkPrice): mark, index and event time; ccxt keeps no funding rate', () => {
    const frames = lines(new URL('binance-usdm-markPrice.ndjson', DOCUMENTED)).slice(0, 1);
    const { exchange, client } = ccxtUsdm();
    for (const text of frames) exchange.handleMessage(client, JSON.parse(text) as unknown);
    const [ticker] = ours(frames).events.filter((e): e is DerivativeTicker => e.type === 'derivative_ticker');
    const their = exchange.tickers['BTC/USDT:USDT'];
    expect([ticker?.markPrice, ticker?.indexPrice, ticker?.exchangeTs]).toEqual([their?.markPrice, their?.indexPrice, their?.timestamp]);
    expect(ticker?.fundingRate).toBe(0.00038167);
  });

  it('agree on the documented liquidations (watchLiquidations) on symbol, time and side; price and quantity differ as documented', () => {
    const frames = lines(new URL('binance-usdm-forceOrder.ndjson', DOCUMENTED));
    const { exchange, client } = ccxtUsdm();
    for (const text of frames) exchange.handleMessage(client, JSON.parse(text) as unknown);
    const liquidations = ours(frames).events.filter((e): e is Liquidation => e.type === 'liquidation');
    const theirs = exchange.liquidations ?? [];
    expect(liquidations).toHaveLength(2);
    expect(theirs).toHaveLength(2);
    liquidations.forEach((ours, n) => {
      const their = theirs[n];
      // ccxt keeps the forced order's side; a forced sell closed a long position.
      expect([unified(ours.symbol), ours.exchangeTs, ours.positionSide]).toEqual([their?.symbol, their?.timestamp, their?.side === 'sell' ? 'LONG' : 'SHORT']);
    });
    // Both documented orders filled whole (l = q); only the second has an average fill (ap 34959.70) apart from its price (p 35100.81).
    expect(liquidations.map((l) => [l.price, l.quantity])).toEqual([
      [9910, 0.014],
      [35100.81, 1.437],
    ]);
    expect(theirs.map((l) => [l.price, l.contracts])).toEqual([
      [9910, 0.014],
      [34959.7, 1.437],
    ]);
  });

  it('agree on the documented best bid/ask (watchBidsAsks); the time differs as documented (ours T, ccxt E)', () => {
    const frames = lines(new URL('binance-usdm-bookTicker.ndjson', DOCUMENTED));
    const { exchange, client } = ccxtUsdm();
    for (const text of frames) exchange.handleMessage(client, JSON.parse(text) as unknown);
    const [ticker] = ours(frames).events.filter((e): e is BookTicker => e.type === 'book_ticker');
    const their = exchange.bidsasks['BNB/USDT:USDT'];
    expect([ticker?.bid, ticker?.bidSize, ticker?.ask, ticker?.askSize]).toEqual([their?.bid, their?.bidVolume, their?.ask, their?.askVolume]);
    expect([ticker?.exchangeTs, their?.timestamp]).toEqual([1568014460891, 1568014460893]);
  });

  it('agree on a book (watchOrderBook) kept from a snapshot and the documented depthUpdate with two chained events after it', async () => {
    // The documented event (U 157, u 160, pu 149), then two written in its shape: ids jump, each pu the previous u.
    const frames = [
      ...lines(new URL('binance-usdm-depthUpdate.ndjson', DOCUMENTED)),
      '{"stream":"btcusdt@depth@100ms","data":{"e":"depthUpdate","E":123456889,"T":123456888,"s":"BTCUSDT","U":170,"u":175,"pu":160,"b":[["0.0024","0"],["0.0022","4"]],"a":[["0.0027","30"]]}}',
      '{"stream":"btcusdt@depth@100ms","data":{"e":"depthUpdate","E":123456989,"T":123456988,"s":"BTCUSDT","U":176,"u":180,"pu":175,"b":[["0.0023","6"]],"a":[["0.0026","0"]]}}',
    ];
    const snapshot = { lastUpdateId: 158, E: 123456700, T: 123456699, bids: [['0.0023', '5'], ['0.0021', '9']], asks: [['0.0026', '7'], ['0.0028', '2']] };
    const symbol = 'BTC/USDT:USDT';

    const { exchange, client } = ccxtUsdm();
    exchange.fetchRestOrderBookSafe = () => Promise.resolve({ ...exchange.parseOrderBook(snapshot, symbol, undefined, 'bids', 'asks'), nonce: snapshot.lastUpdateId });
    // As watchOrderBook does: an empty book buffers the first event, the snapshot is applied with the buffer, the rest follow live.
    exchange.orderbooks[symbol] = exchange.orderBook({}, 1000);
    exchange.handleMessage(client, JSON.parse(frames[0] ?? '') as unknown);
    await exchange.fetchOrderBookSnapshot(client, {}, { symbol, type: 'future', limit: 1000 });
    for (const text of frames.slice(1)) exchange.handleMessage(client, JSON.parse(text) as unknown);

    let state = initialBinanceBook('BTCUSDT');
    const config = { ...DEFAULT_BINANCE_BOOK_SEQUENCER_CONFIG, rule: 'futures' as const };
    const outputs: BookOutput[] = [];
    const { books } = ours(frames);
    for (const update of [books[0], mapBinanceDepthSnapshot('BTCUSDT', readBinanceDepthSnapshot(snapshot), 0), ...books.slice(1)]) {
      if (update === undefined) continue;
      const step = stepBinanceBook(state, update, config);
      state = step.state;
      outputs.push(...step.outputs);
    }
    const view = outputs.at(-1);
    const their = exchange.orderbooks[symbol];
    expect(outputs.map((o) => o.type)).toEqual(['book_view', 'book_view', 'book_view']);
    expect(view?.type === 'book_view' ? [view.updateId, view.bids.map((l) => [l.price, l.size]), view.asks.map((l) => [l.price, l.size])] : view).toEqual([
      their?.nonce,
      their?.bids.map(([p, s]) => [p, s]),
      their?.asks.map(([p, s]) => [p, s]),
    ]);
    // By hand: bids 0.0023 5 -> (160: 0.0024 10) -> (175: 0.0024 gone, 0.0022 4) -> (180: 0.0023 6); asks 0.0026 100 -> gone at 180.
    expect(view?.type === 'book_view' ? view.bids.map((l) => [l.price, l.size]) : []).toEqual([
      [0.0023, 6],
      [0.0022, 4],
      [0.0021, 9],
    ]);
  });
});

describe("our Binance USD-M REST readers against ccxt's", () => {
  it("list the perpetuals ccxt calls linear swaps, trading where ccxt says active, with its tick and lot (but the entry without a tick, which we skip)", () => {
    const { exchange } = ccxtUsdm();
    const body = json('binance-usdm-exchangeInfo.json') as { readonly symbols: readonly unknown[] };
    const theirs = body.symbols.map((entry) => exchange.parseMarket(entry)).filter((m) => m.swap && m.linear === true);
    const read = readBinanceUsdmExchangeInfo(body, 'binance_usdm');
    expect(theirs.map((m) => m.id)).toEqual([...read.listings.map((l) => l.symbol), 'BADUSDT']);
    for (const listing of read.listings) {
      const their = theirs.find((m) => m.id === listing.symbol);
      expect([listing.state === 'trading', listing.tickSize, listing.lotStep]).toEqual([their?.active, their?.precision.price, their?.precision.amount]);
    }
    expect(read.skipped.map((s) => s.path)).toEqual(['$.symbols[6].filters']);
  });

  it('read the documented open interest alike: the amount in the base asset and its time', () => {
    const { exchange } = ccxtUsdm();
    const answer = json('binance-usdm-openInterest.json');
    const [ticker] = readBinanceUsdmOpenInterest(answer, 'BTCUSDT', 1, { exchange: 'binance_usdm', env: 'prod', connectionId: 'poll', partsOf: (s) => splitSymbol(s) });
    const their = exchange.parseOpenInterest(answer);
    expect([ticker?.openInterest, ticker?.openInterestTs]).toEqual([their.openInterestAmount, their.timestamp]);
  });

  it("read the documented aggTrades answer alike: the aggregate id a as the trade's id", () => {
    const { exchange } = ccxtUsdm();
    const text = readFileSync(new URL('binance-usdm-aggTrades.json', DOCUMENTED), 'utf8');
    const parsed = parseBinanceUsdmAggTrades(text);
    if (!parsed.ok) throw new Error(parsed.error);
    const theirs = (JSON.parse(text) as unknown[]).map((trade) => exchange.parseTrade(trade));
    expect(parsed.frame.map((t) => [String(t.id), Number(t.price), Number(t.qty), t.time, t.isBuyerMaker ? 'sell' : 'buy'])).toEqual(
      theirs.map((t) => [t.id, t.price, t.amount, t.timestamp, t.side]),
    );
  });
});
