import { BehaviorSubject, Observable, Subject, type MonoTypeOperatorFunction, type Subscriber } from 'rxjs';
import { SocketBarriers } from '../exchanges/connection/socket-barriers.js';
import { instrumentOf, type ExchangeId, type FeedEvent, type FeedStatus, type TradeEvent } from '../model/index.js';
import { behindGiver, firstPerSymbol, flushHeld, giverReachesTaker, LastServed, LateCuts, tradeKeyOf } from './hand-over-cuts.js';
import type { HandOverRecord, HandOverTrade } from './hand-over-records.js';
import { READ_AGAIN_MS } from './gap-handovers.js';
import { CancellableScheduler } from './cancellable-scheduler.js';
import { NobodysShards } from './nobodys-shards.js';
import { StandbyHold } from './standby-hold.js';
import type { ShardChange } from './shard-membership.js';
import {
  DEFAULT_STANDBY_HOLD_MS,
  type MarketInstrument,
  type Releasing,
  type Serving,
  type ShardHandOversOptions,
  type ShardMove,
  type Standby,
  type Taking,
} from './shard-hand-over-states.js';

/** How often a giver whose sockets are behind its taker's subscription checks whether they caught up, ms. */
const CATCH_UP_CHECK_MS = 100;
/** How long after an assignment a taker asks whether a silent previous owner is still in the group, ms. */
const MEMBER_CHECK_DELAY_MS = 1_000;

/** What a shard's status says when the group took it away unreleased: this instance cannot know whether another has it. */
const LOST = 'lost: the group ended this membership before the shard was released, and may have given it to another instance';

/**
 * Make-before-break hand-overs of cluster shards between the instances of a cluster, over the
 * control topic (records in `hand-over-records.ts`). The group's decisions (`change`) and the
 * records read (`record`) drive each shard's state in the gate:
 * - **assigned**, with a previous owner that may still serve it (the shard's latest record is
 *   another instance's `taking` or `serving`): `taking`. The instruments are subscribed; their trades are held
 *   back; once every instrument is subscribed (a `subscribed` status of its venue naming it, the
 *   venue a failover moved it to included, or a trade), however long the venue takes, this instance
 *   writes `taking`. When the previous owner's `released` comes, the held trades after its
 *   last trade per (venue, symbol) are published, the shard is `serving` and this instance writes
 *   `serving`. Without a previous owner (first start, its `released` already written, or this
 *   instance's own record): `serving` at once, and `serving` written.
 * - **revoked** by a rebalance (not lost): `releasing`, and says so (a `releasing` record: it may
 *   have left the group, it still publishes). This instance goes on publishing, with no time-out,
 *   until another instance's `taking` (or `serving`) of the shard is read, plus `overlapMs`, then
 *   stops and writes `released` with the last trade it published per (venue, symbol). Only when it
 *   must go itself (`stopping`: a planned stop's deadline; `releaseAll`: nobody left to take it) does it
 *   stop first, and it says why.
 * - **revoked, lost** (the group already gave the shard away): stops at once; nothing is written.
 * - **moved again** before its hand-over ended: the owners form a chain, each waiting for the one
 *   before it (`heardWhileTaking`); a taker revoked meanwhile publishes what it held after its
 *   giver's cut and passes that cut on, or gives the shard up when its giver kept it or handed it
 *   to another.
 * A taker whose previous owner said nothing and is no member of the group any more (killed) stops
 * waiting at once (`isGone`). Either side waits at most `timeoutMs`: the giver then stops and writes `released` without a
 * taker, the taker publishes what it holds, and gap detection reads back what was published
 * (`ShardMove` without `last`), so the hole is named. `shard_assigned` is said when the shard is
 * served, `shard_revoked` when it no longer is.
 */
export class ShardHandOvers {
  private readonly states = new Map<number, Serving>();
  /** The latest record of each shard read from the control topic. */
  private readonly latest = new Map<number, HandOverRecord>();
  /** The owner of each shard (see `owners`). */
  private readonly servedBy = new Map<number, string>();
  /** Per shard, another instance's `taking` or `serving` read since this instance's own last claim of it. */
  private readonly claims = new Map<number, HandOverRecord>();
  /** Per shard, the instances whose latest word of it is `released` or `withdrawn`: none of them serves it or will release it. */
  private readonly stopped = new Map<number, Set<string>>();
  private readonly planned = new BehaviorSubject<ReadonlySet<number>>(new Set());
  private readonly moves = new Subject<ShardMove>();
  private readonly statuses = new Subject<FeedStatus>();
  private readonly emptied = new Set<() => void>();
  private downstream: Subscriber<FeedEvent> | undefined;
  /** The instruments of the market now; a shard's are those the gate maps to it. */
  private market: () => readonly MarketInstrument[] = () => [];
  /** The previous owner's cut of each shard taken lately, against which trades still on their way are checked. */
  private readonly lateCuts: LateCuts;
  /** Where this instance's publishing of each symbol of its shards stands: what a release names. */
  private readonly lastServed: LastServed;
  /**
   * Instruments of shards taken here without their previous owner's word (or handed on with a hole
   * still to be found) of which no trade was published here since, each with its shard: a release
   * names them (`open`), so that the next owner looks for their hole.
   */
  private readonly open = new Map<string, number>();
  /**
   * Shards served here that nobody was known to serve before (a first start), whose instruments are
   * not all subscribed yet, each with the instruments still waiting and their venue: this instance
   * said `serving` with `subscribed: false`, and says `serving` again once they are.
   */
  private readonly confirming = new Map<number, Map<string, ExchangeId>>();
  /** Trades held by a taker, or still on their way when it took the shard, that the giver had published (dropped at the cut), in total. */
  overlapDropped = 0;
  /** A planned stop began: this instance stands by no shard any more. */
  private left = false;
  /** Shards served here without their previous owner's release (timed out, or it left the group), with whom it was awaited from and since when. */
  private readonly unreleased = new Map<number, { readonly from: string; readonly since: number; heard: boolean }>();
  /** Shards served here as nobody's (a first start), each with where this instance began publishing it. */
  private readonly asNobodys: NobodysShards;
  /** Where this instance's venue sockets say how to ask them for a barrier: the feed passes it to its sockets. */
  readonly barriers: SocketBarriers;

  private readonly options: ShardHandOversOptions;
  /** Whatever this instance scheduled (holds, time-outs, checks, late cuts): cancelled when it closes. */
  private readonly scheduled: CancellableScheduler;

  constructor(options: ShardHandOversOptions) {
    this.scheduled = new CancellableScheduler(options.scheduler);
    this.options = { ...options, scheduler: this.scheduled };
    this.asNobodys = new NobodysShards({
      scheduler: this.scheduled,
      shardOf: (trade) => options.gate.shardOf(trade.coin, trade.quote, trade.instrument),
      checkDelayMs: MEMBER_CHECK_DELAY_MS,
      ...(options.isGone === undefined ? {} : { isGone: options.isGone }),
    });
    this.lateCuts = new LateCuts(this.scheduled, options.timeoutMs);
    this.barriers = options.barriers ?? new SocketBarriers();
    this.lastServed = new LastServed(
      (trade) => ('type' in trade ? options.gate.shardOf(trade.coin, trade.quote, trade.instrument) : options.gate.shardOf('', '', trade.instrument)),
      this.barriers,
    );
  }

  /** Where the instruments of the market are read (the feed's latest list), to know when a shard taken is wholly subscribed. */
  follow(market: () => readonly MarketInstrument[]): void {
    this.market = market;
  }

  /** The shards whose instruments are subscribed (every state), after each change. */
  get planned$(): Observable<ReadonlySet<number>> {
    return this.planned.asObservable();
  }

  /** Shards assigned, taken and given up, for gap detection. */
  get moves$(): Observable<ShardMove> {
    return this.moves.asObservable();
  }

