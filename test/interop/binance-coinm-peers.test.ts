import { readFileSync } from 'node:fs';
import ccxt from 'ccxt';
import { normalizeBookTickers, normalizeDerivativeTickers, normalizeLiquidations } from 'tardis-dev';
import { describe, expect, it } from 'vitest';
import { readBinanceCoinmExchangeInfo } from '../../src/exchanges/binance-coinm/binance-coinm-listings.js';
import { createFrameNormalizer } from '../../src/exchanges/frame-normalizer.js';
import type { BookTicker, DerivativeTicker, FeedEvent, Liquidation, TradeEvent } from '../../src/model/index.js';
import type { TardisBookTicker, TardisLiquidation, TardisMapper, TardisTicker } from './tardis-records.js';

/**
 * Our Binance COIN-M path (`createFrameNormalizer` with the venue's list, as `normalize` and the feed run
 * it) against two implementations written apart from ours, on the recorded frames
 * (test/fixtures/exchange-frames/SOURCES-venues-2026.md): ccxt's (`pro.binancecoinm`, fed the frames
 * through `handleMessage`, its markets made by its own `parseMarket` from the same list entries) and
 * tardis-node's mappers (`tardis-dev`, exchange `binance-delivery`).
 *
 * Quantities: COIN-M counts contracts of `contractSize` USD (100 for BTC, 10 for the others); ours are
 * told in the coin, contracts times the size over the price. ccxt keeps the contracts as `amount` and
 * tells the coin as the trade's `cost` (its rule for inverse contracts): that is ours. tardis keeps the
 * contracts: ours times the price over the size is tardis's figure.
 */
const FRAMES = new URL('../fixtures/exchange-frames/', import.meta.url);
const LIST = new URL('../../src/exchanges/binance-coinm/__fixtures__/binance-coinm-exchangeInfo.json', import.meta.url);
const LOCAL = new Date(1_800_000_000_000);

const lines = (name: string): readonly string[] =>
  readFileSync(new URL(name, FRAMES), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '');

/** USD per contract, as COIN-M lists it. */
const contractSizeOf = (symbol: string): number => (symbol.startsWith('BTC') ? 100 : 10);

/**
 * The listed entries of the recorded list, and one per further symbol of the frames, shaped as the BTC
 * perpetual's (or the dated BTC contract's) entry with its own symbol, coin, contract size and delivery.
 */
function listEntries(frames: readonly string[]): readonly Record<string, unknown>[] {
  const body = JSON.parse(readFileSync(LIST, 'utf8')) as { readonly symbols: readonly Record<string, unknown>[] };
  const perpetual = body.symbols.find((s) => s['symbol'] === 'BTCUSD_PERP') ?? {};
  const dated = body.symbols.find((s) => s['symbol'] === 'BTCUSD_261226') ?? {};
  const known = new Set(body.symbols.map((s) => String(s['symbol'])));
  const symbols = new Set(frames.flatMap((text) => [...text.matchAll(/"s":"([A-Z0-9_]+)"/g)].map((m) => m[1] ?? '')));
  const more = [...symbols]
    .filter((symbol) => !known.has(symbol))
    .map((symbol) => {
      const [pair = '', suffix = ''] = symbol.split('_');
      const coin = pair.replace(/USD$/, '');
      const entry = suffix === 'PERP' ? perpetual : dated;
      const delivery = suffix === 'PERP' ? {} : { deliveryDate: Date.UTC(2000 + Number(suffix.slice(0, 2)), Number(suffix.slice(2, 4)) - 1, Number(suffix.slice(4, 6)), 8) };
      return { ...entry, symbol, pair, baseAsset: coin, marginAsset: coin, contractSize: contractSizeOf(symbol), ...delivery };
    });
  return [...body.symbols, ...more];
}

/** What our path makes of the frames, with the venue's list read from the entries. */
function ours(frames: readonly string[]): readonly FeedEvent[] {
  const listed = readBinanceCoinmExchangeInfo({ symbols: listEntries(frames) }, 'binance_coinm');
  const normalize = createFrameNormalizer('binance_coinm', 'c1', undefined, listed.listings);
  return frames.flatMap((text, n) => {
    const out = normalize(text, LOCAL.valueOf() + n);
    if (!out.ok) throw new Error(`line ${n + 1}: ${out.error}`);
    return out.frame;
  });
}

interface CcxtTrade {
  readonly id: string;
  readonly symbol: string;
  readonly price: number;
  readonly amount: number;
  readonly cost: number;
  readonly timestamp: number;
  readonly side: string;
}
interface CcxtMarket {
  readonly id: string;
  readonly symbol: string;
  readonly inverse?: boolean;
  readonly contractSize?: number;
}
interface CcxtCoinm {
  handleMessage(client: unknown, message: unknown): void;
  setMarkets(markets: readonly CcxtMarket[]): unknown;
  parseMarket(entry: unknown): CcxtMarket;
  readonly markets_by_id: Record<string, readonly CcxtMarket[]>;
  readonly trades: Record<string, readonly CcxtTrade[]>;
}

/** Everything a tardis mapper makes of the frames, in order. */
function tardis<T>(mapper: TardisMapper<T>, frames: readonly string[]): readonly T[] {
  return frames.flatMap((text) => {
    const message: unknown = JSON.parse(text);
    return mapper.canHandle(message) ? [...(mapper.map(message, LOCAL) ?? [])] : [];
  });
}

/** Contracts of `size` USD that `quantity` of the coin at `price` is. */
const contracts = (quantity: number, price: number, size: number): number => (quantity * price) / size;

