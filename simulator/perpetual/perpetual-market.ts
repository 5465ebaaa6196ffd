import { seededRandom } from '../seeded-random.js';
import type { SimulatedMarket } from '../simulated-market.js';
import { LiquidationPressure, type Liquidation } from './liquidation-pressure.js';
import { nextFundingTime, perpetualFunding, FUNDING_INTERVAL_MS } from './perpetual-funding.js';

export type { Liquidation } from './liquidation-pressure.js';

/** How the last trade's price compares with the one before (Bybit `tickDirection`, `L`). */
export type TickDirection = 'PlusTick' | 'ZeroPlusTick' | 'MinusTick' | 'ZeroMinusTick';

/** A perpetual contract's derivative figures now, as the venues publish them (unrounded; each venue writes its own decimals). */
export interface PerpetualState {
  readonly symbol: string;
  /** The last trade price smoothed (`MARK_SMOOTHING_MS`): what positions are valued at. */
  readonly markPrice: number;
  /** The spot reference: the mark less a small wandering basis. */
  readonly indexPrice: number;
  /** The rate of the coming funding, per 8 hours (0.0001 is 0.01 %). */
  readonly fundingRate: number;
  /** The next 8-hour UTC boundary (00:00, 08:00, 16:00), ms. */
  readonly nextFundingTime: number;
  /** Open positions, in base units (whole lots). */
  readonly openInterest: number;
  /** `openInterest` at the mark price, in quote. */
  readonly openInterestValue: number;
  /** The last price an hour ago (the first price until an hour has passed). */
  readonly prevPrice1h: number;
  readonly tickDirection: TickDirection;
  readonly priceDecimals: number;
  readonly sizeDecimals: number;
}

export interface PerpetualMarketConfig {
  /** The venue's market: every trade it makes moves the mark, open interest and liquidations. */
  readonly market: SimulatedMarket;
  readonly seed: number;
  /** The venue's clock, ms: what the next funding time is counted from. */
  readonly clock: () => number;
  /** The funding rate's bound, ±; default `DEFAULT_FUNDING_CAP`. */
  readonly fundingCap?: number;
}

/**
 * The funding rate's bound unless configured: 0.005 (0.5 %), the `fundingCap` of the recorded
 * Bybit linear BTCUSDT ticker (bybit-linear-tickers.ndjson). Binance USD-M's cap is not in our
 * sources; the simulator uses the same one there (its own choice).
 */
export const DEFAULT_FUNDING_CAP = 0.005;

/** Time constant of the mark price's smoothing of trade prices, ms (the simulator's choice). */
export const MARK_SMOOTHING_MS = 1_000;
/** The basis (mark over index) stays within ±0.3 % and reverts to 0 over about a minute (the simulator's choice). */
const BASIS_BOUND = 0.003;
const BASIS_REVERSION_MS = 60_000;
/** Standard deviation of the basis' wander per √second. */
const BASIS_VOLATILITY = 0.0001;
/** Open interest stays within half and one and a half times its start, in quote at the start price. */
const OPEN_INTEREST_BAND = 0.5;
/** A contract's open interest at the start, in quote: 25 to 75 million (the simulator's choice). */
const OPEN_INTEREST_START_QUOTE = 50_000_000;
const MINUTE_MS = 60_000;
const HOUR_MINUTES = 60;

/** What the simulator keeps per contract, changed in place. */
interface LiveContract {
  readonly symbol: string;
  readonly priceDecimals: number;
  readonly sizeDecimals: number;
  readonly openInterestTarget: number;
  readonly pressure: LiquidationPressure;
  mark: number;
  basis: number;
  premiumAverage: number;
  fundingRate: number;
  openInterest: number;
  lastPrice: number;
  lastTs: number;
  lastTradeId: number;
  tickDirection: TickDirection;
  /** The last price at each minute boundary, newest last, at most an hour and one. */
  minutePrices: number[];
  minute: number;
}

