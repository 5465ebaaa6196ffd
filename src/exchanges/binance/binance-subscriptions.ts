/** Which 24 h ticker stream to read: `miniTicker` (no change percent) or the full `ticker`. */
export type BinanceTickerStream = 'miniTicker' | 'ticker';

/**
 * Longest combined-stream URL the client opens: URLs near 8 KB fail (unicorn-binance-websocket-api
 * #38), so streams beyond this are subscribed by request on the open socket.
 */
export const BINANCE_MAX_URL_CHARS = 6000;

/** Streams per SUBSCRIBE: payloads over about 4 KB go unanswered (JKorf/Binance.Net #884). */
export const BINANCE_MAX_STREAMS_PER_REQUEST = 100;

/** One stream: `<symbol>@<channel>` with the symbol in lowercase, e.g. `btcusdt@trade`. */
export function binanceStream(symbol: string, channel: string): string {
  return `${symbol.toLowerCase()}@${channel}`;
}

/** How many of `streams`, from the first, fit in a combined-stream URL of at most `maxChars` characters after `base`. */
export function binanceUrlStreams(streams: readonly string[], maxChars: number = BINANCE_MAX_URL_CHARS): number {
  let length = '/stream?streams='.length;
  for (let n = 0; n < streams.length; n += 1) {
    length += (streams[n]?.length ?? 0) + (n === 0 ? 0 : 1);
    if (length > maxChars) return n;
  }
  return streams.length;
}

/** `{"method":"SUBSCRIBE","params":[...],"id":N}`: Binance takes an integer id (Binance US an unsigned one). */
export function binanceSubscribe(streams: readonly string[], id: string): string {
  return JSON.stringify({ method: 'SUBSCRIBE', params: streams, id: Number(id) });
}

/** `{"method":"UNSUBSCRIBE","params":[...],"id":N}`. */
export function binanceUnsubscribe(streams: readonly string[], id: string): string {
  return JSON.stringify({ method: 'UNSUBSCRIBE', params: streams, id: Number(id) });
}

/** The combined-stream URL: `<base>/stream?streams=a/b/c` (the base may already end in `/stream`); `<base>/stream` for none (SUBSCRIBE then). */
export function binanceCombinedUrl(url: string, streams: readonly string[]): string {
  const base = url.replace(/\/+$/, '');
  const endpoint = base.endsWith('/stream') ? base : `${base}/stream`;
  return streams.length === 0 ? endpoint : `${endpoint}?streams=${streams.join('/')}`;
}
