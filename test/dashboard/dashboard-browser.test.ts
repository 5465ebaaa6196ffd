import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import kafkajs from 'kafkajs';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { startPipeline, type PipelineRun } from '../e2e/pipeline-harness.js';
import { CliProcess } from '../support/cli-process.js';
import { startKafkaProxy, type KafkaProxy } from '../support/kafka-proxy.js';
import { RecordEncoder } from '../../src/sink/record-encoder.js';
import { sinkTopics } from '../../src/sink/sink-topics.js';
import type { TradeEvent } from '../../src/model/trade-event.js';
import { CHROMIUM_PATH, DASHBOARD_TEST_PORTS } from './dashboard-test-ports.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const brokers = inject('kafkaBrokers');
const registryUrl = inject('schemaRegistryUrl');
const COINS = ['BTC', 'ETH', 'SOL', 'BNB', 'XRP', 'DOGE', 'ADA', 'AVAX', 'LINK', 'DOT'];

let run: PipelineRun | undefined;
let proxy: KafkaProxy | undefined;
let dashboard: CliProcess | undefined;
let browser: Browser | undefined;
let quiet: CliProcess | undefined;
afterAll(async () => {
  await browser?.close();
  if (dashboard !== undefined) await dashboard.stop('SIGKILL');
  if (quiet !== undefined) await quiet.stop('SIGKILL');
  await run?.close();
  await proxy?.close();
});

// Page-side expressions are strings: the project's types are Node's, not the DOM's.
const stateJs = (venue: string): string => `document.querySelector('tr[data-venue="${venue}"] .state')?.dataset.state`;
const priceJs = (coin: string): string => `(document.querySelector('tr[data-coin="${coin}"] .price')?.textContent ?? '')`;
const stateOf = (page: Page, venue: string): Promise<unknown> => page.evaluate(stateJs(venue));
const priceOf = async (page: Page, coin: string): Promise<string> => String(await page.evaluate(priceJs(coin)));
const until = async (page: Page, expression: string, timeoutMs: number): Promise<void> => {
  await page.waitForFunction(expression, { timeout: timeoutMs, polling: 100 });
};

/** Waits until the coin's price on screen differs from `from`. */
async function priceChanges(page: Page, coin: string, from: string, timeoutMs: number): Promise<string> {
  await until(page, `${priceJs(coin)} !== '' && ${priceJs(coin)} !== ${JSON.stringify(from)}`, timeoutMs);
  return priceOf(page, coin);
}

interface ViewAnswer {
  readonly coins: readonly { readonly coin: string; readonly price: number }[];
  readonly counts: Readonly<Record<string, number>>;
  readonly health: { readonly kafka: string; readonly undecodable: number; readonly lastUndecodable?: string };
}

/** Polls `/api/view` until `accept` holds; fails with the last view. */
async function viewUntil(url: string, accept: (view: ViewAnswer) => boolean, timeoutMs: number): Promise<ViewAnswer> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const view = (await (await fetch(`${url}api/view`)).json()) as ViewAnswer;
    if (accept(view)) return view;
    if (Date.now() > deadline) throw new Error(`view not as expected within ${timeoutMs} ms: ${JSON.stringify(view).slice(0, 2000)}`);
    await sleep(200);
  }
}

async function status(url: string, init: RequestInit = {}): Promise<number> {
  return (await fetch(url, init)).status;
}

