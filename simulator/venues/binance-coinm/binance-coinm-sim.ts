import { BinanceDepthRest } from '../binance/binance-depth-rest.js';
import { BinanceDepthStreams } from '../binance/binance-depth-streams.js';
import type { SimBinanceUsdmProtocol } from '../binance-usdm/sim-binance-usdm-protocol.js';
import { LiquidationLog } from '../../perpetual/liquidation-log.js';
import { PerpetualMarket } from '../../perpetual/perpetual-market.js';
import type { PerpetualVenue } from '../../perpetual/perpetual-venue.js';
import type { SimulatedBooks } from '../../simulated-books.js';
import type { SimulatedMarket } from '../../simulated-market.js';
import { coinmContractUsd } from './coinm-contracts.js';
import { coinmExchangeInfoEndpoint } from './coinm-exchange-info.js';
import { coinmDepthEvent, coinmLevel } from './coinm-frames.js';
import { coinmAggTradesEndpoint, COINM_DEPTH_WEIGHTS, coinmDepthRule, coinmOpenInterestEndpoint, coinmTicker24hrEndpoint } from './coinm-rest-endpoints.js';
import { COINM_DEPTH_STREAMS } from './coinm-streams.js';
import { simBinanceCoinmProtocol } from './sim-binance-coinm-protocol.js';

export interface BinanceCoinmSimConfig {
  /** The venue's market of inverse contracts (`coinmSymbols`), trade ids `consecutive` (`aggTrade`'s `a`). */
  readonly market: SimulatedMarket;
  readonly books: SimulatedBooks;
  readonly clock: () => number;
  readonly seed: number;
  /** When each dated contract is delivered, by symbol. */
  readonly deliveries: ReadonlyMap<string, number>;
  /** REST weight allowed per minute per IP. */
  readonly weightPerMinute: number;
  /** Liquidations kept in the log. */
  readonly logCapacity: number;
}

/** What the simulator's Binance COIN-M venue is made of. */
export interface BinanceCoinmSim {
  readonly protocol: SimBinanceUsdmProtocol;
  /** `<sym>@depth@100ms`, `<sym>@depth` (250 ms), `<sym>@depth@500ms`, with `pu`, levels in contracts. */
  readonly depth: BinanceDepthStreams;
  /** `/dapi/v1/...` on the simulator's HTTP port, weighed per IP per minute. */
  readonly rest: BinanceDepthRest;
  readonly perpetual: PerpetualVenue;
}

/** The Binance COIN-M venue's parts over one market: the depth streams and the REST snapshot share the books, so their update ids agree. */
export function createBinanceCoinmSim(config: BinanceCoinmSimConfig): BinanceCoinmSim {
  const { market, books, clock } = config;
  const contractUsd = (symbol: string): number => market.listing(symbol)?.contractValue ?? coinmContractUsd(market.listing(symbol)?.base ?? '');
  const perpetualMarket = new PerpetualMarket({ market, seed: config.seed, clock });
  const perpetual = { market: perpetualMarket, liquidations: new LiquidationLog(config.logCapacity) };
  const protocol = simBinanceCoinmProtocol({ market, perpetual: perpetualMarket, liquidations: perpetual.liquidations, contractUsd });
  const level = coinmLevel(contractUsd);
  const depth = new BinanceDepthStreams({ books, streams: COINM_DEPTH_STREAMS, event: coinmDepthEvent, level });
  const rest = new BinanceDepthRest({
    books,
    clock,
    depth: coinmDepthRule(level),
    weights: COINM_DEPTH_WEIGHTS,
    limiter: { limitPerMinute: config.weightPerMinute },
    endpoints: [
      coinmExchangeInfoEndpoint(
        market,
        contractUsd,
        (symbol) => config.deliveries.get(symbol) ?? 0,
        () => config.weightPerMinute,
      ),
      coinmTicker24hrEndpoint(market, contractUsd),
      coinmAggTradesEndpoint(market, contractUsd),
      coinmOpenInterestEndpoint(market, perpetualMarket, contractUsd),
    ],
  });
  return { protocol, depth, rest, perpetual };
}
