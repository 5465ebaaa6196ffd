import { Subject, asyncScheduler } from 'rxjs';
import { pino } from 'pino';
import type { FeedEvent } from '../model/index.js';
import type { ExchangeId } from '../model/market-record.js';
import { frameDecoder } from './frame-decoder.js';
import type { ParseResult } from './parse-result.js';
import { protocolFor, type ProtocolSettings } from './protocol-registry.js';
import { symbolPartsLookup } from './symbol-parts-lookup.js';
import { venueEvents } from './venue-events.js';
import type { VenueItem } from './venue-item.js';

/** Turns one raw text frame of a venue into normalized events, or the reason it was refused. */
export type FrameNormalizer = (text: string, receivedTs: number) => ParseResult<readonly FeedEvent[]>;

const NONE: readonly FeedEvent[] = [];

/**
 * The venue's frame decoder on one pseudo-connection: control frames (acks, pongs, errors) give no
 * events. Depth frames go through the venue's book sync, as live: an applied update gives an
 * `order_book` view, a broken book one `book_resync` status (nothing can be resubscribed here, so
 * the book stays broken until the input's next snapshot).
 */
export function createFrameNormalizer(exchange: ExchangeId, connectionId: string, settings?: ProtocolSettings): FrameNormalizer {
  const protocol = protocolFor(exchange, settings);
  const decode = frameDecoder(protocol, { exchange });
  const items = new Subject<readonly VenueItem[]>();
  let synced: FeedEvent[] = [];
  const plan = protocol.book;
  if (plan !== undefined) {
    const context = { exchange, scheduler: asyncScheduler, logger: pino({ enabled: false }), resubscribe: () => undefined };
    items.pipe(venueEvents(protocol, { plan, context, env: protocol.env(exchange), partsOf: symbolPartsLookup(), connectionId })).subscribe((event) => {
      if (event.type !== 'invalid_frame') synced.push(event);
    });
  }
  return (text, receivedTs) => {
    const decoded = decode(text, receivedTs, connectionId);
    if (decoded.kind === 'invalid') return { ok: false, error: decoded.error };
    if (decoded.kind !== 'events') return { ok: true, frame: NONE };
    if (decoded.books.length === 0 || plan === undefined) return { ok: true, frame: decoded.events };
    synced = [];
    items.next(decoded.books);
    return { ok: true, frame: [...decoded.events, ...synced] };
  };
}
