import type { ExchangeId } from '../model/market-record.js';
import { binanceProtocol } from './binance/binance-protocol.js';
import type { ProtocolSettings } from './venue-definition.js';
import type { VenueProtocol } from './venue-protocol.js';
import { VENUES } from './venues.js';

export type { ProtocolSettings } from './venue-definition.js';

/** Whether a venue speaks Binance's protocol (the Binance family: its book plan, REST weights and history by id). */
export function speaksBinance(exchange: ExchangeId): boolean {
  return VENUES[exchange].protocol === binanceProtocol;
}

/** The protocol that speaks to a venue, with the configured settings that apply to it. */
export function protocolFor(exchange: ExchangeId, settings: ProtocolSettings = {}): VenueProtocol {
  const venue = VENUES[exchange];
  return venue.protocolWith?.(settings) ?? venue.protocol;
}
