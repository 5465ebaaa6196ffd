import type { BookTicker } from '../../model/book-ticker.js';
import type { Building } from '../../model/building.js';
import { DERIVATIVE_TICKER_VALUES, type DerivativeTicker } from '../../model/derivative-ticker.js';
import type { MarketEvent } from '../../model/index.js';
import type { Liquidation } from '../../model/liquidation.js';
import type { PriceTick } from '../../model/price-tick.js';
import type { TradeEvent } from '../../model/trade-event.js';
import { changePercent } from '../change-percent.js';
import type { MapperContext } from '../mapper-context.js';
import { recordProvenance, setOptional } from '../record-provenance.js';
import type { BitgetFrame } from './bitget-frames.js';
import type { BitgetBookFrame, BitgetLiquidationsFrame, BitgetTickerFrame, BitgetTradesFrame } from './bitget-market-frames.js';
import { numberOf, positiveNumberOf } from '../figures.js';

/** What a Bitget venue's tickers carry besides the day's figures: on USDT-M futures the mark, index, funding and holding. */
export type BitgetMarket = 'spot' | 'futures';

/**
 * Maps a validated Bitget frame to normalized events; pure. Sizes are the base coin on both markets.
 * - `trade` updates: one trade per fill, `tradeId` as written, `side` the taker's. A `snapshot` (the
 *   trades made before the subscription, sent on subscribing) is not published: those trades were the
 *   previous connection's or are before the feed began (tardis-node maps updates only, too).
 * - `ticker`: a price tick (the last price and the rolling day); on futures also a derivative ticker
 *   (mark, index, funding rate and its next time, open interest `holdingAmount` in the base coin).
 * - `books1`: the best bid and ask (a record missing a side, or crossed, says nothing of the top).
 * - v3 `liquidation`: on futures, the liquidations of the symbols this socket follows.
 * Acks, pongs, errors and the other depth pushes map to nothing (`books` becomes book updates for the
 * book plan). Instruments the context cannot split are skipped.
 */
export function mapBitgetFrame(frame: BitgetFrame, receivedTs: number, context: MapperContext, market: BitgetMarket): readonly MarketEvent[] {
  switch (frame.kind) {
    case 'trades':
      return frame.action === 'update' ? mapTrades(frame, receivedTs, context) : [];
    case 'ticker':
      return mapTickers(frame, receivedTs, context, market);
    case 'book':
      return frame.channel === 'books1' ? mapTop(frame, receivedTs, context) : [];
    case 'liquidations':
      return market === 'futures' ? mapLiquidations(frame, receivedTs, context) : [];
    default:
      return [];
  }
}

function mapTrades(frame: BitgetTradesFrame, receivedTs: number, context: MapperContext): readonly TradeEvent[] {
  const events: TradeEvent[] = [];
  for (const t of frame.trades) {
    const base = recordProvenance(frame.instId, t.ts, receivedTs, context);
    if (base === undefined) continue;
    events.push({
      type: 'trade',
      ...base,
      tradeId: t.tradeId,
      price: Number(t.price),
      quantity: Number(t.size),
      side: t.side === 'buy' ? 'BUY' : 'SELL',
      isBuyerMaker: t.side === 'sell',
    });
  }
  return events;
}

/**
 * `ticker` (docs "Tickers Channel"): `lastPr`, the rolling day (`open24h`, `high24h`, `low24h`, base
 * `baseVolume`, quote `quoteVolume`), the change computed from `open24h`. A record without a last price
 * makes no tick. On futures the same record's mark, index, funding and holding make a derivative ticker
 * (`nextFundingTime` "0" or absent: none given), whatever of them it carries.
 */
function mapTickers(frame: BitgetTickerFrame, receivedTs: number, context: MapperContext, market: BitgetMarket): readonly MarketEvent[] {
  const events: MarketEvent[] = [];
  for (const t of frame.tickers) {
    const base = recordProvenance(t.instId, t.ts, receivedTs, context);
    if (base === undefined) continue;
    if (t.lastPr !== undefined && Number(t.lastPr) > 0) {
      const price = Number(t.lastPr);
      const open = numberOf(t.open24h);
      const tick: Building<PriceTick> = { type: 'price_tick', ...base, price };
      setOptional(tick, 'open24h', open);
      setOptional(tick, 'high24h', numberOf(t.high24h));
      setOptional(tick, 'low24h', numberOf(t.low24h));
      setOptional(tick, 'volume24h', numberOf(t.baseVolume));
      setOptional(tick, 'turnover24h', numberOf(t.quoteVolume));
      setOptional(tick, 'change24hPct', changePercent(price, open));
      events.push(tick);
    }
    if (market !== 'futures') continue;
    const figures: Building<DerivativeTicker> = { type: 'derivative_ticker', ...base };
    setOptional(figures, 'markPrice', positiveNumberOf(t.markPrice));
    setOptional(figures, 'indexPrice', positiveNumberOf(t.indexPrice));
    setOptional(figures, 'fundingRate', numberOf(t.fundingRate));
    setOptional(figures, 'nextFundingTs', t.nextFundingTime);
    const openInterest = numberOf(t.holdingAmount);
    if (openInterest !== undefined && openInterest >= 0) {
      figures.openInterest = openInterest;
      figures.openInterestTs = t.ts;
      figures.openInterestSource = 'stream';
    }
    setOptional(figures, 'lastPrice', positiveNumberOf(t.lastPr));
    if (DERIVATIVE_TICKER_VALUES.some((key) => figures[key] !== undefined)) events.push(figures);
  }
  return events;
}

/** `books1`: the best bid and ask of each record at its `ts`. */
function mapTop(frame: BitgetBookFrame, receivedTs: number, context: MapperContext): readonly BookTicker[] {
  const tickers: BookTicker[] = [];
  for (const data of frame.books) {
    const bid = data.bids[0];
    const ask = data.asks[0];
    const base = recordProvenance(frame.instId, data.ts, receivedTs, context);
    if (bid === undefined || ask === undefined || bid.price >= ask.price || base === undefined) continue;
    tickers.push({ type: 'book_ticker', ...base, bid: bid.price, bidSize: bid.size, ask: ask.price, askSize: ask.size, exchangeTsEstimated: false });
  }
  return tickers;
}

/**
 * v3 `liquidation`, one topic for every futures symbol: the liquidations of the symbols this socket follows
 * (another shard publishes the others'). Its `side` is the liquidated position's (`buy` a long; tardis-node
 * `BitgetV3LiquidationsMapper`: "Bitget side is position side"). Every liquidation is pushed (`sampled` false).
 */
function mapLiquidations(frame: BitgetLiquidationsFrame, receivedTs: number, context: MapperContext): readonly Liquidation[] {
  const events: Liquidation[] = [];
  for (const l of frame.liquidations) {
    if (!(context.follows?.(l.symbol) ?? true)) continue;
    const base = recordProvenance(l.symbol, l.ts, receivedTs, context);
    if (base === undefined) continue;
    events.push({
      type: 'liquidation',
      ...base,
      positionSide: l.side === 'buy' ? 'LONG' : 'SHORT',
      price: Number(l.price),
      quantity: Number(l.amount),
      sampled: false,
    });
  }
  return events;
}
