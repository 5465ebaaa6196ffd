import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, inject, it } from 'vitest';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const brokers = inject('kafkaBrokers');

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address !== null ? address.port : 0));
    });
  });
}

/** Runs a make target; with `interruptWhen`, sends Ctrl-C (SIGINT to the group) once the output matches. */
function make(target: string, env: Readonly<Record<string, string>>, interruptWhen?: RegExp): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn('make', ['--no-print-directory', target], {
      cwd: root,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let out = '';
    let interrupted = false;
    const onOutput = (chunk: Buffer): void => {
      out += chunk.toString();
      if (interruptWhen !== undefined && !interrupted && interruptWhen.test(out)) {
        interrupted = true;
        setTimeout(() => process.kill(-(child.pid ?? 0), 'SIGINT'), 1000);
      }
    };
    child.stdout.on('data', onOutput);
    child.stderr.on('data', onOutput);
    child.on('exit', (code) => resolve({ code, out }));
  });
}

describe('the README quick start', () => {
  it('make demo shows decoded trades and stats flowing from the simulator through Kafka, then stops cleanly', async () => {
    const port = await freePort();
    const { code, out } = await make('demo', {
      KAFKA_BROKERS: brokers,
      DEMO_SECONDS: '8',
      DEMO_SIMULATOR_PORT: String(port),
      DEMO_TOPIC_PREFIX: `demo-${port}.`,
    });
    expect(code, out.slice(-2000)).toBe(0);
    const lines = out.split('\n').filter((line) => line.startsWith('{"topic"'));
    const trades = lines.filter((line) => line.includes('"schema":"marketfeed.v1.TradeEvent"'));
    expect(trades.length).toBeGreaterThan(20);
    expect(lines.some((line) => line.includes('"schema":"marketfeed.v1.WindowStats"'))).toBe(true);
    expect(out).toContain('demo: stopped');
  });

  it('make run starts the pipeline on the live venues and shuts it down cleanly on Ctrl-C', async () => {
    const { out } = await make(
      'run',
      { KAFKA_BROKERS: brokers, ARGS: '--metrics-port 0 --coins BTC --kafka-topic-prefix quick-start.', LOG_PRETTY: 'false' },
      /\/readyz listening/,
    );
    expect(out).toContain('"msg":"starting"');
    expect(out).toContain('wss://stream.bybit.com/v5/public/spot');
    // make itself reports the interrupt; the pipeline under it flushed and stopped.
    expect(out).toContain('"msg":"shutting down: stopping venues, closing windows, flushing"');
    expect(out).toContain('"msg":"stopped"');
  });
});
