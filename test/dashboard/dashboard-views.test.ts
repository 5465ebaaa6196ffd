import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import kafkajs from 'kafkajs';
import type { Browser } from 'puppeteer-core';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { startPipeline, type PipelineRun } from '../e2e/pipeline-harness.js';
import { CliProcess } from '../support/cli-process.js';
import { RecordEncoder } from '../../src/sink/record-encoder.js';
import { sinkTopics } from '../../src/sink/sink-topics.js';
import type { TradeEvent } from '../../src/model/trade-event.js';
import { createTopicsWithLeaders } from '../../src/kafka/ensure-topics.js';
import { VENUE_IDS } from '../../src/exchanges/venues.js';
import { DASHBOARD_TEST_PORTS } from './dashboard-test-ports.js';
import { OVERLAPS_JS, launchChromium, stateJs, stateOf, status, until, viewUntil } from './page-probes.js';

/**
 * The dashboard's views whose assertions wait for what the page shows, not for a wall-clock bound: they
 * run beside the other integration files (`dashboard-browser.test.ts` keeps those bound by the clock).
 */

const brokers = inject('kafkaBrokers');

let browser: Browser | undefined;
let quiet: CliProcess | undefined;
let universeRun: PipelineRun | undefined;
let universeDashboard: CliProcess | undefined;
let venuesRun: PipelineRun | undefined;
let venuesDashboard: CliProcess | undefined;
afterAll(async () => {
  if (venuesDashboard !== undefined) await venuesDashboard.stop('SIGKILL');
  await venuesRun?.close();
  if (universeDashboard !== undefined) await universeDashboard.stop('SIGKILL');
  await universeRun?.close();
  await browser?.close();
  if (quiet !== undefined) await quiet.stop('SIGKILL');
});

describe('market-feed dashboard views in a real browser (simulator -> run -> Kafka -> dashboard -> Chromium)', () => {
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
    browser ??= await launchChromium();
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

  it('follows a simulated universe through run --instruments all: instruments and shards on the page, and a stalled venue failing its shards over one by one', async () => {
    universeRun = await startPipeline({
      brokers,
      simulator: { universe: { instruments: 2600, tradesPerSecond: 600, seed: 11 }, port: DASHBOARD_TEST_PORTS.universeSimulator },
      argsOf: (sim) => [
        '--instruments',
        'all',
        '--quotes',
        'USDT,USDC',
        '--venues',
        'bybit,binance',
        '--bybit-rest-url',
        sim.restUrl,
        '--klines',
        'false',
        '--failover-after-ms',
        '3000',
      ],
    });
    const pipeline = universeRun;
    universeDashboard = new CliProcess([
      'dashboard',
      '--port',
      String(DASHBOARD_TEST_PORTS.universeDashboard),
      '--brokers',
      brokers,
      '--kafka-topic-prefix',
      pipeline.prefix,
    ]);
    const url = String((await universeDashboard.waitForLog((line) => line.msg === 'dashboard listening'))['url']);
    browser ??= await launchChromium();
    const page = await browser.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(String(error)));
    await page.setViewport({ width: 1440, height: 960 });
    await page.goto(`${url}?coin=BTC`, { waitUntil: 'load' });
    const shardsJs = (venue: string): string =>
      `Object.fromEntries([...document.querySelectorAll('tr.venue-row[data-venue="${venue}"] .shards .count')].map((c) => [c.dataset.state, Number(c.dataset.count)]))`;
    const countsOf = async (venue: string): Promise<Readonly<Record<string, number>>> => (await page.evaluate(shardsJs(venue))) as Record<string, number>;
    // Every instrument listed, each venue's shards subscribed (Binance holds the shards of its own listings).
    await until(page, `document.querySelector('#table-count').textContent === '50 busiest of 2,600 instruments'`, 60_000);
    await until(page, `${stateJs('bybit')} === 'subscribed' && ${stateJs('binance')} === 'subscribed'`, 60_000);
    const before = { bybit: await countsOf('bybit'), binance: await countsOf('binance') };
    expect(before.bybit['subscribed'], JSON.stringify(before)).toBeGreaterThan(1);
    expect(await page.evaluate(`document.querySelector('#detail-title').textContent`)).toMatch(/^BTC-(USDT|USDC): /);
    // The busiest first: the universe's head (BTC, ETH ...) at the top, rates falling down the table.
    await until(page, `Number(document.querySelector('#instruments tbody tr .rate').textContent) > 5`, 30_000);
    const rates = (await page.evaluate(`[...document.querySelectorAll('#instruments tbody tr .rate')].map((r) => Number(r.textContent))`)) as number[];
    expect(
      rates.every((r, i) => i === 0 || r <= (rates[i - 1] ?? 0) + 0.05),
      JSON.stringify(rates),
    ).toBe(true);

    // Bybit goes silent: its shards go stale, then each fails over on its own (the ones only Bybit lists have nowhere to go).
    expect((await fetch(`${pipeline.sim.controlUrl}/bybit/stall`, { method: 'POST' })).status).toBe(200);
    await until(page, `(${shardsJs('bybit')}).failed_over > 0`, 60_000);
    await until(page, `(${shardsJs('bybit')}).subscribed === undefined && (${shardsJs('bybit')}).stale === undefined`, 60_000);
    const after = { bybit: await countsOf('bybit'), binance: await countsOf('binance') };
    const total = (counts: Readonly<Record<string, number>>): number => Object.values(counts).reduce((a, b) => a + b, 0);
    expect(total(after.bybit), JSON.stringify({ before, after })).toBe(before.bybit['subscribed']);
    expect(after.binance['subscribed'], JSON.stringify({ before, after })).toBe((before.binance['subscribed'] ?? 0) + (after.bybit['failed_over'] ?? 0));
    expect(await stateOf(page, 'bybit')).toMatch(/^(failed_over|partial)$/);
    // Only a shard's own timeline carries its failover.
    await page.click('tr.venue-row[data-venue="bybit"]');
    await until(page, `document.querySelectorAll('tr.shard-row[data-venue="bybit"]').length === ${before.bybit['subscribed']}`, 5000);
    const marks = (await page.evaluate(
      `[...document.querySelectorAll('tr.shard-row[data-venue="bybit"]')].map((r) => [r.querySelector('.state').dataset.state, r.querySelectorAll('svg line.mark').length])`,
    )) as [string, number][];
    expect(
      marks.filter(([state]) => state === 'failed_over').every(([, n]) => n === 1),
      JSON.stringify(marks),
    ).toBe(true);
    expect(pageErrors).toEqual([]);
    await universeDashboard.stop('SIGTERM');
    universeDashboard = undefined;
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
    browser ??= await launchChromium();
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
