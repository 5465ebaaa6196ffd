import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import ccxt from 'ccxt';
import { firstValueFrom, timer } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BookOutput, BookUpdate } from '../../src/exchanges/book-update.js';
import { frameDecoder } from '../../src/exchanges/frame-decoder.js';
import { protocolFor } from '../../src/exchanges/protocol-registry.js';
import { splitSymbol } from '../../src/exchanges/split-symbol.js';
import { venueFeed } from '../../src/exchanges/venue-feed.js';
import type { SymbolReducer } from '../../src/exchanges/venue-protocol.js';
import { coinbaseBookReducer } from '../../src/exchanges/coinbase/coinbase-book-reducer.js';
import { krakenBookReducer } from '../../src/exchanges/kraken/kraken-book-reducer.js';
import type { BookTicker, MarketEvent, PriceTick, TradeEvent } from '../../src/model/index.js';
import { startSimulator, type RunningSimulator } from '../../simulator/start-simulator.js';
import type { CcxtTrade } from './ccxt-records.js';

/**
 * Our parsers against ccxt's (its `pro` Coinbase and Kraken handlers, fed the same frames through
 * `handleMessage`): frames the simulator's venues make in this run, which no mapper was tuned on,
 * and the recorded frames. Trades, best bid/ask and books must agree, but for one documented
 * difference: Coinbase's trade `side`, which ccxt reads as the taker's and we as the maker's.
 */
type Venue = 'coinbase' | 'kraken';
const COINS = ['BTC', 'ETH', 'SOL'];
const FIXTURES = fileURLToPath(new URL('../fixtures/exchange-frames/', import.meta.url));

interface CcxtTicker {
  readonly bid?: number;
  readonly ask?: number;
  readonly bidVolume?: number;
  readonly askVolume?: number;
  readonly last?: number;
}
interface CcxtBook {
  readonly bids: readonly (readonly [number, number])[];
  readonly asks: readonly (readonly [number, number])[];
}
interface CcxtVenue {
  handleMessage(client: unknown, message: unknown): void;
  setMarkets(markets: readonly Record<string, unknown>[]): unknown;
  readonly trades: Record<string, readonly CcxtTrade[]>;
  readonly tickers: Record<string, CcxtTicker>;
  readonly orderbooks: Record<string, CcxtBook>;
}

/** ccxt's handler of `venue`, its markets set by hand (no REST call). */
function ccxtOf(venue: Venue, symbols: readonly string[]): CcxtVenue {
  const exchange = (venue === 'coinbase' ? new ccxt.pro.coinbase() : new ccxt.pro.kraken()) as unknown as CcxtVenue;
  exchange.setMarkets(
    symbols.map((id) => {
      const parts = splitSymbol(id);
      const base = parts?.coin ?? '';
      const quote = parts?.quote ?? '';
      return {
        id,
        symbol: `${base}/${quote}`,
        base,
        quote,
        baseId: base,
        quoteId: quote,
        type: 'spot',
        spot: true,
        active: true,
        precision: { amount: 1e-8, price: 0.01 },
        limits: {},
        info: {},
      };
    }),
  );
  return exchange;
}

/** A client that takes ccxt's resolutions and keeps no subscriptions. */
const client = { resolve: () => undefined, reject: () => undefined, subscriptions: {} };

/** What our path makes of the frames: events, and each symbol's last book view. */
function ours(venue: Venue, frames: readonly string[]): { readonly events: readonly MarketEvent[]; readonly books: ReadonlyMap<string, BookOutput> } {
  const protocol = protocolFor(venue, { options: {} });
  const decode = frameDecoder(protocol, { exchange: venue, partsOf: (s) => splitSymbol(s) });
  const reducer: SymbolReducer<unknown, BookUpdate, BookOutput> = venue === 'coinbase' ? coinbaseBookReducer() : krakenBookReducer();
  const states = new Map<string, unknown>();
  const books = new Map<string, BookOutput>();
  const events: MarketEvent[] = [];
  frames.forEach((text, n) => {
    const decoded = decode(text, 1_800_000_000_000 + n, 'c1');
    if (decoded.kind !== 'events') return;
    events.push(...decoded.events);
    for (const update of decoded.books) {
      const step = reducer.reduce(states.get(update.symbol) ?? reducer.initial(update.symbol), [update]);
      states.set(update.symbol, step.state);
      for (const output of step.events) books.set(output.symbol, output);
    }
  });
  return { events, books };
}

/** ccxt's symbol of a venue symbol. */
const unified = (symbol: string): string => symbol.replace('-', '/');

