import { describe, it } from 'vitest';
import { IngestGate } from '../exchanges/ingest-gate.js';
import { pollConnectionId, type FeedEvent } from '../model/index.js';
import { createTestScheduler, status, tick, trade } from './__fixtures__/market-events.js';
import { detectStale } from './detect-stale.js';

const a = trade({ tradeId: '1', exchangeTs: 10 });
const b = trade({ tradeId: '2', exchangeTs: 20 });
const heartbeat = status('subscribed', { reason: 'pong' });

const stale = (ts: number, staleForMs: number, lastEventTs?: number, symbol?: string) =>
  status('feed_stale', {
    reason: `no data for ${staleForMs} ms`,
    staleForMs,
    ts,
    ...(lastEventTs === undefined ? {} : { lastEventTs }),
    ...(symbol === undefined ? {} : { symbol }),
  });
const recovered = (ts: number, staleForMs: number, lastEventTs: number, symbol?: string) =>
  status('feed_recovered', {
    reason: `data again after ${staleForMs} ms`,
    staleForMs,
    ts,
    lastEventTs,
    ...(symbol === undefined ? {} : { symbol }),
  });

/** The marbles between two events `ms` apart: each event takes a frame of its own (so 1 ms apart is `ab`). */
const apart = (ms: number): string => (ms === 1 ? '' : ` ${ms - 1}ms `);

