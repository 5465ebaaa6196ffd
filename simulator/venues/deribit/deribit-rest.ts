import type { IncomingMessage, ServerResponse } from 'node:http';
import { ListFaults } from '../../list-faults.js';
import type { SimRestApi } from '../../sim-rest-api.js';
import type { HistoricalTrade } from '../../trade-history.js';
import { CONTRACT_USD, FUTURE_TICK, optionGrid } from './deribit-contracts.js';
import type { DeribitExchange } from './deribit-exchange.js';
import type { DeribitFrames } from './deribit-frames.js';
import { DERIBIT_ERRORS, errorReply, resultReply, type DeribitError } from './deribit-rpc.js';
import { answerLater } from '../../sim-rest-api.js';

/** The REST prefix, as Deribit serves it (`https://www.deribit.com/api/v2/public/...`). */
export const DERIBIT_REST_PREFIX = '/api/v2/';
/** A perpetual's `expiration_timestamp` in the recorded list (3000-01-01). */
const PERPETUAL_EXPIRY = 32_503_708_800_000;
/** Most trades of one `get_last_trades_by_instrument` answer (docs.deribit.com: `count` "maximum value is 1000"). */
export const MAX_TRADES_COUNT = 1000;

interface Answer {
  readonly status: number;
  readonly body: string;
  /** How long the answer is held back, ms (a `slow` list fault); absent: written at once. */
  readonly delayMs?: number;
}

/**
 * Deribit's public REST (docs.deribit.com `public/get_instruments`, `public/get_book_summary_by_currency`,
 * `public/get_last_trades_by_instrument`, `public/get_last_trades_by_instrument_and_time`,
 * `public/get_last_trades_by_currency_and_time`: the options' trades of a settlement currency) over both
 * venues' markets: `GET /api/v2/public/<method>?<params>`, answered `{"jsonrpc":"2.0","result":..}`;
 * a bad request 400 with Deribit's error object; past the IP's credits 429 with error 10028.
 */
export class DeribitRest implements SimRestApi {
  readonly listFaults = new ListFaults();
  private readonly tally = { restRequests: 0, restBadRequests: 0 };

  constructor(
    private readonly exchange: DeribitExchange,
    private readonly frames: DeribitFrames,
    private readonly clock: () => number,
  ) {}

  handle(request: IncomingMessage, response: ServerResponse): void {
    const { status, body, delayMs } = this.answer(request.url ?? '/');
    answerLater(response, delayMs ?? 0, () => {
      response.writeHead(status, { 'Content-Type': 'application/json' });
      response.end(body);
    });
  }

  restCounters(): Readonly<Record<string, number>> {
    return { ...this.tally, ...this.listFaults.counters(), ...this.exchange.limiter.counters() };
  }

  clearFaults(): void {
    this.listFaults.clear();
  }

