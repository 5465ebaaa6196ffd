/** Which 24 h ticker stream to read: `miniTicker` (no change percent) or the full `ticker`. */
export type BinanceTickerStream = 'miniTicker' | 'ticker';

/** Stream names (lowercase symbol) for trades, the 24 h ticker and the best bid/ask. */
export function binanceStreams(symbols: readonly string[], tickerStream: BinanceTickerStream = 'miniTicker'): readonly string[] {
  return symbols.flatMap((s) => ['trade', tickerStream, 'bookTicker'].map((channel) => binanceStream(s, channel)));
}

/** One stream: `<symbol>@<channel>` with the symbol in lowercase, e.g. `btcusdt@trade`. */
export function binanceStream(symbol: string, channel: string): string {
  return `${symbol.toLowerCase()}@${channel}`;
}

/** The combined-stream URL: `<base>/stream?streams=a/b/c` (the base may already end in `/stream`). */
export function binanceCombinedUrl(url: string, streams: readonly string[]): string {
  const base = url.replace(/\/+$/, '');
  const endpoint = base.endsWith('/stream') ? base : `${base}/stream`;
  return `${endpoint}?streams=${streams.join('/')}`;
}