describe('market-feed dashboard in a real browser (simulator -> run -> Kafka -> dashboard -> Chromium)', () => {
  it('shows BTC moving, Bybit stale within 7 s and then failed over, and recovers after its broker connection is cut and restored', async () => {
    const [host = '127.0.0.1', port = '0'] = (brokers.split(',')[0] ?? '').split(':');
    proxy = await startKafkaProxy({ port: DASHBOARD_TEST_PORTS.proxy, brokerHost: host, brokerPort: Number(port) });
    // Confluent framing here (through the schema registry); the second test writes single-object values.
    run = await startPipeline({
      brokers,
      registryUrl,
      simulator: { coins: COINS, tradesPerSecond: 5, port: DASHBOARD_TEST_PORTS.simulator },
      args: ['--metrics-port', String(DASHBOARD_TEST_PORTS.runMetrics), '--stats-windows-ms', '1000,60000', '--failover-after-ms', '3000', '--probe-interval-ms', '600000', '--books', 'true'],
    });
    const pipeline = run;
    await pipeline.cli.waitForLog((line) => (line['status'] as { state?: string } | undefined)?.state === 'subscribed');

    dashboard = new CliProcess([
      'dashboard', '--port', String(DASHBOARD_TEST_PORTS.dashboard), '--brokers', proxy.address,
      '--kafka-topic-prefix', pipeline.prefix, '--metrics-url', `${pipeline.healthUrl}/metrics`, '--schema-registry-url', registryUrl,
    ]);
    const listening = await dashboard.waitForLog((line) => line.msg === 'dashboard listening');
    const url = String(listening['url']);
    expect(url).toBe(`http://127.0.0.1:${DASHBOARD_TEST_PORTS.dashboard}/`);

    // Bad requests are answered with 4xx, and the dashboard keeps serving.
    expect(await status(`${url}no-such-page`)).toBe(404);
    expect(await status(`${url}events`, { method: 'POST' })).toBe(405);
    expect(await status(`${url}healthz`, { method: 'DELETE' })).toBe(405);
    expect(await status(`${url}events?coin=%3Cscript%3E`)).toBe(400);
    expect(await status(`${url}api/view?coin=BTC&coin=ETH`)).toBe(400);
    expect(await status(`${url}api/view?symbol=BTC`)).toBe(400);
    expect(await status(`${url}app.js?x=1`)).toBe(400);
    expect(await status(`${url}healthz`)).toBe(200);

    browser = await puppeteer.launch({ executablePath: CHROMIUM_PATH, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
    const page = await browser.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(String(error)));
    await page.setViewport({ width: 1440, height: 960 });
    await page.goto(`${url}#BTC`, { waitUntil: 'load' });

    await page.waitForSelector('tr[data-coin="BTC"] .price', { timeout: 30_000 });
    await until(page, `${priceJs('BTC')} !== ''`, 30_000);
    const first = await priceOf(page, 'BTC');
    const second = await priceChanges(page, 'BTC', first, 10_000);
    expect(Number(second.replaceAll(',', ''))).toBeGreaterThan(0);
    expect(await stateOf(page, 'bybit')).toBe('subscribed');
    await until(page, `document.querySelectorAll('#sales tbody tr').length > 5`, 10_000);
    // The top of BTC's order book from the book topics: ten levels a side, spread in bps and the imbalance.
    await until(page, `document.querySelectorAll('#book tbody tr').length >= 10`, 15_000);
    expect(await page.evaluate(`document.querySelector('#book-figures').textContent`)).toMatch(/^spread [\d,.]+ \([\d.]+ bps\) · imbalance -?[01]\.\d{3} · mid [\d,.]+$/);

    // Bybit goes silent through the simulator's control API: stale within 7 s, then failed over.
    const stall = await fetch(`${pipeline.sim.controlUrl}/bybit/stall`, { method: 'POST' });
    expect(stall.status).toBe(200);
    const stalledAt = Date.now();
    await until(page, `${stateJs('bybit')} === 'stale'`, 7000);
    const staleAfterMs = Date.now() - stalledAt;
    expect(staleAfterMs).toBeLessThan(7000);
    await until(page, `${stateJs('bybit')} === 'failed_over'`, 15_000);
    expect(await stateOf(page, 'binance')).toBe('subscribed');
    // Bybit's timeline: subscribed, then stale, then failed over, with the failover marked.
    expect(await page.evaluate(`[...document.querySelectorAll('tr[data-venue="bybit"] svg rect')].map((r) => r.getAttribute('class')).join(' ')`)).toMatch(/seg-subscribed.*seg-stale.*seg-failed_over/);
    expect(await page.evaluate(`document.querySelectorAll('tr[data-venue="bybit"] svg line.mark').length`)).toBeGreaterThanOrEqual(1);
    await page.waitForSelector('tr[data-coin="BTC"] .badge.fallback', { timeout: 10_000 });
    const onFallback = await priceChanges(page, 'BTC', await priceOf(page, 'BTC'), 10_000);

    // The dashboard's broker connection is cut: the page says so; restored: it reads again.
    await proxy.cut();
    await page.waitForSelector('#kafka[data-state="unreachable"]', { timeout: 30_000 });
    expect(await page.evaluate(`document.querySelector('#banner').hidden`)).toBe(false);
    expect(await page.evaluate(`document.querySelector('#banner').textContent`)).toContain('Kafka is unreachable');
    const frozen = await priceOf(page, 'BTC');
    await proxy.restore();
    await page.waitForSelector('#kafka[data-state="connected"]', { timeout: 60_000 });
    const recovered = await priceChanges(page, 'BTC', frozen, 20_000);
    expect(recovered).not.toBe(onFallback);
    expect(await page.evaluate(`document.querySelector('#banner').hidden`)).toBe(true);
    expect(await stateOf(page, 'bybit')).toBe('failed_over');
    await until(page, `document.querySelectorAll('#stats tbody tr').length >= 1`, 10_000);

    await sleep(3000);
    mkdirSync(join(root, 'docs'), { recursive: true });
    await page.screenshot({ path: join(root, 'docs', 'dashboard.png') });
    expect(pageErrors).toEqual([]);
    expect(await page.evaluate(`document.querySelector('#health').textContent`)).toMatch(/undecodable0/);
    expect(await status(`${url}healthz`)).toBe(200);
    expect(await dashboard.stop('SIGTERM')).toBe(0);
    dashboard = undefined;
  });

  it('serves an empty view while the topics do not exist, reads them once they appear, and counts an undecodable value without stopping', async () => {
    const prefix = `dash-${randomUUID().slice(0, 8)}.`;
    quiet = new CliProcess(['dashboard', '--port', String(DASHBOARD_TEST_PORTS.quietDashboard), '--brokers', brokers, '--kafka-topic-prefix', prefix]);
    const url = String((await quiet.waitForLog((line) => line.msg === 'dashboard listening'))['url']);
    const empty = await viewUntil(url, (v) => v.health.kafka === 'connected', 30_000);
    expect(empty.coins).toEqual([]);
    expect(empty.counts).toEqual({});

    const topic = sinkTopics(prefix).records.trade;
    const kafka = new kafkajs.Kafka({ brokers: brokers.split(','), logLevel: kafkajs.logLevel.NOTHING });
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
    await admin.disconnect();
    const encoder = await RecordEncoder.create({ kind: 'single-object' }, sinkTopics(prefix));
    const trade: TradeEvent = {
      type: 'trade', exchange: 'bybit', symbol: 'BTCUSDT', coin: 'BTC', quote: 'USDT', tradeId: '1', price: 64_000.5, quantity: 0.25, side: 'BUY', isBuyerMaker: false,
      exchangeTs: Date.now(), receivedTs: Date.now(), isFallback: false, env: 'prod', connectionId: 'test',
    };
    const valid = encoder.encodeRecord(trade);
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic, messages: [{ key: 'BTC-USDT', value: Buffer.from('not avro at all') }, { key: valid.key, value: valid.value }] });
    await producer.disconnect();

    const read = await viewUntil(url, (v) => v.health.undecodable >= 1 && (v.counts['trade'] ?? 0) >= 1, 30_000);
    expect(read.health.undecodable).toBe(1);
    expect(read.health.lastUndecodable).toContain(topic);
    expect(read.coins).toEqual([expect.objectContaining({ coin: 'BTC', price: 64_000.5 })]);
    expect(await status(`${url}healthz`)).toBe(200);
    expect(await quiet.stop('SIGTERM')).toBe(0);
    quiet = undefined;
  });
});
