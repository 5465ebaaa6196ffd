/**
 * Holds the reading of every venue socket while the pipeline is behind its sink: a paused socket
 * is not read, so its frames wait in the kernel and the venue's TCP send buffer instead of taking
 * the event loop from the producer. Sockets follow the gate from open to close.
 */
export class IngestGate {
  private paused = false;
  private readonly listeners = new Set<(paused: boolean) => void>();

  get isPaused(): boolean {
    return this.paused;
  }

  /** Pauses (true) or resumes (false) every socket that follows the gate; no-op when unchanged. */
  set(paused: boolean): void {
    if (paused === this.paused) return;
    this.paused = paused;
    for (const listener of this.listeners) listener(paused);
  }

  /** Calls `listener` now if paused and on every change; returns the function that stops it. */
  follow(listener: (paused: boolean) => void): () => void {
    this.listeners.add(listener);
    if (this.paused) listener(true);
    return () => this.listeners.delete(listener);
  }
}
