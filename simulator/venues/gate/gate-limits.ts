import type { VenueLimits, WindowLimit } from '../../venue-limits.js';

/** The REST endpoints the simulated Gate serves, each counted against its own limit per IP (each market its own). */
export const GATE_REST_ENDPOINTS = ['pairs', 'contract', 'tickers', 'order_book', 'trades'] as const;
export type GateRestEndpoint = (typeof GATE_REST_ENDPOINTS)[number];

/**
 * Gate's limits as the simulator enforces them: the shared {@link VenueLimits} and Gate's own, each
 * absent when turned off.
 */
export interface GateVenueLimits extends VenueLimits {
  /** Connections one IP holds at once, spot and futures together; one more is answered an error and closed. */
  readonly connectionsPerIp?: number;
  /** Requests per IP of each REST endpoint; past it HTTP 429 `{"label":"TOO_MANY_REQUESTS","message":"Too many requests"}`. */
  readonly restEndpoints?: Readonly<Partial<Record<GateRestEndpoint, WindowLimit>>>;
}

/** Gate's public REST limit: "200 requests / 10 s per endpoint, per IP" (docs "Rate Limits"). */
const PUBLIC_ENDPOINT: WindowLimit = { max: 200, windowMs: 10_000 };

/**
 * Gate's documented limits (gate.com/docs/developers/apiv4, "Rate Limits"):
 * - "WebSocket: ... connections per IP <= 300" (`connectionsPerIp`, counted over both simulated
 *   markets; what follows is not documented: the simulator answers an error and closes);
 * - WebSocket messages: "Others: No limit" (only WebSocket trading is capped), so no cap on channels a
 *   connection (`maxTopicsPerConnection` absent) nor on messages a second;
 * - REST: every public endpoint "200r/10s per endpoint" per IP (`restEndpoints`), past it HTTP 429
 *   "Too many requests".
 * Connection attempts are not documented: not limited.
 */
export const DEFAULT_GATE_LIMITS: GateVenueLimits = {
  connectionsPerIp: 300,
  restEndpoints: {
    pairs: PUBLIC_ENDPOINT,
    contract: PUBLIC_ENDPOINT,
    tickers: PUBLIC_ENDPOINT,
    order_book: PUBLIC_ENDPOINT,
    trades: PUBLIC_ENDPOINT,
  },
};
