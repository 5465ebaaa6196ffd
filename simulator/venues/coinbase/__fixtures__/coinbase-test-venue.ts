import { EventEmitter } from 'node:events';
import type { WebSocket } from 'ws';
import { seededRandom } from '../../../seeded-random.js';
import { SimVenue } from '../../../sim-venue.js';
import { SimulatedBooks } from '../../../simulated-books.js';
import { SimulatedMarket } from '../../../simulated-market.js';
import { createVenueCounters } from '../../../venue-counters.js';
import { DEFAULT_COINBASE_LIMITS, type CoinbaseLimits } from '../coinbase-limits.js';
import { createCoinbaseSim } from '../coinbase-sim.js';
import { simCoinbaseVenue } from '../sim-coinbase-venue.js';

/** A `ws` socket as far as the simulator uses it: what it sent, and how it was closed. */
export class FakeSocket extends EventEmitter {
  readonly OPEN = 1;
  readyState = 1;
  readonly sent: string[] = [];
  closed: { readonly code: number; readonly reason: string } | undefined;
  terminated = false;

  send(data: string | Buffer): void {
    this.sent.push(data.toString());
  }

  close(code = 1000, reason = ''): void {
    if (this.readyState !== this.OPEN) return;
    this.closed = { code, reason };
    this.readyState = 3;
    this.emit('close', code, Buffer.from(reason));
  }

  terminate(): void {
    if (this.readyState !== this.OPEN) return;
    this.terminated = true;
    this.readyState = 3;
    this.emit('close', 1006, Buffer.alloc(0));
  }

  ping(): void {}
}

/** One client of the test venue: what it sends and what it received, parsed. */
export interface TestClient {
  readonly socket: FakeSocket;
  send(message: unknown): void;
  /** Every frame received, parsed, in order. */
  frames(): Record<string, unknown>[];
  /** The frames received since the last call. */
  fresh(): Record<string, unknown>[];
}

export interface TestVenueOptions {
  readonly symbols?: readonly string[];
  readonly limits?: CoinbaseLimits;
  /** Levels per side of each book; default 40. */
  readonly depth?: number;
  readonly tradesPerSecond?: number;
}

/**
 * A Coinbase venue as the wiring would build it (a `SimVenue` over `createCoinbaseSim`, trade ids
 * consecutive, product ids as symbols), on a clock the test moves, and fake sockets attached to it.
 */
export function coinbaseTestVenue(options: TestVenueOptions = {}) {
  let now = 1_786_309_548_000;
  const clock = (): number => now;
  const symbols = (options.symbols ?? ['BTC-USD', 'ETH-USD']).map((symbol) => ({
    symbol,
    coin: symbol.split('-')[0] ?? symbol,
    quote: symbol.split('-')[1] ?? '',
    sizeDecimals: 8,
  }));
  const market = new SimulatedMarket({ symbols, seed: 1, idStep: 'consecutive' });
  const books = new SimulatedBooks({ market, seed: 1, depth: options.depth ?? 40 });
  const counters = createVenueCounters();
  const limits = options.limits ?? DEFAULT_COINBASE_LIMITS;
  const sim = createCoinbaseSim({ market, books, clock, limits, counters });
  const venue = new SimVenue({
    name: 'coinbase',
    symbolOf: simCoinbaseVenue.symbolOf,
    protocol: sim.protocol,
    market,
    books: sim.level2,
    restApi: sim.rest,
    random: seededRandom(2),
    tradesPerSecond: options.tradesPerSecond ?? 20,
    tickerIntervalMs: 200,
    pingIntervalMs: 0,
    maxConnectionLifetimeMs: 0,
    logCapacity: 10_000,
    clock,
    limits,
    counters,
  });
  let opened = 0;
  const open = (): TestClient => {
    opened += 1;
    const socket = new FakeSocket();
    venue.attach(socket as unknown as WebSocket, new URL('ws://127.0.0.1/coinbase'), `c${opened}`);
    let read = 0;
    const frames = (): Record<string, unknown>[] => socket.sent.map((text) => JSON.parse(text) as Record<string, unknown>);
    return {
      socket,
      send: (message) => socket.emit('message', Buffer.from(typeof message === 'string' ? message : JSON.stringify(message))),
      frames,
      fresh: () => {
        const all = frames();
        const out = all.slice(read);
        read = all.length;
        return out;
      },
    };
  };
  /** Moves the clock and the venue `steps` steps of `ms`. */
  const run = (steps: number, ms = 20): void => {
    for (let n = 0; n < steps; n += 1) {
      now += ms;
      venue.tick(ms);
    }
  };
  /** Moves the clock by `ms` without a generation step (for timers driven by fake timers alongside). */
  const wait = (ms: number): void => {
    now += ms;
  };
  return { venue, sim, market, books, counters, limits, open, run, wait, now: () => now };
}

/** A subscribe message of one channel. */
export function subscribe(channel: string, productIds: readonly string[] = []): Record<string, unknown> {
  return { type: 'subscribe', product_ids: productIds, channel };
}
