import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { CliProcess } from '../support/cli-process.js';
import { metricValue, readAfterStall, startPipeline, type PipelineRun } from './pipeline-harness.js';
import { deadLettersBefore, repeatedStates } from './status-rules.js';

const brokers = inject('kafkaBrokers');
let run: PipelineRun | undefined;
afterEach(async () => {
  await run?.close();
  run = undefined;
});

describe('market-feed run (simulator -> pipeline process -> real Kafka)', () => {
  it('publishes trades, ticks, book tickers, stats and status that match what the simulator sent', async () => {
    run = await startPipeline({ brokers });
    const { sim, cli } = run;
    await cli.waitForLog((line) => (line['status'] as { state?: string } | undefined)?.state === 'subscribed');
    await sleep(4000);

    sim.control.stall('bybit');
    await readAfterStall(run.healthUrl, 'bybit', { minMs: 1000 });
    const metrics = await (await fetch(`${run.healthUrl}/metrics`)).text();
    expect(await cli.stop('SIGTERM')).toBe(0);

    const records = await run.read();
    const trades = records['trade'] ?? [];
    const sent = sim.control.sentTrades('bybit');
    expect(sent.length).toBeGreaterThan(50);
    const published = new Map(trades.map((t) => [`${String(t.value['symbol'])}/${String(t.value['tradeId'])}`, t]));
    expect(published.size).toBe(trades.length);
    for (const s of sent) {
      const trade = published.get(`${s.symbol}/${s.tradeId}`);
      expect(trade, `trade ${s.symbol}/${s.tradeId} sent by the simulator`).toBeDefined();
      expect(trade?.value['exchangeTs']).toBe(s.ts);
      expect(trade?.key).toBe(s.symbol === 'BTCUSDT' ? 'BTC-USDT' : 'ETH-USDT');
    }
    for (const t of trades) {
      expect(t.value).toMatchObject({ exchange: 'bybit', quote: 'USDT', isFallback: false, env: 'prod' });
      expect(['BUY', 'SELL']).toContain(t.value['side']);
      expect(t.value['isBuyerMaker']).toBe(t.value['side'] === 'SELL');
      expect([t.encoding, t.headers]).toEqual(['single-object', {}]);
    }

    const ticks = records['price_tick'] ?? [];
    expect(new Set(ticks.map((t) => t.value['symbol']))).toEqual(new Set(['BTCUSDT', 'ETHUSDT']));
    for (const t of ticks) expect(Number(t.value['price'])).toBeGreaterThan(0);
    const books = records['book_ticker'] ?? [];
    expect(books.length).toBeGreaterThan(0);
    for (const b of books) expect(Number(b.value['bid'])).toBeLessThan(Number(b.value['ask']));

    // Every trade is counted in exactly one 1 s window of its symbol (the last one is flushed at shutdown).
    const stats = records['window_stats'] ?? [];
    expect(stats.filter((s) => s.value['complete'] === true && Number(s.value['tradeCount']) > 0).length).toBeGreaterThan(2);
    for (const symbol of ['BTCUSDT', 'ETHUSDT']) {
      const windows = stats.filter((s) => s.value['symbol'] === symbol);
      const symbolTrades = trades.filter((t) => t.value['symbol'] === symbol);
      expect(windows.reduce((n, s) => n + Number(s.value['tradeCount']), 0)).toBe(symbolTrades.length);
      const volume = symbolTrades.reduce((sum, t) => sum + Number(t.value['quantity']), 0);
      expect(windows.reduce((sum, s) => sum + Number(s.value['volume']), 0)).toBeCloseTo(volume, 9);
    }

    const states = (records['feed_status'] ?? []).map((s) => s.value['state']);
    expect(states).toEqual(expect.arrayContaining(['connecting', 'connected', 'subscribed']));
    expect(deadLettersBefore(records['dead_letter'])).toEqual([]);
    expect(repeatedStates((records['feed_status'] ?? []).map((s) => s.value))).toEqual([]);

    expect(metricValue(metrics, 'market_feed_events_in_total', { type: 'trade' })).toBe(trades.length);
    expect(metricValue(metrics, 'market_feed_records_out_total', { topic: `${run.prefix}market.trades.v1` })).toBe(trades.length);
    expect(metricValue(metrics, 'market_feed_receive_to_ack_seconds_count', { topic: `${run.prefix}market.trades.v1` })).toBe(trades.length);
    expect(metricValue(metrics, 'market_feed_exchange_to_receive_seconds_count', { exchange: 'bybit' })).toBeGreaterThan(trades.length);
    expect(metricValue(metrics, 'market_feed_events_in_total', { exchange: 'bybit', type: 'price_tick' })).toBeGreaterThanOrEqual(1);
  });

  it('exits 2 and names the key for an invalid configuration value', async () => {
    const flag = new CliProcess(['run', '--stale-after-ms', 'soon']);
    expect(await flag.exited).toBe(2);
    expect(flag.stderrText).toContain('feed.staleAfterMs');
    expect(flag.stderrText).toContain('--stale-after-ms');

    const env = new CliProcess(['run'], { KAFKA_BROKERS: 'not a broker' });
    expect(await env.exited).toBe(2);
    expect(env.stderrText).toContain('kafka.brokers');
    expect(env.stderrText).toContain('KAFKA_BROKERS');
  });

  it('lists every option with its default on --help', async () => {
    const help = new CliProcess(['run', '--help']);
    expect(await help.exited).toBe(0);
    expect(help.stdout).toContain('--stale-after-ms');
    expect(help.stdout).toContain('default 5000');
  });
});
