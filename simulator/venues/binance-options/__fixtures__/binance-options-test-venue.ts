import { readFileSync } from 'node:fs';
import type { WebSocket } from 'ws';
import { buildSimVenues } from '../../../build-sim-venues.js';
import { FakeSocket, START_TS } from '../../../perpetual/__fixtures__/perpetual-test-venue.js';
import { createSimulatorControl } from '../../../simulator-control.js';
import type { SimulatorOptions } from '../../../simulator-options.js';
import type { SimVenue } from '../../../sim-venue.js';
import type { SimVenueName } from '../../../sim-venues.js';
import type { BinanceOptionsRest } from '../binance-options-rest.js';

export { START_TS };

/** A frame as a client reads it. */
export type Frame = Record<string, unknown>;

/** A client of the simulated options socket: what it sends, and the frames it got, parsed. */
export interface OptionsClient {
  readonly socket: FakeSocket;
  send(request: unknown): void;
  /** Frames received since the last call. */
  take(): Frame[];
}

/** The recorded frames of `name` (this folder, sources in its README), parsed. */
export function recorded(name: string): Frame[] {
  return readFileSync(new URL(`./${name}`, import.meta.url), 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Frame);
}

/**
 * Binance's simulated options as the simulator builds them (`buildSimVenues`, with the other options
 * venues beside them when asked), on a clock the spec moves by hand, with clients on fake sockets:
 * every venue is ticked by `run` as the simulator's ticker does.
 */
export function binanceOptionsTestVenue(served: readonly SimVenueName[] = ['binance_options'], options: Partial<SimulatorOptions> = {}) {
  const clock = { now: START_TS };
  // No wall-clock timers in a spec: the server pings and the 24 h cut are off unless asked for.
  const venueOptions = {
    ...options.venueOptions,
    binance_options: { pingIntervalMs: 0, maxConnectionLifetimeMs: 0, ...options.venueOptions?.binance_options },
  };
  const built = { venues: [...served], coins: ['BTC', 'ETH', 'SOL'], seed: 7, tradesPerSecond: 20, ...options, venueOptions };
  const { venues } = buildSimVenues(built, () => clock.now);
  const control = createSimulatorControl(venues);
  const venue = venues.get('binance_options') as SimVenue;
  const api = venue.config.restApi as BinanceOptionsRest;
  let next = 0;
  /** A client on `path` (`/binance-options/public/stream`, `/binance-options/market/ws/...`). */
  const connect = (path: string): OptionsClient => {
    next += 1;
    const socket = new FakeSocket();
    venue.attach(socket as unknown as WebSocket, new URL(path, 'ws://127.0.0.1'), `binance_options-${next}`);
    let read = 0;
    return {
      socket,
      send: (request) => socket.emit('message', Buffer.from(typeof request === 'string' ? request : JSON.stringify(request))),
      take: () => {
        const taken = socket.sent.slice(read).map((text) => JSON.parse(text) as Frame);
        read = socket.sent.length;
        return taken;
      },
    };
  };
  /** `GET target` on the REST API: its status, body parsed, and headers. */
  const get = (target: string, ip = '127.0.0.1') => {
    const answer = api.answer('GET', target, ip);
    return { status: answer.status, body: JSON.parse(answer.text) as unknown, headers: answer.headers ?? {} };
  };
  /** Moves the clock by `ms` in generation steps of `stepMs`, ticking every venue served. */
  const run = (ms: number, stepMs = 20): void => {
    for (let t = 0; t < ms; t += stepMs) {
      clock.now += stepMs;
      for (const v of venues.values()) v.tick(stepMs);
    }
  };
  return { venues, venue, control, clock, connect, get, run };
}
