import { LIMIT_KINDS, type LimitKind } from './venue-limits.js';

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
  /** Upgrade requests to this venue's paths, accepted or refused. */
  connectionAttempts: number;
  /** The most topics (Binance streams) one connection held at once. */
  maxTopicsPerConnection: number;
  /** The most characters of args one connection held at once. */
  maxArgsCharsPerConnection: number;
  /** The highest number of incoming messages one connection sent within a second. */
  maxMessagesPerSecond: number;
  /** Requests, connections and subscriptions refused by the venue's limits, by limit. */
  refusals: Record<LimitKind, number>;
}

/** A venue's counters, all zero. */
export function createVenueCounters(): VenueCounters {
  return {
    connectionsAccepted: 0,
    upgradesRefused: 0,
    openConnections: 0,
    tradesGenerated: 0,
    tradesSent: 0,
    subscribeRequests: 0,
    subscribeRejected: 0,
    malformedSent: 0,
    pongsReceived: 0,
    pingsReceived: 0,
    bookFramesSent: 0,
    connectionAttempts: 0,
    maxTopicsPerConnection: 0,
    maxArgsCharsPerConnection: 0,
    maxMessagesPerSecond: 0,
    refusals: Object.fromEntries(LIMIT_KINDS.map((kind) => [kind, 0])) as Record<LimitKind, number>,
  };
}
