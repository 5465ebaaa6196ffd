import { concatMap, identity, pipe, type OperatorFunction } from 'rxjs';
import type { FeedEvent } from '../model/index.js';
import { dropOverlapDuplicates } from './overlap-filter.js';
import { reducePerSymbol } from './reduce-per-symbol.js';
import type { VenueProtocol } from './venue-protocol.js';

/**
 * What happens to a venue's decoded batches before they leave the venue: overlap duplicates
 * dropped (protocols that rotate sockets), the protocol's per-symbol reducer (if any), then one
 * event at a time. Shared by the live feed and the replay.
 */
export function venueEvents<F, S>(protocol: VenueProtocol<F, S>): OperatorFunction<readonly FeedEvent[], FeedEvent> {
  return pipe(
    protocol.connection.rotation === undefined ? identity : dropOverlapDuplicates(),
    protocol.reducer === undefined ? identity : reducePerSymbol(protocol.reducer),
    concatMap((batch) => batch),
  );
}
