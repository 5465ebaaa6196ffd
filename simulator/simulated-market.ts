import { PriceGrid } from './price-grid.js';
import { movedTrade, type ActiveMove, type PriceMove } from './price-move.js';
import { seededRandom } from './seeded-random.js';
import { TradeHistory, type HistoricalTrade } from './trade-history.js';
import type { SimListing, SimMarketSymbol, ListingStatus, OwnTradeTerms } from './sim-listing.js';

export type { ListingStatus, SimListing, SimMarketSymbol } from './sim-listing.js';

/** Typical prices of the default coins, so that generated frames look plausible. */
export const START_PRICES: Readonly<Record<string, number>> = {
  BTC: 65000,
  ETH: 1900,
  SOL: 150,
  BNB: 600,
  XRP: 0.5,
  DOGE: 0.12,
  ADA: 0.4,
  AVAX: 25,
  LINK: 14,
  DOT: 5,
  LTC: 70,
  TRX: 0.12,
  TON: 5,
  SUI: 1.1,
  NEAR: 4,
  APT: 7,
  ARB: 0.7,
  OP: 1.6,
  PEPE: 0.000009,
  SHIB: 0.000017,
};

/** Width of one trade's random price step unless a symbol has its own: up to ±0.1 %. */
export const DEFAULT_SIM_VOLATILITY = 0.002;

/** Share of a generated universe's trades that leave the price where it was. */
const SAME_PRICE_CHANCE = 0.55;

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
  readonly lastQty: number;
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
  readonly firstTradeId: number;
  readonly lastTradeId: number;
  /** Trades of the rolling day. */
  readonly tradeCount: number;
  readonly priceDecimals: number;
}

export interface SimulatedMarketConfig {
  /** The symbols listed at the start: `{ symbol, coin }` (e.g. `{ symbol: 'BTCUSDT', coin: 'BTC' }`), optionally with an instrument's figures. */
  readonly symbols: readonly SimMarketSymbol[];
  readonly seed: number;
  /** `consecutive` (Binance: +1 per trade) or `sparse` (Bybit spot: unique and increasing with gaps). */
  readonly idStep: 'consecutive' | 'sparse';
  /** Trades kept per symbol for the REST trade history (the last ones). Default 10,000. */
  readonly historyCapacity?: number;
  /** Each trade's price, quantity and side as the venue decides them (not a scripted move's); none: the random walk's. */
  readonly tradeTerms?: OwnTradeTerms;
}

const DEFAULT_HISTORY_CAPACITY = 10_000;

/** A symbol's state as the market keeps it: changed in place by each trade. */
type LiveState = { -readonly [K in keyof SymbolState]: SymbolState[K] } & {
  readonly listing: { -readonly [K in keyof SimListing]: SimListing[K] };
  readonly grid: PriceGrid;
  readonly sizeFactor: number;
};

/**
 * A venue's listed symbols and a deterministic random-walk market on each: the same seed and call
 * order give the same trades. Symbols can be listed, halted, resumed and delisted at run time; only
 * a `trading` symbol trades. Every change of the listings bumps {@link version}.
 */
export class SimulatedMarket {
  private readonly random: () => number;
  private readonly states = new Map<string, LiveState>();
  private readonly moves = new Map<string, ActiveMove>();
  private readonly watchers: Set<string>[] = [];
  private readonly histories = new Map<string, TradeHistory>();
  private listingsVersion = 0;

  constructor(private readonly config: SimulatedMarketConfig) {
    this.random = seededRandom(config.seed);
    for (const entry of config.symbols) this.list(entry);
  }

  /** The symbols listed and not delisted, in listing order. */
  get symbols(): readonly string[] {
    return [...this.states.values()].filter((s) => s.listing.status !== 'delisted').map((s) => s.symbol);
  }

  /** Grows by one with every listing, delisting or status change. */
  get version(): number {
    return this.listingsVersion;
  }

  /** True for a symbol listed and not delisted (halted ones included). */
  has(symbol: string): boolean {
    const status = this.states.get(symbol)?.listing.status;
    return status !== undefined && status !== 'delisted';
  }

  /** True for a symbol that trades now. */
  isTrading(symbol: string): boolean {
    return this.states.get(symbol)?.listing.status === 'trading';
  }

  /** The symbol's listing (delisted ones too). */
  listing(symbol: string): SimListing | undefined {
    const s = this.states.get(symbol);
    return s === undefined ? undefined : { ...s.listing };
  }

  /** Every listing ever made here, delisted ones included, in listing order. */
  listings(): SimListing[] {
    return [...this.states.values()].map((s) => ({ ...s.listing }));
  }

