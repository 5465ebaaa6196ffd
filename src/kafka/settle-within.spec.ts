import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { settleWithin } from './settle-within.js';

describe('settleWithin', () => {
  it('says done when the work ends within the wait', async () => {
    await expect(settleWithin(sleep(5), 1000)).resolves.toEqual({ kind: 'done' });
  });

  it('says failed, with the error, and never rejects', async () => {
    const error = new Error('broker gone');
    await expect(settleWithin(Promise.reject(error), 1000)).resolves.toEqual({ kind: 'failed', error });
  });

  it('says late after the wait when the work never ends', async () => {
    const started = Date.now();
    await expect(settleWithin(new Promise(() => undefined), 30)).resolves.toEqual({ kind: 'late' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(29);
  });
});
