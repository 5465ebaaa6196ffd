/** The sample names each metric type puts on the wire (OpenMetrics text format 0.0.4). */
const SAMPLE_SUFFIXES: Readonly<Record<string, readonly string[]>> = {
  histogram: ['_bucket', '_sum', '_count'],
  summary: ['', '_sum', '_count'],
  counter: [''],
  gauge: [''],
  untyped: [''],
};

export interface ExposedMetrics {
  /** Every name a query can select: the sample names of each declared family, and every sample line's name. */
  readonly names: ReadonlySet<string>;
  /** Sample names with at least one sample line now. */
  readonly withSamples: ReadonlySet<string>;
}

/** Parses a Prometheus text exposition (`# TYPE` lines and sample lines). */
export function exposedMetricNames(exposition: string): ExposedMetrics {
  const names = new Set<string>();
  const withSamples = new Set<string>();
  for (const line of exposition.split('\n')) {
    const type = /^# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (\w+)$/.exec(line);
    if (type !== null) {
      const [, family = '', kind = ''] = type;
      const suffixes = SAMPLE_SUFFIXES[kind];
      if (suffixes === undefined) throw new Error(`unknown metric type in: ${line}`);
      for (const suffix of suffixes) names.add(`${family}${suffix}`);
      continue;
    }
    if (line.startsWith('#') || line.trim() === '') continue;
    const sample = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{.*\})? \S+( \d+)?$/.exec(line);
    if (sample === null) throw new Error(`not a sample line: ${line}`);
    names.add(sample[1] ?? '');
    withSamples.add(sample[1] ?? '');
  }
  return { names, withSamples };
}
