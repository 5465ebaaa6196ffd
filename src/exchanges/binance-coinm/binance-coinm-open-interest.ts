import type { DerivativeTicker } from '../../model/derivative-ticker.js';
import { FieldReader } from '../field-reader.js';
import { FrameParseError } from '../frame-parse-error.js';
import type { MapperContext } from '../mapper-context.js';
import { recordProvenance } from '../record-provenance.js';
import type { SymbolPoll } from '../venue-protocol.js';
import { coinmUsd, contractSizeOf } from './binance-coinm-contracts.js';
import { BINANCE_COINM_WEIGHTS } from './binance-coinm-limits.js';

/**
 * Time between two reads of one symbol's open interest by default, ms: COIN-M has no open-interest
 * stream, so it is polled as USD-M's is (weight 1 each). COIN-M lists far fewer contracts (some 60 with
 * the quarterlies), so 60 s costs about 60 weight a minute of the venue's 2,400.
 */
export const DEFAULT_BINANCE_COINM_OPEN_INTEREST_MS = 60_000;

/** `/dapi/v1/openInterest?symbol=<SYMBOL>`. */
export function binanceCoinmOpenInterestPath(symbol: string): string {
  return `/dapi/v1/openInterest?symbol=${encodeURIComponent(symbol.toUpperCase())}`;
}

/**
 * The answer `{"symbol":"BTCUSD_PERP","pair":"BTCUSD","openInterest":"15004","contractType":"PERPETUAL","time":...}`
 * (COIN-M "Open Interest": `openInterest` in contracts) as a derivative ticker carrying the open interest's
 * USD, `openInterestValue` (contracts times the contract size), its time and source; the coin figure
 * (`openInterest`) is that USD over the mark price, which the ticker reducer knows. Throws
 * `FrameParseError` on a body that is not that answer, or one about another symbol; a symbol whose contract
 * size is unknown gives nothing.
 */
export function readBinanceCoinmOpenInterest(json: unknown, symbol: string, receivedTs: number, context: MapperContext): readonly DerivativeTicker[] {
  const r = FieldReader.of(json, '$');
  const answered = r.string('symbol');
  if (answered !== symbol.toUpperCase()) throw new FrameParseError('$.symbol', `asked for ${symbol}, the answer is about ${answered}`);
  const contracts = Number(r.nonNegativeDecimal('openInterest'));
  const time = r.integer('time');
  const size = contractSizeOf(answered, context);
  const base = recordProvenance(answered, time, receivedTs, context);
  if (size === undefined || base === undefined) return [];
  return [{ type: 'derivative_ticker', ...base, openInterestValue: coinmUsd(contracts, size), openInterestTs: time, openInterestSource: 'poll' }];
}

/** COIN-M's open interest, read per symbol every `intervalMs` on the venue's REST pacer. */
export function binanceCoinmOpenInterestPoll(intervalMs: number = DEFAULT_BINANCE_COINM_OPEN_INTEREST_MS): SymbolPoll {
  return { intervalMs, weight: BINANCE_COINM_WEIGHTS.openInterest, path: binanceCoinmOpenInterestPath, read: readBinanceCoinmOpenInterest };
}
