import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { expect } from 'vitest';
import { sinkTopics } from '../../src/sink/sink-topics.js';
import type { CliProcess } from '../support/cli-process.js';
import { readTopics, type ConsumedRecord } from '../support/topic-reader.js';
import { until } from '../support/until.js';
import { testLogDir } from '../support/test-log-dir.js';
import { COINS, SHARDS, heldBy, type TestCluster } from './cluster-instances.js';
import { namedHoles } from './cluster-tape.js';

export const FOLLOWING = 'shard standby: following the shard, its trades held';
/** The standby the group gave a shard of the killed owner before it found the owner gone itself. */
export const GIVEN_GONE = 'shard hand-over: the previous owner is no longer in the cluster; serving the shard, the hole read back from the trades topic';
export const TAKING_OVER = 'shard standby: the owner left the cluster without releasing the shard; taking it over';

/** How many lines `cli` logged with the message `msg`. */
export const said = (cli: CliProcess, msg: string): number => cli.logs.filter((line) => line.msg === msg).length;

/** Whether `standby` said it follows each of `shards` for `owner` (in its log lines from `from` on). */
export const follows = (standby: CliProcess, owner: string, shards: ReadonlySet<number>, from = 0): boolean => {
  const followed = new Set(
    standby.logs
      .slice(from)
      .filter((line) => line.msg === FOLLOWING && line['owner'] === owner)
      .map((line) => Number(line['shard'])),
  );
  return [...shards].every((shard) => followed.has(shard));
};

/** An instance's last hand-over and standby lines, for a failure's message. */
export const story = (cli: CliProcess): string =>
  cli.logs
    .filter(
      (line) =>
        typeof line.msg === 'string' && (line.msg.startsWith('shard hand-over') || line.msg.startsWith('shard standby') || line.msg.startsWith('shards ')),
    )
    .slice(-40)
    .map((line) => `${JSON.stringify(line['shard'] ?? line['shards'])} ${String(line.msg)} ${JSON.stringify(line['from'] ?? line['owner'] ?? '')}`)
    .join('\n');

/**
 * SIGKILLs `owner`, then waits until `standby` has taken each of the `shards` over (or was given it
 * and found the owner gone) and the survivors hold every shard between them. Returns the ms from the
 * kill until then.
 */
export async function killOwner(owner: CliProcess, standby: CliProcess, survivors: readonly CliProcess[], shards: number): Promise<number> {
  const before = said(standby, TAKING_OVER) + said(standby, GIVEN_GONE);
  owner.signal('SIGKILL');
  const killedAt = Date.now();
  await until(
    "the owner's standby took every shard of it over, and the others hold every shard",
    () => said(standby, TAKING_OVER) + said(standby, GIVEN_GONE) - before >= shards && survivors.reduce((n, member) => n + heldBy(member).size, 0) === SHARDS,
    40_000,
  ).catch((error: unknown) => {
    throw new Error(`${String(error)}; held ${survivors.map((member) => [...heldBy(member)].join(',')).join(' / ')}; the standby's story:\n${story(standby)}`);
  });
  return Date.now() - killedAt;
}

/** The trade and feed-status records of a cluster's run, read to their end. */
export async function runRecords(cluster: TestCluster): Promise<{ readonly trades: readonly ConsumedRecord[]; readonly statuses: readonly ConsumedRecord[] }> {
  const topics = sinkTopics(cluster.prefix).records;
  const records = await readTopics(cluster.brokers.split(','), [topics.trade, topics.feed_status], { timeoutMs: 120_000 });
  // Beside the processes' logs when they are kept: every trade, where it is in the topic and which connection received it.
  const logDir = testLogDir();
  if (logDir !== undefined) {
    const lines = (records.get(topics.trade) ?? []).map((trade) =>
      JSON.stringify({ partition: trade.partition, offset: trade.offset, ...trade.value }, (_, v: unknown) => (typeof v === 'bigint' ? String(v) : v)),
    );
    writeFileSync(join(logDir, `trades-${cluster.prefix}ndjson`), `${lines.join('\n')}\n`);
  }
  return { trades: records.get(topics.trade) ?? [], statuses: records.get(topics.feed_status) ?? [] };
}

/**
 * Per symbol of `COINS`, the trades the venue made (its tape, not what its sockets sent) between the
 * symbol's first and last trade in the topic, as the simulator's sent trades are written, for
 * `reconcileTrades`; and how many each symbol had.
 */
