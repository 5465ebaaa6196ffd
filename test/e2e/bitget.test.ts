import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { stateOf } from '../support/cli-process.js';
import type { ConsumedRecord } from '../support/topic-reader.js';
import { startPipeline, type PipelineRun } from './pipeline-harness.js';
import { QUICK_FAILOVER_ARGS, expectTradesOnTape, holeAndRepair, missingWhileServed, stallAndRecover } from './venue-tape.js';
import { deadLettersBefore, repeatedStates } from './status-rules.js';
import { expectListedMarketFollowed, startListedMarket, type ListedMarket } from './listed-market.js';
import { BITGET_CONNECTION_LIMITS } from '../../src/exchanges/bitget/bitget-limits.js';

const brokers = inject('kafkaBrokers');
let run: PipelineRun | undefined;
afterEach(async () => {
  await run?.close();
  run = undefined;
});

const value = (record: ConsumedRecord, field: string): unknown => record.value[field];

describe('Bitget spot and USDT-M futures (simulator -> pipeline process -> real Kafka)', () => {
  it("fails a stalled Bitget shard over to Bybit and back; a skipped seq and a wrong checksum each resync that book only; every trade is one the venues made, none twice, none of Bitget's missing while it served", async () => {
    run = await startPipeline({
      brokers,
      simulator: { venues: ['bitget', 'bybit'], coins: ['BTC', 'ETH'], quote: 'USDT', tradesPerSecond: 10 },
      args: ['--venues', 'bitget,bybit', '--books', 'all', ...QUICK_FAILOVER_ARGS],
    });
    const { sim, cli } = run;
    await cli.waitForLog((line) => stateOf(line) === 'subscribed', 15_000);
    await sleep(1500);
    // Nothing bad was sent: every frame so far was read.
    expect(deadLettersBefore((await run.read())['dead_letter'])).toEqual([]);
    // A change of BTCUSDT's book never sent: the next one's pseq is not the last seq.
    sim.control.bookFault('bitget', 'drop', 'BTCUSDT');
    await cli.waitForLog((line) => stateOf(line) === 'book_resync', 10_000);
    // An update of ETHUSDT's book whose checksum is not its book's.
    sim.control.bookFault('bitget', 'checksum', 'ETHUSDT');
    await cli.waitForLog((line) => stateOf(line) === 'book_resync' && (line['status'] as { symbol?: string } | undefined)?.symbol === 'ETHUSDT', 10_000);
    await stallAndRecover(run, 'bitget', { beforeMs: 1000, holdMs: 3000, settleMs: 2000 });

    const records = await run.read();
    const statuses = (records['feed_status'] ?? []).map((s) => s.value);
    expect(statuses.find((s) => s['state'] === 'failover')).toMatchObject({ fromExchange: 'bitget', toExchange: 'bybit' });
    expect(statuses.find((s) => s['state'] === 'switch_back')).toMatchObject({ fromExchange: 'bybit', toExchange: 'bitget' });
    const resyncs = statuses.filter((s) => s['state'] === 'book_resync' && s['exchange'] === 'bitget' && !String(s['reason']).includes('reconnect'));
    expect(resyncs.map((s) => s['symbol'])).toEqual(['BTCUSDT', 'ETHUSDT']);
    expect(String(resyncs[0]?.['reason'])).toMatch(/^gap: expected prevSeqId \d+, got \d+/);
    expect(String(resyncs[1]?.['reason'])).toMatch(/^checksum: expected -?\d+, computed -?\d+/);
    expect((records['dead_letter'] ?? []).map((d) => d.value)).toEqual([]);
    expect(repeatedStates(statuses)).toEqual([]);
    const books = (records['book_snapshot'] ?? []).filter((b) => value(b, 'exchange') === 'bitget');
    for (const symbol of ['BTCUSDT', 'ETHUSDT']) expect(books.some((b) => value(b, 'symbol') === symbol)).toBe(true);

    const trades = records['trade'] ?? [];
    expectTradesOnTape(trades, sim.control, ['bitget', 'bybit']);
    for (const t of trades) expect(t.value).toMatchObject({ quote: 'USDT', isFallback: value(t, 'exchange') !== 'bitget' });
    for (const key of ['BTC-USDT', 'ETH-USDT']) expect(missingWhileServed(run, trades, 'bitget', key), key).toEqual([]);
    const btc = trades.filter((t) => t.key === 'BTC-USDT').map((t) => String(value(t, 'exchange')));
    expect(btc.filter((exchange, i) => i === 0 || btc[i - 1] !== exchange)).toEqual(['bitget', 'bybit', 'bitget']);
  });

  it("follows Bitget's whole listed spot market over shards within its limits: every instrument subscribed, every trade it sent while subscribed published, no request refused", async () => {
    // Bitget (docs "Websocket API"): 1,000 channels a connection (the client holds 400), 10 messages a second, 100 connections an IP, 240 subscribe requests an hour a connection.
    const market: ListedMarket = {
      venue: 'bitget',
      limits: BITGET_CONNECTION_LIMITS,
      topicsPerInstrument: 3,
      maxMessagesPerSecond: 10,
      maxConnectionsPerIp: 100,
      subscribeRequestsPerHour: 240,
      seed: 17,
    };
    run = await startListedMarket(brokers, market);
    await expectListedMarketFollowed(run, market);
  }, 240_000);

  it("names a Bitget socket's hole by time and repairs it from each symbol's latest trades: every trade from each instrument's first to its last once, each gap said repaired", async () => {
    run = await startPipeline({
      brokers,
      simulator: { venues: ['bitget'], coins: ['BTC', 'ETH'], quote: 'USDT', tradesPerSecond: 20 },
      args: ['--venues', 'bitget'],
    });
    await holeAndRepair(run, 'bitget', { subscribedWithinMs: 15_000, beforeMs: 1500, settleMs: 1500 });

    const records = await run.read();
    const statuses = (records['feed_status'] ?? []).map((s) => s.value);
    const gaps = statuses.filter((s) => s['state'] === 'gap');
    expect(gaps.length).toBeGreaterThanOrEqual(1);
    expect(statuses.filter((s) => s['state'] === 'gap_unrepaired')).toEqual([]);
    expect(statuses.filter((s) => s['state'] === 'gap_repaired')).toHaveLength(gaps.length);
    expect((records['dead_letter'] ?? []).map((d) => d.value)).toEqual([]);
    expect(repeatedStates(statuses)).toEqual([]);
    const trades = records['trade'] ?? [];
    expectTradesOnTape(trades, run.sim.control, ['bitget']);
    for (const key of ['BTC-USDT', 'ETH-USDT']) {
      expect(trades.filter((t) => t.key === key).length, key).toBeGreaterThan(40);
      expect(missingWhileServed(run, trades, 'bitget', key), key).toEqual([]);
    }
    expect(trades.some((t) => value(t, 'source') === 'repair')).toBe(true);
  });

  it("fails a stalled USDT-M shard over to Bybit linear and back, keyed as perpetuals: trades as the venues made them in the coin, none of Bitget's missing while it served, derivative tickers from the ticker, no liquidations said once as unserved, bad frames dead-lettered only once sent", async () => {
    run = await startPipeline({
      brokers,
      simulator: { venues: ['bitget_futures', 'bybit_linear'], coins: ['BTC', 'ETH'], quote: 'USDT', tradesPerSecond: 10 },
      args: ['--markets', 'linear', '--venues', 'bitget_futures,bybit_linear', ...QUICK_FAILOVER_ARGS],
    });
    const { sim, cli } = run;
    await cli.waitForLog((line) => stateOf(line) === 'subscribed', 15_000);
    await sleep(2000);
    const goodUntil = Date.now();
    sim.control.sendMalformed('bitget_futures', 6);
    await stallAndRecover(run, 'bitget_futures', { beforeMs: 1000, holdMs: 3000, settleMs: 2000 });

    const records = await run.read();
    expect(deadLettersBefore(records['dead_letter'], goodUntil)).toEqual([]);
    expect(deadLettersBefore(records['dead_letter']).length).toBeGreaterThanOrEqual(1);
    const statuses = (records['feed_status'] ?? []).map((s) => s.value);
    expect(repeatedStates(statuses)).toEqual([]);
    expect(statuses.find((s) => s['state'] === 'failover')).toMatchObject({ fromExchange: 'bitget_futures', toExchange: 'bybit_linear' });
    expect(statuses.find((s) => s['state'] === 'switch_back')).toMatchObject({ fromExchange: 'bybit_linear', toExchange: 'bitget_futures' });
    const unserved = statuses.filter((s) => s['state'] === 'unserved' && s['exchange'] === 'bitget_futures' && s['symbol'] === null);
    expect(unserved.map((s) => s['reason'])).toEqual([expect.stringContaining('no liquidations')]);
    const trades = records['trade'] ?? [];
    expectTradesOnTape(trades, sim.control, ['bitget_futures', 'bybit_linear']);
    expect(new Set(trades.map((t) => t.key))).toEqual(new Set(['BTC-USDT-PERP', 'ETH-USDT-PERP']));
    for (const t of trades) expect(t.value).toMatchObject({ quote: 'USDT', isFallback: value(t, 'exchange') !== 'bitget_futures' });
    for (const key of ['BTC-USDT-PERP', 'ETH-USDT-PERP']) expect(missingWhileServed(run, trades, 'bitget_futures', key), key).toEqual([]);
    const btc = trades.filter((t) => t.key === 'BTC-USDT-PERP').map((t) => String(value(t, 'exchange')));
    expect(btc.filter((exchange, i) => i === 0 || btc[i - 1] !== exchange)).toEqual(['bitget_futures', 'bybit_linear', 'bitget_futures']);
    const tickers = (records['derivative_ticker'] ?? []).filter((t) => t.key === 'BTC-USDT-PERP' && value(t, 'exchange') === 'bitget_futures');
    expect(tickers.at(-1)?.value).toMatchObject({
      markPrice: expect.any(Number) as number,
      indexPrice: expect.any(Number) as number,
      fundingRate: expect.any(Number) as number,
      openInterest: expect.any(Number) as number,
    });
  });
});
