import type { BookTicker } from '../../model/book-ticker.js';
import type { Building } from '../../model/building.js';
import { DERIVATIVE_TICKER_VALUES, type DerivativeTicker } from '../../model/derivative-ticker.js';
import type { MarketEvent } from '../../model/index.js';
import type { Liquidation } from '../../model/liquidation.js';
import type { PriceTick } from '../../model/price-tick.js';
import type { TradeEvent } from '../../model/trade-event.js';
import type { MapperContext } from '../mapper-context.js';
import { contractsToBase } from '../okx/okx-contracts.js';
import { recordProvenance, setOptional } from '../record-provenance.js';
import type { GateFrame } from './gate-frames.js';
import type { GateLiquidationsFrame } from './gate-liquidation-frames.js';
import type { GateBookTickerFrame, GateTickersFrame, GateTradesFrame } from './gate-market-frames.js';
import { numberOf, positiveNumberOf } from '../figures.js';

/**
 * A quantity as the feed publishes it: spot's as written (the base coin), futures' contracts times the
 * contract's `quanto_multiplier` (the listing's contract value); `undefined` when that is unknown, or when
 * the product is no positive finite number (a size too small for a double).
 */
function quantityOf(size: number, symbol: string, context: MapperContext, contracts: boolean): number | undefined {
  if (!contracts) return size;
  const value = context.partsOf(symbol)?.contractValue;
  const quantity = value === undefined ? undefined : contractsToBase(size, value);
  return quantity !== undefined && Number.isFinite(quantity) && quantity > 0 ? quantity : undefined;
}

/**
 * Maps a validated Gate frame to normalized events; pure. Spot sizes are the base coin; futures sizes
 * are contracts, published in the coin (times the contract value of the venue's list; an instrument
 * without one is skipped, as one the context cannot split).
 * - `trades`: one trade each, `tradeId` Gate's `id`, `side` the taker's. A futures takeover by the
 *   insurance fund or by auto-deleveraging (`is_internal`) did not trade on the book and is left out.
 * - `tickers`: a price tick (the last price and the rolling day); on futures also a derivative ticker
 *   (mark, index, funding rate and its next time, open interest).
 * - `book_ticker`: the best bid and ask (one with a side empty, or crossed, says nothing of the top).
 * - `public_liquidates`: one liquidation per row of a contract the socket follows (`gateOwnLiquidation`).
 * Acks, pongs, errors and depth pushes map to nothing (the depth becomes book updates for the book plan).
 */
export function mapGateFrame(frame: GateFrame, receivedTs: number, context: MapperContext): readonly MarketEvent[] {
  switch (frame.kind) {
    case 'trades':
      return mapTrades(frame, receivedTs, context);
    case 'tickers':
      return mapTickers(frame, receivedTs, context);
    case 'book_ticker':
      return mapTop(frame, receivedTs, context);
    case 'liquidations':
      return mapLiquidations(frame, receivedTs, context);
    default:
      return [];
  }
}

function mapTrades(frame: GateTradesFrame, receivedTs: number, context: MapperContext): readonly TradeEvent[] {
  const events: TradeEvent[] = [];
  const contracts = frame.market === 'futures';
  for (const t of frame.trades) {
    if (t.internal === true) continue;
    const base = recordProvenance(t.symbol, t.ts, receivedTs, context);
    const quantity = quantityOf(Number(t.size), t.symbol, context, contracts);
    if (base === undefined || quantity === undefined) continue;
    events.push({
      type: 'trade',
      ...base,
      tradeId: t.id,
      price: Number(t.price),
      quantity,
      side: t.side === 'buy' ? 'BUY' : 'SELL',
      isBuyerMaker: t.side === 'sell',
    });
  }
  return events;
}

/**
 * `tickers`: `last`, the rolling day (`high_24h`, `low_24h`, volumes in the base and the quote coin) and
 * Gate's own change in percent. A ticker without a last price makes no tick. On futures the same ticker's
 * mark, index, funding rate (the current period's, applied at `funding_next_apply`) and open interest
 * (`total_size`, contracts, in the coin) make a derivative ticker, whatever of them it carries.
 */
