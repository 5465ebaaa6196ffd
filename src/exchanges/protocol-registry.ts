import type { ExchangeId } from '../model/market-record.js';
import type { ProtocolSettings } from './venue-definition.js';
import type { VenueProtocol } from './venue-protocol.js';
import { VENUES } from './venues.js';

export type { ProtocolSettings } from './venue-definition.js';

/** The protocol that speaks to a venue: with `settings`, for a feed that follows its books; without, for one that does not. */
export function protocolFor(exchange: ExchangeId, settings?: ProtocolSettings): VenueProtocol {
  const venue = VENUES[exchange];
  return settings === undefined ? venue.protocol : (venue.protocolWith?.of(settings) ?? venue.protocol);
}
