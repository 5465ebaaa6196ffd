import { USDM_STREAM_KINDS, type UsdmConnectPath, type UsdmRoute, type UsdmStreamKind } from '../binance-usdm/usdm-streams.js';

/** The path under which the simulator serves Binance COIN-M (`wss://dstream.binance.com` there). */
export const COINM_PATH_PREFIX = '/coinm';

/** COIN-M is not routed: every kind of stream is served on its one host (`DEFAULT_USDM_ROUTES`' `public`, the only route). */
export const COINM_ROUTING: Readonly<Record<UsdmStreamKind, UsdmRoute>> = Object.fromEntries(USDM_STREAM_KINDS.map((kind) => [kind, 'public'])) as Record<
  UsdmStreamKind,
  UsdmRoute
>;

const PATH = /^\/coinm\/(ws|stream)(?:\/([^/]+))?$/;

/** The form of a COIN-M upgrade path (`/coinm/stream`, `/coinm/ws/btcusd_perp@aggTrade`); undefined for others. */
export function coinmConnectPath(pathname: string): UsdmConnectPath | undefined {
  const match = PATH.exec(pathname);
  if (match === null) return undefined;
  const [, form, stream] = match;
  if (form === 'stream' && stream !== undefined) return undefined;
  return { route: 'public', combined: form === 'stream', ...(stream === undefined ? {} : { stream }) };
}

/** The COIN-M diff-depth streams and their push intervals, ms (`@depth@100ms`; `@depth` every 250 ms; `@depth@500ms`), as USD-M's. */
export const COINM_DEPTH_STREAMS = { 'depth@100ms': 100, depth: 250, 'depth@500ms': 500 } as const;
