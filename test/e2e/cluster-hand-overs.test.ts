import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { sinkTopics } from '../../src/sink/sink-topics.js';
import type { RunningSimulator } from '../../simulator/start-simulator.js';
import type { CliProcess } from '../support/cli-process.js';
import { readTopics } from '../support/topic-reader.js';
import { shardOf } from '../../src/cluster/shard-of.js';
import { until } from '../support/until.js';
import { COINS, SHARDS, heldBy, joinOneByOne, settled, testCluster } from './cluster-instances.js';
import { reconcileTape } from './cluster-tape.js';

const instances: CliProcess[] = [];
let sim: RunningSimulator | undefined;
afterEach(async () => {
  for (const cli of instances.splice(0)) await cli.stop('SIGKILL');
  await sim?.close();
  sim = undefined;
});

describe('hand-overs that lose nothing: make-before-break as instances join, leave and restart', () => {
  const brokers = inject('kafkaBrokers');

  it.each(['bybit', 'binance'] as const)(
    '%s: a rolling restart of three static instances (each SIGTERMed and started again) and a fourth joining and leaving: every trade the venue made is in the topic exactly once, and no gap is named',
    async (venue) => {
      const cluster = await testCluster(brokers, instances, venue);
      sim = cluster.sim;
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
        expect(cli.logs.filter((line) => typeof line.msg === 'string' && /did not release|no instance said|no longer in the cluster/.test(line.msg))).toEqual(
          [],
        );
      expect(handOverLogs.length).toBeGreaterThan(0);
    },
    300_000,
  );

  it("bybit: an instance SIGKILLed: each of its instruments that traded during the takeover has a gap by time across a shard handover, repaired from the venue's last 60 and the rest said gap_unrepaired (history); nothing twice, nothing lacking outside a named hole", async () => {
    const cluster = await testCluster(brokers, instances, 'bybit');
    sim = cluster.sim;
    const [a, b] = (await joinOneByOne(cluster.start, ['a', 'b'])) as [CliProcess, CliProcess];
    const coinsOfB = COINS.filter((coin) => heldBy(b).has(shardOf(`${coin}-USDT`, SHARDS)));
    expect(coinsOfB.length).toBeGreaterThan(0);
    await sleep(3_000);
    b.signal('SIGKILL');
    await settled([a], 'a took over');
    const tookOver = a.logs.filter(
      (line) => typeof line.msg === 'string' && line.msg.startsWith('shard hand-over: the previous owner is no longer in the cluster'),
    );
    const story = a.logs
      .filter((line) => typeof line.msg === 'string' && line.msg.startsWith('shard hand-over'))
      .slice(-20)
      .map((line) => `${String(line['shard'])} ${String(line.msg)}`);
    expect(tookOver.length, `a stopped waiting for b, no longer a member; a's hand-overs:\n${story.join('\n')}`).toBeGreaterThan(0);
    await until(
      "every one of b's instruments answered",
      () => a.statuses().filter((status) => status['state'] === 'gap_repaired' || status['state'] === 'gap_unrepaired').length >= coinsOfB.length,
      60_000,
    );
    await sleep(1_000);
    cluster.sim.control.stall('bybit');
    const endTs = Date.now();
    await sleep(1_500);
    expect(await a.stop('SIGTERM', 60_000)).toBe(0);

    const topics = sinkTopics(cluster.prefix).records;
    const records = await readTopics(brokers.split(','), [topics.trade, topics.feed_status], { timeoutMs: 120_000 });
    const trades = (records.get(topics.trade) ?? []).map((record) => record.value);
    const statuses = (records.get(topics.feed_status) ?? []).map((record) => record.value);
    const keys = trades.map((trade) => `${String(trade['symbol'])}/${String(trade['tradeId'])}`);
    expect(keys.length - new Set(keys).size, 'trades twice').toBe(0);
    const report: string[] = [];
    for (const coin of COINS) {
      const symbol = `${coin}USDT`;
      const gaps = statuses.filter((status) => status['symbol'] === symbol && status['state'] === 'gap');
      const answers = statuses.filter((status) => status['symbol'] === symbol && (status['state'] === 'gap_repaired' || status['state'] === 'gap_unrepaired'));
      if (!coinsOfB.includes(coin)) {
        expect(gaps, `${symbol} never moved`).toEqual([]);
        continue;
      }
      expect(
        gaps.map((gap) => String(gap['reason'])),
        symbol,
      ).toEqual([expect.stringMatching(/may be missing across a shard handover$/)]);
      expect(answers).toHaveLength(1);
      if (answers[0]?.['state'] === 'gap_unrepaired') expect(String(answers[0]['reason'])).toMatch(/^history: /);
      const gap = gaps[0]!;
      // Against the venue's tape: what the topic lacks lies inside the named hole, older than every trade repaired.
      const inTopic = new Set(trades.filter((trade) => trade['symbol'] === symbol).map((trade) => String(trade['tradeId'])));
      const firstTs = Math.min(...trades.filter((trade) => trade['symbol'] === symbol).map((trade) => Number(trade['exchangeTs'])));
      const made = sim.control.madeTrades('bybit', symbol).filter((trade) => trade.ts >= firstTs && trade.ts < endTs);
      const lacking = made.filter((trade) => !inTopic.has(String(trade.tradeId)));
      const repaired = trades.filter((trade) => trade['symbol'] === symbol && trade['source'] === 'repair').map((trade) => Number(trade['tradeId']));
      const oldestRepaired = Math.min(...repaired);
      for (const trade of lacking) {
        expect(trade.ts, `${symbol} ${trade.tradeId} lacking, inside the hole`).toBeGreaterThanOrEqual(Number(gap['lastEventTs']));
        expect(trade.tradeId, `${symbol} ${trade.tradeId} lacking, older than the repaired`).toBeLessThan(oldestRepaired);
      }
      expect(repaired.length, `${symbol} repaired`).toBeGreaterThan(0);
      report.push(`${symbol}: ${made.length} made, ${repaired.length} repaired, ${lacking.length} out of reach`);
    }
    process.stderr.write(`bybit SIGKILL takeover: ${report.join('; ')}\n`);
  }, 180_000);

  it("binance: an instance SIGKILLed while instruments of its shards had never traded: each of them that traded during the takeover has its hole named from the killed instance's last trade and repaired from the venue's history by time; the venue's whole tape is in the topic once", async () => {
    // Quiet coins: halted until the kill, so nothing of them is published before it.
    const QUIET = ['DOT', 'LTC', 'TRX', 'BCH', 'XLM', 'UNI', 'ATOM', 'ETC'];
    const coins = [...COINS, ...QUIET];
    const cluster = await testCluster(brokers, instances, 'binance', { coins });
    sim = cluster.sim;
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
