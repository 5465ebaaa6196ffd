import { Observable, type OperatorFunction } from 'rxjs';
import type { BookInput, BookOutput } from './book-update.js';
import type { SymbolReducer } from './venue-protocol.js';

/**
 * Runs a book reducer per symbol: each input (an update, or a refused frame's loss) is folded into
 * its symbol's state and the reducer's views and resyncs are emitted in order. State lives per subscription, so a new socket starts from
 * empty books. (A loop rather than `scan` and `concatMap`: an inner subscription per update cost more
 * than the fold itself.)
 */
export function reduceBooksPerSymbol<S>(reducer: SymbolReducer<S, BookInput, BookOutput>): OperatorFunction<BookInput, BookOutput> {
  return (source) =>
    new Observable<BookOutput>((subscriber) => {
      const states = new Map<string, S>();
      return source.subscribe({
        next: (update) => {
          const state = states.has(update.symbol) ? (states.get(update.symbol) as S) : reducer.initial(update.symbol);
          const step = reducer.reduce(state, [update]);
          states.set(update.symbol, step.state);
          for (const output of step.events) subscriber.next(output);
        },
        error: (error: unknown) => subscriber.error(error),
        complete: () => subscriber.complete(),
      });
    });
}
