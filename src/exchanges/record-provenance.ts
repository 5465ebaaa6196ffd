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

/** `T` with every property writable: a record being built by a mapper, before it is handed out. */
export type Building<T> = { -readonly [K in keyof T]: T[K] };

/**
 * Sets an optional numeric field only when the value is present (for `exactOptionalPropertyTypes`),
 * without an intermediate object and spread per field: mappers run once per frame.
 */
export function setOptional<K extends string>(target: { [P in K]?: number }, key: K, value: number | undefined): void {
  if (value !== undefined) target[key] = value;
}
