import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { GATE_CONNECTION_LIMITS } from '../../src/exchanges/gate/gate-limits.js';
import { stateOf } from '../support/cli-process.js';
import type { ConsumedRecord } from '../support/topic-reader.js';
import { readAfterStall, startPipeline, type PipelineRun } from './pipeline-harness.js';
import { deadLettersBefore, repeatedStates } from './status-rules.js';
import { expectListedMarketFollowed, startListedMarket, type ListedMarket } from './listed-market.js';
import { QUICK_FAILOVER_ARGS, liquidationSwings, expectTradesOnTape, holeAndRepair, missingWhileServed, stallAndRecover } from './venue-tape.js';

const brokers = inject('kafkaBrokers');
let run: PipelineRun | undefined;
afterEach(async () => {
  await run?.close();
  run = undefined;
});

const value = (record: ConsumedRecord, field: string): unknown => record.value[field];

describe('Gate spot and USDT futures (simulator -> pipeline process -> real Kafka)', () => {
  it("fails a stalled Gate shard over to Bybit and back; a skipped book update resyncs that book only, from a new REST snapshot; every trade is one the venues made, none twice, none of Gate's missing while it served", async () => {
    run = await startPipeline({
      brokers,
      simulator: { venues: ['gate', 'bybit'], coins: ['BTC', 'ETH'], quote: 'USDT', tradesPerSecond: 10 },
      args: ['--venues', 'gate,bybit', '--books', 'all', ...QUICK_FAILOVER_ARGS],
    });
    const { sim, cli } = run;
    await cli.waitForLog((line) => stateOf(line) === 'subscribed', 15_000);
    await sleep(2000);
    expect(deadLettersBefore((await run.read())['dead_letter'])).toEqual([]);
    // A change of BTC_USDT's book never sent: the next push's U is past the last u + 1.
    sim.control.bookFault('gate', 'drop', 'BTC_USDT');
    await cli.waitForLog((line) => stateOf(line) === 'book_resync', 10_000);
    await stallAndRecover(run, 'gate', { beforeMs: 1000, holdMs: 3000, settleMs: 2000 });

    const records = await run.read();
    const statuses = (records['feed_status'] ?? []).map((s) => s.value);
    expect(statuses.find((s) => s['state'] === 'failover')).toMatchObject({ fromExchange: 'gate', toExchange: 'bybit' });
    expect(statuses.find((s) => s['state'] === 'switch_back')).toMatchObject({ fromExchange: 'bybit', toExchange: 'gate' });
    const resyncs = statuses.filter((s) => s['state'] === 'book_resync' && s['exchange'] === 'gate' && !String(s['reason']).includes('reconnect'));
    expect(resyncs.map((s) => s['symbol'])).toEqual(['BTC_USDT']);
    expect(String(resyncs[0]?.['reason'])).toMatch(/^gap: /);
    expect((records['dead_letter'] ?? []).map((d) => d.value)).toEqual([]);
    expect(repeatedStates(statuses)).toEqual([]);
    const books = (records['book_snapshot'] ?? []).filter((b) => value(b, 'exchange') === 'gate');
    for (const symbol of ['BTC_USDT', 'ETH_USDT']) expect(books.some((b) => value(b, 'symbol') === symbol)).toBe(true);

    const trades = records['trade'] ?? [];
    expectTradesOnTape(trades, sim.control, ['gate', 'bybit']);
    for (const t of trades) expect(t.value).toMatchObject({ quote: 'USDT', isFallback: value(t, 'exchange') !== 'gate' });
    for (const key of ['BTC-USDT', 'ETH-USDT']) expect(missingWhileServed(run, trades, 'gate', key), key).toEqual([]);
    const btc = trades.filter((t) => t.key === 'BTC-USDT').map((t) => String(value(t, 'exchange')));
    expect(btc.filter((exchange, i) => i === 0 || btc[i - 1] !== exchange)).toEqual(['gate', 'bybit', 'gate']);
  });

  it("names a Gate socket's hole by time and repairs it from each instrument's latest trades: every trade from each instrument's first to its last once, each gap said repaired", async () => {
    run = await startPipeline({
      brokers,
      simulator: { venues: ['gate'], coins: ['BTC', 'ETH'], quote: 'USDT', tradesPerSecond: 20 },
      args: ['--venues', 'gate'],
    });
    await holeAndRepair(run, 'gate', { subscribedWithinMs: 15_000, beforeMs: 1500, settleMs: 1500 });

    const records = await run.read();
    const statuses = (records['feed_status'] ?? []).map((s) => s.value);
    const gaps = statuses.filter((s) => s['state'] === 'gap');
    expect(gaps.length).toBeGreaterThanOrEqual(1);
    expect(statuses.filter((s) => s['state'] === 'gap_unrepaired')).toEqual([]);
    expect(statuses.filter((s) => s['state'] === 'gap_repaired')).toHaveLength(gaps.length);
    expect((records['dead_letter'] ?? []).map((d) => d.value)).toEqual([]);
    expect(repeatedStates(statuses)).toEqual([]);
    const trades = records['trade'] ?? [];
    expectTradesOnTape(trades, run.sim.control, ['gate']);
    for (const key of ['BTC-USDT', 'ETH-USDT']) {
      expect(trades.filter((t) => t.key === key).length, key).toBeGreaterThan(40);
      expect(missingWhileServed(run, trades, 'gate', key), key).toEqual([]);
    }
    expect(trades.some((t) => value(t, 'source') === 'repair')).toBe(true);
  });

  it("fails a stalled USDT futures shard over to Bybit linear and back, keyed as perpetuals: trades in the coin as the venues made them, none of Gate's missing while it served, derivative tickers, nothing said unserved, bad frames dead-lettered only once sent", async () => {
    run = await startPipeline({
      brokers,
      simulator: { venues: ['gate_futures', 'bybit_linear'], coins: ['BTC', 'ETH'], quote: 'USDT', tradesPerSecond: 10 },
      args: ['--markets', 'linear', '--venues', 'gate_futures,bybit_linear', ...QUICK_FAILOVER_ARGS],
    });
    const { sim, cli } = run;
    await cli.waitForLog((line) => stateOf(line) === 'subscribed', 15_000);
    await sleep(2000);
    const goodUntil = Date.now();
    sim.control.sendMalformed('gate_futures', 6);
    await stallAndRecover(run, 'gate_futures', { beforeMs: 1000, holdMs: 3000, settleMs: 2000 });

    const records = await run.read();
    expect(deadLettersBefore(records['dead_letter'], goodUntil)).toEqual([]);
    expect(deadLettersBefore(records['dead_letter']).length).toBeGreaterThanOrEqual(1);
    const statuses = (records['feed_status'] ?? []).map((s) => s.value);
    expect(repeatedStates(statuses)).toEqual([]);
    expect(statuses.find((s) => s['state'] === 'failover')).toMatchObject({ fromExchange: 'gate_futures', toExchange: 'bybit_linear' });
    expect(statuses.find((s) => s['state'] === 'switch_back')).toMatchObject({ fromExchange: 'bybit_linear', toExchange: 'gate_futures' });
    expect(statuses.filter((s) => s['state'] === 'unserved' && s['exchange'] === 'gate_futures')).toEqual([]);
    const trades = records['trade'] ?? [];
    expectTradesOnTape(trades, sim.control, ['gate_futures', 'bybit_linear']);
    expect(new Set(trades.map((t) => t.key))).toEqual(new Set(['BTC-USDT-PERP', 'ETH-USDT-PERP']));
    for (const key of ['BTC-USDT-PERP', 'ETH-USDT-PERP']) expect(missingWhileServed(run, trades, 'gate_futures', key), key).toEqual([]);
    const btc = trades.filter((t) => t.key === 'BTC-USDT-PERP').map((t) => String(value(t, 'exchange')));
    expect(btc.filter((exchange, i) => i === 0 || btc[i - 1] !== exchange)).toEqual(['gate_futures', 'bybit_linear', 'gate_futures']);
    const tickers = (records['derivative_ticker'] ?? []).filter((t) => t.key === 'BTC-USDT-PERP' && value(t, 'exchange') === 'gate_futures');
    expect(tickers.at(-1)?.value).toMatchObject({
      markPrice: expect.any(Number) as number,
      indexPrice: expect.any(Number) as number,
      fundingRate: expect.any(Number) as number,
      openInterest: expect.any(Number) as number,
    });
  });

  it('publishes every liquidation the simulated Gate futures sent, once, in the coin, each as the venue made it', async () => {
    run = await startPipeline({
      brokers,
      simulator: { venues: ['gate_futures'], coins: ['BTC', 'ETH'], quote: 'USDT', tradesPerSecond: 20 },
      args: ['--markets', 'linear', '--venues', 'gate_futures'],
    });
    const { sim, cli } = run;
    await liquidationSwings(run, 'gate_futures');
    // Silent before the stop, so that no liquidation is on the wire when the sockets close: each one written is read first.
    sim.control.stall('gate_futures');
    await readAfterStall(run.healthUrl, 'gate_futures', { types: ['trade', 'liquidation'] });
    expect(await cli.stop('SIGTERM')).toBe(0);

    const sent = sim.control.liquidations('gate_futures').filter((l) => l.sentTo.length > 0);
    expect(sent.length).toBeGreaterThan(5);
    expect(new Set(sent.map((l) => l.position))).toEqual(new Set(['long', 'short']));
    const records = await run.read();
    expect((records['dead_letter'] ?? []).map((d) => d.value)).toEqual([]);
    const statuses = (records['feed_status'] ?? []).map((s) => s.value);
    expect(statuses.filter((s) => s['state'] === 'unserved')).toEqual([]);
    // The venue wrote contracts (BTC 0.0001, ETH 0.01 a contract); the records carry what it made, in the coin.
    const keyOf = (l: { symbol: unknown; ts: unknown; side: unknown; price: unknown; quantity: unknown }): string =>
      `${String(l.symbol)} ${String(l.ts)} ${String(l.side)} ${Number(l.price).toFixed(8)} ${Number(l.quantity).toFixed(8)}`;
    const wrote = sent.map((l) =>
      keyOf({ symbol: l.symbol, ts: l.ts, side: l.position === 'long' ? 'LONG' : 'SHORT', price: l.price.toFixed(l.priceDecimals), quantity: l.quantity }),
    );
    const published = (records['liquidation'] ?? []).map((r) => r.value);
    const got = published.map((l) => keyOf({ symbol: l['symbol'], ts: l['exchangeTs'], side: l['positionSide'], price: l['price'], quantity: l['quantity'] }));
    expect([...got].sort()).toEqual([...wrote].sort());
    for (const l of published) expect(l).toMatchObject({ exchange: 'gate_futures', sampled: true, instrument: `${String(l['coin'])}-USDT-PERP` });
  });

  it("follows Gate's whole listed spot market over shards within its limits: every instrument subscribed, every trade it sent while subscribed published, no request refused", async () => {
    // Gate (docs "Rate Limits"): 300 connections an IP, nothing else capped on a public socket (the client holds 400 topics a connection).
    const market: ListedMarket = { venue: 'gate', limits: GATE_CONNECTION_LIMITS, topicsPerInstrument: 3, maxConnectionsPerIp: 300, seed: 19 };
    run = await startListedMarket(brokers, market);
    await expectListedMarketFollowed(run, market);
  }, 240_000);
});
