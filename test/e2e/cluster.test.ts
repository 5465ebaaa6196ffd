import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, inject, it } from 'vitest';
import { shardOf } from '../../src/cluster/shard-of.js';
import { sinkTopics } from '../../src/sink/sink-topics.js';
import type { CliProcess, LogLine } from '../support/cli-process.js';
import { readTopics } from '../support/topic-reader.js';
import { until } from '../support/until.js';
import { COINS, SESSION_TIMEOUT_MS, SHARDS, heldBy, joinOneByOne, type TestCluster, clustersPerTest } from './cluster-instances.js';

/** A tuple's elements after the first. */
type Tail<T extends readonly unknown[]> = T extends readonly [unknown, ...infer Rest] ? Rest : never;

describe('a cluster of run instances coordinated by a Kafka consumer group', () => {
  const brokers = inject('kafkaBrokers');
  const clusters = clustersPerTest();
  /** On Bybit unless told: Binance's consecutive trade ids show every hole. */
  const cluster = (...args: Tail<Parameters<typeof clusters.cluster>>): Promise<TestCluster> => clusters.cluster(brokers, ...args);

  it("splits the shards between three instances, each saying which it took; a SIGKILLed instance's shards are served by the survivors within the session timeout plus 5 s, and no other shard moves", async () => {
    const { start, prefix } = await cluster();
    const [a, b, c] = (await joinOneByOne(start, ['a', 'b', 'c'])) as [CliProcess, CliProcess, CliProcess];
    const ofB = heldBy(b);
    const [ofA, ofC] = [heldBy(a), heldBy(c)];
    const coinsOfB = COINS.filter((coin) => ofB.has(shardOf(`${coin}-USDT`, SHARDS)));
    // Give them a few seconds of trades on their own instruments.
    await sleep(3_000);
    const givenUp = (cli: CliProcess): number =>
      cli.logs.filter((line: LogLine) => typeof line.msg === 'string' && line.msg.startsWith('shards ') && line.msg !== 'shards assigned').length;
    const [givenUpByA, givenUpByC] = [givenUp(a), givenUp(c)];

    const killedAt = Date.now();
    b.signal('SIGKILL');
    await until('a and c hold every shard', () => heldBy(a).size + heldBy(c).size === SHARDS, SESSION_TIMEOUT_MS + 5_000 + 10_000);
    const tookOverMs = Date.now() - killedAt;
    expect(tookOverMs).toBeLessThanOrEqual(SESSION_TIMEOUT_MS + 5_000);
    // The survivors gave up nothing of their own on the way, and kept all they had.
    expect([givenUp(a), givenUp(c)]).toEqual([givenUpByA, givenUpByC]);
    for (const shard of ofA) expect(heldBy(a).has(shard)).toBe(true);
    for (const shard of ofC) expect(heldBy(c).has(shard)).toBe(true);
    const servedAgainAt = Date.now();
    await sleep(3_000);
    expect(await a.stop('SIGTERM', 60_000)).toBe(0);
    expect(await c.stop('SIGTERM', 60_000)).toBe(0);

    const topics = sinkTopics(prefix).records;
    const records = await readTopics(brokers.split(','), [topics.trade, topics.feed_status]);
    const trades = records.get(topics.trade) ?? [];
    const statuses = (records.get(topics.feed_status) ?? []).map((record) => record.value);
    // Each instance said which shards it took, as statuses naming itself.
    const assigned = statuses.filter((status) => status['state'] === 'shard_assigned');
    expect(new Set(assigned.map((status) => status['instanceId']))).toEqual(new Set(['a', 'b', 'c']));
    const assignedToB = new Set(assigned.filter((status) => status['instanceId'] === 'b').map((status) => Number(status['clusterShard'])));
    for (const shard of ofB) expect(assignedToB.has(shard)).toBe(true);
    expect(statuses.every((status) => ['a', 'b', 'c'].includes(String(status['instanceId'])))).toBe(true);
    // b's instruments were traded again after the hand-over, by the survivors.
    for (const coin of coinsOfB) {
      expect(
        trades.some((trade) => trade.value['coin'] === coin && Number(trade.value['receivedTs']) >= servedAgainAt),
        `${coin} after the hand-over`,
      ).toBe(true);
    }
    expect(coinsOfB.length).toBeGreaterThan(0);
  }, 180_000);

  it("names a handover's hole and repairs it: every trade id the live records lack after an instance is SIGKILLed (Binance, consecutive ids) lies in a gap status, those of the moved shards said to be across a shard handover, and the repair fills each, none twice", async () => {
    const { start, prefix } = await cluster('binance');
    const a = start('a');
    await until('a holds every shard', () => heldBy(a).size === SHARDS, 60_000);
    await sleep(2_000);
    const b = start('b');
    await until('both hold shards, none twice', () => heldBy(b).size > 0 && heldBy(a).size + heldBy(b).size === SHARDS, 60_000);
    const coinsOfB = COINS.filter((coin) => heldBy(b).has(shardOf(`${coin}-USDT`, SHARDS)));
    await sleep(3_000);
    const bDiedAt = Date.now();
    b.signal('SIGKILL');
    await until('a holds every shard again', () => heldBy(a).size === SHARDS, SESSION_TIMEOUT_MS + 15_000);
    await sleep(3_000);
    expect(await a.stop('SIGTERM', 60_000)).toBe(0);

    const topics = sinkTopics(prefix).records;
    const records = await readTopics(brokers.split(','), [topics.trade, topics.feed_status, topics.window_stats]);
    const statuses = (records.get(topics.feed_status) ?? []).map((record) => record.value);
    const gaps = statuses.filter((status) => status['state'] === 'gap');
    // a's takeover of b's shards: each status names the shard's instruments, and the 1 s window of
    // each of them that the takeover falls in is incomplete.
    let takeoverWindows = 0;
    const takeovers = statuses.filter(
      (status) => status['state'] === 'shard_assigned' && status['instanceId'] === 'a' && Number(status['ts']) > Number(bDiedAt),
    );
    for (const coin of coinsOfB) {
      const takeover = takeovers.find((status) => Number(status['clusterShard']) === shardOf(`${coin}-USDT`, SHARDS));
      expect(takeover?.['instruments'], `${coin}'s takeover`).toContain(`${coin}-USDT`);
      const at = Number(takeover?.['ts']);
      const windows = (records.get(topics.window_stats) ?? [])
        .map((record) => record.value)
        .filter((w) => w['coin'] === coin && w['windowMs'] === 1000 && Number(w['windowStart']) <= at && at < Number(w['windowEnd']));
      for (const window of windows) expect(window['complete'], `${coin}'s window of the takeover`).toBe(false);
      takeoverWindows += windows.length;
    }
    // a traded at least one of them within the second it took it over.
    expect(takeoverWindows, `windows of the takeover of ${coinsOfB.join(', ')}`).toBeGreaterThan(0);
    const named = (symbol: string, id: number): boolean =>
      gaps.some((gap) => gap['symbol'] === symbol && Number(gap['missingFrom']) <= id && id <= Number(gap['missingTo']));
    const idsBySymbol = new Map<string, Set<number>>();
    const allTrades = records.get(topics.trade) ?? [];
    for (const trade of allTrades) {
      if (trade.value['source'] === 'repair') continue;
      const symbol = String(trade.value['symbol']);
      let ids = idsBySymbol.get(symbol);
      if (ids === undefined) idsBySymbol.set(symbol, (ids = new Set()));
      ids.add(Number(trade.value['tradeId']));
    }
    expect(idsBySymbol.size).toBe(COINS.length);
    const unnamed: string[] = [];
    let missing = 0;
    for (const [symbol, ids] of idsBySymbol) {
      const sorted = [...ids].sort((x, y) => x - y);
      for (let id = sorted[0]!; id <= sorted[sorted.length - 1]!; id++) {
        if (ids.has(id)) continue;
        missing++;
        if (!named(symbol, id)) unnamed.push(`${symbol} ${id}`);
      }
    }
    expect(unnamed.slice(0, 10), `${unnamed.length} of ${missing} missing ids named by no gap`).toEqual([]);
    // The kill left a hole in each of b's instruments (the session timeout's worth of trades), named as a handover's.
    expect(coinsOfB.length).toBeGreaterThan(0);
    for (const coin of coinsOfB) {
      const across = gaps.filter((gap) => gap['symbol'] === `${coin}USDT` && String(gap['reason']).endsWith('across a shard handover'));
      expect(across.length, `${coin}'s handover gap`).toBeGreaterThan(0);
      // Measured from the previous owner's last published id: it names no trade the topic holds.
      const ids = idsBySymbol.get(`${coin}USDT`) ?? new Set<number>();
      for (const gap of across) {
        for (let id = Number(gap['missingFrom']); id <= Number(gap['missingTo']); id++)
          expect(ids.has(id), `${coin} ${id} named missing but published`).toBe(false);
      }
    }
    expect(missing).toBeGreaterThan(coinsOfB.length * 20);
    // The repair: each gap followed by gap_repaired, and live and repaired records together hold every id once.
    for (const gap of gaps) {
      expect(
        statuses.some((status) => status['state'] === 'gap_repaired' && status['symbol'] === gap['symbol'] && status['missingFrom'] === gap['missingFrom']),
        `${String(gap['reason'])} repaired`,
      ).toBe(true);
    }
    const keys = allTrades.map((trade) => `${String(trade.value['symbol'])} ${String(trade.value['tradeId'])}`);
    expect(keys.length - new Set(keys).size, 'trades twice').toBe(0);
    for (const [symbol, ids] of idsBySymbol) {
      const sorted = [...ids].sort((x, y) => x - y);
      const all = new Set(keys);
      const holes: number[] = [];
      for (let id = sorted[0]!; id <= sorted[sorted.length - 1]!; id++) if (!all.has(`${symbol} ${id}`)) holes.push(id);
      expect(holes.slice(0, 10), `${symbol}: ${holes.length} ids neither live nor repaired`).toEqual([]);
    }
  }, 180_000);

  it("keeps three instances on one host within the venue's connection attempts per IP together: each paces its reconnects to its part of the budget, by the shards it holds (simulator's counters)", async () => {
    const ATTEMPTS = 30;
    const { start, sim: running } = await cluster('binance', {
      simulator: { limits: { binance: { connectionAttempts: { max: ATTEMPTS, windowMs: 300_000, refuseStatus: 429 } } } },
      // One connection per instrument, so that each instance holds a few; reconnects tried at once.
      args: ['--binance-connection-attempts', String(ATTEMPTS), '--max-instruments-per-connection', '1', '--retry-initial-delay-ms', '100'],
    });
    await joinOneByOne(start, ['a', 'b', 'c']);
    await sleep(3_000);
    const before = running.control.counters('binance').connectionAttempts;
    // The venue drops every socket each second for 12 s: each instance would reconnect its own at once.
    for (let drop = 0; drop < 12; drop++) {
      running.control.drop('binance');
      await sleep(1_000);
    }
    await sleep(2_000);
    const counters = running.control.counters('binance');
    process.stderr.write(
      `cluster connection attempts: ${before} before the drops, ${counters.connectionAttempts} after (${String(counters['connectionAttemptsInWindow'])} in the window of ${ATTEMPTS})\n`,
    );
    expect(counters.connectionAttempts - before).toBeGreaterThan(0);
    expect(counters.refusals.connectionAttempts).toBe(0);
    expect(Number(counters['connectionAttemptsInWindow'])).toBeLessThanOrEqual(ATTEMPTS);
  }, 180_000);
});
