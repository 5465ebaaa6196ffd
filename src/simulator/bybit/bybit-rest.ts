import type { IncomingMessage, ServerResponse } from 'node:http';
import { bybitInstrumentInfo, bybitMarketTicker } from './bybit-market-lists.js';
import { ListFaults, truncatedBody } from '../list-faults.js';
import { answerLater, requestIp, type SimRestApi } from '../sim-rest-api.js';
import { roundedDecimal } from '../scaled-decimal.js';
import type { SimulatedMarket } from '../simulated-market.js';
import { PerIpWindows } from '../per-ip-windows.js';
import type { VenueCounters } from '../venue-counters.js';
import type { VenueLimits } from '../venue-limits.js';

export interface BybitRestConfig {
  readonly market: SimulatedMarket;
  readonly clock: () => number;
  /** `restRequests` is enforced (600 per 5 s per IP by default); none: unlimited. */
  readonly limits: VenueLimits;
  /** The venue's counters (`refusals.restRate`). */
  readonly counters: VenueCounters;
}

/** An HTTP answer: status, content type and body text. */
interface Answer {
  readonly status: number;
  readonly type: string;
  readonly text: string;
  /** How long the answer is held back, ms (a `slow` list fault). */
  readonly delayMs?: number;
}

/**
 * Bybit v5 market REST for spot on the simulator's HTTP port: `GET /v5/market/instruments-info`,
 * `GET /v5/market/tickers` and `GET /v5/market/recent-trade` with `category=spot`, in the documented envelope
 * `{retCode, retMsg, result: {category, list}, retExtInfo, time}`. Only `Trading` symbols are listed
 * (a halted or delisted one is left out), all of them in one answer: spot has no pagination, so
 * `limit` and `cursor` change nothing and no `nextPageCursor` is sent. Errors are HTTP 200 with a
 * `retCode` (10001), as Bybit answers them. Past `restRequests` per window per IP, 403 "access too
 * frequent" (plain text, from the gateway, not the API) until the ban ends (rate-limit.mdx: wait
 * at least 10 minutes). Armed {@link listFaults} replace instruments-info answers (see `listFault`).
 */
export class BybitRest implements SimRestApi {
  readonly listFaults = new ListFaults();
  private readonly windows = new PerIpWindows();
  private readonly bannedUntil = new Map<string, number>();
  private readonly tally = { restRequests: 0, restRefused: 0 };

  constructor(private readonly config: BybitRestConfig) {}

  serves(target: string): boolean {
    return target.startsWith('/v5/market/');
  }

  handle(request: IncomingMessage, response: ServerResponse): void {
    request.resume();
    const answer = this.answer(request.method ?? 'GET', request.url ?? '/', requestIp(request));
    answerLater(response, answer.delayMs ?? 0, () => {
      if (!response.destroyed) response.writeHead(answer.status, { 'content-type': answer.type }).end(answer.text);
    });
  }

  restCounters(now: number): Readonly<Record<string, number>> {
    const inWindow = this.windows.busiest(now);
    return { ...this.tally, restRequestsInWindow: inWindow, ...this.listFaults.counters() };
  }

  clearFaults(): void {
    this.windows.clear();
    this.bannedUntil.clear();
    this.listFaults.clear();
  }

