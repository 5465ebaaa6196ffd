import type { Observable } from 'rxjs';
import { FeedError } from '../../model/feed-error.js';
import { parseBinanceDepthSnapshot, type BinanceDepthSnapshot } from './binance-depth-frames.js';
import { binanceRestGet, type BinanceRestTransport } from './binance-rest-get.js';

export interface BinanceDepthRequest extends BinanceRestTransport {
  /** The venue's REST base URL, e.g. `https://api.binance.com`. */
  readonly restUrl: string;
  /** The venue's symbol, e.g. `BTCUSDT`. */
  readonly symbol: string;
  /** Levels per side, 1 to 5000. */
  readonly limit: number;
  /** The snapshot's path on that host: spot `/api/v3/depth` (the default), USD-M `/fapi/v1/depth`. */
  readonly path?: string;
}

/** Path of the spot family's depth snapshot. */
export const BINANCE_SPOT_DEPTH_PATH = '/api/v3/depth';

export interface DepthSnapshotFailure {
  readonly url: string;
  /** HTTP status, absent when no response came. */
  readonly status?: number;
}

/** A REST depth snapshot could not be had: network, timeout, HTTP error or an invalid body. */
export class DepthSnapshotError extends FeedError<DepthSnapshotFailure> {}

/** Request weight of `GET /api/v3/depth` by `limit`: 5 up to 100, 25 up to 500, 50 up to 1000, 250 up to 5000. */
export function binanceDepthWeight(limit: number): number {
  if (limit <= 100) return 5;
  if (limit <= 500) return 25;
  if (limit <= 1000) return 50;
  return 250;
}

/** `<restUrl><path>?symbol=<SYMBOL>&limit=<limit>`, the path `/api/v3/depth` unless given. */
export function binanceDepthUrl(restUrl: string, symbol: string, limit: number, path: string = BINANCE_SPOT_DEPTH_PATH): string {
  return `${restUrl.replace(/\/+$/, '')}${path}?symbol=${encodeURIComponent(symbol.toUpperCase())}&limit=${limit}`;
}

/**
 * One depth snapshot (`GET /api/v3/depth`, or the request's `path`), cold: each subscription sends a request, unsubscribing aborts it.
 * 429/418 fail with `RestRateLimitedError` (with `Retry-After`), other failures with
 * `DepthSnapshotError` (retriable unless a 4xx or an invalid body).
 */
export function fetchBinanceDepth(request: BinanceDepthRequest): Observable<BinanceDepthSnapshot> {
  const url = binanceDepthUrl(request.restUrl, request.symbol, request.limit, request.path);
  return binanceRestGet(request, {
    url,
    parse: parseBinanceDepthSnapshot,
    failure: (message, retriable, status, cause) =>
      new DepthSnapshotError(
        message.replace(': invalid body: ', ': invalid depth body: '),
        retriable,
        { url, ...(status === undefined ? {} : { status }) },
        cause === undefined ? undefined : { cause },
      ),
  });
}
