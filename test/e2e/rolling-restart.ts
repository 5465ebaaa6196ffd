import { setTimeout as sleep } from 'node:timers/promises';
import { expect } from 'vitest';
import { shardOf } from '../../src/cluster/shard-of.js';
import { sinkTopics } from '../../src/sink/sink-topics.js';
import type { CliProcess } from '../support/cli-process.js';
import { readTopics } from '../support/topic-reader.js';
import { COINS, SHARDS, heldBy, joinOneByOne, settled, type TestCluster } from './cluster-instances.js';
import { reconcileTape } from './cluster-tape.js';

/**
 * A rolling restart of three static instances of `cluster` (each SIGTERMed and started again) and a
 * fourth joining and leaving, on `venue`: every trade the venue made is in the topic exactly once,
 * no gap is named, and every hand-over was confirmed by its giver. `instances`: every instance the
 * test started (for the story of a trade twice).
 */
export async function rollingRestart(cluster: TestCluster, venue: 'bybit' | 'binance', instances: readonly CliProcess[]): Promise<void> {
  const brokers = cluster.brokers;
  const members = await joinOneByOne(cluster.start, ['a', 'b', 'c']);
  await sleep(2_000);
  const timings: string[] = [];
  // The rolling restart: each in turn stops (its shards handed over), then comes back (shards handed back).
  for (const [index, id] of ['a', 'b', 'c'].entries()) {
    const stoppedAt = Date.now();
    expect(await members[index]!.stop('SIGTERM', 60_000), `${id} stops cleanly`).toBe(0);
    const exitedAt = Date.now();
    const others = members.filter((_, k) => k !== index);
    await settled(others, `${id} stopped`);
    members[index] = cluster.start(id);
    await settled(members, `${id} back`);
    timings.push(`${id}: stopped in ${exitedAt - stoppedAt} ms, back and settled ${Date.now() - exitedAt} ms later`);
  }
  const d = cluster.start('d');
  await settled([...members, d], 'd joined');
  expect(heldBy(d).size).toBeGreaterThan(0);
  await sleep(1_000);
  expect(await d.stop('SIGTERM', 60_000)).toBe(0);
  await settled(members, 'd left');
  await sleep(2_000);

  // A clean end: the venue stops, everything in flight drains, then the instances stop.
  cluster.sim.control.stall(venue);
  const endTs = Date.now();
  await sleep(2_000);
  for (const cli of members) expect(await cli.stop('SIGTERM', 60_000)).toBe(0);

  const topics = sinkTopics(cluster.prefix).records;
  const records = await readTopics(brokers.split(','), [topics.trade, topics.feed_status], { timeoutMs: 120_000 });
  const trades = records.get(topics.trade) ?? [];
  const statuses = (records.get(topics.feed_status) ?? []).map((record) => record.value);
  const r = reconcileTape(cluster.sim, venue, trades, endTs);
  const handOverLogs = [...members, d].flatMap((cli) => cli.logs.filter((line) => line.msg === 'shard hand-over: taken'));
  const tookMs = handOverLogs.map((line) => Number(line['tookMs'])).sort((x, y) => x - y);
  const overlap = handOverLogs.reduce((n, line) => n + Number(line['publishedByPreviousOwner']), 0);
  // Hand-overs out of the ordinary: a shard moved again before its hand-over ended, or one that timed out.
  const unusual = [...members, d].flatMap((cli) =>
    cli.logs
      .filter(
        (line) =>
          typeof line.msg === 'string' && /changed owner again|given up before|did not release|no instance said|no longer in the cluster/.test(line.msg),
      )
      .map((line) => `${String(line['instanceId'])} shard ${String(line['shard'])}: ${line.msg}`),
  );
  process.stderr.write(
    `${venue} rolling restart: ${r.made} trades made, ${trades.length} in the topic, missing ${r.missing.length}, twice ${r.twice.length}; ` +
      `${handOverLogs.length} hand-overs, taking to taken ${tookMs[0]}..${tookMs.at(-1)} ms (median ${tookMs[Math.floor(tookMs.length / 2)]}), ` +
      `${overlap} trades the taker held and the giver had published (dropped at the cut); ${timings.join('; ')}; unusual: ${unusual.length === 0 ? 'none' : unusual.join('; ')}\n`,
  );
  expect(r.made).toBeGreaterThan(COINS.length * 100);
  expect(r.missing.slice(0, 10), `${r.missing.length} of ${r.made} trades the venue made are not in the topic`).toEqual([]);
  // What each instance did with the shard of a trade twice, and which instance's connection published each copy.
  const instanceOf = new Map(
    statuses.filter((status) => status['connectionId'] != null).map((status) => [String(status['connectionId']), String(status['instanceId'])]),
  );
  const logs = instances.flatMap((cli) => cli.logs);
  const t0 = Math.min(...logs.map((line) => Number(line['time'])).filter(Number.isFinite));
  const copies = (key: string): string => {
    const held = trades.filter(({ value }) => `${String(value['symbol'])}/${String(value['tradeId'])}` === key);
    const symbol = key.split('/')[0] ?? '';
    const shard = shardOf(`${symbol.replace(/USDT$/, '')}-USDT`, SHARDS);
    const story = logs
      .filter((line) => line['shard'] === shard || (Array.isArray(line['shards']) && (line['shards'] as unknown[]).includes(shard)))
      .map((line) => `${String(line['instanceId'])}@${Number(line['time']) - t0} ${String(line.msg)}`);
    return `${held.map(({ partition, offset, value }) => `${partition}@${offset} by ${instanceOf.get(String(value['connectionId'])) ?? String(value['connectionId'])} received @${Number(value['receivedTs']) - t0}`).join(' | ')}; shard ${shard}: ${story.join('; ')}`;
  };
  expect(
    r.twice.slice(0, 3).map((key) => `${key}: ${copies(key)}`),
    `${r.twice.length} trades twice`,
  ).toEqual([]);
  expect(r.unknown).toEqual([]);
  expect(statuses.filter((status) => status['state'] === 'gap')).toEqual([]);
  // Every hand-over was confirmed by its giver: none timed out, and no planned stop was taken for a kill.
  for (const cli of [...members, d])
    expect(cli.logs.filter((line) => typeof line.msg === 'string' && /did not release|no instance said|no longer in the cluster/.test(line.msg))).toEqual([]);
  expect(handOverLogs.length).toBeGreaterThan(0);
}