  /** `shard_assigned` when a shard is served here, `shard_revoked` when it no longer is; `shard_standby` and `shard_standby_stopped` as this instance begins and stops standing by one. */
  get statuses$(): Observable<FeedStatus> {
    return this.statuses.asObservable();
  }

  /**
   * The cluster's part of this instance ended (a stop, once left): what is still scheduled (a lost
   * shard's hold, a hand-over's time-out) is dropped, so that no timer of it keeps the process alive.
   */
  close(): void {
    this.scheduled.cancelAll();
  }

  /** Resolves once this instance serves no shard in any state (after it left the group). */
  empty(): Promise<void> {
    if (this.states.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.emptied.add(resolve));
  }

  /**
   * A planned stop is about to leave the group: every shard served says `releasing` first, so that
   * an instance given one finds its previous owner leaving, not gone, whenever it asks, and knows it
   * serves the shard for `servesForMs` at most.
   */
  leaving(servesForMs: number): void {
    this.left = true;
    this.standBy(new Map());
    for (const [shard, state] of [...this.states]) {
      if (state.kind === 'serving') this.write({ kind: 'releasing', shard, instance: this.options.instanceId, at: this.options.scheduler.now(), servesForMs });
      else if (state.kind === 'taking' && state.lostAt !== undefined) this.abandon(shard, state, 'this instance is leaving the cluster');
    }
  }

  /** No other instance can take the shards being released (the group has no member left): each stops now. */
  releaseAll(why: string): void {
    for (const [shard, state] of [...this.states]) {
      if (state.kind !== 'releasing') continue;
      this.options.logger?.info({ shard, why }, 'shard hand-over: nobody to hand over to; released now');
      this.release(shard, undefined, why);
    }
  }

  /**
   * This instance must go before every taker said it is subscribed (a planned stop's deadline): each
   * shard still being released stops now, says `why` in its `shard_revoked`, and its `released` names
   * no taker, so that the next owner looks for the hole between them.
   */
  stopping(why: string): void {
    for (const [shard, state] of [...this.states]) {
      if (state.kind !== 'releasing') continue;
      this.options.logger?.warn(
        { shard, why, servedForMs: this.options.scheduler.now() - state.since },
        'shard hand-over: stopping before a new owner said it is subscribed',
      );
      this.release(shard, undefined, why);
    }
  }

  /**
   * The owner of each shard as the control topic says, for choosing standbys: the latest instance to
   * say `serving` (or the one a `released` named). An instance `taking` it is not its owner yet: the one
   * it waits for still serves it, and a killed owner's standby is the one chosen for it.
   */
  owners(): ReadonlyMap<number, string> {
    return this.servedBy;
  }

  /** Each shard stood by here, with its owner and how far back its held trades reach now, ms. */
  standbys(): ReadonlyMap<number, { readonly owner: string; readonly reachMs: number }> {
    const now = this.options.scheduler.now();
    const standbys = new Map<number, { readonly owner: string; readonly reachMs: number }>();
    for (const [shard, state] of this.states)
      if (state.kind === 'standby' && state.lostAt === undefined) standbys.set(shard, { owner: state.owner, reachMs: state.hold.reachMs(now) });
    return standbys;
  }

  /**
   * The shards this instance stands by from now on, each with its owner (`standbyShards`): a shard
   * newly stood by is subscribed and its trades held (never published) for `standbyHoldMs`; one no
   * longer stood by is let go, unless it is being taken over. A shard served here in any other state
   * is left as it is.
   */
  standBy(shards: ReadonlyMap<number, string>): void {
    let changed = false;
    for (const [shard, state] of [...this.states]) {
      if (state.kind !== 'standby' || state.takingOver || (state.lostAt !== undefined && !this.left)) continue;
      const owner = shards.get(shard);
      if (owner !== undefined && !this.left) state.owner = owner;
      else {
        this.options.logger?.info({ shard, owner: state.owner }, 'shard standby: no longer the standby of the shard');
        this.stop(shard, undefined);
        this.standbyStopped(shard, this.left ? 'this instance is leaving the cluster' : `another instance stands by it for ${owner ?? 'its owner'}`);
        changed = true;
      }
    }
    if (this.left) return;
    const now = this.options.scheduler.now();
    for (const [shard, owner] of shards) {
      if (this.states.has(shard) || owner === this.options.instanceId) continue;
      const standby: Standby = {
        kind: 'standby',
        owner,
        since: now,
        hold: new StandbyHold(this.options.standbyHoldMs ?? DEFAULT_STANDBY_HOLD_MS),
        waiting: this.instrumentsOf(shard),
        takingOver: false,
        assigned: false,
      };
      this.states.set(shard, standby);
      this.options.gate.set(shard, 'standby');
      this.options.logger?.info({ shard, owner, instruments: standby.waiting.size }, 'shard standby: following the shard, its trades held');
      this.statuses.next(
        this.status(
          'shard_standby',
          shard,
          `${this.options.instanceId} stands by cluster shard ${shard} of ${this.options.gate.shards} for ${owner}, its trades held ${standby.hold.holdMs} ms (the shard subscribed here too: its subscriptions and connections count twice)`,
        ),
      );
      changed = true;
    }
    if (changed) this.planned.next(this.options.gate.planned);
  }

  /**
   * The instances in the group now: a standby whose owner is none of them (killed, its session over)
   * takes the shard at once, without waiting for the group, once `isGone` says every record of the
   * shard written so far is read (a planned stop says `releasing` before it leaves).
   */
  members(instances: ReadonlySet<string>): void {
    const isGone = this.options.isGone;
    if (isGone === undefined) return;
    for (const [shard, state] of this.states) {
      if (state.kind !== 'standby' || state.takingOver || state.lostAt !== undefined || instances.has(state.owner)) continue;
      state.takingOver = true;
      void isGone(state.owner, shard).then(
        (gone) => {
          if (this.states.get(shard) !== state) return;
          if (gone) this.takeOver(shard, state);
          else state.takingOver = false;
        },
        () => (state.takingOver = false),
      );
    }
  }

  /**
   * A standby's owner is gone without a word: it takes the shard now. It says `serving` at once (a
   * taker the group chooses meanwhile waits for it), reads back the last trade the owner published of
   * each symbol, and publishes the trades it held after those; the shard is then its own if the group
   * assigned it here, else handed over (make-before-break) to the instance the group chose.
   */
  private takeOver(shard: number, standby: Standby): void {
    const now = this.options.scheduler.now();
    const taking: Taking = {
      kind: 'taking',
      from: standby.owner,
      since: now,
      waiting: new Map(),
      announced: true,
      subscribedAll: true,
      subscribedOn: new Map(),
      held: standby.hold.held(now),
      giverReleasing: true,
      reachesBack: true,
      ...(standby.assigned ? {} : { revokedAt: now }),
    };
    this.options.logger?.warn(
      { shard, owner: standby.owner, heldTrades: taking.held.length, heldForMs: standby.hold.reachMs(now), assigned: standby.assigned },
      'shard standby: the owner left the cluster without releasing the shard; taking it over',
    );
    this.states.set(shard, taking);
    this.options.gate.set(shard, 'taking');
    this.standbyStopped(shard, `${standby.owner} left the cluster without releasing it: taken over`);
    // Not the group's choice (yet): said now, so that an instance the group gives the shard waits for this one (take() says it otherwise).
    // An instance the group gave the shard may have said `taking` already: it is the one to hand over to, not a claim this one overrides.
    const claim = this.claims.get(shard);
    if (!standby.assigned) this.write({ kind: 'serving', shard, instance: this.options.instanceId, at: now });
    if (claim !== undefined && claim.instance !== standby.owner) this.claims.set(shard, claim);
    this.takeUnreleased(shard, taking, `${standby.owner} left the cluster without releasing it; taken over by its standby`);
  }

