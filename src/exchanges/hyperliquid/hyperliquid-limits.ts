import type { ConnectionLimits, VenueCaps } from '../connection-limits.js';

/*
 * Hyperliquid counts its WebSocket limits per IP, across every connection (docs "Rate limits and user
 * limits", as checked on 2026-08-16 in galleonlabs/hypergrok-trading-desk
 * `skills/hyperliquid-api-reference/SKILL.md`: "WebSocket per IP: 10 connections, 30 new per minute,
 * 1000 subscriptions, 10 distinct users, 2000 messages per minute"; the copy of the page extracted
 * 2026-01-03 still said "Maximum of 100 websocket connections", the lower figure is held).
 */

/** Connections one IP may hold open at once. */
export const HYPERLIQUID_MAX_CONNECTIONS = 10;

/** Subscriptions one IP may hold, all its connections together. */
export const HYPERLIQUID_MAX_SUBSCRIPTIONS = 1000;

/** New connections one IP may open a minute. */
export const HYPERLIQUID_NEW_CONNECTIONS_PER_MINUTE = 30;

/** Messages one IP may send a minute, all its connections together (subscribes, unsubscribes and pings alike). */
export const HYPERLIQUID_MESSAGES_PER_MINUTE = 2000;

/**
 * The keep-alive's interval: the venue closes a connection after 60 s without a message ("Timeouts and
 * heartbeats"), so a `{"method":"ping"}` every 20 s leaves two more chances before it.
 */
export const HYPERLIQUID_PING_INTERVAL_MS = 20_000;

/**
 * One subscription per message (the subscribe message holds one `subscription` object); a connection
 * may hold all of the IP's 1,000 when it is the only one.
 */
export const HYPERLIQUID_CAPS: VenueCaps = { maxTopics: HYPERLIQUID_MAX_SUBSCRIPTIONS, maxTopicsPerRequest: 1 };

/**
 * Per connection, chosen so that the product's connections of one IP never pass the per-IP limits
 * above, whatever the number of connections up to `HYPERLIQUID_MAX_CONNECTIONS`:
 * - 100 topics a connection: 10 connections x 100 = 1,000 subscriptions (25 to 33 coins with their
 *   trades, best bid/ask, context and book);
 * - one topic per request;
 * - 3 requests a second: 10 connections x (3 x 60 requests + 3 pings) = 1,830 messages a minute, under
 *   the 2,000 sent a minute the IP may send;
 * - 25 connection attempts a minute, spread by the connection budget: five under the venue's 30, for
 *   the minutes the venue and this process count from different instants.
 * The definition's `perIp` (10 connections, 1,000 subscriptions) keeps the shard plan within the number of connections.
 */
export const HYPERLIQUID_CONNECTION_LIMITS: ConnectionLimits = {
  maxTopics: HYPERLIQUID_MAX_SUBSCRIPTIONS / HYPERLIQUID_MAX_CONNECTIONS,
  maxTopicsPerRequest: 1,
  requestsPerSecond: 3,
  connectionsPerWindow: 25,
  connectionWindowMs: 60_000,
};

/**
 * Hyperliquid REST, per IP: "REST requests share an aggregated weight limit of 1200 per minute"; the
 * info requests read here weigh 20 each (`meta`, `metaAndAssetCtxs`: "All other documented info
 * requests have weight 20"), `recentTrades` 20 plus 1 "per 20 items returned" (its at most 10 trades
 * add none) (docs "Rate limits and user limits"). The pacer holds to 1,000 a minute (five sixths,
 * room for the same IP's other clients) and starts requests at least 1 s apart (at most 60 of 20 a
 * minute); an HTTP 429 backs off from 2 s, doubling.
 */
export const HYPERLIQUID_REST_PACER_CONFIG = { weightPerMinute: 1000, minIntervalMs: 1000, backoffInitialMs: 2000 } as const;

/** Weight of one info request of the kinds read here (`meta`, `metaAndAssetCtxs`, `recentTrades`). */
export const HYPERLIQUID_INFO_WEIGHT = 20;
