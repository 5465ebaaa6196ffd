import { bookRecorder, FIXTURE_CONNECTION, fixtureJson, fixtureLines } from '../../book-fixture-recorder.js';
import type { BookMessage } from '../../book-channels.js';
import { BybitBookTopics } from './bybit-book-topics.js';
import { bybitProtocol } from './sim-bybit-protocol.js';

/**
 * Bybit's book fixtures, by file name:
 * - `sim-bybit-orderbook.ndjson`: `orderbook.50.BTCUSDT`, the snapshot on subscribe and 40 deltas;
 *   `sim-bybit-orderbook.book.json`: the simulator's book (50 levels) and `u` after the last one;
 * - `sim-bybit-orderbook-faults.ndjson`: a snapshot and deltas with, in order, a dropped delta (a
 *   `u` gap), the snapshot of a resubscribe, a `u` = 1 restart snapshot and its deltas, a crossed delta
 *   and the delta that deletes its bid.
 */
export function bybitBookFixtures(): Readonly<Record<string, string>> {
  const line = (m: BookMessage) => bybitProtocol.bookFrame(FIXTURE_CONNECTION, m);
  const topic = 'orderbook.50.BTCUSDT';
  const clean = bookRecorder('sparse', (books) => new BybitBookTopics({ books }));
  const frames = [...clean.channels.onSubscribe(topic, clean.now()), ...clean.messages(topic, 40)];
  const book = clean.channels.view('BTCUSDT', 'orderbook.50', 50);

  const faulty = bookRecorder('sparse', (books) => new BybitBookTopics({ books }));
  const faults = [...faulty.channels.onSubscribe(topic, faulty.now()), ...faulty.messages(topic, 5)];
  faulty.channels.arm('drop', 'BTCUSDT');
  faults.push(...faulty.messages(topic, 3));
  faults.push(...faulty.channels.onSubscribe(topic, faulty.now()), ...faulty.messages(topic, 3));
  faulty.channels.arm('restart', 'BTCUSDT');
  faults.push(...faulty.messages(topic, 4));
  faulty.channels.arm('cross', 'BTCUSDT');
  faults.push(...faulty.messages(topic, 2));

  return {
    'sim-bybit-orderbook.ndjson': fixtureLines(frames, line),
    'sim-bybit-orderbook.book.json': fixtureJson(book),
    'sim-bybit-orderbook-faults.ndjson': fixtureLines(faults, line),
  };
}