  /**
   * A taker serves without its previous owner's release (`how`): one that was the shard's standby first
   * reads back what the owner published and publishes what it held after it; any other publishes all
   * it held (received after the owner stopped), the hole read back by gap detection.
   */
  private takeUnreleased(shard: number, state: Taking, how: string): void {
    const readLast = this.options.readLast;
    if (state.reachesBack !== true || readLast === undefined) {
      this.take(shard, state, undefined, { how });
      return;
    }
    if (state.readingBack === true) return;
    state.readingBack = true;
    const attempt = (tries: number): void => {
      readLast(shard).then(
        (last) => {
          if (this.states.get(shard) === state) this.take(shard, state, last, { how });
        },
        (error: unknown) => {
          if (this.states.get(shard) !== state) return;
          const { logger, maxHeldTrades, scheduler } = this.options;
          // A read that did not reach the end of the topic could name an earlier trade than the owner's last: publishing after it would repeat the rest.
          if (state.held.length >= maxHeldTrades) {
            logger?.warn(
              { shard, from: state.from, heldTrades: state.held.length, tries: tries + 1, err: error },
              'shard hand-over: what the previous owner published could not be read back, and the most a taker holds is held; publishing all of it (trades it published too are in the topic twice)',
            );
            this.take(shard, state, undefined, { how });
            return;
          }
          if (tries === 0) {
            logger?.warn(
              { shard, from: state.from, heldTrades: state.held.length, err: error },
              'shard hand-over: what the previous owner published could not be read back (Kafka out of reach); its trades held, read again',
            );
          }
          scheduler.schedule(() => attempt(tries + 1), READ_AGAIN_MS);
        },
      );
    };
    attempt(0);
  }

  /** A decision of the group. */
  change(change: ShardChange): void {
    for (const shard of change.shards) {
      if (change.kind === 'assigned') this.assigned(shard);
      else if (change.lost) this.lost(shard);
      else this.revoked(shard);
    }
    this.planned.next(this.options.gate.planned);
  }

  /** A record read from the control topic (this instance's own too). */
  record(record: HandOverRecord): void {
    this.remember(record);
    this.ownedBy(record);
    if (record.instance === this.options.instanceId) return;
    // A claim the giver may stop on: the new owner has the shard's instruments subscribed.
    const claims = record.kind === 'taking' || (record.kind === 'serving' && record.subscribed !== false);
    if (claims) this.claims.set(record.shard, record);
    const state = this.states.get(record.shard);
    // A claimer that gave the shard up or handed it on since: its claim is nobody's to stop on.
    if ((record.kind === 'withdrawn' || record.kind === 'released') && this.claims.get(record.shard)?.instance === record.instance)
      this.claims.delete(record.shard);
    if (claims && state?.kind === 'standby' && state.lostAt !== undefined) {
      // Its hold ends: the claimer, which may have heard this instance say `serving` after it began taking, waits for no release.
      this.withdraw(record.shard);
      this.stop(record.shard, undefined);
    } else if (claims && state?.kind === 'taking' && state.lostAt !== undefined && record.instance !== state.from)
      this.abandon(record.shard, state, `${record.instance} claimed it after it was lost`);
    else if (state?.kind === 'taking') this.heardWhileTaking(record, state);
    else if (
      state?.kind === 'serving' &&
      record.kind === 'released' &&
      (record.to === this.options.instanceId || this.asNobodys.of(record.shard) !== undefined)
    )
      this.releasedLate(record);
    else if (state?.kind === 'serving' && record.kind === 'serving') this.servedToo(record.shard, record.instance);
    else if (claims && state?.kind === 'releasing') this.newOwnerSubscribed(record, state);
  }

  /** A claim of a shard being released here: the new owner has its instruments subscribed, and it is released to it an overlap later. */
  private newOwnerSubscribed(claim: HandOverRecord, state: Releasing): void {
    if (state.release !== undefined) return;
    this.options.logger?.info(
      { shard: claim.shard, to: claim.instance, overlapMs: this.options.overlapMs, waitedMs: this.options.scheduler.now() - state.since },
      'shard hand-over: the new owner is subscribed',
    );
    // Its sockets' wait ends an overlap before the taker's own wait for the release would.
    const deadline = claim.at + this.options.timeoutMs - this.options.overlapMs;
    state.release = this.options.scheduler.schedule(() => this.releaseCaughtUp(claim.shard, claim.instance, claim.at, deadline), this.options.overlapMs);
  }

  /**
   * A release to this instance read while it serves the shard:
   * - it served without waiting for that release (its wait timed out: the giver alive but slow, its
   *   reads of the control topic late under load): the release says exactly where the giver stopped,
   *   after it had published for as long as it served, so the hole between the two is looked for
   *   from there (not continuous: this instance published all it held, and the giver may have stopped
   *   before the trades it held first were made);
   * - it served the shard as nobody's, and another instance serving it too stopped once this one was
   *   subscribed: continuous.
   */
  private releasedLate(record: Extract<HandOverRecord, { readonly kind: 'released' }>): void {
    const { shard } = record;
    const unreleased = this.unreleased.get(shard);
    if (unreleased?.from !== record.instance) {
      const nobodys = this.asNobodys.forget(shard);
      const reaches = nobodys === undefined || giverReachesTaker([...nobodys.first.values()], record.last);
      const cut = new Map(record.last.map((trade) => [tradeKeyOf(trade.exchange, trade.symbol), trade]));
      const behind =
        reaches && nobodys !== undefined ? behindGiver(nobodys.first.values(), cut, nobodys.subscribedAt ?? this.options.scheduler.now()) : new Set<string>();
      if (behind.size > 0) {
        this.options.logger?.info(
          { shard, from: record.instance, behind: [...behind].slice(0, 20), behindCount: behind.size },
          "shard hand-over: served as nobody's, the other instance serving it stopped with sockets behind on some instruments; their hole looked for",
        );
      }
      if (!reaches) {
        this.options.logger?.info(
          { shard, from: record.instance, symbols: record.last.length },
          "shard hand-over: served as nobody's, the other instance serving it stopped with trades made before this one's first (its sockets behind); the hole looked for",
        );
      }
      const at = reaches || nobodys === undefined ? this.options.scheduler.now() : nobodys.since;
      this.moves.next({
        kind: 'taken',
        shard,
        at,
        last: record.last,
        from: record.instance,
        continuous: reaches,
        ...(behind.size === 0 ? {} : { open: behind }),
      });
      return;
    }
    if (unreleased.heard) return;
    unreleased.heard = true;
    this.options.logger?.info(
      { shard, from: record.instance, lateMs: this.options.scheduler.now() - record.at, symbols: record.last.length },
      "shard hand-over: the previous owner's release came after this instance served without it; the hole looked for from where it stopped",
    );
    this.moves.next({ kind: 'taken', shard, at: unreleased.since, last: record.last, from: record.instance, continuous: false });
  }

  /**
   * Another instance's record of a shard this instance is taking. The group may move a shard again
   * before its hand-over ended (a rebalance right after another): the owners then form a chain, and
   * each instance waits for the one before it, so that every trade is published by one of them:
   * - a taker the group still assigns the shard to waits for the latest instance that claimed it
   *   (`taking`, `serving`), and for the instance a `released` names (`to`): that one published after the cut;
   * - a taker the group revoked meanwhile gives the shard up, its trades dropped, when its previous
   *   owner handed it to another instance (that one was subscribed before the cut) or was given it
   *   back (`serving`: it never stopped publishing).
   */
  private heardWhileTaking(record: HandOverRecord, state: Taking): void {
    const { shard } = record;
    const revoked = state.revokedAt !== undefined;
    if (record.instance !== state.from) {
      if (!revoked && (record.kind === 'taking' || record.kind === 'serving')) this.waitFor(shard, state, record.instance, record.kind);
      // Handed to this one by an instance it did not wait for (the one it waited for was read late, or gave it up): taken from that cut.
      else if (!revoked && record.kind === 'released' && record.to === this.options.instanceId)
        this.take(shard, state, record.last, { to: record.to, open: record.open });
      return;
    }
    if (record.kind === 'withdrawn') this.timedOut(shard, `${record.instance} gave the shard up before it served it`);
    else if (record.kind === 'releasing') this.giverLeaving(shard, state, record.servesForMs, record.at);
    else if (record.kind === 'serving' && revoked) this.abandon(shard, state, `${record.instance} was given it back`);
    else if (record.kind === 'serving' || record.kind === 'taking') {
      // Given the shard back (or again) since it said it is releasing it: that release is not coming.
      state.giverClaimed = record.kind;
      state.giverReleasing = false;
    } else if (record.kind === 'released') {
      // Handed to an instance that has released or withdrawn it since the claim the giver released on (a claim read late): taken here, from the giver's cut.
      if (record.to === undefined || record.to === this.options.instanceId || this.stopped.get(shard)?.has(record.to) === true)
        this.take(shard, state, record.last, { to: record.to, open: record.open });
      else if (revoked) this.abandon(shard, state, `${record.instance} handed it to ${record.to}`);
      else this.waitFor(shard, state, record.to);
    }
  }

