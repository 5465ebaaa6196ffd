import type { MarketRecordBase } from '../model/market-record.js';
import type { MapperContext } from './mapper-context.js';

/** The provenance fields every market record carries; `undefined` when the symbol cannot be split. */
export function recordProvenance(symbol: string, exchangeTs: number, receivedTs: number, context: MapperContext): MarketRecordBase | undefined {
  const parts = context.partsOf(symbol);
  if (parts === undefined) return undefined;
  return {
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
}

/** `{ [key]: value }`, or `{}` when the value is absent (for `exactOptionalPropertyTypes`). */
export function optionalField<K extends string>(key: K, value: number | undefined): { [P in K]?: number } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: number };
}
