import type { SchedulerLike } from 'rxjs';
import type { ExchangeId, TradeEvent } from '../model/index.js';

/** A shard served as nobody's: when this instance began, the first trade it published of each of the shard's venues, and when it was wholly subscribed. */
export interface Nobodys {
  readonly since: number;
  readonly first: Map<ExchangeId, TradeEvent>;
  /** How many venues the shard's instruments are on: a first trade of each is kept. */
  readonly venues: number;
  subscribedAt?: number;
}

/** What {@link NobodysShards} needs: a clock, the shard of a trade, and whether an instance left the cluster without a word. */
export interface NobodysShardsOptions {
  readonly scheduler: SchedulerLike;
  readonly shardOf: (trade: TradeEvent) => number;
  /** Whether `instance` is no member of the group and every record of `shard` written so far is read; absent: a cluster that cannot tell. */
  readonly isGone?: (instance: string, shard: number) => Promise<boolean>;
  /** How long between two asks of `isGone`, ms. */
  readonly checkDelayMs: number;
}

/**
 * Shards served here as nobody's (a first start; another instance may still serve them, unheard of),
 * with when this instance began and the first trade it published of each venue: a release that
 * follows is continuous only if its giver's trades reach those (`ShardHandOvers`' `releasedLate`).
 * Once each such shard has a first trade of every venue, a trade costs one comparison here.
 */
export class NobodysShards {
  private readonly served = new Map<number, Nobodys>();
  /** Those another instance said it serves too, watched for it leaving without a word. */
  private readonly watched = new WeakSet<Nobodys>();
  /** How many of `served` still lack a first trade of one of their venues. */
  private lacking = 0;

  constructor(private readonly options: NobodysShardsOptions) {}

  /** `shard` is served as nobody's from `since`; `subscribed`: its instruments are all subscribed already. */
  serve(shard: number, since: number, venues: number, subscribed: boolean): void {
    this.forget(shard);
    this.served.set(shard, { since, first: new Map(), venues, ...(subscribed ? { subscribedAt: since } : {}) });
    if (venues > 0) this.lacking++;
  }

  of(shard: number): Nobodys | undefined {
    return this.served.get(shard);
  }

  /** `shard` is no longer served as nobody's (released to it, given up); what it was, if it was. */
  forget(shard: number): Nobodys | undefined {
    const nobodys = this.served.get(shard);
    if (nobodys === undefined) return undefined;
    this.served.delete(shard);
    if (nobodys.first.size < nobodys.venues) this.lacking--;
    return nobodys;
  }

  /** A trade published: the first of its venue for a shard served as nobody's is kept. */
  published(trade: TradeEvent): void {
    if (this.lacking === 0) return;
    const nobodys = this.served.get(this.options.shardOf(trade));
    if (nobodys === undefined || nobodys.first.has(trade.exchange) || nobodys.first.size >= nobodys.venues) return;
    nobodys.first.set(trade.exchange, trade);
    if (nobodys.first.size === nobodys.venues) this.lacking--;
  }

  /** Every instrument of `shard` is subscribed, at `at`. */
  subscribed(shard: number, at: number): void {
    const nobodys = this.served.get(shard);
    if (nobodys !== undefined) nobodys.subscribedAt = at;
  }

  /**
   * Another instance (`from`) says it serves `shard` too, which this one serves as nobody's: its
   * word read late. Alive, it stops once it hears of this one, and says where. Gone without that
   * word (killed before it heard of this one), `gone` is told, the shard forgotten: asked each
   * `checkDelayMs` until one or the other (a failed ask is asked again). One watch per shard served.
   */
  servedToo(shard: number, from: string, gone: (nobodys: Nobodys) => void): void {
    const { isGone, scheduler, checkDelayMs } = this.options;
    const nobodys = this.served.get(shard);
    if (isGone === undefined || nobodys === undefined || this.watched.has(nobodys)) return;
    this.watched.add(nobodys);
    const watching = (): boolean => this.served.get(shard) === nobodys;
    const check = (): void => {
      scheduler.schedule(() => {
        if (!watching()) return;
        void isGone(from, shard).then(
          (left) => {
            if (!watching()) return;
            if (!left) {
              check();
              return;
            }
            this.forget(shard);
            gone(nobodys);
          },
          () => check(),
        );
      }, checkDelayMs);
    };
    check();
  }
}
