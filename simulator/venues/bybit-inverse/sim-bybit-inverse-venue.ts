import type { SimVenueDefinition } from '../../sim-venue-definition.js';
import { simBybitDerivativesVenue } from '../bybit-linear/bybit-derivatives-sim-venue.js';
import { DEFAULT_BYBIT_INVERSE_LIMITS } from './bybit-inverse-limits.js';
import { INVERSE_CONTRACTS } from './sim-bybit-inverse-protocol.js';

/**
 * Bybit v5 inverse on `/v5/public/inverse`: the coins mode's coins as coin-margined perpetuals at USD
 * (`BTCUSD`), traded in whole contracts of 1 USD (a trade of N contracts is N / price in the coin), with
 * sparse trade ids (UUIDs), mark, funding, open interest and liquidations, as Bybit linear's simulated
 * venue plays them in inverse's units; REST `category=inverse` on spot's paths. No dated future is
 * listed. A generated universe lists none here.
 */
export const simBybitInverseVenue: SimVenueDefinition<Readonly<Record<never, number>>> = simBybitDerivativesVenue({
  description: 'Bybit v5 inverse perpetuals at USD on /v5/public/inverse, sized in 1-USD contracts; REST category=inverse on /v5/market/...',
  seedOffset: 11,
  contracts: INVERSE_CONTRACTS,
  coinsQuote: 'USD',
  limits: DEFAULT_BYBIT_INVERSE_LIMITS,
  contractValue: 1,
});
