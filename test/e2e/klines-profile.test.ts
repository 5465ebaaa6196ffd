import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { sinkTopics } from '../../src/sink/sink-topics.js';
import { CliProcess, stateOf } from '../support/cli-process.js';
import { metricValue, readAfterStall, startPipeline, type PipelineRun } from './pipeline-harness.js';

const brokers = inject('kafkaBrokers');
const MINUTE = 60_000;
let run: PipelineRun | undefined;
afterEach(async () => {
  await run?.close();
  run = undefined;
});

/** Waits until `ms` past the next minute boundary of the local clock (the simulator's and the pipeline's). */
const untilNextMinute = (ms: number): Promise<void> => sleep(MINUTE - (Date.now() % MINUTE) + ms);

/** `market-feed consume` of topics from the beginning: the decoded lines. */
async function consume(topics: readonly string[], max: number): Promise<readonly { topic: string; schema: string; value: Record<string, unknown> }[]> {
  const cli = new CliProcess(['consume', '--brokers', brokers, '--from-beginning', '--max', String(max), ...topics.flatMap((t) => ['--topic', t])]);
  const timer = setTimeout(() => cli.signal('SIGKILL'), 60_000);
  const exit = await cli.exited;
  clearTimeout(timer);
  expect(exit, cli.stderrText.slice(-2000)).toBe(0);
  return cli.stdout
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as { topic: string; schema: string; value: Record<string, unknown> });
}

