import { Subject } from 'rxjs';
import { pino } from 'pino';
import type { FeedEvent } from '../model/index.js';
import type { ExchangeId } from '../model/market-record.js';
import { frameDecoder } from './frame-decoder.js';
import { protocolFor, type ProtocolSettings } from './protocol-registry.js';
import type { VenueListing } from '../model/instrument.js';
import { listedPartsLookup, venuePartsLookup } from './venue-parts-lookup.js';
import { socketlessBooks } from './venue-books.js';
import { venueEvents } from './venue-events.js';
import type { VenueItem } from './venue-item.js';

/**
 * One raw frame normalized: its events, or the reason it was refused with the statuses the refusal
 * caused (a refused frame of the depth channel puts the books it names down: one `book_resync` each,
 * unless already down).
 */
export type NormalizedFrame =
  | { readonly ok: true; readonly frame: readonly FeedEvent[]; readonly refused?: string }
  | { readonly ok: false; readonly error: string; readonly events: readonly FeedEvent[] };

/** Turns one raw text frame of a venue into normalized events, or the reason it was refused (and what that refusal did to its books). */
export type FrameNormalizer = (text: string, receivedTs: number) => NormalizedFrame;

const NONE: readonly FeedEvent[] = [];

/**
 * The venue's frame decoder on one pseudo-connection, then the live feed's stages (`venueEvents`), with
 * no overlap of two sockets to de-duplicate: every data frame of the input prints. Control frames (acks,
 * pongs, errors) give no events; a protocol with a per-symbol reducer merges as live (Bybit linear's
 * ticker deltas into whole derivative tickers); depth frames go through the venue's book sync: an
 * applied update gives an `order_book` view, a broken book one `book_resync` status (nothing can be
 * resubscribed here, so the book stays broken until the input's next snapshot). A refused frame of the
 * depth channel breaks the books it names as a gap does: its `book_resync` comes with the refusal.
 * With the venue's `listings`, its symbols are split as its list says, contract values included (an OKX
 * swap's sizes are contracts: without its list they cannot be read as base quantities and are refused).
 */
export function createFrameNormalizer(
  exchange: ExchangeId,
  connectionId: string,
  settings?: ProtocolSettings,
  listings?: readonly VenueListing[],
): FrameNormalizer {
  const protocol = protocolFor(exchange, settings);
  const partsOf = listings === undefined ? venuePartsLookup(exchange) : listedPartsLookup(exchange, listings);
  const decode = frameDecoder(protocol, { exchange, partsOf });
  const books = socketlessBooks(protocol, { exchange, partsOf, logger: pino({ enabled: false }), connectionId });
  const items = new Subject<readonly VenueItem[]>();
  let out: FeedEvent[] = [];
  items.pipe(venueEvents(protocol, books, { oneConnection: true })).subscribe((event) => {
    if (event.type !== 'invalid_frame') out.push(event);
  });
  return (text, receivedTs) => {
    const decoded = decode(text, receivedTs, connectionId);
    if (decoded.kind === 'invalid') {
      if (books === undefined || decoded.lost.length === 0) return { ok: false, error: decoded.error, events: NONE };
      out = [];
      items.next(decoded.lost);
      return { ok: false, error: decoded.error, events: out };
    }
    if (decoded.kind !== 'events') return { ok: true, frame: NONE };
    // Entries of a many-instrument frame refused alone: said beside the others' events.
    const refused = decoded.refused === undefined ? {} : { refused: decoded.refused };
    // Nothing to merge and no book update: the stages would pass the events as they are.
    if (protocol.reducer === undefined && decoded.books.length === 0) return { ok: true, frame: decoded.events, ...refused };
    out = [];
    items.next(decoded.books.length === 0 ? decoded.events : [...decoded.events, ...decoded.books]);
    return { ok: true, frame: out, ...refused };
  };
}
