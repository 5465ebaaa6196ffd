import type { AggTrade } from '../../model/agg-trade.js';
import type { BookTicker } from '../../model/book-ticker.js';
import type { Building } from '../../model/building.js';
import type { MarketEvent } from '../../model/index.js';
import { KLINE_INTERVAL_MS, type Kline } from '../../model/kline.js';
import type { PriceTick } from '../../model/price-tick.js';
import type { TradeEvent } from '../../model/trade-event.js';
import { changePercent } from '../change-percent.js';
import type { MapperContext } from '../mapper-context.js';
import { recordProvenance, setOptional } from '../record-provenance.js';
import type { OkxCandleFrame } from './okx-candle-frames.js';
import { baseQuantity, type OkxSizing } from './okx-contracts.js';
import type { OkxFrame } from './okx-frames.js';
import type { OkxBboFrame, OkxTickerFrame, OkxTrade, OkxTradesFrame } from './okx-market-frames.js';
import { mapOkxSwapFrame } from './okx-swap-mappers.js';
import { numberOf } from '../figures.js';

/**
 * Maps a validated OKX frame to normalized events; pure. Quantities are the base asset's: spot sizes as
 * written, swap sizes (contracts) times the instrument's contract value from the context (a swap trade,
 * best bid/ask or liquidation whose contract value is unknown is refused before it gets here:
 * `okxContractRefusal`). Acks, pongs, events and depth pushes map to nothing (depth pushes become
 * `BookUpdate`s for the book plan). Instruments the context cannot split are skipped.
 */
export function mapOkxFrame(frame: OkxFrame, receivedTs: number, context: MapperContext, sizing: OkxSizing): readonly MarketEvent[] {
  switch (frame.kind) {
    case 'trades':
      return mapTrades(frame, receivedTs, context, sizing);
    case 'ticker':
      return mapTickers(frame, receivedTs, context, sizing);
    case 'bbo':
      return mapBbo(frame, receivedTs, context, sizing);
    case 'candle':
      return mapCandles(frame, receivedTs, context, sizing);
    case 'funding':
    case 'mark':
    case 'index':
    case 'open_interest':
    case 'liquidations':
      // The derivative channels are a swap venue's (its sizes are contracts); a spot venue reads none.
      return sizing === 'contracts' ? mapOkxSwapFrame(frame, receivedTs, context) : [];
    default:
      return [];
  }
}

/**
 * `trades-all` records are one fill each: trades, their `tradeId` consecutive per instrument. A `trades`
 * record merges `count` fills at one price and carries the last one's id: with one fill (every record
 * before `count` existed) it is that trade; with more it is an `agg_trade` of ids `tradeId - count + 1`
 * to `tradeId`, never a trade (its skipped ids would read as a hole). `side` is the taker's.
 */
function mapTrades(frame: OkxTradesFrame, receivedTs: number, context: MapperContext, sizing: OkxSizing): readonly (TradeEvent | AggTrade)[] {
  const events: (TradeEvent | AggTrade)[] = [];
  for (const t of frame.trades) {
    const base = recordProvenance(t.instId, t.ts, receivedTs, context);
    const quantity = baseQuantity(Number(t.sz), sizing, context.partsOf(t.instId)?.contractValue);
    if (base === undefined || quantity === undefined) continue;
    const taker = { price: Number(t.px), quantity, side: t.side === 'buy' ? 'BUY' : 'SELL', isBuyerMaker: t.side === 'sell' } as const;
    const merged = frame.channel === 'trades' ? (t.count ?? 1) : 1;
    events.push(merged > 1 ? aggTrade(t, merged, { ...base, ...taker }) : { type: 'trade', ...base, tradeId: t.tradeId, ...taker });
  }
  return events;
}

function aggTrade(t: OkxTrade, count: number, fields: Omit<AggTrade, 'type' | 'aggTradeId' | 'firstTradeId' | 'lastTradeId'>): AggTrade {
  const last = Number(t.tradeId);
  return { type: 'agg_trade', ...fields, aggTradeId: last, firstTradeId: last - count + 1, lastTradeId: last };
}

/**
 * `tickers`: the last price and the rolling day (docs "Tickers channel"). Spot `vol24h` is base and
 * `volCcy24h` quote currency; on swaps `vol24h` counts contracts and `volCcy24h` is the base currency,
 * and no quote turnover is sent. The change is computed from `open24h`. Best bid/ask are not read here:
 * they can lag the book (okx-tickers.ndjson line 2); `bbo-tbt` carries them. A record without a last
 * price (`""`: nothing traded yet) makes no tick.
 */
function mapTickers(frame: OkxTickerFrame, receivedTs: number, context: MapperContext, sizing: OkxSizing): readonly PriceTick[] {
  const ticks: PriceTick[] = [];
  for (const t of frame.tickers) {
    const base = recordProvenance(t.instId, t.ts, receivedTs, context);
    if (base === undefined || t.last === undefined) continue;
    const price = Number(t.last);
    const open = numberOf(t.open24h);
    const tick: Building<PriceTick> = { type: 'price_tick', ...base, price };
    setOptional(tick, 'open24h', open);
    setOptional(tick, 'high24h', numberOf(t.high24h));
    setOptional(tick, 'low24h', numberOf(t.low24h));
    setOptional(tick, 'volume24h', numberOf(sizing === 'base' ? t.vol24h : t.volCcy24h));
    if (sizing === 'base') setOptional(tick, 'turnover24h', numberOf(t.volCcy24h));
    setOptional(tick, 'change24hPct', changePercent(price, open));
    ticks.push(tick);
  }
  return ticks;
}

/** `bbo-tbt`: the best bid and ask at `ts`; a record missing a side, or crossed, says nothing of the top. */
function mapBbo(frame: OkxBboFrame, receivedTs: number, context: MapperContext, sizing: OkxSizing): readonly BookTicker[] {
  const tickers: BookTicker[] = [];
  for (const q of frame.quotes) {
    const bid = q.bids[0];
    const ask = q.asks[0];
    const base = recordProvenance(q.instId, q.ts, receivedTs, context);
    if (bid === undefined || ask === undefined || bid.price >= ask.price || base === undefined) continue;
    const contractValue = context.partsOf(q.instId)?.contractValue;
    const bidSize = baseQuantity(bid.size, sizing, contractValue);
    const askSize = baseQuantity(ask.size, sizing, contractValue);
    if (bidSize === undefined || askSize === undefined) continue;
    tickers.push({ type: 'book_ticker', ...base, bid: bid.price, bidSize, ask: ask.price, askSize, exchangeTsEstimated: false });
  }
  return tickers;
}

/**
 * Candles (`candle1m`.. on `/business`): base volume is `vol` on spot and `volCcy` on swaps, quote
 * volume `volCcyQuote`. OKX sends no event time with a candle, so `exchangeTs` is the receive time.
 */
function mapCandles(frame: OkxCandleFrame, receivedTs: number, context: MapperContext, sizing: OkxSizing): readonly Kline[] {
  const base = recordProvenance(frame.instId, receivedTs, receivedTs, context);
  if (base === undefined) return [];
  const intervalMs = KLINE_INTERVAL_MS[frame.interval];
  return frame.candles.map((c): Kline => ({
    type: 'kline',
    ...base,
    interval: frame.interval,
    intervalMs,
    openTime: c.start,
    closeTime: c.start + intervalMs - 1,
    open: Number(c.open),
    high: Number(c.high),
    low: Number(c.low),
    close: Number(c.close),
    volume: Number(sizing === 'base' ? c.vol : c.volCcy),
    quoteVolume: Number(c.volCcyQuote),
    closed: c.confirm,
  }));
}
