import { BinanceDepthRest } from '../binance/binance-depth-rest.js';
import { BinanceDepthStreams } from '../binance/binance-depth-streams.js';
import { LiquidationLog } from '../../perpetual/liquidation-log.js';
import { PerpetualMarket } from '../../perpetual/perpetual-market.js';
import type { PerpetualVenue } from '../../perpetual/perpetual-venue.js';
import type { SimulatedBooks } from '../../simulated-books.js';
import type { SimulatedMarket } from '../../simulated-market.js';
import { SimBinanceUsdmProtocol } from './sim-binance-usdm-protocol.js';
import { usdmDepthEvent, usdmLevel } from './usdm-frames.js';
import { USDM_DEPTH, USDM_DEPTH_WEIGHTS, usdmAggTradesEndpoint, usdmOpenInterestEndpoint, usdmTicker24hrEndpoint } from './usdm-rest-endpoints.js';
import { USDM_DEPTH_STREAMS } from './usdm-streams.js';
import { usdmExchangeInfoEndpoint } from './usdm-exchange-info.js';

export interface BinanceUsdmSimConfig {
  /** The venue's market of perpetual contracts, trade ids `consecutive` (`aggTrade`'s `a`). */
  readonly market: SimulatedMarket;
  readonly books: SimulatedBooks;
  readonly clock: () => number;
  readonly seed: number;
  /** REST weight allowed per minute per IP. */
  readonly weightPerMinute: number;
  /** Liquidations kept in the log. */
  readonly logCapacity: number;
  /** The funding rate's bound; default the perpetual model's. */
  readonly fundingCap?: number;
}

/** What the simulator's Binance USD-M venue is made of. */
export interface BinanceUsdmSim {
  readonly protocol: SimBinanceUsdmProtocol;
  /** `<sym>@depth@100ms`, `<sym>@depth` (250 ms), `<sym>@depth@500ms`, with `pu`. */
  readonly depth: BinanceDepthStreams;
  /** `/fapi/v1/...` on the simulator's HTTP port, weighed per IP per minute. */
  readonly rest: BinanceDepthRest;
  readonly perpetual: PerpetualVenue;
}

/** The Binance USD-M venue's parts over one market: the depth streams and the REST snapshot share the books, so their update ids agree. */
export function createBinanceUsdmSim(config: BinanceUsdmSimConfig): BinanceUsdmSim {
  const { market, books, clock } = config;
  const perpetualMarket = new PerpetualMarket({
    market,
    seed: config.seed,
    clock,
    ...(config.fundingCap === undefined ? {} : { fundingCap: config.fundingCap }),
  });
  const perpetual = { market: perpetualMarket, liquidations: new LiquidationLog(config.logCapacity) };
  const protocol = new SimBinanceUsdmProtocol({ market, perpetual: perpetualMarket, liquidations: perpetual.liquidations });
  const depth = new BinanceDepthStreams({ books, streams: USDM_DEPTH_STREAMS, event: usdmDepthEvent, level: usdmLevel });
  const rest = new BinanceDepthRest({
    books,
    clock,
    depth: USDM_DEPTH,
    weights: USDM_DEPTH_WEIGHTS,
    limiter: { limitPerMinute: config.weightPerMinute },
    endpoints: [
      usdmExchangeInfoEndpoint(market, () => config.weightPerMinute),
      usdmTicker24hrEndpoint(market),
      usdmAggTradesEndpoint(market),
      usdmOpenInterestEndpoint(market, perpetualMarket),
    ],
  });
  return { protocol, depth, rest, perpetual };
}
