import { RequestWeightLimiter } from '../../request-weight-limiter.js';
import { requestUrl, SimRestHandler, type SimRestAnswer, type SimRestLimit, type SimRestRequest } from '../../sim-rest-handler.js';
import type { HistoricalTrade } from '../../trade-history.js';
import type { VenueCounters } from '../../venue-counters.js';
import type { BinanceOptionChain } from './binance-option-chain.js';
import { binanceUnderlying, trimmedFixed, type BinanceOptionTerms } from './binance-option-contracts.js';
import { markPriceEntry } from './binance-option-frames.js';
import type { BinanceOptionTape } from './binance-option-tape.js';
import { exchangeInfo, openInterests, restMark, restTicker } from './binance-options-answers.js';

/** Each endpoint's weight (ccxt's `eapiPublic` table: ticker 5, mark 5, trades 5, historicalTrades 20, openInterest 3, the others 1). */
const WEIGHTS: Readonly<Record<string, number>> = {
  ping: 1,
  time: 1,
  exchangeInfo: 1,
  index: 1,
  ticker: 5,
  mark: 5,
  trades: 5,
  historicalTrades: 20,
  openInterest: 3,
};

/** `trades` and `historicalTrades` `limit`: default 100, at most 500 (Recent Trades List, Old Trades Lookup). */
const TRADES_DEFAULT = 100;
const TRADES_MAX = 500;

/** The weight per IP (exchangeInfo `rateLimits` `REQUEST_WEIGHT` 2,400 a minute): one Binance limiter per IP. */
class PerIpWeight implements SimRestLimit {
  private readonly limiters = new Map<string, RequestWeightLimiter>();
  constructor(private readonly limitPerMinute: number) {}

  of(ip: string): RequestWeightLimiter {
    let limiter = this.limiters.get(ip);
    if (limiter === undefined) this.limiters.set(ip, (limiter = new RequestWeightLimiter({ limitPerMinute: this.limitPerMinute })));
    return limiter;
  }

  clear(): void {
    this.limiters.clear();
  }
}

export interface BinanceOptionsRestConfig {
  readonly chain: BinanceOptionChain;
  readonly tape: BinanceOptionTape;
  readonly clock: () => number;
  /** Request weight a minute per IP. */
  readonly weightPerMinute: number;
  readonly counters: VenueCounters;
}

const json = (status: number, body: unknown, headers: Readonly<Record<string, string>> = {}): SimRestAnswer => ({
  status,
  text: JSON.stringify(body),
  headers,
});
const error = (code: number, msg: string): SimRestAnswer => json(400, { code, msg });
const missing = (name: string): SimRestAnswer => error(-1102, `Mandatory parameter '${name}' was not sent, was empty/null, or malformed.`);
const INVALID_SYMBOL = error(-1121, 'Invalid symbol.');

/**
 * Binance's options REST on `/eapi/v1/` (the simulator's HTTP port): `ping`, `time`, `exchangeInfo`,
 * `index?underlying=`, `ticker[?symbol=]`, `mark[?symbol=]`, `trades?symbol=&limit=` (the latest, oldest
 * first), `historicalTrades?symbol=&fromId=&limit=` (from `fromId` on), `openInterest?underlyingAsset=&expiration=`;
 * weighed per IP on Binance's rule (429 with `Retry-After` past the minute's weight, 418 after repeated
 * requests during the wait; `x-mbx-used-weight-1m` on each answer); Binance's `{code, msg}` errors
 * (-1102 a parameter missing, -1121 an unknown symbol, -1130 a bad `limit`). Expired options leave
 * exchangeInfo, `ticker` and `mark`; their trades stay readable. Armed list faults replace `exchangeInfo`.
 */
export class BinanceOptionsRest extends SimRestHandler<PerIpWeight> {
  constructor(private readonly config: BinanceOptionsRestConfig) {
    super({ limit: new PerIpWeight(config.weightPerMinute), type: 'application/json', counters: config.counters });
  }

  protected respond({ method, target, ip }: SimRestRequest): SimRestAnswer {
    const url = requestUrl(target);
    const endpoint = url?.pathname.startsWith('/eapi/v1/') === true ? url.pathname.slice('/eapi/v1/'.length) : '';
    const weight = WEIGHTS[endpoint];
    if (url === undefined || weight === undefined || method !== 'GET') return json(404, { code: -5000, msg: 'Path not found' });
    const now = this.config.clock();
    const verdict = this.limit.of(ip).admit(weight, now);
    this.admitted(verdict.ok);
    const used = { 'x-mbx-used-weight-1m': String(verdict.usedWeight) };
    if (!verdict.ok) {
      const msg = verdict.status === 418 ? 'Way too many requests; IP banned.' : 'Too many requests; current limit of IP is exceeded.';
      return json(verdict.status, { code: -1003, msg }, { ...used, 'retry-after': String(verdict.retryAfterS) });
    }
    const answer = this.answerOf(endpoint, url.searchParams, now);
    return { ...answer, headers: { ...used, ...answer.headers } };
  }

