import { readFileSync } from 'node:fs';
import type { WebSocket } from 'ws';
import { buildSimVenues } from '../../../build-sim-venues.js';
import { FakeSocket, START_TS } from '../../../perpetual/__fixtures__/perpetual-test-venue.js';
import { createSimulatorControl } from '../../../simulator-control.js';
import type { SimulatorOptions } from '../../../simulator-options.js';
import type { SimVenue } from '../../../sim-venue.js';
import { DeribitRest } from '../deribit-rest.js';
import { DERIBIT_OPTIONS_WS_PATH, DERIBIT_WS_PATH } from '../sim-deribit-venue.js';

export { START_TS };
export type DeribitVenueId = 'deribit' | 'deribit_options';

/** A JSON-RPC frame as a client reads it. */
export type RpcFrame = {
  id?: number | string | null;
  method?: string;
  result?: unknown;
  error?: { code: number; message: string; data?: Record<string, unknown> };
  params?: { channel?: string; type?: string; data?: unknown };
};

/** A client of the test Deribit: what it sends, what it got, where it stands. */
export interface DeribitTestClient {
  readonly socket: FakeSocket;
  /** Sends one JSON-RPC request, its id the client's next. */
  call(method: string, params?: Record<string, unknown>): number;
  /** Frames received since the last call, parsed. */
  take(): RpcFrame[];
}

/** The recorded Deribit frames of `name` (`test/fixtures/exchange-frames/`, sources in `SOURCES.md` there), parsed. */
export function recordedDeribit(name: string): RpcFrame[] {
  const url = new URL(`../../../../test/fixtures/exchange-frames/${name}`, import.meta.url);
  return readFileSync(url, 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as RpcFrame);
}

/**
 * The simulated Deribit as the simulator builds it (`buildSimVenues`: one shared exchange for the
 * venues served), on a clock the spec moves by hand, with clients on fake sockets: every venue is
 * ticked by `run` as the simulator's ticker does.
 */
export function deribitTestVenue(served: readonly DeribitVenueId[] = ['deribit', 'deribit_options'], options: Partial<SimulatorOptions> = {}) {
  const clock = { now: START_TS };
  const { venues } = buildSimVenues({ venues: [...served], seed: 7, tradesPerSecond: 20, ...options }, () => clock.now);
  const control = createSimulatorControl(venues);
  const venue = (id: DeribitVenueId): SimVenue => {
    const found = venues.get(id);
    if (found === undefined) throw new Error(`${id} not served`);
    return found;
  };
  const rest = (): DeribitRest => {
    const api = venue(served[0] ?? 'deribit').config.restApi;
    if (!(api instanceof DeribitRest)) throw new Error('no Deribit REST');
    return api;
  };
  let next = 0;
  const connect = (id: DeribitVenueId): DeribitTestClient => {
    next += 1;
    const socket = new FakeSocket();
    const path = id === 'deribit' ? DERIBIT_WS_PATH : DERIBIT_OPTIONS_WS_PATH;
    venue(id).attach(socket as unknown as WebSocket, new URL(path, 'ws://127.0.0.1'), `${id}-${next}`);
    let read = 0;
    let ids = 0;
    return {
      socket,
      call: (method, params = {}) => {
        ids += 1;
        socket.emit('message', Buffer.from(JSON.stringify({ jsonrpc: '2.0', id: ids, method, params })));
        return ids;
      },
      take: () => {
        const taken = socket.sent.slice(read).map((text) => JSON.parse(text) as RpcFrame);
        read = socket.sent.length;
        return taken;
      },
    };
  };
  /** Moves the clock by `ms` in generation steps of `stepMs`, ticking every venue served. */
  const run = (ms: number, stepMs = 20): void => {
    for (let t = 0; t < ms; t += stepMs) {
      clock.now += stepMs;
      for (const v of venues.values()) v.tick(stepMs);
    }
  };
  return { venues, venue, control, clock, connect, run, rest };
}

/** The notifications of `channel` among `frames`. */
export function onChannel(frames: readonly RpcFrame[], channel: string): RpcFrame[] {
  return frames.filter((f) => f.method === 'subscription' && f.params?.channel === channel);
}
