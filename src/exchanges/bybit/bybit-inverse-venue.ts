import type { VenueDefinition } from '../venue-definition.js';
import { bybitDerivativesVenue } from './bybit-derivatives-venue.js';
import { BYBIT_INVERSE_INSTRUMENTS_PATH, readBybitInverseInstrumentsInfo, splitBybitInverseSymbol } from './bybit-inverse-listings.js';
import { BYBIT_INVERSE_URL, bybitInverseProtocol, bybitInverseProtocolWith } from './bybit-inverse-protocol.js';

export { BYBIT_INVERSE_URL } from './bybit-inverse-protocol.js';

/**
 * Bybit v5 inverse: coin-margined perpetuals (`BTCUSD` keyed `BTC-USD-INV-PERP`) and dated futures
 * (`BTCUSDZ26` keyed by its listing's `deliveryTime`, `BTC-USD-INV-20261225`), sized in USD on the wire
 * and in the base asset in every record, as Deribit's. A venue of its own beside spot and linear: its own
 * socket (`/v5/public/inverse`) and list, linear's protocol and limits, as every Bybit derivatives
 * category (`bybitDerivativesVenue`). Bybit counts its 1,000 market-data connections per IP apart for
 * inverse (venues-and-derivatives.md §1.1); the 500 per 5 min of the domain and the REST budget (600
 * requests per 5 s per IP) it shares with spot and linear, waiting on spot's pacer and connection budget
 * when spot is followed too (`sharesLimitsOf`), as Bybit linear does. Its 24 h quote volume is
 * `volume24h`, USD on inverse (`turnover24h` is the coin).
 */
export const bybitInverseVenue: VenueDefinition = bybitDerivativesVenue({
  name: 'Bybit inverse',
  market: 'inverse',
  category: 'inverse',
  ws: { url: BYBIT_INVERSE_URL, description: 'Bybit v5 public inverse (coin-margined perpetuals and futures) WebSocket' },
  restDescription: 'Bybit v5 REST API (inverse instrument list, 24 h tickers, recent trades)',
  protocol: bybitInverseProtocol,
  protocolWith: bybitInverseProtocolWith,
  listings: { path: BYBIT_INVERSE_INSTRUMENTS_PATH, read: readBybitInverseInstrumentsInfo },
  quoteVolume: 'volume24h',
  splitUnlisted: splitBybitInverseSymbol,
});
