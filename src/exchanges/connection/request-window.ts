/**
 * Requests counted over a rolling window, as a venue counts a connection's messages: at most `max`
 * were sent in any `windowMs`. Only the sends that can still block the next one are kept.
 */
export class RequestWindow {
  private readonly sentAt: number[] = [];

  constructor(
    private readonly max: number,
    private readonly windowMs: number,
  ) {}

  /** How long from `now` until one more request fits, ms; 0 when it fits now. */
  waitMs(now: number): number {
    const oldest = this.sentAt.length < this.max ? undefined : this.sentAt[this.sentAt.length - this.max];
    return oldest === undefined ? 0 : Math.max(0, oldest + this.windowMs - now);
  }

  /** Counts a request sent at `now`. */
  record(now: number): void {
    this.sentAt.push(now);
    if (this.sentAt.length > this.max) this.sentAt.shift();
  }
}