  /**
   * A later owner of a shard being taken: its `released` is the one awaited. One named by a release took the
   * shard; one heard claiming it is alive, and what it claimed is kept (`giverClaimed`): one still taking it
   * may be waiting for this instance's release.
   */
  private waitFor(shard: number, state: Taking, instance: string, claimed?: 'taking' | 'serving'): void {
    this.options.logger?.info(
      { shard, from: state.from, now: instance },
      'shard hand-over: the shard changed owner again before it was handed over; waiting for its latest owner',
    );
    state.from = instance;
    if (claimed === undefined) {
      state.giverReleasing = true;
      delete state.giverClaimed;
    } else {
      state.giverClaimed = claimed;
      state.giverReleasing = false;
    }
  }

  /**
   * A shard being taken that another instance serves without this one's trades: given up, what it held
   * dropped. Having said `taking`, it says `withdrawn`: an instance that took that claim for its
   * previous owner's waits for no release from it.
   */
  private abandon(shard: number, state: Taking, why: string): void {
    state.timer?.unsubscribe();
    state.memberCheck?.unsubscribe();
    this.options.logger?.info({ shard, heldTrades: state.held.length, why }, 'shard hand-over: given up before it was taken; the trades held dropped');
    if (state.announced) this.withdraw(shard);
    this.stop(shard, undefined);
  }

  /** Says `withdrawn`: this instance will neither serve `shard` nor release it. */
  private withdraw(shard: number): void {
    this.write({ kind: 'withdrawn', shard, instance: this.options.instanceId, at: this.options.scheduler.now() });
  }

  /** Routes the feed's events through the gate: published, held back (a shard being taken) or dropped. */
  gate(): MonoTypeOperatorFunction<FeedEvent> {
    const { gate } = this.options;
    return (source) =>
      new Observable<FeedEvent>((subscriber) => {
        this.downstream = subscriber;
        const subscription = source.subscribe({
          next: (event) => {
            if (event.type === 'feed_status') {
              if (event.state === 'subscribed' && event.instruments !== undefined) this.subscribed(event.exchange, event.instruments);
              else if ((event.state === 'failover' || event.state === 'switch_back') && event.toExchange !== undefined && event.instruments !== undefined)
                this.venueChanged(event.toExchange, event.instruments);
              subscriber.next(event);
              return;
            }
            const state = gate.stateOf(event.coin, event.quote, event.instrument);
            if (event.type === 'trade' && (state === 'serving' || state === 'releasing')) {
              if (this.open.size > 0) this.open.delete(instrumentOf(event));
              if (this.confirming.size > 0) this.confirmedBy(event);
            }
            if (state === 'serving' || state === 'releasing') {
              if (state === 'releasing') this.lastServed.heard(event);
              if (event.type !== 'trade') subscriber.next(event);
              else if (this.lateCuts.size === 0 || this.pastCut(event)) {
                if (state === 'serving') this.asNobodys.published(event);
                this.lastServed.set(event);
                subscriber.next(event);
              }
            } else if (state === 'taking' && event.type === 'trade') this.hold(event);
            else if (state === 'standby' && event.type === 'trade') this.holdStandby(event);
          },
          error: (error: unknown) => subscriber.error(error),
          complete: () => subscriber.complete(),
        });
        return () => {
          this.downstream = undefined;
          subscription.unsubscribe();
        };
      });
  }

  private assigned(shard: number): void {
    const current = this.states.get(shard);
    const { gate, instanceId } = this.options;
    if (current?.kind === 'standby' && current.takingOver) {
      current.assigned = true;
      return;
    }
    if (current?.kind === 'standby' && current.lostAt !== undefined) {
      const latest = this.latest.get(shard);
      // Nobody claimed it since this instance did, or since it was released to this instance (read after this one served it).
      const ours = latest === undefined || latest.instance === instanceId || (latest.kind === 'released' && latest.to === instanceId);
      if (ours) return this.givenBack(shard, current, current.lostAt);
      // Another instance claimed it meanwhile: taken from it like any shard (which may have heard this one serve it: it waits for no release).
      this.withdraw(shard);
      this.stop(shard, undefined);
      return this.assigned(shard);
    }
    if (current?.kind === 'taking' && current.lostAt !== undefined) return this.givenBackTaking(shard, current);
    if (current?.kind === 'taking' && current.revokedAt !== undefined) {
      // Given back while it was being taken (a standby taking over reads what the owner published): it stays here once taken.
      delete current.revokedAt;
      return;
    }
    // A shard stood by here: taken like any other, its held trades (reaching back before the assignment) and subscriptions kept.
    const standby = current?.kind === 'standby' ? current : undefined;
    const state = standby === undefined ? current : undefined;
    if (state?.kind === 'releasing') {
      // Given back before it was handed over: it never stopped being served here.
      this.options.logger?.info(
        { shard, releasingForMs: this.options.scheduler.now() - state.since },
        'shard hand-over: given back before it was handed over; serving on',
      );
      state.release?.unsubscribe();
      this.states.set(shard, { kind: 'serving' });
      gate.set(shard, 'serving');
      // An instance that began taking it meanwhile gives it up.
      this.write({ kind: 'serving', shard, instance: instanceId, at: this.options.scheduler.now() });
      return;
    }
    if (state !== undefined) return;
    if (standby !== undefined) {
      this.states.delete(shard);
      this.standbyStopped(shard, `the group gave it to ${instanceId}`);
    }
    this.moves.next({ kind: 'moved', shard });
    const latest = this.latest.get(shard);
    // The instance that may still serve it: the latest to claim or release it, or the one a `released` was handed to (it took the shard).
    const named = latest === undefined ? undefined : latest.kind === 'released' ? latest.to : latest.instance;
    // One that has released or withdrawn it since will not release it: none is waited for.
    const previous = named !== undefined && this.stopped.get(shard)?.has(named) === true ? undefined : named;
    if (latest !== undefined && previous !== undefined && previous !== instanceId) {
      const now = this.options.scheduler.now();
      const taking: Taking = {
        kind: 'taking',
        from: previous,
        since: now,
        announced: false,
        subscribedAll: false,
        subscribedOn: new Map(),
        held: standby?.hold.held(now) ?? [],
        giverReleasing: false,
        waiting: standby?.waiting ?? this.instrumentsOf(shard),
        ...(standby === undefined ? {} : { reachesBack: true }),
      };
      this.states.set(shard, taking);
      gate.set(shard, 'taking');
      if (latest.kind === 'releasing') this.giverLeaving(shard, taking, latest.servesForMs, latest.at);
      else if (latest.kind === 'released') taking.giverReleasing = true;
      this.options.logger?.info(
        { shard, from: previous, instruments: taking.waiting.size },
        'shard hand-over: taking the shard, its trades held until the previous owner releases it',
      );
      if (taking.waiting.size === 0) this.announce(shard, taking, true);
      this.checkGone(shard, taking);
      return;
    }
    this.states.set(shard, { kind: 'serving' });
    gate.set(shard, 'serving');
    const now = this.options.scheduler.now();
    if (latest?.kind === 'released') {
      // Its previous owner had stopped before this instance was given it: the hole between them is looked for.
      this.write({ kind: 'serving', shard, instance: instanceId, at: now });
      this.keepOpen(shard, undefined, []);
      this.serve(shard, { since: now, last: latest.last, how: `after ${latest.instance} released it`, continuous: false });
      return;
    }
    // Nobody known to serve it (a first start; another instance may be serving it still, unheard of yet):
    // it says so until its instruments are subscribed, and such an instance goes on serving it until then.
    const waiting = latest === undefined ? this.instrumentsOf(shard) : new Map<string, ExchangeId>();
    if (waiting.size > 0) this.confirming.set(shard, waiting);
    this.write({ kind: 'serving', shard, instance: instanceId, at: now, ...(waiting.size > 0 ? { subscribed: false as const } : {}) });
    if (latest === undefined) this.asNobodys.serve(shard, now, new Set(this.instrumentsOf(shard).values()).size, waiting.size === 0);
    this.serve(shard, latest === undefined ? { since: now, continuous: true } : { since: now });
  }

