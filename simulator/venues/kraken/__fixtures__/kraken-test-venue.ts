import { EventEmitter } from 'node:events';
import type { WebSocket } from 'ws';
import { SimConnection } from '../../../sim-connection.js';
import type { ProtocolContext } from '../../../sim-venue-protocol.js';
import { SimulatedBooks } from '../../../simulated-books.js';
import { SimulatedMarket } from '../../../simulated-market.js';
import { createVenueCounters } from '../../../venue-counters.js';
import { createVenueFaults } from '../../../venue-faults.js';
import { KrakenBook } from '../kraken-book.js';
import { DEFAULT_KRAKEN_LIMITS, type KrakenVenueLimits } from '../kraken-limits.js';
import { SimKrakenProtocol } from '../sim-kraken-protocol.js';

/** Where the specs' clocks start, ms (2026-08-12T19:28:08Z). */
export const START_TS = 1_786_562_888_000;

/** A Kraken market of BTC/USD (1 / 8 decimals, as AssetPairs says) and DOGE/USDT (5 / 8, as recorded), ids consecutive per pair. */
export function krakenTestMarket(seed = 1): SimulatedMarket {
  return new SimulatedMarket({
    symbols: [
      { symbol: 'BTC/USD', coin: 'BTC', quote: 'USD', priceDecimals: 1, sizeDecimals: 8 },
      { symbol: 'DOGE/USDT', coin: 'DOGE', quote: 'USDT', priceDecimals: 5, sizeDecimals: 8 },
    ],
    seed,
    idStep: 'consecutive',
  });
}

/** A socket that keeps what it was sent. */
export class FakeSocket extends EventEmitter {
  readonly OPEN = 1;
  readyState = 1;
  readonly sent: string[] = [];

  send(data: string | Buffer): void {
    this.sent.push(data.toString());
  }

  close(): void {
    this.readyState = 3;
    this.emit('close');
  }
}

/** A connection over a {@link FakeSocket}. */
export function fakeConnection(id = 'c1'): { readonly connection: SimConnection; readonly socket: FakeSocket } {
  const socket = new FakeSocket();
  const faults = createVenueFaults();
  const connection = new SimConnection({ id, venue: 'bybit', socket: socket as unknown as WebSocket, faults: () => faults });
  return { connection, socket };
}

/**
 * Prices and quantities read as the strings they were written as (what a client with a decimal
 * parser gets), the rest as JSON: `{"price":45285.2,"qty":0.00100000}` -> `{"price":"45285.2","qty":"0.00100000"}`.
 */
export function parseDecimals(text: string): unknown {
  return JSON.parse(text.replace(/"(price|qty|bid|bid_qty|ask|ask_qty|last|volume|vwap|low|high|change|change_pct)":(-?[\d.e+-]+)/g, '"$1":"$2"'));
}

/** A Kraken venue of the specs: market, books, book channels, protocol, counters, and a context per connection on a hand-moved clock. */
export function krakenTestVenue(options: { readonly limits?: KrakenVenueLimits; readonly depth?: number; readonly heartbeatMs?: number } = {}) {
  const market = krakenTestMarket();
  const books = new SimulatedBooks({ market, seed: 1, depth: options.depth ?? 1000 });
  const book = new KrakenBook({ books });
  const protocol = new SimKrakenProtocol({ market, random: () => 0.5, heartbeatMs: options.heartbeatMs ?? 0 });
  const counters = createVenueCounters();
  const limits = options.limits ?? DEFAULT_KRAKEN_LIMITS;
  const clock = { now: START_TS };
  const context = (): ProtocolContext => ({
    now: clock.now,
    hasSymbol: (symbol) => market.has(symbol),
    state: (symbol) => market.state(symbol),
    recordSubscribe: (_topics, accepted) => {
      counters.subscribeRequests += 1;
      if (!accepted) counters.subscribeRejected += 1;
    },
    recordPing: () => {
      counters.pingsReceived += 1;
    },
    isBookTopic: (topic) => book.accepts(topic),
    bookSubscribed: (topic) => book.onSubscribe(topic, clock.now).map((m) => protocol.bookFrame(undefined as never, m)),
    limits,
    refused: (kind) => {
      counters.refusals[kind] += 1;
    },
  });
  /** A new connection, its status frame sent; `send` hands the protocol a client frame and returns the frames sent back. */
  const connect = (id = 'c1') => {
    const { connection, socket } = fakeConnection(id);
    protocol.onConnect(connection);
    const send = (request: unknown): string[] => {
      const before = socket.sent.length;
      protocol.onMessage(connection, typeof request === 'string' ? request : JSON.stringify(request), context());
      return socket.sent.slice(before);
    };
    return { connection, socket, send };
  };
  return { market, books, book, protocol, counters, clock, context, connect };
}
