import { Observable } from 'rxjs';
import { instrumentOf, type TradeEvent } from '../model/index.js';
import { lastTradeIdsOf, SINCE_MARGIN_MS, type GapHandover, type PublishedTrade } from '../operators/index.js';
import type { AcceptedTrade } from '../sink/last-trade-ids.js';
import { tradeKeyOf } from './hand-over-cuts.js';
import type { HandOverTrade } from './hand-over-records.js';
import type { ShardMove } from './shard-hand-over-states.js';
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
 * `seed`ed with where the previous owner stopped:
 * - it stopped only once this instance was subscribed (`continuous`): the last ids its release named
 *   (a venue of consecutive ids still shows any hole); nothing is looked for by time;
 * - it stopped first (its planned stop's deadline, nobody to hand over to) or said nothing (killed):
 *   the last trades read back from the trades topic (ids for the venues of consecutive ids, the trades
 *   themselves for those whose holes are known by time), received before that moment (this instance's
 *   own trades of it come later; the previous owner's published after it are not counted, so a gap may
 *   be named wider than it is, never narrower), each replaced by the one its release named, when it
 *   named one (exact). Symbols of which this instance held a trade up to the release's cut
 *   (`overlapped`) are not looked for by time: the two overlapped there;
 * - it stopped once this instance was subscribed, but had itself taken the shard without a word and
 *   not yet found the hole of some instruments (`open`): those are looked for as above, the others not.
 *   A symbol with nothing published (its first trade came during the takeover) has its hole named from
 *   its previous owner's last trade published of any shard taken from it (read so far), less
 *   {@link SINCE_MARGIN_MS} (`since`): a killed instance's shards are taken within moments of each
 *   other. When none of them had anything published, no such hole is named.
 * A shard nobody was known to serve (`continuous` without `last`: a first start) is seeded with nothing.
 * One read at a time: shards taken while one runs are read together by the next.
 */
export function gapHandovers(options: GapHandoversOptions): Observable<GapHandover> {
  const inShards =
    (taken: ReadonlyMap<number, unknown> | ReadonlySet<number>) =>
    (instrument: string): boolean =>
      taken.has(shardOf(instrument, options.shards));
  return new Observable<GapHandover>((subscriber) => {
    /** Per previous owner (or shard, when none is known), the newest exchange time of what it published, over every read of shards taken from it. */
    const lastPublished = new Map<string, number>();
    /**
     * Shards taken and not read yet, with the moment each was taken, from whom, what its release said,
     * and the instruments whose hole is looked for (all, when undefined).
     */
    const pending = new Map<
      number,
      {
        readonly at: number;
        readonly from: string | undefined;
        readonly last: readonly HandOverTrade[];
        readonly overlapped: ReadonlySet<string>;
        readonly lookFor?: ReadonlySet<string>;
      }
    >();
    let reading = false;
    const read = async (readLastTrades: NonNullable<GapHandoversOptions['readLastTrades']>): Promise<void> => {
      reading = true;
      while (pending.size > 0 && !subscriber.closed) {
        const taken = new Map(pending);
        pending.clear();
        const readBack = await readLastTrades((trade) => {
          const move = taken.get(shardOf(instrumentOf(trade), options.shards));
          return move !== undefined && trade.receivedTs < move.at;
        }).catch((): readonly TradeEvent[] => []);
        const lookedFor = (instrument: string): boolean => taken.get(shardOf(instrument, options.shards))?.lookFor?.has(instrument) ?? true;
        const published = withReleased(readBack, [...taken.values()]);
        const lastTrades = published.filter((trade) => lookedFor('coin' in trade ? instrumentOf(trade) : trade.instrument));
        // Each previous owner's last sign of life, over the shards taken from it: a symbol of them with nothing published began its hole then.
        const ownerOf = (shard: number): string => taken.get(shard)?.from ?? `shard ${shard}`;
        for (const trade of [...readBack, ...[...taken.values()].flatMap((move) => move.last)]) {
          const owner = ownerOf(shardOf('coin' in trade ? instrumentOf(trade) : trade.instrument, options.shards));
          lastPublished.set(owner, Math.max(lastPublished.get(owner) ?? 0, trade.exchangeTs));
        }
        const since = (instrument: string): number | undefined => {
          const at = lastPublished.get(ownerOf(shardOf(instrument, options.shards)));
          return at === undefined || !lookedFor(instrument) ? undefined : at - SINCE_MARGIN_MS;
        };
        subscriber.next({ kind: 'seed', instruments: inShards(taken), lastIds: lastTradeIdsOf(published), lastTrades, since });
      }
      reading = false;
    };
    return options.moves$.subscribe({
      next: (move) => {
        const shard = new Set([move.shard]);
        if (move.kind === 'moved') {
          pending.delete(move.shard);
          subscriber.next({ kind: 'moved', instruments: inShards(shard) });
        } else if (move.continuous === true && move.last === undefined) {
          // Nobody was known to serve it: nothing to look for across the move (an instance serving it unheard of goes on until this one is subscribed).
        } else if (move.last !== undefined && move.continuous === true && (move.open === undefined || options.readLastTrades === undefined)) {
          subscriber.next({ kind: 'seed', instruments: inShards(shard), lastIds: lastTradeIdsOf(move.last) });
        } else if (options.readLastTrades !== undefined) {
          pending.set(move.shard, {
            at: move.at,
            from: move.from,
            last: move.last ?? [],
            overlapped: move.overlapped ?? new Set(),
            ...(move.continuous === true && move.open !== undefined ? { lookFor: move.open } : {}),
          });
          if (!reading) void read(options.readLastTrades);
        } else if (move.last !== undefined) {
          const lastTrades = withReleased([], [{ last: move.last, overlapped: move.overlapped ?? new Set() }]);
          subscriber.next({ kind: 'seed', instruments: inShards(shard), lastIds: lastTradeIdsOf(lastTrades), lastTrades });
        }
      },
      error: (error: unknown) => subscriber.error(error),
      complete: () => subscriber.complete(),
    });
  });
}

/**
 * The last trade published per (venue, symbol): what a release named (exact) over what was read back,
 * less the symbols the taker held a trade of up to the release's cut (no hole there).
 */
function withReleased(
  readBack: readonly TradeEvent[],
  releases: readonly { readonly last: readonly HandOverTrade[]; readonly overlapped: ReadonlySet<string> }[],
): (TradeEvent | PublishedTrade)[] {
  const last = new Map<string, TradeEvent | PublishedTrade>(readBack.map((trade) => [tradeKeyOf(trade.exchange, trade.symbol), trade]));
  for (const release of releases) for (const trade of release.last) last.set(tradeKeyOf(trade.exchange, trade.symbol), trade);
  for (const release of releases) for (const key of release.overlapped) last.delete(key);
  return [...last.values()];
}
