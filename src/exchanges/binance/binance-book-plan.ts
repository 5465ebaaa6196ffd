import { map } from 'rxjs';
import type { ExchangeId } from '../../model/index.js';
import type { BookPlan } from '../book-sync.js';
import type { BinanceBookSequencerConfig } from './binance-book-sequencer.js';
import { mapBinanceDepthFrame, mapBinanceDepthSnapshot } from './binance-book-mappers.js';
import { binanceBookSync } from './binance-book-sync.js';
import { binanceDepthWeight, fetchBinanceDepth } from './binance-depth-client.js';
import type { BinanceFrame } from './binance-frames.js';
import { restWeightPacer, type RestWeightPacer, type RestWeightPacerConfig } from './rest-weight-pacer.js';

export const BINANCE_REST_URL = 'https://api.binance.com';
export const BINANCE_US_REST_URL = 'https://api.binance.us';
export const BINANCE_TESTNET_REST_URL = 'https://testnet.binance.vision';

/** REST base URL per venue, used when the sync context brings none. */
export const DEFAULT_BINANCE_REST_URLS: Readonly<Partial<Record<ExchangeId, string>>> = {
  binance: BINANCE_REST_URL,
  binance_us: BINANCE_US_REST_URL,
  binance_testnet: BINANCE_TESTNET_REST_URL,
};

export interface BinanceBookPlanConfig {
  /** The diff-depth channel: `depth@100ms` (default) or `depth` (1000 ms). */
  readonly channel: 'depth@100ms' | 'depth';
  /** Levels per side of each REST snapshot, 1 to 5000; its weight is 5 up to 100, 50 up to 1000, 250 above. Default 1000. */
  readonly snapshotLimit: number;
  /** Time a snapshot request may take, ms. Default 10 000. */
  readonly snapshotTimeoutMs: number;
  /** The venue's REST weight budget and back-off (one pacer per venue, shared by its connections). */
  readonly pacer: Partial<RestWeightPacerConfig>;
  /** Published levels, kept levels and the pre-snapshot buffer; the rule follows the venue. */
  readonly book: Partial<Omit<BinanceBookSequencerConfig, 'rule'>>;
  /** The HTTP client; default the global `fetch`. */
  readonly fetch?: typeof fetch;
}

export const DEFAULT_BINANCE_BOOK_PLAN_CONFIG = { channel: 'depth@100ms', snapshotLimit: 1000, snapshotTimeoutMs: 10_000, pacer: {}, book: {} } as const satisfies BinanceBookPlanConfig;

/**
 * Binance-family depth: `<sym>@depth@100ms` deltas kept in sync with paced `GET /api/v3/depth`
 * snapshots (Binance US by its older rule). The plan owns one REST pacer per venue, so create one
 * plan per process and share it between that venue's connections.
 */
export function binanceBookPlan(config: Partial<BinanceBookPlanConfig> = {}): BookPlan<BinanceFrame> {
  const settings: BinanceBookPlanConfig = { ...DEFAULT_BINANCE_BOOK_PLAN_CONFIG, ...config };
  const pacers = new Map<ExchangeId, RestWeightPacer>();
  return {
    channel: settings.channel,
    updates: (frame, receivedTs) => (frame.kind === 'depth' ? [mapBinanceDepthFrame(frame, receivedTs)] : []),
    sync: (context) => {
      const pacer = pacers.get(context.exchange) ?? restWeightPacer(context.scheduler, settings.pacer);
      pacers.set(context.exchange, pacer);
      const restUrl = context.restUrl ?? DEFAULT_BINANCE_REST_URLS[context.exchange] ?? BINANCE_REST_URL;
      const { snapshotLimit: limit, snapshotTimeoutMs: timeoutMs } = settings;
      return binanceBookSync({
        ...settings.book,
        rule: context.exchange === 'binance_us' ? 'us' : 'current',
        scheduler: context.scheduler,
        logger: context.logger,
        snapshot: (symbol) =>
          pacer
            .request(binanceDepthWeight(limit), () => fetchBinanceDepth({
              restUrl, symbol, limit, timeoutMs, scheduler: context.scheduler, onUsedWeight: (used) => pacer.noteUsedWeight(used),
              ...(settings.fetch === undefined ? {} : { fetch: settings.fetch }),
            }))
            .pipe(map((snapshot) => mapBinanceDepthSnapshot(symbol, snapshot, context.scheduler.now()))),
      });
    },
  };
}
