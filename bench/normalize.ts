/**
 * Frames/s of parse + validate + map (the pipeline's `FrameNormalizer`) on real venue frames,
 * beside `JSON.parse` alone on the same frames.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createFrameNormalizer } from '../src/exchanges/frame-normalizer.js';
import type { ExchangeId } from '../src/model/market-record.js';
import { compareRates, formatTable, type BenchRow } from './bench-report.js';

const FIXTURES = fileURLToPath(new URL('../test/fixtures/exchange-frames/', import.meta.url));

const CASES: readonly { readonly name: string; readonly exchange: ExchangeId; readonly file: string }[] = [
  { name: 'bybit publicTrade', exchange: 'bybit', file: 'bybit-publicTrade.ndjson' },
  { name: 'bybit tickers', exchange: 'bybit', file: 'bybit-tickers.ndjson' },
  { name: 'binance trade', exchange: 'binance', file: 'binance-trade.ndjson' },
  { name: 'binance miniTicker', exchange: 'binance', file: 'binance-miniTicker.ndjson' },
];

/** The target: normalize at least 60 % of the `JSON.parse`-only rate. */
const TARGET_RATIO = 0.6;

function frames(file: string): readonly string[] {
  return readFileSync(`${FIXTURES}${file}`, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '');
}

/** Runs each case for `ms` of wall time (split between subject and baseline). */
export function benchNormalize(ms: number): BenchRow[] {
  return CASES.map(({ name, exchange, file }) => {
    const lines = frames(file);
    const normalize = createFrameNormalizer(exchange, 'bench-1');
    let next = 0;
    const pick = (): string => {
      next = next + 1 === lines.length ? 0 : next + 1;
      return lines[next] ?? '';
    };
    const subject = (): number => {
      const result = normalize(pick(), 1_700_000_000_000);
      if (!result.ok) throw new Error(`${name}: fixture frame refused: ${result.error}`);
      return result.frame.length;
    };
    const baseline = (): number => (JSON.parse(pick()) === null ? 0 : 1);
    const measured = compareRates(subject, baseline, ms / 2);
    const ratio = measured.subject / measured.baseline;
    return {
      bench: 'normalize',
      metric: `${name} (${lines.length} real frames)`,
      value: measured.subject,
      unit: 'frames/s',
      baseline: { name: 'JSON.parse only', value: measured.baseline },
      target: { text: `>= ${TARGET_RATIO.toFixed(2)}x`, met: ratio >= TARGET_RATIO },
    };
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  process.stdout.write(formatTable(benchNormalize(Number(process.env.BENCH_NORMALIZE_MS ?? 4000))));
}
