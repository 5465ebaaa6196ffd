import type { SchedulerLike, Subscription } from 'rxjs';
import type { Logger } from 'pino';
import type { SocketBarriers } from '../exchanges/connection/socket-barriers.js';
import type { ExchangeId, TradeEvent } from '../model/index.js';
import type { HandOverRecord, HandOverTrade } from './hand-over-records.js';
import type { ShardGate } from './shard-gate.js';
import type { StandbyHold } from './standby-hold.js';

/** What gap detection is told of a shard changing owner here (see `gapHandovers`). */
export type ShardMove =
  /** The shard was assigned here, or this instance stopped serving it: its instruments' last ids are forgotten. */
  | { readonly kind: 'moved'; readonly shard: number }
  /**
   * This instance serves the shard from now on; it began taking it at `at`, ms. `last`: where the previous owner said it
   * stopped (exact); absent, the previous owner said nothing (it was killed, or timed out without
   * a release): what it published must be read back from the trades topic. `from`: the previous
   * owner, when there was one.
   */
  | {
      readonly kind: 'taken';
      readonly shard: number;
      readonly at: number;
      readonly last?: readonly HandOverTrade[];
      readonly from?: string;
      /**
       * The previous owner stopped only after this instance had said it had every instrument of the
       * shard subscribed (its `released` names this instance): nothing can be missing between the two.
       * Otherwise (it stopped first, or said nothing), a hole may lie between its last trade of each
       * symbol and this instance's first, and gap detection looks for it by id and by time.
       */
      readonly continuous?: boolean;
      /** (venue, symbol) keys (`tradeKeyOf`) whose trades this instance held up to the previous owner's cut: no hole lies between the two. */
      readonly overlapped?: ReadonlySet<string>;
      /**
       * With `continuous`: the instruments whose hole is looked for here as if the take were not
       * continuous: those whose hole before the previous owner was still to be found (it had taken the
       * shard without its own previous owner's word and published none of them since), and those its
       * socket was behind on when it stopped (`behindGiver`).
       */
      readonly open?: ReadonlySet<string>;
    };

export interface ShardHandOversOptions {
  /** This instance's name in the records and statuses. */
  readonly instanceId: string;
  readonly gate: ShardGate;
  /** The venue statuses are stamped with (the primary). */
  readonly exchange: ExchangeId;
  /** Writes a record on the control topic (partition = its shard); never throws. */
  readonly write: (record: HandOverRecord) => void;
  /**
   * How long a taker that said it has the shard subscribed waits for its previous owner's release,
   * ms; then it publishes what it holds, gap detection told to read back what was published. A giver
   * waits for its taker however long the taker needs (see {@link ShardHandOvers.stopping}).
   */
  readonly timeoutMs: number;
  /** How long the giver goes on publishing after the taker said it is subscribed (socket delays differ), ms. */
  readonly overlapMs: number;
  /** Trades held back per shard while taking it; past it the hand-over ends as timed out. */
  readonly maxHeldTrades: number;
  readonly scheduler: SchedulerLike;
  readonly logger?: Logger;
  /**
   * Whether an instance is gone: no member of the group now, and every record of `shard` written so
   * far read (a `releasing` it wrote before it left the group has been heard). A taker whose previous
   * owner is gone without a word (killed, its session expired) stops waiting for its release.
   * Default: asks nobody (waits out the time-out).
   */
  readonly isGone?: (instance: string, shard: number) => Promise<boolean>;
  /** How long a standby holds a shard's trades, ms (see `standBy`). Default: the session timeout's default plus 10 s. */
  readonly standbyHoldMs?: number;
  /**
   * The last trade per (venue, symbol) of `shard`'s instruments on the trades topic: what a killed owner
   * published, against which a standby taking its shard cuts what it held. Rejects when the topic
   * could not be read to its end (Kafka out of reach): the standby holds on and reads again. Default:
   * none read (a standby then publishes all it held: a trade may be published twice, none lost).
   */
  readonly readLast?: (shard: number) => Promise<readonly HandOverTrade[]>;
  /**
   * The standby of the shards of `owner` now (`standbyOf`), when it is another member of the group: a
   * taker whose previous owner is gone without a word waits for it (it takes the shard at once and holds
   * what the owner published last) instead of serving the shard with a hole. Default: none.
   */
  readonly standbyOf?: (owner: string) => string | undefined;
  /**
   * The barriers of this instance's venue sockets, which its feed registers (`handOvers.barriers`): a
   * giver asks one of each quiet socket of a shard before it stops. Default: a registry of its own.
   */
  readonly barriers?: SocketBarriers;
}

