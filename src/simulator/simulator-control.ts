import { STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { BookFault, BookViewAnswer } from './book-channels.js';
import { CONTROL_ACTIONS, controlAction, describeControlActions, runControlAction, type ControlAnswer } from './control-actions.js';
import { ControlRefusal } from './control-refusal.js';
import { sendGarbage, type GarbageKind } from './garbage-frames.js';
import type { PriceMove } from './price-move.js';
import type { CandleSkew } from './sim-candles.js';
import type { SentTrade, SimVenue, VenueCounters } from './sim-venue.js';
import { SIM_VENUES, type SimVenueName } from './venue-protocol.js';

/** Fault injection and inspection, in-process; the same actions are served over loopback HTTP. */
export interface SimulatorControl {
  /** Terminates the venue's sockets without a close frame; returns how many. */
  drop(venue: SimVenueName): number;
  /** Closes the venue's sockets with a close code; `ws` throws for one it may not send (see `SENDABLE_CLOSE_CODES`) or a reason over 123 bytes. */
  close(venue: SimVenueName, code: number, reason?: string): number;
  /** Stops (or resumes) data frames while keeping sockets open and answering pings. */
  stall(venue: SimVenueName, stalled?: boolean): void;
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
  /** Scripts a price move of the venue's symbol (all symbols when absent); returns the symbols moved. */
  movePrice(venue: SimVenueName, move: PriceMove, symbol?: string): readonly string[];
  /** Distorts the next closing candle of the venue's symbol (all symbols when absent); returns the symbols skewed. */
  skewCandle(venue: SimVenueName, skew: CandleSkew, symbol?: string): readonly string[];
  /** Sends Binance's `serverShutdown` event. */
  announceShutdown(venue: SimVenueName): void;
  /** Clears every fault of the venue. */
  reset(venue: SimVenueName): void;
  counters(venue: SimVenueName): Readonly<VenueCounters>;
  sentTrades(venue: SimVenueName): readonly SentTrade[];
  subscribeLog(venue: SimVenueName): readonly { readonly connectionId: string; readonly topics: readonly string[]; readonly accepted: boolean }[];
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
  /** Binance REST: answers the next `count` requests 429. */
  throttleRest(venue: SimVenueName, count: number): void;
  /** Binance REST: bans the client (418) for `ms`. */
  banRest(venue: SimVenueName, ms: number): void;
}

/** The control API over a set of venues. */
export function createSimulatorControl(venues: ReadonlyMap<SimVenueName, SimVenue>): SimulatorControl {
  const venue = (name: SimVenueName): SimVenue => {
    const found = venues.get(name);
    if (found === undefined) throw new Error(`unknown venue ${name}`);
    return found;
  };
  return {
    drop: (name) => venue(name).drop(),
    close: (name, code, reason = '') => venue(name).close(code, reason),
    stall: (name, stalled = true) => {
      venue(name).faults.stalled = stalled;
    },
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
    announceShutdown: (name) => venue(name).announceShutdown(),
    reset: (name) => {
      const faults = venue(name).faults;
      delete faults.refuseStatus;
      delete faults.tradesPerSecond;
      Object.assign(faults, { stalled: false, slowDownMs: 0, malformedRate: 0 });
      venue(name).config.books?.clearFaults();
      venue(name).config.rest?.clearFaults();
    },
    counters: (name) => ({ ...venue(name).counters, ...venue(name).config.rest?.counters }),
    sentTrades: (name) => venue(name).sentTrades.toArray(),
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
      if (view === undefined) throw new ControlRefusal(400, { error: `${name} serves no book channel '${chosen}'`, parameter: 'channel', allowed: served.join(', ') });
      return view;
    },
    lateSnapshot: (name, delayMs, symbol, frozen) => {
      if (symbol !== undefined && !venue(name).config.market.has(symbol)) throw unknownSymbol(name, symbol);
      rest(name).lateSnapshot(delayMs, symbol, frozen);
    },
    throttleRest: (name, count) => rest(name).limiter.throttleNext(count),
    banRest: (name, ms) => rest(name).limiter.ban(venue(name).config.clock(), ms),
  };
  function rest(name: SimVenueName): NonNullable<SimVenue['config']['rest']> {
    const found = venue(name).config.rest;
    if (found === undefined) throw new ControlRefusal(400, { error: `${name} serves no REST API here`, allowed: 'binance' });
    return found;
  }
}

