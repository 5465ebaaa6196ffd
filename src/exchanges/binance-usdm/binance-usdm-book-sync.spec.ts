import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { BookUpdate } from '../book-update.js';
import { chainedDelta, depthSnapshot, sidesOf, stepBook } from '../binance/__fixtures__/binance-book-steps.js';
import type { BinanceSyncRule } from '../binance/binance-book-sequencer.js';
import { parseBinanceUsdmFrame } from './binance-usdm-frames.js';
import { binanceUsdmBookPlan } from './binance-usdm-book-plan.js';

/** Steps the updates through one book under `rule` (USD-M's by default). */
const run = (updates: readonly BookUpdate[], rule: BinanceSyncRule = 'futures') => stepBook(updates, { rule });

/** Futures ids are not consecutive: the event after u 1002 starts at U 1010, and names 1002 as its pu. */
const chain = [
  chainedDelta(990, 995, 980, [[99, 9]]),
  chainedDelta(996, 1002, 995, [[100, 2]]),
  chainedDelta(1010, 1015, 1002, [], [[103, 4]]),
  chainedDelta(1016, 1020, 1015, [[100, 0]]),
] as const;

describe('stepBinanceBook under the futures rule (USD-M "How to manage a local order book correctly")', () => {
  it('drops events with u < lastUpdateId, applies first the one with U <= lastUpdateId <= u, then follows the pu chain across id jumps', () => {
    const { log, outputs } = run([
      chain[0],
      chain[1],
      depthSnapshot(
        1000,
        [
          [100, 5],
          [98, 1],
        ],
        [[102, 5]],
      ),
      chain[2],
      chain[3],
    ]);
    // 995 < 1000: dropped; 996 <= 1000 <= 1002: the first applied; 1010..1015 has pu 1002; 1016..1020 has pu 1015.
    expect(log).toEqual(['fetch', 'view 1002', 'view 1015', 'view 1020']);
    expect(sidesOf(outputs[0])).toEqual({
      bids: [
        [100, 2],
        [98, 1],
      ],
      asks: [[102, 5]],
    });
    expect(sidesOf(outputs.at(-1))).toEqual({
      bids: [[98, 1]],
      asks: [
        [102, 5],
        [103, 4],
      ],
    });
  });

  it('takes an event that ends exactly at lastUpdateId as the first (U <= 1002 <= u), which the spot rule would drop', () => {
    const { log } = run([chain[1], depthSnapshot(1002, [[100, 2]], [[102, 5]]), chain[2]]);
    expect(log).toEqual(['fetch', 'view 1002', 'view 1015']);
  });

  it('asks for another snapshot while the first event kept starts after lastUpdateId (the snapshot is older than the stream)', () => {
    const { log } = run([chain[1], depthSnapshot(990, [[100, 5]], [[102, 5]]), depthSnapshot(1000, [[100, 5]], [[102, 5]])]);
    expect(log).toEqual(['fetch', 'fetch', 'view 1002']);
  });

  it('resyncs when an event skips the chain (its pu is not the last u applied), and builds the book again from a new snapshot', () => {
    const lost = chainedDelta(1021, 1030, 1025, [[101, 1]]);
    const after = chainedDelta(1031, 1033, 1030, [], [[104, 1]]);
    const { log, outputs } = run([chain[1], depthSnapshot(1000, [[100, 5]], [[102, 5]]), chain[2], lost, after, depthSnapshot(1030, [[101, 1]], [[102, 5]])]);
    expect(log).toEqual(['fetch', 'view 1002', 'view 1015', 'resync gap at 1030: expected pu 1015, got 1025', 'fetch', 'view 1033']);
    expect(sidesOf(outputs.at(-1))).toEqual({
      bids: [[101, 1]],
      asks: [
        [102, 5],
        [104, 1],
      ],
    });
  });

  it('ignores an event repeated after it was applied (u already held)', () => {
    const { log } = run([chain[1], depthSnapshot(1000, [[100, 5]], [[102, 5]]), chain[2], chain[2], chain[3]]);
    expect(log).toEqual(['fetch', 'view 1002', 'view 1015', 'view 1020']);
  });

  it('is what separates the markets: the spot rule reads the futures id jump (U 1010 after u 1002) as a gap', () => {
    const { log } = run([chain[1], depthSnapshot(1000, [[100, 5]], [[102, 5]]), chain[2]], 'current');
    expect(log).toEqual(['fetch', 'view 1002', 'resync gap at 1015: expected U <= 1003, got 1010', 'fetch']);
  });
});

describe('binanceUsdmBookPlan', () => {
  it('reads the documented depthUpdate as a chained delta (U 157, u 160, pu 149) and subscribes depth@100ms', () => {
    const plan = binanceUsdmBookPlan();
    const text = readFileSync(new URL('./__fixtures__/binance-usdm-depthUpdate.ndjson', import.meta.url), 'utf8').trim();
    const parsed = parseBinanceUsdmFrame(text);
    if (!parsed.ok) throw new Error(parsed.error);
    expect(plan.channel).toBe('depth@100ms');
    expect(plan.updates(parsed.frame, 5)).toEqual([
      {
        type: 'book_update',
        symbol: 'BTCUSDT',
        action: 'delta',
        bids: [{ price: 0.0024, size: 10 }],
        asks: [{ price: 0.0026, size: 100 }],
        updateId: 160,
        firstUpdateId: 157,
        previousUpdateId: 149,
        exchangeTs: 123456789,
        receivedTs: 5,
      },
    ]);
  });
});