/** An instrument of the market as the hand-overs see it: its venues, in failover order. */
export interface MarketInstrument {
  /** Its canonical key (`BTC-USDT`, `BTC-USDT-PERP`), which decides its shard. */
  readonly key: string;
  readonly coin: string;
  readonly quote: string;
  readonly venues: readonly { readonly exchange: ExchangeId }[];
}

/** How long a subscribed taker waits for its giver's release by default, ms (a giver alive releases `overlapMs` after it reads the taker's word). */
export const DEFAULT_HAND_OVER_TIMEOUT_MS = 10_000;
export const DEFAULT_HAND_OVER_OVERLAP_MS = 1_000;
export const DEFAULT_MAX_HELD_TRADES = 200_000;

/** How long a standby holds a shard's trades by default, ms: the default session timeout (12 s) plus 10 s. */
export const DEFAULT_STANDBY_HOLD_MS = 22_000;

export interface Taking {
  readonly kind: 'taking';
  /** The instance whose `released` is awaited: the shard's owner before this one (it changes when a later one is heard of). */
  from: string;
  readonly since: number;
  /**
   * Instruments of the shard not yet known to be subscribed here, each with its primary venue: a
   * `subscribed` status of that venue naming it, or a trade of it (the active venue's), clears it.
   */
  readonly waiting: Map<string, ExchangeId>;
  announced: boolean;
  /** When it said `taking`: its sockets carry every trade of the shard made since, at the latest. */
  announcedAt?: number;
  /** Whether it said `taking` once every instrument was subscribed (not forced by too many trades held). */
  subscribedAll: boolean;
  /** Per instrument not yet subscribed, the venues whose socket said it is (a failover may make one of them the instrument's venue). */
  readonly subscribedOn: Map<string, Set<ExchangeId>>;
  readonly held: TradeEvent[];
  /** Once it said `taking`: how long it waits for the release (`timeoutMs`); a previous owner leaving says how long it serves at most. */
  timer?: Subscription;
  /** When the group took it back before the hand-over ended: once taken, it is released at once. */
  revokedAt?: number;
  /** The previous owner said it is releasing the shard, or claimed it lately: it is alive, even if no member of the group any more. */
  giverReleasing: boolean;
  memberCheck?: Subscription;
  /**
   * It was this shard's standby: its held trades may reach back before its previous owner's last
   * published, so a take without the owner's release cuts them at what was read back of the trades topic.
   */
  readonly reachesBack?: boolean;
  /** The read-back of what the previous owner published runs (a take without its release). */
  readingBack?: boolean;
  /** Standbys of a silent previous owner already waited for (each once). */
  awaitedStandbys?: Set<string>;
  /** How many times its wait for the release was extended: the giver alive and serving, only slow. */
  overdue?: number;
  /**
   * What the previous owner said of the shard while this one took it: `serving` (a standby taking it
   * over) or `taking` (it was given the shard itself, and waits for its own previous owner): alive
   * then; still checked for leaving the group.
   */
  giverClaimed?: 'serving' | 'taking';
  /**
   * The group declared the shard lost while it was being taken (this instance's session ran out: the
   * group's coordinator moving with a broker's failover can outlast it): the hand-over goes on, its
   * trades held, for `standbyHoldMs`, in case the group gives it back; nothing is taken or claimed meanwhile.
   */
  lostAt?: number;
  /** The take that came due while the shard was lost (its previous owner's release read): made once it is given back. */
  deferredTake?: () => void;
}

/** A shard another instance owns, which this one follows as its standby: subscribed, trades held for `standbyHoldMs`, nothing published. */
export interface Standby {
  readonly kind: 'standby';
  /** The shard's owner as the control topic says. */
  owner: string;
  readonly since: number;
  readonly hold: StandbyHold;
  /** Instruments not yet known to be subscribed here, each with its primary venue (as for a taker). */
  readonly waiting: Map<string, ExchangeId>;
  /** Set once the owner was found gone: the shard is being taken over. */
  takingOver: boolean;
  /** The group assigned the shard here while it was being taken over. */
  assigned: boolean;
  /**
   * This instance's own shard, lost (its session ran out, e.g. while the group's coordinator moved):
   * its trades held since then, in case the group gives it back; `owner` is this instance.
   */
  readonly lostAt?: number;
}

export interface Releasing {
  readonly kind: 'releasing';
  readonly since: number;
  /** Set once a taker said it is subscribed: the release after the overlap. */
  release?: Subscription;
}

export type Serving = { readonly kind: 'serving' } | Taking | Releasing | Standby;
