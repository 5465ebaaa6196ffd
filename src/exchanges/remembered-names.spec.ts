import { describe, expect, it } from 'vitest';
import { rememberedNames } from './remembered-names.js';

describe('rememberedNames', () => {
  it('reads each name once, a name it cannot read too, and gives the same record each time', () => {
    const reads: string[] = [];
    const of = rememberedNames((name) => {
      reads.push(name);
      return name.startsWith('BTC-') ? { name } : undefined;
    });
    const first = of('BTC-261127-56000-C');
    expect([of('BTC-261127-56000-C'), of('junk'), of('junk')]).toEqual([first, undefined, undefined]);
    expect(of('BTC-261127-56000-C')).toBe(first);
    expect(reads).toEqual(['BTC-261127-56000-C', 'junk']);
  });

  it('starts again once it holds 20,000 names, so that names a venue never lists cannot grow it without end', () => {
    let reads = 0;
    const of = rememberedNames((name) => {
      reads += 1;
      return name;
    });
    for (let n = 0; n < 20_000; n++) of(`name-${n}`);
    of('name-0');
    expect(reads).toBe(20_000);
    of('name-20000');
    of('name-0');
    expect(reads).toBe(20_002);
  });
});
