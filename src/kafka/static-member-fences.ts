/**
 * What a static group member (`group.instance.id`) does when its group fences it out: rejoin or stop.
 *
 * The broker fences a static member whose member id is no longer the one it holds for the member's
 * instance id. Two things do that. Another process joined with the same instance id (a deployment
 * error: the newer one is meant to win). Or this member's own join changed its member id and the
 * answer never reached it, so its next heartbeat or commit carries the old id: a coordinator that
 * restarted or moved while answering, which a broker bounce causes (librdkafka#3437,
 * confluent-kafka-go#494). The first must stop; the second only needs a fresh join.
 *
 * A fence is taken as the second kind, and the member rejoins, unless it was fenced already within
 * `windowMs` of its last rejoin. Two processes with one instance id fence each other in turn, each at
 * the other's next heartbeat or commit, so the second fence within the window says another process
 * holds the id: this member stops and says so, and the other keeps the id.
 */
export class StaticMemberFences {
  private rejoinedAt: number | undefined;
  private count = 0;

  constructor(
    /** A second fence within this long of the last rejoin stops the member, ms. */
    readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** The window a member with this session timeout needs: the other process's rejoin and its fence of this one fit in it many times over. */
  static windowFor(sessionTimeoutMs: number): number {
    return Math.max(60_000, 2 * sessionTimeoutMs);
  }

  /** A fence now: `rejoin` (counted) or `stop` (fenced again within the window of the last rejoin). */
  judge(): 'rejoin' | 'stop' {
    const now = this.now();
    if (this.rejoinedAt !== undefined && now - this.rejoinedAt < this.windowMs) return 'stop';
    this.rejoinedAt = now;
    this.count++;
    return 'rejoin';
  }

  /** How many times the member rejoined after a fence. */
  get rejoins(): number {
    return this.count;
  }
}
