import { SimBinanceUsdmProtocol } from '../binance-usdm/sim-binance-usdm-protocol.js';
import type { LiquidationLog } from '../../perpetual/liquidation-log.js';
import type { PerpetualMarket } from '../../perpetual/perpetual-market.js';
import type { SimulatedMarket } from '../../simulated-market.js';
import { coinmFrameWriters } from './coinm-frames.js';
import { coinmConnectPath, COINM_ROUTING } from './coinm-streams.js';

export interface SimBinanceCoinmProtocolConfig {
  readonly market: SimulatedMarket;
  readonly perpetual: PerpetualMarket;
  readonly liquidations: LiquidationLog;
  /** A symbol's contract value in USD. */
  readonly contractUsd: (symbol: string) => number;
}

/**
 * Binance COIN-M market streams on `/coinm/{ws|stream}` (`wss://dstream.binance.com`): USD-M's simulated
 * protocol (SUBSCRIBE, UNSUBSCRIBE, LIST_SUBSCRIPTIONS; `{"stream","data"}` on `/stream`; the message and
 * stream limits; `markPrice@1s` every second, `forceOrder` the latest liquidation of each second) on one
 * unrouted host, every kind of stream delivered on it, each payload written as COIN-M writes it: sizes in
 * contracts, the pair `ps`, a delivery contract's mark without funding.
 */
export function simBinanceCoinmProtocol(config: SimBinanceCoinmProtocolConfig): SimBinanceUsdmProtocol {
  return new SimBinanceUsdmProtocol({
    market: config.market,
    perpetual: config.perpetual,
    liquidations: config.liquidations,
    connectPath: coinmConnectPath,
    routing: COINM_ROUTING,
    frames: coinmFrameWriters(config.contractUsd),
  });
}
