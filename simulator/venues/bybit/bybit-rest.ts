import { bybitInstrumentInfo, bybitMarketTicker } from './bybit-market-lists.js';
import { PerIpRequestLimit } from '../../per-ip-request-limit.js';
import { roundedDecimal } from '../../scaled-decimal.js';
import { requestUrl, SimRestHandler, type SimRestAnswer, type SimRestRequest } from '../../sim-rest-handler.js';
import type { SimulatedMarket } from '../../simulated-market.js';
import type { VenueCounters } from '../../venue-counters.js';
import type { VenueLimits } from '../../venue-limits.js';

export interface BybitRestConfig {
  readonly market: SimulatedMarket;
  readonly clock: () => number;
  /** `restRequests` is enforced (600 per 5 s per IP by default); none: unlimited. */
  readonly limits: VenueLimits;
  /** The venue's counters (`refusals.restRate`). */
  readonly counters: VenueCounters;
  /** The product category served and its answers; default spot (`bybitSpotCategory`). */
  readonly category?: BybitRestCategory;
}

type Answer = SimRestAnswer;

/** Past the limit, from the gateway (not the API), plain text. */
const ACCESS_TOO_FREQUENT: Answer = { status: 403, type: 'text/plain', text: 'access too frequent' };
/** An armed `unavailable` list fault: 503 from the gateway, plain text as its 403. */
const UNAVAILABLE: Answer = { status: 503, type: 'text/plain', text: 'service unavailable' };

/** How a category's answers are written: the documented envelope, and the instrument list as an armed list fault makes it. */
export interface BybitReply {
  readonly now: number;
  readonly envelope: (retCode: number, retMsg: string, result: unknown) => Answer;
  /** The instrument list's answer, or what the next armed list fault makes of it (`empty()` for `empty`). */
  readonly listFault: (normal: Answer, empty: () => Answer) => Answer;
}

/** One product category of Bybit's v5 market REST (`category=spot`, `category=linear`): the paths it serves and its answers. */
export interface BybitRestCategory {
  /** The `category` value it answers. */
  readonly name: string;
  /** The paths it serves under `/v5/market/`; others are 404. */
  readonly paths: readonly string[];
  /** The answer to `GET path?query` (the category checked already). */
  answer(path: string, query: URLSearchParams, reply: BybitReply): Answer;
}

/**
 * Bybit v5 market REST for one category on the simulator's HTTP port (spot by default, see
 * `bybitSpotCategory`; linear: `bybitLinearCategory`), in the documented envelope
 * `{retCode, retMsg, result: {category, list}, retExtInfo, time}`. Errors are HTTP 200 with a
 * `retCode` (10001), as Bybit answers them. Past `restRequests` per window per IP, 403 "access too
 * frequent" (plain text, from the gateway, not the API) until the ban ends (rate-limit.mdx: wait
 * at least 10 minutes). Armed {@link listFaults} replace instruments-info answers (`empty`: the
 * envelope with no instruments, retCode 0; `unavailable`: 503 from the gateway).
 */
export class BybitRest extends SimRestHandler<PerIpRequestLimit> {
  private readonly category: BybitRestCategory;

  constructor(private readonly config: BybitRestConfig) {
    super({ limit: new PerIpRequestLimit(), type: 'application/json', counters: config.counters });
    this.category = config.category ?? bybitSpotCategory(config.market);
  }

  protected respond({ method, target, ip }: SimRestRequest): Answer {
    const now = this.config.clock();
    const limit = this.config.limits.restRequests;
    if (!this.admitted(this.limit.admit(ip, now, limit, limit?.banMs))) return ACCESS_TOO_FREQUENT;
    const url = requestUrl(target);
    if (url === undefined) return { status: 400, type: 'application/json', text: JSON.stringify({ retCode: 10001, retMsg: 'malformed request target' }) };
    const path = url.pathname;
    const { category } = this;
    if (!category.paths.includes(path)) return { status: 404, type: 'text/plain', text: '404 page not found' };
    if (method !== 'GET') return { status: 405, type: 'text/plain', text: `${method} not allowed` };
    const envelope = (retCode: number, retMsg: string, result: unknown): Answer => ({
      status: 200,
      type: 'application/json',
      text: JSON.stringify({ retCode, retMsg, result, retExtInfo: {}, time: now }),
    });
    const asked = url.searchParams.get('category');
    if (asked !== category.name)
      return envelope(
        10001,
        asked === null ? 'params error: category is required' : `params error: category ${asked} is not served here (${category.name} only)`,
        {},
      );
    return category.answer(path, url.searchParams, {
      now,
      envelope,
      listFault: (normal, empty) => this.listFault(normal, { empty, unavailable: () => UNAVAILABLE }),
    });
  }
}

