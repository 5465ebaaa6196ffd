import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, inject, it } from 'vitest';
import { sinkTopics } from '../../src/sink/sink-topics.js';
import type { CliProcess } from '../support/cli-process.js';
import { readTopics } from '../support/topic-reader.js';
import { shardOf } from '../../src/cluster/shard-of.js';
import { until } from '../support/until.js';
import { COINS, SHARDS, heldBy, joinOneByOne, settled, clustersPerTest } from './cluster-instances.js';
import { rollingRestart } from './rolling-restart.js';
import { namedHoles, reconcileTape } from './cluster-tape.js';

describe('hand-overs that lose nothing on Binance (consecutive trade ids: every hole known by id): make-before-break as instances join, leave and restart', () => {
  const brokers = inject('kafkaBrokers');
  const { cluster: startCluster, instances } = clustersPerTest();

  it(
    'binance: a rolling restart of three static instances (each SIGTERMed and started again) and a fourth joining and leaving: every trade the venue made is in the topic exactly once, and no gap is named',
    async () => rollingRestart(await startCluster(brokers, 'binance'), 'binance', instances),
    300_000,
  );

  it("binance: an instance SIGKILLed while instruments of its shards had never traded: each of them that traded during the takeover has its hole named from the killed instance's last trade and repaired from the venue's history by time; the venue's whole tape is in the topic once", async () => {
    // Quiet coins: halted until the kill, so nothing of them is published before it.
    const QUIET = ['DOT', 'LTC', 'TRX', 'BCH', 'XLM', 'UNI', 'ATOM', 'ETC'];
    const coins = [...COINS, ...QUIET];
    const cluster = await startCluster(brokers, 'binance', { coins });
    for (const coin of QUIET) cluster.sim.control.halt('binance', `${coin}USDT`);
    const [a, b] = (await joinOneByOne(cluster.start, ['a', 'b'])) as [CliProcess, CliProcess];
    const quietOfB = QUIET.filter((coin) => heldBy(b).has(shardOf(`${coin}-USDT`, SHARDS)));
    const tradingOfB = COINS.filter((coin) => heldBy(b).has(shardOf(`${coin}-USDT`, SHARDS)));
    expect(
      [quietOfB.length, tradingOfB.length].every((n) => n > 0),
      `b holds quiet ${quietOfB.join(',')} and trading ${tradingOfB.join(',')}`,
    ).toBe(true);
    await sleep(3_000);
    b.signal('SIGKILL');
    // They begin trading while b's shards have no owner.
    await sleep(1_000);
    for (const coin of QUIET) cluster.sim.control.resume('binance', `${coin}USDT`);
    await settled([a], 'a took over');
    const answered = (coin: string): boolean =>
      a.statuses().some((status) => status['symbol'] === `${coin}USDT` && (status['state'] === 'gap_repaired' || status['state'] === 'gap_unrepaired'));
    await until("every one of b's quiet instruments answered", () => quietOfB.every(answered), 60_000);
    await sleep(1_000);
    cluster.sim.control.stall('binance');
    const endTs = Date.now();
    await sleep(1_500);
    expect(await a.stop('SIGTERM', 60_000)).toBe(0);

    const topics = sinkTopics(cluster.prefix).records;
    const records = await readTopics(brokers.split(','), [topics.trade, topics.feed_status], { timeoutMs: 120_000 });
    const statuses = (records.get(topics.feed_status) ?? []).map((record) => record.value);
    for (const coin of quietOfB) {
      const symbol = `${coin}USDT`;
      const gaps = statuses.filter((status) => status['symbol'] === symbol && status['state'] === 'gap');
      expect(
        gaps.map((gap) => String(gap['reason'])),
        symbol,
      ).toEqual([expect.stringMatching(/^trades made since .* may be missing across a shard handover \(none of the symbol was published before\)$/)]);
      expect(
        statuses.filter((status) => status['symbol'] === symbol && status['state'] === 'gap_repaired').map((status) => String(status['reason'])),
        symbol,
      ).toEqual([expect.stringMatching(/^[1-9]\d* trades repaired from the venue's history$/)]);
      // The answer names the gap it answers, as a reader pairs them: the same end and moment (with the first id found).
      expect(
        namedHoles(statuses.filter((status) => status['symbol'] === symbol)).map((hole) => hole.answer),
        symbol,
      ).toEqual([expect.stringMatching(/^gap_repaired: /)]);
    }
    const tape = reconcileTape(cluster.sim, 'binance', records.get(topics.trade) ?? [], endTs, coins, QUIET);
    process.stderr.write(
      `binance SIGKILL takeover, instruments never published before: ${quietOfB.join(', ')} of b; ${tape.made} trades made, missing ${tape.missing.length}, twice ${tape.twice.length}\n`,
    );
    expect(tape.missing.slice(0, 10), `${tape.missing.length} of ${tape.made} missing`).toEqual([]);
    expect(tape.twice.slice(0, 10)).toEqual([]);
    expect(tape.unknown).toEqual([]);
  }, 180_000);
});
