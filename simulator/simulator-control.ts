import type { BookFault, BookViewAnswer } from './book-channels.js';
import { ControlRefusal } from './control-refusal.js';
import { sendGarbage, type GarbageKind } from './garbage-frames.js';
import type { ListFaultKind } from './list-faults.js';
import type { PriceMove } from './price-move.js';
import type { CandleSkew } from './sim-candles.js';
import type { SubscribeRecord } from './sim-connections.js';
import type { SentTrade, SimVenue } from './sim-venue.js';
import type { HistoricalTrade } from './trade-history.js';
import type { VenueCounters } from './venue-counters.js';
import { clearVenueFaults } from './venue-faults.js';
import { delistInstrument, haltInstrument, listInstrument, resumeInstrument, venueListings, type ListingAnswer } from './venue-listings.js';
import type { SimVenueName } from './sim-venues.js';
import { ownAction, type ExpiryAnswer, type HeartbeatFaultAnswer } from './venue-own-actions.js';
import type { MadeLiquidation } from './perpetual/liquidation-log.js';
import type { PerpetualState } from './perpetual/perpetual-market.js';

/**
 * Fault injection and inspection of the simulated venues, in-process and transport-free; the same
 * actions are served over loopback HTTP by `handleControlRequest` and listed in `CONTROL_ACTIONS`.
 */
/** One trade a venue's market made (see `madeTrades`): the history's trade and its symbol. */
export type MadeTrade = HistoricalTrade & {
  readonly symbol: string;
  /** The trade's id as the venue writes it on its stream and REST (Bybit linear's UUID; else `tradeId`'s digits). */
  readonly venueTradeId: string;
};