export function madeWithinPublished(cluster: TestCluster, venue: 'bybit' | 'binance', trades: readonly ConsumedRecord[]) {
  const made: { readonly connectionId: string; readonly symbol: string; readonly tradeId: number; readonly ts: number }[] = [];
  const counts = new Map<string, number>();
  for (const coin of COINS) {
    const symbol = `${coin}USDT`;
    const times = trades
      .filter((trade) => trade.value['exchange'] === venue && trade.value['symbol'] === symbol)
      .map((trade) => Number(trade.value['exchangeTs']));
    expect(times.length, `${symbol}: trades in the topic`).toBeGreaterThan(0);
    const [first, last] = [Math.min(...times), Math.max(...times)];
    const within = cluster.sim.control.madeTrades(venue, symbol).filter((trade) => trade.ts >= first && trade.ts <= last);
    counts.set(symbol, within.length);
    for (const trade of within) made.push({ connectionId: '', symbol, tradeId: trade.tradeId, ts: trade.ts });
  }
  return { made, counts };
}

/**
 * Resolves once the trades topic holds every trade the venue made of `COINS` within `window` (the
 * venue's time, ms), read again each second: a hole across a hand-over is named once the instance's
 * own writes are in Kafka (later when a broker's failover holds them up) and then repaired from the
 * venue's history, which takes as long as it takes. Fails after `timeoutMs`, naming what is missing.
 */
export async function untilInTopic(
  cluster: TestCluster,
  venue: 'bybit' | 'binance',
  window: { readonly from: number; readonly to: number },
  timeoutMs = 60_000,
): Promise<void> {
  const wanted = COINS.flatMap((coin) =>
    cluster.sim.control
      .madeTrades(venue, `${coin}USDT`)
      .filter((trade) => trade.ts >= window.from && trade.ts <= window.to)
      .map((trade) => `${coin}USDT/${trade.tradeId}`),
  );
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { trades } = await runRecords(cluster);
    const have = new Set(
      trades.filter((trade) => trade.value['exchange'] === venue).map((trade) => `${String(trade.value['symbol'])}/${String(trade.value['tradeId'])}`),
    );
    const missing = wanted.filter((id) => !have.has(id));
    if (missing.length === 0) return;
    if (Date.now() > deadline) {
      throw new Error(
        `${missing.length} of the ${wanted.length} trades made in the window not in the topic after ${timeoutMs} ms: ${missing.slice(0, 6).join(', ')}`,
      );
    }
    await sleep(1_000);
  }
}

/**
 * Resolves once every hole the cluster named on `venue` has its repair's answer (`gap_repaired` or
 * `gap_unrepaired`), in two reads of the feed-status topic a second apart: a broker's failover can
 * move shards seconds after the broker went, and the holes named then are repaired one after another
 * at the venue's REST pace. A stop meanwhile would cut a repair short (and say so). Fails after
 * `timeoutMs`, naming the holes still unanswered.
 */
export async function untilRepaired(cluster: TestCluster, venue: 'bybit' | 'binance', timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let answeredBefore = false;
  for (;;) {
    const { statuses } = await runRecords(cluster);
    const open = namedHoles(statuses.filter((status) => status.value['exchange'] === venue).map((status) => status.value)).filter(
      (hole) => hole.answer === undefined,
    );
    if (open.length === 0 && answeredBefore) return;
    answeredBefore = open.length === 0;
    if (Date.now() > deadline) {
      const named = open.slice(0, 6).map((hole) => `${hole.symbol} (${hole.reason})`);
      throw new Error(`${open.length} holes named on ${venue} still without their repair's answer after ${timeoutMs} ms: ${named.join('; ')}`);
    }
    await sleep(1_000);
  }
}

/** The holes named on `venue` that hold missing trades the feed said it could not repair, with their answers, for a failure's message. */
export function unrepairedTold(statuses: readonly ConsumedRecord[], venue: string, reported: readonly string[], most = 6): string {
  const symbols = new Set(reported.map((key) => key.split('/')[0]));
  return namedHoles(statuses.filter((status) => status.value['exchange'] === venue).map((status) => status.value))
    .filter((hole) => symbols.has(hole.symbol) && hole.answer !== undefined && !hole.answer.startsWith('gap_repaired'))
    .slice(0, most)
    .map((hole) => `${hole.symbol} ${hole.reason}: ${String(hole.answer)}`)
    .join('\n');
}

/**
 * Where the first repeats are in the topic, for a failure's message: each copy's partition, offset,
 * the connection that received it and when (a connection id names the instance in its log).
 */
export function repeatsTold(trades: readonly ConsumedRecord[], duplicates: readonly string[], most = 6): string {
  const wanted = new Set(duplicates.slice(0, most));
  const copies = new Map<string, string[]>();
  for (const trade of trades) {
    const id = `${String(trade.value['symbol'])}/${String(trade.value['tradeId'])}`;
    if (!wanted.has(id)) continue;
    const list = copies.get(id) ?? [];
    list.push(
      `p${trade.partition}@${trade.offset} ${String(trade.value['source'])} ${String(trade.value['connectionId'])} received ${String(trade.value['receivedTs'])}`,
    );
    copies.set(id, list);
  }
  return [...copies].map(([id, list]) => `${id}: ${list.join(' | ')}`).join('\n');
}
