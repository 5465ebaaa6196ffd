import type { EpochMillis, MarketRecordBase } from './market-record.js';

/** One price row of a volume profile: `[priceLow, priceHigh)`, its taker-buy and taker-sell volume. */
export interface VolumeProfileBin {
  readonly priceLow: number;
  readonly priceHigh: number;
  /** Base volume of trades whose taker bought. */
  readonly buyVolume: number;
  /** Base volume of trades whose taker sold. */
  readonly sellVolume: number;
}

/** How the rows were cut: a fixed width (a tick multiple) or a fixed number of rows over the window's range. */
export type VolumeProfileBinning = 'tick' | 'rows';

/**
 * Traded volume per price row of one symbol over one window `[windowStart, windowEnd)`, with the
 * point of control and the value area. `exchangeTs` is the window's last trade's time; the venue,
 * connection and `isFallback` are the last trade's.
 */
export interface VolumeProfile extends MarketRecordBase {
  readonly type: 'volume_profile';
  readonly windowMs: number;
  readonly windowStart: EpochMillis;
  readonly windowEnd: EpochMillis;
  readonly binning: VolumeProfileBinning;
  /** Width of every row, in quote units (0 when every trade had the same price, in `rows` mode). */
  readonly binWidth: number;
  /** Every row from the lowest traded price to the highest, empty rows included, lowest first. */
  readonly bins: readonly VolumeProfileBin[];
  readonly volume: number;
  readonly buyVolume: number;
  readonly sellVolume: number;
  readonly tradeCount: number;
  /** Middle of the row with the most volume (the lower row on a tie). */
  readonly pointOfControl: number;
  /** The share of volume the value area holds at least, percent (70 by default). */
  readonly valueAreaPct: number;
  /** Upper edge of the value area's highest row and lower edge of its lowest row. */
  readonly valueAreaHigh: number;
  readonly valueAreaLow: number;
  /** Base volume inside the value area. */
  readonly valueAreaVolume: number;
  /** False for a window cut short (start-up mid-window, shutdown) or overlapping a stale period, failover or gap. */
  readonly complete: boolean;
}