export interface SimulatorControl {
  /** The venues this simulator serves. */
  readonly venues: readonly SimVenueName[];
  /**
   * Terminates the venue's sockets (or, given `symbol`, those holding one of its topics) without a
   * close frame; returns how many. Throws `ControlRefusal` for a symbol the venue never listed.
   */
  drop(venue: SimVenueName, symbol?: string): number;
  /** Closes the venue's sockets with a close code; `ws` throws for one it may not send (see `SENDABLE_CLOSE_CODES`) or a reason over 123 bytes. */
  close(venue: SimVenueName, code: number, reason?: string): number;
  /**
   * Stops (or resumes) data frames while keeping sockets open and answering pings and requests:
   * without `symbol` on the whole venue, sockets opened later included (resuming also resumes
   * sockets stalled by symbol); with `symbol` on each socket holding one of its topics now, whole,
   * and on no socket opened later. Returns how many open sockets it stalled (resuming: resumed).
   * Throws `ControlRefusal` for a symbol the venue never listed.
   */
  stall(venue: SimVenueName, stalled?: boolean, symbol?: string): number;
  /** Refuses new upgrades with this HTTP status (403, 451, ...); `undefined` accepts again. */
  refuseUpgrade(venue: SimVenueName, status: number | undefined): void;
  /** Sends `count` malformed frames now; `rate` (0..1) keeps sending them per tick. */
  sendMalformed(venue: SimVenueName, count: number): void;
  setMalformedRate(venue: SimVenueName, rate: number): void;
  /** Trades per second per symbol from now on (until `reset`). */
  setTradeRate(venue: SimVenueName, perSymbol: number): void;
  /** Sends `count` bad frames of one kind now (`oversized` is past the client's `maxPayload`). */
  sendGarbage(venue: SimVenueName, kind: GarbageKind, count?: number): void;
  /** Delays every data frame by `delayMs` (0 restores). */
  slowDown(venue: SimVenueName, delayMs: number): void;
  /** Takes every request of the venue's clients (subscribes, pings, the streams of an upgrade URL) `delayMs` late from now on; 0 for none. */
  slowRequests(venue: SimVenueName, delayMs: number): void;
  /** Scripts a price move of the venue's symbol (all symbols when absent); returns the symbols moved. */
  movePrice(venue: SimVenueName, move: PriceMove, symbol?: string): readonly string[];
  /** Distorts the next closing candle of the venue's symbol (all symbols when absent); returns the symbols skewed. */
  skewCandle(venue: SimVenueName, skew: CandleSkew, symbol?: string): readonly string[];
  /** Sends Binance's `serverShutdown` event. */
  announceShutdown(venue: SimVenueName): void;
  /** Clears every fault of the venue, and forgets its limit windows (connection attempts, REST requests and bans). */
  reset(venue: SimVenueName): void;
  /**
   * The venue's counters, with its connection attempts in the current window
   * (`connectionAttemptsInWindow`) and its REST API's (`restRequests`, the weight used, refusals).
   */
  counters(venue: SimVenueName): Readonly<VenueCounters> & Readonly<Record<string, unknown>>;
  /** Lists `base``quote` (default quote: the universe's first) now; 400 when listed already. */
  list(venue: SimVenueName, base: string, quote?: string, options?: { readonly price?: number; readonly tradesPerSecond?: number }): ListingAnswer;
  /** Delists a symbol now; 404 for one never listed. */
  delist(venue: SimVenueName, symbol: string): ListingAnswer;
  /** Halts a symbol's trading (`halted` or `break`); 404 for one never listed. */
  halt(venue: SimVenueName, symbol: string, status?: 'halted' | 'break'): ListingAnswer;
  /** Resumes a halted symbol; 404 for one never listed. */
  resume(venue: SimVenueName, symbol: string): ListingAnswer;
  /** Every listing of the venue, delisted ones included. */
  instruments(venue: SimVenueName): readonly ListingAnswer[];
  sentTrades(venue: SimVenueName): readonly SentTrade[];
  /**
   * Every trade the venue's market made that it still keeps (each symbol's last `historyCapacity`,
   * 10,000 by default), of one symbol or all, oldest first per symbol: what the venue made, sent to a
   * socket or not. 404 for a symbol never listed.
   */
  madeTrades(venue: SimVenueName, symbol?: string): readonly MadeTrade[];
  subscribeLog(venue: SimVenueName): readonly SubscribeRecord[];
  /**
   * Arms a fault on the next depth update of `symbol`: `drop` it, `cross` (one bid above the best
   * ask), `restart` (Bybit: a snapshot with `u` = 1). Throws `ControlRefusal` for an unknown symbol
   * or a fault the venue does not have.
   */
  bookFault(venue: SimVenueName, fault: BookFault, symbol: string): void;
  /** The book a client of `channel` (default the venue's first) holds now: top `levels` per side and its update id. */
  book(venue: SimVenueName, symbol: string, levels: number, channel?: string): BookViewAnswer;
  /** Binance REST: holds back the next depth snapshot (of `symbol`, or any) by `delayMs`; `frozen` serves today's book then. */
  lateSnapshot(venue: SimVenueName, delayMs: number, symbol: string | undefined, frozen: boolean): void;
  /**
   * Arms `count` bad answers of the venue's instrument list (Binance `exchangeInfo`, Bybit
   * `instruments-info`), served after those armed already: `empty` (no symbols, well-formed),
   * `garbage` (200, half the body: not JSON), `slow` (the normal answer `delayMs` late, default
   * `DEFAULT_LIST_FAULT_DELAY_MS`), `unavailable` (503). Returns how many are armed now.
   */
  listFault(venue: SimVenueName, kind: ListFaultKind, count?: number, delayMs?: number): { readonly pending: number };
  /** Binance REST: answers the next `count` requests 429. */
  throttleRest(venue: SimVenueName, count: number): void;
  /** Binance REST: bans the client (418) for `ms`. */
  banRest(venue: SimVenueName, ms: number): void;
  /**
   * Every liquidation a perpetual venue made that it still keeps (the last `logCapacity`), of one
   * symbol or all, oldest first: what it said, whether the venue's stream published it (Bybit: every
   * one; Binance: the latest of its symbol in each second; undefined while its window is open) and
   * the sockets it was written to. 400 for a spot venue, 404 for a symbol never listed.
   */
  liquidations(venue: SimVenueName, symbol?: string): readonly MadeLiquidation[];
  /** A perpetual venue's contracts now: mark, index, funding rate and time, open interest (unrounded). 400 for a spot venue. */
  perpetual(venue: SimVenueName, symbol?: string): readonly PerpetualState[];
  /** Which route serves each kind of stream (Binance USD-M); 400 for a venue without routes. */
  routes(venue: SimVenueName): Readonly<Record<string, string>>;
  /**
   * Serves a kind of stream (`aggTrade`, `depth`, ...) on another route from now on (Binance USD-M
   * `public` or `market`), as Binance moved them on 2026-04-23: streams held on the old route go
   * silent at once, those held on the new one start delivering. Returns the table and how many held
   * streams changed; 400 for an unknown kind or route, or a venue without routes.
   */
  route(venue: SimVenueName, kind: string, to: string): { readonly routes: Readonly<Record<string, string>>; readonly changed: number };
  /** Expires the nearest expiry of a venue with dated instruments now and lists one further out (`VenueOwnActions.expire`); 400 elsewhere. */
  expire(venue: SimVenueName): ExpiryAnswer;
  /** Heartbeat answers not taken from now, for `ms` or until `on` is false (`VenueOwnActions.heartbeatFault`); 400 for a venue without. */
  heartbeatFault(venue: SimVenueName, on?: boolean, ms?: number): HeartbeatFaultAnswer;
}

