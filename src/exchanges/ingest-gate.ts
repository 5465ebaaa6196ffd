/** How long reading was held (ms) between two instants of the gate's clock. */
export type HeldBetween = (from: number, to: number) => number;

/** How far back the gate remembers its pauses at least: longer than any silence a watchdog waits for. */
const HISTORY_MS = 10 * 60_000;

/**
 * Holds the reading of every venue socket while the pipeline is behind its sink: a paused socket
 * is not read, so its frames wait in the kernel and the venue's TCP send buffer instead of taking
 * the event loop from the producer. Sockets follow the gate from open to close.
 *
 * A held socket is silent by our doing, not the venue's: the watchdogs that take silence for a stalled
 * venue (`detectStale`, the clocked streams' checks) leave out the time it was held (`heldBetween`), so a
 * pipeline behind its sink does not reconnect or fail over (and fall further behind) for its own pause.
 */
export class IngestGate {
  private paused = false;
  private readonly listeners = new Set<(paused: boolean) => void>();
  /** Ended pauses within the history, oldest first, each with the held time of all before it (`heldBefore`). */
  private readonly pauses: { readonly from: number; readonly to: number; readonly heldBefore: number }[] = [];
  private pausedAt = 0;

  constructor(private readonly clock: () => number = Date.now) {}

  get isPaused(): boolean {
    return this.paused;
  }

  /** Pauses (true) or resumes (false) every socket that follows the gate; no-op when unchanged. */
  set(paused: boolean): void {
    if (paused === this.paused) return;
    this.paused = paused;
    const now = this.clock();
    if (paused) this.pausedAt = now;
    else {
      const last = this.pauses.at(-1);
      this.pauses.push({ from: this.pausedAt, to: now, heldBefore: last === undefined ? 0 : last.heldBefore + (last.to - last.from) });
      // Forgotten in bulk: one splice now and then, not a shift per pause.
      const kept = this.pauses.findIndex((pause) => pause.to >= now - HISTORY_MS);
      if (kept > 64) this.pauses.splice(0, kept);
    }
    for (const listener of this.listeners) listener(paused);
  }

  /** Calls `listener` now if paused and on every change; returns the function that stops it. */
  follow(listener: (paused: boolean) => void): () => void {
    this.listeners.add(listener);
    if (this.paused) listener(true);
    return () => this.listeners.delete(listener);
  }

  /**
   * The ms between `from` and `to` (the gate's clock) during which reading was held (pauses are kept ten
   * minutes at least, then dropped in bulk): two binary searches over the ended pauses, however many a
   * flapping gate made.
   */
  readonly heldBetween: HeldBetween = (from, to) => {
    const overlap = (start: number, end: number): number => Math.max(0, Math.min(end, to) - Math.max(start, from));
    const current = this.paused ? overlap(this.pausedAt, this.clock()) : 0;
    const first = this.firstEndingAfter(from);
    const last = this.firstEndingAfter(to);
    const inFirst = this.pauses[first];
    if (inFirst === undefined) return current;
    // The pauses from `first` up to (not including) `last` end within the window; `last` may overlap its end.
    const whole = (index: number): number => {
      const pause = this.pauses[index];
      return pause === undefined ? (this.pauses.at(-1)?.heldBefore ?? 0) + this.lengthOfLast() : pause.heldBefore;
    };
    let held = whole(last) - whole(first);
    // The first pause, when counted whole above: take off what lies before `from`; add what of `last` lies before `to`.
    if (first < last) held -= Math.max(0, Math.min(inFirst.to, from) - inFirst.from);
    const atEnd = this.pauses[last];
    if (atEnd !== undefined) held += overlap(atEnd.from, atEnd.to);
    return held + current;
  };

  /** The index of the first ended pause that ends after `at` (the count of pauses when none does). */
  private firstEndingAfter(at: number): number {
    let [low, high] = [0, this.pauses.length];
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((this.pauses[middle]?.to ?? Number.POSITIVE_INFINITY) > at) high = middle;
      else low = middle + 1;
    }
    return low;
  }

  private lengthOfLast(): number {
    const last = this.pauses.at(-1);
    return last === undefined ? 0 : last.to - last.from;
  }
}
