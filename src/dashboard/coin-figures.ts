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

/** One sparkline point: the last price of a bucket of `sparkBucketMs`. */
export interface SparkPoint {
  readonly t: number;
  readonly p: number;
}

/** What the page shows per coin, kept by {@link reduceCoinTrade} and {@link reduceCoinTick}. */
export interface CoinFigures {
  readonly coin: string;
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
  readonly spark: readonly SparkPoint[];
  readonly seconds: readonly SecondBucket[];
}

export interface CoinFiguresConfig {
  /** Sparkline resolution, ms; default 5 000. */
  readonly sparkBucketMs: number;
  /** Sparkline points kept; default 60 (five minutes at 5 s). */
  readonly sparkPoints: number;
  /** Seconds of trades kept for the buy ratio; default 60. */
  readonly ratioSeconds: number;
  /** Seconds the trade rate is averaged over; default 10. */
  readonly rateSeconds: number;
}

export const DEFAULT_COIN_FIGURES_CONFIG: CoinFiguresConfig = { sparkBucketMs: 5000, sparkPoints: 60, ratioSeconds: 60, rateSeconds: 10 };

type Provenance = Pick<TradeEvent, 'coin' | 'quote' | 'symbol' | 'exchange' | 'env' | 'isFallback' | 'receivedTs'>;

function spark(points: readonly SparkPoint[], ts: number, price: number, config: CoinFiguresConfig): readonly SparkPoint[] {
  const t = Math.floor(ts / config.sparkBucketMs) * config.sparkBucketMs;
  const last = points[points.length - 1];
  if (last !== undefined && last.t === t) return [...points.slice(0, -1), { t, p: price }];
  if (last !== undefined && last.t > t) return points;
  return [...points, { t, p: price }].slice(-config.sparkPoints);
}

function changeOf(price: number, open24h: number | undefined, fallback: number | undefined): number | undefined {
  return open24h !== undefined && open24h > 0 ? ((price - open24h) / open24h) * 100 : fallback;
}

function base(previous: CoinFigures | undefined, record: Provenance, price: number, config: CoinFiguresConfig): CoinFigures {
  return {
    coin: record.coin, quote: record.quote, symbol: record.symbol, exchange: record.exchange, env: record.env, isFallback: record.isFallback,
    lastPrice: price, lastTs: record.receivedTs,
    ...(previous?.open24h === undefined ? {} : { open24h: previous.open24h }),
    ...(previous?.change24hPct === undefined ? {} : { change24hPct: previous.change24hPct }),
    spark: spark(previous?.spark ?? [], record.receivedTs, price, config),
    seconds: previous?.seconds ?? [],
  };
}

/** Folds a trade: last price, 24 h change against the day's open, sparkline, per-second counts and volumes. */
export function reduceCoinTrade(previous: CoinFigures | undefined, trade: TradeEvent, config: CoinFiguresConfig = DEFAULT_COIN_FIGURES_CONFIG): CoinFigures {
  const next = base(previous, trade, trade.price, config);
  const second = Math.floor(trade.receivedTs / 1000);
  const buy = trade.side === 'BUY' ? trade.quantity : 0;
  const last = next.seconds[next.seconds.length - 1];
  let seconds: readonly SecondBucket[];
  if (last !== undefined && last.second === second) {
    seconds = [...next.seconds.slice(0, -1), { second, count: last.count + 1, buyVolume: last.buyVolume + buy, volume: last.volume + trade.quantity }];
  } else if (last !== undefined && last.second > second) {
    seconds = next.seconds;
  } else {
    seconds = [...next.seconds.filter((b) => b.second > second - config.ratioSeconds), { second, count: 1, buyVolume: buy, volume: trade.quantity }];
  }
  const change = changeOf(trade.price, next.open24h, next.change24hPct);
  return { ...next, seconds, ...(change === undefined ? {} : { change24hPct: change }) };
}

/** Folds a 24 h ticker: its price, day open and change (the venue's own figure when it sends one). */
export function reduceCoinTick(previous: CoinFigures | undefined, tick: PriceTick, config: CoinFiguresConfig = DEFAULT_COIN_FIGURES_CONFIG): CoinFigures {
  const next = base(previous, tick, tick.price, config);
  const open24h = tick.open24h ?? next.open24h;
  const change = tick.change24hPct ?? changeOf(tick.price, open24h, next.change24hPct);
  return { ...next, ...(open24h === undefined ? {} : { open24h }), ...(change === undefined ? {} : { change24hPct: change }) };
}

/** Trades per second over the last `rateSeconds` whole seconds before `now`. */
export function tradesPerSecond(figures: CoinFigures, now: number, config: CoinFiguresConfig = DEFAULT_COIN_FIGURES_CONFIG): number {
  const current = Math.floor(now / 1000);
  const from = current - config.rateSeconds;
  const count = figures.seconds.filter((b) => b.second >= from && b.second < current).reduce((sum, b) => sum + b.count, 0);
  return count / config.rateSeconds;
}

/** Buy volume / volume of the trades within the last `ratioSeconds`; undefined without volume. */
export function buyRatio(figures: CoinFigures, now: number, config: CoinFiguresConfig = DEFAULT_COIN_FIGURES_CONFIG): number | undefined {
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
