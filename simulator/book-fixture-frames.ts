import { BinanceDepthRest } from './venues/binance/binance-depth-rest.js';
import { BinanceDepthStreams } from './venues/binance/binance-depth-streams.js';
import { binanceProtocol } from './venues/binance/sim-binance-protocol.js';
import type { BookChannels, BookMessage } from './book-channels.js';
import { BybitBookTopics } from './venues/bybit/bybit-book-topics.js';
import { bybitProtocol } from './venues/bybit/sim-bybit-protocol.js';
import type { SimConnection } from './sim-connection.js';
import { SimulatedBooks } from './simulated-books.js';
import { SimulatedMarket } from './simulated-market.js';

/** Where the recorded frames start, ms (2026-11-22T00:00:00Z). */
const START_TS = 1_795_305_600_000;
const STEP_MS = 20;

/** A market of BTCUSDT as the simulator runs it by default (seed 1, 5 trades/s), books 100 levels deep, stepped by hand every 20 ms. */
function recorder(idStep: 'sparse' | 'consecutive', channelsOf: (books: SimulatedBooks) => BookChannels) {
  const market = new SimulatedMarket({ symbols: [{ symbol: 'BTCUSDT', coin: 'BTC' }], seed: 1, idStep });
  const books = new SimulatedBooks({ market, seed: 1, depth: 100 });
  const channels = channelsOf(books);
  let now = START_TS;
  let steps = 0;
  const step = (topic: string): BookMessage[] => {
    now += STEP_MS;
    steps += 1;
    if (steps % 10 === 0) market.nextTrade('BTCUSDT', now);
    return channels.tick(STEP_MS, now, (t) => t === topic).filter((m) => m.topic === topic);
  };
  return { books, channels, step, now: () => now };
}

/** Combined-stream framing, as a `/stream?streams=` socket gets it. */
const COMBINED = { combined: true } as SimConnection;

/**
 * The book fixtures in `simulator/__fixtures__/`, generated exactly as the simulator
 * sends them (its books, topics and protocol framing, on a fixed clock), by file name:
 * - `sim-bybit-orderbook.ndjson`: `orderbook.50.BTCUSDT`, the snapshot on subscribe and 40 deltas;
 *   `sim-bybit-orderbook.book.json`: the simulator's book (50 levels) and `u` after the last one;
 * - `sim-bybit-orderbook-faults.ndjson`: a snapshot and deltas with, in order, a dropped delta (a
 *   `u` gap), the snapshot of a resubscribe, a `u` = 1 restart snapshot and its deltas, a crossed delta
 *   and the delta that deletes its bid;
 * - `sim-binance-depth.ndjson`: `btcusdt@depth@100ms` combined-stream events;
 *   `sim-binance-depth.snapshot.json`: the REST `GET /api/v3/depth?symbol=BTCUSDT&limit=100` answer taken
 *   after the fifth event; `sim-binance-depth.book.json`: the simulator's book (100 levels) after the last event.
 */
export function bookFixtureFiles(): Readonly<Record<string, string>> {
  const lines = (messages: readonly BookMessage[], render: (m: BookMessage) => string) => `${messages.map(render).join('\n')}\n`;
  const json = (value: unknown) => `${JSON.stringify(value)}\n`;
  const bybitLine = (m: BookMessage) => bybitProtocol.bookFrame(COMBINED, m);
  const steps = (step: (topic: string) => BookMessage[], topic: string, frames: number) => {
    const out: BookMessage[] = [];
    while (out.length < frames) out.push(...step(topic));
    return out;
  };

  const bybitTopic = 'orderbook.50.BTCUSDT';
  const bybit = recorder('sparse', (books) => new BybitBookTopics({ books }));
  const clean = [...bybit.channels.onSubscribe(bybitTopic, bybit.now()), ...steps(bybit.step, bybitTopic, 40)];
  const bybitBook = bybit.channels.view('BTCUSDT', 'orderbook.50', 50);

  const faulty = recorder('sparse', (books) => new BybitBookTopics({ books }));
  const faults = [...faulty.channels.onSubscribe(bybitTopic, faulty.now()), ...steps(faulty.step, bybitTopic, 5)];
  faulty.channels.arm('drop', 'BTCUSDT');
  faults.push(...steps(faulty.step, bybitTopic, 3));
  faults.push(...faulty.channels.onSubscribe(bybitTopic, faulty.now()), ...steps(faulty.step, bybitTopic, 3));
  faulty.channels.arm('restart', 'BTCUSDT');
  faults.push(...steps(faulty.step, bybitTopic, 4));
  faulty.channels.arm('cross', 'BTCUSDT');
  faults.push(...steps(faulty.step, bybitTopic, 2));

  const stream = 'btcusdt@depth@100ms';
  let rest: BinanceDepthRest | undefined;
  const binance = recorder('consecutive', (books) => {
    rest = new BinanceDepthRest({ books, clock: () => START_TS });
    return new BinanceDepthStreams({ books });
  });
  const events = steps(binance.step, stream, 5);
  const snapshot = rest?.answer('GET', '/api/v3/depth?symbol=BTCUSDT&limit=100').body;
  events.push(...steps(binance.step, stream, 25));
  const binanceBook = binance.channels.view('BTCUSDT', 'depth@100ms', 100);

  return {
    'sim-bybit-orderbook.ndjson': lines(clean, bybitLine),
    'sim-bybit-orderbook.book.json': json(bybitBook),
    'sim-bybit-orderbook-faults.ndjson': lines(faults, bybitLine),
    'sim-binance-depth.ndjson': lines(events, (m) => binanceProtocol.bookFrame(COMBINED, m)),
    'sim-binance-depth.snapshot.json': json(snapshot),
    'sim-binance-depth.book.json': json(binanceBook),
  };
}
