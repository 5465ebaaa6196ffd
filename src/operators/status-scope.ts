import { map, type MonoTypeOperatorFunction } from 'rxjs';
import { instrumentOf, type FeedEvent, type FeedStatus, type InstrumentParts } from '../model/index.js';

/** What a status is about: one venue symbol, the instruments of a shard, or the whole feed. */
export type StatusScope =
  | { readonly kind: 'symbol'; readonly symbol: string }
  | { readonly kind: 'instruments'; readonly instruments: ReadonlySet<string> }
  | { readonly kind: 'feed' };

/** A record a status may be about: its venue symbol and what names its canonical instrument (`instrumentOf`). */
export interface StatusSubject extends InstrumentParts {
  readonly symbol: string;
}

const FEED: StatusScope = { kind: 'feed' };
const sets = new WeakMap<readonly string[], ReadonlySet<string>>();

/** The scope of a status (a shard's instruments as a set, built once per status). */
export function scopeOf(status: FeedStatus): StatusScope {
  if (status.symbol !== undefined) return { kind: 'symbol', symbol: status.symbol };
  const list = status.instruments;
  if (list === undefined) return FEED;
  let set = sets.get(list);
  if (set === undefined) sets.set(list, (set = new Set(list)));
  return { kind: 'instruments', instruments: set };
}

/** Whether `status` concerns `subject`: its symbol, one of its instruments, or the whole feed. */
export function statusAffects(status: FeedStatus, subject: StatusSubject): boolean {
  const scope = scopeOf(status);
  switch (scope.kind) {
    case 'symbol':
      return scope.symbol === subject.symbol;
    case 'instruments':
      return scope.instruments.has(instrumentOf(subject));
    case 'feed':
      return true;
  }
}

/** The shard a stream of statuses belongs to, for {@link scopeStatuses}. */
export interface ShardScope {
  readonly shard: string;
  /** Its canonical instruments now (read at each status, so a shard that grows says so). */
  instruments(): readonly string[];
}

/**
 * Gives every status that names neither a symbol nor a scope the scope of `shard`: within a shard's
 * pipeline "no symbol" means the shard, and past it nobody must read it as the whole feed.
 */
export function scopeStatuses(shard: ShardScope): MonoTypeOperatorFunction<FeedEvent> {
  return map((event) =>
    event.type === 'feed_status' && event.symbol === undefined && event.shard === undefined
      ? { ...event, shard: shard.shard, instruments: shard.instruments() }
      : event,
  );
}
