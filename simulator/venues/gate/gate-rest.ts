import type { PerpetualMarket } from '../../perpetual/perpetual-market.js';
import { PerIpRequestLimit } from '../../per-ip-request-limit.js';
import { scaledDecimal } from '../../scaled-decimal.js';
import type { SimListing } from '../../sim-listing.js';
import { requestUrl, SimRestHandler, type SimRestAnswer, type SimRestRequest } from '../../sim-rest-handler.js';
import type { SimulatedMarket } from '../../simulated-market.js';
import type { VenueCounters } from '../../venue-counters.js';
import type { GateBooks } from './gate-books.js';
import { GATE_FUNDING_INTERVAL_S, gateFuturesTickerFields, gateSpotMillis, gateSpotTickerFields, takerSide } from './gate-frames.js';
import type { GateRestEndpoint, GateVenueLimits } from './gate-limits.js';
import type { GateUnits } from './gate-units.js';

/** `trades`' `limit` (docs "Retrieve market trades": default 100, at most 1000). */
export const GATE_TRADES_DEFAULT_LIMIT = 100;
export const GATE_TRADES_MAX_LIMIT = 1000;
/** `order_book`'s `limit` (docs "Retrieve order book": default 10; the simulator serves at most 100, as deep as a futures push). */
export const GATE_BOOK_DEFAULT_LIMIT = 10;
export const GATE_BOOK_MAX_LIMIT = 100;

/** Each market's API root (docs "API Overview": `https://api.gateio.ws/api/v4`; USDT-settled futures under `/futures/usdt`). */
const ROOTS = { spot: '/api/v4/spot', futures: '/api/v4/futures/usdt' } as const;
/** The list of instruments of each market, and the query parameter naming one. */
const LISTS = { spot: 'currency_pairs', futures: 'contracts' } as const;
const PARAMETERS = { spot: 'currency_pair', futures: 'contract' } as const;

export interface GateRestConfig {
  readonly market: SimulatedMarket;
  readonly units: GateUnits;
  /** The order books and their ids, shared with the socket's pushes. */
  readonly books: GateBooks;
  /** The futures' mark, index, funding and open interest; none on spot. */
  readonly perpetual?: PerpetualMarket;
  /** The id Gate writes for the symbol's trade `tradeId` (spot: the venue-wide counter's). */
  readonly tradeIdOf: (symbol: string, tradeId: number) => number;
  readonly clock: () => number;
  /** `restEndpoints` is enforced per IP; none: unlimited. */
  readonly limits: GateVenueLimits;
  readonly counters: VenueCounters;
}

/** An answer: a JSON body (an array or object), or Gate's error `{"label","message"}` (docs "Error Handling"). */
const json = (body: unknown, status = 200): SimRestAnswer => ({ status, text: JSON.stringify(body) });
const error = (status: number, label: string, message: string): SimRestAnswer => json({ label, message }, status);

/**
 * Gate REST API v4 on the simulator's HTTP port for one market (spot `/api/v4/spot/...`, USDT futures
 * `/api/v4/futures/usdt/...`): the instruments (`currency_pairs`; `contracts` and `contracts/{name}`),
 * `tickers[?currency_pair=|contract=]`, `order_book?..&limit=&with_id=true` (`{id, current, update, asks,
 * bids}`, `id` the update id the socket's pushes reached, `GateBooks.snapshot`) and `trades?..&limit=`
 * (newest first, from the market's tape), each written as Gate's docs write it. Errors: a parameter
 * missing or wrong 400 `INVALID_PARAM_VALUE`, an unknown path 404 `NOT_FOUND`; past 200 requests in
 * 10 s of one endpoint per IP HTTP 429 `TOO_MANY_REQUESTS` (docs "Rate Limits"). Armed list faults
 * replace the instrument list's answers.
 */
export class GateRest extends SimRestHandler<PerIpRequestLimit> {
  constructor(private readonly config: GateRestConfig) {
    super({ limit: new PerIpRequestLimit(), type: 'application/json', counters: config.counters });
  }

