/** How long reading was held (ms) between two instants of the gate's clock. */
export type HeldBetween = (from: number, to: number) => number;

/** How far back the gate remembers its pauses: longer than any silence a watchdog waits for. */
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
  /** Ended pauses within the history, oldest first, and the start of the current one. */
  private readonly pauses: { readonly from: number; readonly to: number }[] = [];
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
      this.pauses.push({ from: this.pausedAt, to: now });
      while ((this.pauses[0]?.to ?? now) < now - HISTORY_MS) this.pauses.shift();
    }
    for (const listener of this.listeners) listener(paused);
  }

  /** Calls `listener` now if paused and on every change; returns the function that stops it. */
  follow(listener: (paused: boolean) => void): () => void {
    this.listeners.add(listener);
    if (this.paused) listener(true);
    return () => this.listeners.delete(listener);
  }

  /** The ms between `from` and `to` (the gate's clock) during which reading was held (pauses older than ten minutes are forgotten). */
  readonly heldBetween: HeldBetween = (from, to) => {
    const overlap = (start: number, end: number): number => Math.max(0, Math.min(end, to) - Math.max(start, from));
    let held = this.paused ? overlap(this.pausedAt, this.clock()) : 0;
    for (let i = this.pauses.length - 1; i >= 0; i -= 1) {
      const pause = this.pauses[i];
      if (pause === undefined || pause.to <= from) break;
      held += overlap(pause.from, pause.to);
    }
    return held;
  };
}
