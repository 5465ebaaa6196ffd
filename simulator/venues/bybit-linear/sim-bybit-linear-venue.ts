import type { SimVenueDefinition } from '../../sim-venue-definition.js';
import { LINEAR_CONTRACTS } from './bybit-contracts.js';
import { simBybitDerivativesVenue } from './bybit-derivatives-sim-venue.js';
import { DEFAULT_BYBIT_LINEAR_LIMITS } from './bybit-linear-limits.js';

/**
 * Bybit v5 linear on `/v5/public/linear`: perpetual contracts (the coins mode's coins at USDT) with
 * sparse trade ids, mark, funding, open interest and liquidations; REST `category=linear` on spot's
 * paths. A generated universe lists none here.
 */
export const simBybitLinearVenue: SimVenueDefinition<Readonly<Record<never, number>>> = simBybitDerivativesVenue({
  description: 'Bybit v5 linear perpetuals at USDT on /v5/public/linear; REST category=linear on /v5/market/...',
  seedOffset: 4,
  contracts: LINEAR_CONTRACTS,
  coinsQuote: 'USDT',
  limits: DEFAULT_BYBIT_LINEAR_LIMITS,
});
