import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { runStopStages } from './stop-stages.js';

/** A logger whose lines are read back as parsed JSON. */
function captured(): { readonly log: pino.Logger; readonly lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write: (chunk: Buffer, _encoding, done) => {
      lines.push(JSON.parse(chunk.toString('utf8')) as Record<string, unknown>);
      done();
    },
  });
  return { log: pino({ level: 'info' }, sink), lines };
}

describe('runStopStages', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('runs the stages in order, one after the other, and logs nothing at info when each ends at once', async () => {
    const { log, lines } = captured();
    const order: string[] = [];
    await runStopStages(log, [
      { name: 'a', run: () => void order.push('a') },
      { name: 'b', run: () => Promise.resolve().then(() => void order.push('b')) },
    ]);
    expect(order).toEqual(['a', 'b']);
    expect(lines).toEqual([]);
  });

  it('names a stage still running every 10 s with the time waited, and says when it ended', async () => {
    vi.useFakeTimers();
    const { log, lines } = captured();
    let release: () => void = () => undefined;
    const stopped = runStopStages(log, [
      { name: 'the feed draining', run: () => undefined },
      { name: 'the sink flushing', run: () => new Promise<void>((resolve) => (release = resolve)) },
    ]);
    await vi.advanceTimersByTimeAsync(25_000);
    const said = () => lines.map((line) => [line['level'], line['msg'], line['waitingMs'] ?? line['ms']]);
    expect(said()).toEqual([
      [40, 'stopping: still waiting on the sink flushing', 10_000],
      [40, 'stopping: still waiting on the sink flushing', 20_000],
    ]);
    release();
    await vi.advanceTimersByTimeAsync(1_000);
    await stopped;
    expect(said().at(-1)).toEqual([30, 'stopping: the sink flushing done', 25_000]);
    await vi.advanceTimersByTimeAsync(30_000);
    expect(lines).toHaveLength(3);
  });
});
