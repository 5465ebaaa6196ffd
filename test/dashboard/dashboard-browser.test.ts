import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { startPipeline, type PipelineRun } from '../e2e/pipeline-harness.js';
import { CliProcess } from '../support/cli-process.js';
import { startKafkaProxy, type KafkaProxy } from '../support/kafka-proxy.js';
import { CHROMIUM_PATH, DASHBOARD_TEST_PORTS } from './dashboard-test-ports.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const brokers = inject('kafkaBrokers');
const COINS = ['BTC', 'ETH', 'SOL', 'XRP', 'DOGE', 'ADA'];

let run: PipelineRun | undefined;
let proxy: KafkaProxy | undefined;
let dashboard: CliProcess | undefined;
let browser: Browser | undefined;
afterAll(async () => {
  await browser?.close();
  if (dashboard !== undefined) await dashboard.stop('SIGKILL');
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

async function status(url: string, init: RequestInit = {}): Promise<number> {
  return (await fetch(url, init)).status;
}

describe('market-feed dashboard in a real browser (simulator -> run -> Kafka -> dashboard -> Chromium)', () => {
  it('shows BTC moving, Bybit stale within 7 s and then failed over, and recovers after its broker connection is cut and restored', async () => {
    const [host = '127.0.0.1', port = '0'] = (brokers.split(',')[0] ?? '').split(':');
    proxy = await startKafkaProxy({ port: DASHBOARD_TEST_PORTS.proxy, brokerHost: host, brokerPort: Number(port) });
    run = await startPipeline({
      brokers,
      simulator: { coins: COINS, tradesPerSecond: 8, port: DASHBOARD_TEST_PORTS.simulator },
      args: ['--metrics-port', String(DASHBOARD_TEST_PORTS.runMetrics), '--stats-windows-ms', '1000,60000', '--failover-after-ms', '3000', '--probe-interval-ms', '600000'],
    });
    const pipeline = run;
    await pipeline.cli.waitForLog((line) => (line['status'] as { state?: string } | undefined)?.state === 'subscribed');

    dashboard = new CliProcess([
      'dashboard', '--port', String(DASHBOARD_TEST_PORTS.dashboard), '--brokers', proxy.address,
      '--kafka-topic-prefix', pipeline.prefix, '--metrics-url', `${pipeline.healthUrl}/metrics`,
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

    // Bybit goes silent through the simulator's control API: stale within 7 s, then failed over.
    const stall = await fetch(`${pipeline.sim.controlUrl}/bybit/stall`, { method: 'POST' });
    expect(stall.status).toBe(200);
    const stalledAt = Date.now();
    await until(page, `${stateJs('bybit')} === 'stale'`, 7000);
    const staleAfterMs = Date.now() - stalledAt;
    expect(staleAfterMs).toBeLessThan(7000);
    await until(page, `${stateJs('bybit')} === 'failed_over'`, 15_000);
    expect(await stateOf(page, 'binance')).toBe('subscribed');
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

    mkdirSync(join(root, 'docs'), { recursive: true });
    await page.screenshot({ path: join(root, 'docs', 'dashboard.png') });
    expect(pageErrors).toEqual([]);
    expect(await status(`${url}healthz`)).toBe(200);
    expect(await dashboard.stop('SIGTERM')).toBe(0);
    dashboard = undefined;
  });
});