function crossCheck(venue: Venue, frames: readonly string[], symbols: readonly string[]): { readonly trades: number; readonly books: number } {
  const exchange = ccxtOf(venue, symbols);
  for (const text of frames) exchange.handleMessage(client, JSON.parse(text) as unknown);
  const { events, books } = ours(venue, frames);

  const trades = events.filter((e): e is TradeEvent => e.type === 'trade');
  const theirs = new Map(symbols.flatMap((s) => (exchange.trades[unified(s)] ?? []).map((t) => [`${unified(s)} ${t.id}`, t] as const)));
  for (const trade of trades) {
    const their = theirs.get(`${unified(trade.symbol)} ${trade.tradeId}`);
    expect(their, `${venue} ${trade.symbol} ${trade.tradeId}`).toBeDefined();
    // ccxt takes Coinbase's side as the taker's; the venue writes the maker's (ADDING_AN_EXCHANGE.md, side rules).
    const theirTaker = venue === 'coinbase' ? (their?.side === 'buy' ? 'SELL' : 'BUY') : their?.side.toUpperCase();
    expect([trade.price, trade.quantity, trade.exchangeTs, trade.side]).toEqual([their?.price, their?.amount, their?.timestamp, theirTaker]);
  }

  for (const symbol of symbols) {
    const ticker = exchange.tickers[unified(symbol)];
    const lastBook = events.filter((e): e is BookTicker => e.type === 'book_ticker' && e.symbol === symbol).at(-1);
    const lastTick = events.filter((e): e is PriceTick => e.type === 'price_tick' && e.symbol === symbol).at(-1);
    if (ticker !== undefined && lastBook !== undefined) {
      expect([lastBook.bid, lastBook.ask, lastBook.bidSize, lastBook.askSize]).toEqual([ticker.bid, ticker.ask, ticker.bidVolume, ticker.askVolume]);
      expect(lastTick?.price).toBe(ticker.last);
    }
  }

  let comparedBooks = 0;
  for (const symbol of symbols) {
    const view = books.get(symbol);
    const their = exchange.orderbooks[unified(symbol)];
    if (view === undefined || their === undefined || view.type !== 'book_view') continue;
    const levels = Math.min(10, view.bids.length, view.asks.length);
    expect(view.bids.slice(0, levels).map((l) => [l.price, l.size])).toEqual(their.bids.slice(0, levels).map(([p, s]) => [p, s]));
    expect(view.asks.slice(0, levels).map((l) => [l.price, l.size])).toEqual(their.asks.slice(0, levels).map(([p, s]) => [p, s]));
    comparedBooks += 1;
  }
  return { trades: trades.length, books: comparedBooks };
}

let sim: RunningSimulator | undefined;
const recorded: Record<Venue, string[]> = { coinbase: [], kraken: [] };

beforeAll(async () => {
  sim = await startSimulator({ venues: ['coinbase', 'kraken'], coins: COINS, quote: 'USD', tradesPerSecond: 30, tickerIntervalMs: 100, seed: 4242 });
  const running = sim;
  const subscriptions = (['coinbase', 'kraken'] as const).map((venue) =>
    venueFeed(protocolFor(venue, { options: {} }), {
      exchange: venue,
      url: venue === 'coinbase' ? running.urls.coinbase : running.urls.kraken,
      symbols: { coins: COINS, quote: 'USD' },
      books: true,
      onFrame: ({ text }) => void recorded[venue].push(text),
    }).subscribe({ error: () => undefined }),
  );
  await firstValueFrom(timer(4000));
  for (const subscription of subscriptions) subscription.unsubscribe();
}, 20_000);

afterAll(async () => {
  await sim?.close();
});

describe("our Coinbase and Kraken parsers against ccxt's", () => {
  it.each(['coinbase', 'kraken'] as const)('agree on %s frames the simulated venue made in this run (trades, best bid/ask, books)', (venue) => {
    const symbols = COINS.map((coin) => (venue === 'coinbase' ? `${coin}-USD` : `${coin}/USD`));
    const { trades, books } = crossCheck(venue, recorded[venue], symbols);
    expect(trades).toBeGreaterThan(100);
    expect(books).toBe(COINS.length);
  });

  it.each([
    ['coinbase', ['coinbase-market_trades.ndjson', 'coinbase-ticker.ndjson'], ['BTC-USD', 'ETH-USD']],
    ['kraken', ['kraken-trade.ndjson', 'kraken-ticker.ndjson', 'kraken-book.ndjson'], ['BTC/USD', 'DOGE/USDT', 'MATIC/USD']],
  ] as const)('agree on the recorded %s frames', (venue, files, symbols) => {
    const frames = files.flatMap((file) =>
      readFileSync(`${FIXTURES}${file}`, 'utf8')
        .split('\n')
        .filter((line) => line.trim() !== ''),
    );
    expect(crossCheck(venue, frames, symbols).trades).toBeGreaterThan(0);
  });
});
