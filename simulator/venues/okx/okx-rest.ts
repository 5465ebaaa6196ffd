import { PerIpRequestLimit } from '../../per-ip-request-limit.js';
import { requestUrl, SimRestHandler, type SimRestAnswer, type SimRestRequest } from '../../sim-rest-handler.js';
import type { SimulatedMarket } from '../../simulated-market.js';
import type { HistoricalTrade } from '../../trade-history.js';
import type { VenueCounters } from '../../venue-counters.js';
import { OKX_HISTORY_LIMIT, OKX_TRADES_DEFAULT_LIMIT, OKX_TRADES_LIMIT, okxHistoryPage, okxRecentTrades } from './okx-history-trades.js';
import { okxInstrument, okxState, type OkxContract } from './okx-instruments.js';
import type { OkxRestEndpoint, OkxVenueLimits } from './okx-limits.js';
import { okxRestTicker, type OkxInstType } from './okx-ticker-frames.js';
import { takerSide } from './okx-trade-frames.js';
import { okxPrice, type OkxUnits } from './okx-units.js';

export interface OkxRestConfig {
  readonly market: SimulatedMarket;
  readonly instType: OkxInstType;
  readonly units: OkxUnits;
  /** A swap's contract fields; none on spot. */
  readonly contractOf?: (symbol: string) => OkxContract;
  readonly clock: () => number;
  /** `restEndpoints` is enforced per IP; none: unlimited. */
  readonly limits: OkxVenueLimits;
  /** The venue's counters (`refusals.restRate`). */
  readonly counters: VenueCounters;
}

const PATHS: Readonly<Record<string, OkxRestEndpoint>> = {
  '/api/v5/public/instruments': 'instruments',
  '/api/v5/market/tickers': 'tickers',
  '/api/v5/market/ticker': 'ticker',
  '/api/v5/market/trades': 'trades',
  '/api/v5/market/history-trades': 'history-trades',
};

/** Instrument types OKX knows (`#public-data-rest-api-get-instruments`); the venue lists its own only. */
const INST_TYPES = ['SPOT', 'MARGIN', 'SWAP', 'FUTURES', 'OPTION', 'EVENTS'];

/** OKX's envelope: `{"code":"0","msg":"","data":[...]}`; an error's `code` and `msg` with an empty `data` (okx docs-v5 `#error-code-rest-api-public`). */
const envelope = (data: readonly unknown[], status = 200, code = '0', msg = ''): SimRestAnswer => ({ status, text: JSON.stringify({ code, msg, data }) });
/** 50014 HTTP 400 "Parameter {param0} can not be empty." */
const empty = (parameter: string) => envelope([], 400, '50014', `Parameter ${parameter} can not be empty.`);
/** 51000 HTTP 400 "Parameter {param0} error" */
const wrong = (parameter: string) => envelope([], 400, '51000', `Parameter ${parameter} error`);
/** 51001 HTTP 200 */
const UNKNOWN_INSTRUMENT = envelope([], 200, '51001', "Instrument ID, Instrument ID code or Spread ID doesn't exist.");
/** 50001 HTTP 503 "Service temporarily unavailable. Please try again later." (an armed `unavailable` list fault). */
const UNAVAILABLE = envelope([], 503, '50001', 'Service temporarily unavailable. Please try again later.');
const DIGITS = /^\d{1,16}$/;

/**
 * OKX v5 public REST on the simulator's HTTP port, for one instrument type: `GET
 * /api/v5/public/instruments?instType=`, `/api/v5/market/tickers?instType=`, `/market/ticker?instId=`,
 * `/market/trades?instId=&limit=`, `/market/history-trades?instId=&type=&after=&before=&limit=`
 * (`okxHistoryPage`), answered `{"code":"0","msg":"","data":[...]}`; errors with OKX's codes and
 * statuses: 50014 (a parameter missing, 400), 51000 (a parameter wrong, 400), 51001 (no such
 * instrument, 200), 50039 (`before` by time, 200), past an endpoint's limit per IP (`restEndpoints`;
 * instruments per IP and type) HTTP 429 `{"code":"50011","msg":"Too Many Requests"}`. Another type
 * than the venue's lists nothing. Armed {@link listFaults} replace instruments answers.
 */
export class OkxRest extends SimRestHandler<PerIpRequestLimit> {
  constructor(private readonly config: OkxRestConfig) {
    super({ limit: new PerIpRequestLimit(), type: 'application/json', counters: config.counters });
  }

