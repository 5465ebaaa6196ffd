import type { ExchangeId, InstrumentKey } from '../model/index.js';
import type { ConnectionLimits } from '../exchanges/connection-limits.js';

/** One venue of an instrument's failover chain: its symbol there, and its own quote when it is not the instrument's. */
export interface ShardVenue {
  readonly exchange: ExchangeId;
  readonly symbol: string;
  /** The quote of the venue's listing when it stands in for the instrument's (equivalent quotes); absent: the instrument's. */
  readonly quote?: string;
  /** Base asset per contract where the venue sizes in contracts (OKX swaps' `ctVal`); absent: it sizes in the base asset. */
  readonly contractValue?: number;
}

/** One instrument to serve: its canonical key and parts, and the venues that list it, in failover order. */
export interface ShardCandidate {
  /** What it is served as: its canonical key, or an option's venue and key (`SelectedInstrument.key`). */
  readonly key: InstrumentKey;
  /** The canonical key its records and statuses carry where `key` is not it (an option's). */
  readonly recordKey?: InstrumentKey;
  readonly coin: string;
  readonly quote: string;
  /**
   * The venues listing it as trading, in failover order (the first is its primary), each with its
   * symbol there, and the venue's own quote when it serves the instrument by a listing at an
   * equivalent quote (Coinbase's `BTC-USD` at quote `USD` for `BTC-USDT`).
   */
  readonly venues: readonly ShardVenue[];
  /** Whether its order book is followed (its depth channel subscribed too). Default false. */
  readonly book?: boolean;
}

/** An instrument as a shard serves it: the candidate it came from. */
export type ShardInstrument = ShardCandidate;

/** A connection shard: the failover unit. One connection per venue of its chain, each subscribing every instrument of the shard. */
export interface ConnectionShard {
  /** Stable while the shard lives, e.g. `s4`. */
  readonly id: string;
  /** The venues every instrument of the shard is listed on, in failover order. */
  readonly chain: readonly ExchangeId[];
  readonly instruments: readonly ShardInstrument[];
}

/** An instrument a venue of its chain does not serve, because that venue's per-IP caps were full. */
export interface CappedVenue {
  readonly key: InstrumentKey;
  readonly exchange: ExchangeId;
  readonly symbol: string;
}

export interface ShardPlan {
  readonly shards: readonly ConnectionShard[];
  /** The number the next new shard's id gets. */
  readonly nextId: number;
  /** Instruments no connection can hold (their topics alone exceed a venue's limits): served nowhere, and said so. */
  readonly refused: readonly InstrumentKey[];
  /** Instruments left out of a venue's chain by its per-IP caps (`ShardPlanLimits.perIp`): served by the rest of their chain, and said so. */
  readonly capped: readonly CappedVenue[];
}

/** What all of a venue's connections from one IP may hold together (Hyperliquid: 10 connections, 1,000 subscriptions). */
export interface PerIpCaps {
  readonly maxConnections: number;
  readonly maxTopics: number;
}

export interface ShardPlanLimits {
  /** Instruments per shard at most (a shard fails over as one unit). */
  readonly maxInstruments: number;
  /** Per venue: what one connection may hold. */
  readonly connections: Readonly<Partial<Record<ExchangeId, Pick<ConnectionLimits, 'maxTopics' | 'maxTopicChars'>>>>;
  /** The topics an instrument takes on a venue (its streams, and its depth channel when its book is followed). */
  topicsOf(exchange: ExchangeId, symbol: string, book: boolean): readonly string[];
  /** Per venue that caps them: what all its connections may hold together. */
  readonly perIp?: Readonly<Partial<Record<ExchangeId, PerIpCaps>>>;
}

export const EMPTY_PLAN: ShardPlan = { shards: [], nextId: 0, refused: [], capped: [] };

/** The failover chain of a candidate, as a map key. */
const chainKey = (venues: readonly ExchangeId[]): string => venues.join('>');

interface Load {
  topics: number;
  chars: number;
}

/** Room accounting of one shard: topics and topic characters per venue of its chain. */
class ShardRoom {
  private readonly loads = new Map<ExchangeId, Load>();
  count = 0;

  constructor(private readonly limits: ShardPlanLimits) {}

  /** Whether `candidate` fits; if so it is counted in. */
  take(candidate: ShardCandidate): boolean {
    if (this.count >= this.limits.maxInstruments) return false;
    const costs = candidate.venues.map(({ exchange, symbol }) => {
      const topics = this.limits.topicsOf(exchange, symbol, candidate.book === true);
      return { exchange, topics: topics.length, chars: topics.reduce((sum, topic) => sum + topic.length + 3, 0) };
    });
    for (const cost of costs) {
      const load = this.loads.get(cost.exchange) ?? { topics: 0, chars: 0 };
      const cap = this.limits.connections[cost.exchange];
      if (cap !== undefined && load.topics + cost.topics > cap.maxTopics) return false;
      if (cap?.maxTopicChars !== undefined && load.chars + cost.chars > cap.maxTopicChars) return false;
    }
    for (const cost of costs) {
      const load = this.loads.get(cost.exchange) ?? { topics: 0, chars: 0 };
      this.loads.set(cost.exchange, { topics: load.topics + cost.topics, chars: load.chars + cost.chars });
    }
    this.count += 1;
    return true;
  }
}