  /**
   * A previous owner that said nothing of releasing and is no member of the group any more was
   * killed (its session expired): nobody will release the shard. Asked a moment later, so that a
   * `releasing` written as the group moved the shard has arrived, and again each moment while the
   * answer is no (the control topic not read up to its end yet, under load) until the shard is taken.
   */
  private checkGone(shard: number, taking: Taking): void {
    const isGone = this.options.isGone;
    if (isGone === undefined) return;
    const waiting = (): boolean => !taking.giverReleasing && this.states.get(shard) === taking;
    taking.memberCheck = this.options.scheduler.schedule(() => {
      if (!waiting()) return;
      const asked = taking.from;
      void isGone(asked, shard).then(
        (gone) => {
          if (!waiting()) return;
          // The answer is of an instance no longer the one waited for (a later owner claimed the shard meanwhile): that one is asked about.
          if (!gone || taking.from !== asked) {
            this.checkGone(shard, taking);
            return;
          }
          // The previous owner's standby, alive, takes the shard at once and holds what the owner published last: this one waits for it.
          const standby = this.options.standbyOf?.(taking.from);
          if (standby !== undefined && standby !== this.options.instanceId && taking.awaitedStandbys?.has(standby) !== true) {
            this.options.logger?.info({ shard, from: taking.from, standby }, "shard hand-over: the previous owner is gone; waiting for its standby's release");
            (taking.awaitedStandbys ??= new Set()).add(standby);
            taking.from = standby;
            this.checkGone(shard, taking);
            return;
          }
          this.options.logger?.warn(
            { shard, from: taking.from },
            'shard hand-over: the previous owner is no longer in the cluster; serving the shard, the hole read back from the trades topic',
          );
          if (!taking.announced) this.announce(shard, taking);
          this.takeUnreleased(shard, taking, `${taking.from} left the cluster without releasing it`);
        },
        () => undefined,
      );
    }, MEMBER_CHECK_DELAY_MS);
  }

  private revoked(shard: number, revokedAt = this.options.scheduler.now()): void {
    const state = this.states.get(shard);
    if (state === undefined || state.kind === 'releasing') return;
    if (state.kind === 'standby') {
      // Assigned while it was being taken over, and taken back: the take over hands it on.
      state.assigned = false;
      return;
    }
    if (state.kind === 'taking') {
      // The trades held may be the only copy (the previous owner may be gone): the hand-over ends as
      // it would, what is held after the cut is published, and then the shard is released (take()).
      state.revokedAt ??= revokedAt;
      return;
    }
    this.confirming.delete(shard);
    const releasing: Releasing = { kind: 'releasing', since: revokedAt };
    this.states.set(shard, releasing);
    this.options.gate.set(shard, 'releasing');
    this.write({ kind: 'releasing', shard, instance: this.options.instanceId, at: revokedAt });
    this.options.logger?.info({ shard }, 'shard hand-over: revoked, serving it until the new owner is subscribed');
    // A taker that said it is subscribed before this instance began releasing (while it was still taking the shard itself).
    const claim = this.claims.get(shard);
    if (claim !== undefined) this.newOwnerSubscribed(claim, releasing);
  }

  private lost(shard: number): void {
    const state = this.states.get(shard);
    if (state === undefined) return;
    if (state.kind === 'standby') {
      state.assigned = false;
      return;
    }
    if (state.kind === 'serving') return this.holdLost(shard);
    if (state.kind === 'taking') return this.holdTaking(shard, state);
    // Being handed over: it stops now, and says where (its next owner, whoever it is, takes from that cut).
    this.release(shard, undefined, LOST);
  }

  /**
   * A shard being taken that the group declared lost: as a served one ({@link holdLost}), it may be
   * given straight back. The hand-over goes on and its trades are held, for `standbyHoldMs`, but nothing
   * is taken (a release read meanwhile is kept for then) and nothing claimed. Given back, it goes on
   * as before ({@link givenBackTaking}); another instance's claim, the hold's time or a stop ends it.
   */
  private holdTaking(shard: number, state: Taking): void {
    const { instanceId, gate, scheduler } = this.options;
    const holdMs = this.options.standbyHoldMs ?? DEFAULT_STANDBY_HOLD_MS;
    const lostAt = scheduler.now();
    state.lostAt = lostAt;
    scheduler.schedule(() => {
      if (this.states.get(shard) === state && state.lostAt === lostAt) this.abandon(shard, state, `lost for ${holdMs} ms and not given back`);
    }, holdMs);
    this.options.logger?.info(
      { shard, from: state.from, heldTrades: state.held.length, holdMs },
      'shard hand-over: lost to the group while being taken; its trades held in case it is given back',
    );
    this.statuses.next(
      this.status(
        'shard_revoked',
        shard,
        `${instanceId} stopped taking cluster shard ${shard} of ${gate.shards} (${LOST}; its trades held ${holdMs} ms in case it is given back)`,
      ),
    );
  }

  /** A shard lost while being taken, given back: its hand-over goes on, or the take that came due meanwhile is made now. */
  private givenBackTaking(shard: number, state: Taking): void {
    const lostForMs = this.options.scheduler.now() - (state.lostAt ?? 0);
    delete state.lostAt;
    const take = state.deferredTake;
    delete state.deferredTake;
    this.options.logger?.info(
      { shard, from: state.from, lostForMs, heldTrades: state.held.length, released: take !== undefined },
      'shard hand-over: given back while being taken',
    );
    if (take !== undefined) take();
    // Said again when said before: a giver that began releasing meanwhile heard no claim made after that.
    else if (state.announced) this.announce(shard, state, state.subscribedAll);
    else if (state.waiting.size === 0) this.announce(shard, state, true);
  }

  /**
   * A shard served here that the group declared lost (this instance's session ran out: the group's
   * coordinator moving with a broker's failover can outlast it). The group may give it straight back:
   * it stays subscribed and its trades are held, published nothing, for `standbyHoldMs`, so that what
   * was received meanwhile is published then ({@link givenBack}). Another instance's claim of it, or
   * the hold's time, ends that. It says `shard_revoked` at once, as any lost shard.
   */
  private holdLost(shard: number): void {
    const { gate, instanceId, scheduler } = this.options;
    const now = scheduler.now();
    const held: Standby = {
      kind: 'standby',
      owner: instanceId,
      since: now,
      hold: new StandbyHold(this.options.standbyHoldMs ?? DEFAULT_STANDBY_HOLD_MS),
      waiting: new Map(),
      takingOver: false,
      assigned: false,
      lostAt: now,
    };
    this.states.set(shard, held);
    this.forgetServed(shard);
    gate.set(shard, 'standby');
    scheduler.schedule(() => {
      if (this.states.get(shard) !== held) return;
      // An instance given the shard meanwhile may wait for this one's release (it heard it serve the shard while it took it).
      this.withdraw(shard);
      this.stop(shard, undefined);
    }, held.hold.holdMs);
    this.options.logger?.info({ shard, holdMs: held.hold.holdMs }, 'shard hand-over: lost to the group; its trades held in case it is given back');
    this.statuses.next(
      this.status(
        'shard_revoked',
        shard,
        `${instanceId} stopped serving cluster shard ${shard} of ${gate.shards} (${LOST}; its trades held ${held.hold.holdMs} ms in case it is given back)`,
      ),
    );
  }

