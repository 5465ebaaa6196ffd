import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { connect as connectTcp } from 'node:net';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { createServer as createTlsServer, type Server } from 'node:tls';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../../simulator/start-simulator.js';
import { CliProcess } from '../support/cli-process.js';
import { FAST_FEED_ARGS } from './reliability-run.js';
import { stateOf } from '../support/cli-process.js';

const brokers = inject('kafkaBrokers');
let sim: RunningSimulator | undefined;
let tls: Server | undefined;
const processes: CliProcess[] = [];
afterEach(async () => {
  for (const cli of processes.splice(0)) await cli.stop('SIGKILL');
  await new Promise<void>((resolve) => (tls === undefined ? resolve() : tls.close(() => resolve())));
  await sim?.close();
  sim = undefined;
  tls = undefined;
});

const hasOpenssl = ((): boolean => {
  try {
    execFileSync('openssl', ['version']);
    return true;
  } catch {
    return false;
  }
})();

/** A `wss` front for the simulator: TLS with a fresh self-signed certificate for 127.0.0.1, piped to its plain port. */
async function selfSignedFront(target: RunningSimulator): Promise<Server> {
  const dir = mkdtempSync(join(tmpdir(), 'mf-tls-'));
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
      '-keyout',
      join(dir, 'key.pem'),
      '-out',
      join(dir, 'cert.pem'),
    ],
    { stdio: 'ignore' },
  );
  const server = createTlsServer({ key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) }, (socket) => {
    const upstream = connectTcp(target.port, '127.0.0.1');
    socket.pipe(upstream).pipe(socket);
    socket.on('error', () => upstream.destroy());
    upstream.on('error', () => socket.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return server;
}

function runStdout(args: readonly string[], env: Readonly<Record<string, string>> = {}): CliProcess {
  const cli = new CliProcess(['run', '--venues', 'bybit', '--coins', 'BTC,ETH', '--sink', 'stdout', '--metrics-port', '0', ...FAST_FEED_ARGS, ...args], env);
  processes.push(cli);
  return cli;
}

describe('security', () => {
  it.skipIf(!hasOpenssl)('refuses a self-signed wss venue (the status says why) and accepts it only with --tls-allow-self-signed', async () => {
    sim = await startSimulator({ coins: ['BTC', 'ETH'], tradesPerSecond: 20 });
    tls = await selfSignedFront(sim);
    const url = `wss://127.0.0.1:${(tls.address() as AddressInfo).port}/v5/public/spot`;

    const strict = runStdout(['--bybit-url', url]);
    await strict.waitForLog((line) => stateOf(line) === 'retry_scheduled', 20_000);
    await sleep(2000);
    expect(strict.logs.some((line) => stateOf(line) === 'subscribed')).toBe(false);
    expect(sim.control.counters('bybit').connectionsAccepted).toBe(0);
    expect(strict.stderrText).toMatch(/self[- ]signed certificate/i);
    expect(strict.stdout).not.toContain('"type":"trade"');
    await strict.stop('SIGTERM');

    const relaxed = runStdout(['--bybit-url', url, '--tls-allow-self-signed', 'true']);
    await relaxed.waitForLog((line) => stateOf(line) === 'subscribed', 20_000);
    await sleep(2000);
    expect(await relaxed.stop('SIGTERM')).toBe(0);
    expect(sim.control.counters('bybit').connectionsAccepted).toBeGreaterThanOrEqual(1);
    expect(relaxed.stdout).toContain('"type":"trade"');
  });

  it('serves /metrics on loopback only by default', async () => {
    sim = await startSimulator({ coins: ['BTC', 'ETH'], tradesPerSecond: 5 });
    const cli = runStdout(['--bybit-url', sim.urls.bybit]);
    const listening = await cli.waitForLog((line) => line.msg === 'metrics, /healthz and /readyz listening');
    const url = new URL(String(listening['url']));
    expect(url.hostname).toBe('127.0.0.1');
    expect((await fetch(`${url.origin}/healthz`)).status).toBe(200);
    const external = Object.values(networkInterfaces())
      .flat()
      .find((a) => a !== undefined && a.family === 'IPv4' && !a.internal);
    if (external !== undefined) {
      const reached = await new Promise<boolean>((resolve) => {
        const socket = connectTcp(Number(url.port), external.address);
        socket.once('connect', () => {
          socket.destroy();
          resolve(true);
        });
        socket.once('error', () => resolve(false));
      });
      expect(reached, `metrics port reachable on ${external.address}`).toBe(false);
    }
    expect(await cli.stop('SIGTERM')).toBe(0);
  });

  it('never writes the SASL password to stdout or stderr, with the stdout sink and with a Kafka sink that fails to authenticate', async () => {
    sim = await startSimulator({ coins: ['BTC', 'ETH'], tradesPerSecond: 20 });
    const secret = `s3cret-${randomUUID()}`;
    const env = { KAFKA_SASL_MECHANISM: 'plain', KAFKA_SASL_USERNAME: 'market-feed', KAFKA_SASL_PASSWORD: secret };
    const stdoutSink = runStdout(['--bybit-url', sim.urls.bybit, '--log-level', 'trace'], env);
    await stdoutSink.waitForLog((line) => stateOf(line) === 'subscribed', 20_000);
    await sleep(1500);
    expect(await stdoutSink.stop('SIGTERM')).toBe(0);
    expect(stdoutSink.stderrText).toContain('[redacted]');
    expect(stdoutSink.stdout).toContain('"type":"trade"');

    // The test broker speaks PLAINTEXT: the SASL handshake fails and kafkajs logs its errors.
    const kafkaSink = new CliProcess(
      [
        'run',
        '--venues',
        'bybit',
        '--coins',
        'BTC',
        '--bybit-url',
        sim.urls.bybit,
        '--kafka-brokers',
        brokers,
        '--kafka-topic-prefix',
        `sec-${randomUUID().slice(0, 8)}.`,
        '--metrics-port',
        '0',
        '--log-level',
        'debug',
      ],
      env,
    );
    processes.push(kafkaSink);
    await Promise.race([kafkaSink.exited, sleep(10_000)]);
    await kafkaSink.stop('SIGKILL');
    expect(kafkaSink.stderrText.length).toBeGreaterThan(0);
    for (const text of [stdoutSink.stderrText, stdoutSink.stdout, kafkaSink.stderrText, kafkaSink.stdout]) expect(text).not.toContain(secret);
  });
});
