import { Observable } from 'rxjs';
import type { FeedStatus } from '../model/index.js';
import type { GapHandover, LastTradeId } from '../operators/index.js';
import type { AcceptedTrade } from '../sink/last-trade-ids.js';
import { shardOf } from './shard-of.js';

/** Where {@link gapHandovers} learns of moves and reads the previous owners' last trade ids. */
export interface GapHandoversOptions {
  /** The instance's `shard_assigned` and `shard_revoked` statuses, as the group decides. */
  readonly statuses$: Observable<FeedStatus>;
  /** Shards of the cluster. */
  readonly shards: number;
  /**
   * Reads the last trade ids published of the trades `accept` takes (`readLastTradeIds`); never
   * rejects (a failed read gives what it could, and says why in the log). Default: no seeds.
   */
  readonly readLastIds?: (accept: (trade: AcceptedTrade) => boolean) => Promise<readonly LastTradeId[]>;
  /** Clock of the moment a shard is taken. Default `Date.now`. */
  readonly clock?: () => number;
}

/**
 * What gap detection is told as this instance's shards change: each shard taken or given up is
 * `moved` at once (its instruments' last ids forgotten), and the shards taken are then `seed`ed
 * with the last ids read back from the trades topic, counting only trades received before the
 * shard was taken (this instance's own trades of it come later; the previous owner's trades
 * published after that moment are not counted, so a gap may be named wider than it is, never
 * narrower). One read at a time: shards taken while one runs are read together by the next.
 */
export function gapHandovers(options: GapHandoversOptions): Observable<GapHandover> {
  const clock = options.clock ?? Date.now;
  const inShards = (taken: ReadonlyMap<number, number> | ReadonlySet<number>) => (instrument: string): boolean => taken.has(shardOf(instrument, options.shards));
  return new Observable<GapHandover>((subscriber) => {
    /** Shards taken and not read yet, with the moment each was taken. */
    const pending = new Map<number, number>();
    let reading = false;
    const read = async (readLastIds: NonNullable<GapHandoversOptions['readLastIds']>): Promise<void> => {
      reading = true;
      while (pending.size > 0 && !subscriber.closed) {
        const taken = new Map(pending);
        pending.clear();
        const lastIds = await readLastIds((trade) => {
          const at = taken.get(shardOf(`${trade.coin}-${trade.quote}`, options.shards));
          return at !== undefined && trade.receivedTs < at;
        }).catch((): readonly LastTradeId[] => []);
        subscriber.next({ kind: 'seed', instruments: inShards(taken), lastIds });
      }
      reading = false;
    };
    return options.statuses$.subscribe({
      next: (status) => {
        const shard = status.clusterShard;
        if (shard === undefined || (status.state !== 'shard_assigned' && status.state !== 'shard_revoked')) return;
        subscriber.next({ kind: 'moved', instruments: inShards(new Set([shard])) });
        if (status.state === 'shard_revoked') pending.delete(shard);
        else if (options.readLastIds !== undefined) {
          pending.set(shard, clock());
          if (!reading) void read(options.readLastIds);
        }
      },
      error: (error: unknown) => subscriber.error(error),
      complete: () => subscriber.complete(),
    });
  });
}