  /**
   * A lost shard given back with nobody else's claim of it read meanwhile: the trades held since the
   * loss after the last this instance published of each symbol are published, and it serves on. The
   * hold reaches back to the loss unless it lasted longer than the hold: then the hole from this
   * instance's last trades is looked for, as after a takeover.
   */
  private givenBack(shard: number, lost: Standby, lostAt: number): void {
    const { gate, instanceId, scheduler } = this.options;
    const now = scheduler.now();
    const last = this.lastServed.of(shard, now);
    const reaches = now - lostAt <= lost.hold.holdMs;
    const { publish, published } = flushHeld(lost.hold.held(now), last);
    this.states.set(shard, { kind: 'serving' });
    gate.set(shard, 'serving');
    this.write({ kind: 'serving', shard, instance: instanceId, at: now });
    this.moves.next({ kind: 'moved', shard });
    this.serve(shard, {
      since: lostAt,
      last,
      how: reaches ? 'given back after it was lost; what it received meanwhile published' : 'given back after it was lost for longer than its hold',
      from: instanceId,
      continuous: reaches,
    });
    for (const trade of publish) this.downstream?.next(trade);
    for (const trade of published.values()) this.lastServed.set(trade);
    this.options.logger?.info(
      { shard, lostForMs: now - lostAt, heldTrades: publish.length, continuous: reaches },
      'shard hand-over: given back after it was lost; the trades held published',
    );
  }

  /**
   * The overlap after the taker said it is subscribed (at `since`) has passed: the giver stops once each
   * socket that carried the shard's trades has come as far as `since` (a socket behind its others, busy
   * subscribing or its instance overloaded, delivers trades the taker's socket never had), checked
   * every {@link CATCH_UP_CHECK_MS}. At `deadline` it stops all the same, and says which sockets were
   * behind: the taker looks for their symbols' holes (`behindGiver`).
   */
  private releaseCaughtUp(shard: number, to: string, since: number, deadline: number, waiting = false): void {
    const state = this.states.get(shard);
    if (state?.kind !== 'releasing') return;
    const now = this.options.scheduler.now();
    const behind = this.lastServed.behind(shard, since, now);
    if (behind.length === 0 || now >= deadline) {
      if (behind.length > 0) {
        this.options.logger?.warn(
          { shard, to, sockets: behind, waitedMs: now - since },
          "shard hand-over: sockets still behind the new owner's subscription; released all the same, the new owner looks for their symbols' holes",
        );
      }
      this.release(shard, to);
      return;
    }
    if (!waiting) {
      this.options.logger?.info({ shard, to, sockets: behind }, "shard hand-over: sockets behind the new owner's subscription; released once they catch up");
    }
    state.release = this.options.scheduler.schedule(() => this.releaseCaughtUp(shard, to, since, deadline, true), CATCH_UP_CHECK_MS);
  }

  /** The giver stops: the last trades it published go on the control topic. */
  private release(shard: number, to: string | undefined, why?: string): void {
    const state = this.states.get(shard);
    if (state?.kind !== 'releasing') return;
    state.release?.unsubscribe();
    const last = this.lastServed.of(shard, this.options.scheduler.now());
    const now = this.options.scheduler.now();
    const open = [...this.open].filter(([, of]) => of === shard).map(([instrument]) => instrument);
    this.write({
      kind: 'released',
      shard,
      instance: this.options.instanceId,
      ...(to === undefined ? {} : { to }),
      at: now,
      last,
      ...(open.length === 0 ? {} : { open }),
    });
    this.options.logger?.info(
      { shard, to, servedForMs: now - state.since, symbols: last.length, ...(why === undefined ? {} : { why }) },
      'shard hand-over: released',
    );
    this.stop(
      shard,
      `${this.options.instanceId} stopped serving cluster shard ${shard} of ${this.options.gate.shards} (${to !== undefined ? `handed over to ${to}` : (why ?? 'handed over to none')})`,
    );
  }

  /**
   * The taker's wait is over: the previous owner's last trades (exact) and the instance its release
   * named (`to`), or none (`how` says why it serves without them).
   */
  private take(
    shard: number,
    state: Taking,
    last: readonly HandOverTrade[] | undefined,
    release: { readonly to?: string | undefined; readonly open?: readonly string[] | undefined; readonly how?: string } = {},
  ): void {
    if (state.lostAt !== undefined) {
      // Not this instance's now: taken if it is given back.
      state.deferredTake = () => this.take(shard, state, last, release);
      return;
    }
    const { to, how } = release;
    state.timer?.unsubscribe();
    state.memberCheck?.unsubscribe();
    this.states.set(shard, { kind: 'serving' });
    this.options.gate.set(shard, 'serving');
    // Taken back by the group meanwhile: released next, its next owner waits for this one's `released` already.
    if (state.revokedAt === undefined) this.write({ kind: 'serving', shard, instance: this.options.instanceId, at: this.options.scheduler.now() });
    if (last === undefined) this.unreleased.set(shard, { from: state.from, since: state.since, heard: false });
    else this.unreleased.delete(shard);
    const { publish, dropped, cut, published, overlapped } = flushHeld(state.held, last);
    // Continuous: the giver stopped only after this instance said it had every instrument subscribed, and its trades reach this one's first (not behind it).
    const inTime = last !== undefined && to === this.options.instanceId && state.subscribedAll;
    const reaches = last === undefined || giverReachesTaker(state.held, last);
    const continuous = inTime && reaches;
    const behind = continuous ? behindGiver(firstPerSymbol(state.held).values(), cut, state.announcedAt ?? this.options.scheduler.now()) : new Set<string>();
    // Handed on with the release, or behind the giver: looked for from the cut whether this instance held a trade of it or not
    // (a trade held after the cut shows the hole only to a detector that looks for it).
    const handedOn = continuous ? new Set([...(release.open ?? []), ...behind]) : undefined;
    this.keepOpen(shard, handedOn, state.held);
    this.serve(shard, {
      since: state.since,
      last,
      how:
        how ??
        (last === undefined
          ? `no release from ${state.from}`
          : continuous
            ? `handed over by ${state.from}${behind.size === 0 ? '' : `; the hole of ${behind.size} instrument(s) its sockets were behind on looked for`}`
            : inTime
              ? `handed over by ${state.from}, whose last trades were made before this instance's first (its sockets behind); the hole between them looked for`
              : `${state.from} stopped before this instance was subscribed; the hole between them looked for`),
      from: state.from,
      continuous,
      overlapped,
      ...(handedOn !== undefined && handedOn.size > 0 ? { open: handedOn } : {}),
    });
    for (const trade of publish) this.downstream?.next(trade);
    for (const trade of published.values()) this.lastServed.set(trade);
    this.overlapDropped += dropped;
    this.lateCuts.keep(shard, cut);
    this.options.logger?.info(
      {
        shard,
        from: state.from,
        heldTrades: state.held.length,
        publishedByPreviousOwner: dropped,
        tookMs: this.options.scheduler.now() - state.since,
        released: last !== undefined,
        continuous,
        ...(inTime && !reaches ? { giverBehind: true } : {}),
        ...(behind.size === 0 ? {} : { behind: [...behind].slice(0, 20), behindCount: behind.size }),
      },
      'shard hand-over: taken',
    );
    // The next owner subscribed after the revoke, maybe before this flush: what was just published counts as released.
    if (state.revokedAt !== undefined) this.revoked(shard, state.revokedAt);
  }

