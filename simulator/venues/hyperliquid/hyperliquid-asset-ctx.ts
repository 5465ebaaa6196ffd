import type { PerpetualMarket } from '../../perpetual/perpetual-market.js';
import type { SimulatedMarket } from '../../simulated-market.js';
import { hlDecimal } from './hyperliquid-numbers.js';

/**
 * Funding is settled every hour ("Every hour, Hyperliquid settles funding between longs and shorts",
 * docs.bitquery.io `perpetuals/hyperliquid/hyperliquid-funding-payments-api`), and `funding` is the
 * hourly rate: the simulator's perpetual model gives an 8-hour rate, written here divided by 8 (its
 * calm 0.01 % over 8 hours gives the recorded calm BTC "0.0000125": hyperliquid-activeAssetCtx.ndjson).
 */
export const FUNDING_PERIODS_PER_8H = 8;

/** Decimals of a rate (`premium` "-0.0003293628" is written with 10; `funding` "0.0000125"). */
const RATE_DECIMALS = 10;
/** Decimals of a day's notional volume (recorded "1692146864.1761949062"; the simulator keeps 6). */
const NOTIONAL_DECIMALS = 6;

/** A rate with no trailing zeros and no negative zero, at least one decimal (`"0.0"`). */
const rate = (value: number): string => hlDecimal(Math.abs(value) < 5e-11 ? 0 : value, RATE_DECIMALS);

/** A perpetual's context as `activeAssetCtx` and `metaAndAssetCtxs` write it, keys in the recorded order. */
export interface HyperliquidCtx {
  readonly funding: string;
  readonly openInterest: string;
  readonly prevDayPx: string;
  readonly dayNtlVlm: string;
  readonly premium: string | null;
  readonly oraclePx: string;
  readonly markPx: string;
  readonly midPx: string | null;
  readonly impactPxs: readonly [string, string] | null;
  readonly dayBaseVlm: string;
}

/**
 * The venue's perpetual contexts from its market and perpetual model (hyperliquid-activeAssetCtx.ndjson,
 * the ctx's fields in its order): `funding` the hourly rate (the model's 8-hour rate / 8),
 * `openInterest` in coins, `prevDayPx` the rolling day's open, `dayNtlVlm` and `dayBaseVlm` the day's
 * volume in USDC and in coins, `premium` (mid - oracle) / oracle, `oraclePx` the model's index,
 * `markPx`, `midPx` and `impactPxs` [bid, ask] from the touch; the oracle and mid one decimal finer
 * than the tick (recorded `"64063.1"`, `"64041.5"` beside a whole-dollar `markPx`). A coin that does
 * not trade (halted, delisted) has no mid, premium or impact prices (null), as nktkas/hyperliquid's
 * `AssetCtx` allows.
 */
export class HyperliquidAssetCtx {
  constructor(
    private readonly market: SimulatedMarket,
    private readonly perpetual: PerpetualMarket,
  ) {}

  /** The coin's context now; undefined for a coin never listed. */
  ctx(coin: string): HyperliquidCtx | undefined {
    const state = this.market.state(coin);
    const listing = this.market.listing(coin);
    const contract = this.perpetual.state(coin);
    if (state === undefined || listing === undefined || contract === undefined) return undefined;
    const d = listing.priceDecimals;
    const trading = this.market.isTrading(coin);
    const mid = (state.bid + state.ask) / 2;
    return {
      funding: rate(contract.fundingRate / FUNDING_PERIODS_PER_8H),
      openInterest: hlDecimal(contract.openInterest, listing.sizeDecimals),
      prevDayPx: hlDecimal(state.open, d),
      dayNtlVlm: hlDecimal(state.turnover, NOTIONAL_DECIMALS),
      premium: trading ? rate((mid - contract.indexPrice) / contract.indexPrice) : null,
      oraclePx: hlDecimal(contract.indexPrice, d + 1),
      markPx: hlDecimal(contract.markPrice, d),
      midPx: trading ? hlDecimal(mid, d + 1) : null,
      impactPxs: trading ? [hlDecimal(state.bid, d), hlDecimal(state.ask, d)] : null,
      dayBaseVlm: hlDecimal(state.volume, listing.sizeDecimals),
    };
  }

  /** An `activeAssetCtx` message of the coin (`{"channel":"activeAssetCtx","data":{"coin","ctx"}}`); undefined for a coin never listed. */
  message(coin: string): string | undefined {
    const ctx = this.ctx(coin);
    return ctx === undefined ? undefined : JSON.stringify({ channel: 'activeAssetCtx', data: { coin, ctx } });
  }
}
