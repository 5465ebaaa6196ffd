import { describe, expect, it } from 'vitest';
import { KeyedTable } from './keyed-table.js';

describe('KeyedTable', () => {
  it('keeps every entry of thousands, each table unchanged by the sets made on it later', () => {
    let table = KeyedTable.empty<number>();
    const tables: KeyedTable<number>[] = [];
    for (let i = 0; i < 3000; i++) {
      table = table.set(`C${i}-USDT`, i);
      if (i % 1000 === 999) tables.push(table);
    }
    expect(table.size).toBe(3000);
    expect(table.get('C2999-USDT')).toBe(2999);
    expect([...table.values()].sort((a, b) => a - b)).toEqual(Array.from({ length: 3000 }, (_, i) => i));
    expect(tables.map((t) => [t.size, t.has('C1500-USDT'), t.get('C999-USDT')])).toEqual([
      [1000, false, 999],
      [2000, true, 999],
      [3000, true, 999],
    ]);
    expect(KeyedTable.empty<number>().size).toBe(0);
  });

  it('replaces a value without counting it twice, returns itself for the same value, and deletes', () => {
    const a = KeyedTable.of([
      ['BTC-USDT', 1],
      ['ETH-USDT', 2],
    ]);
    const b = a.set('BTC-USDT', 5);
    expect([a.get('BTC-USDT'), b.get('BTC-USDT'), b.size]).toEqual([1, 5, 2]);
    expect(b.set('BTC-USDT', 5)).toBe(b);
    expect(b.update('ETH-USDT', (v) => (v ?? 0) + 1).get('ETH-USDT')).toBe(3);
    const c = b.delete('BTC-USDT');
    expect([c.size, c.has('BTC-USDT'), b.has('BTC-USDT'), c.delete('nope')]).toEqual([1, false, true, c]);
    expect([...c.entries()]).toEqual([['ETH-USDT', 2]]);
  });
});
