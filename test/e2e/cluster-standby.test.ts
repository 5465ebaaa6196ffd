import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, inject, it } from 'vitest';
import { shardOf } from '../../src/cluster/shard-of.js';
import { sinkTopics } from '../../src/sink/sink-topics.js';
import type { CliProcess } from '../support/cli-process.js';
import { readTopics } from '../support/topic-reader.js';
import { until } from '../support/until.js';
import { COINS, SHARDS, clustersPerTest, heldBy, joinOneByOne } from './cluster-instances.js';

const said = (cli: CliProcess, msg: string): number => cli.logs.filter((line) => line.msg === msg).length;
/** An instance's hand-over and standby lines, for a failure's message. */
const story = (cli: CliProcess): string =>
  cli.logs
    .filter(
      (line) =>
        typeof line.msg === 'string' && (line.msg.startsWith('shard hand-over') || line.msg.startsWith('shard standby') || line.msg.startsWith('shards ')),
    )
    .slice(-40)
    .map((line) => `${JSON.stringify(line['shard'] ?? line['shards'])} ${String(line.msg)} ${JSON.stringify(line['from'] ?? line['owner'] ?? '')}`)
    .join('\n');
const FOLLOWING = 'shard standby: following the shard, its trades held';
/** The standby the group gave a shard of the killed owner before it found the owner gone itself. */
const GIVEN_GONE = 'shard hand-over: the previous owner is no longer in the cluster; serving the shard, the hole read back from the trades topic';
const TAKING_OVER = 'shard standby: the owner left the cluster without releasing the shard; taking it over';

describe('a standby per shard (--cluster-standbys 1): an owner SIGKILLed loses nothing', () => {
  const brokers = inject('kafkaBrokers');
  const { cluster: startCluster } = clustersPerTest();

  it.each([
    // Three instances: b's standby is c (the next in the ring a, b, c); the group gives some of b's shards to a, which waits for c and is handed them.
    ['bybit', ['a', 'b', 'c']],
    // Two: each is the other's standby.
    ['binance', ['a', 'b']],
  ] as const)(
    "%s, instances %j: b SIGKILLed, its shards' standby takes them at once: every trade the venue made, from each instrument's first published to its last, is in the topic once, and no hole is named",
    async (venue, ids) => {
      // 20 trades a second a symbol: Bybit's last 60 reach back 3 s, far less than the session timeout a killed owner's shards wait.
      const cluster = await startCluster(brokers, venue, { args: ['--cluster-standbys', '1'] });
      const members = await joinOneByOne(cluster.start, ids);
      const b = members[1]!;
      const standby = members[2 % members.length]!;
      const survivors = members.filter((member) => member !== b);
      const shardsOfB = heldBy(b);
      const coinsOfB = COINS.filter((coin) => shardsOfB.has(shardOf(`${coin}-USDT`, SHARDS)));
      expect(coinsOfB.length).toBeGreaterThan(0);
      await until(`${ids[2 % ids.length]} stands by every shard of b`, () => said(standby, FOLLOWING) >= shardsOfB.size, 20_000);
      await sleep(1_000);
      b.signal('SIGKILL');
      const killedAt = Date.now();
      await until(
        "b's standby took every shard of b over, and the others hold every shard",
        () =>
          said(standby, TAKING_OVER) + said(standby, GIVEN_GONE) >= shardsOfB.size && survivors.reduce((n, member) => n + heldBy(member).size, 0) === SHARDS,
        40_000,
      ).catch((error: unknown) => {
        throw new Error(
          `${String(error)}; held ${survivors.map((member) => [...heldBy(member)].join(',')).join(' / ')}; the standby's story:\n${story(standby)}`,
        );
      });
      const tookOverInMs = Date.now() - killedAt;
      // A shard the group gave another instance is handed over from the standby make-before-break (the overlap is 1 s).
      await sleep(3_000);
      cluster.sim.control.stall(venue);
      await sleep(1_500);
      expect(await Promise.all(survivors.map((member) => member.stop('SIGTERM', 60_000)))).toEqual(survivors.map(() => 0));

      const topics = sinkTopics(cluster.prefix).records;
      const records = await readTopics(brokers.split(','), [topics.trade, topics.feed_status], { timeoutMs: 120_000 });
      const trades = (records.get(topics.trade) ?? []).map((record) => record.value);
      const statuses = (records.get(topics.feed_status) ?? []).map((record) => record.value);
      const keys = trades.map((trade) => `${String(trade['exchange'])}/${String(trade['symbol'])}/${String(trade['tradeId'])}`);
      expect(keys.length - new Set(keys).size, 'trades twice').toBe(0);
      const report: string[] = [];
      for (const coin of COINS) {
        const symbol = `${coin}USDT`;
        const ofSymbol = trades.filter((trade) => trade['symbol'] === symbol);
        const inTopic = new Set(ofSymbol.map((trade) => String(trade['tradeId'])));
        const times = ofSymbol.map((trade) => Number(trade['exchangeTs']));
        const [first, last] = [Math.min(...times), Math.max(...times)];
        // The venue's tape, between the instrument's first and last trade published.
        const made = cluster.sim.control.madeTrades(venue, symbol).filter((trade) => trade.ts >= first && trade.ts <= last);
        const lacking = made.filter((trade) => !inTopic.has(String(trade.tradeId)));
        expect(
          lacking.map((trade) => trade.tradeId),
          `${symbol} (${coinsOfB.includes(coin) ? "b's" : 'not b’s'}) lacking`,
        ).toEqual([]);
        const gaps = statuses.filter((status) => status['symbol'] === symbol && status['state'] === 'gap');
        expect(
          gaps.map((gap) => String(gap['reason'])),
          `${symbol} holes named`,
        ).toEqual([]);
        if (coinsOfB.includes(coin)) report.push(`${symbol}: ${made.length}`);
      }
      const handedOn = survivors
        .filter((member) => member !== standby)
        .flatMap((member) => member.logs.filter((line) => line.msg === 'shard hand-over: taken' && line['from'] === ids[2 % ids.length]));
      process.stderr.write(
        `${venue} SIGKILL with a standby (${ids.length} instances): taken over ${tookOverInMs} ms after the kill; ${handedOn.length} shards handed on from the standby; b's instruments' trades made and in the topic: ${report.join(', ')}\n`,
      );
    },
    120_000,
  );
});
