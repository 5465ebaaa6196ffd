import { readFileSync } from 'node:fs';
import type { WebSocket } from 'ws';
import { buildSimVenues } from '../../../build-sim-venues.js';
import { FakeSocket, START_TS } from '../../../perpetual/__fixtures__/perpetual-test-venue.js';
import { createSimulatorControl } from '../../../simulator-control.js';
import type { SimulatorOptions } from '../../../simulator-options.js';
import type { SimVenue } from '../../../sim-venue.js';
import type { GateRest } from '../gate-rest.js';
import { GATE_FUTURES_PATH, GATE_SPOT_PATH } from '../sim-gate-venue.js';

export { START_TS } from '../../../perpetual/__fixtures__/perpetual-test-venue.js';

/** The recorded lines of `test/fixtures/exchange-frames/<name>` (cited in SOURCES.md there), parsed. */
export function recorded(name: string): Record<string, unknown>[] {
  return readFileSync(new URL(`../../../../test/fixtures/exchange-frames/${name}`, import.meta.url), 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

/** A client on the test venue: what it sends, what it got, and its socket. */
export interface GateTestClient {
  readonly id: string;
  readonly socket: FakeSocket;
  send(request: unknown): void;
  /** Every JSON frame received, oldest first. */
  json(): Record<string, unknown>[];
  /** JSON frames received since the last call. */
  take(): Record<string, unknown>[];
}

export type GateVenueName = 'gate' | 'gate_futures';

/** Each venue's path. */
export const PATHS: Readonly<Record<GateVenueName, string>> = { gate: GATE_SPOT_PATH, gate_futures: GATE_FUTURES_PATH };

/**
 * The simulated `gate` and `gate_futures` as the simulator runs them (`buildSimVenues`, `SimVenue.tick`),
 * BTC and ETH at 20 trades a second, on a clock the spec moves, with clients on fake sockets; `connect`
 * opens a socket on a venue's path (default the first asked); `get` asks a venue's REST API.
 */
export function gateTestVenue(names: readonly GateVenueName[] = ['gate'], options: Partial<SimulatorOptions> = {}) {
  const clock = { now: START_TS };
  const { venues } = buildSimVenues({ venues: [...names], coins: ['BTC', 'ETH'], seed: 7, tradesPerSecond: 20, ...options }, () => clock.now);
  const venueOf = (name: GateVenueName): SimVenue => venues.get(name) as SimVenue;
  const first = names[0] ?? 'gate';
  const control = createSimulatorControl(venues);
  let next = 0;
  const connect = (name: GateVenueName = first, path = PATHS[name]): GateTestClient => {
    next += 1;
    const socket = new FakeSocket();
    const id = `${name}-${next}`;
    venueOf(name).attach(socket as unknown as WebSocket, new URL(path, 'ws://127.0.0.1'), id);
    let read = 0;
    const json = (texts: readonly string[]) => texts.map((t) => JSON.parse(t) as Record<string, unknown>);
    return {
      id,
      socket,
      send: (request) => socket.emit('message', Buffer.from(typeof request === 'string' ? request : JSON.stringify(request))),
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
  const raw = (name: GateVenueName, target: string, ip?: string) => (venueOf(name).config.restApi as GateRest).answer('GET', target, ip);
  /** A REST answer's status and parsed body. */
  const get = (name: GateVenueName, target: string, ip?: string) => {
    const answer = raw(name, target, ip);
    return { status: answer.status, body: JSON.parse(answer.text) as unknown };
  };
  return { venue: venueOf(first), venueOf, control, clock, connect, run, raw, get };
}

/** A request of one channel (`spot.trades`) for `payload`, numbered `id`. */
export function request(channel: string, payload: readonly string[], id = 1, event: 'subscribe' | 'unsubscribe' = 'subscribe') {
  return { time: Math.floor(START_TS / 1000), id, channel, event, payload };
}

/** The pushes of `channel` a client got. */
export function pushes(frames: readonly Record<string, unknown>[], channel: string): Record<string, unknown>[] {
  return frames.filter((f) => f['channel'] === channel && f['event'] === 'update');
}
