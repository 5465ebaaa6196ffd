import { readFileSync } from 'node:fs';
import type { WebSocket } from 'ws';
import { buildSimVenues } from '../../../build-sim-venues.js';
import { FakeSocket, START_TS } from '../../../perpetual/__fixtures__/perpetual-test-venue.js';
import { createSimulatorControl } from '../../../simulator-control.js';
import type { SimulatorOptions } from '../../../simulator-options.js';
import type { SimVenue } from '../../../sim-venue.js';
import { BITGET_FUTURES_PATH, BITGET_SPOT_PATH } from '../sim-bitget-venue.js';

export { START_TS } from '../../../perpetual/__fixtures__/perpetual-test-venue.js';

/** The recorded lines of `test/fixtures/exchange-frames/<name>` (cited in SOURCES.md there), parsed. */
export function recorded(name: string): Record<string, unknown>[] {
  return readFileSync(new URL(`../../../../test/fixtures/exchange-frames/${name}`, import.meta.url), 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

/** A documented REST example of `src/exchanges/bitget/__fixtures__/<name>` (see the README there), parsed. */
export function documented(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(new URL(`../../../../src/exchanges/bitget/__fixtures__/${name}`, import.meta.url), 'utf8')) as Record<string, unknown>;
}

/** A client on the test venue: what it sends, what it got (text as sent; `json` parses all but `pong`), and its socket. */
export interface BitgetTestClient {
  readonly id: string;
  readonly socket: FakeSocket;
  send(request: unknown): void;
  /** Every text received, oldest first. */
  texts(): string[];
  /** Every JSON frame received, oldest first. */
  json(): Record<string, unknown>[];
  /** JSON frames received since the last call. */
  take(): Record<string, unknown>[];
}

export type BitgetVenueName = 'bitget' | 'bitget_futures';

/** Each venue's path. */
export const PATHS: Readonly<Record<BitgetVenueName, string>> = { bitget: BITGET_SPOT_PATH, bitget_futures: BITGET_FUTURES_PATH };

/**
 * The simulated `bitget` and `bitget_futures` as the simulator runs them (`buildSimVenues`,
 * `SimVenue.tick`), BTC and ETH at 20 trades a second, on a clock the spec moves, with clients on
 * fake sockets; `connect` opens a socket on a venue's path (default the first asked).
 */
export function bitgetTestVenue(names: readonly BitgetVenueName[] = ['bitget'], options: Partial<SimulatorOptions> = {}) {
  const clock = { now: START_TS };
  const { venues } = buildSimVenues({ venues: [...names], coins: ['BTC', 'ETH'], seed: 7, tradesPerSecond: 20, ...options }, () => clock.now);
  const venueOf = (name: BitgetVenueName): SimVenue => venues.get(name) as SimVenue;
  const first = names[0] ?? 'bitget';
  const control = createSimulatorControl(venues);
  let next = 0;
  const connect = (name: BitgetVenueName = first, path = PATHS[name]): BitgetTestClient => {
    next += 1;
    const socket = new FakeSocket();
    const id = `${name}-${next}`;
    venueOf(name).attach(socket as unknown as WebSocket, new URL(path, 'ws://127.0.0.1'), id);
    let read = 0;
    const json = (texts: readonly string[]) => texts.filter((t) => t !== 'pong').map((t) => JSON.parse(t) as Record<string, unknown>);
    return {
      id,
      socket,
      send: (request) => socket.emit('message', Buffer.from(typeof request === 'string' ? request : JSON.stringify(request))),
      texts: () => [...socket.sent],
      json: () => json(socket.sent),
      take: () => {
        const taken = json(socket.sent.slice(read));
        read = socket.sent.length;
        return taken;
      },
    };
  };
  /** Moves the clock by `ms` in generation steps of `stepMs`, as the simulator's ticker does. */
  const run = (ms: number, stepMs = 20): void => {
    for (let t = 0; t < ms; t += stepMs) {
      clock.now += stepMs;
      for (const venue of venues.values()) venue.tick(stepMs);
    }
  };
  return { venue: venueOf(first), venueOf, control, clock, connect, run };
}

/** A subscribe request of `channel` for each of `instIds` on `instType`. */
export function subscribe(instType: string, channel: string, instIds: readonly string[], op: 'subscribe' | 'unsubscribe' = 'subscribe') {
  return { op, args: instIds.map((instId) => ({ instType, channel, instId })) };
}
