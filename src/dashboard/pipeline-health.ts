/** A counter's value at a time, to turn two readings into a rate. */
export interface CounterReading {
  readonly at: number;
  readonly value: number;
}

/** Where the record rates come from: the `run` process's `/metrics`, or the topics' end offsets. */
export type RateSource = 'metrics' | 'topics';

/** What the page shows about the pipeline and the dashboard's own reading of Kafka. */
export interface PipelineHealth {
  readonly kafka: 'connecting' | 'connected' | 'unreachable';
  /** When `kafka` last changed, epoch ms. */
  readonly kafkaSince: number;
  readonly kafkaError?: string;
  readonly rateSource: RateSource;
  /** Records per second received by `run` (metrics only). */
  readonly inPerSecond?: number;
  /** Records per second acknowledged by Kafka (metrics), or appended to the topics (topics). */
  readonly ackedPerSecond?: number;
  /** Records in the topics this dashboard has not read yet. */
  readonly lag?: number;
  /** Records in `run`'s on-disk spool (metrics only). */
  readonly spoolRecords?: number;
  /** Records in the dead-letter topic. */
  readonly deadLetters?: number;
  /** Records that could not be decoded, and the last reason. */
  readonly undecodable: number;
  readonly lastUndecodable?: string;
  /** Whether `/metrics` answered at the last scrape (metrics only). */
  readonly metricsError?: string;
  readonly readings: Readonly<Record<string, CounterReading>>;
}

export function initialHealth(now: number, rateSource: RateSource): PipelineHealth {
  return { kafka: 'connecting', kafkaSince: now, rateSource, undecodable: 0, readings: {} };
}

/** Per second between two readings of a counter; undefined for the first reading, a reset or no time passed. */
export function rateBetween(previous: CounterReading | undefined, next: CounterReading): number | undefined {
  if (previous === undefined || next.at <= previous.at || next.value < previous.value) return undefined;
  return ((next.value - previous.value) * 1000) / (next.at - previous.at);
}

/** The Kafka connection as the dashboard's probe and consumer last saw it. */
export function withKafka(health: PipelineHealth, kafka: PipelineHealth['kafka'], at: number, error?: string): PipelineHealth {
  const { kafkaError: _dropped, ...rest } = health;
  return { ...rest, kafka, kafkaSince: health.kafka === kafka ? health.kafkaSince : at, ...(error === undefined ? {} : { kafkaError: error }) };
}

/** Folds a counter reading in: the named rate field is computed against the previous reading of the same counter. */
export function withCounter(health: PipelineHealth, counter: string, field: 'inPerSecond' | 'ackedPerSecond', reading: CounterReading): PipelineHealth {
  const rate = rateBetween(health.readings[counter], reading);
  return { ...health, readings: { ...health.readings, [counter]: reading }, ...(rate === undefined ? {} : { [field]: rate }) };
}

/** Sums every sample of a metric (all label sets) in a Prometheus text exposition; undefined when it has none. */
export function metricSum(exposition: string, name: string, labels: Readonly<Record<string, string>> = {}): number | undefined {
  let total: number | undefined;
  for (const line of exposition.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    if (!Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`))) continue;
    const value = Number(line.slice(line.lastIndexOf(' ') + 1));
    if (Number.isFinite(value)) total = (total ?? 0) + value;
  }
  return total;
}