/**
 * The derivative side of a venue's perpetual contracts, beside the trades its market makes: per
 * symbol a mark price, an index price, a funding rate, the next funding time, open interest and
 * liquidations. Every trade is read once, in order, from the market's history: it moves the mark
 * toward its price, opens or closes positions (open interest walks with it, within a band), and
 * builds liquidation pressure against the side the price moved against (see `LiquidationPressure`).
 * Between trades, time moves the basis and, once a minute, the funding rate. Deterministic: the
 * same seed, trades and `advance` times give the same figures and liquidations.
 */
export class PerpetualMarket {
  private readonly random: () => number;
  private readonly contracts = new Map<string, LiveContract>();
  private readonly traded: Set<string>;
  private clock: number | undefined;
  private marketVersion = -1;

  constructor(private readonly config: PerpetualMarketConfig) {
    this.random = seededRandom(config.seed ^ 0x9e7f);
    this.traded = config.market.watch();
    this.syncListings();
  }

  /** The contract's figures now; undefined for a symbol the market never listed. */
  state(symbol: string): PerpetualState | undefined {
    const contract = this.contract(symbol);
    if (contract === undefined) return undefined;
    const now = this.config.clock();
    return {
      symbol,
      markPrice: contract.mark,
      indexPrice: contract.mark * (1 - contract.basis),
      fundingRate: contract.fundingRate,
      nextFundingTime: nextFundingTime(now),
      openInterest: contract.openInterest,
      openInterestValue: contract.openInterest * contract.mark,
      prevPrice1h: contract.minutePrices[0] ?? contract.lastPrice,
      tickDirection: contract.tickDirection,
      priceDecimals: contract.priceDecimals,
      sizeDecimals: contract.sizeDecimals,
    };
  }

  /** Every listed contract's figures, in listing order. */
  states(): PerpetualState[] {
    return this.config.market.symbols.flatMap((symbol) => this.state(symbol) ?? []);
  }

  /**
   * The tick directions of `trades` (consecutive trades of one symbol, not yet read by `advance`),
   * from the contract's last price read: what a trade frame sent before the next `advance` carries.
   */
  tickDirections(symbol: string, trades: readonly { readonly price: number }[]): TickDirection[] {
    const contract = this.contract(symbol);
    let price = contract?.lastPrice;
    let direction: TickDirection = contract?.tickDirection ?? 'ZeroPlusTick';
    return trades.map((trade) => {
      direction = tickDirection(price, trade.price, direction);
      price = trade.price;
      return direction;
    });
  }

  /**
   * Reads every trade made since the last call, then moves time to `now`: returns the liquidations
   * those trades caused, oldest first.
   */
  advance(now: number): Liquidation[] {
    const elapsed = this.clock === undefined ? 0 : Math.max(0, now - this.clock);
    this.clock = now;
    this.syncListings();
    const made: Liquidation[] = [];
    for (const symbol of this.traded) {
      const contract = this.contract(symbol);
      if (contract !== undefined) this.readTrades(contract, made);
    }
    this.traded.clear();
    for (const contract of this.contracts.values()) this.passTime(contract, elapsed, now);
    return made;
  }

  /** The contract of a listed symbol, created (at its current price) on first use. */
  private contract(symbol: string): LiveContract | undefined {
    const found = this.contracts.get(symbol);
    if (found !== undefined) return found;
    const { market } = this.config;
    const state = market.state(symbol);
    const listing = market.listing(symbol);
    if (state === undefined || listing === undefined) return undefined;
    const target = roundTo((OPEN_INTEREST_START_QUOTE * (0.5 + this.random())) / state.last, listing.sizeDecimals);
    const contract: LiveContract = {
      symbol,
      priceDecimals: listing.priceDecimals,
      sizeDecimals: listing.sizeDecimals,
      openInterestTarget: target,
      pressure: new LiquidationPressure({ random: seededRandom((this.config.seed ^ 0x11d) + listing.index * 7919), symbol, listing }),
      mark: state.last,
      basis: (this.random() - 0.5) * 0.0006,
      premiumAverage: 0,
      fundingRate: 0,
      openInterest: target,
      lastPrice: state.last,
      lastTs: this.clock ?? this.config.clock(),
      lastTradeId: state.lastTradeId,
      tickDirection: 'ZeroPlusTick',
      minutePrices: [],
      minute: -1,
    };
    contract.premiumAverage = contract.basis;
    contract.fundingRate = perpetualFunding(contract.premiumAverage, this.config.fundingCap ?? DEFAULT_FUNDING_CAP);
    this.contracts.set(symbol, contract);
    return contract;
  }

