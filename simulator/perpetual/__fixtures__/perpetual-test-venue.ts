import { EventEmitter } from 'node:events';
import type { WebSocket } from 'ws';
import { buildSimVenues } from '../../build-sim-venues.js';
import { createSimulatorControl } from '../../simulator-control.js';
import type { SimulatorOptions } from '../../simulator-options.js';
import type { SimVenueName } from '../../sim-venues.js';
import type { SimVenue } from '../../sim-venue.js';

/** Where the specs' clocks start, ms: 2026-08-09T21:26:57.583Z, the first recorded Bybit linear ticker's `ts` (1786310817583). */
export const START_TS = 1_786_310_817_583;

/** A socket that keeps what it was sent and how it was closed. */
export class FakeSocket extends EventEmitter {
  readonly OPEN = 1;
  readyState = 1;
  readonly sent: string[] = [];
  closed: { readonly code: number; readonly reason: string } | undefined;

  send(data: string | Buffer): void {
    this.sent.push(data.toString());
  }

  ping(): void {}

  close(code = 1000, reason = ''): void {
    if (this.readyState !== 1) return;
    this.readyState = 3;
    this.closed = { code, reason };
    this.emit('close', code, Buffer.from(reason));
  }

  terminate(): void {
    this.close(1006, '');
  }
}

/** A client on the test venue: what it sends, every frame it got parsed, and where it stands. */
export interface TestClient {
  readonly id: string;
  readonly socket: FakeSocket;
  send(request: unknown): void;
  /** Every frame received, parsed, oldest first. */
  frames(): unknown[];
  /** Frames received since the last call. */
  take(): unknown[];
}

/**
 * One simulated venue as the simulator runs it (`buildSimVenues`, `SimVenue.tick`), on a clock the
 * spec moves by hand, with clients on fake sockets: the whole path from the market to the frames,
 * without a server or timers.
 */
export function perpetualTestVenue(name: SimVenueName, options: Partial<SimulatorOptions> = {}) {
  const clock = { now: START_TS };
  const { venues } = buildSimVenues(
    {
      venues: [name],
      coins: ['BTC', 'ETH'],
      seed: 7,
      tradesPerSecond: 20,
      ...options,
      venueOptions: { ...options.venueOptions, binance_usdm: { pingIntervalMs: 0, ...options.venueOptions?.binance_usdm } },
    },
    () => clock.now,
  );
  const venue = venues.get(name) as SimVenue;
  const control = createSimulatorControl(venues);
  let next = 0;
  const connect = (path: string): TestClient => {
    next += 1;
    const socket = new FakeSocket();
    const id = `${name}-${next}`;
    venue.attach(socket as unknown as WebSocket, new URL(path, 'ws://127.0.0.1'), id);
    let read = 0;
    return {
      id,
      socket,
      send: (request) => socket.emit('message', Buffer.from(typeof request === 'string' ? request : JSON.stringify(request))),
      frames: () => socket.sent.map((text) => JSON.parse(text) as unknown),
      take: () => {
        const taken = socket.sent.slice(read).map((text) => JSON.parse(text) as unknown);
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
