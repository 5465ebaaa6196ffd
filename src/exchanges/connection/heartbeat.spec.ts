import { Subject } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import { heartbeat } from './heartbeat.js';

const ping = { intervalMs: 20_000, message: (connectionId: string, n: number) => `${connectionId} ping ${n}` };

describe('heartbeat', () => {
  it('sends the n-th ping every interval from the open, until the socket ends', () => {
    const s = new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
    s.run(({ expectObservable }) => {
      const sent = new Subject<string>();
      const pings = heartbeat(ping, undefined, 'c1', (text) => sent.next(text), s);
      // The socket ends at 50 s: the third ping (60 s) is never sent.
      s.schedule(() => pings?.unsubscribe(), 50_000);
      expectObservable(sent, '^ 70s !').toBe('20s a 19999ms b', { a: 'c1 ping 1', b: 'c1 ping 2' });
    });
  });

  it('pings at a configured interval instead of the venue default', () => {
    const s = new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
    s.run(() => {
      const sent: number[] = [];
      const pings = heartbeat(ping, 5000, 'c1', () => sent.push(s.now()), s);
      s.schedule(() => pings?.unsubscribe(), 16_000);
      s.flush();
      expect(sent).toEqual([5000, 10_000, 15_000]);
    });
  });

  it('sends nothing on a venue without a ping', () => {
    const s = new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
    s.run(() => {
      const sent: string[] = [];
      expect(heartbeat(undefined, 5000, 'c1', (text) => sent.push(text), s)).toBeUndefined();
      s.flush();
      expect(sent).toEqual([]);
    });
  });
});
