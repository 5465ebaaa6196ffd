import type { BookChannels, BookMessage } from './book-channels.js';
import type { SimConnection } from './sim-connection.js';
import { SimulatedBooks } from './simulated-books.js';
import { SimulatedMarket } from './simulated-market.js';

/** Where the recorded frames start, ms (2026-11-22T00:00:00Z). */
export const FIXTURE_START_TS = 1_795_305_600_000;
const STEP_MS = 20;

/** Combined-stream framing, as a Binance `/stream?streams=` socket gets it (other venues' framing ignores it). */
export const FIXTURE_CONNECTION = { combined: true } as SimConnection;

/**
 * A market of BTCUSDT as the simulator runs it by default (seed 1, 5 trades/s), books 100 levels deep,
 * stepped by hand every 20 ms, with a venue's depth channels over it: what the book fixtures of
 * `simulator/__fixtures__/` are recorded from (`SimVenueDefinition.bookFixtures`).
 */
export function bookRecorder<C extends BookChannels>(idStep: 'sparse' | 'consecutive', channelsOf: (books: SimulatedBooks) => C) {
  const market = new SimulatedMarket({ symbols: [{ symbol: 'BTCUSDT', coin: 'BTC' }], seed: 1, idStep });
  const books = new SimulatedBooks({ market, seed: 1, depth: 100 });
  const channels = channelsOf(books);
  let now = FIXTURE_START_TS;
  let steps = 0;
  const step = (topic: string): BookMessage[] => {
    now += STEP_MS;
    steps += 1;
    if (steps % 10 === 0) market.nextTrade('BTCUSDT', now);
    return channels.tick(STEP_MS, now, (t) => t === topic).filter((m) => m.topic === topic);
  };
  /** The next `frames` messages of `topic`, stepping as long as it takes. */
  const messages = (topic: string, frames: number): BookMessage[] => {
    const out: BookMessage[] = [];
    while (out.length < frames) out.push(...step(topic));
    return out;
  };
  return { books, channels, messages, now: () => now };
}

/** Messages as NDJSON, one frame a line. */
export const fixtureLines = (messages: readonly BookMessage[], render: (m: BookMessage) => string): string => `${messages.map(render).join('\n')}\n`;

/** A value as one line of JSON. */
export const fixtureJson = (value: unknown): string => `${JSON.stringify(value)}\n`;
