import type { SimConnection } from '../../sim-connection.js';
import type { TickAudience } from '../../tick-audience.js';
import type { BinanceOptionChain } from './binance-option-chain.js';
import { binanceExpiryCode, binanceUnderlying } from './binance-option-contracts.js';
import { bookTickerPayload, indexPayload, markPriceEntry, openInterestEntry, optionTickerPayload } from './binance-option-frames.js';
import type { BinanceOptionTape } from './binance-option-tape.js';

/** Push intervals, ms (the docs' "Update Speed": mark price, index and 24 h ticker 1000ms; open interest 60s). */
export const MARK_PRICE_INTERVAL_MS = 1000;
export const OPEN_INTEREST_INTERVAL_MS = 60_000;

/** Writes a payload to a connection as its form wants it: wrapped `{"stream","data"}` on `/stream`, bare on `/ws`. */
export function wrapped(connection: SimConnection, stream: string, payload: unknown): string {
  return JSON.stringify(connection.combined ? { stream, data: payload } : payload);
}

/**
 * The streams Binance's options push on their own clock, to the holders of each: every second
 * `<underlying>@optionMarkPrice` (every live option of the underlying in one array, listing order),
 * `<underlying>@optionIndexPrice` and `!index@arr`, and `<symbol>@optionTicker` of each option whose
 * 24 h statistics changed ("Only symbols whose ticker info changed will be sent"); `<symbol>@bookTicker`
 * when the option's quote changed (the board's mark step moves it; `u` counts the changes); every
 * minute `<underlying>@openInterest@<YYMMDD>` (and tardis-node's `@optionOpenInterest@`) with every
 * live option of the expiry. An expired option is in none of them.
 */
export class BinanceOptionPushes {
  private readonly tickerKeys = new Map<string, string>();
  private readonly bookKeys = new Map<string, string>();
  private readonly bookIds = new Map<string, number>();
  private sinceMark = 0;
  private sinceInterest = 0;

  constructor(
    private readonly chain: BinanceOptionChain,
    private readonly tape: BinanceOptionTape,
  ) {}

  /** Pushes what is due after `elapsedMs` more. */
  push(elapsedMs: number, now: number, audience: TickAudience): void {
    this.books(now, audience);
    this.sinceMark += elapsedMs;
    this.sinceInterest += elapsedMs;
    if (this.sinceMark >= MARK_PRICE_INTERVAL_MS) {
      this.sinceMark %= MARK_PRICE_INTERVAL_MS;
      this.marks(now, audience);
      this.tickers(now, audience);
    }
    if (this.sinceInterest >= OPEN_INTEREST_INTERVAL_MS) {
      this.sinceInterest %= OPEN_INTEREST_INTERVAL_MS;
      this.openInterest(now, audience);
    }
  }

  /** Forgets an expired option. */
  forget(symbol: string): void {
    this.tickerKeys.delete(symbol);
    this.bookKeys.delete(symbol);
  }

  private send(audience: TickAudience, stream: string, payload: unknown): void {
    for (const connection of audience.forTopic(stream)) connection.sendData(wrapped(connection, stream, payload));
  }

  private marks(now: number, audience: TickAudience): void {
    const { chain } = this;
    const indexes = chain.coins.map((coin) => indexPayload(coin, chain.board.index(coin), now));
    if (audience.subscribed('!index@arr')) this.send(audience, '!index@arr', indexes);
    chain.coins.forEach((coin, n) => {
      const underlying = binanceUnderlying(coin).toLowerCase();
      if (audience.subscribed(`${underlying}@optionIndexPrice`)) this.send(audience, `${underlying}@optionIndexPrice`, indexes[n]);
      const stream = `${underlying}@optionMarkPrice`;
      if (!audience.subscribed(stream)) return;
      const entries = chain.live(coin).flatMap((terms) => {
        const quote = chain.quotes.of(terms.symbol);
        return quote === undefined ? [] : [markPriceEntry(terms, quote, now)];
      });
      this.send(audience, stream, entries);
    });
  }

  private tickers(now: number, audience: TickAudience): void {
    for (const symbol of audience.symbols()) {
      const stream = `${symbol.toLowerCase()}@optionTicker`;
      const terms = this.chain.terms.get(symbol);
      if (terms === undefined || !audience.subscribed(stream) || !this.chain.market.isTrading(symbol)) continue;
      const day = this.tape.day(symbol, now);
      const key = day === undefined ? '' : `${day.firstId}|${day.lastId}`;
      if (day === undefined || this.tickerKeys.get(symbol) === key) continue;
      this.tickerKeys.set(symbol, key);
      this.send(audience, stream, optionTickerPayload(terms, day, now));
    }
  }

  private books(now: number, audience: TickAudience): void {
    for (const symbol of audience.symbols()) {
      const stream = `${symbol.toLowerCase()}@bookTicker`;
      const terms = this.chain.terms.get(symbol);
      if (terms === undefined || !audience.subscribed(stream) || !this.chain.market.isTrading(symbol)) continue;
      const quote = this.chain.quotes.of(symbol);
      if (quote === undefined) continue;
      const key = `${quote.bid}|${quote.bidSize}|${quote.ask}|${quote.askSize}`;
      if (this.bookKeys.get(symbol) === key) continue;
      this.bookKeys.set(symbol, key);
      const updateId = (this.bookIds.get(symbol) ?? 0) + 1;
      this.bookIds.set(symbol, updateId);
      this.send(audience, stream, bookTickerPayload(terms, quote, updateId, now));
    }
  }

  private openInterest(now: number, audience: TickAudience): void {
    const { chain, tape } = this;
    for (const coin of chain.coins) {
      const underlying = binanceUnderlying(coin).toLowerCase();
      const live = chain.live(coin);
      for (const expiry of new Set(live.map((terms) => binanceExpiryCode(terms.option.expiryTs)))) {
        const streams = [`${underlying}@openInterest@${expiry}`, `${underlying}@optionOpenInterest@${expiry}`].filter((s) => audience.subscribed(s));
        if (streams.length === 0) continue;
        const index = chain.board.index(coin);
        const entries = live
          .filter((terms) => binanceExpiryCode(terms.option.expiryTs) === expiry)
          .map((terms) => openInterestEntry(terms, tape.openInterest(terms.symbol), index, now));
        for (const stream of streams) this.send(audience, stream, entries);
      }
    }
  }
}
