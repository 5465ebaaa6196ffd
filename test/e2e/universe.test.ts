import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, inject, it } from 'vitest';
import type { RunningSimulator } from '../../simulator/start-simulator.js';
import type { SimVenueName } from '../../simulator/index.js';
import { metricValue, startPipeline, type PipelineRun } from './pipeline-harness.js';

/** The whole market, as `run --instruments all` follows it, against a simulated universe with the venues' limits on. */
const INSTRUMENTS = 2600;
const REFRESH_MS = 10_000;
const UNIVERSE_ARGS = (restUrl: string): string[] => [
  '--instruments',
  'all',
  '--quotes',
  'USDT,USDC',
  '--venues',
  'bybit,binance',
  '--bybit-rest-url',
  restUrl,
  '--catalog-refresh-ms',
  String(REFRESH_MS),
  '--klines',
  'false',
];

const stateOf = (record: { readonly value: Readonly<Record<string, unknown>> }): string => String(record.value['state']);

async function metrics(run: PipelineRun): Promise<string> {
  return (await fetch(`${run.healthUrl}/metrics`)).text();
}

/** Waits until every shard reports `subscribed` and the shards hold `atLeast` instruments; resolves to the time it took. */
async function waitForSubscribedShards(run: PipelineRun, atLeast: number, timeoutMs: number): Promise<number> {
  const started = Date.now();
  for (;;) {
    const text = await metrics(run);
    const instruments = metricValue(text, 'market_feed_shard_instruments');
    const shards = text.split('\n').filter((line) => line.startsWith('market_feed_shard_instruments{')).length;
    const subscribed = metricValue(text, 'market_feed_shard_state', { state: 'subscribed' });
    if (shards > 0 && subscribed === shards && instruments >= atLeast) return Date.now() - started;
    if (Date.now() - started > timeoutMs) throw new Error(`after ${timeoutMs} ms: ${subscribed}/${shards} shards subscribed, ${instruments} instruments`);
    await sleep(500);
  }
}

/** SIGTERM, and exit 0 within 60 s; otherwise the pipeline's last log lines say where it was. */
async function stopCleanly(run: PipelineRun): Promise<void> {
  const code = await run.cli.stop('SIGTERM', 60_000);
  const tail = run.cli.logs
    .slice(-15)
    .map((line) => JSON.stringify(line))
    .join('\n');
  expect(code, `exit code after SIGTERM; last log lines:\n${tail}`).toBe(0);
}

