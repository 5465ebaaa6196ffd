import type { ConnectionLimits, VenueCaps } from '../connection-limits.js';

/**
 * Bybit v5 linear (bybit-exchange/docs `docs/v5/websocket/wss-authentication.mdx`, "Public channel - Args
 * limits"): the args of one public connection may total 21,000 characters; "No args limit for Futures",
 * so neither the topics per request nor per connection are capped apart from those characters.
 */
export const BYBIT_LINEAR_CAPS: VenueCaps = {
  maxTopics: Number.POSITIVE_INFINITY,
  maxTopicChars: 21_000,
  maxTopicsPerRequest: Number.POSITIVE_INFINITY,
};

/**
 * Topics per linear subscribe request. Bybit sets no limit on linear; 50 brings a full connection
 * (20,000 characters: about 900 topics of 22, `allLiquidation.BTCUSDT`) up in 18 requests, under 2 s at
 * 10 a second where spot's 10 per request take 9 s, and keeps one request near 1.5 KB of JSON. A refused
 * request fails the socket whatever its size, so larger ones would gain a second at most.
 */
export const BYBIT_LINEAR_TOPICS_PER_REQUEST = 50;

/**
 * Bybit linear: 21,000 characters of args per connection (20,000 used, as on spot); 1,000 topics per
 * connection, as on spot (Bybit caps only the characters, which hold about 900 topics of 22); 50 topics
 * per request (`BYBIT_LINEAR_TOPICS_PER_REQUEST`); 10 requests a second, as on
 * spot (Bybit documents no rate); 500 connections per 5 min, counted per WebSocket domain
 * (`wss-authentication.mdx`, "IP Limits"), which linear shares with spot on `stream.bybit.com`.
 */
export const BYBIT_LINEAR_CONNECTION_LIMITS: ConnectionLimits = {
  maxTopics: 1000,
  maxTopicChars: 20_000,
  maxTopicsPerRequest: BYBIT_LINEAR_TOPICS_PER_REQUEST,
  requestsPerSecond: 10,
  connectionsPerWindow: 500,
  connectionWindowMs: 5 * 60_000,
};