  protected respond({ method, target, ip }: SimRestRequest): SimRestAnswer {
    const now = this.config.clock();
    const url = requestUrl(target);
    const kind = this.config.units.kind;
    const root = ROOTS[kind];
    const rest = url?.pathname.startsWith(`${root}/`) === true ? url.pathname.slice(root.length + 1) : undefined;
    const named = rest?.startsWith(`${LISTS[kind]}/`) === true && kind === 'futures' ? decodeURIComponent(rest.slice(LISTS[kind].length + 1)) : undefined;
    const endpoint: GateRestEndpoint | undefined =
      named !== undefined ? 'contract' : rest === LISTS[kind] ? 'pairs' : rest === 'tickers' || rest === 'order_book' || rest === 'trades' ? rest : undefined;
    if (url === undefined || endpoint === undefined || method !== 'GET') return error(404, 'NOT_FOUND', `${method} ${url?.pathname ?? target} not found`);
    if (!this.admitted(this.limit.admit(`${endpoint} ${ip}`, now, this.config.limits.restEndpoints?.[endpoint])))
      return error(429, 'TOO_MANY_REQUESTS', 'Too many requests');
    const query = url.searchParams;
    const symbol = query.get(PARAMETERS[kind]);
    switch (endpoint) {
      case 'pairs': {
        const body = this.listed().map((l) => (kind === 'spot' ? this.pair(l) : this.contract(l)));
        // As the next armed list fault makes it: `empty` no instruments, `garbage` half the body, `slow` held back, `unavailable` 503.
        return this.listFault(json(body), { empty: () => json([]), unavailable: () => error(503, 'SERVER_ERROR', 'Service unavailable') });
      }
      case 'contract': {
        const listing = this.listed().find((l) => l.symbol === named);
        return listing === undefined ? error(400, 'INVALID_PARAM_VALUE', `unknown contract ${named ?? ''}`) : json(this.contract(listing));
      }
      case 'tickers': {
        const listings = this.listed().filter((l) => symbol === null || symbol === '' || l.symbol === symbol);
        if (symbol !== null && symbol !== '' && listings.length === 0) return this.unknown(symbol);
        return json(listings.flatMap((l) => this.ticker(l, now)));
      }
      case 'order_book':
        return this.orderBook(symbol, query, now);
      case 'trades':
        return this.trades(symbol, query.get('limit'));
    }
  }

  /** The instruments Gate lists: all but the delisted. */
  private listed(): SimListing[] {
    return this.config.market.listings().filter((l) => l.status !== 'delisted');
  }

  private unknown(symbol: string | null): SimRestAnswer {
    if (symbol === null || symbol === '') return error(400, 'INVALID_PARAM_VALUE', `missing required parameter ${PARAMETERS[this.config.units.kind]}`);
    return error(400, 'INVALID_PARAM_VALUE', this.config.units.kind === 'spot' ? `unknown currency pair ${symbol}` : `unknown contract ${symbol}`);
  }

  /** A whole `limit` in 1..`max`, or its default when absent; undefined when it is no such number. */
  private limitOf(raw: string | null, fallback: number, max: number): number | undefined {
    if (raw === null || raw === '') return fallback;
    const limit = Number(raw);
    return Number.isInteger(limit) && limit >= 1 ? Math.min(limit, max) : undefined;
  }

  /** `order_book`: the best `limit` levels a side at the update id the pushes reached; `id` only `with_id=true`. */
  private orderBook(symbol: string | null, query: URLSearchParams, now: number): SimRestAnswer {
    if (symbol === null || symbol === '' || !this.config.market.has(symbol)) return this.unknown(symbol);
    const limit = this.limitOf(query.get('limit'), GATE_BOOK_DEFAULT_LIMIT, GATE_BOOK_MAX_LIMIT);
    if (limit === undefined) return error(400, 'INVALID_PARAM_VALUE', 'invalid limit');
    const snapshot = this.config.books.snapshot(symbol, limit);
    if (snapshot === undefined) return this.unknown(symbol);
    const seconds = now / 1000;
    const body = {
      ...(query.get('with_id') === 'true' ? { id: snapshot.id } : {}),
      current: seconds,
      update: seconds,
      asks: snapshot.asks,
      bids: snapshot.bids,
    };
    return json(body);
  }

