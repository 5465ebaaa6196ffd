import { KLINE_INTERVAL_MS, type Kline } from '../../model/kline.js';
import type { MapperContext } from '../mapper-context.js';
import { recordProvenance } from '../record-provenance.js';
import type { BybitKlineFrame } from './bybit-kline-frames.js';

/** Bybit candles to `Kline`s; pure. `exchangeTs` is the candle's `timestamp`; Bybit gives no trade count. */
export function mapBybitKlineFrame(frame: BybitKlineFrame, receivedTs: number, context: MapperContext): readonly Kline[] {
  const klines: Kline[] = [];
  for (const c of frame.data) {
    const base = recordProvenance(frame.symbol, c.timestamp, receivedTs, context);
    if (base === undefined) continue;
    klines.push({
      type: 'kline',
      ...base,
      interval: c.interval,
      intervalMs: KLINE_INTERVAL_MS[c.interval],
      openTime: c.start,
      closeTime: c.end,
      open: Number(c.open),
      high: Number(c.high),
      low: Number(c.low),
      close: Number(c.close),
      volume: Number(c.volume),
      quoteVolume: Number(c.turnover),
      closed: c.confirm,
    });
  }
  return klines;
}
