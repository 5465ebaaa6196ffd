import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { isUsageError, UsageError } from './command.js';
import { replayCommand, replayUsage } from './replay-command.js';

const dir = mkdtempSync(join(tmpdir(), 'replay-archive-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The flag a `replay` refuses, as the dispatcher would (exit 2 and the message), or what else happened. */
async function refusal(argv: readonly string[]): Promise<{ readonly key: string; readonly message: string } | string> {
  const io = { argv, env: {}, stdin: new PassThrough(), stdout: new PassThrough(), stderr: new PassThrough() };
  try {
    return `exit ${await replayCommand(io)}`;
  } catch (error) {
    if (!isUsageError(error)) return `not a usage error: ${String(error)}`;
    return { key: error instanceof UsageError ? error.key : 'parseArgs', message: error.message };
  }
}

describe('replay --archive flags', () => {
  it('refuses --input (and the capture flags) beside --archive, naming the flag', async () => {
    expect(await refusal(['--archive', dir, '--input', 'capture.ndjson'])).toMatchObject({ key: '--input' });
    expect(await refusal(['--archive', dir, '--speed', '10'])).toMatchObject({ key: '--speed' });
  });

  it('refuses the archive flags without --archive', async () => {
    expect(await refusal(['--input', 'capture.ndjson', '--types', 'trade'])).toMatchObject({ key: '--types', message: '--types: only with --archive' });
  });

  it('refuses a folder that is not there, an unknown type, dead letters and signals, a bad day and a reversed range', async () => {
    expect(await refusal(['--archive', join(dir, 'missing')])).toMatchObject({ key: '--archive' });
    const unknown = await refusal(['--archive', dir, '--types', 'trade,candle']);
    expect(unknown).toMatchObject({ key: '--types' });
    expect(JSON.stringify(unknown)).toContain("unknown record type 'candle'");
    const deadLetters = await refusal(['--archive', dir, '--types', 'dead_letter']);
    expect(deadLetters).toMatchObject({ key: '--types' });
    expect(JSON.stringify(deadLetters)).toContain('dead_letter is not backfilled');
    expect(await refusal(['--archive', dir, '--types', 'strategy_signal'])).toMatchObject({ key: '--types' });
    expect(await refusal(['--archive', dir, '--from', '2026-02-30'])).toMatchObject({ key: '--from' });
    expect(await refusal(['--archive', dir, '--to', '26-11-2026'])).toMatchObject({ key: '--to' });
    expect(await refusal(['--archive', dir, '--from', '2026-11-27', '--to', '2026-11-26'])).toMatchObject({ key: '--from' });
    expect(await refusal(['--archive', dir, '--exchange', ','])).toMatchObject({ key: '--exchange' });
  });

  it('refuses stdout as the sink: a backfill writes to Kafka', async () => {
    expect(await refusal(['--archive', dir, '--sink', 'stdout'])).toMatchObject({ key: '--sink' });
  });

  it('documents the archive mode, and that dead letters and signals are not backfilled', () => {
    const usage = replayUsage();
    expect(usage).toContain('market-feed replay --archive DIR');
    for (const flag of ['--archive DIR', '--types', '--from, --to', '--exchange']) expect(usage).toContain(flag);
    expect(usage).toMatch(/dead letters and strategy\s+signals are not backfilled/);
  });
});
