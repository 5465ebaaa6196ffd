import { Subject } from 'rxjs';
import { describe, expect, it } from 'vitest';
import type { CaptureLine } from './capture-line.js';
import { CaptureScheduler } from './capture-scheduler.js';
import { replayCapture } from './replay-capture.js';

const line = (n: number): CaptureLine => ({ receivedTs: 1_700_000_000_000 + n, exchange: 'bybit', connectionId: 'c1', frame: `{"n":${n}}` });

/** The lines after the first, then what reading the file's cut-off end throws (gunzip's own words). */
async function* cutShort(count: number): AsyncGenerator<CaptureLine> {
  for (let n = 1; n <= count; n++) yield await Promise.resolve(line(n));
  throw new Error('unexpected end of file');
}

describe('replayCapture', () => {
  it('replays the frames of a capture cut short up to where it ends, and says why it ended there', async () => {
    const frames = new Subject<CaptureLine>();
    const seen: number[] = [];
    frames.subscribe((each) => seen.push(each.receivedTs));
    const result = await replayCapture({ first: line(0), rest: cutShort(3), scheduler: new CaptureScheduler(line(0).receivedTs), frames, speed: 'max' });
    expect(result).toEqual({ frames: 4, firstTs: line(0).receivedTs, lastTs: line(3).receivedTs, unreadable: 'unexpected end of file' });
    expect(seen).toEqual([0, 1, 2, 3].map((n) => line(n).receivedTs));
  });
});
