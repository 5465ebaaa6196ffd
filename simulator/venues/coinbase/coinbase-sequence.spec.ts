import { describe, expect, it } from 'vitest';
import { FakeSocket } from './__fixtures__/coinbase-test-venue.js';
import { SimConnection } from '../../sim-connection.js';
import { createVenueFaults } from '../../venue-faults.js';
import type { WebSocket } from 'ws';
import { CoinbaseSequence } from './coinbase-sequence.js';

const connection = (id: string): { connection: SimConnection; socket: FakeSocket } => {
  const socket = new FakeSocket();
  return { connection: new SimConnection({ id, venue: 'coinbase', socket: socket as unknown as WebSocket, faults: createVenueFaults }), socket };
};

/** Nanoseconds since the epoch of an RFC 3339 time with up to 9 fractional digits. */
const nanosOf = (time: string): bigint => {
  const [whole = '', fraction = ''] = time.replace('Z', '').split('.');
  return BigInt(Date.parse(`${whole}Z`)) * 1_000_000n + BigInt(fraction.padEnd(9, '0'));
};

describe('CoinbaseSequence', () => {
  it('numbers each connection from 0 and keeps its timestamps strictly increasing through a burst of 1,000 frames in one millisecond', () => {
    const sequence = new CoinbaseSequence();
    const { connection: a } = connection('a');
    const { connection: b } = connection('b');
    const now = 1_786_309_548_228;
    const stamps = Array.from({ length: 1000 }, () => sequence.stamp(a, now));
    expect(stamps.map((s) => s.sequence)).toEqual(stamps.map((_, n) => n));
    const times = stamps.map((s) => nanosOf(s.timestamp));
    for (let n = 1; n < times.length; n += 1) expect(times[n]).toBeGreaterThan(times[n - 1] as bigint);
    expect(Number((times.at(-1) as bigint) / 1_000_000n) - now).toBeLessThan(10);
    expect(sequence.stamp(b, now).sequence).toBe(0);
    expect(nanosOf(sequence.stamp(a, now + 20).timestamp)).toBeGreaterThan(times.at(-1) as bigint);
  });

  it('uses up a number on each tracked open connection holding the topic, and forgets a closed one', () => {
    const sequence = new CoinbaseSequence();
    const holder = connection('holder');
    const other = connection('other');
    const gone = connection('gone');
    for (const c of [holder, other, gone]) sequence.track(c.connection, 0);
    holder.connection.subscriptions.add('level2:BTC-USD');
    gone.connection.subscriptions.add('level2:BTC-USD');
    gone.socket.close();
    expect(sequence.skip('level2:BTC-USD', 1)).toBe(1);
    expect([sequence.peek(holder.connection), sequence.peek(other.connection)]).toEqual([1, 0]);
  });
});
