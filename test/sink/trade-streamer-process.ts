import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

export interface StreamerReport {
  readonly accepted: number;
  readonly undelivered: number;
  readonly closeMs: number;
}

export interface RunningStreamer {
  /** Sends SIGTERM; resolves with the exit code, ms from signal to exit, and the process's report. */
  terminate(): Promise<{ readonly code: number | null; readonly exitMs: number; readonly report: StreamerReport | undefined; readonly stderr: string }>;
}

/** Spawns test/support/trade-streamer.ts and resolves once its sink has started. */
export async function startStreamer(env: Readonly<Record<string, string>>): Promise<RunningStreamer> {
  const script = join(process.cwd(), 'test', 'support', 'trade-streamer.ts');
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    env: { ...process.env, KAFKAJS_NO_PARTITIONER_WARNING: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const lines: Record<string, unknown>[] = [];
  const started = new Promise<void>((resolve, reject) => {
    createInterface({ input: child.stdout }).on('line', (line) => {
      const parsed = JSON.parse(line) as Record<string, unknown>;
      lines.push(parsed);
      if (parsed['event'] === 'started') resolve();
    });
    child.once('exit', (code) => reject(new Error(`streamer exited with ${code} before starting: ${stderr}`)));
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  await started;
  return {
    async terminate() {
      const signalledAt = Date.now();
      child.kill('SIGTERM');
      const code = await exited;
      const exitMs = Date.now() - signalledAt;
      const report = lines.find((line) => line['event'] === 'closed') as StreamerReport | undefined;
      return { code, exitMs, report, stderr };
    },
  };
}
