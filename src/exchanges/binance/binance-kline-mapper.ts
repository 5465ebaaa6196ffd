import type { AggTrade } from '../../model/agg-trade.js';
import { KLINE_INTERVAL_MS, type Kline } from '../../model/kline.js';
import type { MapperContext } from '../mapper-context.js';
import { recordProvenance } from '../record-provenance.js';
import type { BinanceAggTradeFrame, BinanceKlineFrame } from './binance-kline-frames.js';

/** A kline event to a `Kline`; pure. `exchangeTs` is the event time `E`. */
export function mapBinanceKline(frame: BinanceKlineFrame, receivedTs: number, context: MapperContext): readonly Kline[] {
  const base = recordProvenance(frame.s, frame.E, receivedTs, context);
  if (base === undefined) return [];
  const k = frame.k;
  return [
    {
      type: 'kline',
      ...base,
      interval: k.i,
      intervalMs: KLINE_INTERVAL_MS[k.i],
      openTime: k.t,
      closeTime: k.T,
      open: Number(k.o),
      high: Number(k.h),
      low: Number(k.l),
      close: Number(k.c),
      volume: Number(k.v),
      quoteVolume: Number(k.q),
      tradeCount: k.n,
      closed: k.x,
    },
  ];
}

/** An aggTrade event to an `AggTrade` (never a `TradeEvent`: its id is not a trade id); `m:true` is a SELL. */
export function mapBinanceAggTrade(frame: BinanceAggTradeFrame, receivedTs: number, context: MapperContext): readonly AggTrade[] {
  const base = recordProvenance(frame.s, frame.T, receivedTs, context);
  if (base === undefined) return [];
  return [
    {
      type: 'agg_trade',
      ...base,
      aggTradeId: frame.a,
      price: Number(frame.p),
      quantity: Number(frame.q),
      firstTradeId: frame.f,
      lastTradeId: frame.l,
      side: frame.m ? 'SELL' : 'BUY',
      isBuyerMaker: frame.m,
    },
  ];
}
