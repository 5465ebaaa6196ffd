import type { VenueDefinition } from '../venue-definition.js';
import { bybitDerivativesVenue } from './bybit-derivatives-venue.js';
import { BYBIT_LINEAR_INSTRUMENTS_PATH, readBybitLinearInstrumentsInfo, splitBybitLinearSymbol } from './bybit-linear-listings.js';
import { BYBIT_LINEAR_URL, bybitLinearProtocol, bybitLinearProtocolWith } from './bybit-linear-protocol.js';

export { BYBIT_LINEAR_URL } from './bybit-linear-protocol.js';

/**
 * Bybit v5 linear perpetuals (USDT and USDC margined), a venue of its own beside spot: its own socket
 * (`/v5/public/linear`), list and limits, as every Bybit derivatives category (`bybitDerivativesVenue`:
 * Bybit spot's options, trade ids by time repaired from `recent-trade`'s last 1,000, and spot's REST pacer
 * and connection budget when spot is followed too).
 */
export const bybitLinearVenue: VenueDefinition = bybitDerivativesVenue({
  name: 'Bybit linear',
  market: 'linear',
  category: 'linear',
  ws: { url: BYBIT_LINEAR_URL, description: 'Bybit v5 public linear (perpetuals) WebSocket' },
  restDescription: 'Bybit v5 REST API (linear instrument list, 24 h tickers, recent trades)',
  protocol: bybitLinearProtocol,
  protocolWith: bybitLinearProtocolWith,
  listings: { path: BYBIT_LINEAR_INSTRUMENTS_PATH, read: readBybitLinearInstrumentsInfo },
  quoteVolume: 'turnover24h',
  splitUnlisted: splitBybitLinearSymbol,
});
