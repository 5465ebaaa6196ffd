export interface RequestWeightLimiterConfig {
  /** Weight allowed per clock minute (Binance `REQUEST_WEIGHT` 1 MINUTE). Default 6000. */
  readonly limitPerMinute: number;
  /** Requests sent while a 429's `Retry-After` is still running before the client is banned (418). Default 3. */
  readonly banAfterViolations: number;
  /** How long a ban lasts, ms (Binance: from 2 minutes up to 3 days). Default 120 000. */
  readonly banMs: number;
}

export const DEFAULT_REQUEST_WEIGHT_LIMITER_CONFIG: RequestWeightLimiterConfig = { limitPerMinute: 6000, banAfterViolations: 3, banMs: 120_000 };

/** Whether a request may run: its weight is counted; or 429/418 with the seconds to wait. */
export type WeightVerdict =
  | { readonly ok: true; readonly usedWeight: number }
  | { readonly ok: false; readonly status: 429 | 418; readonly retryAfterS: number; readonly usedWeight: number; readonly bannedUntil?: number };

/**
 * Binance's REST weight rule for one client: each request's weight is added to the current clock
 * minute's total; a request that would pass the limit is refused with 429 and `Retry-After` (seconds
 * to the next minute) and costs nothing; requests sent during that wait are violations, and
 * `banAfterViolations` of them ban the client (418) for `banMs`. Time comes from the caller.
 */
export class RequestWeightLimiter {
  private readonly config: RequestWeightLimiterConfig;
  private minute = -1;
  private used = 0;
  private retryUntil = 0;
  private violations = 0;
  private bannedUntil = 0;
  /** Forced refusals left (fault injection). */
  private forced429 = 0;

  constructor(config: Partial<RequestWeightLimiterConfig> = {}) {
    this.config = { ...DEFAULT_REQUEST_WEIGHT_LIMITER_CONFIG, ...config };
  }

  /** Weight allowed per minute. */
  get limitPerMinute(): number {
    return this.config.limitPerMinute;
  }

  /** The weight used in the current minute. */
  usedWeight(now: number): number {
    this.roll(now);
    return this.used;
  }

  /** Answers the next `count` requests with 429 whatever their weight (`Retry-After: 1`). */
  throttleNext(count: number): void {
    this.forced429 = count;
  }

  /** Bans the client now for `ms`. */
  ban(now: number, ms: number): void {
    this.bannedUntil = now + ms;
  }

  /** Lifts bans, throttles and violations (the minute's weight stays). */
  clear(): void {
    Object.assign(this, { retryUntil: 0, violations: 0, bannedUntil: 0, forced429: 0 });
  }

  admit(weight: number, now: number): WeightVerdict {
    this.roll(now);
    if (now < this.bannedUntil) return this.refuse(418, this.bannedUntil - now, { bannedUntil: this.bannedUntil });
    if (now >= this.retryUntil) this.violations = 0;
    if (now < this.retryUntil) {
      this.violations += 1;
      if (this.violations >= this.config.banAfterViolations) {
        this.violations = 0;
        this.retryUntil = 0;
        this.bannedUntil = now + this.config.banMs;
        return this.refuse(418, this.config.banMs, { bannedUntil: this.bannedUntil });
      }
      return this.refuse(429, this.retryUntil - now);
    }
    if (this.forced429 > 0) {
      this.forced429 -= 1;
      return this.refuse(429, 1000);
    }
    if (this.used + weight > this.config.limitPerMinute) {
      this.retryUntil = (this.minute + 1) * 60_000;
      return this.refuse(429, this.retryUntil - now);
    }
    this.used += weight;
    return { ok: true, usedWeight: this.used };
  }

  private refuse(status: 429 | 418, waitMs: number, extra: { readonly bannedUntil?: number } = {}): WeightVerdict {
    return { ok: false, status, retryAfterS: Math.max(1, Math.ceil(waitMs / 1000)), usedWeight: this.used, ...extra };
  }

  private roll(now: number): void {
    const minute = Math.floor(now / 60_000);
    if (minute === this.minute) return;
    this.minute = minute;
    this.used = 0;
  }
}
