import { EmptyError, Observable, Subscription } from 'rxjs';

/** Asks one request (a paced venue read): its first value; let go of when the read it serves is unsubscribed. */
export type AskOnce = <V>(request$: Observable<V>) => Promise<V>;

/**
 * A venue's REST read as a cold observable: each subscription runs `read` once and emits its value
 * (or its error); after unsubscribing, nothing more is emitted, and `open()` tells a read of several
 * pages that it may stop asking. A request asked through `ask` is let go of at the unsubscribe (it
 * leaves the venue's pacer line, or its fetch is aborted) instead of being asked at the venue's pace
 * for nobody: a stop does not leave the venue's REST line draining after it.
 */
export function coldRead<T>(read: (open: () => boolean, ask: AskOnce) => Promise<T>): Observable<T> {
  return new Observable<T>((subscriber) => {
    let open = true;
    const asked = new Subscription();
    const ask: AskOnce = <V>(request$: Observable<V>) =>
      new Promise<V>((resolve, reject) => {
        if (!open) return reject(new Error('the read was let go of'));
        const request = new Subscription();
        request.add(() => asked.remove(request));
        // The unsubscribe of the read: the request is let go of, and what awaits it ends.
        request.add(() => reject(new Error('the read was let go of')));
        asked.add(request);
        request.add(
          request$.subscribe({
            next: (value) => {
              resolve(value);
              request.unsubscribe();
            },
            error: (error: unknown) => {
              reject(error instanceof Error ? error : new Error(String(error)));
              request.unsubscribe();
            },
            complete: () => {
              reject(new EmptyError());
              request.unsubscribe();
            },
          }),
        );
      });
    read(() => open, ask).then(
      (value) => {
        if (!open) return;
        subscriber.next(value);
        subscriber.complete();
      },
      (error: unknown) => {
        if (open) subscriber.error(error);
      },
    );
    return () => {
      open = false;
      asked.unsubscribe();
    };
  });
}
