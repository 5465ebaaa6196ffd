import { setTimeout as sleep } from 'node:timers/promises';
import { expect } from 'vitest';
import { sinkTopics } from '../../src/sink/sink-topics.js';
import type { CliProcess } from '../support/cli-process.js';
import { readTopics } from '../support/topic-reader.js';
import { heldBy, joinOneByOne, settled, type TestCluster } from './cluster-instances.js';
import { holeOf, namedHoles, reconcileTape } from './cluster-tape.js';

/** Longer than the hand-over time-out of before (10 s): a taker needs this long to be subscribed. */
const REQUEST_DELAY_MS = 12_000;

/** Log lines that say a hand-over ended without its taker: the giver stopped before anyone took the shard. */
const GAVE_UP = /no instance said it took the shard in time|stopped serving it anyway/;

/**
 * On `venue`, taking every request 12 s late: a third instance of `cluster` joins (the givers serve
 * until it is subscribed), then is SIGKILLed while the venue is still slow (its shards taken over);
 * then the venue takes requests at once again and every symbol trades on. Reconciled against the
 * venue's tape: every trade is in the topic once, or inside a gap the feed named and said it could
 * not repair; no giver stopped before its taker.
 */
export async function slowJoinAndTakeover(cluster: TestCluster, venue: 'bybit' | 'binance'): Promise<void> {
  const { brokers } = cluster;
  const [a, b] = (await joinOneByOne(cluster.start, ['a', 'b'])) as [CliProcess, CliProcess];
  await sleep(2_000);

  // A join: the givers serve each shard until its taker says it is subscribed, however long that takes.
  cluster.sim.control.slowRequests(venue, REQUEST_DELAY_MS);
  const c = cluster.start('c');
  await settled([a, b, c], 'c joined', 90_000);
  const ofC = heldBy(c);
  expect(ofC.size).toBeGreaterThan(0);
  const joinTookMs = c.logs.filter((line) => line.msg === 'shard hand-over: taken').map((line) => Number(line['tookMs']));
  // A venue that acknowledges subscriptions (Bybit) makes the taker wait for them; Binance's streams
  // named in the URL are subscribed as the socket opens, and flow 12 s later: the hole is named by id.
  if (venue === 'bybit') expect(Math.max(...joinTookMs), 'the taker needed longer than the old time-out').toBeGreaterThan(10_000);
  await sleep(2_000);

  // A takeover: c killed, its shards taken by a and b while the venue is still slow.
  c.signal('SIGKILL');
  await settled([a, b], 'a and b took over c', 90_000);
  // The venue takes requests at once again; those asked meanwhile are taken when their 12 s are up.
  // Then each symbol's next trade reveals any hole before it (a hole no trade follows is named by none).
  cluster.sim.control.slowRequests(venue, 0);
  await sleep(REQUEST_DELAY_MS + 4_000);

  cluster.sim.control.stall(venue);
  const endTs = Date.now();
  await sleep(2_000);
  for (const cli of [a, b]) expect(await cli.stop('SIGTERM', 60_000)).toBe(0);

  const topics = sinkTopics(cluster.prefix).records;
  const records = await readTopics(brokers.split(','), [topics.trade, topics.feed_status], { timeoutMs: 120_000 });
  const trades = records.get(topics.trade) ?? [];
  const statuses = (records.get(topics.feed_status) ?? []).map((record) => record.value).filter((status) => status['exchange'] === venue);
  const tape = reconcileTape(cluster.sim, venue, trades, endTs);
  const holes = namedHoles(statuses);
  const silent = tape.missing.filter((missing) => holeOf(missing, holes) === undefined);
  const unanswered = tape.missing.filter((missing) => !/^gap_unrepaired/.test(holeOf(missing, holes)?.answer ?? ''));
  process.stderr.write(
    `${venue} slow join and takeover: ${tape.made} trades made, ${trades.length} in the topic, missing ${tape.missing.length} ` +
      `(${tape.missing.length - silent.length} inside a named gap, ${silent.length} silently), twice ${tape.twice.length}; ` +
      `${holes.length} gaps named, ${trades.filter((t) => t.value['source'] === 'repair').length} trades repaired; join hand-overs took ${Math.min(...joinTookMs)}..${Math.max(...joinTookMs)} ms\n`,
  );
  expect(tape.made).toBeGreaterThan(1_000);
  expect(silent.slice(0, 10), `${silent.length} of ${tape.made} trades the venue made are in no topic and no gap`).toEqual([]);
  expect(
    unanswered.slice(0, 10).map((missing) => `${missing}: ${holeOf(missing, holes)?.reason ?? ''} -> ${holeOf(missing, holes)?.answer ?? 'no answer'}`),
    'a trade missing lies in a gap said unrepaired',
  ).toEqual([]);
  expect(tape.twice.slice(0, 10)).toEqual([]);
  expect(tape.unknown).toEqual([]);
  // No giver stopped before its taker was there.
  for (const cli of [a, b, c]) expect(cli.logs.filter((line) => typeof line.msg === 'string' && GAVE_UP.test(line.msg))).toEqual([]);
}
