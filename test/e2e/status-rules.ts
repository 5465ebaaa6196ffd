import type { ConsumedRecord } from '../support/topic-reader.js';

/**
 * The dead letters written before `beforeTs` (all of them when absent), each as `exchange: error`. A run
 * fed only what a venue really sends has none: a value the venue sends that we refuse is a defect.
 */
export function deadLettersBefore(deadLetters: readonly ConsumedRecord[] | undefined, beforeTs = Number.POSITIVE_INFINITY): string[] {
  return (deadLetters ?? [])
    .map((d) => d.value)
    .filter((d) => Number(d['deadLetteredTs']) < beforeTs)
    .map((d) => `${String(d['exchange'])}: ${String(d['error']).slice(0, 200)}`);
}

/**
 * States a feed is in until another is said. Each is said once as it is entered: the same one again in
 * the same scope, with nothing said in between, is a status repeated while nothing changed. (Events such
 * as a gap, a resync or a failed list read are said each time they happen, and are not here.)
 */
const STATES = new Set(['feed_stale', 'feed_recovered', 'all_sources_down', 'retries_exhausted', 'geo_blocked', 'failover', 'switch_back']);

/** A status's scope: its shard (or venue, outside shards), and its symbol when it has one. */
const text = (value: unknown): string => (typeof value === 'string' ? value : '');
const scopeOf = (s: Readonly<Record<string, unknown>>): string => `${text(s['shard']) || text(s['exchange'])}|${text(s['symbol'])}`;

/**
 * The statuses that say again, in their scope, the state the last one of that scope said (`scope: state`
 * for each), in the order written. A feed says one status per change of state.
 */
export function repeatedStates(statuses: readonly Readonly<Record<string, unknown>>[]): string[] {
  const last = new Map<string, string>();
  const repeated: string[] = [];
  for (const status of [...statuses].sort((a, b) => Number(a['ts']) - Number(b['ts']))) {
    const scope = scopeOf(status);
    const state = String(status['state']);
    if (STATES.has(state) && last.get(scope) === state) repeated.push(`${scope}: ${state} (${String(status['reason']).slice(0, 120)})`);
    last.set(scope, state);
  }
  return repeated;
}
