import type { EpochMillis, ExchangeId } from './market-record.js';

export const FEED_STATES = [
  'connecting',
  'connected',
  'subscribed',
  'feed_stale',
  'feed_recovered',
  'retry_scheduled',
  'retries_exhausted',
  'failover',
  'switch_back',
  'all_sources_down',
  'disconnected',
  'geo_blocked',
  'gap',
  'duplicate_dropped',
  'book_resync',
  'unknown',
  /** A venue's closed candle disagrees with our own window of its trades (the reason names the fields and by how much). */
  'data_mismatch',
  /** A venue's instrument list was read (the reason: how many instruments, entries skipped). */
  'catalog_ready',
  /** A venue's list could not be read or was not believed (failed, timed out, rate limited, empty, most instruments gone at once): its last good list stays in force. */
  'catalog_stale',
  /** A venue's list is read again after `catalog_stale`. */
  'catalog_recovered',
  /** An instrument appeared in a venue's list (`symbol`), or trades again (`resumed`), or stopped trading (`halted`), or left it (`delisted`). */
  'listed',
  'delisted',
  'halted',
  'resumed',
  /** An instrument the pipeline cannot serve (no connection of a venue can hold its topics); the reason says which and why. */
  'unserved',
  /** An instance of a cluster took (`shard_assigned`) or gave up (`shard_revoked`) a cluster shard (`clusterShard`); the reason says when it was lost: the group ended the instance's membership (a session run out, a fence) before it was released. */
  'shard_assigned',
  'shard_revoked',
  /**
   * After a `gap`: the missing trades were fetched from the venue's trade history and published
   * (`source: repair`; the reason says how many), or could not be (the reason says why: the REST
   * budget, the venue's history not reaching back, a venue error, an answer refused). The answer
   * names its gap as the gap did: the same `symbol` and `missingFrom`..`missingTo`; a gap whose first
   * id was not known, by the same `missingTo` and `lastEventTs`, with the `missingFrom` the venue's
   * history gave once it did; a gap by time, by the same `lastEventTs`.
   */
  'gap_repaired',
  'gap_unrepaired',
  /**
   * A connection's subscribe or unsubscribe request waits for the venue's hourly cap of requests on a
   * connection (Bitget 240, OKX 480): it is sent once the cap allows, never dropped; the reason says when.
   */
  'subscribe_delayed',
  /**
   * An instance of a cluster became (`shard_standby`) or stopped being (`shard_standby_stopped`) the
   * standby of a cluster shard (`clusterShard`) another instance owns (`--cluster-standbys 1`): it
   * subscribes the shard's instruments and holds their trades, publishing nothing; the reason names
   * the owner, or why it stopped (another standby chosen, the shard taken over or given to it).
   */
  'shard_standby',
  'shard_standby_stopped',
] as const;
/** What happened to a feed. `unknown` is what older readers see for a state added later. */
export type FeedState = (typeof FEED_STATES)[number];

/** Health as data: one record per decision about a feed. */
export interface FeedStatus {
  readonly type: 'feed_status';
  readonly exchange: ExchangeId;
  /**
   * The venue symbol concerned (set on `gap`, `book_resync`, a symbol's `feed_stale`). Absent, the
   * status is about its `instruments` when it names them, else about the whole feed. Ask
   * `statusAffects` (src/operators/status-scope.ts) rather than reading these three fields.
   */
  readonly symbol?: string;
  /** The connection shard the status is about (a socket, its retries, staleness and failover), e.g. `s3`. */
  readonly shard?: string;
  /** With `shard`: the canonical instruments (`BTC-USDT`) it serves; only they are affected. */
  readonly instruments?: readonly string[];
  readonly state: FeedState;
  /** Human-readable reason, e.g. the close code or the error message. */
  readonly reason: string;
  /** The venue the pipeline is reading from when this was emitted. */
  readonly activeExchange?: ExchangeId;
  /** For failover and switch-back: the venue left and the venue taken. */
  readonly fromExchange?: ExchangeId;
  readonly toExchange?: ExchangeId;
  /** How long the feed had been silent (on `feed_stale` and `feed_recovered`). */
  readonly staleForMs?: number;
  /** Exchange time of the last data before this status; on `listed`, when the venue's previous list (without it) was read. */
  readonly lastEventTs?: EpochMillis;
  /** For `retry_scheduled`: the attempt number (1-based) and the delay before it. */
  readonly attempt?: number;
  readonly delayMs?: number;
  /** For `gap`: the first and last missing trade id, inclusive. */
  readonly missingFrom?: number;
  readonly missingTo?: number;
  readonly connectionId?: string;
  /** When the status was decided (local clock). */
  readonly ts: EpochMillis;
  /** The cluster instance that sent it (`run --cluster`): its `--instance-id`, else host-pid. */
  readonly instanceId?: string;
  /** For `shard_assigned`, `shard_revoked`, `shard_standby` and `shard_standby_stopped`: the cluster shard (a partition of the control topic). */
  readonly clusterShard?: number;
}
