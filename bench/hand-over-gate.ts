/**
 * What a cluster instance's hand-over gate (`ShardHandOvers.gate()`) costs per trade on the way to the
 * sink, beside a bare pass-through of the same events in the same run: every trade looks its shard's
 * state up and is kept as its symbol's last published (what a release names), and a shard served as nobody's (a first start) keeps the first trade of each venue until
 * it has them all (`nobodysLacking`). Three cases over `trades` trades of `instruments` Bybit instruments
 * on 16 shards: every shard served (the steady state), and the same with one shard served as nobody's
 * whose instrument never trades (so that every trade is looked at for that shard's first).
 */
import { fileURLToPath } from 'node:url';
import { Subject, VirtualTimeScheduler, type Observable } from 'rxjs';
import { ShardGate } from '../src/cluster/shard-gate.js';
import { ShardHandOvers } from '../src/cluster/shard-hand-overs.js';
import { shardOf } from '../src/cluster/shard-of.js';
import type { FeedEvent, TradeEvent } from '../src/model/index.js';
import { formatTable, type BenchRow } from './bench-report.js';
import { coinTrade } from './synthetic-trades.js';

const SHARDS = 16;

export interface HandOverGateBenchOptions {
  readonly instruments: number;
  readonly trades: number;
}

/** ns per event of `events` through `pipe` (its subscriber counts them), best of three passes. */
function nsPerEvent(events: readonly FeedEvent[], pipe: (input: Subject<FeedEvent>) => Observable<FeedEvent>): number {
  let best = Infinity;
  for (let pass = 0; pass < 3; pass++) {
    const input = new Subject<FeedEvent>();
    let seen = 0;
    pipe(input).subscribe(() => seen++);
    const from = process.hrtime.bigint();
    for (const event of events) input.next(event);
    const ns = Number(process.hrtime.bigint() - from);
    if (seen !== events.length) throw new Error(`${seen} of ${events.length} events came through`);
    best = Math.min(best, ns / events.length);
  }
  return best;
}

export function benchHandOverGate(options: HandOverGateBenchOptions): BenchRow[] {
  const bench = 'hand-over-gate';
  // One instrument that never trades (number `instruments`), on a shard none of the trading ones is on.
  const quiet = options.instruments;
  const quietShard = shardOf(`COIN${quiet}-USDT`, SHARDS);
  const trading = Array.from({ length: options.instruments }, (_, n) => n).filter((n) => shardOf(`COIN${n}-USDT`, SHARDS) !== quietShard);
  const market = [...trading, quiet].map((n) => ({ key: `COIN${n}-USDT`, coin: `COIN${n}`, quote: 'USDT', venues: [{ exchange: 'bybit' as const }] }));
  const events: TradeEvent[] = Array.from({ length: options.trades }, (_, n) => coinTrade(n, trading[n % trading.length] ?? 0, n));

  const gateOf = (nobodysQuiet: boolean): ShardHandOvers => {
    const scheduler = new VirtualTimeScheduler();
    const handOvers = new ShardHandOvers({
      instanceId: 'a',
      gate: new ShardGate(SHARDS),
      exchange: 'bybit',
      scheduler,
      timeoutMs: 10_000,
      overlapMs: 1_000,
      maxHeldTrades: 200_000,
      write: () => undefined,
    });
    handOvers.follow(() => market);
    // Every shard assigned with nobody known to serve it: served as nobody's, each until a first trade of its venue.
    handOvers.change({ kind: 'assigned', shards: Array.from({ length: SHARDS }, (_, shard) => shard) });
    // Its first trades seen (the steady state), unless the quiet shard is to stay lacking one.
    const warm = new Subject<FeedEvent>();
    warm.pipe(handOvers.gate()).subscribe(() => undefined);
    for (const event of events.slice(0, trading.length)) warm.next(event);
    if (!nobodysQuiet) warm.next(coinTrade(-1, quiet, 0));
    warm.complete();
    return handOvers;
  };
  const bare = nsPerEvent(events, (input) => input);
  const serving = nsPerEvent(events, (input) => input.pipe(gateOf(false).gate()));
  const lacking = nsPerEvent(events, (input) => input.pipe(gateOf(true).gate()));
  return [
    { bench, metric: 'instruments, shards', value: options.instruments, unit: `on ${SHARDS}` },
    { bench, metric: 'gate, every shard served, per trade', value: serving, unit: 'ns', baseline: { name: 'bare pass-through', value: bare } },
    {
      bench,
      metric: "gate, a shard served as nobody's still waiting for its first trade, per trade",
      value: lacking,
      unit: 'ns',
      baseline: { name: 'every shard served', value: serving },
    },
  ];
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const rows = benchHandOverGate({
    instruments: Number(process.env['BENCH_GATE_INSTRUMENTS'] ?? 400),
    trades: Number(process.env['BENCH_GATE_TRADES'] ?? 1_000_000),
  });
  process.stdout.write(formatTable(rows));
}
