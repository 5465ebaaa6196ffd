import type { BookTicker } from '../../model/book-ticker.js';
import type { MarketEvent } from '../../model/index.js';
import type { PriceTick } from '../../model/price-tick.js';
import type { TradeEvent } from '../../model/trade-event.js';
import { changePercent, roundPercent } from '../change-percent.js';
import type { MapperContext } from '../mapper-context.js';
import type { Building } from '../../model/building.js';
import { recordProvenance, setOptional } from '../record-provenance.js';
import type { BinanceBookTickerFrame, BinanceFrame, BinanceTickerFrame, BinanceTradeFrame } from './binance-frames.js';
import { mapBinanceAggTrade, mapBinanceKline } from './binance-kline-mapper.js';

/**
 * Maps a validated Binance-family frame to normalized events; pure. Acks, errors,
 * `serverShutdown` and other frames map to nothing. Symbols the context cannot split are skipped.
 */
export function mapBinanceFrame(frame: BinanceFrame, receivedTs: number, context: MapperContext): readonly MarketEvent[] {
  switch (frame.kind) {
    case 'trade':
      return mapTrade(frame, receivedTs, context);
    case 'ticker':
      return mapTicker(frame, receivedTs, context);
    case 'book_ticker':
      return mapBookTicker(frame, receivedTs, context);
    case 'kline':
      return mapBinanceKline(frame, receivedTs, context);
    case 'agg_trade':
      return mapBinanceAggTrade(frame, receivedTs, context);
    default:
      return [];
  }
}

/** `m` is "buyer is maker": `m:true` means the seller was the aggressor (SELL). */
function mapTrade(frame: BinanceTradeFrame, receivedTs: number, context: MapperContext): readonly TradeEvent[] {
  const base = recordProvenance(frame.s, frame.T, receivedTs, context);
  if (base === undefined) return [];
  return [
    {
      type: 'trade',
      ...base,
      tradeId: String(frame.id),
      price: Number(frame.p),
      quantity: Number(frame.q),
      side: frame.m ? 'SELL' : 'BUY',
      isBuyerMaker: frame.m,
    },
  ];
}

/** `P` is already in percent; `@miniTicker` has none, so the change is computed from `o`. */
function mapTicker(frame: BinanceTickerFrame, receivedTs: number, context: MapperContext): readonly PriceTick[] {
  const base = recordProvenance(frame.s, frame.E, receivedTs, context);
  if (base === undefined) return [];
  const price = Number(frame.c);
  const open = optionalNumber(frame.o);
  const percent = frame.P === undefined ? changePercent(price, open) : roundPercent(Number(frame.P));
  const tick: Building<PriceTick> = { type: 'price_tick', ...base, price };
  setOptional(tick, 'open24h', open);
  setOptional(tick, 'high24h', optionalNumber(frame.h));
  setOptional(tick, 'low24h', optionalNumber(frame.l));
  setOptional(tick, 'volume24h', optionalNumber(frame.v));
  setOptional(tick, 'turnover24h', optionalNumber(frame.q));
  setOptional(tick, 'change24hPct', percent);
  return [tick];
}

/** Spot `@bookTicker` has no event time: `exchangeTs` is the receive time, flagged as estimated. */
function mapBookTicker(frame: BinanceBookTickerFrame, receivedTs: number, context: MapperContext): readonly BookTicker[] {
  const base = recordProvenance(frame.s, frame.T ?? receivedTs, receivedTs, context);
  if (base === undefined) return [];
  return [
    {
      type: 'book_ticker',
      ...base,
      bid: Number(frame.b),
      bidSize: Number(frame.B),
      ask: Number(frame.a),
      askSize: Number(frame.A),
      updateId: frame.u,
      exchangeTsEstimated: frame.T === undefined,
    },
  ];
}

function optionalNumber(value: string | undefined): number | undefined {
  return value === undefined ? undefined : Number(value);
}
