/** Faults a venue applies to every connection: all off by default. */
export interface VenueFaults {
  /** Answer upgrades with this HTTP status instead of 101 (e.g. 403, 451). */
  refuseStatus?: number;
  /** Keep sockets open and answer pings, but send no data frames. */
  stalled: boolean;
  /** Delay every data frame by this many ms. */
  slowDownMs: number;
  /**
   * Take every client request this many ms late (a venue slow to take subscriptions): a subscribe is
   * answered, and its topics flow, only then; so do the streams an upgrade URL names. Connections
   * opened before it was set keep their pace for messages already received.
   */
  requestDelayMs: number;
  /** Fraction (0..1) of data frames replaced by malformed ones. */
  malformedRate: number;
  /** Trades per second per symbol, replacing the configured rate (a load step in a benchmark). */
  tradesPerSecond?: number;
}

/** A venue's faults, all off. */
export function createVenueFaults(): VenueFaults {
  return { stalled: false, slowDownMs: 0, requestDelayMs: 0, malformedRate: 0 };
}

/** Turns every fault off again, in place (connections read the same object). */
export function clearVenueFaults(faults: VenueFaults): void {
  delete faults.refuseStatus;
  delete faults.tradesPerSecond;
  Object.assign(faults, createVenueFaults());
}