  /** New listings get a contract now, so that their figures start from their first price. */
  private syncListings(): void {
    if (this.marketVersion === this.config.market.version) return;
    this.marketVersion = this.config.market.version;
    for (const symbol of this.config.market.symbols) this.contract(symbol);
  }

  private readTrades(contract: LiveContract, made: Liquidation[]): void {
    const trades = this.config.market.tradesFrom(contract.symbol, contract.lastTradeId + 1, 1_000_000);
    for (const trade of trades) {
      const dt = Math.max(0, trade.ts - contract.lastTs);
      // A trade pulls the mark toward its price; trades of one instant each pull a little.
      contract.mark += (trade.price - contract.mark) * (1 - Math.exp(-(dt + 50) / MARK_SMOOTHING_MS));
      contract.tickDirection = tickDirection(contract.lastPrice, trade.price, contract.tickDirection);
      const move = (trade.price - contract.lastPrice) / contract.lastPrice;
      this.walkOpenInterest(contract, trade.quantity);
      for (const liquidation of contract.pressure.onMove(move, dt, trade.price, trade.ts)) {
        contract.openInterest = Math.max(
          contract.openInterestTarget * OPEN_INTEREST_BAND,
          roundTo(contract.openInterest - liquidation.quantity, contract.sizeDecimals),
        );
        made.push(liquidation);
      }
      contract.lastPrice = trade.price;
      contract.lastTs = Math.max(contract.lastTs, trade.ts);
      contract.lastTradeId = trade.tradeId;
    }
  }

  /** A trade opens positions or closes them, more likely the way back into the band's middle. */
  private walkOpenInterest(contract: LiveContract, quantity: number): void {
    const target = contract.openInterestTarget;
    const lean = (target - contract.openInterest) / (target * OPEN_INTEREST_BAND);
    const opens = this.random() < Math.min(0.9, Math.max(0.1, 0.5 + 0.4 * lean));
    const next = contract.openInterest + (opens ? quantity : -quantity);
    const bounded = Math.min(target * (1 + OPEN_INTEREST_BAND), Math.max(target * (1 - OPEN_INTEREST_BAND), next));
    contract.openInterest = roundTo(bounded, contract.sizeDecimals);
  }

  /** The basis wanders (mean-reverting, bounded), the premium's average follows it, and funding is set again at each whole minute. */
  private passTime(contract: LiveContract, elapsedMs: number, now: number): void {
    if (elapsedMs > 0) {
      const seconds = elapsedMs / 1000;
      const shock = (this.random() - 0.5) * Math.sqrt(12) * BASIS_VOLATILITY * Math.sqrt(seconds);
      const reverted = contract.basis * Math.exp(-elapsedMs / BASIS_REVERSION_MS);
      contract.basis = Math.min(BASIS_BOUND, Math.max(-BASIS_BOUND, reverted + shock));
      const premium = contract.basis / (1 - contract.basis);
      contract.premiumAverage += (premium - contract.premiumAverage) * (1 - Math.exp(-elapsedMs / (FUNDING_INTERVAL_MS / 60)));
    }
    const minute = Math.floor(now / MINUTE_MS);
    if (minute === contract.minute) return;
    contract.minute = minute;
    contract.fundingRate = perpetualFunding(contract.premiumAverage, this.config.fundingCap ?? DEFAULT_FUNDING_CAP);
    contract.minutePrices.push(contract.lastPrice);
    if (contract.minutePrices.length > HOUR_MINUTES + 1) contract.minutePrices.shift();
  }
}

/** Bybit's tick direction of a trade at `price` after one at `previous` (a repeat keeps the last move's sign). */
export function tickDirection(previous: number | undefined, price: number, last: TickDirection): TickDirection {
  if (previous === undefined || price === previous) return last === 'PlusTick' || last === 'ZeroPlusTick' ? 'ZeroPlusTick' : 'ZeroMinusTick';
  return price > previous ? 'PlusTick' : 'MinusTick';
}

/** `value` rounded to `decimals` decimals. */
export function roundTo(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}
