import type { PerpetualVenue } from '../../perpetual/perpetual-venue.js';
import type { SimulatedMarket } from '../../simulated-market.js';
import type { OkxUnits } from '../okx/okx-units.js';
import { SimOkxProtocol } from '../okx/sim-okx-protocol.js';
import { OkxSwapChannels } from './okx-swap-channels.js';

export interface SimOkxSwapProtocolConfig {
  /** The venue's market of swaps (`BTC-USDT-SWAP`), its quantities in base units. */
  readonly market: SimulatedMarket;
  /** Its contracts' mark, index, funding, open interest, and the log of the liquidations they make. */
  readonly perpetual: PerpetualVenue;
  /** Its sizes in contracts. */
  readonly units: OkxUnits;
  /** The venue's WebSocket base (`<path>/public`, `<path>/business`). */
  readonly path: string;
  readonly random: () => number;
  /** A connection that sent nothing this long is closed (4004), ms; 0 never. */
  readonly idleCloseMs: number;
  /** How often `funding-rate` is pushed, ms. */
  readonly fundingRateMs: number;
}

/**
 * OKX v5 linear swaps: spot's protocol (`SimOkxProtocol`: requests, acks, 60018, ping, the trades,
 * `tickers`, `bbo-tbt`, `books` and candle channels) for `instType` `SWAP`, sizes in contracts, with
 * the swaps' own public channels (`OkxSwapChannels`: `funding-rate`, `mark-price`, `index-tickers`,
 * `open-interest`, `liquidation-orders`).
 */
export function simOkxSwapProtocol(config: SimOkxSwapProtocolConfig): SimOkxProtocol {
  const extra = new OkxSwapChannels({ market: config.market, perpetual: config.perpetual, units: config.units, fundingRateMs: config.fundingRateMs });
  return new SimOkxProtocol({
    market: config.market,
    instType: 'SWAP',
    path: config.path,
    units: config.units,
    random: config.random,
    idleCloseMs: config.idleCloseMs,
    extra,
  });
}
