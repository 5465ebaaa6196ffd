import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { stateOf } from '../support/cli-process.js';
import type { MadeTrade } from '../../simulator/simulator-control.js';
import type { ConsumedRecord } from '../support/topic-reader.js';
import { metricValue, startPipeline, type PipelineRun } from './pipeline-harness.js';
import { QUICK_FAILOVER_ARGS, expectTradesOnTape, holeAndRepair, stallAndRecover } from './venue-tape.js';
import { deadLettersBefore, repeatedStates } from './status-rules.js';

const brokers = inject('kafkaBrokers');
let run: PipelineRun | undefined;
afterEach(async () => {
  await run?.close();
  run = undefined;
});

const value = (record: ConsumedRecord, field: string): unknown => record.value[field];
const PERPETUALS = ['--markets', 'linear', '--quote', 'USDC'];

/**
 * The trades Hyperliquid made of `symbol` from the first it published of it to the last that are not
 * published; each published once, none but the venue's own (a backlog, its recent trades on each
 * subscribe, is never published: it would be a trade twice, or one from before the feed began).
 */
function missedWhileServed(run: PipelineRun, trades: readonly ConsumedRecord[], symbol: string, atLeast: number): readonly MadeTrade[] {
  const published = trades.filter((t) => value(t, 'exchange') === 'hyperliquid' && value(t, 'symbol') === symbol);
  expect(published.length, symbol).toBeGreaterThan(atLeast);
  const times = published.map((t) => Number(value(t, 'exchangeTs')));
  const [first, last] = [Math.min(...times), Math.max(...times)];
  const ids = new Set(published.map((t) => String(value(t, 'tradeId'))));
  const made = run.sim.control.madeTrades('hyperliquid', symbol).filter((t) => t.ts >= first && t.ts <= last);
  const missing = made.filter((t) => !ids.has(t.venueTradeId));
  expect(published.length, `${symbol}: published once each`).toBe(made.length - missing.length);
  return missing;
}

