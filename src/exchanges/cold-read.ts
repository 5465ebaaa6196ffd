import { Observable } from 'rxjs';

/**
 * A venue's REST read as a cold observable: each subscription runs `read` once and emits its value
 * (or its error); after unsubscribing, nothing more is emitted, and `open()` tells a read of several
 * pages that it may stop asking.
 */
export function coldRead<T>(read: (open: () => boolean) => Promise<T>): Observable<T> {
  return new Observable<T>((subscriber) => {
    let open = true;
    read(() => open).then(
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
    };
  });
}
