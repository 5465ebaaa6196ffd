import { FUNDING_INTERVAL_MS, FUNDING_INTEREST } from '../../perpetual/perpetual-funding.js';
import type { PerpetualState } from '../../perpetual/perpetual-market.js';
import { trimmedDecimal } from '../../scaled-decimal.js';
import type { SymbolState } from '../../simulated-market.js';
import { okxPrice, type OkxUnits } from '../okx/okx-units.js';

/** The index an OKX swap follows: its instrument family (`BTC-USDT-SWAP` -> `BTC-USDT`, okx docs-v5 `#public-data-websocket-index-tickers-channel`: "Same as `uly`"). */
export const indexOf = (symbol: string): string => symbol.replace(/-SWAP$/, '');

/** The swap of an index (`BTC-USDT` -> `BTC-USDT-SWAP`). */
export const swapOf = (index: string): string => `${index}-SWAP`;

/** Funding and premium figures as recorded (`"fundingRate":"-0.0004270396398519"`, okx-swap-funding-rate.ndjson line 1): 16 decimals. */
const RATE_DECIMALS = 16;

const envelope = (channel: string, instId: string, data: Readonly<Record<string, string>>): string =>
  JSON.stringify({ arg: { channel, instId }, data: [data] });

/** A `mark-price` push (`#public-data-websocket-mark-price-channel`; recorded keys `instId, instType, markPx, ts`, okx-swap-mark-price.ndjson). */
export function markPriceFrame(contract: PerpetualState, now: number): string {
  const { symbol } = contract;
  return envelope('mark-price', symbol, { instId: symbol, instType: 'SWAP', markPx: okxPrice(contract.markPrice, contract.priceDecimals), ts: String(now) });
}

/**
 * An `index-tickers` push of the swap's index (`#public-data-websocket-index-tickers-channel`; recorded
 * keys `instId, idxPx, open24h, high24h, low24h, sodUtc0, sodUtc8, ts`, okx-swap-index-tickers.ndjson):
 * `instId` the index. The simulator has no index day of its own: the contract's day figures stand in.
 */
export function indexTickersFrame(contract: PerpetualState, day: SymbolState, now: number): string {
  const d = contract.priceDecimals;
  const index = indexOf(contract.symbol);
  return envelope('index-tickers', index, {
    instId: index,
    idxPx: okxPrice(contract.indexPrice, d),
    open24h: okxPrice(day.open, d),
    high24h: okxPrice(Math.max(day.high, contract.indexPrice), d),
    low24h: okxPrice(Math.min(day.low, contract.indexPrice), d),
    sodUtc0: okxPrice(day.open, d),
    sodUtc8: okxPrice(day.open, d),
    ts: String(now),
  });
}

/**
 * An `open-interest` push (`#public-data-websocket-open-interest-channel`: `instId, instType, oi, oiCcy,
 * oiUsd, ts`): `oi` in contracts, `oiCcy` in base (the recorded WNCG frame, ctVal 1, has both alike),
 * `oiUsd` at the mark price.
 */
export function openInterestFrame(contract: PerpetualState, units: OkxUnits, now: number): string {
  const { symbol } = contract;
  return envelope('open-interest', symbol, {
    instId: symbol,
    instType: 'SWAP',
    oi: units.size(symbol, contract.openInterest),
    oiCcy: trimmedDecimal(contract.openInterest.toFixed(units.baseDecimals(symbol))),
    oiUsd: trimmedDecimal((contract.openInterest * contract.markPrice).toFixed(2)),
    ts: String(now),
  });
}

/**
 * A `funding-rate` push, keys as recorded in 2026 (okx-swap-funding-rate.ndjson line 1: `formulaType,
 * fundingRate, fundingTime, impactValue, instId, instType, interestRate, maxFundingRate, method,
 * minFundingRate, nextFundingRate, nextFundingTime, premium, prevFundingTime, settFundingRate,
 * settState, ts`): `fundingTime` the coming settlement ("Settlement time"; recorded 00:00 UTC pushed
 * at 19:14), `nextFundingTime` the one after, `prevFundingTime` the last, 8 hours apart;
 * `nextFundingRate` "" (no longer supported); `interestRate` the perpetual model's interest;
 * `max`/`minFundingRate` ±`cap`.
 */
export function fundingRateFrame(contract: PerpetualState, cap: string, now: number): string {
  const { symbol } = contract;
  const fundingTime = contract.nextFundingTime;
  return envelope('funding-rate', symbol, {
    formulaType: 'withRate',
    fundingRate: contract.fundingRate.toFixed(RATE_DECIMALS),
    fundingTime: String(fundingTime),
    impactValue: '',
    instId: symbol,
    instType: 'SWAP',
    interestRate: FUNDING_INTEREST.toFixed(RATE_DECIMALS),
    maxFundingRate: cap,
    method: 'current_period',
    minFundingRate: `-${cap}`,
    nextFundingRate: '',
    nextFundingTime: String(fundingTime + FUNDING_INTERVAL_MS),
    premium: ((contract.markPrice - contract.indexPrice) / contract.indexPrice).toFixed(RATE_DECIMALS),
    prevFundingTime: String(fundingTime - FUNDING_INTERVAL_MS),
    settFundingRate: contract.fundingRate.toFixed(RATE_DECIMALS),
    settState: 'settled',
    ts: String(now),
  });
}
