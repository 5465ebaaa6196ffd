import { Observable } from 'rxjs';
import type { TradeEvent } from '../model/index.js';
import { lastTradeIdsOf, type GapHandover } from '../operators/index.js';
import type { AcceptedTrade } from '../sink/last-trade-ids.js';
import type { ShardMove } from './shard-hand-overs.js';
import { shardOf } from './shard-of.js';

/** Where {@link gapHandovers} learns of moves and reads the previous owners' last trade ids. */
export interface GapHandoversOptions {
  /** The shards assigned, taken and given up here (`ShardHandOvers.moves$`). */
  readonly moves$: Observable<ShardMove>;
  /** Shards of the cluster. */
  readonly shards: number;
  /**
   * Reads the last trades published of those `accept` takes (`readLastTrades`); never rejects (a
   * failed read gives what it could, and says why in the log). Default: no seeds.
   */
  readonly readLastTrades?: (accept: (trade: AcceptedTrade) => boolean) => Promise<readonly TradeEvent[]>;
}

/**
 * What gap detection is told as this instance's shards change: each shard assigned or given up is
 * `moved` at once (its instruments' last ids forgotten). When a taken shard is served, it is
 * `seed`ed with where the previous owner stopped: the last trades its release named (exact), or,
 * when it released none (killed, timed out), the last trades read back from the trades topic (ids
 * for the venues of consecutive ids, the trades themselves for those whose holes are known by time),
 * received before that moment (this instance's own trades of it come later; the previous owner's
 * published after it are not counted, so a gap may be named wider than it is, never narrower).
 * One read at a time: shards taken while one runs are read together by the next.
 */
export function gapHandovers(options: GapHandoversOptions): Observable<GapHandover> {
  const inShards = (taken: ReadonlyMap<number, number> | ReadonlySet<number>) => (instrument: string): boolean => taken.has(shardOf(instrument, options.shards));
  return new Observable<GapHandover>((subscriber) => {
    /** Shards taken and not read yet, with the moment each was taken. */
    const pending = new Map<number, number>();
    let reading = false;
    const read = async (readLastTrades: NonNullable<GapHandoversOptions['readLastTrades']>): Promise<void> => {
      reading = true;
      while (pending.size > 0 && !subscriber.closed) {
        const taken = new Map(pending);
        pending.clear();
        const lastTrades = await readLastTrades((trade) => {
          const at = taken.get(shardOf(`${trade.coin}-${trade.quote}`, options.shards));
          return at !== undefined && trade.receivedTs < at;
        }).catch((): readonly TradeEvent[] => []);
        subscriber.next({ kind: 'seed', instruments: inShards(taken), lastIds: lastTradeIdsOf(lastTrades), lastTrades });
      }
      reading = false;
    };
    return options.moves$.subscribe({
      next: (move) => {
        const shard = new Set([move.shard]);
        if (move.kind === 'moved') {
          pending.delete(move.shard);
          subscriber.next({ kind: 'moved', instruments: inShards(shard) });
        } else if (move.last !== undefined) {
          subscriber.next({ kind: 'seed', instruments: inShards(shard), lastIds: lastTradeIdsOf(move.last) });
        } else if (options.readLastTrades !== undefined) {
          pending.set(move.shard, move.at);
          if (!reading) void read(options.readLastTrades);
        }
      },
      error: (error: unknown) => subscriber.error(error),
      complete: () => subscriber.complete(),
    });
  });
}
