import { EMPTY, map } from 'rxjs';
import type { ExchangeId } from '../../model/index.js';
import type { BookPlan } from '../book-sync.js';
import type { BinanceBookSequencerConfig, BinanceSyncRule } from './binance-book-sequencer.js';
import { mapBinanceDepthFrame, mapBinanceDepthSnapshot } from './binance-book-mappers.js';
import { binanceBookSync } from './binance-book-sync.js';
import { BINANCE_SPOT_DEPTH_PATH, binanceDepthWeight, fetchBinanceDepth } from './binance-depth-client.js';
import type { BinanceFrame } from './binance-frames.js';
import { restWeightPacer, type RestWeightPacer, type RestWeightPacerConfig } from '../rest/rest-weight-pacer.js';
import { stringValues } from '../refused-frame-peek.js';

export const BINANCE_REST_URL = 'https://api.binance.com';
export const BINANCE_US_REST_URL = 'https://api.binance.us';
export const BINANCE_TESTNET_REST_URL = 'https://testnet.binance.vision';

/** Where a Binance market serves its depth snapshots, what they cost, and the local-book rule its stream follows. */
export interface BinanceDepthMarket {
  /** The snapshot's REST path: spot `/api/v3/depth`, USD-M `/fapi/v1/depth`. */
  readonly path: string;
  /** Request weight of a snapshot of `limit` levels. */
  readonly weight: (limit: number) => number;
  /** The rule a venue's depth stream is kept in sync by. */
  readonly rule: (exchange: ExchangeId) => BinanceSyncRule;
}

/** The spot family: `GET /api/v3/depth`, Binance US by its older rule, the others by the current one. */
export const BINANCE_SPOT_DEPTH: BinanceDepthMarket = {
  path: BINANCE_SPOT_DEPTH_PATH,
  weight: binanceDepthWeight,
  rule: (exchange) => (exchange === 'binance_us' ? 'us' : 'current'),
};

export interface BinanceBookPlanConfig {
  /** The market's snapshot endpoint and sync rule; default the spot family's. */
  readonly market: BinanceDepthMarket;
  /** The diff-depth channel: `depth@100ms` (default) or `depth` (1000 ms). */
  readonly channel: 'depth@100ms' | 'depth';
  /**
   * Levels per side of each REST snapshot, 1 to 5000; its weight is 5 up to 100, 25 up to 500, 50 up to
   * 1000, 250 above. Default 1000. While more snapshots wait than a minute of the venue's weight
   * buys at this depth (many books starting at once), snapshots take 100 levels (weight 5) instead,
   * so that every first book comes within minutes rather than an hour; 100 levels hold the published
   * top 20 and the depth bands near the mid.
   */
  readonly snapshotLimit: number;
  /** Time a snapshot request may take, ms. Default 10 000. */
  readonly snapshotTimeoutMs: number;
  /** The venue's REST weight budget and back-off (one pacer per venue, shared by its connections). */
  readonly pacer: Partial<RestWeightPacerConfig>;
  /** Published levels, kept levels and the pre-snapshot buffer; the rule follows the venue. */
  readonly book: Partial<Omit<BinanceBookSequencerConfig, 'rule'>>;
  /** The HTTP client; default the global `fetch`. */
  readonly fetch?: typeof fetch;
  /**
   * The venue's REST pacer, shared with everything else that calls its REST API (the instrument
   * catalog, the repair): the venues count weight per IP. Without one, the plan makes its own per
   * venue (`pacer` settings).
   */
  readonly restPacer?: RestWeightPacer;
}

export const DEFAULT_BINANCE_BOOK_PLAN_CONFIG = {
  market: BINANCE_SPOT_DEPTH,
  channel: 'depth@100ms',
  snapshotLimit: 1000,
  snapshotTimeoutMs: 10_000,
  pacer: {},
  book: {},
} as const satisfies BinanceBookPlanConfig;

