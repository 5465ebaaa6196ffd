import type { SimulatedTrade } from '../../simulated-market.js';
import { black76 } from '../../options/black76.js';
import { CONTRACT_USD, futureGrid, optionGrid } from './deribit-contracts.js';
import type { DeribitExchange } from './deribit-exchange.js';

const round = (value: number, decimals: number): number => Number(value.toFixed(decimals));

/** A trade as Deribit writes it in `trades.{instrument}.{interval}` and `get_last_trades_by_instrument`. */
export type DeribitTrade = Readonly<Record<string, unknown>>;

/**
 * The simulated Deribit's trade and ticker objects, in the recorded frames' fields and types
 * (`deribit-trades.ndjson`, `deribit-options-trades.ndjson`, `deribit-ticker.ndjson`,
 * `deribit-options-ticker.ndjson`). Units:
 * - a future's `amount` is USD in whole contracts (10 USD a BTC contract, 1 USD an ETH one),
 *   `contracts` their number: the market sizes each trade in whole contracts first and keeps
 *   `amount / price` as its quantity (`SimMarketSymbol.contractValue`), so a client's `amount / price`
 *   is the tape's quantity exactly (the rounding below only undoes the float product);
 * - an option's `amount` and `contracts` are coins (its market trades in tenths), its prices in the
 *   coin (coin-settled) or USDC, its `iv` the implied volatility of the trade's price, percent.
 * `trade_seq` is the market's consecutive trade id; `trade_id` a venue-wide text id of its own
 * (`trade_seq * 1000 + the instrument's listing index`, so unique across instruments).
 */
export class DeribitFrames {
  /** Per instrument: the last trade price and `tick_direction`. */
  private readonly ticks = new Map<string, { price: number; direction: number }>();

  constructor(private readonly exchange: DeribitExchange) {}

  /** `tick_direction`: 0 a plus tick, 1 a zero-plus tick, 2 a minus tick, 3 a zero-minus tick (docs.deribit.com, `trades` channel). */
  private tickDirection(symbol: string, price: number): number {
    const last = this.ticks.get(symbol);
    const direction = last === undefined || price > last.price ? 0 : price < last.price ? 2 : last.direction === 0 || last.direction === 1 ? 1 : 3;
    this.ticks.set(symbol, { price, direction });
    return direction;
  }

  /** The venue's `trade_id` of a trade its market made. */
  tradeId(symbol: string, tradeSeq: number, option: boolean): string {
    const market = option ? this.exchange.options : this.exchange.futures;
    return String(tradeSeq * 1000 + ((market.listing(symbol)?.index ?? 0) % 1000));
  }

  /** A future's trade object (`deribit-trades.ndjson` line 2's fields). */
  futureTrade(trade: Pick<SimulatedTrade, 'symbol' | 'tradeId' | 'price' | 'quantity' | 'isBuyerMaker' | 'ts'>, tickDirection?: number): DeribitTrade {
    const terms = this.exchange.futureTerms.get(trade.symbol);
    const coin = terms?.coin ?? 'BTC';
    const contract = CONTRACT_USD[coin] ?? 10;
    const contracts = Math.max(1, Math.round((trade.quantity * trade.price) / contract));
    const state = this.exchange.futures.state(trade.symbol);
    return {
      timestamp: trade.ts,
      price: trade.price,
      amount: contracts * contract,
      direction: trade.isBuyerMaker ? 'sell' : 'buy',
      index_price: round(this.exchange.index(coin), 2),
      instrument_name: trade.symbol,
      trade_seq: trade.tradeId,
      mark_price: round(state === undefined ? trade.price : (state.bid + state.ask) / 2, 2),
      tick_direction: tickDirection ?? this.tickDirection(trade.symbol, trade.price),
      contracts,
      trade_id: this.tradeId(trade.symbol, trade.tradeId, false),
    };
  }

  /** An option's trade object (`deribit-options-trades.ndjson`'s fields, `contracts` as today's frames add). */
  optionTrade(trade: Pick<SimulatedTrade, 'symbol' | 'tradeId' | 'price' | 'quantity' | 'isBuyerMaker' | 'ts'>, tickDirection?: number): DeribitTrade {
    const mark = this.exchange.mark(trade.symbol);
    const amount = round(trade.quantity, 1);
    return {
      trade_seq: trade.tradeId,
      trade_id: this.tradeId(trade.symbol, trade.tradeId, true),
      timestamp: trade.ts,
      tick_direction: tickDirection ?? this.tickDirection(trade.symbol, trade.price),
      price: trade.price,
      mark_price: round(mark?.markPrice ?? trade.price, 8),
      iv: round(this.exchange.ivOf(trade.symbol, trade.price), 2),
      instrument_name: trade.symbol,
      index_price: round(mark?.indexPrice ?? 0, 2),
      direction: trade.isBuyerMaker ? 'sell' : 'buy',
      amount,
      contracts: amount,
    };
  }

