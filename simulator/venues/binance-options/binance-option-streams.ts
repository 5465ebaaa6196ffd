/** The path under which the simulator serves Binance's options (`wss://fstream.binance.com` there): `/binance-options/{public|market}/{ws|stream}`. */
export const BINANCE_OPTIONS_PATH = '/binance-options';

/** The options' routes (options-trading/websocket-market-streams "Connect": `wss://fstream.binance.com/public/` or `/market/`). */
export type BinanceOptionRoute = 'public' | 'market';

/** A stream the venue serves, read from its name. */
export type BinanceOptionStream =
  /** `btc-261127-56000-c@optionTrade`, `@bookTicker`, `@optionTicker` (route `/public`). */
  | { readonly kind: 'optionTrade' | 'bookTicker' | 'optionTicker'; readonly symbol: string }
  /** `btcusdt@optionTrade`: every trade of the underlying's options ("for specific symbol or underlying asset", Trade Streams). */
  | { readonly kind: 'underlyingTrade'; readonly underlying: string }
  /** `btcusdt@optionMarkPrice`, `btcusdt@optionIndexPrice` (route `/market`). */
  | { readonly kind: 'optionMarkPrice' | 'optionIndexPrice'; readonly underlying: string }
  /** `!index@arr`: every underlying's index (route `/market`). */
  | { readonly kind: 'indexArray' }
  /** `btcusdt@openInterest@261127` (the docs' name) or `btcusdt@optionOpenInterest@261127` (tardis-node's): one expiry's options (route `/market`). */
  | { readonly kind: 'openInterest'; readonly underlying: string; readonly expiry: string };

/** The route each kind is served on (the docs' "URL PATH" of each stream). */
const ROUTE_OF: Readonly<Record<BinanceOptionStream['kind'], BinanceOptionRoute>> = {
  optionTrade: 'public',
  underlyingTrade: 'public',
  bookTicker: 'public',
  optionTicker: 'public',
  optionMarkPrice: 'market',
  optionIndexPrice: 'market',
  indexArray: 'market',
  openInterest: 'market',
};

const OPTION = /^([a-z0-9]+-\d{6}-[0-9.]+-[cp])@(optionTrade|bookTicker|optionTicker)$/;
const UNDERLYING = /^([a-z0-9]+usdt)@(optionTrade|optionMarkPrice|optionIndexPrice)$/;
const OPEN_INTEREST = /^([a-z0-9]+usdt)@(?:openInterest|optionOpenInterest)@(\d{6})$/;

/** What a stream name asks for; undefined for a name the venue does not serve (lower-case symbols only, as the new API names them). */
export function binanceOptionStream(name: string): BinanceOptionStream | undefined {
  if (name === '!index@arr') return { kind: 'indexArray' };
  const option = OPTION.exec(name);
  if (option !== null) return { kind: option[2] as 'optionTrade' | 'bookTicker' | 'optionTicker', symbol: (option[1] ?? '').toUpperCase() };
  const underlying = UNDERLYING.exec(name);
  if (underlying !== null) {
    const subject = (underlying[1] ?? '').toUpperCase();
    return underlying[2] === 'optionTrade'
      ? { kind: 'underlyingTrade', underlying: subject }
      : { kind: underlying[2] as 'optionMarkPrice', underlying: subject };
  }
  const interest = OPEN_INTEREST.exec(name);
  return interest === null ? undefined : { kind: 'openInterest', underlying: (interest[1] ?? '').toUpperCase(), expiry: interest[2] ?? '' };
}

/** The route a stream delivers on. */
export function routeOf(stream: BinanceOptionStream): BinanceOptionRoute {
  return ROUTE_OF[stream.kind];
}

/** The symbol (an option, or an underlying for the per-underlying streams) a stream is about; none for `!index@arr`. */
export function subjectOf(stream: BinanceOptionStream): string | undefined {
  if ('symbol' in stream) return stream.symbol;
  return 'underlying' in stream ? stream.underlying : undefined;
}

/** What an upgrade path says: its route, whether frames are wrapped (`/stream`), and a raw stream named in it (`/ws/<stream>`). */
export interface BinanceOptionConnectPath {
  readonly route: BinanceOptionRoute;
  readonly combined: boolean;
  readonly stream?: string;
}

const PATH = /^\/binance-options\/(public|market)\/(ws|stream)(?:\/([^/]+))?$/;

/** The route and form of an upgrade path (`/binance-options/market/stream`, `/binance-options/public/ws/btc-261127-56000-c@optionTrade`); undefined for others. */
export function binanceOptionConnectPath(pathname: string): BinanceOptionConnectPath | undefined {
  const match = PATH.exec(pathname);
  if (match === null) return undefined;
  const [, route, form, stream] = match;
  if (form === 'stream' && stream !== undefined) return undefined;
  return { route: route === 'market' ? 'market' : 'public', combined: form === 'stream', ...(stream === undefined ? {} : { stream }) };
}

/** The streams an upgrade URL names (`/ws/<stream>`, `/stream?streams=a/b`), served ones only, without repeats. */
export function binanceOptionUrlStreams(url: URL): string[] {
  const path = binanceOptionConnectPath(url.pathname);
  if (path === undefined) return [];
  const named = path.stream !== undefined ? [path.stream] : (url.searchParams.get('streams') ?? '').split('/');
  return [...new Set(named.filter((name) => binanceOptionStream(name) !== undefined))];
}
