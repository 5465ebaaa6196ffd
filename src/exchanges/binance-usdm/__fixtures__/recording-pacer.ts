import type { Observable } from 'rxjs';
import type { RestWeightPacer } from '../../rest/rest-weight-pacer.js';

/** A pacer of 2,400 weight a minute that runs every request at once and notes the weight asked and the weight the venue reported. */
export function recordingPacer(): RestWeightPacer & { readonly weights: number[]; readonly used: number[] } {
  const weights: number[] = [];
  const used: number[] = [];
  return {
    weights,
    used,
    request: <T>(weight: number, task: () => Observable<T>) => {
      weights.push(weight);
      return task();
    },
    noteUsedWeight: (n) => void used.push(n),
    waiting: () => ({ requests: 0, weight: 0 }),
    weightPerMinute: 2400,
  };
}
