/**
 * The dashboard's reducers at the whole market's size: folds records of 2,600 instruments (60 %
 * USDT, 40 % USDC, 13 shards a venue) until every per-instrument history is full (a trade every
 * second of each instrument for six minutes: 60 second buckets, 60 sparkline points, 40 sales; a
 * 200-level book snapshot, book stats, both windows and large trades of each), and reports the heap
 * the state holds, per instrument, the fold's cost per record, and the page's view: its build time
 * and size with the default 50 rows against all 2,600.
 *
 *   node --expose-gc --import tsx bench/dashboard-memory.ts      (BENCH_INSTRUMENTS, default 2600)
 */
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { dashboardView, EMPTY_DASHBOARD, reduceDashboard, type DashboardInput, type DashboardState } from '../src/dashboard/dashboard-state.js';
import { parseInstrumentFilter, rankInstruments } from '../src/dashboard/instrument-table.js';
import { initialHealth } from '../src/dashboard/pipeline-health.js';
import type { FeedStatus } from '../src/model/feed-status.js';
import type { TradeEvent } from '../src/model/trade-event.js';

const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) throw new Error('run with node --expose-gc');
const count = Number(process.env['BENCH_INSTRUMENTS'] ?? 2600);
const SECONDS = 360;
const instruments = Array.from({ length: count }, (_, i) => ({ coin: `C${i}`, quote: i % 5 < 3 ? 'USDT' : 'USDC' }));
const heap = (): number => {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
};
const mib = (bytes: number): string => (bytes / 1024 / 1024).toFixed(1);
const start = 1_700_000_000_000;

/** The records in batches (the shards' statuses, then a second of the market each), so only the fold is timed. */
function* batches(): Generator<readonly DashboardInput[]> {
  const batch: DashboardInput[] = [];
  for (let shard = 0; shard < Math.ceil(count / 200); shard++) {
    const members = instruments.slice(shard * 200, shard * 200 + 200).map((i) => `${i.coin}-${i.quote}`);
    const status: FeedStatus = {
      type: 'feed_status',
      exchange: 'bybit',
      state: 'subscribed',
      reason: 'subscribed',
      shard: `s${shard}`,
      instruments: members,
      ts: start,
    };
    batch.push({ kind: 'record', record: status });
  }
  yield batch.splice(0);
  for (let s = 0; s < SECONDS; s++) {
    const ts = start + s * 1000;
    for (const [n, { coin, quote }] of instruments.entries()) {
      const base = {
        exchange: 'bybit',
        symbol: `${coin}${quote}`,
        coin,
        quote,
        isFallback: false,
        env: 'prod',
        connectionId: `bybit-s${Math.floor(n / 200)}`,
      } as const;
      const trade: TradeEvent = {
        ...base,
        type: 'trade',
        tradeId: `${s}-${n}-1234567890`,
        price: 100 + Math.sin(s / 10 + n),
        quantity: 0.5,
        side: s % 2 === 0 ? 'BUY' : 'SELL',
        isBuyerMaker: s % 2 === 1,
        exchangeTs: ts,
        receivedTs: ts,
      };
      batch.push({ kind: 'record', record: trade });
      if (s % 5 === 0)
        batch.push({
          kind: 'record',
          record: {
            ...base,
            type: 'price_tick',
            price: trade.price,
            open24h: 99,
            change24hPct: 1,
            high24h: 110,
            low24h: 90,
            volume24h: 1e6,
            exchangeTs: ts,
            receivedTs: ts,
          },
        });
      if (s >= SECONDS - 2) {
        batch.push({
          kind: 'record',
          record: {
            ...base,
            type: 'large_trade',
            tradeId: trade.tradeId,
            price: trade.price,
            quantity: 50,
            side: 'BUY',
            isBuyerMaker: false,
            exchangeTs: ts,
            receivedTs: ts,
            ratio: 12,
            meanQuantity: 4,
            lookback: 500,
          },
        });
        for (const windowMs of [1000, 60_000]) {
          batch.push({
            kind: 'record',
            record: {
              type: 'window_stats',
              exchange: 'bybit',
              symbol: base.symbol,
              coin,
              quote,
              env: 'prod',
              windowMs,
              windowStart: ts - windowMs,
              windowEnd: ts,
              open: 1,
              high: 2,
              low: 0.5,
              close: 1.5,
              vwap: 1.2,
              volume: 10,
              quoteVolume: 12,
              tradeCount: 10,
              buyVolume: 5,
              sellVolume: 5,
              flow: 'NEUTRAL',
              largeTradeCount: 1,
              complete: true,
            },
          });
        }
        const side = (sign: number): readonly { price: number; size: number }[] =>
          Array.from({ length: 200 }, (_, i) => ({ price: 100 + sign * (i + 1) * 0.01, size: 1 + i }));
        const origin = {
          exchange: 'bybit',
          symbol: base.symbol,
          coin,
          quote,
          connectionId: base.connectionId,
          isFallback: false,
          env: 'prod',
          exchangeTs: ts,
          receivedTs: ts,
        };
        batch.push({ kind: 'book', instrument: `${coin}-${quote}`, value: { ...origin, depth: 200, bids: side(-1), asks: side(1), updateId: s } });
        batch.push({
          kind: 'bookStats',
          instrument: `${coin}-${quote}`,
          value: { ...origin, bestBid: 99.99, bestAsk: 100.01, spread: 0.02, spreadBps: 2, mid: 100, imbalance: 0.1, imbalanceLevels: 20 },
        });
      }
    }
    yield batch.splice(0);
  }
  // A last small batch, so the big one before it is garbage when the heap is read.
  yield [{ kind: 'dead_letter' }];
}