/**
 * Spot: `instruments-info`, `tickers` and `recent-trade`. Only `Trading` symbols are listed (a
 * halted or delisted one is left out), all in one answer: spot has no pagination, so `limit` and
 * `cursor` change nothing and no `nextPageCursor` is sent.
 */
export function bybitSpotCategory(market: SimulatedMarket): BybitRestCategory {
  return {
    name: 'spot',
    paths: ['/v5/market/instruments-info', '/v5/market/tickers', '/v5/market/recent-trade'],
    answer: (path, query, { envelope, listFault: fault }) => {
      const symbol = query.get('symbol');
      const trading = market.listings().filter((l) => l.status === 'trading' && (symbol === null || l.symbol === symbol));
      if (path === '/v5/market/instruments-info') {
        const status = query.get('status');
        const list = status === null || status === 'Trading' ? trading : [];
        return fault(envelope(0, 'OK', { category: 'spot', list: list.map(bybitInstrumentInfo) }), () => envelope(0, 'OK', { category: 'spot', list: [] }));
      }
      if (path === '/v5/market/recent-trade') return recentTrades(market, query, envelope, SPOT_RECENT_TRADES);
      if (symbol !== null && trading.length === 0) return envelope(10001, 'Not supported symbols', {});
      const list = trading.flatMap((l) => {
        const state = market.state(l.symbol);
        return state === undefined ? [] : [bybitMarketTicker(state, l.sizeDecimals)];
      });
      return envelope(0, 'OK', { category: 'spot', list });
    },
  };
}

/** A category's `recent-trade`: its `limit` range and how it writes a trade's id and size. */
export interface RecentTradesRule {
  readonly category: string;
  /** The most trades one answer holds, and how many when `limit` is not sent. */
  readonly max: number;
  readonly default: number;
  readonly execId: (symbol: string, tradeId: number) => string;
  /** Decimals of a trade's size. */
  readonly sizeDecimals: (symbol: string) => number;
  /** How a trade's size is written from its base quantity and price; default at `sizeDecimals` (inverse writes whole USD). */
  readonly size?: (quantity: number, price: number, sizeDecimals: number) => string;
}

/** Spot's `limit` range of `recent-trade` (market/recent-trade.mdx: spot 1-60, default 60); ids are the trade ids, sizes 6 decimals. */
const SPOT_RECENT_TRADES: RecentTradesRule = { category: 'spot', max: 60, default: 60, execId: (_symbol, id) => String(id), sizeDecimals: () => 6 };

/**
 * `GET /v5/market/recent-trade?category=&symbol=&limit=`: the symbol's last `limit` trades (spot
 * 1-60, default 60; linear 1-1000, default 500), newest first, with the price and size strings the
 * trade stream sent. Nothing older is kept for the API: what is older than the last `max` trades
 * is out of reach, as on Bybit.
 */
export function recentTrades(
  market: SimulatedMarket,
  query: URLSearchParams,
  envelope: (retCode: number, retMsg: string, result: unknown) => Answer,
  rule: RecentTradesRule,
): Answer {
  const symbol = query.get('symbol');
  const state = symbol === null ? undefined : market.state(symbol);
  if (symbol === null || state === undefined) return envelope(10001, symbol === null ? 'params error: symbol is required' : 'Not supported symbols', {});
  const limitText = query.get('limit');
  const limit = limitText === null ? rule.default : Number(limitText);
  if (!Number.isInteger(limit) || limit < 1 || limit > rule.max) return envelope(10001, `params error: limit must be 1-${rule.max} for ${rule.category}`, {});
  const sizeDecimals = rule.sizeDecimals(symbol);
  const list = market
    .recentTrades(symbol, limit)
    .reverse()
    .map((trade) => ({
      execId: rule.execId(symbol, trade.tradeId),
      symbol,
      price: roundedDecimal(trade.price, state.priceDecimals),
      size: rule.size === undefined ? roundedDecimal(trade.quantity, sizeDecimals) : rule.size(trade.quantity, trade.price, sizeDecimals),
      side: trade.isBuyerMaker ? 'Sell' : 'Buy',
      time: String(trade.ts),
      isBlockTrade: false,
      isRPITrade: false,
      seq: String(trade.tradeId),
    }));
  return envelope(0, 'OK', { category: rule.category, list });
}