const unknownSymbol = (venue: SimVenueName, symbol: string): ControlRefusal =>
  new ControlRefusal(400, { error: `${venue} has no symbol '${symbol}'`, parameter: 'symbol' });

/**
 * Serves the control API: `POST /control/<venue>/<action>?<parameters>` and
 * `GET /control/<venue>/counters|sent|subscriptions`; `GET /control` lists the actions. Parameters
 * are checked against {@link CONTROL_ACTIONS}. Answers are JSON: 200 with the result; 400 for a bad,
 * unknown or repeated parameter; 404 for an unknown path, venue or action; 405 for the wrong method
 * (with `Allow`); 500 if an action throws anyway. Errors are `{ error, parameter?, allowed? }`.
 */
export function handleControlRequest(control: SimulatorControl, request: IncomingMessage, response: ServerResponse): void {
  request.resume();
  let answer: ControlAnswer;
  try {
    answer = answerControlRequest(control, request.method ?? 'GET', request.url ?? '/');
  } catch (error) {
    answer = { status: 500, body: { error: `internal error: ${error instanceof Error ? error.message : String(error)}` } };
  }
  const headers = { 'content-type': 'application/json', ...(answer.allow === undefined ? {} : { allow: answer.allow }) };
  response.writeHead(answer.status, headers).end(JSON.stringify(answer.body));
}

/** Resolves method and path to a control action and runs it; see {@link handleControlRequest}. */
export function answerControlRequest(control: SimulatorControl, method: string, target: string): ControlAnswer {
  let url: URL;
  try {
    url = new URL(target, 'http://127.0.0.1');
  } catch {
    return { status: 400, body: { error: 'malformed request target' } };
  }
  const [root, prefix, name, action, ...rest] = url.pathname.split('/');
  if (root !== '' || prefix !== 'control' || rest.length > 0 || action === '') {
    return { status: 404, body: { error: `unknown path ${url.pathname}`, allowed: '/control/<venue>/<action>' } };
  }
  if (name === undefined) {
    return method === 'GET' ? { status: 200, body: { venues: SIM_VENUES, actions: describeControlActions() } } : notAllowed('GET /control', 'GET', method);
  }
  const venue = SIM_VENUES.find((v) => v === name);
  if (venue === undefined) return { status: 404, body: { error: `unknown venue '${name}'`, allowed: SIM_VENUES.join(', ') } };
  if (action === undefined) return { status: 404, body: { error: `unknown path ${url.pathname}: no action`, allowed: Object.keys(CONTROL_ACTIONS).join(', ') } };
  const spec = controlAction(action);
  if (spec !== undefined && spec.method !== method) return notAllowed(action, spec.method, method);
  return runControlAction(control, venue, action, url.searchParams);
}

/**
 * Answers a request the HTTP parser refused (bad method, header or framing) with JSON too:
 * 431 for oversized headers, 408 for a request too slow to arrive, else 400. A connection that
 * already had an answer (bytes after a request with no framing) is only closed.
 */
export function answerClientError(error: Error & { readonly code?: string }, socket: Duplex & { readonly bytesWritten?: number }): void {
  if (!socket.writable || (socket.bytesWritten ?? 0) > 0 || error.code === 'ECONNRESET') {
    socket.destroy();
    return;
  }
  const status = error.code === 'HPE_HEADER_OVERFLOW' ? 431 : error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
  const body = JSON.stringify({ error: `malformed HTTP request (${error.code ?? error.message})` });
  socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Bad Request'}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`);
}

const notAllowed = (what: string, allow: string, method: string): ControlAnswer => ({
  status: 405,
  body: { error: `${what} takes ${allow}, not ${method}`, allowed: allow },
  allow,
});
