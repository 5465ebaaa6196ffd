import type { WebSocket } from 'ws';
import { buildSimVenues } from '../../../build-sim-venues.js';
import { FakeSocket, START_TS } from '../../../perpetual/__fixtures__/perpetual-test-venue.js';
import { createSimulatorControl } from '../../../simulator-control.js';
import type { SimulatorOptions } from '../../../simulator-options.js';
import type { SimVenue } from '../../../sim-venue.js';
import type { SimVenueName } from '../../../sim-venues.js';
import type { OkxOptionsRest } from '../okx-options-rest.js';
import { OKX_OPTIONS_PATH } from '../sim-okx-options-venue.js';

export { START_TS };
export { recorded } from '../../okx/__fixtures__/okx-test-venue.js';

/** A client of the test venue: what it sends, what it got (`json` parses all but `pong`), and its socket. */
export interface OkxOptionsTestClient {
  readonly socket: FakeSocket;
  send(request: unknown): void;
  /** Every text received, oldest first. */
  texts(): string[];
  /** JSON frames received since the last call. */
  take(): Record<string, unknown>[];
}

/** A frame's `data` entries, each a record of strings. */
export const dataOf = (frame: Record<string, unknown>): Record<string, string>[] => (frame['data'] ?? []) as Record<string, string>[];

/**
 * The simulated `okx_options` (and `deribit_options` beside it when asked) as the simulator builds and
 * ticks them (`buildSimVenues`, `SimVenue.tick`), BTC and ETH, on a clock the spec moves, with clients
 * on fake sockets of the OKX venue and its REST answered in-process.
 */
export function okxOptionsTestVenue(served: readonly SimVenueName[] = ['okx_options'], options: Partial<SimulatorOptions> = {}) {
  const clock = { now: START_TS };
  const { venues } = buildSimVenues({ venues: [...served], coins: ['BTC', 'ETH'], seed: 7, ...options }, () => clock.now);
  const venue = venues.get('okx_options') as SimVenue;
  const control = createSimulatorControl(venues);
  const rest = venue.config.restApi as OkxOptionsRest;
  let next = 0;
  const connect = (route: 'public' | 'business' = 'public'): OkxOptionsTestClient => {
    next += 1;
    const socket = new FakeSocket();
    venue.attach(socket as unknown as WebSocket, new URL(`${OKX_OPTIONS_PATH}/${route}`, 'ws://127.0.0.1'), `okx_options-${next}`);
    let read = 0;
    const json = (texts: readonly string[]) => texts.filter((t) => t !== 'pong').map((t) => JSON.parse(t) as Record<string, unknown>);
    return {
      socket,
      send: (request) => socket.emit('message', Buffer.from(typeof request === 'string' ? request : JSON.stringify(request))),
      texts: () => [...socket.sent],
      take: () => {
        const taken = json(socket.sent.slice(read));
        read = socket.sent.length;
        return taken;
      },
    };
  };
  /** A REST answer's status and parsed body. */
  const get = (target: string, ip = '127.0.0.1') => {
    const answer = rest.answer('GET', target, ip);
    return { status: answer.status, body: JSON.parse(answer.text) as { code: string; msg: string; data: unknown[] } };
  };
  /** Moves the clock by `ms` in generation steps of `stepMs`, ticking every venue served as the simulator does. */
  const run = (ms: number, stepMs = 20): void => {
    for (let t = 0; t < ms; t += stepMs) {
      clock.now += stepMs;
      for (const v of venues.values()) v.tick(stepMs);
    }
  };
  return { venues, venue, control, clock, connect, get, run };
}
