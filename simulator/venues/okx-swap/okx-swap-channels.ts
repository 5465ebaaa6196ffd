import type { PerpetualState } from '../../perpetual/perpetual-market.js';
import { IntervalClock, type PerpetualVenue } from '../../perpetual/perpetual-venue.js';
import type { SimulatedMarket } from '../../simulated-market.js';
import type { TickAudience } from '../../tick-audience.js';
import { okxTopic, type OkxChannel } from '../okx/okx-channels.js';
import type { OkxUnits } from '../okx/okx-units.js';
import type { OkxExtraChannels } from '../okx/sim-okx-protocol.js';
import { OKX_LIQUIDATION_WINDOW_MS, OkxLiquidationOrders } from './okx-liquidation-orders.js';
import { fundingRateFrame, indexOf, indexTickersFrame, markPriceFrame, openInterestFrame, swapOf } from './okx-swap-frames.js';

/**
 * The derivative channels' cadences (okx docs-v5, each channel's page): `mark-price` "pushed every 200 ms
 * when the mark price changes, and ... every 10 seconds when the mark price does not change";
 * `index-tickers` "every 100ms if there are any changes, otherwise push once a minute";
 * `open-interest` "every 3 seconds when there are updates"; `funding-rate` "pushed in 30s to 90s"
 * (the simulator pushes every 30 s unless configured, and at once to a new subscriber).
 */
export const OKX_MARK_PRICE_MS = 200;
export const OKX_MARK_PRICE_QUIET_MS = 10_000;
export const OKX_INDEX_TICKERS_MS = 100;
export const OKX_INDEX_TICKERS_QUIET_MS = 60_000;
export const OKX_OPEN_INTEREST_MS = 3_000;
export const DEFAULT_OKX_FUNDING_RATE_MS = 30_000;

/** The funding rate's bound: `maxFundingRate` "0.00375" (okx-swap-funding-rate.ndjson line 1, and the documented example). */
export const OKX_FUNDING_CAP = '0.00375';

const onPublic: OkxChannel = { route: 'public', by: 'instId' };

export interface OkxSwapChannelsConfig {
  readonly market: SimulatedMarket;
  readonly perpetual: PerpetualVenue;
  readonly units: OkxUnits;
  /** How often `funding-rate` is pushed, ms. */
  readonly fundingRateMs: number;
}

/** What a channel last pushed of a contract: the value that decides whether it changed, and when. */
interface Pushed {
  readonly value: string;
  readonly at: number;
}

/**
 * OKX swaps' own public channels over the perpetual model: `mark-price`, `index-tickers` (its `instId`
 * the index, `BTC-USDT`), `open-interest` and `funding-rate` per instrument, each at its documented
 * cadence and once at subscribe, and `liquidation-orders` per `instType` (`OkxLiquidationOrders`).
 */
export class OkxSwapChannels implements OkxExtraChannels {
  readonly channels: Readonly<Record<string, OkxChannel>> = {
    'funding-rate': onPublic,
    'mark-price': onPublic,
    'index-tickers': onPublic,
    'open-interest': onPublic,
    'liquidation-orders': { route: 'public', by: 'instType' },
  };
  private readonly clock = new IntervalClock();
  private readonly liquidationOrders: OkxLiquidationOrders;
  private readonly pushed = new Map<string, Map<string, Pushed>>();

  constructor(private readonly config: OkxSwapChannelsConfig) {
    this.liquidationOrders = new OkxLiquidationOrders(config.units);
  }

  symbolOf(channel: string, key: string): string | undefined {
    if (channel === 'liquidation-orders') return undefined;
    return channel === 'index-tickers' ? swapOf(key) : key;
  }

  firstFrames(channel: string, key: string, now: number): readonly string[] {
    const symbol = this.symbolOf(channel, key);
    const contract = symbol === undefined ? undefined : this.config.perpetual.market.state(symbol);
    const frame = contract === undefined ? undefined : this.frame(channel, contract, now);
    return frame === undefined ? [] : [frame];
  }

  /** Reads the contracts' new trades (their liquidations logged into the window), then pushes what is due. */
  clockFrames(elapsedMs: number, now: number, audience: TickAudience): void {
    const { perpetual } = this.config;
    for (const liquidation of perpetual.market.advance(now)) this.liquidationOrders.add(perpetual.liquidations.add(liquidation));
    this.clock.advance(elapsedMs);
    if (this.clock.ended(OKX_INDEX_TICKERS_MS))
      this.push('index-tickers', audience, now, OKX_INDEX_TICKERS_QUIET_MS, (c) => c.indexPrice.toFixed(c.priceDecimals));
    if (this.clock.ended(OKX_MARK_PRICE_MS)) this.push('mark-price', audience, now, OKX_MARK_PRICE_QUIET_MS, (c) => c.markPrice.toFixed(c.priceDecimals));
    if (this.clock.ended(OKX_OPEN_INTEREST_MS)) this.push('open-interest', audience, now, Infinity, (c) => String(c.openInterest));
    if (this.clock.ended(this.config.fundingRateMs)) this.push('funding-rate', audience, now, 0, () => '');
    if (this.clock.ended(OKX_LIQUIDATION_WINDOW_MS)) this.liquidationOrders.push(audience);
  }

  /**
   * Pushes `channel` to its holders for each contract that trades whose `valueOf` changed since its
   * last push, or that went unpushed `quietMs`.
   */
  private push(channel: string, audience: TickAudience, now: number, quietMs: number, valueOf: (contract: PerpetualState) => string): void {
    let last = this.pushed.get(channel);
    if (last === undefined) this.pushed.set(channel, (last = new Map<string, Pushed>()));
    for (const symbol of audience.symbols()) {
      const topic = okxTopic(channel, channel === 'index-tickers' ? indexOf(symbol) : symbol);
      if (!audience.subscribed(topic) || !this.config.market.isTrading(symbol)) continue;
      const contract = this.config.perpetual.market.state(symbol);
      if (contract === undefined) continue;
      const value = valueOf(contract);
      const before = last.get(symbol);
      if (before !== undefined && before.value === value && now - before.at < quietMs) continue;
      last.set(symbol, { value, at: now });
      const text = this.frame(channel, contract, now);
      if (text !== undefined) for (const connection of audience.forTopic(topic)) connection.sendData(text);
    }
  }

  private frame(channel: string, contract: PerpetualState, now: number): string | undefined {
    switch (channel) {
      case 'mark-price':
        return markPriceFrame(contract, now);
      case 'open-interest':
        return openInterestFrame(contract, this.config.units, now);
      case 'funding-rate':
        return fundingRateFrame(contract, OKX_FUNDING_CAP, now);
      case 'index-tickers': {
        const day = this.config.market.state(contract.symbol);
        return day === undefined ? undefined : indexTickersFrame(contract, day, now);
      }
      default:
        return undefined;
    }
  }
}
