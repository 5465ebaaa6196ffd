/** How a piece of work ended within a wait: `done`, `failed` with its error, or `late` (still running when the wait ran out). */
export type Settled = { readonly kind: 'done' } | { readonly kind: 'failed'; readonly error: unknown } | { readonly kind: 'late' };

/**
 * Waits for `work` at most `ms` and says how it ended; never rejects, and leaves no timer behind once it
 * has answered. For a Kafka client's call that may never answer (a close that hangs on a group
 * coordinator, a disconnect from a broker that is gone): what waits on it goes on after `ms` whatever
 * the client does.
 */
export function settleWithin(work: Promise<unknown>, ms: number): Promise<Settled> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve({ kind: 'late' }), ms);
    work.then(
      () => {
        clearTimeout(timer);
        resolve({ kind: 'done' });
      },
      (error: unknown) => {
        clearTimeout(timer);
        resolve({ kind: 'failed', error });
      },
    );
  });
}
