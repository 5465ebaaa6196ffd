import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { metricValue, startPipeline, type PipelineRun } from './pipeline-harness.js';

import { INSTRUMENTS, caughtUpTo, REFRESH_MS, UNIVERSE_ARGS, listings, metrics, stateOf, stopCleanly, waitForSubscribedShards } from './universe-run.js';

describe('the whole market: a simulated universe of 2,600 instruments on Bybit and Binance', () => {
  const brokers = inject('kafkaBrokers');
  let run: PipelineRun | undefined;

  afterEach(async () => {
    await run?.close();
    run = undefined;
  });

  it("serves every instrument from the first venue that lists it, within the venues' limits, follows a listing within one refresh and drops a delisting with a status", async () => {
    run = await startPipeline({
      brokers,
      simulator: { universe: { instruments: INSTRUMENTS, tradesPerSecond: 600, seed: 11 } },
      argsOf: (sim) => UNIVERSE_ARGS(sim.restUrl),
    });
    const { sim } = run;
    const bybit = listings(sim, 'bybit');
    const binance = listings(sim, 'binance');
    const all = new Set([...bybit.keys(), ...binance.keys()]);
    expect(all.size).toBe(INSTRUMENTS);

    const subscribeMs = await waitForSubscribedShards(run, INSTRUMENTS, 120_000);
    const subscribedAt = Date.now();
    process.stderr.write(`universe: every shard subscribed ${subscribeMs} ms after start-up\n`);

    // A listing on Binance only, and a delisting of an instrument Bybit alone lists.
    const listed = sim.control.list('binance', 'NEWCOIN', 'USDT', { tradesPerSecond: 5 });
    const listedAt = Date.now();
    const bybitOnly = [...bybit].find(([key]) => !binance.has(key));
    if (bybitOnly === undefined) throw new Error('no Bybit-only instrument in the universe');
    const [delistedKey, delistedSymbol] = bybitOnly;
    sim.control.delist('bybit', delistedSymbol);
    const delistedAt = Date.now();
    await sleep(REFRESH_MS + 15_000);
    // The shards' instruments on /metrics: one listed, one delisted (a socket that only unsubscribes says so too).
    expect(metricValue(await metrics(run), 'market_feed_shard_instruments')).toBe(INSTRUMENTS);
    // The cutoff: both venues stop trading (every symbol, NEWCOIN too), so that what they sent is final and
    // the pipeline is waited for until it took in all of it (see `caughtUpTo`).
    for (const venue of ['bybit', 'binance'] as const) sim.control.setTradeRate(venue, 0);
    const stopAt = Date.now();
    await caughtUpTo(run, ['bybit', 'binance']);
    await stopCleanly(run);
    const records = await run.read();
    const trades = records['trade'] ?? [];
    const statuses = records['feed_status'] ?? [];

    // Every instrument is served from the first venue (of bybit, binance) that lists it, never as a fallback.
    const byInstrument = new Map<string, Set<string>>();
    for (const trade of trades) {
      const key = trade.key;
      const venues = byInstrument.get(key) ?? new Set<string>();
      venues.add(`${String(trade.value['exchange'])}${trade.value['isFallback'] === true ? ' fallback' : ''}`);
      byInstrument.set(key, venues);
    }
    for (const [key, venues] of byInstrument) {
      if (key === `NEWCOIN-USDT`) continue;
      expect([...venues], key).toEqual([bybit.has(key) ? 'bybit' : 'binance']);
    }

    // Every trade the simulator sent reached Kafka: with no fault, the pipeline holds sockets on primary venues only
    // (a Bybit-first shard opens Binance only to fail over), so everything sent was sent to a socket it reads.
    const seen = new Set(trades.map((t) => `${String(t.value['exchange'])}/${String(t.value['symbol'])}/${String(t.value['tradeId'])}`));
    for (const venue of ['bybit', 'binance'] as const) {
      const sent = sim.control.sentTrades(venue).filter((t) => t.ts >= subscribedAt && t.ts < stopAt);
      expect(sent.length, venue).toBeGreaterThan(100);
      const missing = sent.filter((t) => !seen.has(`${venue}/${t.symbol}/${t.tradeId}`));
      expect(missing.slice(0, 5), `${venue}: ${missing.length} of ${sent.length} sent trades missing`).toEqual([]);
    }
    // Every instrument that traded on its primary venue after subscription is in Kafka (the busy and the long tail alike).
    const tradedSymbols = new Set(
      (['bybit', 'binance'] as const).flatMap((venue) =>
        sim.control
          .sentTrades(venue)
          .filter((t) => t.ts >= subscribedAt && t.ts < stopAt)
          .map((t) => `${venue}/${t.symbol}`),
      ),
    );
    const inKafka = new Set(trades.map((t) => `${String(t.value['exchange'])}/${String(t.value['symbol'])}`));
    expect([...tradedSymbols].filter((s) => !inKafka.has(s))).toEqual([]);
    // The long tail trades rarely: about half the instruments trade within these 25 s.
    expect(inKafka.size).toBeGreaterThan(INSTRUMENTS / 4);

    // The venues' limits held: no refusal of any kind, no connection over its cap, attempts within the window.
    for (const venue of ['bybit', 'binance'] as const) {
      const counters = sim.control.counters(venue);
      expect(counters.refusals, venue).toEqual({ connectionAttempts: 0, topicsPerConnection: 0, messageRate: 0, argsPerRequest: 0, argsChars: 0, restRate: 0 });
    }
    expect(sim.control.counters('binance').maxTopicsPerConnection).toBeLessThanOrEqual(1024);
    expect(sim.control.counters('binance').maxMessagesPerSecond).toBeLessThanOrEqual(5);
    expect(sim.control.counters('bybit').maxArgsCharsPerConnection).toBeLessThanOrEqual(21_000);

    // The listing: named, and its trades published from Binance within one refresh of listing.
    expect(statuses.some((s) => stateOf(s) === 'listed' && s.value['symbol'] === listed.symbol && s.value['exchange'] === 'binance')).toBe(true);
    const newcoin = trades.filter((t) => t.key === 'NEWCOIN-USDT');
    expect(newcoin.length).toBeGreaterThan(0);
    expect(newcoin.every((t) => t.value['exchange'] === 'binance')).toBe(true);
    expect(Math.min(...newcoin.map((t) => Number(t.value['receivedTs']))) - listedAt).toBeLessThan(REFRESH_MS + 5_000);

    // The delisting: named with its venue and symbol, and nothing of it published a second after the status.
    const delisted = statuses.find((s) => stateOf(s) === 'delisted' && s.value['symbol'] === delistedSymbol);
    expect(delisted, `delisted ${delistedKey}`).toBeDefined();
    const delistedTs = Number(delisted?.value['ts']);
    expect(delistedTs - delistedAt).toBeLessThan(REFRESH_MS + 5_000);
    expect(trades.filter((t) => t.key === delistedKey && Number(t.value['receivedTs']) > delistedTs + 1000)).toEqual([]);
  }, 300_000);

  it('fails over one stalled connection shard alone, naming it, and brings it back after the switch-back hold; the other shards keep their venue', async () => {
    const timings = ['--stale-after-ms', '2000', '--failover-after-ms', '2000', '--switch-back-after-ms', '5000', '--probe-interval-ms', '3000'];
    run = await startPipeline({
      brokers,
      simulator: { universe: { instruments: INSTRUMENTS, tradesPerSecond: 600, seed: 12 } },
      argsOf: (sim) => [...UNIVERSE_ARGS(sim.restUrl), ...timings],
    });
    const { sim } = run;
    const bybit = listings(sim, 'bybit');
    const binance = listings(sim, 'binance');
    await waitForSubscribedShards(run, INSTRUMENTS, 120_000);
    // The busiest instrument both venues list: its shard fails over to Binance when its Bybit socket stalls.
    const [stalledKey, stalledSymbol] = [...bybit].find(([key]) => binance.has(key)) ?? ['', ''];
    const stalledAt = Date.now();
    expect(sim.control.stall('bybit', true, stalledSymbol)).toBe(1);
    await sleep(20_000);
    await stopCleanly(run);
    const records = await run.read();
    const statuses = (records['feed_status'] ?? []).map((s) => s.value);
    const trades = records['trade'] ?? [];

    // One shard failed over and switched back, both statuses naming the shard and its instruments (the stalled one among them).
    const failovers = statuses.filter((s) => s['state'] === 'failover');
    expect(failovers.map((s) => [s['shard'], s['fromExchange'], s['toExchange']])).toEqual([[failovers[0]?.['shard'], 'bybit', 'binance']]);
    const shard = String(failovers[0]?.['shard']);
    const members = new Set(failovers[0]?.['instruments'] as readonly string[]);
    expect(members.has(stalledKey)).toBe(true);
    expect(members.size).toBeLessThan(INSTRUMENTS / 4);
    expect(statuses.filter((s) => s['state'] === 'switch_back').map((s) => [s['shard'], s['fromExchange'], s['toExchange']])).toEqual([
      [shard, 'binance', 'bybit'],
    ]);
    expect(statuses.some((s) => s['state'] === 'feed_stale' && s['shard'] === shard)).toBe(true);
    expect(statuses.filter((s) => s['state'] === 'feed_stale' && s['shard'] !== shard && s['symbol'] === undefined)).toEqual([]);

    // Fallback trades came only for that shard's instruments; every other instrument stayed on its first venue.
    const afterStall = trades.filter((t) => Number(t.value['receivedTs']) > stalledAt);
    const fallback = afterStall.filter((t) => t.value['isFallback'] === true);
    expect(fallback.length).toBeGreaterThan(0);
    expect(fallback.filter((t) => !members.has(t.key))).toEqual([]);
    expect(afterStall.filter((t) => !members.has(t.key) && t.value['exchange'] !== (bybit.has(t.key) ? 'bybit' : 'binance'))).toEqual([]);
    // After the switch-back the shard's instruments come from Bybit again.
    const switchedAt = Number(statuses.find((s) => s['state'] === 'switch_back')?.['ts']);
    expect(trades.some((t) => members.has(t.key) && t.value['exchange'] === 'bybit' && Number(t.value['receivedTs']) > switchedAt)).toBe(true);
  }, 300_000);
});