  /** The answer to `method target` from `ip` now. */
  answer(method: string, target: string, ip = '127.0.0.1'): Answer {
    const now = this.config.clock();
    const limit = this.config.limits.restRequests;
    if (limit !== undefined) {
      const count = this.windows.record(ip, now, limit);
      if (now < (this.bannedUntil.get(ip) ?? 0) || count > limit.max) {
        if (count > limit.max && now >= (this.bannedUntil.get(ip) ?? 0)) this.bannedUntil.set(ip, now + limit.banMs);
        this.tally.restRefused += 1;
        this.config.counters.refusals.restRate += 1;
        return { status: 403, type: 'text/plain', text: 'access too frequent' };
      }
    }
    this.tally.restRequests += 1;
    let url: URL;
    try {
      url = new URL(target, 'http://127.0.0.1');
    } catch {
      return { status: 400, type: 'application/json', text: JSON.stringify({ retCode: 10001, retMsg: 'malformed request target' }) };
    }
    const path = url.pathname;
    if (path !== '/v5/market/instruments-info' && path !== '/v5/market/tickers' && path !== '/v5/market/recent-trade')
      return { status: 404, type: 'text/plain', text: '404 page not found' };
    if (method !== 'GET') return { status: 405, type: 'text/plain', text: `${method} not allowed` };
    const envelope = (retCode: number, retMsg: string, result: unknown): Answer => ({
      status: 200,
      type: 'application/json',
      text: JSON.stringify({ retCode, retMsg, result, retExtInfo: {}, time: now }),
    });
    const category = url.searchParams.get('category');
    if (category !== 'spot')
      return envelope(
        10001,
        category === null ? 'params error: category is required' : `params error: category ${category} is not served here (spot only)`,
        {},
      );
    const { market } = this.config;
    const symbol = url.searchParams.get('symbol');
    const trading = market.listings().filter((l) => l.status === 'trading' && (symbol === null || l.symbol === symbol));
    if (path === '/v5/market/instruments-info') {
      const status = url.searchParams.get('status');
      const list = status === null || status === 'Trading' ? trading : [];
      return listFault(this.listFaults, envelope(0, 'OK', { category: 'spot', list: list.map(bybitInstrumentInfo) }), () =>
        envelope(0, 'OK', { category: 'spot', list: [] }),
      );
    }
    if (path === '/v5/market/recent-trade') return recentTrades(market, url.searchParams, envelope);
    if (symbol !== null && trading.length === 0) return envelope(10001, 'Not supported symbols', {});
    const list = trading.flatMap((l) => {
      const state = market.state(l.symbol);
      return state === undefined ? [] : [bybitMarketTicker(state, l.sizeDecimals)];
    });
    return envelope(0, 'OK', { category: 'spot', list });
  }
}

/**
 * The instruments-info answer as the next armed list fault makes it: `empty` the envelope with no
 * instruments (retCode 0), `garbage` half the normal body (not JSON), `slow` the normal answer
 * held back, `unavailable` 503 from the gateway (plain text, as its 403 is).
 */
function listFault(faults: ListFaults, normal: Answer, empty: () => Answer): Answer {
  const fault = faults.take();
  switch (fault?.kind) {
    case undefined:
      return normal;
    case 'empty':
      return empty();
    case 'garbage':
      return { ...normal, text: truncatedBody(normal.text) };
    case 'slow':
      return { ...normal, delayMs: fault.delayMs };
    case 'unavailable':
      return { status: 503, type: 'text/plain', text: 'service unavailable' };
  }
}

/** Spot's `limit` range of `recent-trade` (market/recent-trade.mdx: spot 1-60, default 60). */
const RECENT_TRADES_MAX = 60;

/**
 * `GET /v5/market/recent-trade?category=spot&symbol=&limit=`: the symbol's last `limit` trades
 * (1-60, default 60), newest first, with the price and size strings the trade stream sent. Spot
 * keeps no more: what is older than its last 60 trades is out of reach.
 */
function recentTrades(
  market: BybitRestConfig['market'],
  query: URLSearchParams,
  envelope: (retCode: number, retMsg: string, result: unknown) => Answer,
): Answer {
  const symbol = query.get('symbol');
  const state = symbol === null ? undefined : market.state(symbol);
  if (symbol === null || state === undefined) return envelope(10001, symbol === null ? 'params error: symbol is required' : 'Not supported symbols', {});
  const limitText = query.get('limit');
  const limit = limitText === null ? RECENT_TRADES_MAX : Number(limitText);
  if (!Number.isInteger(limit) || limit < 1 || limit > RECENT_TRADES_MAX) return envelope(10001, 'params error: limit must be 1-60 for spot', {});
  const list = market
    .recentTrades(symbol, limit)
    .reverse()
    .map((trade) => ({
      execId: String(trade.tradeId),
      symbol,
      price: roundedDecimal(trade.price, state.priceDecimals),
      size: roundedDecimal(trade.quantity, 6),
      side: trade.isBuyerMaker ? 'Sell' : 'Buy',
      time: String(trade.ts),
      isBlockTrade: false,
      isRPITrade: false,
      seq: String(trade.tradeId),
    }));
  return envelope(0, 'OK', { category: 'spot', list });
}
