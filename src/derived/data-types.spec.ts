import { describe, expect, it } from 'vitest';
import { derivedDataType, derivedDataTypes } from './data-types.js';

describe('derivedDataType', () => {
  it('reads book snapshots by levels, grouping and cadence', () => {
    expect(derivedDataType('book_snapshot_25_100ms')).toEqual({ kind: 'book_snapshot', name: 'book_snapshot_25_100ms', depth: 25, intervalMs: 100 });
    expect(derivedDataType('book_snapshot_5_1s')).toEqual({ kind: 'book_snapshot', name: 'book_snapshot_5_1s', depth: 5, intervalMs: 1000 });
    expect(derivedDataType('book_snapshot_10_grouped0.5_1m')).toEqual({
      kind: 'book_snapshot',
      name: 'book_snapshot_10_grouped0.5_1m',
      depth: 10,
      intervalMs: 60_000,
      grouping: 0.5,
    });
    expect(derivedDataType('book_snapshot_1_0ms')).toEqual({ kind: 'book_snapshot', name: 'book_snapshot_1_0ms', depth: 1, intervalMs: 0 });
  });

  it('reads quotes: every change of the top, or at a cadence', () => {
    expect(derivedDataType('quote')).toEqual({ kind: 'quote', name: 'quote', intervalMs: 0 });
    expect(derivedDataType('quote_1s')).toEqual({ kind: 'quote', name: 'quote_1s', intervalMs: 1000 });
    expect(derivedDataType('quote_250ms')).toEqual({ kind: 'quote', name: 'quote_250ms', intervalMs: 250 });
  });

  it('reads trade bars by time, count and volume', () => {
    expect(derivedDataType('trade_bar_1m')).toEqual({ kind: 'trade_bar', name: 'trade_bar_1m', barKind: 'time', interval: 60_000 });
    expect(derivedDataType('trade_bar_500ms')).toEqual({ kind: 'trade_bar', name: 'trade_bar_500ms', barKind: 'time', interval: 500 });
    expect(derivedDataType('trade_bar_100ticks')).toEqual({ kind: 'trade_bar', name: 'trade_bar_100ticks', barKind: 'tick', interval: 100 });
    expect(derivedDataType('trade_bar_2.5vol')).toEqual({ kind: 'trade_bar', name: 'trade_bar_2.5vol', barKind: 'volume', interval: 2.5 });
  });

  it('reads book changes', () => {
    expect(derivedDataType('book_change')).toEqual({ kind: 'book_change', name: 'book_change' });
  });

  it('refuses what is not a data type, saying the forms', () => {
    for (const name of [
      'book_snapshot_25',
      'book_snapshot_0_1s',
      'book_snapshot_1001_1s',
      'quote_1h',
      'trade_bar_0ticks',
      'trade_bar_1.5ticks',
      'trade_bar_1.5m',
      'trades',
      '',
    ]) {
      expect(derivedDataType(name)).toHaveProperty('error');
    }
    expect(derivedDataType('candles')).toEqual({ error: expect.stringContaining('book_snapshot_{levels}[_grouped{step}]_{n}{ms|s|m}') as unknown });
  });
});

describe('derivedDataTypes', () => {
  it('reads every name once and gathers every refusal', () => {
    const read = derivedDataTypes(['quote', 'trade_bar_1m', 'quote', 'bars', 'book_snapshot_1001_1s']);
    expect(read.types.map((type) => type.name)).toEqual(['quote', 'trade_bar_1m']);
    expect(read.errors).toHaveLength(2);
  });
});
