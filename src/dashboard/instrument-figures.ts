import { instrumentOf } from '../model/market-record.js';
import type { ExchangeId, MarketEnv } from '../model/market-record.js';
import type { PriceTick } from '../model/price-tick.js';
import type { TradeEvent } from '../model/trade-event.js';

/** Trades of one second: count and volumes (base asset). */
export interface SecondBucket {
  readonly second: number;
  readonly count: number;
  readonly buyVolume: number;
  readonly volume: number;
}

/**
 * What the page shows per instrument (`BTC-USDT` and `BTC-USDC` are two), kept by
 * {@link reduceInstrumentTrade} and {@link reduceInstrumentTick}. Its history is bounded whatever
 * the trade rate: at most `sparkPoints` sparkline points and `ratioSeconds` second buckets.
 */
export interface InstrumentFigures {
  /** The canonical instrument, `BASE-QUOTE`. */
  readonly key: string;
  readonly coin: string;
  /** The instrument's quote (a venue serving it at an equivalent quote has its own in `symbol`). */
  readonly quote: string;
  readonly symbol: string;
  /** The venue of the latest record: the active venue for this instrument. */
  readonly exchange: ExchangeId;
  readonly env: MarketEnv;
  readonly isFallback: boolean;
  readonly lastPrice: number;
  /** When the last price was received (local clock), epoch ms. */
  readonly lastTs: number;
  /** The day's opening price from the latest tick, to rate later trade prices against. */
  readonly open24h?: number;
  readonly change24hPct?: number;
  /** Start of the first sparkline bucket, epoch ms. */
  readonly sparkFrom: number;
  /** The last price of each `sparkBucketMs` bucket from `sparkFrom` on (a bucket without a price repeats the one before). */
  readonly spark: readonly number[];
  /** Seconds with trades, oldest first, within the last `ratioSeconds`. */
  readonly seconds: readonly SecondBucket[];
}

export interface InstrumentFiguresConfig {
  /** Sparkline resolution, ms; default 5 000. */
  readonly sparkBucketMs: number;
  /** Sparkline points kept; default 60 (five minutes at 5 s). */
  readonly sparkPoints: number;
  /** Seconds of trades kept for the buy ratio; default 60. */
  readonly ratioSeconds: number;
  /** Seconds the trade rate is averaged over; default 10. */
  readonly rateSeconds: number;
}

export const DEFAULT_INSTRUMENT_FIGURES_CONFIG: InstrumentFiguresConfig = { sparkBucketMs: 5000, sparkPoints: 60, ratioSeconds: 60, rateSeconds: 10 };

type Provenance = Pick<TradeEvent, 'coin' | 'quote' | 'instrument' | 'symbol' | 'exchange' | 'env' | 'isFallback' | 'receivedTs'>;

/**
 * The quote of the instrument a record is published under: its own, or the one its `instrument` names,
 * always the key's second part (`BTC-USDT` for Coinbase's `BTC-USD`, `USDT` of `BTC-USDT-PERP`, `USD` of
 * the option `BTC-USD-20261127-56000-C`), never a market's suffix, an expiry, a strike or `C`/`P`.
 */
export function instrumentQuoteOf(record: Pick<Provenance, 'quote' | 'instrument'>): string {
  const quote = record.instrument?.split('-')[1];
  return quote === undefined || quote === '' ? record.quote : quote;
}

/** The sparkline after a price at `ts`: the bucket's last price, quiet buckets filled with the price before, at most `sparkPoints`. */
function spark(
  previous: Pick<InstrumentFigures, 'sparkFrom' | 'spark'> | undefined,
  ts: number,
  price: number,
  config: InstrumentFiguresConfig,
): Pick<InstrumentFigures, 'sparkFrom' | 'spark'> {
  const t = Math.floor(ts / config.sparkBucketMs) * config.sparkBucketMs;
  if (previous === undefined || previous.spark.length === 0) return { sparkFrom: t, spark: [price] };
  const index = (t - previous.sparkFrom) / config.sparkBucketMs;
  const last = previous.spark.length - 1;
  if (index < last) return previous;
  if (index === last) {
    if (previous.spark[last] === price) return previous;
    const points = previous.spark.slice();
    points[last] = price;
    return { sparkFrom: previous.sparkFrom, spark: points };
  }
  const before = previous.spark[last] ?? price;
  const points = index - last > config.sparkPoints ? [] : previous.spark.slice();
  const from = points.length === 0 ? t - (config.sparkPoints - 1) * config.sparkBucketMs : previous.sparkFrom;
  if (points.length === 0) for (let i = 0; i < config.sparkPoints - 1; i++) points.push(before);
  else for (let i = last + 1; i < index; i++) points.push(before);
  points.push(price);
  const drop = points.length - config.sparkPoints;
  return drop > 0 ? { sparkFrom: from + drop * config.sparkBucketMs, spark: points.slice(drop) } : { sparkFrom: from, spark: points };
}

