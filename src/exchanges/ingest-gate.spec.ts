import { describe, expect, it } from 'vitest';
import { IngestGate } from './ingest-gate.js';

describe('IngestGate', () => {
  it('tells every follower of a change, a new one at once while paused, and nobody of a set that changes nothing', () => {
    const gate = new IngestGate(() => 0);
    const seen: boolean[] = [];
    gate.follow((paused) => seen.push(paused));
    gate.set(false);
    gate.set(true);
    gate.set(true);
    const late: boolean[] = [];
    const stop = gate.follow((paused) => late.push(paused));
    stop();
    gate.set(false);
    expect(seen).toEqual([true, false]);
    expect(late).toEqual([true]);
  });

  it('says how long reading was held between two instants: the overlap of its pauses, the current one up to now', () => {
    let now = 0;
    const gate = new IngestGate(() => now);
    const at = (ms: number, paused: boolean): void => {
      now = ms;
      gate.set(paused);
    };
    at(1000, true);
    at(3000, false);
    at(5000, true);
    at(6000, false);
    at(9000, true);
    now = 10_000;
    expect(gate.heldBetween(0, 10_000)).toBe(2000 + 1000 + 1000);
    expect(gate.heldBetween(2000, 5500)).toBe(1000 + 500);
    expect(gate.heldBetween(3000, 5000)).toBe(0);
    expect(gate.heldBetween(6000, 9000)).toBe(0);
    // The current pause counts up to the gate's now, never past `to`.
    expect(gate.heldBetween(9500, 12_000)).toBe(500);
    expect(gate.heldBetween(0, 9500)).toBe(3500);
  });

  it('agrees with the sum of overlaps, pause by pause, over many pauses and windows (a flapping gate, pauses dropped in bulk)', () => {
    let now = 0;
    const gate = new IngestGate(() => now);
    const pauses: [number, number][] = [];
    let seed = 7;
    const next = (): number => (seed = (seed * 48_271) % 2_147_483_647) % 2000;
    // 2,000 pauses over about 40 minutes: older ones are dropped in bulk once ten minutes old.
    for (let n = 0; n < 2000; n++) {
      now += next();
      gate.set(true);
      const from = now;
      now += next();
      gate.set(false);
      pauses.push([from, now]);
    }
    now += 500;
    const reference = (from: number, to: number): number =>
      pauses.reduce((held, [start, end]) => held + Math.max(0, Math.min(end, to) - Math.max(start, from)), 0);
    for (let n = 0; n < 500; n++) {
      const to = now - next() * 200;
      const from = to - next() * 100;
      expect(gate.heldBetween(from, to), `${from}..${to}`).toBe(reference(from, to));
    }
    expect(gate.heldBetween(now - 1000, now)).toBe(reference(now - 1000, now));
  });
});
