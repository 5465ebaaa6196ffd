import { DEFAULT_KRAKEN_BOOK_DEPTH, KRAKEN_BOOK_DEPTHS, type KrakenBookDepth } from './kraken-book.js';
import { KRAKEN_TICKER_TRIGGERS, type KrakenTickerTrigger } from './kraken-ticker-frames.js';

/** The channels served: `trade`, `ticker` (L1) and `book` (L2). */
export const KRAKEN_CHANNELS = ['trade', 'ticker', 'book'] as const;
export type KrakenChannel = (typeof KRAKEN_CHANNELS)[number];

/** A subscribe or unsubscribe request, its options defaulted as Kraken does. */
export interface KrakenSubscription {
  readonly kind: 'subscribe' | 'unsubscribe';
  readonly reqId: number | undefined;
  readonly channel: KrakenChannel;
  readonly symbols: readonly string[];
  /**
   * Whether a snapshot is sent. Defaults: `book` and `ticker` true (their pages); `trade` false, as
   * the current docs.kraken.com trade page says ("Default: false"; an older page said true).
   */
  readonly snapshot: boolean;
  readonly depth: KrakenBookDepth;
  readonly eventTrigger: KrakenTickerTrigger;
}

/** What a client text frame asks for. `invalid` carries the answer's `error` (the simulator's own wording) and what it could read. */
export type KrakenRequest =
  | { readonly kind: 'ping'; readonly reqId: number | undefined }
  | KrakenSubscription
  | { readonly kind: 'invalid'; readonly method: string | undefined; readonly reqId: number | undefined; readonly error: string };

type Fields = Readonly<Record<string, unknown>>;

const isObject = (value: unknown): value is Fields => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Reads a client frame as Kraken v2 takes it: `{"method", "params": {"channel", "symbol": [...], ...}, "req_id"}`. */
export function parseKrakenRequest(text: string): KrakenRequest {
  let request: unknown;
  try {
    request = JSON.parse(text);
  } catch {
    return { kind: 'invalid', method: undefined, reqId: undefined, error: 'Malformed request' };
  }
  if (!isObject(request)) return { kind: 'invalid', method: undefined, reqId: undefined, error: 'Malformed request' };
  const method = typeof request['method'] === 'string' ? request['method'] : undefined;
  const rawId = request['req_id'];
  const reqId = Number.isSafeInteger(rawId) ? (rawId as number) : undefined;
  const invalid = (error: string): KrakenRequest => ({ kind: 'invalid', method, reqId, error });
  if (rawId !== undefined && reqId === undefined) return invalid('req_id must be an integer');
  if (method === 'ping') return { kind: 'ping', reqId };
  if (method !== 'subscribe' && method !== 'unsubscribe') return invalid(`Method not supported: ${String(request['method'])}`);
  const params = request['params'];
  if (!isObject(params)) return invalid('params must be an object');
  const channel = params['channel'];
  if (typeof channel !== 'string' || !(KRAKEN_CHANNELS as readonly string[]).includes(channel)) return invalid(`Channel not supported: ${String(channel)}`);
  const symbols = params['symbol'];
  if (!Array.isArray(symbols) || symbols.length === 0 || !symbols.every((s): s is string => typeof s === 'string'))
    return invalid('symbol must be a non-empty list of strings');
  const snapshot = params['snapshot'] ?? channel !== 'trade';
  if (typeof snapshot !== 'boolean') return invalid('snapshot must be a boolean');
  const depth = params['depth'] ?? DEFAULT_KRAKEN_BOOK_DEPTH;
  if (channel === 'book' && !(KRAKEN_BOOK_DEPTHS as readonly unknown[]).includes(depth)) return invalid(`Invalid depth: ${JSON.stringify(depth)}`);
  const eventTrigger = params['event_trigger'] ?? 'trades';
  if (channel === 'ticker' && !(KRAKEN_TICKER_TRIGGERS as readonly unknown[]).includes(eventTrigger))
    return invalid(`Invalid event_trigger: ${JSON.stringify(eventTrigger)}`);
  return {
    kind: method,
    reqId,
    channel: channel as KrakenChannel,
    symbols: [...new Set(symbols)],
    snapshot,
    depth: depth as KrakenBookDepth,
    eventTrigger: eventTrigger as KrakenTickerTrigger,
  };
}
