import { describe, expect, it } from 'vitest';
import type { EncodedMessage } from './record-encoder.js';
import { SendBuffer } from './send-buffer.js';

const msg = (topic: string, key: string, n: number): EncodedMessage => ({ topic, key, value: Buffer.from([n]) });

describe('SendBuffer', () => {
  it('refuses never-drop records beyond its bound, counting records in flight', () => {
    const buffer = new SendBuffer({ maxRecords: 2, maxConflatedKeys: 10 });
    expect(buffer.push(msg('t', 'a', 1))).toBe(true);
    expect(buffer.push(msg('t', 'a', 2))).toBe(true);
    expect(buffer.push(msg('t', 'a', 3))).toBe(false);
    expect(buffer.take(2)).toHaveLength(2);
    expect(buffer.push(msg('t', 'a', 3))).toBe(false);
    buffer.settle(2);
    expect(buffer.push(msg('t', 'a', 3))).toBe(true);
    expect(buffer.highWaterMark).toBe(2);
  });

  it('keeps only the latest unsent conflatable record per topic and key', () => {
    const buffer = new SendBuffer({ maxRecords: 10, maxConflatedKeys: 10 });
    expect(buffer.conflate(msg('ticks', 'BTC-USDT', 1))).toBe('added');
    expect(buffer.conflate(msg('ticks', 'BTC-USDT', 2))).toBe('replaced');
    expect(buffer.conflate(msg('ticks', 'ETH-USDT', 3))).toBe('added');
    expect(buffer.take(10).map((m) => m.value[0])).toEqual([2, 3]);
  });

  it('reports a full conflation table instead of growing past it', () => {
    const buffer = new SendBuffer({ maxRecords: 10, maxConflatedKeys: 1 });
    buffer.conflate(msg('ticks', 'BTC-USDT', 1));
    expect(buffer.conflate(msg('ticks', 'ETH-USDT', 2))).toBe('full');
    expect(buffer.size).toBe(1);
  });

  it('hands out at most maxBytes per batch, but always at least one record', () => {
    const buffer = new SendBuffer({ maxRecords: 10, maxConflatedKeys: 10 });
    const big = (n: number): EncodedMessage => ({ topic: 't', key: 'k', value: Buffer.alloc(400, n) });
    for (let n = 0; n < 5; n++) buffer.push(big(n));
    buffer.conflate({ ...big(9), topic: 'ticks' });
    expect(buffer.take(10, 1000).map((m) => m.value[0])).toEqual([0, 1]);
    expect(buffer.take(10, 100).map((m) => m.value[0])).toEqual([2]);
    expect(buffer.take(10, 2000).map((m) => m.value[0])).toEqual([3, 4, 9]);
  });

  it('hands out queued records oldest first', () => {
    const buffer = new SendBuffer({ maxRecords: 10, maxConflatedKeys: 10 });
    for (let n = 0; n < 5; n++) buffer.push(msg('t', 'k', n));
    expect(buffer.take(3).map((m) => m.value[0])).toEqual([0, 1, 2]);
    expect(buffer.drain().map((m) => m.value[0])).toEqual([3, 4]);
  });
});

describe('SendBuffer waiting time', () => {
  it('bounds the arrival of its oldest waiting record from marks taken at each look at the clock, not per record', () => {
    const buffer = new SendBuffer({ maxRecords: 100, maxConflatedKeys: 10, createdAt: 1_000 });
    expect(buffer.oldestWaitingSince()).toBeUndefined();
    buffer.push(msg('t', 'a', 1));
    buffer.push(msg('t', 'a', 2));
    buffer.mark(1_050);
    buffer.push(msg('t', 'a', 3));
    buffer.mark(1_090);
    expect(buffer.oldestWaitingSince()).toBe(1_000);
    expect(buffer.take(2)).toHaveLength(2);
    expect(buffer.oldestWaitingSince()).toBe(1_050);
    expect(buffer.take(10)).toHaveLength(1);
    expect(buffer.oldestWaitingSince()).toBeUndefined();
    buffer.mark(2_000);
    buffer.push(msg('t', 'a', 4));
    expect(buffer.oldestWaitingSince()).toBe(2_000);
  });

  it('counts conflated records from the mark before the table stopped being empty', () => {
    const buffer = new SendBuffer({ maxRecords: 100, maxConflatedKeys: 10, createdAt: 0 });
    buffer.mark(500);
    buffer.conflate(msg('ticks', 'BTC-USDT', 1));
    buffer.mark(900);
    buffer.conflate(msg('ticks', 'BTC-USDT', 2));
    buffer.push(msg('t', 'a', 3));
    expect(buffer.oldestWaitingSince()).toBe(500);
    buffer.take(10);
    expect(buffer.oldestWaitingSince()).toBeUndefined();
    buffer.mark(1_200);
    buffer.conflate(msg('ticks', 'ETH-USDT', 4));
    expect(buffer.oldestWaitingSince()).toBe(1_200);
    buffer.drain();
    expect(buffer.oldestWaitingSince()).toBeUndefined();
  });
});
