import { KLINE_INTERVALS, type KlineInterval } from '../../model/kline.js';
import type { FieldReader } from '../field-reader.js';
import { FrameParseError } from '../frame-parse-error.js';

/** `<sym>@kline_<interval>`: the open candle every 2 s, and once more when it closes (`x`). */
export interface BinanceKlineFrame {
  readonly kind: 'kline';
  readonly s: string;
  /** Event time, ms. */
  readonly E: number;
  readonly k: {
    /** Start and last millisecond (inclusive) of the candle. */
    readonly t: number;
    readonly T: number;
    readonly i: KlineInterval;
    readonly o: string;
    readonly c: string;
    readonly h: string;
    readonly l: string;
    /** Base and quote volume. */
    readonly v: string;
    readonly q: string;
    /** Number of trades. */
    readonly n: number;
    /** Is this candle closed? */
    readonly x: boolean;
  };
}

/**
 * `<sym>@aggTrade`: the fills of one taker order at one price. `a` is the aggregate id, a sequence
 * apart from trade ids; `f`..`l` are the trade ids it sums.
 */
export interface BinanceAggTradeFrame {
  readonly kind: 'agg_trade';
  readonly s: string;
  readonly a: number;
  readonly p: string;
  readonly q: string;
  readonly f: number;
  readonly l: number;
  /** Trade time, ms. */
  readonly T: number;
  /** Buyer is maker: `true` means the taker sold. */
  readonly m: boolean;
}

const SERVED: ReadonlySet<string> = new Set(KLINE_INTERVALS);

/**
 * Validates a kline event: prices > 0, volumes >= 0, integer times and count, boolean `x`. A candle
 * of an interval this client does not serve (`1s`, `8h`, `3d`, `1M`) is `undefined`: valid, not ours.
 */
export function readBinanceKline(r: FieldReader): BinanceKlineFrame | undefined {
  const k = r.child('k');
  const interval = k.string('i');
  if (!SERVED.has(interval)) return undefined;
  const t = k.integer('t');
  const T = k.integer('T');
  if (T < t) throw new FrameParseError('$.k.T', 'before the start time t');
  return {
    kind: 'kline',
    s: r.string('s'),
    E: r.integer('E'),
    k: {
      t,
      T,
      i: interval as KlineInterval,
      o: k.positiveDecimal('o'),
      c: k.positiveDecimal('c'),
      h: k.positiveDecimal('h'),
      l: k.positiveDecimal('l'),
      v: k.nonNegativeDecimal('v'),
      q: k.nonNegativeDecimal('q'),
      n: k.integer('n'),
      x: k.boolean('x'),
    },
  };
}

/** Validates an aggTrade event: price and quantity > 0, integer ids and time, `f <= l`. */
export function readBinanceAggTrade(r: FieldReader): BinanceAggTradeFrame {
  const f = r.integer('f');
  const l = r.integer('l');
  if (l < f) throw new FrameParseError('$.l', 'last trade id before the first (f)');
  return {
    kind: 'agg_trade',
    s: r.string('s'),
    a: r.integer('a'),
    p: r.positiveDecimal('p'),
    q: r.positiveDecimal('q'),
    f,
    l,
    T: r.integer('T'),
    m: r.boolean('m'),
  };
}