describe("our Binance COIN-M parsers against ccxt's (binancecoinm) and tardis-node's (binance-delivery) on the recorded frames", () => {
  it("ccxt: every recorded aggregate trade alike (id a, price, time, taker side), our quantity in the coin ccxt's cost of the contracts", () => {
    const frames = lines('binance-coinm-aggTrade.ndjson');
    const exchange = new ccxt.pro.binancecoinm() as unknown as CcxtCoinm;
    exchange.setMarkets(listEntries(frames).map((entry) => exchange.parseMarket(entry)));
    // ccxt reads the market type from the socket's URL: COIN-M's `/dapi` host.
    const client = { url: 'wss://dstream.binance.com/ws', resolve: () => undefined, reject: () => undefined, subscriptions: {} };
    for (const text of frames) exchange.handleMessage(client, JSON.parse(text) as unknown);
    const trades = ours(frames).filter((e): e is TradeEvent => e.type === 'trade');
    const theirs = Object.values(exchange.trades).flat();
    expect(trades).toHaveLength(15);
    expect(theirs).toHaveLength(15);
    for (const trade of trades) {
      const their = theirs.find((t) => t.id === trade.tradeId && exchange.markets_by_id[trade.symbol]?.[0]?.symbol === t.symbol);
      expect(their, `${trade.symbol} ${trade.tradeId}`).toBeDefined();
      expect([trade.price, trade.exchangeTs, trade.side]).toEqual([their?.price, their?.timestamp, their?.side.toUpperCase()]);
      expect(trade.quantity).toBeCloseTo(their?.cost ?? Number.NaN, 12);
      expect(contracts(trade.quantity, trade.price, contractSizeOf(trade.symbol))).toBeCloseTo(their?.amount ?? Number.NaN, 9);
    }
    // ccxt's markets of the list: inverse, settled in the coin, the dated one by its delivery, each of the contract size we read.
    expect(new Set(theirs.map((t) => t.symbol))).toEqual(new Set(['BCH/USD:BCH', 'EOS/USD:EOS', 'ETC/USD:ETC', 'ETH/USD:ETH-210924', 'LINK/USD:LINK', 'XRP/USD:XRP']));
    for (const trade of trades) {
      const market = exchange.markets_by_id[trade.symbol]?.[0];
      expect([market?.inverse, market?.contractSize]).toEqual([true, contractSizeOf(trade.symbol)]);
    }
  });

  it('tardis: the recorded mark price alike (mark, funding rate and time, event time)', () => {
    const frames = lines('binance-coinm-markPrice.ndjson');
    const [ticker, ...more] = ours(frames).filter((e): e is DerivativeTicker => e.type === 'derivative_ticker');
    const theirs = tardis(normalizeDerivativeTickers('binance-delivery', LOCAL) as TardisMapper<TardisTicker>, frames);
    expect(more).toEqual([]);
    expect(theirs).toHaveLength(1);
    const [t] = theirs;
    expect([ticker?.symbol, ticker?.markPrice, ticker?.fundingRate, ticker?.nextFundingTs, ticker?.exchangeTs]).toEqual([
      t?.symbol,
      t?.markPrice,
      t?.fundingRate,
      t?.fundingTimestamp?.valueOf(),
      t?.timestamp.valueOf(),
    ]);
  });

  it('tardis: the recorded liquidation alike (symbol, price, time, the forced order side), our coin the filled contracts', () => {
    const frames = lines('binance-coinm-forceOrder.ndjson');
    const liquidations = ours(frames).filter((e): e is Liquidation => e.type === 'liquidation');
    const theirs = tardis(normalizeLiquidations('binance-delivery', LOCAL) as TardisMapper<TardisLiquidation>, frames);
    expect(liquidations).toHaveLength(1);
    expect(theirs).toHaveLength(1);
    liquidations.forEach((l, n) => {
      const t = theirs[n];
      // A forced sell closes a long position.
      expect([l.symbol, l.price, l.exchangeTs, l.positionSide === 'LONG' ? 'sell' : 'buy']).toEqual([t?.symbol, t?.price, t?.timestamp.valueOf(), t?.side]);
      expect(contracts(l.quantity, l.price, contractSizeOf(l.symbol))).toBeCloseTo(t?.amount ?? Number.NaN, 9);
    });
  });

  it('tardis: every recorded best bid/ask alike (prices, event time), our sizes in the coin its contracts', () => {
    const frames = lines('binance-coinm-bookTicker.ndjson');
    const tickers = ours(frames).filter((e): e is BookTicker => e.type === 'book_ticker');
    const theirs = tardis(normalizeBookTickers('binance-delivery', LOCAL) as TardisMapper<TardisBookTicker>, frames);
    expect(tickers).toHaveLength(30);
    expect(theirs).toHaveLength(30);
    tickers.forEach((b, n) => {
      const t = theirs[n];
      const size = contractSizeOf(b.symbol);
      expect([b.symbol, b.bid, b.ask], `line ${n + 1}`).toEqual([t?.symbol, t?.bidPrice, t?.askPrice]);
      expect(contracts(b.bidSize, b.bid, size)).toBeCloseTo(t?.bidAmount ?? Number.NaN, 9);
      expect(contracts(b.askSize, b.ask, size)).toBeCloseTo(t?.askAmount ?? Number.NaN, 9);
    });
    // tardis stamps the event time E; ours is the transaction time T, a few ms before it (as USD-M's, documented there).
    const lags = tickers.map((b, n) => (theirs[n]?.timestamp.valueOf() ?? 0) - b.exchangeTs);
    expect(lags.every((ms) => ms >= 0 && ms < 1000)).toBe(true);
  });
});
