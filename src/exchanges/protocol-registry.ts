import type { ExchangeId } from '../model/market-record.js';
import { binanceProtocol } from './binance/binance-protocol.js';
import type { BybitBookDepth } from './bybit/bybit-book-plan.js';
import { bybitProtocol, bybitProtocolWith } from './bybit/bybit-protocol.js';
import type { VenueProtocol } from './venue-protocol.js';

/** The protocol of every venue: a new `ExchangeId` does not compile until it has one. */
const PROTOCOLS: Readonly<Record<ExchangeId, VenueProtocol>> = {
  bybit: bybitProtocol,
  binance: binanceProtocol,
  binance_us: binanceProtocol,
  binance_testnet: binanceProtocol,
};

/** Choices a venue's protocol takes from the configuration. */
export interface ProtocolSettings {
  /** Levels per side of Bybit's depth topic (`orderbook.{depth}`); default 50. */
  readonly bybitBookDepth?: BybitBookDepth;
}

/** The protocol that speaks to a venue. */
export function protocolFor(exchange: ExchangeId, settings: ProtocolSettings = {}): VenueProtocol {
  if (exchange === 'bybit' && settings.bybitBookDepth !== undefined) return bybitProtocolWith({ bookDepth: settings.bybitBookDepth });
  return PROTOCOLS[exchange];
}