  /** A taker that cannot wait any longer for its previous owner's word (`why`): it serves what it holds, and the hole is read back. */
  private timedOut(shard: number, why: string): void {
    const state = this.states.get(shard);
    if (state?.kind !== 'taking') return;
    this.options.logger?.warn(
      { shard, from: state.from, why, heldTrades: state.held.length },
      "shard hand-over: serving without the previous owner's release; the hole read back from the trades topic",
    );
    if (!state.announced) this.announce(shard, state);
    this.takeUnreleased(shard, state, why);
  }

  /**
   * Serving from now: gap detection told where the previous owner stopped (or, without its word, to
   * read back what was published of trades received before `since`, when this instance began
   * taking the shard: its own held trades, published now, are not the previous owner's), the status said.
   */
  private serve(
    shard: number,
    taken: {
      readonly since: number;
      readonly last?: readonly HandOverTrade[] | undefined;
      readonly how?: string;
      readonly from?: string;
      readonly continuous?: boolean;
      readonly overlapped?: ReadonlySet<string>;
      readonly open?: ReadonlySet<string>;
    },
  ): void {
    const { since, last, how, from, continuous, overlapped, open } = taken;
    this.moves.next({
      kind: 'taken',
      shard,
      at: since,
      ...(last === undefined ? {} : { last }),
      ...(from === undefined ? {} : { from }),
      ...(continuous === undefined ? {} : { continuous }),
      ...(overlapped === undefined || overlapped.size === 0 ? {} : { overlapped }),
      ...(open === undefined ? {} : { open }),
    });
    this.statuses.next(
      this.status(
        'shard_assigned',
        shard,
        `${this.options.instanceId} serves cluster shard ${shard} of ${this.options.gate.shards}${how === undefined ? '' : ` (${how})`}`,
      ),
    );
  }

  /** The shard is no longer subscribed here; `reason`: the status said (none: it was never served). */
  private stop(shard: number, reason: string | undefined): void {
    this.states.delete(shard);
    this.forgetServed(shard);
    this.lateCuts.forget(shard);
    this.lastServed.forget(shard);
    if (![...this.states.values()].some((state) => state.kind === 'releasing')) this.lastServed.forgetHeard();
    for (const [instrument, of] of this.open) if (of === shard) this.open.delete(instrument);
    this.options.gate.set(shard, undefined);
    this.moves.next({ kind: 'moved', shard });
    if (reason !== undefined) this.statuses.next(this.status('shard_revoked', shard, reason));
    this.planned.next(this.options.gate.planned);
    if (this.states.size === 0) {
      for (const resolve of this.emptied) resolve();
      this.emptied.clear();
    }
  }

  /** What was kept of how the shard came to be served here (without its previous owner's release, as nobody's, its subscriptions to confirm). */
  private forgetServed(shard: number): void {
    this.unreleased.delete(shard);
    this.asNobodys.forget(shard);
    this.confirming.delete(shard);
  }

  /**
   * The instruments of a shard just taken whose hole a later release of it hands on: `handedOn` (a
   * continuous take: those its previous owner had not found, or its sockets were behind on), or all of
   * the shard's (undefined: not continuous), less those of which a trade was held (published now, or
   * dropped at the cut): the take's move has gap detection look for their hole here.
   */
  private keepOpen(shard: number, handedOn: Iterable<string> | undefined, held: readonly TradeEvent[]): void {
    const open = new Set(handedOn ?? this.instrumentsOf(shard).keys());
    for (const trade of held) open.delete(instrumentOf(trade));
    for (const instrument of open) this.open.set(instrument, shard);
  }

  /** Whether a trade of a shard taken lately comes after its previous owner's cut (counted when not). */
  private pastCut(trade: TradeEvent): boolean {
    if (this.lateCuts.pastCut(this.options.gate.shardOf(trade.coin, trade.quote, trade.instrument), trade)) return true;
    this.overlapDropped++;
    return false;
  }

  private hold(trade: TradeEvent): void {
    const shard = this.options.gate.shardOf(trade.coin, trade.quote, trade.instrument);
    const state = this.states.get(shard);
    if (state?.kind !== 'taking') return;
    state.held.push(trade);
    if (!state.announced && state.waiting.delete(instrumentOf(trade)) && state.waiting.size === 0) this.announce(shard, state, true);
    if (state.held.length < this.options.maxHeldTrades) return;
    if (state.lostAt !== undefined) this.abandon(shard, state, `${state.held.length} trades held while lost, the most a taker holds`);
    else this.timedOut(shard, `${state.held.length} trades held, the most a taker holds`);
  }

  /**
   * Another instance says it serves a shard this one serves as nobody's: its word read late (a first
   * start, this instance's reads of the control topic behind). Alive, it stops once it hears of this
   * one and says where (`releasedLate`). Gone without that word, the hole between its last trades
   * published and this one's first is looked for, as for any owner gone without a release.
   */
  private servedToo(shard: number, from: string): void {
    this.asNobodys.servedToo(shard, from, (nobodys) => {
      this.options.logger?.warn(
        { shard, from },
        "shard hand-over: another instance served the shard this one serves as nobody's, and left the cluster without releasing it; the hole between them read back from the trades topic",
      );
      this.moves.next({ kind: 'taken', shard, at: nobodys.since, from, continuous: false });
    });
  }

  /** A trade of a shard stood by here: held for `standbyHoldMs`; it tells that its instrument is subscribed. */
  private holdStandby(trade: TradeEvent): void {
    const state = this.states.get(this.options.gate.shardOf(trade.coin, trade.quote, trade.instrument));
    if (state?.kind !== 'standby') return;
    state.hold.add(trade, this.options.scheduler.now());
    if (state.waiting.size > 0) state.waiting.delete(instrumentOf(trade));
  }

  /**
   * Instruments a socket of `exchange` has subscribed: a shard being taken whose every instrument is
   * says so. Only the instrument's venue counts (its primary, or the venue a failover moved it to): a
   * fallback's socket is subscribed while a failover is tried, before it carries the instrument's trades.
   */
  private subscribed(exchange: ExchangeId, instruments: readonly string[]): void {
    for (const [shard, waiting] of [...this.confirming]) {
      for (const instrument of instruments) if (waiting.get(instrument) === exchange) waiting.delete(instrument);
      if (waiting.size === 0) this.confirm(shard);
    }
    for (const [shard, state] of this.states) {
      if (state.kind === 'standby') {
        for (const instrument of instruments) if (state.waiting.get(instrument) === exchange) state.waiting.delete(instrument);
        continue;
      }
      if (state.kind !== 'taking' || state.announced) continue;
      for (const instrument of instruments) {
        const venue = state.waiting.get(instrument);
        if (venue === undefined) continue;
        if (venue === exchange) state.waiting.delete(instrument);
        else {
          const on = state.subscribedOn.get(instrument);
          if (on === undefined) state.subscribedOn.set(instrument, new Set([exchange]));
          else on.add(exchange);
        }
      }
      if (state.waiting.size === 0) this.announce(shard, state, true);
    }
  }

  /** A failover (or switch-back) moved `instruments` to `venue`: a shard being taken waits for that venue's socket, which may have said it is subscribed already. */
  private venueChanged(venue: ExchangeId, instruments: readonly string[]): void {
    for (const waiting of this.confirming.values()) for (const instrument of instruments) if (waiting.has(instrument)) waiting.set(instrument, venue);
    for (const [shard, state] of this.states) {
      if (state.kind !== 'taking' || state.announced) continue;
      for (const instrument of instruments) {
        if (!state.waiting.has(instrument)) continue;
        if (state.subscribedOn.get(instrument)?.has(venue) === true) state.waiting.delete(instrument);
        else state.waiting.set(instrument, venue);
      }
      if (state.waiting.size === 0) this.announce(shard, state, true);
    }
  }

