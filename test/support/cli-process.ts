import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inject } from 'vitest';
import { testLogDir } from './test-log-dir.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** How long after its exit a process's stdout and stderr are awaited to their end, ms. */
const OUTPUT_DRAIN_MS = 2_000;

/** One pino log line, parsed. */
export type LogLine = Readonly<Record<string, unknown>> & { readonly msg?: string; readonly level?: number; readonly time?: number };

/** The state of a feed status log line (`status.state`), or undefined for another line. */
export const stateOf = (line: LogLine): string | undefined => (line['status'] as { state?: string } | undefined)?.state;

/**
 * The `market-feed` command run from source as a child process, its logs read back as data: the
 * sources as this run's setup transpiled them (`cliMain`), else through tsx.
 */
export class CliProcess {
  readonly logs: LogLine[] = [];
  stdout = '';
  stderrText = '';
  /** The exit code once the process has exited and its stdout and stderr are read to their end (at most 2 s after the exit). */
  readonly exited: Promise<number | null>;
  /** The exit code once the process has ended and its stdout and stderr are read to their end ('exit' can come before their last data). */
  readonly closed: Promise<number | null>;
  /** How the process ended (`exited with 1`, `killed by SIGSEGV`), once it has. */
  ended: string | undefined;
  private readonly child: ChildProcess;
  private readonly waiters: { predicate: (line: LogLine) => boolean; resolve: (line: LogLine) => void }[] = [];

  constructor(args: readonly string[], env: Readonly<Record<string, string>> = {}) {
    const built = inject('cliMain') as string | undefined;
    const command = built === undefined ? ['--import', 'tsx', join(root, 'src', 'cli', 'main.ts')] : [built];
    // The test run's own SCHEMA_REGISTRY_URL (an external registry for the run) is not the process's: a test
    // that wants Confluent framing says so in `env`, and the others read single-object values whatever the shell set.
    const { SCHEMA_REGISTRY_URL: _runRegistry, ...inherited } = process.env;
    this.child = spawn(process.execPath, [...command, ...args], {
      cwd: root,
      env: { ...inherited, KAFKAJS_NO_PARTITIONER_WARNING: '1', LOG_PRETTY: 'false', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let pending = '';
    // MARKET_FEED_TEST_LOG_DIR keeps each process's log in a file of its own, for reading after a run.
    const logDir = testLogDir();
    const instance = args[args.indexOf('--instance-id') + 1];
    const logFile =
      logDir === undefined
        ? undefined
        : createWriteStream(
            join(logDir, `${String(this.child.pid)}-${args.includes('--instance-id') && instance !== undefined ? instance : String(args[0])}.log`),
          );
    this.child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      logFile?.write(chunk);
      this.stderrText += chunk;
      pending += chunk;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const text of lines) this.onLine(text);
    });
    this.child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      this.stdout += chunk;
    });
    this.closed = new Promise((resolve) =>
      this.child.on('close', (code) => {
        logFile?.end();
        resolve(code);
      }),
    );
    // Its output read to the end where it can be: 'exit' can come before the last lines; a process that left its
    // stdio to one of its own (which 'close' waits for) is taken as ended 2 s after its exit.
    this.exited = new Promise((resolve) =>
      this.child.on('exit', (code, signal) => {
        this.ended = code === null ? `killed by ${String(signal)}` : `exited with ${code}`;
        const late = setTimeout(() => resolve(code), OUTPUT_DRAIN_MS);
        void this.closed.then(() => {
          clearTimeout(late);
          resolve(code);
        });
      }),
    );
  }

  /** Resolves with the first log line (past or future) that matches. */
  waitForLog(predicate: (line: LogLine) => boolean, timeoutMs = 30_000): Promise<LogLine> {
    const found = this.logs.find(predicate);
    if (found !== undefined) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no matching log line within ${timeoutMs} ms; last lines:\n${this.stderrText.slice(-3000)}`)), timeoutMs);
      this.waiters.push({
        predicate,
        resolve: (line) => {
          clearTimeout(timer);
          resolve(line);
        },
      });
    });
  }

  /** Log lines of feed statuses (`status` field), in order. */
  statuses(): readonly Readonly<Record<string, unknown>>[] {
    return this.logs.flatMap((line) => (typeof line['status'] === 'object' && line['status'] !== null ? [line['status'] as Record<string, unknown>] : []));
  }

  signal(signal: NodeJS.Signals): void {
    this.child.kill(signal);
  }

  /** Sends the signal and waits for the exit code. */
  async stop(signal: NodeJS.Signals = 'SIGTERM', timeoutMs = 30_000): Promise<number | null> {
    this.signal(signal);
    const timer = setTimeout(() => this.child.kill('SIGKILL'), timeoutMs);
    const code = await this.exited;
    clearTimeout(timer);
    return code;
  }

  private onLine(text: string): void {
    if (text.trim() === '') return;
    let line: LogLine;
    try {
      line = JSON.parse(text) as LogLine;
    } catch {
      return;
    }
    this.logs.push(line);
    for (let i = this.waiters.length - 1; i >= 0; i--) {
      const waiter = this.waiters[i];
      if (waiter !== undefined && waiter.predicate(line)) {
        this.waiters.splice(i, 1);
        waiter.resolve(line);
      }
    }
  }
}
