import type { TradeBarKind } from '../model/index.js';

/**
 * A derived data type a user asks for by name, as the market-data services researchers use name them
 * (`book_snapshot_25_100ms`, `quote_1s`, `trade_bar_1m`, `book_change`): what to compute, and the name
 * its records carry.
 */
export type DerivedDataType =
  | { readonly kind: 'book_change'; readonly name: 'book_change' }
  | {
      readonly kind: 'book_snapshot';
      readonly name: string;
      readonly depth: number;
      readonly intervalMs: number;
      readonly grouping?: number;
    }
  | { readonly kind: 'quote'; readonly name: string; readonly intervalMs: number }
  | { readonly kind: 'trade_bar'; readonly name: string; readonly barKind: TradeBarKind; readonly interval: number };

/** The shapes `derivedDataType` reads, for help texts and errors. */
export const DERIVED_DATA_TYPE_FORMS = [
  'book_snapshot_{levels}[_grouped{step}]_{n}{ms|s|m}',
  'quote',
  'quote_{n}{ms|s|m}',
  'trade_bar_{n}{ms|s|m|ticks|vol}',
  'book_change',
] as const;

/** Levels per side a book snapshot may ask for; a venue whose book is shallower (Kraken, Hyperliquid) gives fewer. */
export const MAX_SNAPSHOT_DEPTH = 1000;

const UNIT_MS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000 };

const BOOK_SNAPSHOT = /^book_snapshot_(\d+)(?:_grouped(\d+(?:\.\d+)?))?_(\d+)(ms|s|m)$/;
const QUOTE = /^quote_(\d+)(ms|s|m)$/;
const TRADE_BAR = /^trade_bar_(\d+(?:\.\d+)?)(ms|s|m|ticks|vol)$/;

/** The data type a name asks for, or the reason it is not one (the forms it may take). */
export function derivedDataType(name: string): DerivedDataType | { readonly error: string } {
  if (name === 'book_change') return { kind: 'book_change', name };
  if (name === 'quote') return { kind: 'quote', name, intervalMs: 0 };
  const snapshot = BOOK_SNAPSHOT.exec(name);
  if (snapshot !== null) {
    const [, depthText = '', groupingText, n = '', unit = ''] = snapshot;
    const depth = Number(depthText);
    if (depth < 1 || depth > MAX_SNAPSHOT_DEPTH) return { error: `${name}: levels must be 1 to ${MAX_SNAPSHOT_DEPTH}` };
    const grouping = groupingText === undefined ? undefined : Number(groupingText);
    if (grouping !== undefined && !(grouping > 0)) return { error: `${name}: the grouping step must be above 0` };
    const intervalMs = Number(n) * (UNIT_MS[unit] ?? 1);
    return { kind: 'book_snapshot', name, depth, intervalMs, ...(grouping === undefined ? {} : { grouping }) };
  }
  const quote = QUOTE.exec(name);
  if (quote !== null) {
    const [, n = '', unit = ''] = quote;
    return { kind: 'quote', name, intervalMs: Number(n) * (UNIT_MS[unit] ?? 1) };
  }
  const bar = TRADE_BAR.exec(name);
  if (bar !== null) {
    const [, n = '', unit = ''] = bar;
    const size = Number(n);
    if (!(size > 0)) return { error: `${name}: a bar's size must be above 0` };
    if (unit === 'ticks')
      return Number.isInteger(size) ? { kind: 'trade_bar', name, barKind: 'tick', interval: size } : { error: `${name}: a count of trades is whole` };
    if (unit === 'vol') return { kind: 'trade_bar', name, barKind: 'volume', interval: size };
    if (!Number.isInteger(size)) return { error: `${name}: a time bar's length is whole` };
    return { kind: 'trade_bar', name, barKind: 'time', interval: size * (UNIT_MS[unit] ?? 1) };
  }
  return { error: `${name} is not a data type; the forms are ${DERIVED_DATA_TYPE_FORMS.join(', ')}` };
}

/** Each name read, or every refusal together; a name given twice counts once. */
export function derivedDataTypes(names: readonly string[]): { readonly types: readonly DerivedDataType[]; readonly errors: readonly string[] } {
  const types: DerivedDataType[] = [];
  const errors: string[] = [];
  for (const name of new Set(names)) {
    const read = derivedDataType(name);
    if ('error' in read) errors.push(read.error);
    else types.push(read);
  }
  return { types, errors };
}
