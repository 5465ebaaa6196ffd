import type { ExchangeId } from '../model/market-record.js';
import { binanceProtocol } from './binance/binance-protocol.js';
import { bybitProtocol } from './bybit/bybit-protocol.js';
import type { VenueProtocol } from './venue-protocol.js';

/** The protocol of every venue: a new `ExchangeId` does not compile until it has one. */
const PROTOCOLS: Readonly<Record<ExchangeId, VenueProtocol>> = {
  bybit: bybitProtocol,
  binance: binanceProtocol,
  binance_us: binanceProtocol,
  binance_testnet: binanceProtocol,
};

/** The protocol that speaks to a venue. */
export function protocolFor(exchange: ExchangeId): VenueProtocol {
  return PROTOCOLS[exchange];
}
