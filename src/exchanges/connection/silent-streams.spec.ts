import { take } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import type { StreamSpec } from '../venue-protocol.js';
import { ClockedStreams } from './clocked-streams.js';
import { silentStreams, type SilenceWatched } from './silent-streams.js';

const MARK: StreamSpec = { channel: 'markPrice@1s', record: 'derivative_ticker', cadenceMs: 1000 };
const topic = (symbol: string, stream: StreamSpec): string => `${symbol.toLowerCase()}@${stream.channel}`;
const BTC: SilenceWatched = { symbols: ['BTCUSDT'], subscribed: new Set(['btcusdt@markPrice@1s']) };

function scheduler(): TestScheduler {
  return new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
}

describe('silentStreams', () => {
  it('names a carried topic never heard at the first check past three quarters of the silent time', () => {
    const s = scheduler();
    s.run(({ expectObservable }) => {
      // 8 s silent time: checked every second, 6 s allowed.
      const clocked = ClockedStreams.of([MARK], 8000, topic);
      if (clocked === undefined) throw new Error('a clocked stream');
      const silences = silentStreams(
        clocked,
        0,
        ['btcusdt@markPrice@1s'],
        () => BTC,
        () => s.now(),
        s,
      ).pipe(take(1));
      expectObservable(silences).toBe('7s (a|)', { a: { silence: { topics: ['btcusdt@markPrice@1s'], longestMs: 7000 } } });
    });
  });

  it('counts from the last frame heard, and a check the feed skips names nothing', () => {
    const s = scheduler();
    s.run(({ expectObservable }) => {
      const clocked = ClockedStreams.of([MARK], 8000, topic);
      if (clocked === undefined) throw new Error('a clocked stream');
      s.schedule(() => clocked.heardFrom([{ type: 'derivative_ticker', symbol: 'BTCUSDT' }], s.now()), 3000);
      // The socket is not the active one from 10 s to 12 s: those checks are skipped.
      const watched = (): SilenceWatched | undefined => (s.now() >= 10_000 && s.now() < 12_000 ? undefined : BTC);
      const silences = silentStreams(clocked, 0, ['btcusdt@markPrice@1s'], watched, () => s.now(), s).pipe(take(1));
      expectObservable(silences).toBe('12s (a|)', { a: { silence: { topics: ['btcusdt@markPrice@1s'], longestMs: 9000 } } });
    });
  });
});
