/** One measured number beside the baseline measured in the same run. */
export interface BenchRow {
  readonly bench: string;
  readonly metric: string;
  readonly value: number;
  readonly unit: string;
  /** What the value is compared with, e.g. `JSON.parse only`; absent when there is no baseline. */
  readonly baseline?: { readonly name: string; readonly value: number };
  /** The target, as text (e.g. `>= 0.60x`), and whether it is met. */
  readonly target?: { readonly text: string; readonly met: boolean };
}

/** Per-second rate of `fn` over `ms` of wall time, called `batch` items at a time. */
export function rate(fn: () => number, ms: number): { readonly perSecond: number; readonly sink: number } {
  let items = 0;
  let sink = 0;
  const start = process.hrtime.bigint();
  const end = start + BigInt(Math.round(ms * 1e6));
  let now = start;
  while (now < end) {
    for (let i = 0; i < 64; i += 1) {
      sink += fn();
      items += 1;
    }
    now = process.hrtime.bigint();
  }
  return { perSecond: (items * 1e9) / Number(now - start), sink };
}

/** Median of the rates of `rounds` alternating runs of subject and baseline (noise from a shared machine hits both). */
export function compareRates(subject: () => number, baseline: () => number, ms: number, rounds = 5): { readonly subject: number; readonly baseline: number } {
  rate(subject, Math.min(200, ms));
  rate(baseline, Math.min(200, ms));
  const s: number[] = [];
  const b: number[] = [];
  for (let r = 0; r < rounds; r += 1) {
    b.push(rate(baseline, ms / rounds).perSecond);
    s.push(rate(subject, ms / rounds).perSecond);
  }
  return { subject: median(s), baseline: median(b) };
}

export function median(values: readonly number[]): number {
  return percentile(values, 50);
}

/** Nearest-rank percentile of unsorted values; NaN when empty. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((x, y) => x - y);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] ?? Number.NaN;
}

function format(value: number): string {
  if (!Number.isFinite(value)) return 'n/a';
  if (Math.abs(value) >= 1000) return Math.round(value).toLocaleString('en-US');
  if (Math.abs(value) >= 10) return value.toFixed(1);
  return value.toFixed(2);
}

/** A Markdown table: benchmark, metric, value, baseline, ratio, target. */
export function formatTable(rows: readonly BenchRow[]): string {
  const lines = ['| benchmark | metric | value | baseline (same run) | ratio | target |', '| --- | --- | ---: | --- | ---: | --- |'];
  for (const row of rows) {
    const baseline = row.baseline === undefined ? '' : `${format(row.baseline.value)} (${row.baseline.name})`;
    const ratio = row.baseline === undefined || row.baseline.value === 0 ? '' : `${(row.value / row.baseline.value).toFixed(2)}x`;
    const target = row.target === undefined ? '' : `${row.target.text} ${row.target.met ? 'met' : 'NOT met'}`;
    lines.push(`| ${row.bench} | ${row.metric} | ${format(row.value)} ${row.unit} | ${baseline} | ${ratio} | ${target} |`);
  }
  return `${lines.join('\n')}\n`;
}
