import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, inject, it } from 'vitest';
import { shardOf } from '../../src/cluster/shard-of.js';
import { sinkTopics } from '../../src/sink/sink-topics.js';
import type { CliProcess } from '../support/cli-process.js';
import { readTopics } from '../support/topic-reader.js';
import { until } from '../support/until.js';
import { COINS, SHARDS, clustersPerTest, heldBy, joinOneByOne } from './cluster-instances.js';

const said = (cli: CliProcess, msg: string): number => cli.logs.filter((line) => line.msg === msg).length;

describe('a standby per shard (--cluster-standbys 1): an owner SIGKILLed loses nothing', () => {
  const brokers = inject('kafkaBrokers');
  const { cluster: startCluster } = clustersPerTest();

  it.each(['bybit', 'binance'] as const)(
    "%s: b SIGKILLed, a, its shards' standby, takes them at once: every trade the venue made, from each instrument's first published to its last, is in the topic once, and no hole is named",
    async (venue) => {
      // 20 trades a second a symbol: Bybit's last 60 reach back 3 s, far less than the session timeout a killed owner's shards wait.
      const cluster = await startCluster(brokers, venue, { args: ['--cluster-standbys', '1'] });
      const [a, b] = (await joinOneByOne(cluster.start, ['a', 'b'])) as [CliProcess, CliProcess];
      const shardsOfB = heldBy(b);
      const coinsOfB = COINS.filter((coin) => shardsOfB.has(shardOf(`${coin}-USDT`, SHARDS)));
      expect(coinsOfB.length).toBeGreaterThan(0);
      // Each stands by the other's shards (two members: each is the other's next in the ring).
      await until('a stands by every shard of b', () => said(a, 'shard standby: following the shard, its trades held') >= shardsOfB.size, 20_000);
      await sleep(1_000);
      b.signal('SIGKILL');
      const killedAt = Date.now();
      await until(
        'a took every shard of b over',
        () => heldBy(a).size === SHARDS && said(a, 'shard standby: the owner left the cluster without releasing the shard; taking it over') >= shardsOfB.size,
        40_000,
      );
      const tookOverInMs = Date.now() - killedAt;
      await sleep(1_000);
      cluster.sim.control.stall(venue);
      await sleep(1_500);
      expect(await a.stop('SIGTERM', 60_000)).toBe(0);

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
          `${symbol} (${coinsOfB.includes(coin) ? "b's" : "a's"}) lacking`,
        ).toEqual([]);
        const gaps = statuses.filter((status) => status['symbol'] === symbol && status['state'] === 'gap');
        expect(
          gaps.map((gap) => String(gap['reason'])),
          `${symbol} holes named`,
        ).toEqual([]);
        if (coinsOfB.includes(coin)) report.push(`${symbol}: ${made.length}`);
      }
      process.stderr.write(
        `${venue} SIGKILL with a standby: taken over ${tookOverInMs} ms after the kill; b's instruments' trades made and in the topic: ${report.join(', ')}\n`,
      );
    },
    120_000,
  );
});
