import type { VenueProtocol } from '../venue-protocol.js';
import { bybitBookPlan, DEFAULT_BYBIT_BOOK_DEPTH, type BybitBookDepth } from './bybit-book-plan.js';
import type { BybitLinearFrame } from './bybit-linear-frames.js';
import { bybitLinearProtocol } from './bybit-linear-protocol.js';
import type { BybitLinearTickerState } from './bybit-linear-ticker-reducer.js';
import { mapBybitInverseFrame } from './bybit-inverse-mappers.js';
import { bybitInverseRefusal } from './bybit-inverse-refusal.js';

/** Bybit v5 public inverse (coin-margined perpetuals and dated futures), mainnet: the default of `urls.bybit_inverse`. */
export const BYBIT_INVERSE_URL = 'wss://stream.bybit.com/v5/public/inverse';

/**
 * Bybit v5 public inverse: linear's protocol on its own socket (`/v5/public/inverse`; the same topics,
 * frames, requests of at most 50 topics, acks, pings, ticker deltas merged by the same reducer, and the
 * same limits: ticker.mdx and orderbook.mdx document the two categories in one tab), its USD sizes given
 * in the coin by its mapper (`mapBybitInverseFrame`) and book plan (a size that cannot be, refused:
 * `bybitInverseRefusal`); order books over
 * `orderbook.{bookDepth}` (default 50, the spot option's depth) when asked for.
 */
export function bybitInverseProtocolWith(options: { readonly bookDepth?: BybitBookDepth } = {}): VenueProtocol<BybitLinearFrame, BybitLinearTickerState> {
  return {
    ...bybitLinearProtocol,
    id: 'bybit-v5-inverse',
    exchanges: ['bybit_inverse'],
    refuse: bybitInverseRefusal,
    map: mapBybitInverseFrame,
    book: bybitBookPlan(options.bookDepth ?? DEFAULT_BYBIT_BOOK_DEPTH, 'usd'),
  };
}

/** Bybit v5 public inverse with `orderbook.50` books. */
export const bybitInverseProtocol: VenueProtocol<BybitLinearFrame, BybitLinearTickerState> = bybitInverseProtocolWith();