  private answerOf(endpoint: string, query: URLSearchParams, now: number): SimRestAnswer {
    const { chain, tape } = this.config;
    switch (endpoint) {
      case 'ping':
        return json(200, {});
      case 'time':
        return json(200, { serverTime: now });
      case 'exchangeInfo':
        return this.listFault(json(200, exchangeInfo(chain, now, chain.live())), {
          empty: () => json(200, exchangeInfo(chain, now, [])),
          unavailable: () => json(503, { code: -1001, msg: 'Internal error; unable to process your request. Please try again.' }),
        });
      case 'index': {
        const underlying = query.get('underlying');
        if (underlying === null || underlying === '') return missing('underlying');
        const coin = chain.coins.find((c) => binanceUnderlying(c) === underlying);
        return coin === undefined ? INVALID_SYMBOL : json(200, { time: now, indexPrice: trimmedFixed(chain.board.index(coin), 8) });
      }
      case 'ticker':
      case 'mark':
        return this.perOption(endpoint, query.get('symbol'), now);
      case 'openInterest': {
        const coin = query.get('underlyingAsset');
        const expiry = query.get('expiration');
        if (coin === null || coin === '') return missing('underlyingAsset');
        if (expiry === null || expiry === '') return missing('expiration');
        return json(200, openInterests(chain, tape, coin, expiry, now));
      }
      default:
        return this.trades(endpoint, query);
    }
  }

  /** `ticker` and `mark` of one live option, or of every one. */
  private perOption(endpoint: 'ticker' | 'mark', symbol: string | null, now: number): SimRestAnswer {
    const { chain, tape } = this.config;
    const live = chain.live();
    const selected = symbol === null ? live : live.filter((terms) => terms.symbol === symbol);
    if (symbol !== null && selected.length === 0) return INVALID_SYMBOL;
    const entry = (terms: BinanceOptionTerms): Record<string, unknown>[] => {
      if (endpoint === 'ticker') return [restTicker(chain, tape, terms, now)];
      const quote = chain.quotes.of(terms.symbol);
      return quote === undefined ? [] : [restMark(markPriceEntry(terms, quote, now))];
    };
    return json(200, selected.flatMap(entry));
  }

  /** `trades` (the latest `limit`) and `historicalTrades` (from `fromId` on, else the latest), oldest first. */
  private trades(endpoint: string, query: URLSearchParams): SimRestAnswer {
    const { chain } = this.config;
    const symbol = query.get('symbol');
    if (symbol === null || symbol === '') return missing('symbol');
    const terms = chain.terms.get(symbol);
    if (terms === undefined) return INVALID_SYMBOL;
    const limitText = query.get('limit');
    const limit = limitText === null ? TRADES_DEFAULT : Number(limitText);
    if (!Number.isInteger(limit) || limit < 1 || limit > TRADES_MAX) return error(-1130, "Data sent for parameter 'limit' is not valid.");
    const fromText = endpoint === 'historicalTrades' ? query.get('fromId') : null;
    const fromId = fromText === null ? undefined : Number(fromText);
    if (fromId !== undefined && (!Number.isInteger(fromId) || fromId < 0))
      return error(-1100, "Illegal characters found in parameter 'fromId'; legal range is '^[0-9]{1,20}$'.");
    const trades =
      fromId === undefined ? chain.market.recentTrades(symbol, limit) : chain.market.tradesFrom(symbol, chain.marketIdOf(symbol, Math.max(1, fromId)), limit);
    return json(
      200,
      trades.map((trade) => this.restTrade(terms, trade, endpoint === 'historicalTrades')),
    );
  }

  /**
   * A trade as `trades` writes it (ccxt's recorded answer: `id, symbol, price, qty, quoteQty, side, time`,
   * `id` a number, `side` 1 for a buyer's trade and -1 for a seller's) or `historicalTrades` (the connector's
   * schema: `id, tradeId, price, qty, quoteQty, side, time`), the id Binance's per option as on the stream.
   */
  private restTrade(terms: BinanceOptionTerms, trade: HistoricalTrade, historical: boolean): Record<string, unknown> {
    const { wireDecimals: d, quantityScale: s } = terms.figures;
    const id = this.config.chain.tradeIdOf(terms.symbol, trade.tradeId);
    return {
      id,
      ...(historical ? { tradeId: id } : { symbol: terms.symbol }),
      price: trimmedFixed(trade.price, d),
      qty: trimmedFixed(trade.quantity, s),
      quoteQty: trimmedFixed(trade.price * trade.quantity, d + s),
      side: trade.isBuyerMaker ? -1 : 1,
      time: trade.ts,
    };
  }
}
