import { bybitPage } from '../bybit/bybit-pages.js';
import type { BybitReply, BybitRestCategory } from '../bybit/bybit-rest.js';
import { expiryCode } from '../deribit/deribit-instruments.js';
import type { SimRestAnswer } from '../../sim-rest-handler.js';
import { linearCrossSequence, linearTradeUuid } from '../bybit-linear/bybit-linear-trade-frames.js';
import type { BybitOptionBooks } from './bybit-option-books.js';
import type { BybitOptionChain } from './bybit-option-chain.js';
import { BYBIT_OPTION_DELIVERY_FEE_RATE, bybitOptionDisplayName, optionDecimal, type BybitOptionTerms } from './bybit-option-contracts.js';
import type { BybitOptionTape } from './bybit-option-tape.js';
import { optionRestTicker, optionTickerFields } from './bybit-option-tickers.js';

/** `recent-trade` for options (recent-trade.mdx: "others: [1,1000], default: 500"). */
const TRADES_DEFAULT = 500;
const TRADES_MAX = 1000;
/** `orderbook` levels of an option (orderbook.mdx: "`option`: [`1`, `25`]. Default: `1`"). */
const BOOK_DEFAULT = 1;
const BOOK_MAX = 25;

export interface BybitOptionRestConfig {
  readonly chain: BybitOptionChain;
  readonly tape: BybitOptionTape;
  /** The `orderbook.25` topics: the REST book is theirs, with their `u`. */
  readonly books: BybitOptionBooks;
}

/** An option of instruments-info (market/instrument.mdx, Option tab: its fields in the documented example's order, `symbolId` after `symbol` as the table has it). */
function instrumentInfo(terms: BybitOptionTerms, index: number): Readonly<Record<string, unknown>> {
  const { figures } = terms;
  return {
    symbol: terms.symbol,
    symbolId: 100_000 + index,
    status: 'Trading',
    baseCoin: terms.coin,
    quoteCoin: 'USDT',
    settleCoin: 'USDT',
    optionsType: terms.type === 'call' ? 'Call' : 'Put',
    launchTime: String(terms.launchTs),
    deliveryTime: String(terms.expiryTs),
    deliveryFeeRate: BYBIT_OPTION_DELIVERY_FEE_RATE,
    priceFilter: {
      minPrice: optionDecimal(figures.tick, figures.priceDecimals),
      maxPrice: figures.maxPrice,
      tickSize: optionDecimal(figures.tick, figures.priceDecimals),
    },
    lotSizeFilter: {
      maxOrderQty: figures.maxOrderQty,
      minOrderQty: optionDecimal(figures.qtyStep, figures.sizeDecimals),
      qtyStep: optionDecimal(figures.qtyStep, figures.sizeDecimals),
    },
    displayName: bybitOptionDisplayName(terms.coin, terms.expiryTs, terms.strike, terms.type),
  };
}

/**
 * Bybit v5 market REST for `category=option`, on spot's paths (its route asks for `category=option`):
 * - `instruments-info`: the options trading (`status` `Trading`; a delivered one is gone) of `baseCoin`
 *   ("`option`: returns BTC by default") or `symbol`, paged as the derivatives are (`limit` 1-1000,
 *   default 500; `nextPageCursor`, `""` after the last page);
 * - `tickers`: every option of `baseCoin` (or `symbol`; one of them required for options), `expDate`
 *   (`25DEC22`) narrowing it, with the Option tab's REST names (`bid1Price`, `markIv`, ...);
 * - `recent-trade`: the latest trades of `symbol`, or of every option of `baseCoin` (default BTC) and
 *   `optionType`, newest first, `limit` 1-1000 (default 500), with the stream's option figures;
 * - `orderbook`: the `orderbook.25` book, 1-25 levels (default 1).
 * Errors are retCode 10001 (the simulator's wording), as the other categories answer them.
 */
export function bybitOptionCategory(config: BybitOptionRestConfig): BybitRestCategory {
  return {
    name: 'option',
    paths: ['/v5/market/instruments-info', '/v5/market/tickers', '/v5/market/recent-trade', '/v5/market/orderbook'],
    answer: (path, query, reply) => {
      switch (path) {
        case '/v5/market/instruments-info':
          return instruments(config, query, reply);
        case '/v5/market/recent-trade':
          return recentTrades(config, query, reply);
        case '/v5/market/orderbook':
          return orderbook(config, query, reply);
        default:
          return tickers(config, query, reply);
      }
    },
  };
}

