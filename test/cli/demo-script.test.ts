import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildPackageUnlessBuilt } from '../support/built-package.js';
import { localBrokerAnswers, nodePid, removeLocalBroker, startLocalBroker, type LocalBroker } from '../support/kafka-broker.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const bin = join(root, 'dist', 'src', 'cli', 'main.js');

/**
 * The demo's own broker (`KAFKA_PORT`, `KAFKA_RUN_DIR`), never the shared one: port 29942 (below the
 * ephemeral range, as the broker stops and starts) unless MARKET_FEED_TEST_DEMO_KAFKA_PORT says otherwise.
 */
const DEMO_BROKER: LocalBroker = {
  port: Number(process.env['MARKET_FEED_TEST_DEMO_KAFKA_PORT'] ?? 29942),
  runDir: join(root, '.cache', 'kafka', 'demo-test-run'),
};
/** The local jars can start a broker here (they are what the run uses, or they are installed). */
const canStartBroker = inject('kafkaSource') === 'local' || existsSync(join(root, '.cache', 'kafka', 'libs', '.complete'));

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address !== null ? address.port : 0));
    });
  });
}

interface DemoRun {
  readonly code: number | null;
  readonly out: string;
  /** The broker pid `scripts/kafka.sh` wrote in the demo broker's run directory while the demo ran, if any. */
  readonly brokerPid?: number;
}

function brokerPidFile(): number | undefined {
  try {
    const pid = Number(readFileSync(join(DEMO_BROKER.runDir, 'broker.pid'), 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/**
 * `scripts/demo.sh` for 2 s with no KAFKA_BROKERS (so the demo looks for its local broker, on
 * DEMO_BROKER's port and run directory) and its simulator on `simulatorPort`; logs and spool in a
 * directory of its own. Reads the broker's pid file as the demo runs.
 */
async function runDemo(simulatorPort: number): Promise<DemoRun> {
  const logDir = mkdtempSync(join(tmpdir(), 'demo-test-'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    KAFKA_PORT: String(DEMO_BROKER.port),
    KAFKA_RUN_DIR: DEMO_BROKER.runDir,
    DEMO_SECONDS: '2',
    DEMO_SIMULATOR_PORT: String(simulatorPort),
    DEMO_TOPIC_PREFIX: `demo-${simulatorPort}.`,
    DEMO_LOG_DIR: logDir,
  };
  for (const name of ['KAFKA_BROKERS', 'SCHEMA_REGISTRY_URL', 'DEMO_SCHEMA_REGISTRY', 'KAFKA_NODES']) delete env[name];
  const child = spawn('bash', [join(root, 'scripts', 'demo.sh')], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  // A demo that hangs (a minute without a line) is stopped, the whole group, rather than left behind by the
  // test; one that goes on saying what it does is let finish, however slowly a busy machine starts a broker.
  const hung = (): void => {
    process.kill(-(child.pid ?? 0), 'SIGKILL');
  };
  const guard = setTimeout(hung, 60_000);
  let out = '';
  const heard = (chunk: Buffer): void => {
    out += chunk.toString();
    guard.refresh();
  };
  child.stdout.on('data', heard);
  child.stderr.on('data', heard);
  let exited = false;
  const code = new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
  void code.then(() => (exited = true));
  let brokerPid: number | undefined;
  while (!exited) {
    brokerPid ??= brokerPidFile();
    await sleep(100);
  }
  clearTimeout(guard);
  rmSync(logDir, { recursive: true, force: true });
  return { code: await code, out, ...(brokerPid === undefined ? {} : { brokerPid }) };
}

/** The pids of processes whose command line contains `text` (`pgrep -f`, the text taken literally). */
function processesWith(text: string): Promise<number[]> {
  const pattern = text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new Promise((resolve, reject) => {
    execFile('pgrep', ['-f', pattern], (error, stdout) => {
      // pgrep exits 1 when nothing matches.
      if (error !== null && error.code !== 1) reject(new Error(`pgrep -f ${pattern} failed`, { cause: error }));
      else
        resolve(
          stdout
            .split('\n')
            .filter((line) => line !== '')
            .map(Number),
        );
    });
  });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The simulator (`simulate --port P`), the pipeline and the consumer (topic prefix `demo-P.`) of the demo on simulator port P. */
async function demoProcesses(simulatorPort: number): Promise<number[]> {
  return [...(await processesWith(`simulate --port ${simulatorPort} `)), ...(await processesWith(`demo-${simulatorPort}.`))];
}

describe.skipIf(!canStartBroker)('scripts/demo.sh (make demo) stops what it started, and only that', () => {
  beforeAll(async () => {
    // `make demo` builds first; the demo runs the built CLI.
    buildPackageUnlessBuilt(root);
    expect(existsSync(bin)).toBe(true);
    await removeLocalBroker(DEMO_BROKER);
  }, 120_000);

  afterAll(async () => {
    await removeLocalBroker(DEMO_BROKER);
  });

  it('starts a broker when none runs and stops it after "demo: stopped", with its simulator and pipeline', async () => {
    expect(await localBrokerAnswers(DEMO_BROKER)).toBe(false);
    const simulatorPort = await freePort();

    const { code, out, brokerPid } = await runDemo(simulatorPort);

    expect(code, out.slice(-2000)).toBe(0);
    expect(out).toContain(`kafka.sh: broker ready on 127.0.0.1:${DEMO_BROKER.port}`);
    expect(out).toContain('demo: stopped');
    expect(brokerPid, 'the broker pid in its run directory while the demo ran').toBeDefined();
    expect(alive(brokerPid ?? 0)).toBe(false);
    expect(await processesWith(DEMO_BROKER.runDir)).toEqual([]);
    expect(await demoProcesses(simulatorPort)).toEqual([]);
    expect(await localBrokerAnswers(DEMO_BROKER)).toBe(false);
  });

  it('uses a broker that was running before it and leaves it running; its own processes stop', async () => {
    await startLocalBroker(DEMO_BROKER);
    const before = nodePid(DEMO_BROKER, 1);
    const simulatorPort = await freePort();

    const { code, out } = await runDemo(simulatorPort);

    expect(code, out.slice(-2000)).toBe(0);
    expect(out).toContain(`demo: using the broker already running on 127.0.0.1:${DEMO_BROKER.port}`);
    expect(out).toContain('demo: stopped');
    expect(alive(before)).toBe(true);
    expect(nodePid(DEMO_BROKER, 1)).toBe(before);
    expect(await localBrokerAnswers(DEMO_BROKER)).toBe(true);
    expect(await demoProcesses(simulatorPort)).toEqual([]);
  });
});