  /** `trades`: the latest `limit` trades (default 100, at most 1000), newest first, from the tape. */
  private trades(symbol: string | null, rawLimit: string | null): SimRestAnswer {
    const { market, units, tradeIdOf } = this.config;
    const listing = symbol === null ? undefined : market.listing(symbol);
    if (symbol === null || symbol === '' || listing === undefined || !market.has(symbol)) return this.unknown(symbol);
    const limit = this.limitOf(rawLimit, GATE_TRADES_DEFAULT_LIMIT, GATE_TRADES_MAX_LIMIT);
    if (limit === undefined) return error(400, 'INVALID_PARAM_VALUE', 'invalid limit');
    const d = listing.priceDecimals;
    const trades = market.recentTrades(symbol, limit).reverse();
    if (units.kind === 'spot')
      // Keys as the docs' example (`id, create_time, create_time_ms, currency_pair, side, role, amount, price`), ids as strings.
      return json(
        trades.map((t) => ({
          id: String(tradeIdOf(symbol, t.tradeId)),
          create_time: String(Math.floor(t.ts / 1000)),
          create_time_ms: gateSpotMillis(t.ts),
          currency_pair: symbol,
          side: takerSide(t),
          role: 'taker',
          amount: units.coin(symbol, t.quantity),
          price: units.price(t.price, d),
        })),
      );
    // Keys as the docs' example (`id, create_time, contract, size, price`): seconds with a fraction, contracts signed by the taker's side.
    return json(
      trades.map((t) => {
        const contracts = units.contracts(symbol, t.quantity);
        return { id: t.tradeId, create_time: t.ts / 1000, contract: symbol, size: t.isBuyerMaker ? -contracts : contracts, price: units.price(t.price, d) };
      }),
    );
  }

  /**
   * A spot pair (docs "CurrencyPair"): `amount_precision` and `precision` the decimals of its lot and
   * tick; `trade_status` `tradable`, `untradable` while halted (Gate has no other status for a pair that
   * does not trade; a delisted pair is left out).
   */
  private pair(l: SimListing): Record<string, unknown> {
    return {
      id: l.symbol,
      base: l.base,
      base_name: l.base,
      quote: l.quote,
      quote_name: l.quote,
      fee: '0.2',
      min_base_amount: scaledDecimal(1, l.sizeDecimals),
      min_quote_amount: '1',
      max_quote_amount: '5000000',
      amount_precision: l.sizeDecimals,
      precision: l.priceDecimals,
      trade_status: l.status === 'trading' ? 'tradable' : 'untradable',
      sell_start: 0,
      buy_start: 0,
      type: 'normal',
    };
  }

  /**
   * A USDT contract (docs "Contract"): `type` direct, `quanto_multiplier` the coins one contract is (its
   * lot), `order_price_round` its tick; `status` `trading`, `prelaunch` while halted (listed, not trading:
   * the nearest status Gate has).
   */
  private contract(l: SimListing): Record<string, unknown> {
    const { units, perpetual } = this.config;
    const contract = perpetual?.state(l.symbol);
    const d = l.priceDecimals;
    return {
      name: l.symbol,
      type: 'direct',
      quanto_multiplier: units.quanto(l.symbol),
      leverage_min: '1',
      leverage_max: '100',
      mark_price: contract === undefined ? '' : units.price(contract.markPrice, d),
      index_price: contract === undefined ? '' : units.price(contract.indexPrice, d),
      order_price_round: scaledDecimal(1, d),
      mark_price_round: scaledDecimal(1, d),
      funding_rate: contract === undefined ? '0' : String(Number(contract.fundingRate.toFixed(6))),
      funding_interval: GATE_FUNDING_INTERVAL_S,
      funding_next_apply: contract === undefined ? 0 : Math.floor(contract.nextFundingTime / 1000),
      order_size_min: 1,
      order_size_max: 1_000_000,
      position_size: contract === undefined ? 0 : units.contracts(l.symbol, contract.openInterest),
      status: l.status === 'trading' ? 'trading' : 'prelaunch',
      in_delisting: false,
    };
  }

  /** One entry of `tickers`: spot the pair's day and touch; futures the contract's day, mark, index, funding and open interest. */
  private ticker(l: SimListing, now: number): Record<string, unknown>[] {
    const { market, units, perpetual } = this.config;
    const state = market.state(l.symbol);
    if (state === undefined) return [];
    if (perpetual === undefined) return [gateSpotTickerFields(state, units)];
    const contract = perpetual.state(l.symbol);
    if (contract === undefined) return [];
    const d = state.priceDecimals;
    return [
      {
        ...gateFuturesTickerFields(state, contract, units, now),
        highest_bid: units.price(state.bid, d),
        highest_size: String(units.contracts(l.symbol, state.bidSize)),
        lowest_ask: units.price(state.ask, d),
        lowest_size: String(units.contracts(l.symbol, state.askSize)),
      },
    ];
  }
}
