import type { Kline, WindowStats } from '../model/index.js';

/** How far our window may differ from the venue's candle before it counts as a disagreement. */
export interface CandleTolerance {
  /** Open, high, low and close: basis points of the venue's price. */
  readonly priceBps: number;
  /** Base volume: percent of the venue's volume. */
  readonly volumePct: number;
}

/** One field where our window and the venue's candle disagree beyond the tolerance. */
export interface CandleDisagreement {
  readonly field: 'open' | 'high' | 'low' | 'close' | 'volume';
  readonly venue: number;
  readonly ours: number;
  /** `(ours - venue) / venue`, in bps for prices and percent for volume (100 % when the venue saw no volume). */
  readonly difference: number;
  readonly unit: 'bps' | '%';
}

const PRICES = ['open', 'high', 'low', 'close'] as const;

/**
 * The fields (OHLC and base volume) where our window of the candle's period differs from the
 * venue's candle beyond the tolerance; pure. Prices are compared only when both saw trades;
 * a window without trades disagrees only on volume (when the venue had some).
 */
export function candleDisagreements(candle: Kline, window: WindowStats, tolerance: CandleTolerance): readonly CandleDisagreement[] {
  const found: CandleDisagreement[] = [];
  if (window.tradeCount > 0 && candle.volume > 0) {
    for (const field of PRICES) {
      const ours = window[field];
      if (ours === undefined) continue;
      const difference = ((ours - candle[field]) / candle[field]) * 10_000;
      if (Math.abs(difference) > tolerance.priceBps) found.push({ field, venue: candle[field], ours, difference, unit: 'bps' });
    }
  }
  const volumeDifference = candle.volume > 0 ? ((window.volume - candle.volume) / candle.volume) * 100 : window.volume > 0 ? 100 : 0;
  if (Math.abs(volumeDifference) > tolerance.volumePct) {
    found.push({ field: 'volume', venue: candle.volume, ours: window.volume, difference: volumeDifference, unit: '%' });
  }
  return found;
}

/** `close ours 100.5 vs venue 102.51 (-196.1 bps)`, joined by `; `. */
export function describeDisagreements(disagreements: readonly CandleDisagreement[]): string {
  return disagreements
    .map((d) => `${d.field} ours ${d.ours} vs venue ${d.venue} (${d.difference > 0 ? '+' : ''}${d.difference.toFixed(1)} ${d.unit})`)
    .join('; ');
}
