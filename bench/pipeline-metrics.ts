/** What the benchmarks read from the pipeline's Prometheus `/metrics`. */
export interface PipelineMetrics {
  /** p99 event-loop delay over the last scrape interval, s. */
  readonly eventLoopLagP99?: number;
  /** Cumulative bucket counts of receive -> Kafka ack for trades, by upper bound in s. */
  readonly receiveToAck: readonly { readonly le: number; readonly count: number }[];
}

/** Upper bound (s) of the bucket holding the `p`th percentile of what was observed between two scrapes. */
export function bucketPercentileBetween(before: PipelineMetrics, after: PipelineMetrics, p: number): number | undefined {
  const deltas = after.receiveToAck.map((b, i) => ({ le: b.le, count: b.count - (before.receiveToAck[i]?.count ?? 0) }));
  const total = deltas.at(-1)?.count ?? 0;
  return total === 0 ? undefined : deltas.find((b) => b.count >= (p / 100) * total)?.le;
}

export async function scrapeMetrics(port: number): Promise<PipelineMetrics> {
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  const lag = /^market_feed_nodejs_eventloop_lag_p99_seconds (\S+)$/m.exec(text)?.[1];
  const buckets: { le: number; count: number }[] = [];
  for (const match of text.matchAll(/^market_feed_receive_to_ack_seconds_bucket\{le="([^"]+)",topic="[^"]*trades[^"]*"\} (\S+)$/gm)) {
    buckets.push({ le: match[1] === '+Inf' ? Number.POSITIVE_INFINITY : Number(match[1]), count: Number(match[2]) });
  }
  return { ...(lag === undefined ? {} : { eventLoopLagP99: Number(lag) }), receiveToAck: buckets };
}
