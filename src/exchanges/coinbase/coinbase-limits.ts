import type { ConnectionLimits, VenueCaps } from '../connection-limits.js';

/**
 * Coinbase Advanced Trade, market data socket (`wss://advanced-trade-ws.coinbase.com`):
 * - client messages without authentication: "8 per second per IP address"; connections: "8 per second
 *   per IP address" (docs.cdp.coinbase.com `coinbase-app/advanced-trade-apis/websocket/websocket-rate-limits`;
 *   older copies of the page say 750 connections per second: the lower figure is held);
 * - one channel per subscribe message (`websocket-overview`); no limit on products per message is documented;
 * - level2: past about 16 products on one socket Coinbase answers "too many L2 streams requested in a
 *   single session" (JKorf/Coinbase.Net#19, 2026-01: 32 products refused, 16 served).
 * A product takes 2 topics (`market_trades`, and `ticker`, read twice: price tick and best bid/ask), and
 * `level2` with its book: 3 topics.
 */
export const COINBASE_CAPS: VenueCaps = { maxTopics: 64, maxTopicsPerRequest: 16 };

/**
 * 48 topics a connection: at most 16 products with their books at 3 topics each (the level2 limit seen),
 * 24 without books. 16 topics per request: one request per channel
 * carries all of a connection's products. The 8 messages a second are per IP, shared by every socket:
 * a socket opens with 4 messages (heartbeats, then one subscribe per channel), so sockets open one a
 * second and each sends at most 4 messages a second, which leaves half the budget for resubscribes
 * and instrument changes on the sockets already open.
 */
export const COINBASE_CONNECTION_LIMITS: ConnectionLimits = {
  maxTopics: 48,
  maxTopicsPerRequest: 16,
  requestsPerSecond: 4,
  connectionsPerWindow: 1,
  connectionWindowMs: 1000,
};