function instruments({ chain }: BybitOptionRestConfig, query: URLSearchParams, { envelope, listFault }: BybitReply): SimRestAnswer {
  const symbol = query.get('symbol');
  const coin = query.get('baseCoin') ?? (symbol === null ? 'BTC' : undefined);
  const status = query.get('status');
  const indexes = new Map([...chain.terms.keys()].map((s, n) => [s, n]));
  const selected = chain
    .live()
    .filter((t) => (coin === undefined || t.coin === coin) && (symbol === null || t.symbol === symbol) && (status === null || status === 'Trading'));
  const paged = bybitPage(selected, query, (t) => t.symbol);
  if ('error' in paged) return envelope(10001, paged.error, {});
  const result = (list: readonly BybitOptionTerms[], next: string) => ({
    category: 'option',
    nextPageCursor: next,
    list: list.map((t) => instrumentInfo(t, indexes.get(t.symbol) ?? 0)),
  });
  return listFault(envelope(0, 'OK', result(paged.page, paged.nextPageCursor)), () => envelope(0, 'OK', result([], '')));
}

function tickers({ chain, tape }: BybitOptionRestConfig, query: URLSearchParams, { envelope, now }: BybitReply): SimRestAnswer {
  const symbol = query.get('symbol');
  const coin = query.get('baseCoin');
  const expDate = query.get('expDate');
  if (symbol === null && coin === null) return envelope(10001, 'params error: symbol or baseCoin is required for option', {});
  const selected = chain
    .live()
    .filter((t) => (symbol === null || t.symbol === symbol) && (coin === null || t.coin === coin) && (expDate === null || expiryCode(t.expiryTs) === expDate));
  if (symbol !== null && selected.length === 0) return envelope(10001, 'Not supported symbols', {});
  const list = selected.flatMap((terms) => {
    const quote = chain.quotes.of(terms.symbol);
    const state = chain.market.state(terms.symbol);
    return quote === undefined || state === undefined ? [] : [optionRestTicker(optionTickerFields(terms, quote, state, tape, now))];
  });
  return envelope(0, 'OK', { category: 'option', list });
}

function recentTrades({ chain, tape }: BybitOptionRestConfig, query: URLSearchParams, { envelope }: BybitReply): SimRestAnswer {
  const symbol = query.get('symbol');
  const coin = query.get('baseCoin') ?? 'BTC';
  const optionType = query.get('optionType');
  const limitText = query.get('limit');
  const limit = limitText === null ? TRADES_DEFAULT : Number(limitText);
  if (!Number.isInteger(limit) || limit < 1 || limit > TRADES_MAX) return envelope(10001, `params error: limit must be 1-${TRADES_MAX} for option`, {});
  if (symbol !== null && !chain.terms.has(symbol)) return envelope(10001, 'Not supported symbols', {});
  const options = [...chain.terms.values()].filter((t) =>
    symbol === null ? t.coin === coin && (optionType === null || (t.type === 'call' ? 'Call' : 'Put') === optionType) : t.symbol === symbol,
  );
  const trades = options
    .flatMap((t) => chain.market.recentTrades(t.symbol, limit).map((trade) => ({ terms: t, trade })))
    .sort((a, b) => b.trade.ts - a.trade.ts || b.trade.tradeId - a.trade.tradeId)
    .slice(0, limit);
  const list = trades.map(({ terms, trade }) => {
    const figures = tape.of({ symbol: terms.symbol, tradeId: trade.tradeId, price: trade.price });
    return {
      execId: linearTradeUuid(terms.symbol, trade.tradeId),
      symbol: terms.symbol,
      price: optionDecimal(trade.price, terms.figures.priceDecimals),
      size: optionDecimal(trade.quantity, terms.figures.sizeDecimals),
      side: trade.isBuyerMaker ? 'Sell' : 'Buy',
      time: String(trade.ts),
      isBlockTrade: false,
      isRPITrade: false,
      mP: optionDecimal(figures.markPrice, 8),
      iP: optionDecimal(figures.indexPrice, 8),
      mIv: optionDecimal(figures.markIv, 4),
      iv: optionDecimal(figures.iv, 4),
      seq: String(linearCrossSequence(trade.tradeId, 0)),
    };
  });
  return envelope(0, 'OK', { category: 'option', list });
}

function orderbook({ chain, books }: BybitOptionRestConfig, query: URLSearchParams, { envelope, now }: BybitReply): SimRestAnswer {
  const symbol = query.get('symbol');
  if (symbol === null) return envelope(10001, 'params error: symbol is required', {});
  const limitText = query.get('limit');
  const limit = limitText === null ? BOOK_DEFAULT : Number(limitText);
  if (!Number.isInteger(limit) || limit < 1 || limit > BOOK_MAX) return envelope(10001, `params error: limit must be 1-${BOOK_MAX} for option`, {});
  const view = chain.market.isTrading(symbol) ? books.topics.view(symbol, 'orderbook.25', limit) : undefined;
  const book = books.books.book(symbol);
  if (view === undefined || book === undefined) return envelope(10001, 'Not supported symbols', {});
  return envelope(0, 'OK', { s: symbol, b: view.bids, a: view.asks, ts: now, u: view.updateId, seq: book.seq, cts: now });
}
