import { Observable } from 'rxjs';
import { feedStatusOf } from '../exchanges/feed-status-of.js';
import { frameDecoder } from '../exchanges/frame-decoder.js';
import { invalidFrameReporter } from '../exchanges/invalid-frame-reporter.js';
import { protocolFor } from '../exchanges/protocol-registry.js';
import { SymbolDirectory } from '../exchanges/symbol-directory.js';
import { venuePartsLookup } from '../exchanges/venue-parts-lookup.js';
import { socketlessBooks } from '../exchanges/venue-books.js';
import { venueEvents } from '../exchanges/venue-events.js';
import type { VenueItem } from '../exchanges/venue-item.js';
import type { VenueFeedFactory } from '../pipeline/venue-settings.js';
import type { CaptureLine } from './capture-line.js';

/**
 * A venue whose frames come from a capture instead of a socket: each captured frame goes through
 * the venue's frame decoder with its original `receivedTs` and `connectionId`, then the same
 * stages as the live feed (a shard told its instruments keeps theirs alone, as its socket would; overlap duplicates dropped, per-symbol reducer, and with `books` the
 * book sync: a resync cannot resubscribe a capture, so it waits for the next captured snapshot); refused
 * frames travel in the stream as `invalid_frame` items, as live, and one of the depth channel (a lost snapshot or
 * update) puts the books it names down with a `book_resync` status, as live. A `connected` status is emitted when a new connection id first appears. The feed never
 * completes by itself: the replay ends it by stopping the pipeline when the capture is exhausted.
 */
export function replayVenueFeed(frames$: Observable<CaptureLine>): VenueFeedFactory {
  return (options) => {
    const { exchange } = options;
    const protocol = protocolFor(exchange, options.books);
    const symbols = { coins: options.coins, quote: options.quote };
    // The instruments the shard was told, as the venue's list names them (an OKX swap's contract value
    // with it), before the configured coins: what a live socket's symbol directory answers.
    const directory = new SymbolDirectory(symbols, venuePartsLookup(exchange, symbols));
    const { partsOf } = directory;
    const books = options.books === undefined ? undefined : socketlessBooks(protocol, { exchange, partsOf, logger: options.logger });
    return new Observable<readonly VenueItem[]>((subscriber) => {
      // A shard replays only its own instruments, as its socket would have carried only theirs: every shard reads the whole capture.
      let followed: ReadonlySet<string> | undefined;
      const ours = (item: VenueItem): boolean => followed === undefined || item.type === 'feed_status' || !('symbol' in item) || followed.has(item.symbol);
      const learn = options.instruments$?.subscribe((instruments) => {
        directory.learn(instruments);
        followed = new Set(instruments.map((instrument) => instrument.symbol));
      });
      // As live: a frame of many instruments (an underlying's every option) is this shard's for its own alone.
      const decode = frameDecoder(protocol, { exchange, partsOf, follows: (symbol) => followed === undefined || followed.has(symbol) });
      const refused = invalidFrameReporter({ exchange, logger: options.logger });
      const connections = new Set<string>();
      const subscription = frames$.subscribe((line) => {
        if (line.exchange !== exchange) return;
        if (!connections.has(line.connectionId)) {
          connections.add(line.connectionId);
          subscriber.next([feedStatusOf(exchange, 'connected', 'replayed capture', line.receivedTs, line.connectionId)]);
        }
        const decoded = decode(line.frame, line.receivedTs, line.connectionId);
        if (decoded.kind === 'invalid') {
          const report = refused(line.connectionId, line.frame, decoded.error, line.receivedTs);
          // A refused frame of the depth channel: its books go down at once and say so (`book_resync`), until the next captured snapshot.
          subscriber.next(books === undefined || decoded.lost.length === 0 ? [report] : [report, ...decoded.lost]);
        }
        if (decoded.kind !== 'events') return;
        if (decoded.refused !== undefined) subscriber.next([refused(line.connectionId, line.frame, decoded.refused, line.receivedTs)]);
        const all =
          books === undefined || decoded.books.length === 0
            ? decoded.events
            : decoded.events.length === 0
              ? decoded.books
              : [...decoded.events, ...decoded.books];
        const items = followed === undefined ? all : all.filter(ours);
        if (items.length > 0) subscriber.next(items);
      });
      return () => {
        subscription.unsubscribe();
        learn?.unsubscribe();
      };
    }).pipe(venueEvents(protocol, books));
  };
}