describe('detectStale', () => {
  it('emits feed_stale once after 5 s of silence, not twice', () => {
    createTestScheduler().run(({ cold, expectObservable }) => {
      const source = cold('a', { a });
      expectObservable(source.pipe(detectStale({ exchange: 'bybit' })), '^ 20s !').toBe('a 4999ms s', {
        a,
        s: stale(5000, 5000, 10),
      });
    });
  });

  it('leaves out the time reading was held by the ingest gate: a pipeline behind its sink does not take its own pause for a stalled venue', () => {
    const scheduler = createTestScheduler();
    scheduler.run(({ cold, expectObservable }) => {
      const gate = new IngestGate(() => scheduler.now());
      // Held from 2 s to 8 s: 5 s of the venue's silence end at 11 s, not at 5 s; the recovery at 13 s says 7 s.
      cold('2s p 5999ms r').subscribe((change) => gate.set(change === 'p'));
      const source = cold('a 13s b', { a, b });
      expectObservable(source.pipe(detectStale({ exchange: 'bybit', held: gate.heldBetween })), '^ 15s !').toBe('a 10999ms s 2000ms (rb)', {
        a,
        b,
        s: stale(11_000, 5000, 10),
        r: recovered(13_001, 7001, 10),
      });
    });
  });

  it("takes no value read by a poll for the venue's data: a stalled stream stays stale while its REST answers", () => {
    createTestScheduler().run(({ cold, expectObservable }) => {
      const polled = tick({ connectionId: pollConnectionId('bybit'), exchangeTs: 30 });
      const source = cold('a 3s p 3s p', { a, p: polled });
      expectObservable(source.pipe(detectStale({ exchange: 'bybit' })), '^ 10s !').toBe('a 3s p 1998ms s 1001ms p', {
        a,
        p: polled,
        s: stale(5000, 5000, 10),
      });
    });
  });

  it('emits feed_recovered with the whole silence as staleForMs just before the returning data', () => {
    createTestScheduler().run(({ cold, expectObservable }) => {
      const source = cold('a 8s b', { a, b });
      expectObservable(source.pipe(detectStale({ exchange: 'bybit' })), '^ 12s !').toBe('a 4999ms s 3000ms (rb)', {
        a,
        b,
        s: stale(5000, 5000, 10),
        r: recovered(8001, 8001, 10),
      });
    });
  });

  it('starts a new silent period after recovery', () => {
    createTestScheduler().run(({ cold, expectObservable }) => {
      const source = cold('a 6s b', { a, b });
      expectObservable(source.pipe(detectStale({ exchange: 'bybit' })), '^ 12s !').toBe('a 4999ms s 1000ms (rb) 4996ms t', {
        a,
        b,
        s: stale(5000, 5000, 10),
        r: recovered(6001, 6001, 10),
        t: stale(11_001, 5000, 20),
      });
    });
  });

  // Data partway through a quiet period moves the deadline to 5 s after it: not sooner (the period's
  // first deadline) and not later (the next whole period after it).
  it.each([
    [1, 5001],
    [2500, 7500],
    [4999, 9999],
  ])('emits feed_stale exactly 5 s after the last data when data came %i ms after the previous (at %i ms)', (gapMs, staleAt) => {
    createTestScheduler().run(({ cold, expectObservable }) => {
      const source = cold(`a${apart(gapMs)}b`, { a, b });
      expectObservable(source.pipe(detectStale({ exchange: 'bybit' })), '^ 20s !').toBe(`a${apart(gapMs)}b${apart(5000)}s`, {
        a,
        b,
        s: stale(staleAt, 5000, 20),
      });
    });
  });

  it('emits feed_stale exactly 5 s after the last of data coming 1 ms, 2.5 s and 4.999 s apart (at 12.5 s)', () => {
    createTestScheduler().run(({ cold, expectObservable }) => {
      const c = trade({ tradeId: '3', exchangeTs: 30 });
      const d = trade({ tradeId: '4', exchangeTs: 40 });
      // a at 0, b at 1 ms, c at 2501 ms, d at 7500 ms: stale at 12 500 ms.
      const marbles = `a${apart(1)}b${apart(2500)}c${apart(4999)}d`;
      expectObservable(cold(marbles, { a, b, c, d }).pipe(detectStale({ exchange: 'bybit' })), '^ 30s !').toBe(`${marbles}${apart(5000)}s`, {
        a,
        b,
        c,
        d,
        s: stale(12_500, 5000, 40),
      });
    });
  });

  it('after a recovery, emits feed_stale exactly 5 s after data that came partway through the new quiet period', () => {
    createTestScheduler().run(({ cold, expectObservable }) => {
      // a at 0, stale at 5000, b at 6000 (recovered), a again at 9000: stale at 14 000. The group (rb)
      // takes four frames, so a comes 2996 ms after its end.
      const source = cold(`a${apart(6000)}b${apart(3000)}a`, { a, b });
      expectObservable(source.pipe(detectStale({ exchange: 'bybit' })), '^ 30s !').toBe(`a${apart(5000)}s${apart(1000)}(rb) 2996ms a${apart(5000)}t`, {
        a,
        b,
        s: stale(5000, 5000, 10),
        r: recovered(6000, 6000, 10),
        t: stale(14_000, 5000, 10),
      });
    });
  });

  it.each([
    [1, 2001],
    [1000, 3000],
    [1999, 3999],
  ])('emits a watched symbol feed_stale exactly its 2 s after its last data when it came %i ms after the previous (at %i ms)', (gapMs, staleAt) => {
    createTestScheduler().run(({ cold, expectObservable }) => {
      const eth = trade({ symbol: 'ETHUSDT', coin: 'ETH', exchangeTs: 5 });
      const eth2 = trade({ symbol: 'ETHUSDT', coin: 'ETH', tradeId: '2', exchangeTs: 6 });
      // The feed's own 5 s is not reached in the 4.5 s watched: only the symbol's stale shows.
      const config = { exchange: 'bybit' as const, symbolStaleAfterMs: { ETHUSDT: 2000 } };
      const quiet = cold(`e${apart(gapMs)}f`, { e: eth, f: eth2 });
      const expected = `e${apart(gapMs)}f${apart(2000)}s`;
      expectObservable(quiet.pipe(detectStale(config)), '^ 4500ms !').toBe(expected, {
        e: eth,
        f: eth2,
        s: stale(staleAt, 2000, 6, 'ETHUSDT'),
      });
    });
  });

  it('does not let heartbeats or acks reset staleness', () => {
    createTestScheduler().run(({ cold, expectObservable }) => {
      const source = cold('a 2s h 2s h 2s h', { a, h: heartbeat });
      expectObservable(source.pipe(detectStale({ exchange: 'bybit' })), '^ 7s !').toBe('a 2s h 2s h 997ms s 1002ms h', {
        a,
        h: heartbeat,
        s: stale(5000, 5000, 10),
      });
    });
  });

  it('counts the silence from subscription when no data ever arrives', () => {
    createTestScheduler().run(({ cold, expectObservable }) => {
      const source = cold<FeedEvent>('-');
      expectObservable(source.pipe(detectStale({ exchange: 'bybit', staleAfterMs: 2000 })), '^ 3s !').toBe('2s s', {
        s: stale(2000, 2000, undefined),
      });
    });
  });

  it('keeps the feed fresh while data keeps coming', () => {
    createTestScheduler().run(({ cold, expectObservable }) => {
      const source = cold('a 3s b 3s a 3s b', { a, b });
      expectObservable(source.pipe(detectStale({ exchange: 'bybit' })), '^ 10s !').toBe('a 3s b 3s a 3s b', { a, b });
    });
  });

  it('marks a quiet watched symbol stale on its own without marking the feed stale', () => {
    createTestScheduler().run(({ cold, expectObservable }) => {
      const eth = trade({ symbol: 'ETHUSDT', coin: 'ETH', exchangeTs: 5 });
      const source = cold('e 499ms b 999ms b 999ms b 999ms e', { e: eth, b });
      const result = source.pipe(detectStale({ exchange: 'bybit', symbolStaleAfterMs: { ETHUSDT: 2000 } }));
      expectObservable(result, '^ 4s !').toBe('e 499ms b 999ms b 499ms s 499ms b 999ms (re)', {
        e: eth,
        b,
        s: stale(2000, 2000, 5, 'ETHUSDT'),
        r: recovered(3500, 3500, 5, 'ETHUSDT'),
      });
    });
  });

  it('passes completion and errors through', () => {
    createTestScheduler().run(({ cold, expectObservable }) => {
      expectObservable(cold('a|', { a }).pipe(detectStale({ exchange: 'bybit' }))).toBe('a|', { a });
      expectObservable(cold('a#', { a }).pipe(detectStale({ exchange: 'bybit' }))).toBe('a#', { a });
    });
  });
});