describe('Hyperliquid perpetuals (simulator -> pipeline process -> real Kafka)', () => {
  it('fails a stalled Hyperliquid shard over to Bybit linear at an equivalent quote and back; says once what it does not offer; books as 20-level snapshots; derivative tickers from activeAssetCtx; every trade one the venues made, none twice, no backlog', async () => {
    run = await startPipeline({
      brokers,
      simulator: { venues: ['hyperliquid', 'bybit_linear'], coins: ['BTC', 'ETH'], quote: 'USDT', tradesPerSecond: 10 },
      args: [...PERPETUALS, '--venues', 'hyperliquid,bybit_linear', '--equivalent-quotes', 'USDC,USDT', '--books', 'all', ...QUICK_FAILOVER_ARGS],
    });
    const { sim } = run;
    await stallAndRecover(run, 'hyperliquid', { beforeMs: 3000, holdMs: 3000, settleMs: 2500 });

    const records = await run.read();
    const statuses = (records['feed_status'] ?? []).map((s) => s.value);
    expect(statuses.find((s) => s['state'] === 'failover')).toMatchObject({ fromExchange: 'hyperliquid', toExchange: 'bybit_linear' });
    expect(statuses.find((s) => s['state'] === 'switch_back')).toMatchObject({ fromExchange: 'bybit_linear', toExchange: 'hyperliquid' });
    // Only the venues' own frames came in: no dead letter; each state said once as it was entered.
    expect(deadLettersBefore(records['dead_letter'])).toEqual([]);
    expect(repeatedStates(statuses)).toEqual([]);
    const unoffered = statuses.filter((s) => s['state'] === 'unserved' && s['exchange'] === 'hyperliquid' && s['symbol'] === null);
    expect(unoffered).toHaveLength(1);
    expect(String(unoffered[0]?.['reason'])).toMatch(/^hyperliquid offers no liquidations/);

    const trades = records['trade'] ?? [];
    expectTradesOnTape(trades, sim.control, ['hyperliquid', 'bybit_linear']);
    for (const t of trades) {
      expect(t.key).toMatch(/^(BTC|ETH)-USDC-PERP$/);
      expect(t.value).toMatchObject({ instrument: t.key, isFallback: value(t, 'exchange') !== 'hyperliquid' });
      expect(value(t, 'quote')).toBe(value(t, 'exchange') === 'hyperliquid' ? 'USDC' : 'USDT');
    }
    const btc = trades.filter((t) => t.key === 'BTC-USDC-PERP').map((t) => String(value(t, 'exchange')));
    expect(btc.filter((exchange, i) => i === 0 || btc[i - 1] !== exchange)).toEqual(['hyperliquid', 'bybit_linear', 'hyperliquid']);
    // The backlog each subscribe brings (the venue's recent trades, on the tape as such) never reaches Kafka unless also sent live.
    const live = new Set(
      sim.control
        .sentTrades('hyperliquid')
        .filter((s) => s.backlog !== true)
        .map((s) => `${s.symbol} ${s.tradeId}`),
    );
    const backlogOnly = sim.control.sentTrades('hyperliquid').filter((s) => s.backlog === true && !live.has(`${s.symbol} ${s.tradeId}`));
    expect(backlogOnly.length).toBeGreaterThan(0);
    const madeId = new Map(sim.control.madeTrades('hyperliquid').map((t) => [`${t.symbol} ${t.tradeId}`, t.venueTradeId]));
    const published = new Set(trades.map((t) => `${String(value(t, 'symbol'))} ${String(value(t, 'tradeId'))}`));
    for (const s of backlogOnly) expect(published.has(`${s.symbol} ${madeId.get(`${s.symbol} ${s.tradeId}`)}`), `backlog ${s.symbol} ${s.tradeId}`).toBe(false);

    const books = (records['book_snapshot'] ?? []).filter((b) => value(b, 'exchange') === 'hyperliquid');
    expect(books.length).toBeGreaterThan(0);
    for (const b of books) {
      expect(value(b, 'depth')).toBe(20);
      expect((value(b, 'bids') as unknown[]).length).toBeLessThanOrEqual(20);
    }
    const tickers = (records['derivative_ticker'] ?? []).filter((t) => value(t, 'exchange') === 'hyperliquid');
    for (const symbol of ['BTC', 'ETH']) {
      const last = tickers.filter((t) => value(t, 'symbol') === symbol).at(-1);
      expect(last?.value, symbol).toMatchObject({
        instrument: `${symbol}-USDC-PERP`,
        markPrice: expect.any(Number) as number,
        indexPrice: expect.any(Number) as number,
        fundingRate: expect.any(Number) as number,
        openInterest: expect.any(Number) as number,
      });
      // Funding is paid every hour, on the hour.
      expect(Number(last?.value['nextFundingTs']) % 3_600_000, symbol).toBe(0);
    }
    expect((records['liquidation'] ?? []).filter((l) => value(l, 'exchange') === 'hyperliquid')).toEqual([]);
  });

  it('with Hyperliquid as its only venue, says each state of an outage once: all_sources_down once per shard, nothing more once data flows again, and the shard state back to subscribed', async () => {
    run = await startPipeline({
      brokers,
      simulator: { venues: ['hyperliquid'], coins: ['BTC', 'ETH'], quote: 'USDC', tradesPerSecond: 10 },
      args: [...PERPETUALS, '--venues', 'hyperliquid', ...QUICK_FAILOVER_ARGS],
    });
    const { sim, cli } = run;
    await cli.waitForLog((line) => stateOf(line) === 'subscribed', 15_000);
    await sleep(2000);
    sim.control.stall('hyperliquid');
    // Stale after 5 s of silence, nowhere to fail over to 1.5 s later.
    await cli.waitForLog((line) => stateOf(line) === 'all_sources_down', 15_000);
    await sleep(2000);
    sim.control.stall('hyperliquid', false);
    await cli.waitForLog((line) => stateOf(line) === 'feed_recovered', 15_000);
    // Long enough for a second-by-second all-down loop to say itself several times.
    await sleep(5000);
    const exposition = await (await fetch(`${run.healthUrl}/metrics`)).text();
    expect(await cli.stop('SIGTERM')).toBe(0);

    expect(metricValue(exposition, 'market_feed_shard_state', { state: 'down' })).toBe(0);
    expect(metricValue(exposition, 'market_feed_shard_state', { state: 'subscribed' })).toBeGreaterThan(0);
    expect(metricValue(exposition, 'market_feed_shard_state', { state: 'subscribed' })).toBe(metricValue(exposition, 'market_feed_shard_state'));

    const said = ((await run.read())['feed_status'] ?? []).map((s) => s.value);
    expect(repeatedStates(said)).toEqual([]);
    const statuses = said.filter((s) => s['symbol'] === null && s['shard'] !== null);
    const shards = [...new Set(statuses.map((s) => String(s['shard'])))];
    expect(shards.length).toBeGreaterThan(0);
    for (const shard of shards) {
      const states = statuses.filter((s) => s['shard'] === shard).map((s) => ({ state: String(s['state']), reason: String(s['reason']) }));
      const down = states.filter((s) => s.state === 'all_sources_down');
      expect(down, shard).toHaveLength(1);
      expect(down[0]?.reason, shard).toMatch(/^hyperliquid stale for \d+ ms$/);
      const recovered = states.findIndex((s) => s.state === 'feed_recovered');
      expect(recovered, shard).toBeGreaterThan(states.findIndex((s) => s.state === 'all_sources_down'));
      expect(
        states.slice(recovered).map((s) => s.state),
        shard,
      ).not.toContain('all_sources_down');
    }
  });

  it("names a dropped socket's hole by time and repairs it from recentTrades as far as its last 10 reach, saying what is older: every trade Hyperliquid made while served once or inside a hole said unrepaired, no backlog", async () => {
    run = await startPipeline({
      brokers,
      simulator: { venues: ['hyperliquid'], coins: ['BTC', 'ETH'], quote: 'USDC', tradesPerSecond: 1 },
      args: [...PERPETUALS, '--venues', 'hyperliquid'],
    });
    await holeAndRepair(run, 'hyperliquid', { subscribedWithinMs: 15_000, beforeMs: 3000, settleMs: 2000 });

    const records = await run.read();
    const statuses = (records['feed_status'] ?? []).map((s) => s.value);
    const gaps = statuses.filter((s) => s['state'] === 'gap' && s['exchange'] === 'hyperliquid');
    expect(gaps.length).toBeGreaterThanOrEqual(1);
    for (const gap of gaps) expect(String(gap['reason'])).toMatch(/^trades after id \d+ \(.*\) and before id \d+ \(.*\) may be missing across a reconnect$/);
    const answered = statuses.filter((s) => s['state'] === 'gap_repaired' || s['state'] === 'gap_unrepaired');
    expect(answered).toHaveLength(gaps.length);
    const trades = records['trade'] ?? [];
    expectTradesOnTape(trades, run.sim.control, ['hyperliquid']);
    expect(trades.some((t) => value(t, 'source') === 'repair')).toBe(true);
    for (const symbol of ['BTC', 'ETH']) {
      const missing = missedWhileServed(run, trades, symbol, 3);
      if (missing.length === 0) continue;
      // What the venue's last 10 trades did not reach: inside a hole said unrepaired, older than every trade repaired of it.
      const unrepaired = answered.find((s) => s['symbol'] === symbol && s['state'] === 'gap_unrepaired');
      expect(String(unrepaired?.['reason']), symbol).toMatch(/^history: the venue's last 10 trades do not reach back/);
      const repaired = trades.filter((t) => value(t, 'symbol') === symbol && value(t, 'source') === 'repair').map((t) => Number(value(t, 'exchangeTs')));
      for (const t of missing) {
        expect(t.ts, symbol).toBeGreaterThan(Number(unrepaired?.['lastEventTs']));
        expect(t.ts, symbol).toBeLessThanOrEqual(Math.min(...repaired));
      }
    }
  });

  it('keeps the whole listed universe within its per-IP limits (10 connections, 1,000 subscriptions): the first-ranked coins served, the rest said unserved there', async () => {
    const coins = Array.from({ length: 400 }, (_, i) => `C${String(i).padStart(3, '0')}`);
    run = await startPipeline({
      brokers,
      simulator: { venues: ['hyperliquid'], coins, quote: 'USDC', tradesPerSecond: 0.2 },
      args: [...PERPETUALS, '--venues', 'hyperliquid', '--instruments', 'all', '--quotes', 'USDC'],
    });
    const { sim, cli } = run;
    await cli.waitForLog((line) => stateOf(line) === 'connected', 30_000);
    // One subscription a message, 2,000 messages a minute from the IP: the 1,000 take about half a minute.
    const subscriptions = (): number => Number(sim.control.counters('hyperliquid')['subscriptionsNow']);
    const deadline = Date.now() + 90_000;
    for (let last = -1; subscriptions() !== last && Date.now() < deadline;) {
      last = subscriptions();
      await sleep(3000);
    }
    const counters = sim.control.counters('hyperliquid');
    expect(await cli.stop('SIGTERM')).toBe(0);

    expect(counters['openConnectionsPeak']).toBe(10);
    expect(counters['subscriptionsPeak']).toBeLessThanOrEqual(1000);
    expect(counters['subscriptionsPeak']).toBeGreaterThan(900);
    expect(counters['messagesInWindowPeak']).toBeLessThanOrEqual(2000);
    expect([counters['connectionsRefused'], counters['subscriptionsRefused'], counters['messagesRefused']]).toEqual([0, 0, 0]);
    const statuses = (await run.read())['feed_status'] ?? [];
    const capped = statuses.filter((s) => s.value['state'] === 'unserved' && s.value['symbol'] !== null);
    // Three topics a coin (trades, bbo, activeAssetCtx): every listed coin is either subscribed or said unserved.
    const served = Number(counters['subscriptionsPeak']) / 3;
    // The simulated venue lists the coins and kPEPE (1000PEPE) as trading.
    expect(capped.length + served).toBe(coins.length + 1);
    expect(String(capped[0]?.value['reason'])).toMatch(/not followed on hyperliquid, which allows 1000 subscriptions and 10 connections per IP/);
  });
});