  /** A trade of a shard served as nobody's: its instrument is subscribed. */
  private confirmedBy(trade: TradeEvent): void {
    const shard = this.options.gate.shardOf(trade.coin, trade.quote, trade.instrument);
    const waiting = this.confirming.get(shard);
    if (waiting?.delete(instrumentOf(trade)) === true && waiting.size === 0) this.confirm(shard);
  }

  /** Every instrument of a shard served as nobody's is subscribed: says `serving` (an instance still releasing it may stop now). */
  private confirm(shard: number): void {
    this.confirming.delete(shard);
    if (this.states.get(shard)?.kind !== 'serving') return;
    this.asNobodys.subscribed(shard, this.options.scheduler.now());
    this.options.logger?.info({ shard }, 'shard hand-over: subscribed the shard it serves as nobody else');
    this.write({ kind: 'serving', shard, instance: this.options.instanceId, at: this.options.scheduler.now() });
  }

  /**
   * Says `taking`: every instrument is subscribed (`subscribedAll`), or the taker cannot wait any
   * longer. From now on it waits `timeoutMs` at most for its previous owner's release.
   */
  private announce(shard: number, state: Taking, subscribedAll = false): void {
    // Lost: it claims nothing until it is given back.
    if (state.lostAt !== undefined) return;
    // Said again: a claim heard since it was first said is a later owner's, still one to hand the shard to.
    const heardSince = state.announced ? this.claims.get(shard) : undefined;
    state.announced = true;
    state.announcedAt = this.options.scheduler.now();
    state.subscribedAll = subscribedAll;
    this.options.logger?.info(
      { shard, from: state.from, subscribedInMs: this.options.scheduler.now() - state.since },
      'shard hand-over: subscribed, asking the previous owner to release',
    );
    this.write({ kind: 'taking', shard, instance: this.options.instanceId, at: this.options.scheduler.now() });
    if (heardSince !== undefined) this.claims.set(shard, heardSince);
    state.timer?.unsubscribe();
    state.timer = this.options.scheduler.schedule(() => this.releaseOverdue(shard, state), this.options.timeoutMs);
  }

  /**
   * No release `timeoutMs` after this instance said it is subscribed. A giver that said it is releasing
   * the shard, or said it serves it while this one takes it (a standby taking over a killed owner's
   * shard), and is still a member of the group is alive but slow (its reads
   * of the control topic late under load): it is waited for another `timeoutMs`, and so on, since
   * serving now would publish twice what both hold (the held trades stay bounded by `maxHeldTrades`).
   * A giver gone, silent, or a cluster that cannot tell (`isGone` absent): this instance serves what it holds.
   */
  private releaseOverdue(shard: number, state: Taking): void {
    const why = `no release from ${state.from} within ${this.options.timeoutMs} ms of saying it is subscribed`;
    const isGone = this.options.isGone;
    // A giver that is itself taking the shard, of a taker the group took it from meanwhile, may be taking it
    // from this one (each waiting for the other's release): this one, which serves it next to hand it on, does not wait.
    const waitsOnTaker = state.giverClaimed === 'taking' && state.revokedAt === undefined;
    if (isGone === undefined || (!state.giverReleasing && state.giverClaimed !== 'serving' && !waitsOnTaker)) {
      this.timedOut(shard, why);
      return;
    }
    const from = state.from;
    void isGone(from, shard).then(
      (gone) => {
        if (this.states.get(shard) !== state || state.from !== from) return;
        if (gone) {
          this.timedOut(shard, `${why}, and it left the cluster`);
          return;
        }
        state.overdue = (state.overdue ?? 0) + 1;
        if (state.overdue === 1) {
          this.options.logger?.warn(
            { shard, from, waitedMs: this.options.scheduler.now() - state.since, heldTrades: state.held.length },
            'shard hand-over: no release yet from a previous owner still in the cluster and serving the shard; waiting on',
          );
        }
        state.timer?.unsubscribe();
        state.timer = this.options.scheduler.schedule(() => this.releaseOverdue(shard, state), this.options.timeoutMs);
      },
      () => this.timedOut(shard, why),
    );
  }

  /**
   * The previous owner said it is releasing the shard: it is alive, member of the group or not. A
   * planned stop says how long it serves at most (`servesForMs`): past that, and the overlap, with no
   * release read, it stopped without one (killed in its stop), and this instance serves what it holds.
   */
  private giverLeaving(shard: number, state: Taking, servesForMs: number | undefined, at: number): void {
    state.giverReleasing = true;
    delete state.giverClaimed;
    // It began releasing after this instance said `taking`: it was taking the shard itself then, and
    // took that claim for one made of its own previous owner. Said again, for it to release on.
    if (state.announced && state.announcedAt !== undefined && at > state.announcedAt) {
      this.announce(shard, state, state.subscribedAll);
      return;
    }
    if (servesForMs === undefined || state.announced) return;
    state.timer?.unsubscribe();
    state.timer = this.options.scheduler.schedule(
      () => this.timedOut(shard, `${state.from} stopped within the ${servesForMs} ms it said it would serve, without a release`),
      servesForMs + this.options.overlapMs + this.options.timeoutMs,
    );
  }

  private write(record: HandOverRecord): void {
    this.remember(record);
    this.ownedBy(record);
    if (record.kind === 'taking' || record.kind === 'serving') this.claims.delete(record.shard);
    this.options.write(record);
  }

  /** The instruments of a shard, each with its primary venue (the first of its failover chain: the one a shard's connections start on). */
  private instrumentsOf(shard: number): Map<string, ExchangeId> {
    const { gate } = this.options;
    const instruments = new Map<string, ExchangeId>();
    for (const { key, coin, quote, venues } of this.market()) {
      const primary = venues[0]?.exchange;
      if (primary !== undefined && gate.shardOf(coin, quote, key) === shard) instruments.set(key, primary);
    }
    return instruments;
  }

  /** Who owns the shard after `record` (see `owners`). */
  /** The latest word of the shard's owners: a `withdrawn` is none (the instance that served it before, or said it takes it, is still the one a taker waits for). */
  private remember(record: HandOverRecord): void {
    if (record.kind !== 'withdrawn') this.latest.set(record.shard, record);
    const stopped = this.stopped.get(record.shard) ?? new Set<string>();
    if (record.kind === 'withdrawn' || record.kind === 'released') stopped.add(record.instance);
    else stopped.delete(record.instance);
    if (stopped.size === 0) this.stopped.delete(record.shard);
    else this.stopped.set(record.shard, stopped);
  }

  private ownedBy(record: HandOverRecord): void {
    if (record.kind === 'serving') this.servedBy.set(record.shard, record.instance);
    else if (record.kind === 'withdrawn') {
      if (this.servedBy.get(record.shard) === record.instance) this.servedBy.delete(record.shard);
    } else if (record.kind === 'released') {
      if (record.to === undefined) this.servedBy.delete(record.shard);
      else this.servedBy.set(record.shard, record.to);
    } else if (!this.servedBy.has(record.shard)) this.servedBy.set(record.shard, record.instance);
  }

  /** Says this instance no longer stands by `shard`. */
  private standbyStopped(shard: number, why: string): void {
    this.statuses.next(
      this.status(
        'shard_standby_stopped',
        shard,
        `${this.options.instanceId} no longer stands by cluster shard ${shard} of ${this.options.gate.shards} (${why})`,
      ),
    );
  }

  private status(state: 'shard_assigned' | 'shard_revoked' | 'shard_standby' | 'shard_standby_stopped', shard: number, reason: string): FeedStatus {
    return {
      type: 'feed_status',
      exchange: this.options.exchange,
      state,
      reason,
      ts: this.options.scheduler.now(),
      instanceId: this.options.instanceId,
      clusterShard: shard,
    };
  }
}
