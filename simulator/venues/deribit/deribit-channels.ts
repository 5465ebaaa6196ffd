/** A channel of the simulated Deribit: `trades.{instrument}.{interval}`, `ticker.…`, `book.…` (docs.deribit.com subscriptions), with `100ms` or `raw`. */
export interface DeribitChannel {
  readonly kind: 'trades' | 'ticker' | 'book';
  readonly instrument: string;
  readonly interval: '100ms' | 'raw';
}

/** The parts of a channel name; undefined for a name of another form (an aggregated book `book.X.none.10.100ms`, `quote.X`, ...). */
export function channelParts(channel: string): DeribitChannel | undefined {
  const match = /^(trades|ticker|book)\.([A-Za-z0-9_-]+)\.(100ms|raw)$/.exec(channel);
  if (match === null) return undefined;
  return { kind: match[1] as DeribitChannel['kind'], instrument: match[2] ?? '', interval: match[3] as DeribitChannel['interval'] };
}

export const DERIBIT_INTERVALS = ['100ms', 'raw'] as const;