  /**
   * Lists a symbol, or lists a delisted one again (its price goes on from where it stopped);
   * returns its listing. A symbol already listed is left as it is.
   */
  list(entry: SimMarketSymbol): SimListing {
    const existing = this.states.get(entry.symbol);
    if (existing !== undefined) {
      if (existing.listing.status === 'delisted') this.setStatus(entry.symbol, 'trading');
      return { ...existing.listing };
    }
    const given = entry.price ?? START_PRICES[entry.coin] ?? 100;
    const priceDecimals = entry.priceDecimals ?? Math.min(10, Math.max(2, 5 - Math.floor(Math.log10(given))));
    const grid = new PriceGrid(priceDecimals, entry.priceTick);
    const { start, bid, ask } = grid.opening(given);
    const sizeDecimals = entry.sizeDecimals ?? 6;
    const index = this.states.size;
    const dayTrades = entry.dayTrades ?? 0;
    // Ids of the rolling day's trades lie below the first generated one.
    const lastTradeId = 1_000_000 * (index + 1) + dayTrades;
    const listing = {
      symbol: entry.symbol,
      base: entry.coin,
      quote: entry.quote ?? '',
      index,
      status: 'trading' as ListingStatus,
      priceDecimals,
      ...(entry.priceTick === undefined ? {} : { priceTick: entry.priceTick }),
      sizeDecimals,
      volatility: entry.volatility ?? DEFAULT_SIM_VOLATILITY,
      ...(entry.tradesPerSecond === undefined ? {} : { tradesPerSecond: entry.tradesPerSecond }),
      ...(entry.arrivals === undefined ? {} : { arrivals: entry.arrivals }),
      ...(entry.tradeNotional === undefined ? {} : { tradeNotional: entry.tradeNotional }),
      ...(entry.contractValue === undefined ? {} : { contractValue: entry.contractValue }),
    };
    this.states.set(entry.symbol, {
      symbol: entry.symbol,
      listing,
      last: start,
      lastQty: 0,
      open: start,
      high: start,
      low: start,
      volume: entry.dayVolume ?? 0,
      turnover: (entry.dayVolume ?? 0) * start,
      bid,
      bidSize: 1,
      ask,
      askSize: 1,
      updateId: 1,
      firstTradeId: lastTradeId - Math.max(0, dayTrades - 1),
      lastTradeId,
      tradeCount: dayTrades,
      priceDecimals,
      grid,
      sizeFactor: 10 ** sizeDecimals,
    });
    this.listingsVersion += 1;
    return { ...listing };
  }

  /** Sets a listed symbol's status (`delisted` keeps its figures); false for an unknown symbol. */
  setStatus(symbol: string, status: ListingStatus): boolean {
    const s = this.states.get(symbol);
    if (s === undefined) return false;
    s.listing.status = status;
    this.listingsVersion += 1;
    return true;
  }

  /** A set that every later trade adds its symbol to: the caller reads and clears it (ticker pushes, book steps). */
  watch(): Set<string> {
    const changed = new Set<string>();
    this.watchers.push(changed);
    return changed;
  }

  /** A copy of the symbol's state as of now. */
  state(symbol: string): SymbolState | undefined {
    const s = this.states.get(symbol);
    if (s === undefined) return undefined;
    const { grid: _grid, sizeFactor: _size, listing: _listing, ...state } = s;
    return state;
  }

  /** Scripts the symbol's next trades: the price moves `pct` percent over `durationMs` from `ts`. */
  startMove(symbol: string, move: PriceMove, ts: number): boolean {
    const s = this.states.get(symbol);
    if (s === undefined) return false;
    this.moves.set(symbol, { ...move, startPrice: s.last, startTs: ts });
    return true;
  }