  /** A future's `ticker` data (`deribit-ticker.ndjson` line 3's fields; funding only on a perpetual). */
  futureTicker(symbol: string, now: number, state: 'open' | 'closed' = 'open'): Readonly<Record<string, unknown>> | undefined {
    const { futures } = this.exchange;
    const s = futures.state(symbol);
    const terms = this.exchange.futureTerms.get(symbol);
    if (s === undefined || terms === undefined) return undefined;
    const contract = CONTRACT_USD[terms.coin] ?? 10;
    // The market's touch is on the future's tick already (`FUTURE_TICK`); floor and ceil keep it there, a tick apart at least.
    const grid = futureGrid(terms.coin);
    const index = round(this.exchange.index(terms.coin), 2);
    const mark = round((s.bid + s.ask) / 2, 2);
    const bid = grid.floor(s.bid);
    const ask = grid.ceil(Math.max(s.ask, bid + grid.unit));
    const usd = (size: number, price: number) => Math.max(1, Math.round((size * price) / contract)) * contract;
    const perpetual = terms.expiryTs === undefined;
    const funding = Math.max(-0.005, Math.min(0.005, mark / index - 1));
    return {
      timestamp: now,
      state,
      stats: {
        high: s.high,
        low: s.low,
        price_change: round(((s.last - s.open) / s.open) * 100, 4),
        volume: round(s.volume, 8),
        volume_usd: Math.round(s.turnover),
        volume_notional: Math.round(s.turnover),
      },
      index_price: index,
      instrument_name: symbol,
      last_price: s.last,
      settlement_price: round(s.open, 2),
      min_price: grid.floor(mark * 0.985),
      max_price: grid.ceil(mark * 1.015),
      open_interest: Math.round((1_000_000 + s.volume * s.last * 3) / contract) * contract,
      mark_price: mark,
      ...(perpetual ? { interest_value: 0 } : {}),
      best_ask_price: ask,
      best_bid_price: bid,
      estimated_delivery_price: index,
      best_ask_amount: usd(s.askSize, ask),
      best_bid_amount: usd(s.bidSize, bid),
      ...(perpetual ? { current_funding: round(funding, 8), funding_8h: round(funding / 3, 8) } : {}),
    };
  }

  /**
   * An option's `ticker` data (`deribit-options-ticker.ndjson` line 28's fields): the mark of the last
   * mark step, the best bid and ask quoted with it (`optionTouch`: the mark's volatility less and plus
   * 2 points, rounded down and up to the option's tick, `COIN_OPTION_TICK`: 0.0001 up to 0.005, 0.0005
   * above; none when the bid rounds to 0), `bid_iv`/`ask_iv` the volatilities of those
   * prices, greeks rounded to 5 decimals, IVs to 2, the mark to 8 and 0.000001 at least (the lowest
   * live mark recorded, line 3: Deribit marks a far option so, never 0). A `closed` ticker (the last, at
   * expiry) is the option settled: its mark and greeks its intrinsic value's at the forward (a worthless
   * option's 0), both sides empty (price, amount and IV 0).
   */
  optionTicker(symbol: string, now: number, state: 'open' | 'closed' = 'open'): Readonly<Record<string, unknown>> | undefined {
    const mark = this.exchange.mark(symbol);
    const terms = this.exchange.optionTerms.get(symbol);
    const s = this.exchange.options.state(symbol);
    if (mark === undefined || terms === undefined || s === undefined) return undefined;
    const grid = optionGrid(terms.chain);
    const closed = state === 'closed';
    const { bid, ask } = closed ? { bid: 0, ask: 0 } : mark;
    const size = (salt: number) => round(1 + ((terms.strike * 7 + salt * 13 + this.exchange.markVersion) % 97) / 2, 1);
    const traded = s.tradeCount > 0;
    const forward = mark.underlyingPrice;
    const g = closed ? black76({ type: terms.type, forward, strike: terms.strike, years: 0, vol: mark.vol }) : mark.value;
    const markPrice = closed ? (terms.chain.settlement === 'coin' ? g.price / forward : g.price) : Math.max(0.000001, mark.markPrice);
    return {
      underlying_price: round(mark.underlyingPrice, 2),
      underlying_index: mark.underlyingIndex,
      timestamp: now,
      stats: {
        volume: traded ? round(s.volume, 1) : null,
        price_change: traded ? round(((s.last - s.open) / s.open) * 100, 4) : null,
        low: traded ? s.low : null,
        high: traded ? s.high : null,
      },
      state,
      settlement_price: s.open,
      open_interest: round(size(3) * 20, 1),
      min_price: grid.unit,
      max_price: Math.max(grid.unit, grid.ceil(mark.markPrice * 1.5 + grid.unit * 10)),
      mark_price: round(markPrice, 8),
      mark_iv: round(mark.vol * 100, 2),
      last_price: traded ? s.last : null,
      interest_rate: 0,
      instrument_name: symbol,
      index_price: round(mark.indexPrice, 2),
      greeks: { vega: round(g.vega, 5), theta: round(g.theta, 5), rho: round(g.rho, 5), gamma: round(g.gamma, 5), delta: round(g.delta, 5) },
      estimated_delivery_price: round(mark.indexPrice, 2),
      bid_iv: bid > 0 ? round(this.exchange.ivOf(symbol, bid), 2) : 0,
      best_bid_price: bid,
      best_bid_amount: bid > 0 ? size(1) : 0,
      best_ask_price: ask,
      best_ask_amount: ask > 0 ? size(2) : 0,
      ask_iv: ask > 0 ? round(this.exchange.ivOf(symbol, ask), 2) : 0,
    };
  }
}
