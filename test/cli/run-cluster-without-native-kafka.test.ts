import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, inject, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const main = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));
/** Preloaded into the CLI process: the optional package resolves as not installed there (and only there). */
const withoutNativeKafka = fileURLToPath(new URL('../support/without-native-kafka.ts', import.meta.url));
const brokers = inject('kafkaBrokers');

interface Ended {
  readonly code: number | null;
  readonly stderr: string;
  readonly stdout: string;
}

/** `market-feed run ...` from source, in a process where `@confluentinc/kafka-javascript` cannot be loaded. */
function runWithoutNativeKafka(args: readonly string[]): Promise<Ended> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', '--import', withoutNativeKafka, main, 'run', ...args], {
      cwd: root,
      env: { ...process.env, KAFKAJS_NO_PARTITIONER_WARNING: '1', LOG_PRETTY: 'false' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    let stdout = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    // A run that started after all is stopped, so the test ends and says what it saw.
    const guard = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('exit', (code) => {
      clearTimeout(guard);
      resolve({ code, stderr, stdout });
    });
  });
}

describe('market-feed run --cluster without the optional native Kafka client', () => {
  it('exits 2 at once with one line naming the package and how to install it, before anything starts', async () => {
    const { code, stderr } = await runWithoutNativeKafka([
      '--cluster',
      'no-native-client',
      '--kafka-brokers',
      brokers,
      '--kafka-topic-prefix',
      `no-native-${process.pid}.`,
      '--venues',
      'bybit',
      '--coins',
      'BTC',
      // Nothing listens there: a run that started anyway reaches no venue.
      '--bybit-url',
      'ws://127.0.0.1:9/v5/public/spot',
      '--metrics-port',
      '0',
    ]);

    expect(code, stderr.slice(-3000)).toBe(2);
    const [first, ...rest] = stderr.trimEnd().split('\n');
    expect(first).toContain('market-feed run: cluster.name:');
    expect(first).toContain("optional package @confluentinc/kafka-javascript cannot be loaded here (Cannot find module '@confluentinc/kafka-javascript')");
    expect(first).toContain('install it with `CKJS_LINKING=dynamic npm ci`');
    expect(rest).toEqual(['market-feed run --help lists the options.']);
    // Nothing started: no log line at all (the run logs "starting" with its settings first).
    expect(stderr).not.toContain('"msg":"starting"');
  });
});
