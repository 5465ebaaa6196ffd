import { setTimeout as sleep } from 'node:timers/promises';
import { expect } from 'vitest';
import type { SimVenueName } from '../../simulator/index.js';
import type { ConnectionLimits } from '../../src/exchanges/connection-limits.js';
import { metricValue, startPipeline, type PipelineRun } from './pipeline-harness.js';
import { repeatedStates } from './status-rules.js';
import { caughtUpTo, listings, metrics, stopCleanly, waitForSubscribedShards } from './universe-run.js';
import { expectTradesOnTape } from './venue-tape.js';

/** A spot venue listing what Bybit lists of a generated universe, and the limits its connections keep. */
export interface ListedMarket {
  readonly venue: SimVenueName;
  /** The client's connection limits for the venue. */
  readonly limits: ConnectionLimits;
  /** Topics an instrument takes (trades, ticker, best bid/ask). */
  readonly topicsPerInstrument: number;
  /** Messages a second the venue allows a connection, when it caps them. */
  readonly maxMessagesPerSecond?: number;
  /** Connections the venue allows an IP. */
  readonly maxConnectionsPerIp: number;
  /** Subscribe requests the venue allows a connection an hour, when it caps them. */
  readonly subscribeRequestsPerHour?: number;
  readonly seed: number;
}

/** `run --instruments all --venues <venue>` against a generated universe of 1,200 instruments (the venue lists the 60 % Bybit shares). */
export function startListedMarket(brokers: string, { venue, seed }: ListedMarket): Promise<PipelineRun> {
  return startPipeline({
    brokers,
    simulator: { venues: ['bybit', venue], universe: { instruments: 1200, tradesPerSecond: 300, seed } },
    args: ['--instruments', 'all', '--quotes', 'USDT,USDC', '--venues', venue, '--klines', 'false'],
  });
}

/**
 * The whole listed spot market over shards within the venue's limits: every instrument subscribed, every
 * trade the venue sent live while subscribed published, from the venue itself, none as a fallback; no
 * refusal of any kind, each connection within the client's topics and the venue's message rate, the
 * connections within the IP's, no dead letter, no failover, gap, resync or disconnection. Stops the run.
 */
export async function expectListedMarketFollowed(run: PipelineRun, market: ListedMarket): Promise<void> {
  const { sim } = run;
  const { venue, limits } = market;
  const listed = listings(sim, venue);
  expect(listed.size).toBeGreaterThan(600);
  await waitForSubscribedShards(run, listed.size, 120_000);
  const subscribedAt = Date.now();
  expect(metricValue(await metrics(run), 'market_feed_shard_instruments')).toBe(listed.size);
  await sleep(6000);
  sim.control.setTradeRate(venue, 0);
  const stopAt = Date.now();
  await caughtUpTo(run, [venue]);
  await stopCleanly(run);

  const records = await run.read();
  const trades = records['trade'] ?? [];
  expectTradesOnTape(trades, sim.control, [venue]);
  const seen = new Set(trades.map((t) => `${String(t.value['symbol'])}/${String(t.value['tradeId'])}`));
  const sent = sim.control.sentTrades(venue).filter((t) => t.backlog !== true && t.ts >= subscribedAt && t.ts < stopAt);
  expect(sent.length).toBeGreaterThan(300);
  // The tape's ids as the venue writes them.
  const venueIds = new Map(sim.control.madeTrades(venue).map((t) => [`${t.symbol}/${t.tradeId}`, t.venueTradeId]));
  const missing = sent.filter((t) => !seen.has(`${t.symbol}/${venueIds.get(`${t.symbol}/${t.tradeId}`) ?? 'unknown'}`));
  expect(missing.slice(0, 5), `${missing.length} of ${sent.length} sent trades missing`).toEqual([]);
  expect(trades.filter((t) => t.value['exchange'] !== venue || t.value['isFallback'] !== false)).toEqual([]);
  const symbols = new Set(listed.values());
  // The busy instruments and the long tail alike: scores of instruments traded in these seconds.
  expect(new Set(sent.map((t) => t.symbol)).size).toBeGreaterThan(50);
  expect(sent.filter((t) => !symbols.has(t.symbol))).toEqual([]);

  const counters = sim.control.counters(venue);
  process.stderr.write(
    `${venue} universe: ${listed.size} instruments on ${counters.connectionsAccepted} connections, ${sent.length} trades sent while subscribed\n`,
  );
  expect(counters.refusals).toEqual({ connectionAttempts: 0, topicsPerConnection: 0, messageRate: 0, argsPerRequest: 0, argsChars: 0, restRate: 0 });
  expect(counters.maxTopicsPerConnection).toBeLessThanOrEqual(limits.maxTopics);
  if (market.maxMessagesPerSecond !== undefined) expect(counters.maxMessagesPerSecond).toBeLessThanOrEqual(market.maxMessagesPerSecond);
  expect(counters.connectionsAccepted).toBeGreaterThanOrEqual(Math.ceil((listed.size * market.topicsPerInstrument) / limits.maxTopics));
  expect(counters.connectionsAccepted).toBeLessThan(market.maxConnectionsPerIp);
  if (market.subscribeRequestsPerHour !== undefined)
    expect(counters.subscribeRequests / counters.connectionsAccepted).toBeLessThan(market.subscribeRequestsPerHour);
  expect((records['dead_letter'] ?? []).map((d) => d.value)).toEqual([]);
  const statuses = (records['feed_status'] ?? []).map((s) => s.value);
  expect(repeatedStates(statuses)).toEqual([]);
  expect(statuses.filter((s) => ['failover', 'gap', 'book_resync', 'disconnected'].includes(String(s['state'])))).toEqual([]);
}
