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

  it('forgets pauses ten minutes old, and says nothing held where it never paused', () => {
    let now = 0;
    const gate = new IngestGate(() => now);
    expect(gate.heldBetween(0, 1000)).toBe(0);
    gate.set(true);
    now = 1000;
    gate.set(false);
    now = 700_000;
    gate.set(true);
    now = 701_000;
    gate.set(false);
    expect(gate.heldBetween(0, 701_000)).toBe(1000);
  });
});