describe('candles, aggregate trades and volume profiles (simulator -> run -> Kafka -> consume)', () => {
  it.each([
    ['--kline-interval', '2m', 'klines.interval'],
    ['--profile-value-area-pct', '0', 'profile.valueAreaPct'],
    ['--profile-ticks', 'BTC', 'profile.ticks'],
  ])('run exits 2 on %s %s, naming %s', async (flag, value, key) => {
    const cli = new CliProcess(['run', flag, value]);
    expect(await cli.exited).toBe(2);
    expect(cli.stderrText).toContain(`invalid ${key}`);
  });

  it('publishes Binance klines, aggregate trades apart from trades, and volume profiles that consume decodes', async () => {
    run = await startPipeline({
      brokers,
      args: ['--venues', 'binance', '--agg-trades', 'true', '--profile-window-ms', '2000', '--profile-ticks', 'BTC:0.01', '--profile-tick-multiple', '500'],
    });
    await run.cli.waitForLog((line) => stateOf(line) === 'subscribed');
    await sleep(5000);
    run.sim.control.stall('binance');
    await readAfterStall(run.healthUrl, 'binance', { minMs: 0 });
    expect(await run.cli.stop('SIGTERM')).toBe(0);
    const records = await run.read();

    // The simulator gives an aggTrade the id of its trade: both streams arrive whole, neither deduplicated away.
    const sent = run.sim.control.sentTrades('binance');
    const trades = new Set((records['trade'] ?? []).map((t) => `${String(t.value['symbol'])}/${String(t.value['tradeId'])}`));
    const aggTrades = new Set((records['agg_trade'] ?? []).map((t) => `${String(t.value['symbol'])}/${String(t.value['aggTradeId'])}`));
    expect(sent.length).toBeGreaterThan(50);
    for (const s of sent) {
      expect(trades.has(`${s.symbol}/${s.tradeId}`), `trade ${s.tradeId}`).toBe(true);
      expect(aggTrades.has(`${s.symbol}/${s.tradeId}`), `aggTrade ${s.tradeId}`).toBe(true);
    }
    expect((records['feed_status'] ?? []).filter((s) => s.value['state'] === 'gap' || s.value['state'] === 'duplicate_dropped')).toEqual([]);

    // Open 1-minute candles pushed every second, consistent with the trades of their minute so far.
    const klines = records['kline'] ?? [];
    expect(klines.length).toBeGreaterThan(4);
    for (const k of klines) {
      expect(k.value).toMatchObject({ exchange: 'binance', interval: '1m', intervalMs: MINUTE });
      expect(Number(k.value['closeTime']) - Number(k.value['openTime'])).toBe(MINUTE - 1);
      expect(Number(k.value['low'])).toBeLessThanOrEqual(Math.min(Number(k.value['open']), Number(k.value['close'])));
      expect(k.key).toBe(k.value['symbol'] === 'BTCUSDT' ? 'BTC-USDT' : 'ETH-USDT');
    }

    // 2 s profiles; BTC rows 5 USDT wide (tick 0.01 x 500), ETH 24 rows over its range.
    const profiles = records['volume_profile'] ?? [];
    const complete = profiles.filter((p) => p.value['complete'] === true);
    expect(complete.length).toBeGreaterThan(1);
    for (const p of profiles) {
      const bins = p.value['bins'] as { buyVolume: number; sellVolume: number; priceLow: number; priceHigh: number }[];
      const volume = bins.reduce((sum, b) => sum + b.buyVolume + b.sellVolume, 0);
      expect(volume).toBeCloseTo(Number(p.value['volume']), 9);
      expect(Number(p.value['valueAreaVolume'])).toBeGreaterThanOrEqual(0.7 * volume - 1e-9);
      expect(Number(p.value['valueAreaLow'])).toBeLessThanOrEqual(Number(p.value['pointOfControl']));
      expect(Number(p.value['valueAreaHigh'])).toBeGreaterThanOrEqual(Number(p.value['pointOfControl']));
      if (p.value['symbol'] === 'BTCUSDT') expect([p.value['binning'], p.value['binWidth']]).toEqual(['tick', 5]);
      else {
        // 24 rows over the window's range; a window whose trades all had one price is one row of width 0.
        expect(p.value['binning']).toBe('rows');
        const onePrice = bins.length === 1 && bins[0]?.priceLow === bins[0]?.priceHigh;
        expect(bins.length === 24 || onePrice, `${bins.length} rows`).toBe(true);
      }
    }
    // Each symbol's profiles hold exactly its trades' volume.
    for (const symbol of ['BTCUSDT', 'ETHUSDT']) {
      const traded = (records['trade'] ?? []).filter((t) => t.value['symbol'] === symbol).reduce((sum, t) => sum + Number(t.value['quantity']), 0);
      const profiled = profiles.filter((p) => p.value['symbol'] === symbol).reduce((sum, p) => sum + Number(p.value['volume']), 0);
      expect(profiled).toBeCloseTo(traded, 6);
    }

    const topics = sinkTopics(run.prefix).records;
    const decoded = await consume(
      [topics.kline, topics.agg_trade, topics.volume_profile],
      klines.length + (records['agg_trade'] ?? []).length + profiles.length,
    );
    expect(new Set(decoded.map((line) => line.schema))).toEqual(new Set(['marketfeed.v1.Kline', 'marketfeed.v1.AggTrade', 'marketfeed.v1.VolumeProfile']));
  });

  it('publishes Bybit klines and a data_mismatch for the candle the simulator skewed, and none for the others', async () => {
    run = await startPipeline({ brokers, args: ['--venues', 'bybit', '--stats-windows-ms', '60000'], simulator: { tradesPerSecond: 5 } });
    await run.cli.waitForLog((line) => stateOf(line) === 'subscribed');
    // The minute we subscribed in is an incomplete window; skew the candle of the first whole minute.
    await untilNextMinute(2000);
    const skewedMinute = Math.floor(Date.now() / MINUTE) * MINUTE;
    expect(run.sim.control.skewCandle('bybit', { pricePct: 2, volumePct: 50 }, 'BTCUSDT')).toEqual(['BTCUSDT']);
    const mismatch = await run.cli.waitForLog((line) => stateOf(line) === 'data_mismatch', 75_000);
    const exposition = await (await fetch(`${run.healthUrl}/metrics`)).text();
    expect(metricValue(exposition, 'market_feed_data_mismatches_total', { exchange: 'bybit' })).toBe(1);
    expect(await run.cli.stop('SIGTERM')).toBe(0);
    expect(mismatch['status']).toMatchObject({ exchange: 'bybit', symbol: 'BTCUSDT' });

    const records = await run.read();
    const closed = (records['kline'] ?? []).filter((k) => k.value['closed'] === true);
    expect(closed.map((k) => [k.value['symbol'], k.value['openTime']])).toContainEqual(['BTCUSDT', skewedMinute]);
    const mismatches = (records['feed_status'] ?? []).filter((s) => s.value['state'] === 'data_mismatch');
    expect(mismatches.map((s) => [s.value['symbol'], String(s.value['reason']).split(': ')[0]])).toEqual([
      ['BTCUSDT', `1m candle ${new Date(skewedMinute).toISOString()}`],
    ]);
    // +2 % on the venue's close: ours is about 196 bps under it, give or take one trade's step when the
    // minute's last trade reached us after the boundary (our windows go by arrival); +50 % volume is -33.3 %.
    const reason = String(mismatches[0]?.value['reason']);
    const close = /close ours ([\d.]+) vs venue ([\d.]+) \((-[\d.]+) bps\)/.exec(reason);
    expect(close, reason).not.toBeNull();
    const [ours, venue, bps] = [Number(close?.[1]), Number(close?.[2]), Number(close?.[3])];
    expect(venue / ours, reason).toBeGreaterThan(1.015);
    expect(venue / ours, reason).toBeLessThan(1.025);
    expect(bps, reason).toBeCloseTo(((ours - venue) / venue) * 1e4, 0);
    expect(reason).toMatch(/volume ours .* \(-33\.\d %\)/);
    const decoded = await consume([sinkTopics(run.prefix).records.feed_status], (records['feed_status'] ?? []).length);
    expect(decoded.filter((line) => line.value['state'] === 'data_mismatch')).toHaveLength(1);
  }, 240_000);
});
