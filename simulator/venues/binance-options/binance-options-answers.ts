import type { BinanceOptionChain } from './binance-option-chain.js';
import { binanceExpiryCode, binanceUnderlying, fixedDecimal, trimmedFixed, type BinanceOptionTerms } from './binance-option-contracts.js';
import type { BinanceOptionTape } from './binance-option-tape.js';

/** The exchangeInfo `rateLimits` (the docs' example and common-definition: `REQUEST_WEIGHT` 2,400 a minute, `ORDERS` 1,200 a minute). */
export const BINANCE_OPTIONS_RATE_LIMITS = [
  { rateLimitType: 'REQUEST_WEIGHT', interval: 'MINUTE', intervalNum: 1, limit: 2400 },
  { rateLimitType: 'ORDERS', interval: 'MINUTE', intervalNum: 1, limit: 1200 },
];

/**
 * One `optionSymbols` entry in the docs' example's order (market-data/Exchange-Information: `expiryDate,
 * filters, symbol, side, strikePrice, underlying, unit, makerFeeRate, takerFeeRate, minQty, maxQty,
 * initialMargin, maintenanceMargin, minInitialMargin, minMaintenanceMargin, priceScale, quantityScale,
 * quoteAsset`), `liquidationFeeRate` where the connector's schema has it, and `status` `TRADING` last;
 * `strikePrice` at 8 decimals as ccxt's recorded answer writes it (`"800.00000000"`).
 */
export function optionSymbol(terms: BinanceOptionTerms): Record<string, unknown> {
  const { figures, option } = terms;
  const step = fixedDecimal(10 ** -figures.quantityScale, figures.quantityScale);
  const tick = fixedDecimal(figures.tick, figures.priceScale);
  return {
    expiryDate: option.expiryTs,
    filters: [
      { filterType: 'PRICE_FILTER', minPrice: tick, maxPrice: figures.maxPrice, tickSize: tick },
      { filterType: 'LOT_SIZE', minQty: step, maxQty: figures.maxQty, stepSize: step },
    ],
    symbol: terms.symbol,
    side: option.type === 'call' ? 'CALL' : 'PUT',
    strikePrice: fixedDecimal(option.strike, 8),
    underlying: binanceUnderlying(option.chain.coin),
    unit: figures.unit,
    makerFeeRate: '0.0002',
    takerFeeRate: '0.0002',
    liquidationFeeRate: '0.0019',
    minQty: step,
    maxQty: figures.maxQty,
    initialMargin: '0.15',
    maintenanceMargin: '0.075',
    minInitialMargin: '0.1',
    minMaintenanceMargin: '0.05',
    priceScale: figures.priceScale,
    quantityScale: figures.quantityScale,
    quoteAsset: 'USDT',
    status: 'TRADING',
  };
}

/** `GET /eapi/v1/exchangeInfo`: the live options (an expired one is gone) of the served coins, one `optionContracts` entry a coin. */
export function exchangeInfo(chain: BinanceOptionChain, now: number, terms: readonly BinanceOptionTerms[]): Record<string, unknown> {
  return {
    timezone: 'UTC',
    serverTime: now,
    optionContracts: chain.coins.map((coin) => ({ baseAsset: coin, quoteAsset: 'USDT', underlying: binanceUnderlying(coin), settleAsset: 'USDT' })),
    optionAssets: [{ name: 'USDT' }],
    optionSymbols: terms.map(optionSymbol),
    rateLimits: BINANCE_OPTIONS_RATE_LIMITS,
  };
}

/**
 * One `GET /eapi/v1/ticker` entry in the docs' order (`symbol, priceChange, priceChangePercent, lastPrice,
 * lastQty, open, high, low, volume, amount, bidPrice, askPrice, openTime, closeTime, firstTradeId,
 * tradeCount, strikePrice, exercisePrice`), decimals trimmed as ccxt's recorded answer has them
 * (`"22.4"`, `"-0.1854"`: the change percent a fraction), `"0"` and 0 for an option without a trade in
 * the 24 hours; `exercisePrice` the index ("return index price at other times").
 */
export function restTicker(chain: BinanceOptionChain, tape: BinanceOptionTape, terms: BinanceOptionTerms, now: number): Record<string, unknown> {
  const { wireDecimals: d, quantityScale: s } = terms.figures;
  const day = tape.day(terms.symbol, now);
  const quote = chain.quotes.of(terms.symbol);
  const price = (value: number | undefined): string => trimmedFixed(value ?? 0, d);
  return {
    symbol: terms.symbol,
    priceChange: price(day === undefined ? 0 : day.last - day.open),
    priceChangePercent: trimmedFixed(day === undefined || day.open <= 0 ? 0 : (day.last - day.open) / day.open, 4),
    lastPrice: price(day?.last),
    lastQty: trimmedFixed(day?.lastQty ?? 0, s),
    open: price(day?.open),
    high: price(day?.high),
    low: price(day?.low),
    volume: trimmedFixed(day?.volume ?? 0, s),
    amount: price(day?.amount),
    bidPrice: price(quote?.bid),
    askPrice: price(quote?.ask),
    openTime: day?.openTime ?? 0,
    closeTime: day?.closeTime ?? 0,
    firstTradeId: day?.firstId ?? 0,
    tradeCount: day?.count ?? 0,
    strikePrice: trimmedFixed(terms.option.strike, 8),
    exercisePrice: trimmedFixed(chain.board.index(terms.option.chain.coin), 8),
  };
}

/**
 * One `GET /eapi/v1/mark` entry in ccxt's recorded order (`symbol, markPrice, bidIV, askIV, markIV, delta,
 * theta, gamma, vega, highPriceLimit, lowPriceLimit`) with the docs' `riskFreeInterest`: the figures of the
 * option's `optionMarkPrice` entry (`mp`, `b`, `a`, `vo`, `d`, `t`, `g`, `v`, `hl`, `ll`, `rf`).
 */
export function restMark(entry: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const names: Readonly<Record<string, string>> = {
    s: 'symbol',
    mp: 'markPrice',
    b: 'bidIV',
    a: 'askIV',
    vo: 'markIV',
    d: 'delta',
    t: 'theta',
    g: 'gamma',
    v: 'vega',
    hl: 'highPriceLimit',
    ll: 'lowPriceLimit',
    rf: 'riskFreeInterest',
  };
  return Object.fromEntries(Object.entries(names).map(([wire, rest]) => [rest, entry[wire]]));
}

/** `GET /eapi/v1/openInterest?underlyingAsset=BTC&expiration=261127`: each live option of the expiry, as ccxt's recorded answer (`symbol, sumOpenInterest, sumOpenInterestUsd, timestamp` a string). */
export function openInterests(chain: BinanceOptionChain, tape: BinanceOptionTape, coin: string, expiry: string, now: number): Record<string, unknown>[] {
  const index = chain.board.index(coin);
  return chain
    .live(coin)
    .filter((terms) => binanceExpiryCode(terms.option.expiryTs) === expiry)
    .map((terms) => {
      const contracts = tape.openInterest(terms.symbol);
      return {
        symbol: terms.symbol,
        sumOpenInterest: fixedDecimal(contracts, terms.figures.quantityScale),
        sumOpenInterestUsd: fixedDecimal(contracts * terms.figures.unit * index, 10),
        timestamp: String(now),
      };
    });
}