function mapTickers(frame: GateTickersFrame, receivedTs: number, context: MapperContext): readonly MarketEvent[] {
  const events: MarketEvent[] = [];
  for (const t of frame.tickers) {
    const base = recordProvenance(t.symbol, t.ts, receivedTs, context);
    if (base === undefined) continue;
    const price = positiveNumberOf(t.last);
    if (price !== undefined) {
      const tick: Building<PriceTick> = { type: 'price_tick', ...base, price };
      setOptional(tick, 'high24h', numberOf(t.high24h));
      setOptional(tick, 'low24h', numberOf(t.low24h));
      setOptional(tick, 'volume24h', numberOf(t.baseVolume));
      setOptional(tick, 'turnover24h', numberOf(t.quoteVolume));
      setOptional(tick, 'change24hPct', numberOf(t.changePercent));
      events.push(tick);
    }
    if (frame.market !== 'futures') continue;
    const figures: Building<DerivativeTicker> = { type: 'derivative_ticker', ...base };
    setOptional(figures, 'markPrice', positiveNumberOf(t.markPrice));
    setOptional(figures, 'indexPrice', positiveNumberOf(t.indexPrice));
    setOptional(figures, 'fundingRate', numberOf(t.fundingRate));
    setOptional(figures, 'nextFundingTs', t.nextFundingTime);
    const contracts = numberOf(t.openInterest);
    // 0 on a contract no one holds yet.
    const openInterest = contracts === 0 ? 0 : contracts === undefined ? undefined : quantityOf(contracts, t.symbol, context, true);
    if (openInterest !== undefined) {
      figures.openInterest = openInterest;
      figures.openInterestTs = t.ts;
      figures.openInterestSource = 'stream';
    }
    setOptional(figures, 'lastPrice', price);
    if (DERIVATIVE_TICKER_VALUES.some((key) => figures[key] !== undefined)) events.push(figures);
  }
  return events;
}

/** `book_ticker`: the best bid and ask at `t`, sizes in the coin. */
function mapTop(frame: GateBookTickerFrame, receivedTs: number, context: MapperContext): readonly BookTicker[] {
  const { bid, ask } = frame;
  if (bid === undefined || ask === undefined || Number(bid.price) >= Number(ask.price)) return [];
  const base = recordProvenance(frame.symbol, frame.ts, receivedTs, context);
  const contracts = frame.market === 'futures';
  const bidSize = quantityOf(Number(bid.size), frame.symbol, context, contracts);
  const askSize = quantityOf(Number(ask.size), frame.symbol, context, contracts);
  if (base === undefined || bidSize === undefined || askSize === undefined) return [];
  return [{ type: 'book_ticker', ...base, bid: Number(bid.price), bidSize, ask: Number(ask.price), askSize, exchangeTsEstimated: false }];
}

/**
 * Whether a liquidation of `symbol` is this socket's to publish: `futures.public_liquidates` is subscribed for
 * every contract at once (`!all`), so each socket of each shard receives them all and keeps those of the
 * contracts it follows now (`MapperContext.follows`; without it, as in `normalize`, all).
 */
export function gateOwnLiquidation(symbol: string, context: MapperContext): boolean {
  return context.follows?.(symbol) ?? true;
}

/**
 * `futures.public_liquidates`: each row of a followed contract at its order price, its contracts in the coin,
 * the position closed by the order's side (a sell, negative `size`, closes a long; as OKX's `side` and Binance's
 * `S`). Gate documents "each contract can push up to one liquidate order data every 1 second" (docs "public
 * liquidates order API"): `sampled`, a count or sum of them a lower bound.
 */
function mapLiquidations(frame: GateLiquidationsFrame, receivedTs: number, context: MapperContext): readonly Liquidation[] {
  const events: Liquidation[] = [];
  for (const l of frame.liquidations) {
    if (!gateOwnLiquidation(l.symbol, context)) continue;
    const base = recordProvenance(l.symbol, l.ts, receivedTs, context);
    const quantity = quantityOf(Number(l.size), l.symbol, context, true);
    if (base === undefined || quantity === undefined) continue;
    events.push({ type: 'liquidation', ...base, positionSide: l.side === 'sell' ? 'LONG' : 'SHORT', price: Number(l.price), quantity, sampled: true });
  }
  return events;
}