  /** The answer to a request target (`/api/v2/public/get_instruments?currency=BTC&kind=option`) now. */
  answer(target: string): Answer {
    const now = this.clock();
    const url = new URL(target, 'http://127.0.0.1');
    const method = url.pathname.startsWith(DERIBIT_REST_PREFIX) ? url.pathname.slice(DERIBIT_REST_PREFIX.length) : url.pathname;
    const q = url.searchParams;
    this.tally.restRequests += 1;
    if (!this.exchange.limiter.request(now, true)) return { status: 429, body: errorReply(undefined, DERIBIT_ERRORS.tooManyRequests, now) };
    const bad = (error: DeribitError, param?: string, reason?: string): Answer => {
      this.tally.restBadRequests += 1;
      return { status: 400, body: errorReply(undefined, error, now, param === undefined ? undefined : { param, reason: reason ?? 'invalid value' }) };
    };
    const ok = (result: unknown): Answer => ({ status: 200, body: resultReply(null, result, now).replace('"id":null,', '') });
    switch (method) {
      case 'public/get_instruments': {
        const currency = q.get('currency');
        const kind = q.get('kind');
        if (currency === null || !/^(?:BTC|ETH|USDC|SOL|any)$/.test(currency)) return bad(DERIBIT_ERRORS.invalidParams, 'currency');
        if (kind !== null && kind !== 'future' && kind !== 'option') return bad(DERIBIT_ERRORS.invalidParams, 'kind');
        const fault = this.listFaults.take();
        if (fault?.kind === 'unavailable')
          return { status: 503, body: errorReply(undefined, { code: 10001, message: 'error' } as unknown as DeribitError, now) };
        if (fault?.kind === 'empty') return ok([]);
        const list = [...(kind !== 'option' ? this.futures(currency) : []), ...(kind !== 'future' ? this.options(currency) : [])];
        if (fault?.kind === 'garbage') return { status: 200, body: ok(list).body.slice(0, 100) };
        return fault?.kind === 'slow' ? { ...ok(list), delayMs: fault.delayMs } : ok(list);
      }
      case 'public/get_book_summary_by_currency': {
        const currency = q.get('currency');
        const kind = q.get('kind');
        if (currency === null) return bad(DERIBIT_ERRORS.invalidParams, 'currency', 'missing');
        const symbols = [...(kind !== 'option' ? this.futures(currency) : []), ...(kind !== 'future' ? this.options(currency) : [])].map((i) =>
          String(i.instrument_name),
        );
        return ok(symbols.flatMap((s) => this.summary(s, now) ?? []));
      }
      case 'public/get_last_trades_by_instrument':
      case 'public/get_last_trades_by_instrument_and_time': {
        const symbol = q.get('instrument_name') ?? '';
        const option = this.exchange.optionTerms.has(symbol);
        const market = option ? this.exchange.options : this.exchange.futures;
        if (market.listing(symbol) === undefined) return bad(DERIBIT_ERRORS.invalidInstrument, 'instrument_name');
        const count = Number(q.get('count') ?? '10');
        if (!Number.isInteger(count) || count < 1 || count > MAX_TRADES_COUNT) return bad(DERIBIT_ERRORS.invalidParams, 'count', `1 to ${MAX_TRADES_COUNT}`);
        const sorting = q.get('sorting') ?? 'desc';
        if (sorting !== 'asc' && sorting !== 'desc' && sorting !== 'default') return bad(DERIBIT_ERRORS.invalidParams, 'sorting');
        const byTime = method.endsWith('_and_time');
        const [from, to] = byTime ? ['start_timestamp', 'end_timestamp'] : ['start_seq', 'end_seq'];
        const low = q.get(from) === null ? -Infinity : Number(q.get(from));
        const high = q.get(to) === null ? Infinity : Number(q.get(to));
        if (Number.isNaN(low) || Number.isNaN(high)) return bad(DERIBIT_ERRORS.invalidParams, Number.isNaN(low) ? from : to);
        const all = market.madeTrades(symbol).filter((t) => (byTime ? t.ts : t.tradeId) >= low && (byTime ? t.ts : t.tradeId) <= high);
        const chosen = sorting === 'asc' ? all.slice(0, count) : all.slice(-count).reverse();
        const trades = chosen.map((t) => this.trade(symbol, t, option));
        return ok({ trades, has_more: all.length > count });
      }
      case 'public/get_last_trades_by_currency_and_time': {
        const currency = q.get('currency');
        if (currency === null || !/^(?:BTC|ETH|USDC|any)$/.test(currency)) return bad(DERIBIT_ERRORS.invalidParams, 'currency');
        if (q.get('kind') !== 'option') return bad(DERIBIT_ERRORS.invalidParams, 'kind', 'only option is simulated');
        const count = Number(q.get('count') ?? '10');
        if (!Number.isInteger(count) || count < 1 || count > MAX_TRADES_COUNT) return bad(DERIBIT_ERRORS.invalidParams, 'count', `1 to ${MAX_TRADES_COUNT}`);
        const [low, high] = [Number(q.get('start_timestamp')), Number(q.get('end_timestamp'))];
        if (!Number.isFinite(low) || !Number.isFinite(high))
          return bad(DERIBIT_ERRORS.invalidParams, Number.isFinite(low) ? 'end_timestamp' : 'start_timestamp');
        // Every option of the currency ever listed, expired ones too (their trades stay in the venue's 24 h), oldest first.
        const all = [...this.exchange.optionTerms.values()]
          .filter((t) => currency === 'any' || (t.chain.settlement === 'coin' ? t.chain.coin : 'USDC') === currency)
          .flatMap((t) => this.exchange.options.madeTrades(t.symbol).map((trade) => ({ symbol: t.symbol, trade })))
          .filter(({ trade }) => trade.ts >= low && trade.ts <= high)
          .sort((a, b) => a.trade.ts - b.trade.ts);
        const chosen = q.get('sorting') === 'desc' ? all.slice(-count).reverse() : all.slice(0, count);
        return ok({ trades: chosen.map(({ symbol, trade }) => this.trade(symbol, trade, true)), has_more: all.length > count });
      }
      default:
        return bad(DERIBIT_ERRORS.methodNotFound);
    }
  }

