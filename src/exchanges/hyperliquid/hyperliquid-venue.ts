import type { VenueDefinition } from '../venue-definition.js';
import { splitHyperliquidSymbol } from './hyperliquid-coins.js';
import {
  HYPERLIQUID_CAPS,
  HYPERLIQUID_CONNECTION_LIMITS,
  HYPERLIQUID_INFO_WEIGHT,
  HYPERLIQUID_MAX_CONNECTIONS,
  HYPERLIQUID_MAX_SUBSCRIPTIONS,
  HYPERLIQUID_REST_PACER_CONFIG,
} from './hyperliquid-limits.js';
import {
  HYPERLIQUID_INFO_PATH,
  HYPERLIQUID_META_AND_CTXS_BODY,
  HYPERLIQUID_META_BODY,
  readHyperliquidMeta,
  readHyperliquidQuoteVolumes,
} from './hyperliquid-listings.js';
import { HYPERLIQUID_BOOK_LEVELS } from './hyperliquid-market-frames.js';
import { HYPERLIQUID_OPTIONS, hyperliquidLimitsOf } from './hyperliquid-options.js';
import { HYPERLIQUID_WS_URL, hyperliquidProtocol } from './hyperliquid-protocol.js';
import { fetchHyperliquidRecentTrades } from './hyperliquid-recent-trades.js';
import { HYPERLIQUID_REST_DIALECT } from './hyperliquid-rest-dialect.js';

export { HYPERLIQUID_WS_URL } from './hyperliquid-protocol.js';

/** Hyperliquid's REST base (docs "Info endpoint": `POST https://api.hyperliquid.xyz/info`). */
export const HYPERLIQUID_REST_URL = 'https://api.hyperliquid.xyz';

/**
 * Hyperliquid perpetuals (the first perp dex, margined in USDC; `BTC` keyed `BTC-USDC-PERP`, `kPEPE`
 * `1000PEPE-USDC-PERP`). One socket route; trades, best bid/ask, derivative tickers and 20-level book
 * snapshots. No public liquidation stream exists (liquidations show only in users' own fills) and no
 * ticker carries a last traded price. Trade ids (`tid`, unique across every coin) say nothing of order
 * or count: holes are named by time wherever the feed was interrupted and repaired from `recentTrades`,
 * as far as its last 10 trades reach. Limits are per IP across connections (`HYPERLIQUID_CONNECTION_LIMITS`).
 * Every list is `POST /info` with a JSON body, weight 20.
 */
export const hyperliquidVenue: VenueDefinition = {
  name: 'Hyperliquid',
  market: 'linear',
  ws: { url: HYPERLIQUID_WS_URL, description: 'Hyperliquid WebSocket' },
  restDescription: 'Hyperliquid info API (POST /info: perpetuals list, asset contexts, recent trades)',
  protocol: hyperliquidProtocol,
  ownOptions: { table: HYPERLIQUID_OPTIONS, limitsOf: hyperliquidLimitsOf },
  connectionLimits: HYPERLIQUID_CONNECTION_LIMITS,
  caps: HYPERLIQUID_CAPS,
  catalog: {
    restUrl: HYPERLIQUID_REST_URL,
    dialect: HYPERLIQUID_REST_DIALECT,
    pacer: HYPERLIQUID_REST_PACER_CONFIG,
    listings: { path: HYPERLIQUID_INFO_PATH, body: HYPERLIQUID_META_BODY, weight: HYPERLIQUID_INFO_WEIGHT, read: readHyperliquidMeta },
    volumes: {
      path: HYPERLIQUID_INFO_PATH,
      body: HYPERLIQUID_META_AND_CTXS_BODY,
      weight: HYPERLIQUID_INFO_WEIGHT,
      read: (json) => readHyperliquidQuoteVolumes(json),
    },
  },
  splitUnlisted: splitHyperliquidSymbol,
  tradeIds: { rule: 'by_time', ordered: false },
  // Said as `hyperliquid offers <this>`.
  unoffered: 'no liquidations (it shows them only in the liquidated users\u2019 own fills) and no ticker with a last traded price',
  bookLevels: HYPERLIQUID_BOOK_LEVELS,
  perIp: { maxConnections: HYPERLIQUID_MAX_CONNECTIONS, maxTopics: HYPERLIQUID_MAX_SUBSCRIPTIONS },
  tradeHistory: ({ restUrl, pacer, timeoutMs, scheduler, fetch }) => ({
    recent: (symbol) => fetchHyperliquidRecentTrades({ symbol, restUrl, pacer, timeoutMs, scheduler, ...(fetch === undefined ? {} : { fetch }) }),
  }),
};