  /** Moves the price one random step (or along a scripted move) and returns the resulting trade; none for a symbol not trading. */
  nextTrade(symbol: string, ts: number): SimulatedTrade | undefined {
    const s = this.states.get(symbol);
    if (s === undefined || s.listing.status !== 'trading') return undefined;
    // An instrument of a generated universe trades at the same price more often than not, as a busy book's touch absorbs most trades.
    const stays = s.listing.tradeNotional !== undefined && this.random() < SAME_PRICE_CHANCE;
    const step = stays ? 1 : Math.exp((this.random() - 0.5) * s.listing.volatility);
    const { grid, priceDecimals } = s;
    const move = this.moves.size === 0 ? undefined : this.moves.get(symbol);
    const moved = move === undefined ? undefined : movedTrade(move, ts, this.random);
    if (move !== undefined && moved === undefined) this.moves.delete(symbol);
    const own = moved === undefined ? this.config.tradeTerms?.(symbol, this.random) : undefined;
    const price = Math.max(grid.unit, grid.round(moved?.price ?? own?.price ?? s.last * step));
    const quantity = own?.quantity ?? this.quantity(s, price);
    const randomSide = this.random() < 0.5;
    const isBuyerMaker = moved?.isBuyerMaker ?? own?.isBuyerMaker ?? randomSide;
    const tradeId = s.lastTradeId + (this.config.idStep === 'consecutive' ? 1 : 1 + Math.floor(this.random() * 3));
    const half = Math.max(grid.unit, grid.round(price * 0.00005));
    s.last = price;
    s.lastQty = quantity;
    if (price > s.high) s.high = price;
    if (price < s.low) s.low = price;
    s.volume += quantity;
    s.turnover += price * quantity;
    // Never a bid of 0 (a price on the grid's smallest unit has no tick below it) nor a locked touch (a
    // tick coarser than the spread rounds both sides onto the price): the ask a tick above the bid at least.
    s.bid = Math.max(grid.unit, grid.round(price - half));
    s.ask = Math.max(grid.round(price + half), grid.ceil(s.bid + grid.unit / 2));
    s.bidSize = this.touchSize(s, price);
    s.askSize = this.touchSize(s, price);
    s.updateId += 1;
    s.lastTradeId = tradeId;
    s.tradeCount += 1;
    for (const changed of this.watchers) changed.add(symbol);
    const trade = { symbol, tradeId, price, quantity, isBuyerMaker, ts, priceDecimals };
    let history = this.histories.get(symbol);
    if (history === undefined) this.histories.set(symbol, (history = new TradeHistory(this.config.historyCapacity ?? DEFAULT_HISTORY_CAPACITY)));
    history.push(trade);
    return trade;
  }

  /** Up to `limit` of the symbol's trades from the first with an id at least `fromId`, oldest first (what the venue kept). */
  tradesFrom(symbol: string, fromId: number, limit: number): HistoricalTrade[] {
    return this.histories.get(symbol)?.from(fromId, limit) ?? [];
  }

  /**
   * Every trade the market made of the symbol that it still keeps (the last `historyCapacity`),
   * oldest first, whether or not any socket carried it: the venue's whole tape, to reconcile against.
   */
  madeTrades(symbol: string): HistoricalTrade[] {
    const history = this.histories.get(symbol);
    return history === undefined ? [] : history.last(history.length);
  }

  /** Up to `limit` of the symbol's trades from the first made at or after `ts`, oldest first (what the venue kept). */
  tradesSince(symbol: string, ts: number, limit: number): HistoricalTrade[] {
    return this.histories.get(symbol)?.since(ts, limit) ?? [];
  }

  /** The symbol's last `limit` trades, oldest first. */
  recentTrades(symbol: string, limit: number): HistoricalTrade[] {
    return this.histories.get(symbol)?.last(limit) ?? [];
  }

  /** A best bid or ask size: 0.1 to 5 units with 4 decimals, or 0.2 to 5 trades' worth in whole lots when the symbol has a trade notional. */
  private touchSize(s: LiveState, price: number): number {
    const r = this.random();
    const notional = s.listing.tradeNotional;
    if (notional === undefined) return Math.round((0.1 + r * 5) * 1e4) / 1e4;
    return Math.max(1, Math.round(((0.2 + r * 5) * notional * s.sizeFactor) / Math.max(price, 1e-12))) / s.sizeFactor;
  }

  /**
   * A trade's size: about `tradeNotional` in quote when the symbol has one, in whole lots (in whole
   * contracts of `contractValue`, about 100 of them, sized in the base asset); otherwise larger in
   * units for cheaper coins, with 6 decimals.
   */
  private quantity(s: LiveState, price: number): number {
    const r = this.random() * this.random();
    const { tradeNotional: notional, contractValue: value } = s.listing;
    if (value !== undefined) return (Math.max(1, Math.round(((0.02 + r * 6) * (notional ?? 100 * value)) / value)) * value) / price;
    if (notional === undefined) return Math.round((0.01 + r * 10) * (100 / Math.max(price, 1e-9)) ** 0.5 * 1e6) / 1e6 || 0.000001;
    const lots = Math.max(1, Math.round(((0.02 + r * 6) * notional * s.sizeFactor) / Math.max(price, 1e-12)));
    return lots / s.sizeFactor;
  }
}
