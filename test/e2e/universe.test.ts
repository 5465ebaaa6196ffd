import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, inject, it } from 'vitest';
import type { RunningSimulator } from '../../src/simulator/start-simulator.js';
import type { SimVenueName } from '../../src/simulator/venue-protocol.js';
import { metricValue, startPipeline, type PipelineRun } from './pipeline-harness.js';

/** The whole market, as `run --instruments all` follows it, against a simulated universe with the venues' limits on. */
const INSTRUMENTS = 2600;
const REFRESH_MS = 10_000;
const UNIVERSE_ARGS = (restUrl: string): string[] => [
  '--instruments', 'all', '--quotes', 'USDT,USDC', '--venues', 'bybit,binance', '--bybit-rest-url', restUrl,
  '--catalog-refresh-ms', String(REFRESH_MS), '--klines', 'false',
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

function listings(sim: RunningSimulator, venue: SimVenueName): Map<string, string> {
  return new Map(sim.control.instruments(venue).filter((listing) => listing.status === 'trading').map((listing) => [`${listing.base}-${listing.quote}`, listing.symbol]));
}

describe('the whole market: a simulated universe of 2,600 instruments on Bybit and Binance', () => {
  const brokers = inject('kafkaBrokers');
  let run: PipelineRun | undefined;

  afterEach(async () => {
    await run?.close();
    run = undefined;
  });

  it('serves every instrument from the first venue that lists it, within the venues\' limits, follows a listing within one refresh and drops a delisting with a status', async () => {
    run = await startPipeline({ brokers, simulator: { universe: { instruments: INSTRUMENTS, tradesPerSecond: 600, seed: 11 } }, argsOf: (sim) => UNIVERSE_ARGS(sim.restUrl) });
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
    const stopAt = Date.now();
    expect(await run.cli.stop('SIGTERM')).toBe(0);
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
    const tradedSymbols = new Set((['bybit', 'binance'] as const).flatMap((venue) => sim.control.sentTrades(venue).filter((t) => t.ts >= subscribedAt && t.ts < stopAt - 2000).map((t) => `${venue}/${t.symbol}`)));
    const inKafka = new Set(trades.map((t) => `${String(t.value['exchange'])}/${String(t.value['symbol'])}`));
    expect([...tradedSymbols].filter((s) => !inKafka.has(s))).toEqual([]);
    expect(inKafka.size).toBeGreaterThan(INSTRUMENTS / 2);

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
});
