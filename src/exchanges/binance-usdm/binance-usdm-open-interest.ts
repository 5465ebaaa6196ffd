import type { DerivativeTicker } from '../../model/derivative-ticker.js';
import { FieldReader } from '../field-reader.js';
import { FrameParseError } from '../frame-parse-error.js';
import type { MapperContext } from '../mapper-context.js';
import { recordProvenance } from '../record-provenance.js';
import type { SymbolPoll } from '../venue-protocol.js';

/** Request weight of `GET /fapi/v1/openInterest` (USD-M "Open Interest"; tardis-node `OPEN_INTEREST_REQUEST_WEIGHT = 1`). */
export const BINANCE_USDM_OPEN_INTEREST_WEIGHT = 1;

/**
 * Time between two reads of one symbol's open interest by default, ms. USD-M has no open-interest
 * stream, so it is polled; tardis-node polls every 5 s per symbol, but it follows a handful of symbols.
 * This feed may follow the whole market (`exchangeInfo` listed 924 symbols on 2026-10-07, 134 of them
 * delisted, per polyoxide-binance's docs): at 60 s some 800 symbols cost about 800 weight a minute, a
 * third of the venue's 2,400, leaving the rest to depth snapshots (20 each) and repair (20 a page). Open interest moves slowly beside prices; `--binance-usdm-open-interest-ms`
 * polls faster where fewer symbols are followed.
 */
export const DEFAULT_BINANCE_USDM_OPEN_INTEREST_MS = 60_000;

/** `/fapi/v1/openInterest?symbol=<SYMBOL>`. */
export function binanceUsdmOpenInterestPath(symbol: string): string {
  return `/fapi/v1/openInterest?symbol=${encodeURIComponent(symbol.toUpperCase())}`;
}

/**
 * The answer `{"openInterest":"10659.509","symbol":"BTCUSDT","time":1589437530011}` as a derivative
 * ticker: open interest in the base asset, its time (also the record's exchange time), read by poll.
 * Throws `FrameParseError` on a body that is not that answer, or one about another symbol.
 */
export function readBinanceUsdmOpenInterest(json: unknown, symbol: string, receivedTs: number, context: MapperContext): readonly DerivativeTicker[] {
  const r = FieldReader.of(json, '$');
  const answered = r.string('symbol');
  if (answered !== symbol.toUpperCase()) throw new FrameParseError('$.symbol', `asked for ${symbol}, the answer is about ${answered}`);
  const openInterest = Number(r.nonNegativeDecimal('openInterest'));
  const time = r.integer('time');
  const base = recordProvenance(answered, time, receivedTs, context);
  if (base === undefined) return [];
  return [{ type: 'derivative_ticker', ...base, openInterest, openInterestTs: time, openInterestSource: 'poll' }];
}

/** USD-M's open interest, read per symbol every `intervalMs` on the venue's REST pacer. */
export function binanceUsdmOpenInterestPoll(intervalMs: number = DEFAULT_BINANCE_USDM_OPEN_INTEREST_MS): SymbolPoll {
  return {
    intervalMs,
    weight: BINANCE_USDM_OPEN_INTEREST_WEIGHT,
    path: binanceUsdmOpenInterestPath,
    read: readBinanceUsdmOpenInterest,
  };
}
