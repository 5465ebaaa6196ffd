import type { SymbolReducer, SymbolStep } from './venue-protocol.js';

/**
 * A per-symbol reducer made of one step per input: a frame's inputs folded one after the other, their
 * outputs in order (a frame of one input, most of them, is its step as it is).
 */
export function stepReducer<S, I, O>(initial: (symbol: string) => S, step: (state: S, input: I) => SymbolStep<S, O>): SymbolReducer<S, I, O> {
  return {
    initial,
    reduce: (state, inputs) => {
      const only = inputs.length === 1 ? inputs[0] : undefined;
      if (only !== undefined) return step(state, only);
      let current = state;
      const events: O[] = [];
      for (const input of inputs) {
        const next = step(current, input);
        current = next.state;
        for (const event of next.events) events.push(event);
      }
      return { state: current, events };
    },
  };
}