/**
 * Binance-family depth: `<sym>@depth@100ms` deltas kept in sync with paced `GET /api/v3/depth`
 * snapshots (Binance US by its older rule; another market's endpoint and rule with `market`) from the
 * context's `restUrl`; without one (replay, `normalize`) nothing is fetched and no book goes live. Without a `restPacer`, the plan owns one
 * REST pacer per venue, shared by the connections it serves.
 */
export function binanceBookPlan(config: Partial<BinanceBookPlanConfig> = {}): BookPlan<BinanceFrame> {
  const settings: BinanceBookPlanConfig = { ...DEFAULT_BINANCE_BOOK_PLAN_CONFIG, ...config };
  const pacers = new Map<ExchangeId, RestWeightPacer>();
  return {
    channel: settings.channel,
    updates: (frame, receivedTs) => (frame.kind === 'depth' ? [mapBinanceDepthFrame(frame, receivedTs)] : []),
    refusedSymbols: (text) => binanceDepthSymbolsOf(text, settings.channel),
    sync: (context) => {
      const { exchange, restUrl, scheduler, logger } = context;
      const pacer = settings.restPacer ?? pacers.get(exchange) ?? restWeightPacer(scheduler, settings.pacer);
      pacers.set(exchange, pacer);
      if (restUrl === undefined) logger.warn({ exchange }, 'no REST URL for depth snapshots: books stay empty');
      const { snapshotTimeoutMs: timeoutMs, fetch: send, market } = settings;
      const request = (symbol: string, url: string, limit: number) =>
        fetchBinanceDepth({
          restUrl: url,
          symbol,
          limit,
          path: market.path,
          timeoutMs,
          scheduler,
          onUsedWeight: (used) => pacer.noteUsedWeight(used),
          ...(send === undefined ? {} : { fetch: send }),
        });
      const snapshot = (symbol: string) => {
        if (restUrl === undefined) return EMPTY;
        const limit = snapshotDepth(settings.snapshotLimit, pacer, market.weight);
        return pacer
          .request(market.weight(limit), () => request(symbol, restUrl, limit))
          .pipe(map((body) => mapBinanceDepthSnapshot(symbol, body, scheduler.now())));
      };
      return binanceBookSync({ ...settings.book, rule: market.rule(exchange), scheduler, logger, snapshot });
    },
  };
}

/**
 * The symbols of a refused diff-depth frame, read leniently from its text: a combined stream's
 * `sym@<channel>` (upper-cased, as the venue's symbols are), and a `depthUpdate` event's `s`.
 */
export function binanceDepthSymbolsOf(text: string, channel: string): readonly string[] {
  const suffix = `@${channel}`;
  const symbols = stringValues(text, 'stream').flatMap((stream) => {
    const symbol = stream.slice(0, -suffix.length);
    return stream.endsWith(suffix) && symbol !== '' && !symbol.includes('@') ? [symbol.toUpperCase()] : [];
  });
  if (stringValues(text, 'e').includes('depthUpdate')) for (const s of stringValues(text, 's')) symbols.push(s.toUpperCase());
  return [...new Set(symbols)];
}

/** Levels of a light snapshot (weight 5), taken while the venue's weight is short. */
export const LIGHT_SNAPSHOT_LIMIT = 100;

/**
 * The configured depth, or 100 levels while the snapshots waiting would take more than a minute of the
 * venue's weight at that depth (`weight`: the market's cost of a snapshot by levels, spot's by default).
 */
export function snapshotDepth(
  limit: number,
  pacer: Pick<RestWeightPacer, 'waiting' | 'weightPerMinute'>,
  weight: (limit: number) => number = binanceDepthWeight,
): number {
  if (limit <= LIGHT_SNAPSHOT_LIMIT) return limit;
  return pacer.waiting().weight + weight(limit) > pacer.weightPerMinute ? LIGHT_SNAPSHOT_LIMIT : limit;
}
