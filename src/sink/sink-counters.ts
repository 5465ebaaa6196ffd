/**
 * What the sink did, as monotonically increasing counts plus two gauges; read by the metrics
 * module and by tests. The sink only ever adds to the counts.
 */
export interface SinkCounters {
  /** Records accepted by `write()` (encoded, then buffered or spooled). */
  accepted: number;
  /** Records (and dead letters) acknowledged by Kafka. */
  acked: number;
  /** Price ticks and book tickers replaced by a later one for the same key before they were sent. */
  conflated: number;
  /** Conflatable records dropped because the conflation table was full (one slot per key). */
  conflationOverflow: number;
  /** Records written to the on-disk spool because the buffer was full or the spool was not yet drained. */
  spilled: number;
  /** Spooled records acknowledged by Kafka after a re-send. */
  resent: number;
  /** Dead letters accepted (invalid frames, records that could not be encoded or produced). */
  deadLettered: number;
  /** Records that failed to encode (each also dead-lettered). */
  encodeFailures: number;
  /** Messages Kafka refused for good (e.g. too large); each is dead-lettered (dead letters themselves are logged). */
  rejected: number;
  /** Failed produce requests (each retried). */
  sendFailures: number;
  /** Records written after `close()`, which are refused. */
  rejectedAfterClose: number;
  /** Gauge: records in memory now (queued, conflated and in flight). */
  buffered: number;
  /** Gauge: the most records ever held in memory at once. */
  bufferedHighWater: number;
  /** Gauge: records in the spool not yet acknowledged. */
  spooled: number;
}

export function createSinkCounters(): SinkCounters {
  return {
    accepted: 0,
    acked: 0,
    conflated: 0,
    conflationOverflow: 0,
    spilled: 0,
    resent: 0,
    deadLettered: 0,
    encodeFailures: 0,
    rejected: 0,
    sendFailures: 0,
    rejectedAfterClose: 0,
    buffered: 0,
    bufferedHighWater: 0,
    spooled: 0,
  };
}
