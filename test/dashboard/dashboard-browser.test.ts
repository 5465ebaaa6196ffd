import { mkdirSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import kafkajs from 'kafkajs';
import puppeteer, { type Browser } from 'puppeteer-core';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { startPipeline, type PipelineRun } from '../e2e/pipeline-harness.js';
import { CliProcess } from '../support/cli-process.js';
import { startKafkaClientProxy, type KafkaProxy } from '../support/kafka-client-proxy.js';
import { RecordEncoder } from '../../src/sink/record-encoder.js';
import { sinkTopics } from '../../src/sink/sink-topics.js';
import { findPublicDir } from '../../src/dashboard/page-files.js';
import type { TradeEvent } from '../../src/model/trade-event.js';
import { CHROMIUM_PATH, DASHBOARD_TEST_PORTS } from './dashboard-test-ports.js';
import { createTopicsWithLeaders } from '../../src/kafka/ensure-topics.js';
import { VENUE_IDS } from '../../src/exchanges/venues.js';
import {
  stateJs,
  priceJs,
  stateOf,
  kafkaStory,
  priceOf,
  until,
  priceChanges,
  type BookOnScreen,
  bookOnScreen,
  expectOneBook,
  CLIPPED_FLOW_JS,
  OVERLAPS_JS,
  viewUntil,
  status,
} from './dashboard-page.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const brokers = inject('kafkaBrokers');
const registryUrl = inject('schemaRegistryUrl');
const COINS = ['BTC', 'ETH', 'SOL', 'BNB', 'XRP', 'DOGE', 'ADA', 'AVAX', 'LINK', 'DOT'];

let run: PipelineRun | undefined;
let proxy: KafkaProxy | undefined;
let dashboard: CliProcess | undefined;
let browser: Browser | undefined;
let quiet: CliProcess | undefined;
let venuesRun: PipelineRun | undefined;
let venuesDashboard: CliProcess | undefined;
afterAll(async () => {
  if (venuesDashboard !== undefined) await venuesDashboard.stop('SIGKILL');
  await venuesRun?.close();
  await browser?.close();
  if (dashboard !== undefined) await dashboard.stop('SIGKILL');
  if (quiet !== undefined) await quiet.stop('SIGKILL');
  await run?.close();
  await proxy?.close();
});

describe('market-feed dashboard in a real browser (simulator -> run -> Kafka -> dashboard -> Chromium)', () => {
  it('shows BTC moving, Bybit stale within 7 s and then failed over, and recovers after its broker connection is cut and restored', async () => {
    const [host = '127.0.0.1', port = '0'] = (brokers.split(',')[0] ?? '').split(':');
    proxy = await startKafkaClientProxy({ port: DASHBOARD_TEST_PORTS.proxy, brokerHost: host, brokerPort: Number(port) });
    // Confluent framing here (through the schema registry); the second test writes single-object values.
    run = await startPipeline({
      brokers,
      registryUrl,
      simulator: { coins: COINS, tradesPerSecond: 5, port: DASHBOARD_TEST_PORTS.simulator },
      args: [
        '--metrics-port',
        String(DASHBOARD_TEST_PORTS.runMetrics),
        '--stats-windows-ms',
        '1000,60000',
        '--failover-after-ms',
        '3000',
        '--probe-interval-ms',
        '600000',
        '--books',
        'true',
      ],
    });
    const pipeline = run;
    await pipeline.cli.waitForLog((line) => (line['status'] as { state?: string } | undefined)?.state === 'subscribed');

    dashboard = new CliProcess([
      'dashboard',
      '--port',
      String(DASHBOARD_TEST_PORTS.dashboard),
      '--brokers',
      proxy.address,
      '--kafka-topic-prefix',
      pipeline.prefix,
      '--metrics-url',
      `${pipeline.healthUrl}/metrics`,
      '--schema-registry-url',
      registryUrl,
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
    // The page takes ?coin=; a bad one is a 400 naming the parameter. Every file of public/ is served.
    expect(await status(`${url}?coin=ETH`)).toBe(200);
    expect(await status(`${url}index.html?coin=eth`)).toBe(200);
    for (const bad of ['?coin=%3Cscript%3E', '?coin=', '?coin=BTC&coin=ETH', '?coin=%FF']) {
      const answer = await fetch(`${url}${bad}`);
      expect([answer.status, await answer.json()], bad).toEqual([400, expect.objectContaining({ parameter: 'coin' })]);
    }
    expect(await (await fetch(`${url}?symbol=ETH`)).json()).toEqual(expect.objectContaining({ parameter: 'symbol' }));
    expect(await (await fetch(`${url}api/view?coin=%3C`)).json()).toEqual(expect.objectContaining({ parameter: 'coin' }));
    expect(await status(`${url}?instrument=ETH-USDT&filter=eth`)).toBe(200);
    expect(await (await fetch(`${url}api/view?instrument=ETH`)).json()).toEqual(expect.objectContaining({ parameter: 'instrument' }));
    expect(await (await fetch(`${url}events?limit=100000`)).json()).toEqual(expect.objectContaining({ parameter: 'limit' }));
    for (const name of readdirSync(findPublicDir())) {
      const served = await fetch(`${url}${name}`);
      expect([name, served.status, served.headers.get('content-type')?.split('/')[0]]).toEqual([name, 200, 'text']);
    }

    browser = await puppeteer.launch({ executablePath: CHROMIUM_PATH, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
    const page = await browser.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(String(error)));
    await page.setViewport({ width: 1440, height: 960 });
    await page.goto(`${url}#BTC`, { waitUntil: 'load' });

    await page.waitForSelector('tr[data-instrument="BTC-USDT"] .price', { timeout: 30_000 });
    await until(page, `${priceJs('BTC-USDT')} !== ''`, 30_000);
    const first = await priceOf(page, 'BTC-USDT');
    const second = await priceChanges(page, 'BTC-USDT', first, 10_000);
    expect(Number(second.replaceAll(',', ''))).toBeGreaterThan(0);
    // Statuses and trades are different topics, read side by side: the venue's row may follow the first prices.
    await until(page, `${stateJs('bybit')} === 'subscribed'`, 10_000);
    await until(page, `document.querySelectorAll('#sales tbody tr').length > 5`, 10_000);
    // The top of BTC's order book from the book topics: ten levels a side, spread in bps and the imbalance.
    await until(page, `document.querySelectorAll('#book tbody tr').length >= 10`, 15_000);
    expect(await page.evaluate(`document.querySelector('#book-figures').textContent`)).toMatch(
      /^spread [\d,.]+ \([\d.]+ bps\) · imbalance -?[01]\.\d{3} · mid [\d,.]+$/,
    );

    expectOneBook(await bookOnScreen(page));
    expect((await bookOnScreen(page)).exchange).toBe('bybit');

    // The order book panel is sampled from the stall until Binance's book shows: every sample is one book.
    const books: BookOnScreen[] = [];
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        books.push(await bookOnScreen(page));
        await sleep(100);
      }
    })();
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
    expect(
      await page.evaluate(`[...document.querySelectorAll('tr.venue-row[data-venue="bybit"] svg rect')].map((r) => r.getAttribute('class')).join(' ')`),
    ).toMatch(/seg-subscribed.*seg-stale.*seg-failed_over/);
    expect(await page.evaluate(`document.querySelectorAll('tr.venue-row[data-venue="bybit"] svg line.mark').length`)).toBeGreaterThanOrEqual(1);
    await page.waitForSelector('tr[data-instrument="BTC-USDT"] .badge.fallback', { timeout: 10_000 });
    const onFallback = await priceChanges(page, 'BTC-USDT', await priceOf(page, 'BTC-USDT'), 10_000);
    // After the failover the panel shows Binance's book, marked as a fallback venue's, its mid between its best bid and ask.
    await until(
      page,
      `document.querySelector('#book-panel').dataset.exchange === 'binance' && document.querySelector('#book-panel').dataset.source === 'snapshot'`,
      30_000,
    );
    await sleep(1000);
    sampling = false;
    await sampler;
    const shown = books.filter((b) => b.source !== '');
    for (const book of shown) expectOneBook(book);
    expect(shown.map((b) => b.exchange).filter((e, i, all) => e !== all[i - 1])).toEqual(['bybit', 'binance']);
    expectOneBook(await bookOnScreen(page));
    expect(await page.evaluate(`document.querySelector('#book-source .badge.fallback') !== null`)).toBe(true);

    // The dashboard's broker connection is cut: the page says so; restored: it reads again.
    await proxy.cut();
    await page.waitForSelector('#kafka[data-state="unreachable"]', { timeout: 30_000 });
    expect(await page.evaluate(`document.querySelector('#banner').hidden`)).toBe(false);
    expect(await page.evaluate(`document.querySelector('#banner').textContent`)).toContain('Kafka is unreachable');
    const frozen = await priceOf(page, 'BTC-USDT');
    await proxy.restore();
    await page.waitForSelector('#kafka[data-state="connected"]', { timeout: 60_000 }).catch((error: unknown) => {
      throw new Error(`the page did not show Kafka connected again; what the dashboard's reader said:\n${kafkaStory(dashboard)}`, { cause: error });
    });
    const recovered = await priceChanges(page, 'BTC-USDT', frozen, 20_000);
    expect(recovered).not.toBe(onFallback);
    expect(await page.evaluate(`document.querySelector('#banner').hidden`)).toBe(true);
    expect(await stateOf(page, 'bybit')).toBe('failed_over');
    await until(page, `document.querySelectorAll('#stats tbody tr').length >= 1`, 10_000);

    // The windowed stats' flow column shows whole at 1440 px wide, and at 1280 px.
    expect(await page.evaluate(`[...document.querySelectorAll('#stats tbody td.flow')].map((td) => td.textContent)`)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^(STRONG_BUY|BUY|NEUTRAL|SELL|STRONG_SELL)$/)]),
    );
    expect(await page.evaluate(CLIPPED_FLOW_JS)).toEqual([]);
    await page.setViewport({ width: 1280, height: 960 });
    await sleep(300);
    expect(await page.evaluate(CLIPPED_FLOW_JS)).toEqual([]);
    await page.setViewport({ width: 1440, height: 960 });

    // A link to a coin opens the page on its busiest instrument: ETH-USDT's row chosen, its title, its own book (ETH is near 1,900, BTC near 65,000).
    const eth = await browser.newPage();
    eth.on('pageerror', (error) => pageErrors.push(String(error)));
    await eth.setViewport({ width: 1440, height: 960 });
    await eth.goto(`${url}?coin=ETH`, { waitUntil: 'load' });
    await eth.waitForSelector('tr[data-instrument="ETH-USDT"].chosen', { timeout: 15_000 });
    expect(await eth.evaluate(`document.querySelectorAll('#instruments tbody tr.chosen').length`)).toBe(1);
    expect(await eth.evaluate(`document.querySelector('#detail-title').textContent`)).toMatch(/^ETH-USDT: /);
    await until(eth, `document.querySelector('#book-panel').dataset.source === 'snapshot'`, 15_000);
    const ethBook = await bookOnScreen(eth);
    expectOneBook(ethBook);
    const ethPrice = Number((await priceOf(eth, 'ETH-USDT')).replaceAll(',', ''));
    expect(Math.abs(ethBook.mid / ethPrice - 1)).toBeLessThan(0.05);
    // A click on another instrument puts it in the URL; back returns to ETH.
    await eth.click('tr[data-instrument="SOL-USDT"]');
    await eth.waitForSelector('tr[data-instrument="SOL-USDT"].chosen', { timeout: 10_000 });
    expect(await eth.evaluate('location.search')).toBe('?instrument=SOL-USDT');
    await eth.goBack();
    await eth.waitForSelector('tr[data-instrument="ETH-USDT"].chosen', { timeout: 10_000 });
    await eth.close();

    await sleep(3000);
    mkdirSync(join(root, 'docs'), { recursive: true });
    await page.screenshot({ path: join(root, 'docs', 'dashboard.png') });
    expect(pageErrors).toEqual([]);
    expect(await page.evaluate(`document.querySelector('#health').textContent`)).toMatch(/undecodable0/);
    expect(await status(`${url}healthz`)).toBe(200);
    expect(await dashboard.stop('SIGTERM')).toBe(0);
    dashboard = undefined;
  });

  it("serves an empty view while the topics do not exist, reads them once they appear, counts an undecodable value without stopping, and shows a perpetual's mark, funding, open interest and liquidations", async () => {
    const prefix = `dash-${randomUUID().slice(0, 8)}.`;
    quiet = new CliProcess(['dashboard', '--port', String(DASHBOARD_TEST_PORTS.quietDashboard), '--brokers', brokers, '--kafka-topic-prefix', prefix]);
    const url = String((await quiet.waitForLog((line) => line.msg === 'dashboard listening'))['url']);
    const empty = await viewUntil(url, (v) => v.health.kafka === 'connected', 30_000);
    expect(empty.instruments.rows).toEqual([]);
    expect(empty.counts).toEqual({});

    const topic = sinkTopics(prefix).records.trade;
    const kafka = new kafkajs.Kafka({ brokers: brokers.split(','), logLevel: kafkajs.logLevel.NOTHING });
    const admin = kafka.admin();
    await admin.connect();
    await createTopicsWithLeaders(admin, [{ topic, numPartitions: 1 }]);
    await admin.disconnect();
    const encoder = await RecordEncoder.create({ kind: 'single-object' }, sinkTopics(prefix));
    const trade: TradeEvent = {
      type: 'trade',
      exchange: 'bybit',
      symbol: 'BTCUSDT',
      coin: 'BTC',
      quote: 'USDT',
      tradeId: '1',
      price: 64_000.5,
      quantity: 0.25,
      side: 'BUY',
      isBuyerMaker: false,
      exchangeTs: Date.now(),
      receivedTs: Date.now(),
      isFallback: false,
      env: 'prod',
      connectionId: 'test',
    };
    const valid = encoder.encodeRecord(trade);
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({
      topic,
      messages: [
        { key: 'BTC-USDT', value: Buffer.from('not avro at all') },
        { key: valid.key, value: valid.value },
      ],
    });
    await producer.disconnect();

    const read = await viewUntil(url, (v) => v.health.undecodable >= 1 && (v.counts['trade'] ?? 0) >= 1, 30_000);
    expect(read.health.undecodable).toBe(1);
    expect(read.health.lastUndecodable).toContain(topic);
    expect(read.instruments.rows).toEqual([expect.objectContaining({ instrument: 'BTC-USDT', price: 64_000.5 })]);
    expect(await status(`${url}healthz`)).toBe(200);

    // A perpetual: its trade, derivative tickers and liquidations (topics made now, read once they appear) on the page.
    const perpetualTopics = sinkTopics(prefix).records;
    const made = kafka.admin();
    await made.connect();
    await createTopicsWithLeaders(
      made,
      [perpetualTopics.derivative_ticker, perpetualTopics.liquidation].map((t) => ({ topic: t, numPartitions: 1 })),
    );
    await made.disconnect();
    const now = Date.now();
    const perp = {
      exchange: 'bybit_linear',
      symbol: 'BTCUSDT',
      coin: 'BTC',
      quote: 'USDT',
      instrument: 'BTC-USDT-PERP',
      exchangeTs: now,
      receivedTs: now,
      isFallback: false,
      env: 'prod',
      connectionId: 'test',
    } as const;
    const encoded = [
      encoder.encodeRecord({ ...perp, type: 'trade', tradeId: 'a1', price: 64_100, quantity: 0.5, side: 'SELL', isBuyerMaker: true }),
      encoder.encodeRecord({
        ...perp,
        type: 'derivative_ticker',
        markPrice: 64_120,
        indexPrice: 64_088,
        fundingRate: 0.0001,
        nextFundingTs: now + 3_600_000,
        openInterest: 52_000.5,
        openInterestValue: 3_334_000_000,
        openInterestTs: now,
        openInterestSource: 'stream',
        lastPrice: 64_100,
      }),
      ...[1, 2, 3].map((n) =>
        encoder.encodeRecord({
          ...perp,
          type: 'liquidation',
          positionSide: n === 2 ? 'SHORT' : 'LONG',
          price: 64_000 + n,
          quantity: n / 10,
          sampled: false,
          exchangeTs: now + n,
        }),
      ),
    ];
    const perpetualWriter = kafka.producer();
    await perpetualWriter.connect();
    for (const { topic: to, key, value } of encoded) await perpetualWriter.send({ topic: to, messages: [{ key, value }] });
    await perpetualWriter.disconnect();
    await viewUntil(url, (v) => (v.counts['liquidation'] ?? 0) >= 3 && (v.counts['derivative_ticker'] ?? 0) >= 1, 30_000);
    browser ??= await puppeteer.launch({ executablePath: CHROMIUM_PATH, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
    const perpPage = await browser.newPage();
    const perpErrors: string[] = [];
    perpPage.on('pageerror', (error) => perpErrors.push(String(error)));
    await perpPage.goto(`${url}?instrument=BTC-USDT-PERP`, { waitUntil: 'load' });
    // Its row, chosen, is named by its key: BTC-USDT-PERP beside the spot BTC-USDT.
    await perpPage.waitForSelector('tr[data-instrument="BTC-USDT-PERP"].chosen', { timeout: 15_000 });
    expect(await perpPage.evaluate(`document.querySelector('tr[data-instrument="BTC-USDT-PERP"] td').textContent`)).toBe('BTC-USDT-PERP');
    expect(await perpPage.evaluate(`document.querySelector('#detail-title').textContent`)).toMatch(/^BTC-USDT-PERP: /);
    await until(perpPage, `document.querySelectorAll('#liquidations tbody tr').length === 3`, 15_000);
    expect(await perpPage.evaluate(`document.querySelector('#perpetual-block').hidden`)).toBe(false);
    const figures = String(await perpPage.evaluate(`document.querySelector('#perpetual-figures').textContent`));
    // Mark and index as sent, the basis between them ((64,120 - 64,088) / 64,088 = 4.99 bps), funding as a percentage, open interest with its source.
    expect(figures).toMatch(
      /mark 64,120\.00 · index 64,088\.00 · basis 5\.0 bps · funding 0\.0100 % in \d+ min · open interest 52,000\.50 \(3,334,000,000 quote\) stream/,
    );
    expect(figures).toContain('bybit_linear');
    expect(
      await perpPage.evaluate(
        `[...document.querySelectorAll('#liquidations tbody tr')].map((r) => [...r.querySelectorAll('td')].slice(2, 5).map((td) => td.textContent))`,
      ),
    ).toEqual([
      ['LONG', '64,003.00', '0.3000'],
      ['SHORT', '64,002.00', '0.2000'],
      ['LONG', '64,001.00', '0.1000'],
    ]);
    // No option summaries: the options panel says what to run.
    expect(await perpPage.evaluate(`[document.querySelector('#no-options').hidden, document.querySelector('#options-body').hidden]`)).toEqual([false, true]);
    expect(await perpPage.evaluate(`document.querySelector('#no-options').textContent`)).toContain('market-feed run --markets option');
    // A spot instrument shows no perpetual block.
    await perpPage.goto(`${url}?instrument=BTC-USDT`, { waitUntil: 'load' });
    await perpPage.waitForSelector('tr[data-instrument="BTC-USDT"].chosen', { timeout: 15_000 });
    await sleep(500);
    expect(await perpPage.evaluate(`document.querySelector('#perpetual-block').hidden`)).toBe(true);
    expect(perpErrors).toEqual([]);
    await perpPage.close();
    expect(await quiet.stop('SIGTERM')).toBe(0);
    quiet = undefined;
  });

  it("shows six venue markets (spot and linear), each fallback on standby, and no text of the venue panel running into another's, with the longest venue name active and its list stale", async () => {
    // The registry's longest venue name leads the spot venues (served by the simulated Binance): its row carries both notes.
    const longest = 'binance_testnet';
    expect(Math.max(...VENUE_IDS.map((id) => id.length)), 'a longer venue name is in the registry: lead with it here').toBe(longest.length);
    venuesRun = await startPipeline({
      brokers,
      simulator: {
        coins: ['BTC', 'ETH'],
        tradesPerSecond: 2,
        port: DASHBOARD_TEST_PORTS.venuesSimulator,
        venues: ['bybit', 'binance', 'coinbase', 'kraken', 'bybit_linear', 'binance_usdm'],
      },
      args: [
        '--venues',
        `${longest},coinbase,kraken,bybit,binance,bybit_linear,binance_usdm`,
        '--markets',
        'spot,linear',
        '--instruments',
        'all',
        '--catalog-refresh-ms',
        '10000',
        '--klines',
        'false',
      ],
    });
    const pipeline = venuesRun;
    venuesDashboard = new CliProcess([
      'dashboard',
      '--port',
      String(DASHBOARD_TEST_PORTS.venuesDashboard),
      '--brokers',
      brokers,
      '--kafka-topic-prefix',
      pipeline.prefix,
    ]);
    const url = String((await venuesDashboard.waitForLog((line) => line.msg === 'dashboard listening'))['url']);
    browser ??= await puppeteer.launch({ executablePath: CHROMIUM_PATH, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
    const page = await browser.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(String(error)));
    await page.setViewport({ width: 1440, height: 960 });
    await page.goto(url, { waitUntil: 'load' });

    // Each market reads from its first venue; the venues behind it, listed but not connected, stand by.
    const statesJs = `Object.fromEntries([...document.querySelectorAll('tr.venue-row')].map((r) => [r.dataset.venue, r.querySelector('.state').dataset.state]))`;
    const expected = {
      [longest]: 'subscribed',
      coinbase: 'standby',
      kraken: 'standby',
      bybit: 'standby',
      binance: 'standby',
      bybit_linear: 'subscribed',
      binance_usdm: 'standby',
    };
    const inOrder = (states: Readonly<Record<string, string>>): string => JSON.stringify(Object.entries(states).sort());
    // On a time-out the comparison below says which venue shows what.
    await until(page, `JSON.stringify(Object.entries(${statesJs}).sort()) === ${JSON.stringify(inOrder(expected))}`, 30_000).catch(() => undefined);
    expect(await page.evaluate(statesJs)).toEqual(expected);
    const notesJs = `Object.fromEntries([...document.querySelectorAll('tr.venue-row')].map((r) => [r.dataset.venue, r.querySelector('[data-note="active"]').textContent]))`;
    expect(await page.evaluate(notesJs)).toEqual({
      [longest]: '(active)',
      coinbase: '',
      kraken: '',
      bybit: '',
      binance: '',
      bybit_linear: '(active)',
      binance_usdm: '',
    });
    expect(await page.evaluate(`document.querySelector('tr.venue-row[data-venue="binance_usdm"] .state').textContent`)).toBe('standby');

    // The Binance lists (the leading venue's and Binance's) fail from now on: at the next refresh both say their list is stale.
    pipeline.sim.control.listFault('binance', 'unavailable', 10_000);
    const catalogNoteJs = (venue: string): string => `document.querySelector('tr.venue-row[data-venue="${venue}"] [data-note="catalog"]').textContent`;
    await until(page, `${catalogNoteJs(longest)} === '· list stale' && ${catalogNoteJs('binance')} === '· list stale'`, 40_000);
    expect(await stateOf(page, longest)).toBe('subscribed');
    // Its shard listed under it too; then nothing overlaps, at 1440 px wide and at 1280 px.
    await page.click(`tr.venue-row[data-venue="${longest}"]`);
    await until(page, `document.querySelectorAll('tr.shard-row[data-venue="${longest}"]').length === 1`, 5000);
    expect(await page.evaluate(OVERLAPS_JS)).toEqual([]);
    await page.setViewport({ width: 1280, height: 960 });
    await sleep(300);
    expect(await page.evaluate(OVERLAPS_JS)).toEqual([]);
    expect(pageErrors).toEqual([]);
    await page.close();
    expect(await venuesDashboard.stop('SIGTERM')).toBe(0);
    venuesDashboard = undefined;
  });
});
