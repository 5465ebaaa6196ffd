import { movedTrade, type ActiveMove, type PriceMove } from './price-move.js';
import { seededRandom } from './seeded-random.js';

/** Typical prices of the default coins, so that generated frames look plausible. */
const START_PRICES: Readonly<Record<string, number>> = {
  BTC: 65000, ETH: 1900, SOL: 150, BNB: 600, XRP: 0.5, DOGE: 0.12, ADA: 0.4, AVAX: 25, LINK: 14, DOT: 5,
  LTC: 70, TRX: 0.12, TON: 5, SUI: 1.1, NEAR: 4, APT: 7, ARB: 0.7, OP: 1.6, PEPE: 0.000009, SHIB: 0.000017,
};

/** One generated trade. `tradeId` is unique per symbol and increasing; consecutive when `idStep` is `consecutive`. */
export interface SimulatedTrade {
  readonly symbol: string;
  readonly tradeId: number;
  readonly price: number;
  readonly quantity: number;
  /** True when the seller was the aggressor. */
  readonly isBuyerMaker: boolean;
  readonly ts: number;
  /** Number of decimals the price is written with. */
  readonly priceDecimals: number;
}

/** The rolling-day figures and the best bid/ask of a symbol. */
export interface SymbolState {
  readonly symbol: string;
  readonly last: number;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly volume: number;
  readonly turnover: number;
  readonly bid: number;
  readonly bidSize: number;
  readonly ask: number;
  readonly askSize: number;
  readonly updateId: number;
  readonly lastTradeId: number;
  readonly priceDecimals: number;
}

export interface SimulatedMarketConfig {
  /** Symbols as `{ symbol, coin }`, e.g. `{ symbol: 'BTCUSDT', coin: 'BTC' }`. */
  readonly symbols: readonly { readonly symbol: string; readonly coin: string }[];
  readonly seed: number;
  /** `consecutive` (Binance: +1 per trade) or `sparse` (Bybit spot: unique and increasing with gaps). */
  readonly idStep: 'consecutive' | 'sparse';
}

/** A symbol's state as the market keeps it: changed in place by each trade. */
type LiveState = { -readonly [K in keyof SymbolState]: SymbolState[K] } & {
  /** `10^priceDecimals` and `10^-priceDecimals`, computed once. */
  readonly priceFactor: number;
  readonly unit: number;
};

/** A deterministic random-walk market: the same seed and call order give the same trades. */
export class SimulatedMarket {
  private readonly random: () => number;
  private readonly states = new Map<string, LiveState>();
  private readonly moves = new Map<string, ActiveMove>();

  constructor(private readonly config: SimulatedMarketConfig) {
    this.random = seededRandom(config.seed);
    config.symbols.forEach(({ symbol, coin }, index) => {
      const start = START_PRICES[coin] ?? 100;
      const priceDecimals = Math.min(10, Math.max(2, 5 - Math.floor(Math.log10(start))));
      const spread = start * 0.0001;
      this.states.set(symbol, {
        symbol, last: start, open: start, high: start, low: start, volume: 0, turnover: 0,
        bid: start - spread / 2, bidSize: 1, ask: start + spread / 2, askSize: 1, updateId: 1,
        lastTradeId: 1_000_000 * (index + 1), priceDecimals, priceFactor: 10 ** priceDecimals, unit: 10 ** -priceDecimals,
      });
    });
  }

  get symbols(): readonly string[] {
    return [...this.states.keys()];
  }

  has(symbol: string): boolean {
    return this.states.has(symbol);
  }

  /** A copy of the symbol's state as of now. */
  state(symbol: string): SymbolState | undefined {
    const s = this.states.get(symbol);
    if (s === undefined) return undefined;
    const { priceFactor: _factor, unit: _unit, ...state } = s;
    return state;
  }

  /** Scripts the symbol's next trades: the price moves `pct` percent over `durationMs` from `ts`. */
  startMove(symbol: string, move: PriceMove, ts: number): boolean {
    const s = this.states.get(symbol);
    if (s === undefined) return false;
    this.moves.set(symbol, { ...move, startPrice: s.last, startTs: ts });
    return true;
  }

  /** Moves the price one random step (or along a scripted move) and returns the resulting trade. */
  nextTrade(symbol: string, ts: number): SimulatedTrade | undefined {
    const s = this.states.get(symbol);
    if (s === undefined) return undefined;
    const step = Math.exp((this.random() - 0.5) * 0.002);
    const { unit, priceFactor, priceDecimals } = s;
    const move = this.moves.size === 0 ? undefined : this.moves.get(symbol);
    const moved = move === undefined ? undefined : movedTrade(move, ts, this.random);
    if (move !== undefined && moved === undefined) this.moves.delete(symbol);
    const price = Math.max(unit, Math.round((moved?.price ?? s.last * step) * priceFactor) / priceFactor);
    const quantity = Math.round((0.01 + this.random() * this.random() * 10) * (100 / Math.max(price, 1e-9)) ** 0.5 * 1e6) / 1e6 || 0.000001;
    const randomSide = this.random() < 0.5;
    const isBuyerMaker = moved?.isBuyerMaker ?? randomSide;
    const tradeId = s.lastTradeId + (this.config.idStep === 'consecutive' ? 1 : 1 + Math.floor(this.random() * 3));
    const half = Math.max(unit, Math.round(price * 0.00005 * priceFactor) / priceFactor);
    s.last = price;
    if (price > s.high) s.high = price;
    if (price < s.low) s.low = price;
    s.volume += quantity;
    s.turnover += price * quantity;
    s.bid = Math.round((price - half) * priceFactor) / priceFactor;
    s.ask = Math.round((price + half) * priceFactor) / priceFactor;
    s.bidSize = Math.round((0.1 + this.random() * 5) * 1e4) / 1e4;
    s.askSize = Math.round((0.1 + this.random() * 5) * 1e4) / 1e4;
    s.updateId += 1;
    s.lastTradeId = tradeId;
    return { symbol, tradeId, price, quantity, isBuyerMaker, ts, priceDecimals };
  }
}