/**
 * Packs instruments into connection shards. Instruments share a shard only when the same venues list
 * them in the same order (a shard fails over as one unit, to the next venue of its chain), and a
 * shard holds no more than `maxInstruments` nor, on any venue of its chain, more topics or topic
 * characters than one connection may hold. Stable across refreshes: a shard of `previous` keeps its
 * id and the instruments still to be served on the same chain, in their order; a new instrument goes
 * to the first shard of its chain with room, else to a new shard. Shards left empty are dropped.
 * A venue with per-IP caps (`limits.perIp`) keeps the first candidates whose topics fit its cap of
 * subscriptions, then gives up the last of them until its shards fit its cap of connections: each
 * instrument it gives up is served by the rest of its chain (nowhere, when it was the only venue), and
 * listed in `capped`.
 */
export function planShards(candidates: readonly ShardCandidate[], limits: ShardPlanLimits, previous: ShardPlan = EMPTY_PLAN): ShardPlan {
  const capped: CappedVenue[] = [];
  let served = candidates;
  for (const [exchange, caps] of Object.entries(limits.perIp ?? {}) as [ExchangeId, PerIpCaps][]) {
    // Its topics first, in the candidates' order (the first are kept); then its connections, one instrument at a time from the last.
    let topics = 0;
    served = served.map((candidate) => {
      const venue = candidate.venues.find((v) => v.exchange === exchange);
      if (venue === undefined) return candidate;
      topics += limits.topicsOf(exchange, venue.symbol, candidate.book === true).length;
      return topics <= caps.maxTopics ? candidate : withoutVenue(candidate, exchange, capped);
    });
    for (;;) {
      const connections = packShards(served, limits, previous).shards.filter((shard) => shard.chain.includes(exchange)).length;
      const last = served.findLastIndex((candidate) => candidate.venues.some((v) => v.exchange === exchange));
      if (connections <= caps.maxConnections || last < 0) break;
      served = served.map((candidate, i) => (i === last ? withoutVenue(candidate, exchange, capped) : candidate));
    }
  }
  return { ...packShards(served, limits, previous), capped };
}

/** `candidate` without `exchange` in its chain, noted in `capped`. */
function withoutVenue(candidate: ShardCandidate, exchange: ExchangeId, capped: CappedVenue[]): ShardCandidate {
  const venue = candidate.venues.find((v) => v.exchange === exchange);
  if (venue !== undefined) capped.push({ key: candidate.key, exchange, symbol: venue.symbol });
  return { ...candidate, venues: candidate.venues.filter((v) => v.exchange !== exchange) };
}

function packShards(candidates: readonly ShardCandidate[], limits: ShardPlanLimits, previous: ShardPlan): Omit<ShardPlan, 'capped'> {
  const wanted = new Map(candidates.filter((c) => c.venues.length > 0).map((c) => [c.key, c]));
  const shards: { id: string; chain: readonly ExchangeId[]; instruments: ShardInstrument[]; room: ShardRoom }[] = [];
  const placed = new Set<InstrumentKey>();
  for (const shard of previous.shards) {
    const kept = { id: shard.id, chain: shard.chain, instruments: [] as ShardInstrument[], room: new ShardRoom(limits) };
    for (const instrument of shard.instruments) {
      const candidate = wanted.get(instrument.key);
      if (candidate === undefined || placed.has(candidate.key) || chainKey(candidate.venues.map((v) => v.exchange)) !== chainKey(shard.chain)) continue;
      if (!kept.room.take(candidate)) continue;
      kept.instruments.push(candidate);
      placed.add(candidate.key);
    }
    if (kept.instruments.length > 0) shards.push(kept);
  }
  let nextId = previous.nextId;
  const refused: InstrumentKey[] = [];
  for (const candidate of wanted.values()) {
    if (placed.has(candidate.key)) continue;
    const chain = candidate.venues.map((v) => v.exchange);
    let home = shards.find((shard) => chainKey(shard.chain) === chainKey(chain) && shard.room.take(candidate));
    if (home === undefined) {
      home = { id: `s${nextId}`, chain, instruments: [], room: new ShardRoom(limits) };
      if (!home.room.take(candidate)) {
        refused.push(candidate.key);
        continue;
      }
      nextId += 1;
      shards.push(home);
    }
    home.instruments.push(candidate);
    placed.add(candidate.key);
  }
  return { shards: shards.map(({ id, chain, instruments }) => ({ id, chain, instruments })), nextId, refused };
}
