import { readFileSync } from 'node:fs';
import type { WebSocket } from 'ws';
import { buildSimVenues } from '../../../build-sim-venues.js';
import { FakeSocket, START_TS } from '../../../perpetual/__fixtures__/perpetual-test-venue.js';
import { createSimulatorControl } from '../../../simulator-control.js';
import type { SimulatorOptions } from '../../../simulator-options.js';
import type { SimVenue } from '../../../sim-venue.js';
import type { SimVenueName } from '../../../sim-venues.js';
import type { BybitRest } from '../../bybit/bybit-rest.js';
import { BYBIT_OPTION_WS_PATH } from '../sim-bybit-options-protocol.js';

export { START_TS };

/** A frame of the option socket as a client reads it. */
export type OptionFrame = Record<string, unknown> & { id?: string; topic?: string; ts?: number; type?: string; data?: unknown };

/** A client of the option socket: what it sends, every frame it got parsed, and where it stands. */
export interface OptionClient {
  readonly id: string;
  readonly socket: FakeSocket;
  send(request: unknown): void;
  /** Every frame received, parsed, oldest first. */
  frames(): OptionFrame[];
  /** Frames received since the last call. */
  take(): OptionFrame[];
}

/** Bybit's REST envelope. */
export type Envelope = { retCode: number; retMsg: string; result: Record<string, unknown> & { list?: Record<string, unknown>[]; nextPageCursor?: string } };

/** The recorded option frames of `name` (`test/fixtures/exchange-frames/`, sources in `SOURCES.md` there), parsed. */
export function recordedOption(name: string): OptionFrame[] {
  const url = new URL(`../../../../test/fixtures/exchange-frames/${name}`, import.meta.url);
  return readFileSync(url, 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as OptionFrame);
}

/**
 * Bybit's simulated options as the simulator builds them (`buildSimVenues`, with `deribit_options`
 * beside them when asked), on a clock the spec moves by hand, with clients on fake sockets: every venue
 * is ticked by `run` as the simulator's ticker does.
 */
export function bybitOptionTestVenue(served: readonly SimVenueName[] = ['bybit_options'], options: Partial<SimulatorOptions> = {}) {
  const clock = { now: START_TS };
  const { venues } = buildSimVenues({ venues: [...served], coins: ['BTC', 'ETH', 'SOL'], seed: 7, tradesPerSecond: 20, ...options }, () => clock.now);
  const control = createSimulatorControl(venues);
  const venue = venues.get('bybit_options') as SimVenue;
  const api = venue.config.restApi as BybitRest;
  let next = 0;
  const connect = (): OptionClient => {
    next += 1;
    const socket = new FakeSocket();
    const id = `bybit_options-${next}`;
    venue.attach(socket as unknown as WebSocket, new URL(BYBIT_OPTION_WS_PATH, 'ws://127.0.0.1'), id);
    let read = 0;
    return {
      id,
      socket,
      send: (request) => socket.emit('message', Buffer.from(typeof request === 'string' ? request : JSON.stringify(request))),
      frames: () => socket.sent.map((text) => JSON.parse(text) as OptionFrame),
      take: () => {
        const taken = socket.sent.slice(read).map((text) => JSON.parse(text) as OptionFrame);
        read = socket.sent.length;
        return taken;
      },
    };
  };
  /** `GET target` on the option REST, its envelope parsed (HTTP 200 expected). */
  const get = (target: string): Envelope => {
    const answer = api.answer('GET', target);
    if (answer.status !== 200) throw new Error(`${target}: HTTP ${answer.status} ${answer.text}`);
    return JSON.parse(answer.text) as Envelope;
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
