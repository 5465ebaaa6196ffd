import type { Building } from '../model/building.js';
import type { MarketRecordBase } from '../model/market-record.js';
import type { MapperContext } from './mapper-context.js';

/**
 * The provenance fields every market record carries, with the instrument it is published under when
 * the symbol's parts name one (a listing at an equivalent quote); `undefined` when the symbol cannot
 * be split. Runs once per frame: without an instrument the record has exactly the fields it always had.
 */
export function recordProvenance(symbol: string, exchangeTs: number, receivedTs: number, context: MapperContext): MarketRecordBase | undefined {
  const parts = context.partsOf(symbol);
  if (parts === undefined) return undefined;
  const provenance: Building<MarketRecordBase> = {
    exchange: context.exchange,
    symbol,
    coin: parts.coin,
    quote: parts.quote,
    exchangeTs,
    receivedTs,
    isFallback: false,
    env: context.env,
    connectionId: context.connectionId,
  };
  if (parts.instrument !== undefined) provenance.instrument = parts.instrument;
  return provenance;
}

/**
 * Sets an optional numeric field only when the value is present (for `exactOptionalPropertyTypes`),
 * without an intermediate object and spread per field: mappers run once per frame.
 */
export function setOptional<K extends string>(target: { [P in K]?: number }, key: K, value: number | undefined): void {
  if (value !== undefined) target[key] = value;
}
