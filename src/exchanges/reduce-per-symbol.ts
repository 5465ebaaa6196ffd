import { defer, map, scan, type OperatorFunction } from 'rxjs';
import type { MarketEvent } from '../model/index.js';
import { isMarketItem, type VenueItem } from './venue-item.js';
import type { SymbolReducer } from './venue-protocol.js';

interface Folded<S> {
  readonly states: Map<string, S>;
  readonly out: readonly VenueItem[];
}

/**
 * Runs a protocol's per-symbol reducer with `scan`: each batch (one frame's events) is split by
 * symbol, each symbol's events folded into that symbol's state, and the reducer's events emitted
 * in the order the symbols first appear; statuses, book items and refused frames pass unchanged. State lives per subscription.
 */
export function reducePerSymbol<S>(reducer: SymbolReducer<S>): OperatorFunction<readonly VenueItem[], readonly VenueItem[]> {
  return (source) =>
    defer(() =>
      source.pipe(
        scan((folded: Folded<S>, batch: readonly VenueItem[]) => ({ states: folded.states, out: fold(reducer, folded.states, batch) }), {
          states: new Map<string, S>(),
          out: [],
        }),
        map((folded) => folded.out),
      ),
    );
}

function fold<S>(reducer: SymbolReducer<S>, states: Map<string, S>, batch: readonly VenueItem[]): readonly VenueItem[] {
  const out: VenueItem[] = [];
  const bySymbol = new Map<string, MarketEvent[]>();
  for (const event of batch) {
    if (!isMarketItem(event)) {
      out.push(event);
      continue;
    }
    const group = bySymbol.get(event.symbol);
    if (group === undefined) bySymbol.set(event.symbol, [event]);
    else group.push(event);
  }
  for (const [symbol, events] of bySymbol) {
    const step = reducer.reduce(states.has(symbol) ? (states.get(symbol) as S) : reducer.initial(symbol), events);
    states.set(symbol, step.state);
    out.push(...step.events);
  }
  return out;
}
