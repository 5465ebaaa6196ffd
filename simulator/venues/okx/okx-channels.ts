import type { KlineInterval } from '../../../src/model/kline.js';

/** OKX's two public WebSocket routes (okx docs-v5: each channel page's "URL Path"): `/ws/v5/public` and `/ws/v5/business`. */
export const OKX_ROUTES = ['public', 'business'] as const;
export type OkxRoute = (typeof OKX_ROUTES)[number];

/** Where a channel is served and what its args name: an instrument (`instId`) or an instrument type (`instType`). */
export interface OkxChannel {
  readonly route: OkxRoute;
  readonly by: 'instId' | 'instType';
}

/**
 * The candle channels the simulator serves, by the pipeline's interval (okx docs-v5
 * `#order-book-trading-market-data-ws-candlesticks-channel`, on `/business`). The simulator's
 * candles are cut at UTC boundaries, so from 6 hours up only OKX's `utc` channels fit them
 * (`candle6H`, `candle12H`, `candle1D` are cut at UTC+8); weeks are not served (OKX's start on
 * Monday, the simulator's on Thursday), nor `candle1s`.
 */
export const OKX_CANDLE_CHANNELS: Readonly<Partial<Record<KlineInterval, string>>> = {
  '1m': 'candle1m',
  '3m': 'candle3m',
  '5m': 'candle5m',
  '15m': 'candle15m',
  '30m': 'candle30m',
  '1h': 'candle1H',
  '2h': 'candle2H',
  '4h': 'candle4H',
  '6h': 'candle6Hutc',
  '12h': 'candle12Hutc',
  '1d': 'candle1Dutc',
};

const onPublic: OkxChannel = { route: 'public', by: 'instId' };
const onBusiness: OkxChannel = { route: 'business', by: 'instId' };

/**
 * The channels of spot and swaps alike (okx docs-v5, each channel's "URL Path"): `trades-all` (one
 * fill a message) and the candles on `/business`; `trades` (fills aggregated per taker order and
 * price), `tickers`, `bbo-tbt` and `books` on `/public`. A channel asked for on the other route is
 * refused with 60018, as clients recorded it for `books` on `/business` and `candle1m` on `/public`.
 */
export const OKX_MARKET_CHANNELS: Readonly<Record<string, OkxChannel>> = {
  'trades-all': onBusiness,
  trades: onPublic,
  tickers: onPublic,
  'bbo-tbt': onPublic,
  books: onPublic,
  ...Object.fromEntries(Object.values(OKX_CANDLE_CHANNELS).map((channel) => [channel, onBusiness])),
};

/** The simulator's topic of an arg: `books:BTC-USDT`, `liquidation-orders:SWAP` (channel, then the instrument or type). */
export function okxTopic(channel: string, key: string): string {
  return `${channel}:${key}`;
}

/** A topic's channel and key (`books:BTC-USDT` -> `books`, `BTC-USDT`); undefined for a text that is not one. */
export function topicParts(topic: string): { readonly channel: string; readonly key: string } | undefined {
  const at = topic.indexOf(':');
  return at <= 0 ? undefined : { channel: topic.slice(0, at), key: topic.slice(at + 1) };
}
