import type { BookTicker } from '../../model/book-ticker.js';
import type { MarketEvent } from '../../model/index.js';
import type { PriceTick } from '../../model/price-tick.js';
import type { TradeEvent } from '../../model/trade-event.js';
import type { BookUpdate } from '../book-update.js';
import { changePercent, roundPercent } from '../change-percent.js';
import type { MapperContext } from '../mapper-context.js';
import type { Building } from '../../model/building.js';
import { recordProvenance, setOptional } from '../record-provenance.js';
import type { BybitBookFrame } from './bybit-book-frames.js';
import { mapBybitKlineFrame } from './bybit-kline-mapper.js';
import type { BybitFrame, BybitOrderbookFrame, BybitTickerFrame, BybitTradeFrame } from './bybit-frames.js';

/**
 * Maps a validated Bybit v5 spot frame to normalized events; pure. Acks, pongs and other
 * frames map to nothing, and so do depth-N book frames: they need state, so they become
 * `BookUpdate`s (`mapBybitBookFrame`) for the book reducer. Symbols the context cannot split are skipped.
 */
export function mapBybitFrame(frame: BybitFrame, receivedTs: number, context: MapperContext): readonly MarketEvent[] {
  switch (frame.kind) {
    case 'trade':
      return mapTrades(frame, receivedTs, context);
    case 'ticker':
      return mapTicker(frame, receivedTs, context);
    case 'orderbook':
      return mapBook(frame, receivedTs, context);
    case 'kline':
      return mapBybitKlineFrame(frame, receivedTs, context);
    default:
      return [];
  }
}

/** `S` is the taker side: `Buy` means the buyer took liquidity, so the buyer was not the maker. */
function mapTrades(frame: BybitTradeFrame, receivedTs: number, context: MapperContext): readonly TradeEvent[] {
  const events: TradeEvent[] = [];
  for (const t of frame.data) {
    const base = recordProvenance(t.s, t.T, receivedTs, context);
    if (base === undefined) continue;
    const event: Building<TradeEvent> = {
      type: 'trade',
      ...base,
      tradeId: t.i,
      price: Number(t.p),
      quantity: Number(t.v),
      side: t.S === 'Buy' ? 'BUY' : 'SELL',
      isBuyerMaker: t.S === 'Sell',
    };
    if (t.seq !== undefined) event.seq = t.seq;
    events.push(event);
  }
  return events;
}

/** `price24hPcnt` is a fraction (0.0196 = 1.96 %); without it the change is computed from `prevPrice24h`. */
function mapTicker(frame: BybitTickerFrame, receivedTs: number, context: MapperContext): readonly PriceTick[] {
  const d = frame.data;
  const base = recordProvenance(d.symbol, frame.ts, receivedTs, context);
  if (base === undefined) return [];
  const price = Number(d.lastPrice);
  const open = optionalNumber(d.prevPrice24h);
  const fraction = optionalNumber(d.price24hPcnt);
  const change = fraction !== undefined ? roundPercent(fraction * 100) : changePercent(price, open);
  const tick: Building<PriceTick> = { type: 'price_tick', ...base, price };
  setOptional(tick, 'open24h', open);
  setOptional(tick, 'high24h', optionalNumber(d.highPrice24h));
  setOptional(tick, 'low24h', optionalNumber(d.lowPrice24h));
  setOptional(tick, 'volume24h', optionalNumber(d.volume24h));
  setOptional(tick, 'turnover24h', optionalNumber(d.turnover24h));
  setOptional(tick, 'change24hPct', change);
  return [tick];
}

function mapBook(frame: BybitOrderbookFrame, receivedTs: number, context: MapperContext): readonly BookTicker[] {
  const { bid, ask } = frame.data;
  if (bid === undefined || ask === undefined) return [];
  const base = recordProvenance(frame.data.s, frame.ts, receivedTs, context);
  if (base === undefined) return [];
  return [
    {
      type: 'book_ticker',
      ...base,
      bid: Number(bid[0]),
      bidSize: Number(bid[1]),
      ask: Number(ask[0]),
      askSize: Number(ask[1]),
      updateId: frame.data.u,
      exchangeTsEstimated: false,
    },
  ];
}

/** A depth-N book frame as the book reducer folds it; `exchangeTs` is `cts`, else the envelope `ts`. */
export function mapBybitBookFrame(frame: BybitBookFrame, receivedTs: number): BookUpdate {
  return {
    type: 'book_update',
    symbol: frame.data.s,
    action: frame.type,
    bids: frame.data.b,
    asks: frame.data.a,
    updateId: frame.data.u,
    exchangeTs: frame.cts ?? frame.ts,
    receivedTs,
  };
}

function optionalNumber(value: string | undefined): number | undefined {
  return value === undefined ? undefined : Number(value);
}
