import { SimulatedMarket, type SimulatedMarketConfig, type SimulatedTrade } from '../../simulated-market.js';

/** The first spot trade id the simulator writes: ten digits, as Gate's (`5541729598`, gate-trades.ndjson). */
export const GATE_FIRST_SPOT_TRADE_ID = 5_000_000_000;

/** Trades of a symbol whose venue-wide id is kept by default (the market's default history: 10,000). */
const DEFAULT_KEPT = 10_000;

/**
 * Gate spot's market: trade ids run over every pair ("All Market Trade ID", docs "Public trades
 * channel"; FX gate-trades: DIS_USDT 816995772 and NEO_BTC 816995970 seconds apart), one counter for
 * the venue that rises with each trade made, whatever its pair. The market's own per-symbol ids stay
 * its keys; {@link venueId} gives the id Gate writes for one, kept as long as the market keeps the trade.
 */
export class GateSpotMarket extends SimulatedMarket {
  private lastId = GATE_FIRST_SPOT_TRADE_ID;
  private readonly ids = new Map<string, Map<number, number>>();
  private readonly kept: number;

  constructor(config: SimulatedMarketConfig) {
    super(config);
    this.kept = config.historyCapacity ?? DEFAULT_KEPT;
  }

  override nextTrade(symbol: string, ts: number): SimulatedTrade | undefined {
    const trade = super.nextTrade(symbol, ts);
    if (trade === undefined) return undefined;
    let ids = this.ids.get(symbol);
    if (ids === undefined) this.ids.set(symbol, (ids = new Map<number, number>()));
    this.lastId += 1;
    ids.set(trade.tradeId, this.lastId);
    // The oldest first: a Map keeps insertion order.
    if (ids.size > this.kept) ids.delete(ids.keys().next().value as number);
    return trade;
  }

  /** The venue-wide id of the symbol's trade `tradeId`; for one the market no longer keeps, the market's own id. */
  venueId(symbol: string, tradeId: number): number {
    return this.ids.get(symbol)?.get(tradeId) ?? tradeId;
  }
}
