import { Observable, firstValueFrom, of } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { coldRead } from './cold-read.js';

describe('coldRead', () => {
  it('runs the read once per subscription and emits its value', async () => {
    let reads = 0;
    const read$ = coldRead(() => Promise.resolve(++reads));
    expect(await firstValueFrom(read$)).toBe(1);
    expect(await firstValueFrom(read$)).toBe(2);
  });

  it('emits the read error to its subscriber', async () => {
    await expect(firstValueFrom(coldRead(() => Promise.reject(new Error('HTTP 503'))))).rejects.toThrow('HTTP 503');
  });

  it('after unsubscribing emits nothing, and tells the read it may stop asking for pages', async () => {
    let release: () => void = () => undefined;
    const openAt: boolean[] = [];
    const seen: string[] = [];
    const subscription = coldRead(async (open) => {
      openAt.push(open());
      await new Promise<void>((resolve) => (release = resolve));
      openAt.push(open());
      throw new Error('the answer after the unsubscribe');
    }).subscribe({ next: () => seen.push('value'), error: () => seen.push('error'), complete: () => seen.push('complete') });
    subscription.unsubscribe();
    release();
    await new Promise((resolve) => setImmediate(resolve));
    expect(openAt).toEqual([true, false]);
    expect(seen).toEqual([]);
  });

  it('answers a request asked through ask with its first value, and lets go of one still waiting at the unsubscribe', async () => {
    expect(await firstValueFrom(coldRead((_open, ask) => ask(of(3, 4))))).toBe(3);
    let waiting = 0;
    const never = new Observable<number>(() => {
      waiting += 1;
      return () => (waiting -= 1);
    });
    const ended: string[] = [];
    const subscription = coldRead((_open, ask) =>
      ask(never).then(
        () => ended.push('answered'),
        (error: unknown) => ended.push(String(error)),
      ),
    ).subscribe();
    expect(waiting).toBe(1);
    subscription.unsubscribe();
    expect(waiting).toBe(0);
    await new Promise((resolve) => setImmediate(resolve));
    expect(ended).toEqual(['Error: the read was let go of']);
  });
});
