import { requestUrl, type SimRestAnswer } from '../../sim-rest-handler.js';
import type { SimulatedMarket } from '../../simulated-market.js';
import type { HistoricalTrade } from '../../trade-history.js';
import { OKX_HISTORY_LIMIT, OKX_TRADES_DEFAULT_LIMIT, OKX_TRADES_LIMIT, okxHistoryPage, okxRecentTrades } from './okx-history-trades.js';
import { takerSide } from './okx-trade-frames.js';
import { okxPrice, type OkxUnits } from './okx-units.js';

/** OKX's envelope: `{"code":"0","msg":"","data":[...]}`; an error's `code` and `msg` with an empty `data` (okx docs-v5 `#error-code-rest-api-public`). */
export const okxEnvelope = (data: readonly unknown[], status = 200, code = '0', msg = ''): SimRestAnswer => ({
  status,
  text: JSON.stringify({ code, msg, data }),
});
/** 50014 HTTP 400 "Parameter {param0} can not be empty." */
export const emptyParameter = (parameter: string): SimRestAnswer => okxEnvelope([], 400, '50014', `Parameter ${parameter} can not be empty.`);
/** 51000 HTTP 400 "Parameter {param0} error" */
export const wrongParameter = (parameter: string): SimRestAnswer => okxEnvelope([], 400, '51000', `Parameter ${parameter} error`);
/** 51001 HTTP 200 */
export const UNKNOWN_INSTRUMENT = okxEnvelope([], 200, '51001', "Instrument ID, Instrument ID code or Spread ID doesn't exist.");
/** 50001 HTTP 503 "Service temporarily unavailable. Please try again later." (an armed `unavailable` list fault). */
export const UNAVAILABLE = okxEnvelope([], 503, '50001', 'Service temporarily unavailable. Please try again later.');
/** 50005 HTTP 404, a path or method the venue does not serve. */
export const INACTIVE_ENDPOINT = okxEnvelope([], 404, '50005', 'API endpoint is inactive or unavailable.');
/** 50011 HTTP 429, past an endpoint's limit. */
export const TOO_MANY_REQUESTS = okxEnvelope([], 429, '50011', 'Too Many Requests');

/** Instrument types OKX knows (`#public-data-rest-api-get-instruments`); a venue lists its own only. */
/**
 * The endpoint an OKX request asks for among `paths`, and its query, once `admit` let it through: each
 * endpoint counts per IP, `instruments` per IP and instrument type (the key `admit` is given). Otherwise
 * the answer OKX gives: a request it cannot read (51000), an endpoint it does not serve or another
 * method than GET (50005), past the endpoint's limit (429, 50011).
 */
export function okxEndpointOf<E extends string>(
  target: string,
  ip: string,
  paths: Readonly<Record<string, E>>,
  admit: (key: string, endpoint: E) => boolean,
  method = 'GET',
): { readonly endpoint: E; readonly query: URLSearchParams } | { readonly answer: SimRestAnswer } {
  const url = requestUrl(target);
  if (url === undefined) return { answer: wrongParameter('request') };
  const endpoint = Object.hasOwn(paths, url.pathname) ? paths[url.pathname] : undefined;
  if (endpoint === undefined || method !== 'GET') return { answer: INACTIVE_ENDPOINT };
  const query = url.searchParams;
  const key = `${endpoint} ${ip}${endpoint === 'instruments' ? ` ${query.get('instType') ?? ''}` : ''}`;
  return admit(key, endpoint) ? { endpoint, query } : { answer: TOO_MANY_REQUESTS };
}

export const OKX_INST_TYPES: readonly string[] = ['SPOT', 'MARGIN', 'SWAP', 'FUTURES', 'OPTION', 'EVENTS'];

const DIGITS = /^\d{1,16}$/;

/** `limit`: a whole number from 1, more than `max` taken as `max` (the simulator's reading); absent: `fallback`; undefined when not a number. */
function queryLimit(query: URLSearchParams, max: number, fallback: number): number | undefined {
  const raw = query.get('limit');
  if (raw === null || raw === '') return fallback;
  if (!DIGITS.test(raw) || Number(raw) < 1) return undefined;
  return Math.min(max, Number(raw));
}

/** Trades as both endpoints write them, keys in the documented example's order (`instId, side, sz, source, px, tradeId, ts`). */
function rows(market: SimulatedMarket, units: OkxUnits, symbol: string, trades: readonly HistoricalTrade[]): Record<string, string>[] {
  const decimals = market.listing(symbol)?.priceDecimals ?? 2;
  return trades.map((t) => ({
    instId: symbol,
    side: takerSide(t),
    sz: units.size(symbol, t.quantity),
    source: '0',
    px: okxPrice(t.price, decimals),
    tradeId: String(t.tradeId),
    ts: String(t.ts),
  }));
}

/**
 * `GET /api/v5/market/trades?instId=&limit=` (the newest `limit`, default 100, at most 500) or
 * `/market/history-trades?instId=&type=&after=&before=&limit=` (`okxHistoryPage`: by trade id, `type`
 * 1, the default, or by time, 2; at most 100), newest first, of a listed `symbol`; 51000 for a wrong
 * parameter, 50039 for `before` with `type=2`.
 */
export function okxTradesAnswer(
  endpoint: 'trades' | 'history-trades',
  market: SimulatedMarket,
  units: OkxUnits,
  symbol: string,
  query: URLSearchParams,
): SimRestAnswer {
  if (endpoint === 'trades') {
    const limit = queryLimit(query, OKX_TRADES_LIMIT, OKX_TRADES_DEFAULT_LIMIT);
    return limit === undefined ? wrongParameter('limit') : okxEnvelope(rows(market, units, symbol, okxRecentTrades(market, symbol, limit)));
  }
  const type = query.get('type') ?? '1';
  if (type !== '1' && type !== '2') return wrongParameter('type');
  const numbers: Partial<Record<'after' | 'before', number>> = {};
  for (const name of ['after', 'before'] as const) {
    const raw = query.get(name);
    if (raw === null || raw === '') continue;
    if (!DIGITS.test(raw)) return wrongParameter(name);
    numbers[name] = Number(raw);
  }
  if (type === '2' && numbers.before !== undefined) return okxEnvelope([], 200, '50039', 'Parameter "before" isn\'t supported for timestamp pagination');
  const limit = queryLimit(query, OKX_HISTORY_LIMIT, OKX_HISTORY_LIMIT);
  if (limit === undefined) return wrongParameter('limit');
  return okxEnvelope(rows(market, units, symbol, okxHistoryPage(market, symbol, { type: type === '1' ? 1 : 2, ...numbers, limit })));
}
