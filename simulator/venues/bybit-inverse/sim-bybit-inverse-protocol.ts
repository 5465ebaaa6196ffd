import type { BybitContracts } from '../bybit-linear/bybit-contracts.js';

/** The upgrade path of Bybit v5 inverse public data (`wss://stream.bybit.com/v5/public/inverse`). */
export const BYBIT_INVERSE_WS_PATH = '/v5/public/inverse';

/**
 * Bybit v5 inverse as the simulator plays it: linear's protocol (`SimBybitLinearProtocol`: requests,
 * acks, pings, `publicTrade`, `tickers` snapshot and 100 ms deltas, `orderbook.{1,50,200,1000}`,
 * `allLiquidation`, `kline.{interval}`) on `/v5/public/inverse`, `category=inverse` on REST, with
 * sizes in whole USD contracts and the quote's figures in the coin. Bybit documents the two categories
 * in one "Linear/Inverse" tab (ticker.mdx, orderbook.mdx, instrument.mdx, tickers.mdx) and gives
 * inverse's units on its REST pages: market/kline.mdx ("Inverse contract: unit is quote coin (e.g.,
 * USD)" for `volume`, "base coin (e.g., BTC)" for `turnover`), market/open-interest.mdx ("BTCUSD
 * (inverse) is USD"), tickers.mdx's Inverse example (`openInterestValue` 2089.79 BTC beside
 * `openInterest` 240113967 USD, `turnover24h` 115.6907 BTC beside `volume24h` 13713832 USD).
 */
export const INVERSE_CONTRACTS: BybitContracts = { category: 'inverse', path: BYBIT_INVERSE_WS_PATH };
