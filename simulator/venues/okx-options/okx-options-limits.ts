import type { WindowLimit } from '../../venue-limits.js';
import { DEFAULT_OKX_LIMITS, OKX_REST_ENDPOINTS, type OkxVenueLimits } from '../okx/okx-limits.js';

/** The REST endpoints the simulated OKX options serve, each counted against its own limit: OKX's, and the options' own. */
export const OKX_OPTIONS_REST_ENDPOINTS = [...OKX_REST_ENDPOINTS, 'opt-summary', 'underlying'] as const;
export type OkxOptionsRestEndpoint = (typeof OKX_OPTIONS_REST_ENDPOINTS)[number];

/** OKX's limits (`okx-limits.ts`) with the options' own endpoints. */
export interface OkxOptionsVenueLimits extends OkxVenueLimits {
  readonly restEndpoints?: Readonly<Partial<Record<OkxOptionsRestEndpoint, WindowLimit>>>;
}

/**
 * OKX's documented limits, as its spot and swaps have them (`DEFAULT_OKX_LIMITS`: 3 connection
 * requests a second per IP, 480 subscribe requests an hour per connection, each REST endpoint per IP),
 * and the options' endpoints: `GET /api/v5/public/opt-summary` and `/public/underlying` "Rate Limit: 20
 * requests per 2 seconds", "Rate limit rule: IP" (okx docs-v5 `#public-data-rest-api-get-option-market-data`,
 * `#public-data-rest-api-get-underlying`).
 */
export const DEFAULT_OKX_OPTIONS_LIMITS: OkxOptionsVenueLimits = {
  ...DEFAULT_OKX_LIMITS,
  restEndpoints: {
    ...DEFAULT_OKX_LIMITS.restEndpoints,
    'opt-summary': { max: 20, windowMs: 2_000 },
    underlying: { max: 20, windowMs: 2_000 },
  },
};
