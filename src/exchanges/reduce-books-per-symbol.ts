import { concatMap, defer, map, scan, type OperatorFunction } from 'rxjs';
import type { BookOutput, BookUpdate } from './book-update.js';
import type { SymbolReducer } from './venue-protocol.js';

interface Folded<S> {
  readonly states: Map<string, S>;
  readonly out: readonly BookOutput[];
}

/**
 * Runs a book reducer per symbol with `scan`: each update is folded into its symbol's state and
 * the reducer's views and resyncs are emitted in order. State lives per subscription, so a new
 * socket starts from empty books.
 */
export function reduceBooksPerSymbol<S>(reducer: SymbolReducer<S, BookUpdate, BookOutput>): OperatorFunction<BookUpdate, BookOutput> {
  return (source) =>
    defer(() =>
      source.pipe(
        scan((folded: Folded<S>, update: BookUpdate) => {
          const state = folded.states.get(update.symbol) ?? reducer.initial(update.symbol);
          const step = reducer.reduce(state, [update]);
          folded.states.set(update.symbol, step.state);
          return { states: folded.states, out: step.events };
        }, { states: new Map<string, S>(), out: [] }),
        map((folded) => folded.out),
        concatMap((out) => out),
      ),
    );
}
