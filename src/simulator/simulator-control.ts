import type { IncomingMessage, ServerResponse } from 'node:http';
import { GARBAGE_KINDS, sendGarbage, type GarbageKind } from './garbage-frames.js';
import type { PriceMove } from './price-move.js';
import type { SentTrade, SimVenue, VenueCounters } from './sim-venue.js';
import { SIM_VENUES, type SimVenueName } from './venue-protocol.js';

/** Fault injection and inspection, in-process; the same actions are served over loopback HTTP. */
export interface SimulatorControl {
  /** Terminates the venue's sockets without a close frame; returns how many. */
  drop(venue: SimVenueName): number;
  /** Closes the venue's sockets with a close code. */
  close(venue: SimVenueName, code: number, reason?: string): number;
  /** Stops (or resumes) data frames while keeping sockets open and answering pings. */
  stall(venue: SimVenueName, stalled?: boolean): void;
  /** Refuses new upgrades with this HTTP status (403, 451, ...); `undefined` accepts again. */
  refuseUpgrade(venue: SimVenueName, status: number | undefined): void;
  /** Sends `count` malformed frames now; `rate` (0..1) keeps sending them per tick. */
  sendMalformed(venue: SimVenueName, count: number): void;
  setMalformedRate(venue: SimVenueName, rate: number): void;
  /** Sends `count` bad frames of one kind now (`oversized` is past the client's `maxPayload`). */
  sendGarbage(venue: SimVenueName, kind: GarbageKind, count?: number): void;
  /** Delays every data frame by `delayMs` (0 restores). */
  slowDown(venue: SimVenueName, delayMs: number): void;
  /** Scripts a price move of the venue's symbol (all symbols when absent); returns the symbols moved. */
  movePrice(venue: SimVenueName, move: PriceMove, symbol?: string): readonly string[];
  /** Sends Binance's `serverShutdown` event. */
  announceShutdown(venue: SimVenueName): void;
  /** Clears every fault of the venue. */
  reset(venue: SimVenueName): void;
  counters(venue: SimVenueName): Readonly<VenueCounters>;
  sentTrades(venue: SimVenueName): readonly SentTrade[];
  subscribeLog(venue: SimVenueName): readonly { readonly connectionId: string; readonly topics: readonly string[]; readonly accepted: boolean }[];
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
    slowDown: (name, delayMs) => {
      venue(name).faults.slowDownMs = delayMs;
    },
    movePrice: (name, move, symbol) => {
      const { market, clock } = venue(name).config;
      return (symbol === undefined ? market.symbols : [symbol]).filter((s) => market.startMove(s, move, clock()));
    },
    announceShutdown: (name) => venue(name).announceShutdown(),
    reset: (name) => {
      const faults = venue(name).faults;
      delete faults.refuseStatus;
      Object.assign(faults, { stalled: false, slowDownMs: 0, malformedRate: 0 });
    },
    counters: (name) => ({ ...venue(name).counters }),
    sentTrades: (name) => [...venue(name).sentTrades],
    subscribeLog: (name) => [...venue(name).subscribeLog],
  };
}

/**
 * Serves the control API: `POST /control/<venue>/<action>` with query parameters
 * (`drop`, `close?code=4000&reason=x`, `stall?on=false`, `refuse?status=451` (no status accepts),
 * `malformed?count=3`, `garbage?kind=oversized&count=1`, `malformed-rate?rate=0.1`, `slow?ms=500`, `shutdown`, `reset`) and
 * `GET /control/<venue>/counters|sent|subscriptions`. Answers JSON.
 */
export function handleControlRequest(control: SimulatorControl, request: IncomingMessage, response: ServerResponse): void {
  const url = new URL(request.url ?? '/', 'http://127.0.0.1');
  const [, prefix, name = '', action = ''] = url.pathname.split('/');
  const reply = (status: number, body: unknown): void => {
    response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  };
  if (prefix !== 'control' || !(SIM_VENUES as readonly string[]).includes(name)) return reply(404, { error: 'unknown path' });
  const venue = name as SimVenueName;
  const number = (key: string, fallback: number): number => {
    const value = Number(url.searchParams.get(key) ?? fallback);
    return Number.isFinite(value) ? value : fallback;
  };
  if (request.method === 'GET') {
    if (action === 'counters') return reply(200, control.counters(venue));
    if (action === 'sent') return reply(200, control.sentTrades(venue));
    if (action === 'subscriptions') return reply(200, control.subscribeLog(venue));
    return reply(404, { error: `unknown query ${action}` });
  }
  if (request.method !== 'POST') return reply(405, { error: 'use POST for actions' });
  switch (action) {
    case 'drop':
      return reply(200, { dropped: control.drop(venue) });
    case 'close':
      return reply(200, { closed: control.close(venue, number('code', 1000), url.searchParams.get('reason') ?? '') });
    case 'stall':
      control.stall(venue, url.searchParams.get('on') !== 'false');
      return reply(200, { ok: true });
    case 'refuse':
      control.refuseUpgrade(venue, url.searchParams.has('status') ? number('status', 403) : undefined);
      return reply(200, { ok: true });
    case 'malformed':
      control.sendMalformed(venue, number('count', 1));
      return reply(200, { ok: true });
    case 'garbage': {
      const kind = GARBAGE_KINDS.find((k) => k === url.searchParams.get('kind'));
      if (kind === undefined) return reply(400, { error: `kind must be one of ${GARBAGE_KINDS.join(', ')}` });
      control.sendGarbage(venue, kind, number('count', 1));
      return reply(200, { ok: true });
    }
    case 'malformed-rate':
      control.setMalformedRate(venue, number('rate', 0));
      return reply(200, { ok: true });
    case 'slow':
      control.slowDown(venue, number('ms', 0));
      return reply(200, { ok: true });
    case 'move':
      return reply(200, {
        moved: control.movePrice(venue, { pct: number('pct', 1), durationMs: number('seconds', 5) * 1000, buyRatio: number('buy-ratio', 0.9) }, url.searchParams.get('symbol') ?? undefined),
      });
    case 'shutdown':
      control.announceShutdown(venue);
      return reply(200, { ok: true });
    case 'reset':
      control.reset(venue);
      return reply(200, { ok: true });
    default:
      return reply(404, { error: `unknown action ${action}` });
  }
}
