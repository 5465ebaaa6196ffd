import { instrumentOf, type FeedStatus, type TradeEvent } from '../model/index.js';

/**
 * The cluster shards whose seed the gap detectors wait for (`awaiting`: taken, their previous owner's
 * last trades being read back), each until a `seed` or `moved` of its instruments comes, for at most
 * `keepMs` (the detectors keep a wait as long as they look for a hole by time since a moment: what a
 * read that long overdue would seed is no longer looked for either). A stop before then leaves the hole across that hand-over unlooked for;
 * {@link unreadHole} says so.
 */
export class SeedsAwaited {
  private awaited: readonly { readonly matches: (instrument: string) => boolean; readonly expires: number }[] = [];

  constructor(private readonly keepMs: number) {}

  /** A shard's instruments wait for their seed from `now` on. */
  await(instruments: (instrument: string) => boolean, now: number): void {
    this.awaited = [...this.awaited.filter((wait) => wait.expires > now), { matches: instruments, expires: now + this.keepMs }];
  }

  /** A seed or a move of `instruments`: none of them waits any more (the waits of other instruments stay). */
  settle(instruments: (instrument: string) => boolean, now: number): void {
    this.awaited = this.awaited
      .filter((wait) => wait.expires > now)
      .map((wait) => ({ ...wait, matches: (instrument: string) => wait.matches(instrument) && !instruments(instrument) }));
  }

  /** Whether `instrument` waits for its seed at `now`. */
  has(instrument: string, now: number): boolean {
    return this.awaited.some((wait) => wait.expires > now && wait.matches(instrument));
  }

  /** At a stop (`now`): the hole before each of `firstTrades` (a symbol's first trade since its shard moved) whose seed is still awaited ({@link unreadHole}). */
  unread(firstTrades: Iterable<TradeEvent>, now: number): FeedStatus[] {
    const statuses: FeedStatus[] = [];
    for (const first of firstTrades) if (this.has(instrumentOf(first), now)) statuses.push(...unreadHole(first, now));
    return statuses;
  }
}

/**
 * The hole before `first` (a symbol's first trade since its shard was taken) when the feed stopped
 * before the previous owner's last trades were read back: a `gap` (up to the id before it, where ids
 * are numbers) and at once its `gap_unrepaired` (stopped), so that nothing is lost without a word.
 */
function unreadHole(first: TradeEvent, now: number): readonly [FeedStatus, FeedStatus] {
  const id = Number(first.tradeId);
  const range = Number.isSafeInteger(id) && id > 0 ? { missingTo: id - 1 } : {};
  const said = (state: 'gap' | 'gap_unrepaired', reason: string): FeedStatus => ({
    type: 'feed_status',
    exchange: first.exchange,
    symbol: first.symbol,
    state,
    reason,
    ...range,
    ts: now,
  });
  const before = `trades before id ${first.tradeId} (${new Date(first.exchangeTs).toISOString()}) may be missing across a shard handover`;
  return [
    said('gap', `${before}: the feed stopped before the previous owner's last trades were read back`),
    said('gap_unrepaired', 'stopped: the feed stopped before the hole across the shard handover was looked for'),
  ];
}