/** The control API over a set of venues. */
export function createSimulatorControl(venues: ReadonlyMap<SimVenueName, SimVenue>): SimulatorControl {
  const venue = (name: SimVenueName): SimVenue => {
    const found = venues.get(name);
    if (found === undefined) throw new Error(`unknown venue ${name}`);
    return found;
  };
  return {
    venues: [...venues.keys()],
    drop: (name, symbol) => venue(name).drop(listedSymbol(name, symbol)),
    close: (name, code, reason = '') => venue(name).close(code, reason),
    stall: (name, stalled = true, symbol) => venue(name).stall(stalled, listedSymbol(name, symbol)),
    refuseUpgrade: (name, status) => {
      const faults = venue(name).faults;
      if (status === undefined) delete faults.refuseStatus;
      else faults.refuseStatus = status;
    },
    sendMalformed: (name, count) => venue(name).sendMalformed(count),
    sendGarbage: (name, kind, count = 1) => sendGarbage(venue(name), kind, count),
    setMalformedRate: (name, rate) => {
      venue(name).faults.malformedRate = rate;
    },
    setTradeRate: (name, perSymbol) => {
      venue(name).faults.tradesPerSecond = perSymbol;
    },
    slowDown: (name, delayMs) => {
      venue(name).faults.slowDownMs = delayMs;
    },
    slowRequests: (name, delayMs) => {
      venue(name).faults.requestDelayMs = delayMs;
    },
    movePrice: (name, move, symbol) => {
      const { market, clock } = venue(name).config;
      return (symbol === undefined ? market.symbols : [symbol]).filter((s) => market.startMove(s, move, clock()));
    },
    skewCandle: (name, skew, symbol) => {
      const { market } = venue(name).config;
      const symbols = (symbol === undefined ? market.symbols : [symbol]).filter((s) => market.has(s));
      for (const s of symbols) venue(name).candles.skew(s, skew);
      return symbols;
    },
    announceShutdown: (name) => {
      if (!venue(name).announceShutdown()) {
        throw new ControlRefusal(400, { error: `${name} sends no shutdown notice`, allowed: servedWith((v) => v.config.protocol.shutdownFrame !== undefined) });
      }
    },
    reset: (name) => {
      clearVenueFaults(venue(name).faults);
      venue(name).connections.stallSockets(false);
      venue(name).config.books?.clearFaults();
      venue(name).config.restApi?.clearFaults();
      venue(name).config.own?.clearFaults?.();
      venue(name).gate.clear();
    },
    counters: (name) => {
      const { counters, gate, config } = venue(name);
      const now = config.clock();
      return { ...counters, refusals: { ...counters.refusals }, connectionAttemptsInWindow: gate.inWindow(now), ...config.restApi?.restCounters(now) };
    },
    list: (name, base, quote, options = {}) => listInstrument(venue(name), base, quote, options),
    delist: (name, symbol) => delistInstrument(venue(name), symbol),
    halt: (name, symbol, status = 'halted') => haltInstrument(venue(name), symbol, status),
    resume: (name, symbol) => resumeInstrument(venue(name), symbol),
    instruments: (name) => venueListings(venue(name)),
    sentTrades: (name) => venue(name).sentTrades.toArray(),
    madeTrades: (name, symbol) => {
      const { market, protocol } = venue(name).config;
      if (symbol !== undefined && market.listing(symbol) === undefined) throw unknownSymbol(name, symbol);
      const symbols = symbol === undefined ? market.listings().map((listing) => listing.symbol) : [symbol];
      return symbols.flatMap((s) =>
        market.madeTrades(s).map((trade): MadeTrade => ({
          symbol: s,
          tradeId: trade.tradeId,
          venueTradeId: protocol.venueTradeId?.(s, trade.tradeId) ?? String(trade.tradeId),
          price: trade.price,
          quantity: trade.quantity,
          isBuyerMaker: trade.isBuyerMaker,
          ts: trade.ts,
        })),
      );
    },
    subscribeLog: (name) => [...venue(name).subscribeLog],
    bookFault: (name, fault, symbol) => {
      const books = venue(name).config.books;
      if (books === undefined || !venue(name).config.market.has(symbol)) throw unknownSymbol(name, symbol);
      if (!books.arm(fault, symbol)) throw new ControlRefusal(400, { error: `${name} has no '${fault}' book fault` });
    },
    book: (name, symbol, levels, channel) => {
      const { books, rest, market } = venue(name).config;
      if (books === undefined || !market.has(symbol)) throw unknownSymbol(name, symbol);
      const served = [...books.channels, ...(rest === undefined ? [] : ['rest'])];
      const chosen = channel ?? books.channels[0] ?? '';
      const view = chosen === 'rest' ? rest?.view(symbol, levels) : books.view(symbol, chosen, levels);
      if (view === undefined)
        throw new ControlRefusal(400, { error: `${name} serves no book channel '${chosen}'`, parameter: 'channel', allowed: served.join(', ') });
      return view;
    },
    lateSnapshot: (name, delayMs, symbol, frozen) => {
      if (symbol !== undefined && !venue(name).config.market.has(symbol)) throw unknownSymbol(name, symbol);
      rest(name).lateSnapshot(delayMs, symbol, frozen);
    },
    listFault: (name, kind, count = 1, delayMs) => {
      const api = venue(name).config.restApi;
      if (api === undefined) throw new ControlRefusal(400, { error: `${name} serves no REST API here` });
      return { pending: api.listFaults.arm(kind, count, delayMs) };
    },
    throttleRest: (name, count) => rest(name).limiter.throttleNext(count),
    banRest: (name, ms) => rest(name).limiter.ban(venue(name).config.clock(), ms),
    liquidations: (name, symbol) => perpetual(name).liquidations.toArray(listedSymbol(name, symbol)),
    perpetual: (name, symbol) => {
      const { market } = perpetual(name);
      if (symbol === undefined) return market.states();
      const state = market.state(symbol);
      if (state === undefined) throw unknownSymbol(name, symbol);
      return [state];
    },
    routes: (name) => routes(name).table(),
    route: (name, kind, to) => {
      const table = routes(name);
      if (!table.kinds.includes(kind))
        throw new ControlRefusal(400, { error: `${name} has no stream kind '${kind}'`, parameter: 'kind', allowed: table.kinds.join(', ') });
      if (!table.routes.includes(to))
        throw new ControlRefusal(400, { error: `${name} has no route '${to}'`, parameter: 'to', allowed: table.routes.join(', ') });
      const changed = table.move(kind, to);
      return { routes: table.table(), changed };
    },
    expire: (name) => ownAction(venues, name, 'expire')(venue(name).config.clock()),
    heartbeatFault: (name, on = true, ms) => ownAction(venues, name, 'heartbeatFault')(on, venue(name).config.clock(), ms),
  };
  function perpetual(name: SimVenueName): NonNullable<SimVenue['config']['perpetual']> {
    const found = venue(name).config.perpetual;
    if (found === undefined)
      throw new ControlRefusal(400, { error: `${name} is not a perpetual-futures venue`, allowed: servedWith((v) => v.config.perpetual !== undefined) });
    return found;
  }
  function routes(name: SimVenueName): NonNullable<SimVenue['config']['routes']> {
    const found = venue(name).config.routes;
    if (found === undefined)
      throw new ControlRefusal(400, { error: `${name} does not route streams by path`, allowed: servedWith((v) => v.config.routes !== undefined) });
    return found;
  }
  /** The venues served that have what an action needs, for a refusal's `allowed`. */
  function servedWith(has: (venue: SimVenue) => boolean): string {
    return [...venues.entries()]
      .filter(([, v]) => has(v))
      .map(([name]) => name)
      .join(', ');
  }
  /** `symbol` when the venue ever listed it (delisted ones still have subscribers); else a `ControlRefusal`. */
  function listedSymbol(name: SimVenueName, symbol: string | undefined): string | undefined {
    if (symbol !== undefined && venue(name).config.market.listing(symbol) === undefined) throw unknownSymbol(name, symbol);
    return symbol;
  }
  function rest(name: SimVenueName): NonNullable<SimVenue['config']['rest']> {
    const found = venue(name).config.rest;
    if (found === undefined)
      throw new ControlRefusal(400, { error: `${name} serves no REST API here`, allowed: servedWith((v) => v.config.rest !== undefined) });
    return found;
  }
}

const unknownSymbol = (venue: SimVenueName, symbol: string): ControlRefusal =>
  new ControlRefusal(400, { error: `${venue} has no symbol '${symbol}'`, parameter: 'symbol' });
