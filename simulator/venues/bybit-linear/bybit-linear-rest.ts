import type { BookChannels } from '../../book-channels.js';
import { bybitPage } from '../bybit/bybit-pages.js';
import { recentTrades, type BybitReply, type BybitRestCategory } from '../bybit/bybit-rest.js';
import type { PerpetualMarket } from '../../perpetual/perpetual-market.js';
import type { SimRestAnswer } from '../../sim-rest-handler.js';
import type { SimulatedBooks } from '../../simulated-books.js';
import type { SimulatedMarket } from '../../simulated-market.js';
import { linearExtraInstruments, linearInstrumentInfo, linearPerpetuals, type LinearInstrument } from './bybit-linear-instruments.js';
import { linearTickerFields } from './bybit-linear-tickers.js';
import { linearTradeUuid } from './bybit-linear-trade-frames.js';
import { bybitSize, LINEAR_CONTRACTS, type BybitContracts } from './bybit-contracts.js';

/** `orderbook` levels per side for linear: 1-1000 (venues-and-derivatives.md §1.1), default 25 (orderbook.mdx). */
const BOOK_DEFAULT = 25;
const BOOK_MAX = 1000;

export interface BybitLinearRestConfig {
  readonly market: SimulatedMarket;
  readonly perpetual: PerpetualMarket;
  /** The venue's depth topics: the REST book is `orderbook.1000`'s, with its `u`. */
  readonly bookTopics: BookChannels;
  readonly books: SimulatedBooks;
  readonly fundingCap: number;
  /** The category answered (`category=inverse`: its perpetuals, sizes in whole USD); default linear. */
  readonly contracts?: BybitContracts;
}

/** The documented linear ticker fields of `GET /v5/market/tickers` (tickers.mdx, Linear/Inverse tab, in its example's order). */
const REST_TICKER_FIELDS = [
  'symbol',
  'lastPrice',
  'indexPrice',
  'markPrice',
  'prevPrice24h',
  'price24hPcnt',
  'highPrice24h',
  'lowPrice24h',
  'prevPrice1h',
  'openInterest',
  'openInterestValue',
  'turnover24h',
  'volume24h',
  'fundingRate',
  'nextFundingTime',
  'predictedDeliveryPrice',
  'basisRate',
  'deliveryFeeRate',
  'deliveryTime',
  'ask1Size',
  'bid1Price',
  'ask1Price',
  'bid1Size',
] as const;

/**
 * Bybit v5 market REST for `category=linear`, on the same paths as spot (its route asks for
 * `category=linear`, so it takes those requests before spot's):
 * - `instruments-info`: the market's perpetuals and the contracts of `linearExtraInstruments`,
 *   by default only `Trading` ones (`status=PreLaunch` or `Closed` for the others), paged: `limit`
 *   1-1000 (default 500), `result.nextPageCursor` to pass back as `cursor` (`""` after the last page).
 * - `tickers`: each trading perpetual with mark, index, funding and open interest.
 * - `recent-trade`: 1-1000 (default 500) latest trades, newest first; nothing older.
 * - `orderbook`: `{s, a, b, ts, u, seq, cts}`, 1-1000 levels (default 25) of the `orderbook.1000` book.
 * For `category=inverse` (`contracts`), the same paths and answers: its `InversePerpetual`s alone (no
 * dated or pre-market contract beside them), sizes in whole USD, the tickers' quote figures in the coin.
 */
export function bybitLinearCategory(config: BybitLinearRestConfig): BybitRestCategory {
  const { market } = config;
  const contracts = config.contracts ?? LINEAR_CONTRACTS;
  return {
    name: contracts.category,
    paths: ['/v5/market/instruments-info', '/v5/market/tickers', '/v5/market/recent-trade', '/v5/market/orderbook'],
    answer: (path, query, reply) => {
      switch (path) {
        case '/v5/market/instruments-info':
          return instruments(config, query, reply);
        case '/v5/market/recent-trade':
          return recentTrades(market, query, reply.envelope, {
            category: contracts.category,
            max: 1000,
            default: 500,
            execId: linearTradeUuid,
            sizeDecimals: (symbol) => market.listing(symbol)?.sizeDecimals ?? 6,
            size: (quantity, price, decimals) => bybitSize(contracts, quantity, price, decimals),
          });
        case '/v5/market/orderbook':
          return orderbook(config, query, reply);
        default:
          return tickers(config, query, reply);
      }
    },
  };
}

function instruments(config: BybitLinearRestConfig, query: URLSearchParams, { envelope, listFault, now }: BybitReply): SimRestAnswer {
  const listings = config.market.listings();
  const inverse = config.contracts?.category === 'inverse';
  const all: LinearInstrument[] = inverse
    ? linearPerpetuals(listings, 'InversePerpetual')
    : [...linearPerpetuals(listings), ...linearExtraInstruments(listings[0], now)];
  const status = query.get('status') ?? 'Trading';
  const symbol = query.get('symbol');
  const selected = all.filter((i) => i.status === status && (symbol === null || i.symbol === symbol));
  const paged = bybitPage(selected, query, (i) => i.symbol);
  if ('error' in paged) return envelope(10001, paged.error, {});
  const result = (list: readonly LinearInstrument[], next: string) => ({
    category: inverse ? 'inverse' : 'linear',
    list: list.map(linearInstrumentInfo),
    nextPageCursor: next,
  });
  return listFault(envelope(0, 'OK', result(paged.page, paged.nextPageCursor)), () => envelope(0, 'OK', result([], '')));
}

function tickers(config: BybitLinearRestConfig, query: URLSearchParams, { envelope }: BybitReply): SimRestAnswer {
  const symbol = query.get('symbol');
  const trading = config.market.listings().filter((l) => l.status === 'trading' && (symbol === null || l.symbol === symbol));
  if (symbol !== null && trading.length === 0) return envelope(10001, 'Not supported symbols', {});
  const list = trading.flatMap((l) => {
    const state = config.market.state(l.symbol);
    const perpetual = config.perpetual.state(l.symbol);
    if (state === undefined || perpetual === undefined) return [];
    const fields: Record<string, string> = {
      ...linearTickerFields(state, perpetual, config.fundingCap, config.contracts),
      predictedDeliveryPrice: '',
      basisRate: '',
      deliveryFeeRate: '',
      deliveryTime: '0',
    };
    return [Object.fromEntries(REST_TICKER_FIELDS.map((field) => [field, fields[field] ?? '']))];
  });
  return envelope(0, 'OK', { category: config.contracts?.category ?? 'linear', list });
}

function orderbook(config: BybitLinearRestConfig, query: URLSearchParams, { envelope, now }: BybitReply): SimRestAnswer {
  const symbol = query.get('symbol');
  if (symbol === null) return envelope(10001, 'params error: symbol is required', {});
  const limitText = query.get('limit');
  const limit = limitText === null ? BOOK_DEFAULT : Number(limitText);
  if (!Number.isInteger(limit) || limit < 1 || limit > BOOK_MAX) return envelope(10001, 'params error: limit must be 1-1000', {});
  const view = config.market.isTrading(symbol) ? config.bookTopics.view(symbol, 'orderbook.1000', limit) : undefined;
  const book = config.books.book(symbol);
  if (view === undefined || book === undefined) return envelope(10001, 'Not supported symbols', {});
  return envelope(0, 'OK', { s: symbol, a: view.asks, b: view.bids, ts: now, u: view.updateId, seq: book.seq, cts: now });
}
