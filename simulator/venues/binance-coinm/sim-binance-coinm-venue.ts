import { usdmSimVenue, type BinanceUsdmSimOptions } from '../binance-usdm/sim-binance-usdm-venue.js';
import { nextQuarterlyDelivery } from '../../perpetual/quarterly-delivery.js';
import { SimulatedMarket } from '../../simulated-market.js';
import type { SimVenueDefinition } from '../../sim-venue-definition.js';
import { createBinanceCoinmSim } from './binance-coinm-sim.js';
import { DEFAULT_BINANCE_COINM_LIMITS } from './binance-coinm-limits.js';
import { coinmSymbols, isPerpetual } from './coinm-contracts.js';
import { DEFAULT_BINANCE_COINM_WEIGHT_PER_MINUTE } from './coinm-rest-endpoints.js';
import { COINM_PATH_PREFIX } from './coinm-streams.js';

/** Binance COIN-M's own options: USD-M's (ping every 3 minutes, no lifetime cut, REST weight 2400 a minute). */
export type BinanceCoinmSimOptions = BinanceUsdmSimOptions;

/**
 * Binance COIN-M on `/coinm/{ws|stream}` (one host, not routed): coin-margined perpetuals (the coins
 * mode's coins at USD, `BTCUSD_PERP`) and the first coin's quarterly (`BTCUSD_261225`), sized in contracts
 * of 100 USD (BTC) or 10 USD (the others), with consecutive aggregate ids, mark prices, sampled force
 * orders, `pu`-chained depth in contracts; REST `/dapi/v1/...` weighed per minute. A generated universe
 * lists none here.
 */
export const simBinanceCoinmVenue: SimVenueDefinition<BinanceCoinmSimOptions> = usdmSimVenue({
  description: 'Binance COIN-M inverse perpetuals and a quarterly at USD (contracts of 100/10 USD) on /coinm/ws|stream; REST /dapi/v1/...',
  seedOffset: 12,
  path: COINM_PATH_PREFIX,
  restPath: '/dapi/',
  symbolOf: (base, quote) => `${base}${quote}_PERP`,
  coinsQuote: 'USD',
  limits: DEFAULT_BINANCE_COINM_LIMITS,
  weightPerMinute: DEFAULT_BINANCE_COINM_WEIGHT_PER_MINUTE,
  parts: ({ common, seed, instruments, options, booksOf }) => {
    const delivery = nextQuarterlyDelivery(common.clock());
    const symbols = coinmSymbols(instruments, delivery);
    const deliveries = new Map(symbols.filter((s) => !isPerpetual(s.symbol)).map((s) => [s.symbol, delivery] as const));
    const market = new SimulatedMarket({ symbols, seed, idStep: 'consecutive' });
    const sim = createBinanceCoinmSim({
      market,
      books: booksOf(market, seed),
      clock: common.clock,
      seed,
      deliveries,
      weightPerMinute: options.weightPerMinute,
      logCapacity: common.logCapacity,
    });
    return { market, ...sim };
  },
});