  protected respond({ method, target, ip }: SimRestRequest): SimRestAnswer {
    const now = this.config.clock();
    const url = requestUrl(target);
    if (url === undefined) return wrong('request');
    const endpoint = Object.hasOwn(PATHS, url.pathname) ? PATHS[url.pathname] : undefined;
    if (endpoint === undefined || method !== 'GET') return envelope([], 404, '50005', 'API endpoint is inactive or unavailable.');
    const query = url.searchParams;
    // Each endpoint counts per IP; instruments per IP and instrument type.
    const key = `${endpoint} ${ip}${endpoint === 'instruments' ? ` ${query.get('instType') ?? ''}` : ''}`;
    if (!this.admitted(this.limit.admit(key, now, this.config.limits.restEndpoints?.[endpoint]))) return envelope([], 429, '50011', 'Too Many Requests');
    if (endpoint === 'instruments' || endpoint === 'tickers') return this.list(endpoint, query, now);
    const symbol = query.get('instId');
    if (symbol === null || symbol === '') return empty('instId');
    if (this.config.market.listing(symbol) === undefined || !this.config.market.has(symbol)) return UNKNOWN_INSTRUMENT;
    if (endpoint === 'ticker') {
      const state = this.config.market.state(symbol);
      return envelope(state === undefined ? [] : [okxRestTicker(this.config.instType, state, this.config.units, now)]);
    }
    return endpoint === 'trades' ? this.recent(symbol, query) : this.history(symbol, query);
  }

  /** Instruments or tickers of an instrument type (the venue's own, or none). */
  private list(endpoint: 'instruments' | 'tickers', query: URLSearchParams, now: number): SimRestAnswer {
    const instType = query.get('instType');
    if (instType === null || instType === '') return empty('instType');
    if (!INST_TYPES.includes(instType)) return wrong('instType');
    const { market, units, contractOf } = this.config;
    const own = instType === this.config.instType;
    const only = query.get('instId');
    const listings = own ? market.listings().filter((l) => only === null || l.symbol === only) : [];
    if (own && only !== null && (listings[0] === undefined || okxState(listings[0]) === undefined)) return UNKNOWN_INSTRUMENT;
    const data = listings.flatMap((listing) => {
      const state = okxState(listing);
      if (state === undefined) return [];
      if (endpoint === 'instruments') return [okxInstrument(this.config.instType, listing, state, units, contractOf?.(listing.symbol))];
      const figures = market.state(listing.symbol);
      return figures === undefined ? [] : [okxRestTicker(this.config.instType, figures, units, now)];
    });
    if (endpoint === 'tickers') return envelope(data);
    // As the next armed list fault makes it: `empty` no instruments, `garbage` half the body, `slow` held back, `unavailable` 503.
    return this.listFault(envelope(data), { empty: () => envelope([]), unavailable: () => UNAVAILABLE });
  }

  /** `GET /api/v5/market/trades`: the newest `limit` (default 100, at most 500). */
  private recent(symbol: string, query: URLSearchParams): SimRestAnswer {
    const limit = this.queryLimit(query, OKX_TRADES_LIMIT, OKX_TRADES_DEFAULT_LIMIT);
    return limit === undefined ? wrong('limit') : envelope(this.rows(symbol, okxRecentTrades(this.config.market, symbol, limit)));
  }

  /** `GET /api/v5/market/history-trades`, paged by trade id (`type` 1, the default) or by time (2). */
  private history(symbol: string, query: URLSearchParams): SimRestAnswer {
    const type = query.get('type') ?? '1';
    if (type !== '1' && type !== '2') return wrong('type');
    const numbers: Partial<Record<'after' | 'before', number>> = {};
    for (const name of ['after', 'before'] as const) {
      const raw = query.get(name);
      if (raw === null || raw === '') continue;
      if (!DIGITS.test(raw)) return wrong(name);
      numbers[name] = Number(raw);
    }
    if (type === '2' && numbers.before !== undefined) return envelope([], 200, '50039', 'Parameter "before" isn\'t supported for timestamp pagination');
    const limit = this.queryLimit(query, OKX_HISTORY_LIMIT, OKX_HISTORY_LIMIT);
    if (limit === undefined) return wrong('limit');
    const page = okxHistoryPage(this.config.market, symbol, { type: type === '1' ? 1 : 2, ...numbers, limit });
    return envelope(this.rows(symbol, page));
  }

  /** `limit`: a whole number from 1, more than `max` taken as `max` (the simulator's reading); absent: `fallback`; undefined when not a number. */
  private queryLimit(query: URLSearchParams, max: number, fallback: number): number | undefined {
    const raw = query.get('limit');
    if (raw === null || raw === '') return fallback;
    if (!DIGITS.test(raw) || Number(raw) < 1) return undefined;
    return Math.min(max, Number(raw));
  }

  /** Trades as both endpoints write them, keys in the documented example's order (`instId, side, sz, source, px, tradeId, ts`). */
  private rows(symbol: string, trades: readonly HistoricalTrade[]): Record<string, string>[] {
    const decimals = this.config.market.listing(symbol)?.priceDecimals ?? 2;
    return trades.map((t) => ({
      instId: symbol,
      side: takerSide(t),
      sz: this.config.units.size(symbol, t.quantity),
      source: '0',
      px: okxPrice(t.price, decimals),
      tradeId: String(t.tradeId),
      ts: String(t.ts),
    }));
  }
}
