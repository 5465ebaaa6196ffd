/**
 * Events in the last `windowMs`, for the venues' rate limits (messages per second per connection,
 * connection attempts per 5 minutes per IP, REST requests per 5 s per IP). Keeps at most `cap`
 * times: past the limit only "over it" matters.
 */
export class SlidingWindow {
  private readonly times: number[] = [];
  private start = 0;

  constructor(
    readonly windowMs: number,
    private readonly cap = Number.POSITIVE_INFINITY,
  ) {}

  /** Counts an event at `now`; returns how many fall in the window ending at `now`, this one included. */
  record(now: number): number {
    this.prune(now);
    if (this.count(now) < this.cap) this.times.push(now);
    else {
      // Full: the oldest gives way, so the window keeps describing the latest events.
      this.start += 1;
      this.times.push(now);
    }
    return this.times.length - this.start;
  }

  /** Events in the window ending at `now`. */
  count(now: number): number {
    this.prune(now);
    return this.times.length - this.start;
  }

  clear(): void {
    this.times.length = 0;
    this.start = 0;
  }

  private prune(now: number): void {
    const from = now - this.windowMs;
    while (this.start < this.times.length && (this.times[this.start] as number) <= from) this.start += 1;
    if (this.start > 64 && this.start * 2 > this.times.length) {
      this.times.splice(0, this.start);
      this.start = 0;
    }
  }
}