const before = heap();
let state: DashboardState = EMPTY_DASHBOARD;
let folded = 0;
let foldMs = 0;
for (const batch of batches()) {
  const began = performance.now();
  for (const input of batch) state = reduceDashboard(state, input);
  foldMs += performance.now() - began;
  folded += batch.length;
}
const held = heap() - before;

// Steady state: trades built before the clock starts, folded into the full state (their garbage collected as it comes).
const steady: DashboardInput[] = Array.from({ length: 100_000 }, (_, n) => {
  const { coin, quote } = instruments[(n * 7919) % count] ?? { coin: 'C0', quote: 'USDT' };
  const ts = start + SECONDS * 1000 + Math.floor(n / 100);
  const trade: TradeEvent = {
    exchange: 'bybit',
    symbol: `${coin}${quote}`,
    coin,
    quote,
    isFallback: false,
    env: 'prod',
    connectionId: 'bybit-s0',
    type: 'trade',
    tradeId: `steady-${n}`,
    price: 100,
    quantity: 1,
    side: 'BUY',
    isBuyerMaker: false,
    exchangeTs: ts,
    receivedTs: ts,
  };
  return { kind: 'record', record: trade };
});
const steadyStart = performance.now();
for (const input of steady) state = reduceDashboard(state, input);
const steadyMs = performance.now() - steadyStart;
steady.length = 0;

const now = start + SECONDS * 1000;
const health = initialHealth(now, 'topics');
const timed = <T>(work: () => T, runs = 20): { readonly value: T; readonly ms: number } => {
  let value = work();
  const t0 = performance.now();
  for (let i = 0; i < runs; i++) value = work();
  return { value, ms: (performance.now() - t0) / runs };
};
const rank = timed(() => rankInstruments(state.instruments, now));
const top = timed(() => JSON.stringify(dashboardView(state, health, now, { coin: 'C7' }, rank.value)));
const filtered = timed(() => JSON.stringify(dashboardView(state, health, now, { coin: 'C7', filter: parseInstrumentFilter('quote:usdc C1') }, rank.value)));
const whole = timed(() => JSON.stringify(dashboardView(state, health, now, { coin: 'C7', limit: count }, rank.value)), 5);
const sample = state.instruments.get('C7-USDT');
const detail = state.details.get('C7-USDT');

process.stdout.write(
  [
    `load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(
        ' ',
      )} on ${cpus().length} cores\ndashboard reducers at ${count} instruments (${Math.ceil(count / 200)} shards), every history full (${SECONDS} s of a trade a second each):`,
    `- folded ${folded.toLocaleString('en-US')} records in ${(foldMs / 1000).toFixed(1)} s of folding (making them not counted): ${((foldMs * 1000) / folded).toFixed(2)} µs a record`,
    `- steady state: 100,000 trades into the full state in ${steadyMs.toFixed(0)} ms: ${((steadyMs * 1000) / 100_000).toFixed(2)} µs a trade, garbage collection included`,
    `- heap held by the state (after GC, batches gone): ${mib(held)} MiB, ${(held / count / 1024).toFixed(1)} KiB an instrument`,
    `  (per instrument: ${sample?.seconds.length} second buckets, ${sample?.spark.length} sparkline points, ${detail?.sales.length} sales, book levels kept ${(detail?.book?.['bids'] as unknown[] | undefined)?.length} a side, ${Object.keys(detail?.stats ?? {}).length} windows)`,
    `- ranking ${count} instruments: ${rank.ms.toFixed(2)} ms (once per push, shared by every page)`,
    `- the page's view, 50 rows: ${(top.value.length / 1024).toFixed(1)} KiB built in ${top.ms.toFixed(2)} ms; filtered (quote:usdc C1): ${(filtered.value.length / 1024).toFixed(1)} KiB in ${filtered.ms.toFixed(2)} ms`,
    `- the view with all ${count} rows, for comparison: ${(whole.value.length / 1024).toFixed(1)} KiB in ${whole.ms.toFixed(2)} ms; at 4 pushes/s that is ${((whole.value.length * 4) / 1024 / 1024).toFixed(1)} MiB/s against ${((top.value.length * 4) / 1024).toFixed(0)} KiB/s`,
  ].join('\n') + '\n',
);
