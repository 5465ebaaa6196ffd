import type { VenueOutput } from '../../src/exchanges/venue-item.js';

/** The outputs of a venue feed of one type. */
export const count = (values: readonly VenueOutput[], type: VenueOutput['type']): number => values.filter((v) => v.type === type).length;

/** The book views of one symbol. */
export const books = (values: readonly VenueOutput[], symbol: string): number => values.filter((v) => v.type === 'order_book' && v.symbol === symbol).length;

/** The `book_resync` statuses, in order. */
export const resyncs = (values: readonly VenueOutput[]) => values.flatMap((v) => (v.type === 'feed_status' && v.state === 'book_resync' ? [v] : []));
