import { readFileSync } from 'node:fs';
import type { WebSocket } from 'ws';
import { buildSimVenues } from '../../../build-sim-venues.js';
import { FakeSocket, START_TS } from '../../../perpetual/__fixtures__/perpetual-test-venue.js';
import { createSimulatorControl } from '../../../simulator-control.js';
import type { SimulatorOptions } from '../../../simulator-options.js';
import type { SimVenue } from '../../../sim-venue.js';

export { START_TS } from '../../../perpetual/__fixtures__/perpetual-test-venue.js';

/** The lines of a recorded file of this folder (see README.md), parsed. */
export function recorded(name: string): Record<string, unknown>[] {
  return readFileSync(new URL(name, import.meta.url), 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

/** One of the documentation's examples of `okx-doc-examples.json`. */
export function documented(name: string): unknown {
  const examples = JSON.parse(readFileSync(new URL('okx-doc-examples.json', import.meta.url), 'utf8')) as Record<string, unknown>;
  return examples[name];
}

/** A client on the test venue: what it sends, what it got (text as sent; `json` parses all but `pong`), and its socket. */
export interface OkxTestClient {
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

/**
 * The simulated `okx` or `okx_swap` as the simulator runs it (`buildSimVenues`, `SimVenue.tick`), BTC
 * and ETH at 20 trades a second, on a clock the spec moves, with clients on fake sockets.
 */
export function okxTestVenue(name: 'okx' | 'okx_swap', options: Partial<SimulatorOptions> = {}) {
  const clock = { now: START_TS };
  const { venues } = buildSimVenues({ venues: [name], coins: ['BTC', 'ETH'], seed: 7, tradesPerSecond: 20, ...options }, () => clock.now);
  const venue = venues.get(name) as SimVenue;
  const control = createSimulatorControl(venues);
  let next = 0;
  const connect = (path: string): OkxTestClient => {
    next += 1;
    const socket = new FakeSocket();
    const id = `${name}-${next}`;
    venue.attach(socket as unknown as WebSocket, new URL(path, 'ws://127.0.0.1'), id);
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
      venue.tick(stepMs);
    }
  };
  return { venue, control, clock, connect, run };
}
