import type { SimulatedMarket } from '../../simulated-market.js';
import type { HistoricalTrade } from '../../trade-history.js';
import { hlDecimal, hlHash, hlTid, hlUsers } from './hyperliquid-numbers.js';

/** A trade of the market as a Hyperliquid trade is written from it (a generated trade, or one of the history). */
export type HyperliquidTradeSource = Pick<HistoricalTrade, 'tradeId' | 'price' | 'quantity' | 'isBuyerMaker' | 'ts'>;

/**
 * Hyperliquid's trades of the venue's market, written as the venue writes them: `trades` messages,
 * the backlog sent on subscribe, and `recentTrades` answers, each trade
 * `{coin, side, px, sz, time, hash, tid, users}` in the recorded order (hyperliquid-trades.ndjson line
 * 2, 2026, whose `users` [buyer, seller] the 2024 line 1 lacks; `tid` a JSON number as on the wire,
 * line 1). `side` is the taker's: `B` a buy, `A` a sell (ccxt and tardis-node read it so).
 */
export class HyperliquidTrades {
  constructor(private readonly market: SimulatedMarket) {}

  /** The `tid` the venue writes for the market's trade `tradeId` of `coin` (see `hlTid`). */
  tid(coin: string, tradeId: number): number {
    return hlTid(this.market.listing(coin)?.index ?? 0, tradeId);
  }

  /** One trade as JSON text. */
  trade(coin: string, trade: HyperliquidTradeSource): string {
    const listing = this.market.listing(coin);
    const index = listing?.index ?? 0;
    const tid = hlTid(index, trade.tradeId);
    const [buyer, seller] = hlUsers(tid);
    const fields = [
      `"coin":${JSON.stringify(coin)}`,
      `"side":"${trade.isBuyerMaker ? 'A' : 'B'}"`,
      `"px":"${hlDecimal(trade.price, listing?.priceDecimals ?? 2)}"`,
      `"sz":"${hlDecimal(trade.quantity, listing?.sizeDecimals ?? 6)}"`,
      `"time":${trade.ts}`,
      `"hash":"${hlHash(index, trade.ts)}"`,
      `"tid":${tid}`,
      `"users":["${buyer}","${seller}"]`,
    ];
    return `{${fields.join(',')}}`;
  }

  /** A `trades` message of `trades` of `coin`, in the order given (oldest first, as every message orders them). */
  message(coin: string, trades: readonly HyperliquidTradeSource[]): string {
    return `{"channel":"trades","data":[${trades.map((t) => this.trade(coin, t)).join(',')}]}`;
  }

  /** The coin's last `count` trades, oldest first: what the venue keeps of it. */
  recent(coin: string, count: number): HistoricalTrade[] {
    return this.market.recentTrades(coin, count);
  }
}