function changeOf(price: number, open24h: number | undefined, fallback: number | undefined): number | undefined {
  return open24h !== undefined && open24h > 0 ? ((price - open24h) / open24h) * 100 : fallback;
}

function base(previous: InstrumentFigures | undefined, record: Provenance, price: number, config: InstrumentFiguresConfig): InstrumentFigures {
  return {
    key: previous?.key ?? instrumentOf(record),
    coin: record.coin,
    quote: instrumentQuoteOf(record),
    symbol: record.symbol,
    exchange: record.exchange,
    env: record.env,
    isFallback: record.isFallback,
    lastPrice: price,
    lastTs: record.receivedTs,
    ...(previous?.open24h === undefined ? {} : { open24h: previous.open24h }),
    ...(previous?.change24hPct === undefined ? {} : { change24hPct: previous.change24hPct }),
    ...spark(previous, record.receivedTs, price, config),
    seconds: previous?.seconds ?? [],
  };
}

function withTrade(seconds: readonly SecondBucket[], trade: TradeEvent, config: InstrumentFiguresConfig): readonly SecondBucket[] {
  const second = Math.floor(trade.receivedTs / 1000);
  const buy = trade.side === 'BUY' ? trade.quantity : 0;
  const last = seconds[seconds.length - 1];
  if (last !== undefined && last.second > second) return seconds;
  if (last !== undefined && last.second === second) {
    const next = seconds.slice();
    next[next.length - 1] = { second, count: last.count + 1, buyVolume: last.buyVolume + buy, volume: last.volume + trade.quantity };
    return next;
  }
  let from = 0;
  while (from < seconds.length && (seconds[from]?.second ?? 0) <= second - config.ratioSeconds) from++;
  const next = seconds.slice(from);
  next.push({ second, count: 1, buyVolume: buy, volume: trade.quantity });
  return next;
}

/** Folds a trade: last price, 24 h change against the day's open, sparkline, per-second counts and volumes. */
export function reduceInstrumentTrade(
  previous: InstrumentFigures | undefined,
  trade: TradeEvent,
  config: InstrumentFiguresConfig = DEFAULT_INSTRUMENT_FIGURES_CONFIG,
): InstrumentFigures {
  const next = base(previous, trade, trade.price, config);
  const change = changeOf(trade.price, next.open24h, next.change24hPct);
  return { ...next, seconds: withTrade(next.seconds, trade, config), ...(change === undefined ? {} : { change24hPct: change }) };
}

/** Folds a 24 h ticker: its price, day open and change (the venue's own figure when it sends one). */
export function reduceInstrumentTick(
  previous: InstrumentFigures | undefined,
  tick: PriceTick,
  config: InstrumentFiguresConfig = DEFAULT_INSTRUMENT_FIGURES_CONFIG,
): InstrumentFigures {
  const next = base(previous, tick, tick.price, config);
  const open24h = tick.open24h ?? next.open24h;
  const change = tick.change24hPct ?? changeOf(tick.price, open24h, next.change24hPct);
  return { ...next, ...(open24h === undefined ? {} : { open24h }), ...(change === undefined ? {} : { change24hPct: change }) };
}

/** Trades per second over the last `rateSeconds` whole seconds before `now`. */
export function tradesPerSecond(figures: InstrumentFigures, now: number, config: InstrumentFiguresConfig = DEFAULT_INSTRUMENT_FIGURES_CONFIG): number {
  const current = Math.floor(now / 1000);
  const from = current - config.rateSeconds;
  let count = 0;
  // Newest first: the buckets are in time order, so the walk stops at the first one before the span.
  for (let i = figures.seconds.length - 1; i >= 0; i--) {
    const bucket = figures.seconds[i];
    if (bucket === undefined || bucket.second < from) break;
    if (bucket.second < current) count += bucket.count;
  }
  return count / config.rateSeconds;
}

/** Buy volume / volume of the trades within the last `ratioSeconds`; undefined without volume. */
export function buyRatio(figures: InstrumentFigures, now: number, config: InstrumentFiguresConfig = DEFAULT_INSTRUMENT_FIGURES_CONFIG): number | undefined {
  const from = Math.floor(now / 1000) - config.ratioSeconds;
  let buy = 0;
  let volume = 0;
  for (const b of figures.seconds) {
    if (b.second < from) continue;
    buy += b.buyVolume;
    volume += b.volume;
  }
  return volume > 0 ? buy / volume : undefined;
}
