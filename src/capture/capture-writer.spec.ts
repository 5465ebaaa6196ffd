import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { capturePartPath, parseCaptureLine } from './capture-line.js';
import { captureFiles, readCapture, readReplayFrames } from './capture-reader.js';
import { CaptureWriter } from './capture-writer.js';

const line = (n: number) => ({
  receivedTs: 1_700_000_000_000 + n,
  exchange: 'bybit' as const,
  connectionId: 'c1',
  frame: `{"topic":"publicTrade.BTCUSDT","n":${n},"pad":"${'x'.repeat(50)}"}`,
});

describe('capture files', () => {
  it('rotates by size and reads every part back in order, frames unchanged', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'mf-capture-spec-')), 'c.ndjson.gz');
    const writer = new CaptureWriter({ out, maxBytes: 1000 });
    for (let n = 0; n < 50; n++) writer.write(line(n));
    await writer.close();
    expect(writer.files.length).toBeGreaterThan(3);
    expect(captureFiles(out)).toEqual(writer.files);
    const read = [];
    for await (const each of readCapture(out).lines) read.push(each);
    expect(read).toEqual(Array.from({ length: 50 }, (_, n) => line(n)));
    expect(await readReplayFrames(out)).toEqual(read.map((each) => each.frame));
  });

  it('says a file it cannot write, by its path, and writes nothing more: no error goes unhandled', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown): void => void unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      // A folder by the capture's name: the file cannot be opened (EISDIR).
      const out = join(mkdtempSync(join(tmpdir(), 'mf-capture-spec-')), 'c.ndjson.gz');
      mkdirSync(out);
      const writer = new CaptureWriter({ out, maxBytes: 1000 });
      for (let n = 0; n < 50; n++) writer.write(line(n));
      const failure = await writer.failed;
      expect(failure.message).toBe(`cannot write the capture file ${out}: EISDIR: illegal operation on a directory, open '${out}'`);
      writer.write(line(50));
      await writer.close();
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });

  it('names rotated parts before the .ndjson.gz suffix', () => {
    expect(capturePartPath('a/btc.ndjson.gz', 0)).toBe('a/btc.ndjson.gz');
    expect(capturePartPath('a/btc.ndjson.gz', 2)).toBe('a/btc.2.ndjson.gz');
    expect(capturePartPath('cap', 1)).toBe('cap.1');
  });

  it('refuses a line without a known venue or an epoch-ms receive time', () => {
    expect(parseCaptureLine('{"receivedTs":1,"exchange":"bitmex","connectionId":"c","frame":"{}"}')).toEqual({ ok: false, error: 'exchange: unknown venue' });
    expect(parseCaptureLine('{"receivedTs":1.5,"exchange":"bybit","connectionId":"c","frame":"{}"}').ok).toBe(false);
  });
});
