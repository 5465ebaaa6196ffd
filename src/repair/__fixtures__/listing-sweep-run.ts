import { asyncScheduler, concat, from, ignoreElements, lastValueFrom, timer, toArray } from 'rxjs';
import type { ExchangeId, FeedEvent, FeedStatus, TradeEvent } from '../../model/index.js';
import { sweepReconnectTrades } from '../../operators/sweep-reconnect-trades.js';
import { venueTradeHistory } from '../venue-trade-history.js';
import { restWeightPacer } from '../../exchanges/rest/rest-weight-pacer.js';

/** When the venue's list that did not hold the new option was read. */
export const LIST_BEFORE = Date.UTC(2026, 10, 20, 12);
/** When the next list (which holds it) was read. */
export const LISTED_AT = LIST_BEFORE + 10_000;
/** When its first record came here: a trade made at `FIRST_TRADE_AT`. */
export const FIRST_RECORD_AT = LIST_BEFORE + 12_000;
export const FIRST_TRADE_AT = FIRST_RECORD_AT - 100;

/** The catalog's `listed` status of `symbol`: listed at the list read at `LISTED_AT`, the one before (`LIST_BEFORE`) without it. */
export function listedStatus(exchange: ExchangeId, symbol: string): FeedStatus {
  return { type: 'feed_status', exchange, symbol, state: 'listed', reason: 'listed', lastEventTs: LIST_BEFORE, ts: LISTED_AT };
}

/** A trade of `symbol` published live, made at `at` and heard 100 ms later. */
export function liveTrade(exchange: ExchangeId, symbol: string, tradeId: string, at: number): TradeEvent {
  return {
    type: 'trade',
    exchange,
    symbol,
    instrument: `${symbol}-key`,
    coin: 'BTC',
    quote: 'USDT',
    isFallback: false,
    env: 'prod',
    connectionId: 'c1',
    exchangeTs: at,
    receivedTs: at + 100,
    tradeId,
    price: 0.01,
    quantity: 1,
    side: 'BUY',
    isBuyerMaker: false,
  };
}

/**
 * What the pipeline's listing sweep adds to `events` for `exchange` (its definition's trade history over
 * `send`, a fake of the venue's REST; a sweep 20 ms after the first record): statuses as
 * `state symbol: reason`, and the trades it repaired as `symbol id price qty side time`.
 */
export async function sweptListing(exchange: ExchangeId, send: typeof fetch, events: readonly FeedEvent[]): Promise<readonly string[]> {
  const pacer = restWeightPacer(asyncScheduler, { weightPerMinute: 1_000_000, minIntervalMs: 0, backoffInitialMs: 20 });
  const { madeBetween, sweeps } = venueTradeHistory({
    pacers: { [exchange]: pacer },
    restUrls: { [exchange]: 'http://venue.test/' },
    timeoutMs: 5000,
    scheduler: asyncScheduler,
    fetch: send,
  });
  const source = concat(from(events), timer(400).pipe(ignoreElements()));
  const out = await lastValueFrom(source.pipe(sweepReconnectTrades({ madeBetween, sweeps, settleMs: 20 }), toArray()));
  return out
    .filter((event) => !events.includes(event))
    .map((event) => {
      if (event.type === 'feed_status') return `${event.state} ${event.symbol ?? ''}: ${event.reason}`;
      if (event.type === 'trade')
        return `${event.source ?? 'live'} ${event.symbol} ${event.tradeId} ${event.price} ${event.quantity} ${event.side} ${event.exchangeTs}`;
      return event.type;
    });
}

/** The URL a fake venue was asked. */
export function askedUrl(input: Parameters<typeof fetch>[0]): URL {
  return new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
}

export const answer = (body: unknown, status = 200): Promise<Response> => Promise.resolve(new Response(JSON.stringify(body), { status }));

/** The sweep's window as the statuses write it: from the list before, less a second, to the first record. */
export const BETWEEN = `between ${new Date(LIST_BEFORE - 1000).toISOString()} and ${new Date(FIRST_RECORD_AT).toISOString()}`;