  private trade(symbol: string, t: HistoricalTrade, option: boolean): Readonly<Record<string, unknown>> {
    const trade = { symbol, tradeId: t.tradeId, price: t.price, quantity: t.quantity, isBuyerMaker: t.isBuyerMaker, ts: t.ts };
    return option ? this.frames.optionTrade(trade, 0) : this.frames.futureTrade(trade, 0);
  }

  private futures(currency: string): Readonly<Record<string, unknown>>[] {
    return [...this.exchange.futureTerms.values()]
      .filter((t) => this.exchange.futures.has(t.symbol) && (currency === 'any' || currency === t.coin))
      .map((t) => ({
        tick_size: FUTURE_TICK[t.coin],
        taker_commission: 0.0005,
        settlement_period: t.expiryTs === undefined ? 'perpetual' : 'month',
        quote_currency: 'USD',
        min_trade_amount: CONTRACT_USD[t.coin],
        max_liquidation_commission: 0.009,
        max_leverage: 50,
        maker_commission: 0,
        kind: 'future',
        is_active: true,
        instrument_name: t.symbol,
        expiration_timestamp: t.expiryTs ?? PERPETUAL_EXPIRY,
        creation_timestamp: t.createdTs,
        contract_size: CONTRACT_USD[t.coin],
        block_trade_commission: 0.0001,
        base_currency: t.coin,
      }));
  }

  private options(currency: string): Readonly<Record<string, unknown>>[] {
    return [...this.exchange.optionTerms.values()]
      .filter((t) => this.exchange.options.has(t.symbol))
      .filter((t) => currency === 'any' || (t.chain.settlement === 'coin' ? currency === t.chain.coin : currency === 'USDC'))
      .map((t) => ({
        // The smallest tick (`COIN_OPTION_TICK`); its `tick_size_steps` are left out, as the recorded 2021 layout has none.
        tick_size: optionGrid(t.chain).unit,
        taker_commission: 0.0003,
        strike: t.strike,
        settlement_period: 'week',
        quote_currency: t.chain.settlement === 'coin' ? t.chain.coin : 'USDC',
        option_type: t.type,
        min_trade_amount: 0.1,
        maker_commission: 0.0003,
        kind: 'option',
        is_active: true,
        instrument_name: t.symbol,
        expiration_timestamp: t.expiryTs,
        creation_timestamp: t.createdTs,
        contract_size: 1,
        block_trade_commission: 0.00015,
        base_currency: t.chain.coin,
        ...(t.chain.settlement === 'usdc' ? { settlement_currency: 'USDC', counter_currency: 'USDC' } : {}),
      }));
  }

  /** One instrument's book summary (docs.deribit.com `public/get_book_summary_by_currency`), from its ticker. */
  private summary(symbol: string, now: number): Readonly<Record<string, unknown>> | undefined {
    const option = this.exchange.optionTerms.has(symbol);
    const ticker = option ? this.frames.optionTicker(symbol, now) : this.frames.futureTicker(symbol, now);
    if (ticker === undefined) return undefined;
    const t = ticker as Record<string, unknown>;
    const stats = t.stats as Record<string, unknown>;
    return {
      instrument_name: symbol,
      bid_price: t.best_bid_price,
      ask_price: t.best_ask_price,
      mark_price: t.mark_price,
      last: t.last_price,
      open_interest: t.open_interest,
      volume: stats.volume,
      high: stats.high,
      low: stats.low,
      price_change: stats.price_change,
      estimated_delivery_price: t.estimated_delivery_price,
      creation_timestamp: now,
      base_currency: symbol.split(/[-_]/)[0],
      quote_currency: option ? undefined : 'USD',
      ...(option
        ? { underlying_price: t.underlying_price, underlying_index: t.underlying_index, mark_iv: t.mark_iv }
        : { funding_8h: t.funding_8h, current_funding: t.current_funding }),
    };
  }
}
