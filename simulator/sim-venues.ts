import type { SimVenueRegistry } from './sim-venue-definition.js';
import { simBinanceOptionsVenue } from './venues/binance-options/sim-binance-options-venue.js';
import { simBinanceCoinmVenue } from './venues/binance-coinm/sim-binance-coinm-venue.js';
import { simBinanceUsdmVenue } from './venues/binance-usdm/sim-binance-usdm-venue.js';
import { simBinanceVenue } from './venues/binance/sim-binance-venue.js';
import { simBitgetFuturesVenue, simBitgetVenue } from './venues/bitget/sim-bitget-venue.js';
import { simBybitInverseVenue } from './venues/bybit-inverse/sim-bybit-inverse-venue.js';
import { simBybitLinearVenue } from './venues/bybit-linear/sim-bybit-linear-venue.js';
import { simBybitOptionsVenue } from './venues/bybit-options/sim-bybit-options-venue.js';
import { simBybitVenue } from './venues/bybit/sim-bybit-venue.js';
import { simCoinbaseVenue } from './venues/coinbase/sim-coinbase-venue.js';
import { simGateFuturesVenue, simGateVenue } from './venues/gate/sim-gate-venue.js';
import { simDeribitOptionsVenue, simDeribitVenue } from './venues/deribit/sim-deribit-venue.js';
import { simHyperliquidVenue } from './venues/hyperliquid/sim-hyperliquid-venue.js';
import { simKrakenVenue } from './venues/kraken/sim-kraken-venue.js';
import { simOkxOptionsVenue } from './venues/okx-options/sim-okx-options-venue.js';
import { simOkxSwapVenue } from './venues/okx-swap/sim-okx-swap-venue.js';
import { simOkxVenue } from './venues/okx/sim-okx-venue.js';

/**
 * Every simulated venue, the only list of them: one entry per venue, keyed by the pipeline's id, its
 * definition in its folder (`simulator/venues/<venue>/`). Shared code asks this registry and never
 * names a venue. The order is the simulator's: the order venues are built, ticked and listed in.
 */
export const SIM_VENUES = {
  bybit: simBybitVenue,
  binance: simBinanceVenue,
  coinbase: simCoinbaseVenue,
  kraken: simKrakenVenue,
  bybit_linear: simBybitLinearVenue,
  binance_usdm: simBinanceUsdmVenue,
  okx: simOkxVenue,
  okx_swap: simOkxSwapVenue,
  hyperliquid: simHyperliquidVenue,
  deribit: simDeribitVenue,
  deribit_options: simDeribitOptionsVenue,
  // After Deribit's venues: the option board they share is made by the first options venue built.
  okx_options: simOkxOptionsVenue,
  bybit_inverse: simBybitInverseVenue,
  binance_coinm: simBinanceCoinmVenue,
  bitget: simBitgetVenue,
  bitget_futures: simBitgetFuturesVenue,
  gate: simGateVenue,
  gate_futures: simGateFuturesVenue,
  // After Deribit's venues: the option board it lists is theirs (made by the first options venue built).
  bybit_options: simBybitOptionsVenue,
  // After Deribit's venues too, for the same board.
  binance_options: simBinanceOptionsVenue,
} satisfies SimVenueRegistry;

export type SimVenueName = keyof typeof SIM_VENUES;

/** The simulated venues, in the registry's order. */
export const SIM_VENUE_IDS = Object.keys(SIM_VENUES) as readonly SimVenueName[];

/** The venues a simulator serves unless told otherwise (those of the pipeline's default failover order). */
export const DEFAULT_SIM_VENUES: readonly SimVenueName[] = SIM_VENUE_IDS.filter((id) => SIM_VENUES[id].servedByDefault);

/** A venue's own options, as `SimulatorOptions.venueOptions` takes them. */
export type SimVenueOptionsOf<V extends SimVenueName> = (typeof SIM_VENUES)[V]['options'];

/** A venue's limits, its own kinds included, as `SimulatorOptions.limits` takes them. */
export type SimVenueLimitsOf<V extends SimVenueName> = (typeof SIM_VENUES)[V]['limits'];
