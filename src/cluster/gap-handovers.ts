import { asyncScheduler, Observable, type SchedulerLike } from 'rxjs';
import type { Logger } from 'pino';
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
   * Reads the last trades published of those `accept` takes (`readLastTrades`); rejects when it could
   * not read every partition of the topic to its end (a partial read would name holes that are not:
   * a busy symbol of a partition not read would look as if nothing of it was ever published).
   * Default: no seeds.
   */
  readonly readLastTrades?: (accept: (trade: AcceptedTrade) => boolean) => Promise<readonly TradeEvent[]>;
  /**
   * Whether every record this instance wrote before `at` (epoch ms) is acknowledged by Kafka
   * (`deliveredBefore`): a read waits for it, so that it finds this instance's own trades of a shard
   * it served before (lost and given back, its writes held up by a broker's failover). Default: always.
   */
  readonly deliveredBefore?: (at: number) => boolean;
  /** How long after a failed read the shards are read again, ms. Default {@link READ_AGAIN_MS}. */
  readonly readAgainMs?: number;
  /** Times the reads again. Default `asyncScheduler`. */
  readonly scheduler?: SchedulerLike;
  /** Says when a read fails (the holes across those hand-overs are looked for once one succeeds) and when one succeeds after failing. */
  readonly logger?: Logger;
}

/** How long after a failed read of the trades topic the shards taken are read again, ms. */
export const READ_AGAIN_MS = 1_000;
/** How often a read waiting for this instance's own writes asks whether they are in Kafka, ms. */
const DELIVERED_CHECK_MS = 100;

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
 * One read at a time: shards taken while one runs are read together by the next. A read begins once
 * this instance's own writes from before the moves are in Kafka (`deliveredBefore`). A read that fails
 * (Kafka out of reach, a partition's leader lost) is made again every {@link READ_AGAIN_MS} until one
 * succeeds: the first trade of each symbol since the move waits in gap detection for its seed, so a
 * hole is named late, never wrongly. A shard given up or taken anew while it is read is not seeded
 * from that read. Each shard to be read is told `awaiting` first, so that gap detection names the
 * holes a stop leaves unread; the stop is said in the log with those shards.
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
    const scheduler = options.scheduler ?? asyncScheduler;
    const after = (ms: number): Promise<void> => new Promise((resolve) => scheduler.schedule(() => resolve(), ms));
    /** The latest move waiting to be read: this instance's own writes from before it are waited for. */
    const latest = (): number => Math.max(...[...pending.values()].map((move) => move.at));
    /** Until what this instance wrote before the moves is in Kafka (a trade of its own not acknowledged yet would be read as missing). */
    const ownWrites = async (deliveredBefore: (at: number) => boolean): Promise<void> => {
      const since = scheduler.now();
      while (pending.size > 0 && !deliveredBefore(latest()) && !subscriber.closed) await after(DELIVERED_CHECK_MS);
      const waitedMs = scheduler.now() - since;
      if (waitedMs >= READ_AGAIN_MS)
        options.logger?.info({ waitedMs }, "shard hand-over: this instance's own trades acknowledged by Kafka; reading back the previous owners' last trades");
    };
    const read = async (readLastTrades: NonNullable<GapHandoversOptions['readLastTrades']>): Promise<void> => {
      reading = true;
      let failed = 0;
      while (pending.size > 0 && !subscriber.closed) {
        if (options.deliveredBefore?.(latest()) === false) await ownWrites(options.deliveredBefore);
        const taken = new Map(pending);
        if (taken.size === 0) continue;
        let readBack: readonly TradeEvent[];
        try {
          readBack = await readLastTrades((trade) => {
            const move = taken.get(shardOf(instrumentOf(trade), options.shards));
            return move !== undefined && trade.receivedTs < move.at;
          });
        } catch (error: unknown) {
          if (failed++ === 0) {
            options.logger?.warn(
              { shards: [...taken.keys()], err: error },
              "shard hand-over: the previous owners' last trades could not be read back in full; read again until they are, the holes across these hand-overs named then",
            );
          }
          await after(options.readAgainMs ?? READ_AGAIN_MS);
          continue;
        }
        if (failed > 0)
          options.logger?.info(
            { shards: [...taken.keys()], tries: failed + 1 },
            "shard hand-over: the previous owners' last trades read back; their holes looked for",
          );
        failed = 0;
        // Only the moves still waiting as they were read: a shard given up or taken anew meanwhile is not seeded from this read.
        for (const [shard, move] of [...taken]) {
          if (pending.get(shard) === move) pending.delete(shard);
          else taken.delete(shard);
        }
        if (taken.size === 0) continue;
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
    const moves = options.moves$.subscribe({
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
          subscriber.next({ kind: 'awaiting', instruments: inShards(shard) });
          if (!reading) void read(options.readLastTrades);
        } else if (move.last !== undefined) {
          const lastTrades = withReleased([], [{ last: move.last, overlapped: move.overlapped ?? new Set() }]);
          subscriber.next({ kind: 'seed', instruments: inShards(shard), lastIds: lastTradeIdsOf(lastTrades), lastTrades });
        }
      },
      error: (error: unknown) => subscriber.error(error),
      complete: () => subscriber.complete(),
    });
    return () => {
      moves.unsubscribe();
      if (pending.size > 0)
        options.logger?.warn(
          { shards: [...pending.keys()] },
          "shard hand-over: stopped before the previous owners' last trades were read back; the holes across these hand-overs were not looked for",
        );
    };
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
