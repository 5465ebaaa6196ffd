import { describe, expect, it } from 'vitest';
import { IngestGate } from '../exchanges/ingest-gate.js';
import { IngestPacer, defaultIngestPacing } from './ingest-pacer.js';

describe('IngestPacer', () => {
  it('pauses at pauseAt records in memory and resumes at resumeAt, with hysteresis between', () => {
    const gate = new IngestGate();
    const seen: boolean[] = [];
    gate.follow((paused) => seen.push(paused));
    let now = 1_000;
    const pacer = new IngestPacer(gate, { pauseAt: 100, resumeAt: 10 }, () => now);
    pacer.update(99, true);
    expect(gate.isPaused).toBe(false);
    pacer.update(100, true);
    expect(gate.isPaused).toBe(true);
    now += 40;
    pacer.update(50, true);
    expect(gate.isPaused).toBe(true);
    pacer.update(10, true);
    expect(gate.isPaused).toBe(false);
    pacer.update(50, true);
    expect(gate.isPaused).toBe(false);
    expect(seen).toEqual([true, false]);
    expect({ pauses: pacer.pauses, pausedMs: pacer.pausedMs }).toEqual({ pauses: 1, pausedMs: 40 });
  });

  it('never pauses while Kafka is unreachable (records go to the spool) and resumes when it becomes so', () => {
    const gate = new IngestGate();
    const pacer = new IngestPacer(gate, { pauseAt: 100, resumeAt: 10 });
    pacer.update(5_000, false);
    expect(gate.isPaused).toBe(false);
    pacer.update(5_000, true);
    expect(gate.isPaused).toBe(true);
    pacer.update(5_000, false);
    expect(gate.isPaused).toBe(false);
  });

  it('resumes, and stays reading, once Kafka has acknowledged nothing for stalledAfterMs, until an acknowledgement arrives', () => {
    const gate = new IngestGate();
    let now = 0;
    const pacer = new IngestPacer(gate, { pauseAt: 100, resumeAt: 10, stalledAfterMs: 2_000 }, () => now);
    pacer.update(500, true);
    expect(gate.isPaused).toBe(true);
    now = 1_999;
    pacer.update(500, true);
    expect(gate.isPaused).toBe(true);
    now = 2_000;
    pacer.update(500, true);
    expect(gate.isPaused).toBe(false);
    now = 5_000;
    pacer.update(5_000, true);
    expect(gate.isPaused).toBe(false);
    pacer.acked();
    pacer.update(5_000, true);
    expect(gate.isPaused).toBe(true);
  });

  it('is off with pauseAt 0, and the default pauses at ten batches within half the buffer', () => {
    const gate = new IngestGate();
    new IngestPacer(gate, { pauseAt: 0, resumeAt: 0 }).update(1_000_000, true);
    expect(gate.isPaused).toBe(false);
    expect(defaultIngestPacing(500, 50_000)).toEqual({ pauseAt: 5_000, resumeAt: 500 });
    expect(defaultIngestPacing(2_000, 10_000)).toEqual({ pauseAt: 5_000, resumeAt: 2_000 });
  });
});

describe('IngestGate', () => {
  it('tells a follower the state now (if paused) and on each change, until it stops following', () => {
    const gate = new IngestGate();
    gate.set(true);
    const seen: boolean[] = [];
    const stop = gate.follow((paused) => seen.push(paused));
    gate.set(true);
    gate.set(false);
    stop();
    gate.set(true);
    expect(seen).toEqual([true, false]);
  });
});
