import { describe, expect, it } from 'vitest';
import { DEFAULT_MAX_SYMBOLS, SymbolRefusals, UNREPORTED_NAMES_KEPT, symbolCounters } from './symbol-counters.js';

const symbols = (count: number, prefix = 'C'): string[] => Array.from({ length: count }, (_, i) => `${prefix}${i}USDT`);

describe('SymbolRefusals', () => {
  it('counts each refused symbol once, however often it is refused', () => {
    const counters = symbolCounters();
    const refusals = new SymbolRefusals(counters);
    for (const symbol of ['ETHUSDT', 'SOLUSDT', 'ETHUSDT', 'ETHUSDT', 'SOLUSDT']) refusals.refuse(symbol);
    expect(counters).toEqual({ refused: 2, evicted: 0, unreported: ['ETHUSDT', 'SOLUSDT'] });
  });

  it('keeps the first names for a report and only counts the rest; an emptied list fills again', () => {
    const counters = symbolCounters();
    const refusals = new SymbolRefusals(counters);
    const first = symbols(UNREPORTED_NAMES_KEPT + 5);
    for (const symbol of first) refusals.refuse(symbol);
    expect(counters.refused).toBe(UNREPORTED_NAMES_KEPT + 5);
    expect(counters.unreported).toEqual(first.slice(0, UNREPORTED_NAMES_KEPT));
    counters.unreported.length = 0;
    refusals.refuse('LATEUSDT');
    expect(counters.unreported).toEqual(['LATEUSDT']);
  });

  it(`remembers ${DEFAULT_MAX_SYMBOLS} refused symbols, then starts afresh (a symbol refused long ago is counted again)`, () => {
    const counters = symbolCounters();
    const refusals = new SymbolRefusals(counters);
    for (const symbol of symbols(DEFAULT_MAX_SYMBOLS)) refusals.refuse(symbol);
    refusals.refuse('C0USDT');
    expect(counters.refused).toBe(DEFAULT_MAX_SYMBOLS);
    refusals.refuse('NEWUSDT');
    refusals.refuse('C0USDT');
    expect(counters.refused).toBe(DEFAULT_MAX_SYMBOLS + 2);
  });
});
