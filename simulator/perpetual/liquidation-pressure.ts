import type { SimListing } from '../sim-listing.js';

/** One forced close of positions, as the venues publish it. */
export interface Liquidation {
  readonly symbol: string;
  /** The side of the positions closed: `long` when the price fell through them (Bybit `S: "Buy"`, Binance `S: "SELL"`). */
  readonly position: 'long' | 'short';
  /** Base units, whole lots. */
  readonly quantity: number;
  /** The bankruptcy price, where the liquidation order is placed (Bybit `p`, Binance `p`): beyond the market, on the side of the move. */
  readonly price: number;
  /** The order's average fill (Binance `ap`): between the bankruptcy price and the market. */
  readonly averagePrice: number;
  /** When the trade that set it off happened, ms. */
  readonly ts: number;
  readonly priceDecimals: number;
  readonly sizeDecimals: number;
}

export interface LiquidationPressureConfig {
  /** The contract's own random source. */
  readonly random: () => number;
  readonly symbol: string;
  /** The contract's figures: its tick size and lot step. */
  readonly listing: Pick<SimListing, 'priceDecimals' | 'sizeDecimals'>;
}

/** Mean move against one side that closes one more position, as a share of the price: 0.2 % (the simulator's choice). */
export const LIQUIDATION_STEP = 0.002;
/** Pressure left after this long without a move decays to 1/e, ms: positions get topped up or closed. */
const PRESSURE_DECAY_MS = 30_000;
/** Liquidation sizes in quote: log-uniform from 20 to 20,000 (the simulator's choice). */
const SMALLEST_NOTIONAL = 20;
const LARGEST_NOTIONAL = 20_000;
/** The most liquidations one trade sets off. */
const MOST_PER_TRADE = 20;

/**
 * Where a contract's leveraged positions stand against the price: each move down adds to the
 * pressure on longs (and relieves shorts), each move up the reverse, and pressure decays with time.
 * When one side's pressure passes a threshold (drawn around `LIQUIDATION_STEP`), one of its
 * positions is liquidated and the threshold is used up, so a steady 2 % fall closes about ten longs
 * and a calm market, its moves cancelling out, closes few. Each liquidation has a size worth 20 to
 * 20,000 quote, a bankruptcy price 0.1 % to 0.5 % beyond the trade that set it off, and an average
 * fill between the two.
 */
export class LiquidationPressure {
  private onLongs = 0;
  private onShorts = 0;
  private longThreshold: number;
  private shortThreshold: number;

  constructor(private readonly config: LiquidationPressureConfig) {
    this.longThreshold = this.threshold();
    this.shortThreshold = this.threshold();
  }

  /** A trade moved the price by `move` (relative) `elapsedMs` after the last one, to `price` at `ts`: the liquidations it sets off. */
  onMove(move: number, elapsedMs: number, price: number, ts: number): Liquidation[] {
    const decay = Math.exp(-elapsedMs / PRESSURE_DECAY_MS);
    this.onLongs = Math.max(0, this.onLongs * decay - move);
    this.onShorts = Math.max(0, this.onShorts * decay + move);
    const made: Liquidation[] = [];
    while (this.onLongs >= this.longThreshold && made.length < MOST_PER_TRADE) {
      this.onLongs -= this.longThreshold;
      this.longThreshold = this.threshold();
      made.push(this.liquidation('long', price, ts));
    }
    while (this.onShorts >= this.shortThreshold && made.length < MOST_PER_TRADE) {
      this.onShorts -= this.shortThreshold;
      this.shortThreshold = this.threshold();
      made.push(this.liquidation('short', price, ts));
    }
    return made;
  }

  private threshold(): number {
    return LIQUIDATION_STEP * -Math.log(1 - this.config.random() * 0.999);
  }

  private liquidation(position: 'long' | 'short', market: number, ts: number): Liquidation {
    const { random, listing, symbol } = this.config;
    const { priceDecimals, sizeDecimals } = listing;
    const notional = SMALLEST_NOTIONAL * (LARGEST_NOTIONAL / SMALLEST_NOTIONAL) ** random();
    const lots = 10 ** sizeDecimals;
    const quantity = Math.max(1, Math.round((notional / market) * lots)) / lots;
    const away = 0.001 + 0.004 * random();
    const ticks = 10 ** priceDecimals;
    // Longs go bankrupt below the market, shorts above; prices are whole ticks.
    const bankrupt = position === 'long' ? Math.floor(market * (1 - away) * ticks) : Math.ceil(market * (1 + away) * ticks);
    const fill = Math.round(bankrupt + (market * ticks - bankrupt) * (0.3 + 0.6 * random()));
    return { symbol, position, quantity, price: Math.max(1, bankrupt) / ticks, averagePrice: Math.max(1, fill) / ticks, ts, priceDecimals, sizeDecimals };
  }
}
