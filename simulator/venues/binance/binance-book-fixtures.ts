import { bookRecorder, FIXTURE_CONNECTION, FIXTURE_START_TS, fixtureJson, fixtureLines } from '../../book-fixture-recorder.js';
import { BinanceDepthRest } from './binance-depth-rest.js';
import { BinanceDepthStreams } from './binance-depth-streams.js';
import { binanceProtocol } from './sim-binance-protocol.js';

/**
 * Binance's book fixtures, by file name: `sim-binance-depth.ndjson`, `btcusdt@depth@100ms`
 * combined-stream events; `sim-binance-depth.snapshot.json`, the REST
 * `GET /api/v3/depth?symbol=BTCUSDT&limit=100` answer taken after the fifth event;
 * `sim-binance-depth.book.json`, the simulator's book (100 levels) after the last event.
 */
export function binanceBookFixtures(): Readonly<Record<string, string>> {
  const stream = 'btcusdt@depth@100ms';
  let rest: BinanceDepthRest | undefined;
  const recorder = bookRecorder('consecutive', (books) => {
    rest = new BinanceDepthRest({ books, clock: () => FIXTURE_START_TS });
    return new BinanceDepthStreams({ books });
  });
  const events = recorder.messages(stream, 5);
  const snapshot = rest?.answer('GET', '/api/v3/depth?symbol=BTCUSDT&limit=100').body;
  events.push(...recorder.messages(stream, 25));
  const book = recorder.channels.view('BTCUSDT', 'depth@100ms', 100);
  return {
    'sim-binance-depth.ndjson': fixtureLines(events, (m) => binanceProtocol.bookFrame(FIXTURE_CONNECTION, m)),
    'sim-binance-depth.snapshot.json': fixtureJson(snapshot),
    'sim-binance-depth.book.json': fixtureJson(book),
  };
}
