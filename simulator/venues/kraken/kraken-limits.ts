import type { SimRestLimit } from '../../sim-rest-handler.js';
import type { VenueLimits } from '../../venue-limits.js';

/** A token bucket: `burst` calls at once, refilled at `perSecond`. */
export interface TokenBucketLimit {
  readonly burst: number;
  readonly perSecond: number;
}

/**
 * Kraken's limits as the simulator enforces them: the shared {@link VenueLimits} (none of them by
 * default) and two of Kraken's own, to be added to `VenueLimits` by the wiring.
 */
export interface KrakenVenueLimits extends VenueLimits {
  /** Requests (subscribe, unsubscribe, ping, anything sent) per connection; past it `{"error":"Exceeded msg rate"}`, the connection kept. */
  readonly wsRequestRate?: TokenBucketLimit;
  /** Public REST calls per IP (`Trades`: per IP and pair); past it HTTP 200 `{"error":["EGeneral:Too many requests"]}`. */
  readonly restPublicRate?: TokenBucketLimit;
}

/**
 * Kraken Spot (research-notes/kraken.md §1, §5). Nothing here is documented as a number by Kraken:
 * - WebSocket requests: "dynamic and varies depending on system load" (Kraken's rate-limit guide,
 *   quoted by nautilus_trader). Kraken support relayed "20 messages / second … over one connection"
 *   (knowm/XChange#3733, v1), and a client that fired 25 subscribes at once got 15 acks and
 *   "Exceeded msg rate" for the rest (bitrich-info/xchange-stream#502, v1): a bucket of 15 refilled
 *   at 20 a second fits both.
 * - Public REST: "a frequency of 1 per second (or less) would remain within the rate limits … additional
 *   calls would be restricted for a few seconds (or possibly longer if calls continue)" (Kraken support
 *   article 206548367), by IP, and by IP and pair for Trades; 15 calls at once, as the older docs'
 *   "15 requests per 45 seconds" counter allowed (crypto-rest-client docs).
 * - Symbols per connection and connection attempts per IP: not documented for v2 public channels
 *   (only level3's "200 symbols per connection"), so not enforced.
 */
export const DEFAULT_KRAKEN_LIMITS: KrakenVenueLimits = {
  wsRequestRate: { burst: 15, perSecond: 20 },
  restPublicRate: { burst: 15, perSecond: 1 },
};

/**
 * A token bucket for one connection or one IP. A refused call takes a token too when `penalty` is
 * set, down to `-burst`, so that calls made while refused lengthen the wait (Kraken's public REST:
 * "possibly longer if calls continue to be made while the rate limits are active").
 */
export class TokenBucket {
  private tokens: number;
  private at: number;

  constructor(
    private readonly limit: TokenBucketLimit,
    now: number,
  ) {
    this.tokens = limit.burst;
    this.at = now;
  }

  /** Takes a token at `now`; false when none is left. */
  take(now: number, penalty = false): boolean {
    this.refill(now);
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return true;
    }
    if (penalty) this.tokens = Math.max(-this.limit.burst, this.tokens - 1);
    return false;
  }

  /** Tokens left at `now` (negative while a penalty runs). */
  level(now: number): number {
    this.refill(now);
    return this.tokens;
  }

  private refill(now: number): void {
    if (now > this.at) this.tokens = Math.min(this.limit.burst, this.tokens + ((now - this.at) / 1000) * this.limit.perSecond);
    this.at = Math.max(this.at, now);
  }
}

/** Kraken's public REST limit: a bucket per key (an IP; `Trades`: an IP and pair), each refused call lengthening the key's wait. */
export class KrakenRestBuckets implements SimRestLimit {
  private readonly buckets = new Map<string, TokenBucket>();

  /** Takes a call from `key`'s bucket at `now`; true when `limit` lets it through (none: always). */
  admit(key: string, now: number, limit: TokenBucketLimit | undefined): boolean {
    if (limit === undefined) return true;
    let bucket = this.buckets.get(key);
    if (bucket === undefined) this.buckets.set(key, (bucket = new TokenBucket(limit, now)));
    return bucket.take(now, true);
  }

  clear(): void {
    this.buckets.clear();
  }
}
