/** Counters of one venue, for tests that reconcile what was sent with what arrived. */
export interface VenueCounters {
  connectionsAccepted: number;
  upgradesRefused: number;
  openConnections: number;
  tradesGenerated: number;
  tradesSent: number;
  subscribeRequests: number;
  subscribeRejected: number;
  malformedSent: number;
  pongsReceived: number;
  pingsReceived: number;
  /** Order-book frames (snapshots and deltas) written to sockets. */
  bookFramesSent: number;
}

/** A venue's counters, all zero. */
export function createVenueCounters(): VenueCounters {
  return {
    connectionsAccepted: 0, upgradesRefused: 0, openConnections: 0, tradesGenerated: 0, tradesSent: 0,
    subscribeRequests: 0, subscribeRejected: 0, malformedSent: 0, pongsReceived: 0, pingsReceived: 0, bookFramesSent: 0,
  };
}