function listings(sim: RunningSimulator, venue: SimVenueName): Map<string, string> {
  return new Map(
    sim.control
      .instruments(venue)
      .filter((listing) => listing.status === 'trading')
      .map((listing) => [`${listing.base}-${listing.quote}`, listing.symbol]),
  );
}

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
    const stopAt = Date.now();
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
      const sent = sim.control.sentTrades(venue).filter((t) => t.ts >= subscribedAt && t.ts < stopAt - 2000);
      expect(sent.length, venue).toBeGreaterThan(100);
      const missing = sent.filter((t) => !seen.has(`${venue}/${t.symbol}/${t.tradeId}`));
      expect(missing.slice(0, 5), `${venue}: ${missing.length} of ${sent.length} sent trades missing`).toEqual([]);
    }
    // Every instrument that traded on its primary venue after subscription is in Kafka (the busy and the long tail alike).
    const tradedSymbols = new Set(
      (['bybit', 'binance'] as const).flatMap((venue) =>
        sim.control
          .sentTrades(venue)
          .filter((t) => t.ts >= subscribedAt && t.ts < stopAt - 2000)
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

  it('follows the books of the 200 busiest within the weight budget (no 429, no 418), resyncs only the books of a shard whose socket dropped, and keeps every book through a Binance rotation', async () => {
    run = await startPipeline({
      brokers,
      simulator: { universe: { instruments: INSTRUMENTS, tradesPerSecond: 600, seed: 13 } },
      argsOf: (sim) => [...UNIVERSE_ARGS(sim.restUrl), '--books', 'top:200', '--binance-rest-url', sim.restUrl],
    });
    const { sim } = run;
    const bybit = listings(sim, 'bybit');
    await waitForSubscribedShards(run, INSTRUMENTS, 120_000);
    // The first books: top:200 waits for the 24 h volumes, then subscribes the depth topics and (Binance) fetches snapshots.
    const deadline = Date.now() + 90_000;
    let live = 0;
    while (Date.now() < deadline) {
      live = metricValue(await metrics(run), 'market_feed_events_in_total', { type: 'order_book' });
      if (live > 0) break;
      await sleep(1000);
    }
    expect(live).toBeGreaterThan(0);
    await sleep(15_000);
    const droppedAt = Date.now();
    const [droppedKey, droppedSymbol] = [...bybit][0] ?? ['', ''];
    expect(sim.control.drop('bybit', droppedSymbol)).toBe(1);
    await sleep(5_000);
    const rotatedAt = Date.now();
    sim.control.announceShutdown('binance');
    await sleep(10_000);
    await stopCleanly(run);
    const records = await run.read();
    const statuses = (records['feed_status'] ?? []).map((s) => s.value);
    const snapshots = records['book_snapshot'] ?? [];

    // Books for 200 instruments, on both venues, within the venues' REST limits.
    const booked = new Set(snapshots.map((b) => b.key));
    expect(booked.size).toBeGreaterThan(150);
    expect(booked.size).toBeLessThanOrEqual(200);
    expect(new Set(snapshots.map((b) => String(b.value['exchange'])))).toEqual(new Set(['bybit', 'binance']));
    for (const venue of ['bybit', 'binance'] as const) expect(sim.control.counters(venue).refusals.restRate, venue).toBe(0);

    // The dropped socket's shard: disconnected, with its instruments; only its books stopped and came back.
    const disconnected = statuses.find(
      (s) => s['state'] === 'disconnected' && Array.isArray(s['instruments']) && (s['instruments'] as string[]).includes(droppedKey),
    );
    expect(disconnected, 'the dropped shard says disconnected').toBeDefined();
    const members = new Set(disconnected?.['instruments'] as readonly string[]);
    const silent = (from: number, to: number) =>
      [...booked].filter((key) => !snapshots.some((b) => b.key === key && Number(b.value['receivedTs']) > from && Number(b.value['receivedTs']) <= to));
    // Books of other shards kept publishing through the drop and the rotation (a busy book changes every few hundred ms).
    const quietOthers = silent(droppedAt, droppedAt + 4000).filter((key) => !members.has(key));
    expect(quietOthers.length, `books of other shards silent through the drop: ${quietOthers.slice(0, 5).join(', ')}`).toBeLessThan(booked.size / 10);
    expect(statuses.filter((s) => s['state'] === 'book_resync' && Number(s['ts']) > rotatedAt)).toEqual([]);
    const binanceBooks = [...booked].filter((key) => snapshots.some((b) => b.key === key && b.value['exchange'] === 'binance'));
    const droppedByRotation = binanceBooks.filter((key) => !snapshots.some((b) => b.key === key && Number(b.value['receivedTs']) > rotatedAt + 6000));
    expect(droppedByRotation.length, `Binance books silent after the rotation: ${droppedByRotation.slice(0, 5).join(', ')}`).toBeLessThan(
      binanceBooks.length / 10,
    );
    expect(statuses.filter((s) => s['exchange'] === 'binance' && s['state'] === 'disconnected' && Number(s['ts']) > rotatedAt)).toEqual([]);
  }, 300_000);

  it("keeps every subscription when a venue's list refresh is empty, garbage, unavailable, rate limited or too slow, and says the list is stale", async () => {
    run = await startPipeline({
      brokers,
      simulator: { universe: { instruments: INSTRUMENTS, tradesPerSecond: 600, seed: 14 } },
      argsOf: (sim) => [...UNIVERSE_ARGS(sim.restUrl), '--catalog-timeout-ms', '2000'],
    });
    const { sim } = run;
    await waitForSubscribedShards(run, INSTRUMENTS, 120_000);
    const faultsAt = Date.now();
    sim.control.listFault('bybit', 'empty', 1);
    sim.control.listFault('bybit', 'garbage', 1);
    sim.control.listFault('bybit', 'slow', 1, 10_000);
    sim.control.listFault('binance', 'unavailable', 1);
    sim.control.listFault('binance', 'empty', 1);
    sim.control.throttleRest('binance', 1);
    // Five refreshes of 10 s: each answer above is served once, in turn.
    await sleep(5 * REFRESH_MS + 5_000);
    const instruments = metricValue(await metrics(run), 'market_feed_shard_instruments');
    await stopCleanly(run);
    const records = await run.read();
    const statuses = (records['feed_status'] ?? []).map((s) => s.value);
    const stale = statuses.filter((s) => s['state'] === 'catalog_stale' && Number(s['ts']) > faultsAt);
    expect(new Set(stale.map((s) => String(s['exchange'])))).toEqual(new Set(['bybit', 'binance']));
    expect(stale.length).toBeGreaterThanOrEqual(4);
    expect(statuses.filter((s) => s['state'] === 'delisted' || s['state'] === 'halted')).toEqual([]);
    expect(instruments).toBe(INSTRUMENTS);
    expect(sim.control.counters('bybit').listFaultsServed).toBe(3);
    expect(sim.control.counters('binance').listFaultsServed).toBe(2);
    // Trades kept coming for the whole market to the end.
    const late = new Set((records['trade'] ?? []).filter((t) => Number(t.value['receivedTs']) > faultsAt + 4 * REFRESH_MS).map((t) => t.key));
    expect(late.size).toBeGreaterThan(INSTRUMENTS / 4);
  }, 300_000);
});
