/** The path under which the simulator serves Binance USD-M (`wss://fstream.binance.com` there), apart from spot's `/ws` and `/stream`. */
export const USDM_PATH_PREFIX = '/usdm';

/** Binance USD-M's market-data routes since 2026-04-23 (venues-and-derivatives.md §0.1): `/public` and `/market`. */
export const USDM_ROUTES = ['public', 'market'] as const;
export type UsdmRoute = (typeof USDM_ROUTES)[number];

/** The kinds of USD-M stream the simulator serves, each on one route. */
export const USDM_STREAM_KINDS = ['trade', 'aggTrade', 'markPrice', 'forceOrder', 'bookTicker', 'ticker', 'miniTicker', 'depth', 'kline'] as const;
export type UsdmStreamKind = (typeof USDM_STREAM_KINDS)[number];

/**
 * Which route serves each kind since 2026-04-23 (Binance's "Important WebSocket Change Notice"):
 * `/public` high-frequency data (depth, bookTicker), `/market` regular market data (aggTrade,
 * markPrice, kline, ticker, forceOrder). The route of `@trade` is disputed (§1.2): `/public` here,
 * as tardis-node routes it and as binance-public-data#472 found it still flowing.
 */
export const DEFAULT_USDM_ROUTES: Readonly<Record<UsdmStreamKind, UsdmRoute>> = {
  trade: 'public',
  depth: 'public',
  bookTicker: 'public',
  aggTrade: 'market',
  markPrice: 'market',
  forceOrder: 'market',
  ticker: 'market',
  miniTicker: 'market',
  kline: 'market',
};

/** The USD-M diff-depth streams and their push intervals, ms (`@depth@100ms`; `@depth` every 250 ms; `@depth@500ms`). */
export const USDM_DEPTH_STREAMS = { 'depth@100ms': 100, depth: 250, 'depth@500ms': 500 } as const;

const STREAM =
  /^([a-z0-9_]+)@(trade|aggTrade|markPrice(?:@1s)?|forceOrder|bookTicker|ticker|miniTicker|depth(?:@100ms|@500ms)?|kline_(?:1m|3m|5m|15m|30m|1h|2h|4h|6h|12h|1d|1w))$/;

/** The kind of a USD-M stream name (`btcusdt@markPrice@1s` -> `markPrice`); undefined for one the simulator does not serve. */
export function usdmStreamKind(stream: string): UsdmStreamKind | undefined {
  const name = STREAM.exec(stream)?.[2];
  if (name === undefined) return undefined;
  if (name.startsWith('kline_')) return 'kline';
  if (name.startsWith('depth')) return 'depth';
  if (name.startsWith('markPrice')) return 'markPrice';
  return USDM_STREAM_KINDS.find((kind) => kind === name);
}

/** What an upgrade path says: its route (none is `/public`), whether frames are wrapped (`/stream`), and a raw stream named in it (`/ws/<stream>`). */
export interface UsdmConnectPath {
  readonly route: UsdmRoute;
  readonly combined: boolean;
  readonly stream?: string;
}

const PATH = /^\/usdm(?:\/(public|market))?\/(ws|stream)(?:\/([^/]+))?$/;

/** The route and form of a USD-M upgrade path (`/usdm/market/stream`, `/usdm/public/ws/btcusdt@depth`, `/usdm/ws`); undefined for others. */
export function usdmConnectPath(pathname: string): UsdmConnectPath | undefined {
  const match = PATH.exec(pathname);
  if (match === null) return undefined;
  const [, route = 'public', form, stream] = match;
  if (form === 'stream' && stream !== undefined) return undefined;
  return { route: route === 'market' ? 'market' : 'public', combined: form === 'stream', ...(stream === undefined ? {} : { stream }) };
}

/** The valid streams an upgrade URL names (`/ws/<stream>`, `/stream?streams=a/b`), without repeats; `connectPath` reads its path (USD-M's by default). */
export function usdmUrlStreams(url: URL, connectPath: (pathname: string) => UsdmConnectPath | undefined = usdmConnectPath): string[] {
  const path = connectPath(url.pathname);
  if (path === undefined) return [];
  const named = path.stream !== undefined ? [path.stream] : (url.searchParams.get('streams') ?? '').split('/');
  return [...new Set(named.filter((stream) => usdmStreamKind(stream) !== undefined))];
}
