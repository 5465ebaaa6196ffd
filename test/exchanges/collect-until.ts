import type { Observable } from 'rxjs';

/** Subscribes, collects values until `done(values)` holds or the feed errors, then unsubscribes. */
export function collectUntil<T>(
  source: Observable<T>,
  done: (values: readonly T[]) => boolean,
  timeoutMs = 10_000,
): Promise<{ readonly values: readonly T[]; readonly error?: unknown }> {
  return new Promise((resolve) => {
    const values: T[] = [];
    let finished = false;
    const finish = (error?: unknown): void => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      queueMicrotask(() => subscription.unsubscribe());
      resolve(error === undefined ? { values } : { values, error });
    };
    const timer = setTimeout(
      () => finish(timeoutMs > 0 ? new Error(`timed out after ${timeoutMs} ms with ${values.length} values`) : undefined),
      Math.abs(timeoutMs),
    );
    const subscription = source.subscribe({
      next: (value) => {
        values.push(value);
        if (done(values)) finish();
      },
      error: (error: unknown) => finish(error),
      complete: () => finish(new Error('completed')),
    });
  });
}
