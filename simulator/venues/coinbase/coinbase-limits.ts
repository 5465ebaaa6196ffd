import type { VenueLimits, WindowLimit } from '../../venue-limits.js';

/**
 * The limits of Coinbase Advanced Trade that the shared {@link VenueLimits} has no field for yet
 * (the wiring is asked to add them there; until then a `VenueLimits` is read as this type, the new
 * fields being optional). Absent: not enforced.
 */
export interface CoinbaseLimits extends VenueLimits {
  /**
   * Client text messages per window per IP (every client of the loopback simulator is 127.0.0.1,
   * so one window for the venue). Past it the message is refused with an error frame and dropped;
   * the socket stays open.
   */
  readonly messagesPerIp?: WindowLimit;
  /** A connection with no subscription accepted this long after it opened is closed (1008), ms. */
  readonly subscribeWithinMs?: number;
  /** `level2` products one connection may hold at once; a subscribe past it is refused whole. */
  readonly maxLevel2ProductsPerConnection?: number;
  /** A connection not subscribed to `heartbeats` is dropped (1006) after this long without a data frame, ms. */
  readonly idleCloseMs?: number;
}

/**
 * Coinbase Advanced Trade, public market data without authentication:
 * - 8 connections per second per IP (websocket-rate-limits.md; a copy of the same page says 750,
 *   memo §4: the lower figure is enforced), the upgrade refused with 429 (the venue's refusal status
 *   is not documented);
 * - 8 unauthenticated messages per second per IP (same page; every copy agrees). What the venue
 *   does past it is not documented: the simulator answers an error frame and keeps the socket, as
 *   the venue does for the other refusals on record (the level2 cap);
 * - a subscribe within 5 s of connecting "or you are disconnected" (websocket-overview);
 * - 30 `level2` products held at once per connection: "too many L2 streams requested in a single
 *   session" (JKorf/Coinbase.Net#19: 16 accepted, 32 refused; third-party bisections of a live
 *   session: 30 accepted, 31 refused, the ceiling concurrent, unsubscribing frees it, the socket open);
 * - channels "close within 60-90 seconds if no updates are sent" unless `heartbeats` is subscribed
 *   (websocket-channels): the simulator drops the socket at the earliest, 60 s;
 * - public REST 10 requests per second per IP (ccxt, cryptofeed; memo §6), past it 429 with an HTML
 *   body, no ban.
 */
export const DEFAULT_COINBASE_LIMITS: CoinbaseLimits = {
  connectionAttempts: { max: 8, windowMs: 1_000, refuseStatus: 429 },
  messagesPerIp: { max: 8, windowMs: 1_000 },
  subscribeWithinMs: 5_000,
  maxLevel2ProductsPerConnection: 30,
  idleCloseMs: 60_000,
  restRequests: { max: 10, windowMs: 1_000, banMs: 0 },
};
