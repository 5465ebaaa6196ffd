import { describe, expect, it } from 'vitest';
import { ClockedStreams } from './clocked-streams.js';
import type { StreamSpec } from '../venue-protocol.js';

const MARK: StreamSpec = { channel: 'markPrice@1s', record: 'derivative_ticker', cadenceMs: 1000 };
const TRADES: StreamSpec = { channel: 'aggTrade', record: 'trade' };
const topic = (symbol: string, stream: StreamSpec): string => `${symbol.toLowerCase()}@${stream.channel}`;
const both = new Set(['btcusdt@markPrice@1s', 'ethusdt@markPrice@1s', 'btcusdt@aggTrade']);

describe('ClockedStreams', () => {
  it('watches nothing when no stream is clocked or no silent time is set', () => {
    expect(ClockedStreams.of([TRADES], 3000, topic)).toBeUndefined();
    expect(ClockedStreams.of([MARK, TRADES], undefined, topic)).toBeUndefined();
  });

  it('checks every eighth of the silent time and names a subscribed clocked topic silent past three quarters of it, from its subscription', () => {
    const clocked = ClockedStreams.of([MARK, TRADES], 3000, topic);
    expect(clocked?.checkEveryMs).toBe(375);
    const watch = clocked?.watch(0, []);
    // First seen subscribed at 1000: silent from then on.
    expect(watch?.check(1000, ['BTCUSDT', 'ETHUSDT'], both).silence).toBeUndefined();
    clocked?.heardFrom([{ type: 'derivative_ticker', symbol: 'ETHUSDT' }], 2000);
    clocked?.heardFrom([{ type: 'trade', symbol: 'BTCUSDT' }], 3000);
    expect(watch?.check(3250, ['BTCUSDT', 'ETHUSDT'], both).silence).toBeUndefined();
    // 2,250 ms allowed (3,000 less two checks): BTC's mark price, never heard, is silent at 3,251; ETH's is not, heard at 2,000.
    expect(watch?.check(3251, ['BTCUSDT', 'ETHUSDT'], both).silence).toEqual({ topics: ['btcusdt@markPrice@1s'], longestMs: 2251 });
    expect(watch?.check(4251, ['BTCUSDT', 'ETHUSDT'], both).silence).toEqual({ topics: ['btcusdt@markPrice@1s', 'ethusdt@markPrice@1s'], longestMs: 3251 });
  });

  it("counts a topic the socket's URL carries from the socket's opening, and leaves out a topic not subscribed", () => {
    const clocked = ClockedStreams.of([MARK], 3000, topic);
    const watch = clocked?.watch(500, ['btcusdt@markPrice@1s']);
    expect(watch?.check(2750, ['BTCUSDT', 'ETHUSDT'], both).silence).toBeUndefined();
    expect(watch?.check(2751, ['BTCUSDT', 'SOLUSDT'], both).silence).toEqual({ topics: ['btcusdt@markPrice@1s'], longestMs: 2251 });
  });

  it('takes a refused frame naming a clocked topic (its quoted name in the text) for a sign of that topic, and of no other', () => {
    const clocked = ClockedStreams.of([MARK, TRADES], 3000, topic);
    const watch = clocked?.watch(0, ['btcusdt@markPrice@1s', 'ethusdt@markPrice@1s']);
    // A frame refused at 2,000 (a field out of range): it was still the venue's delivery on BTC's topic.
    clocked?.heardIn('{"stream":"btcusdt@markPrice@1s","data":{"e":"markPriceUpdate","p":"-1"}}', 2000, ['BTCUSDT', 'ETHUSDT']);
    expect(watch?.check(2251, ['BTCUSDT', 'ETHUSDT'], both).silence).toEqual({ topics: ['ethusdt@markPrice@1s'], longestMs: 2251 });
    expect(watch?.check(4250, ['BTCUSDT', 'ETHUSDT'], both).silence).toEqual({ topics: ['ethusdt@markPrice@1s'], longestMs: 4250 });
    expect(watch?.check(4251, ['BTCUSDT', 'ETHUSDT'], both).silence?.topics).toEqual(['btcusdt@markPrice@1s', 'ethusdt@markPrice@1s']);
  });

  it('leaves out the time reading was held (the ingest gate paused every socket): a held topic is not silent', () => {
    // Held from 1,000 to 4,000.
    const held = (from: number, to: number): number => Math.max(0, Math.min(to, 4000) - Math.max(from, 1000));
    const clocked = ClockedStreams.of([MARK], 3000, topic, held);
    const watch = clocked?.watch(0, ['btcusdt@markPrice@1s']);
    expect(watch?.check(5250, ['BTCUSDT'], both).silence).toBeUndefined();
    expect(watch?.check(5251, ['BTCUSDT'], both).silence).toEqual({ topics: ['btcusdt@markPrice@1s'], longestMs: 2251 });
  });

  it("tells a symbol the venue stopped pushing, while the socket delivers the others, from the socket's silence: said once, and again when heard", () => {
    const clocked = ClockedStreams.of([MARK], 3000, topic);
    const watch = clocked?.watch(0, ['btcusdt@markPrice@1s', 'ethusdt@markPrice@1s']);
    const symbols = ['BTCUSDT', 'ETHUSDT'];
    // Both heard every second to 2,000; then ETH's stops (an expiry delivered, a listing ended) and BTC's goes on.
    for (const at of [1000, 2000])
      clocked?.heardFrom(
        [
          { type: 'derivative_ticker', symbol: 'BTCUSDT' },
          { type: 'derivative_ticker', symbol: 'ETHUSDT' },
        ],
        at,
      );
    for (const at of [3000, 4000, 5000]) clocked?.heardFrom([{ type: 'derivative_ticker', symbol: 'BTCUSDT' }], at);
    expect(watch?.check(4250, symbols, both)).toEqual({});
    // 2,250 ms allowed: ETH's is past it at 4,251, BTC's was heard at 4,000.
    expect(watch?.check(4251, symbols, both)).toEqual({ stopped: { symbols: ['ETHUSDT'], topics: ['ethusdt@markPrice@1s'], longestMs: 2251 } });
    expect(watch?.check(5000, symbols, both)).toEqual({});
    expect(watch?.check(5000, symbols, both).silence).toBeUndefined();
    clocked?.heardFrom([{ type: 'derivative_ticker', symbol: 'ETHUSDT' }], 5500);
    expect(watch?.check(5600, symbols, both)).toEqual({ resumed: ['ETHUSDT'] });
    expect(watch?.check(5700, symbols, both)).toEqual({});
  });

  it('fails the socket when every clocked topic on it is silent, heard before or not', () => {
    const clocked = ClockedStreams.of([MARK], 3000, topic);
    const watch = clocked?.watch(0, ['btcusdt@markPrice@1s', 'ethusdt@markPrice@1s']);
    clocked?.heardFrom(
      [
        { type: 'derivative_ticker', symbol: 'BTCUSDT' },
        { type: 'derivative_ticker', symbol: 'ETHUSDT' },
      ],
      1000,
    );
    expect(watch?.check(3250, ['BTCUSDT', 'ETHUSDT'], both)).toEqual({});
    expect(watch?.check(3251, ['BTCUSDT', 'ETHUSDT'], both)).toEqual({
      silence: { topics: ['btcusdt@markPrice@1s', 'ethusdt@markPrice@1s'], longestMs: 2251 },
    });
  });

  it('fails the socket when a topic never heard in the feed is silent, however the others deliver (a stream the venue does not serve on that URL)', () => {
    const clocked = ClockedStreams.of([MARK], 3000, topic);
    const watch = clocked?.watch(0, ['btcusdt@markPrice@1s', 'ethusdt@markPrice@1s']);
    for (const at of [1000, 2000, 3000]) clocked?.heardFrom([{ type: 'derivative_ticker', symbol: 'BTCUSDT' }], at);
    expect(watch?.check(2251, ['BTCUSDT', 'ETHUSDT'], both)).toEqual({ silence: { topics: ['ethusdt@markPrice@1s'], longestMs: 2251 } });
  });
});
