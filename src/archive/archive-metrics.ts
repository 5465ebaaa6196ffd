import { Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import type { ArchiveCounters } from './archiver.js';

/**
 * The archive's Prometheus metrics, read from its counters at each scrape: what it archived, what it
 * could not decode (dead letters), what it held unwritten, and whether its commits are landing.
 */
export class ArchiveMetrics {
  readonly registry = new Registry();

  constructor(counters: () => ArchiveCounters, held: () => { readonly bytes: number; readonly partitions: number }) {
    collectDefaultMetrics({ register: this.registry });
    const counter = (name: string, help: string, value: (c: ArchiveCounters) => number): void => {
      // A counter whose value is the archiver's own tally: a gauge-shaped collect under a _total name.
      new Gauge({
        name,
        help,
        registers: [this.registry],
        collect() {
          this.set(value(counters()));
        },
      });
    };
    counter('market_feed_archive_records_total', 'Records written to the archive (rows)', (c) => c.records);
    counter('market_feed_archive_dead_letters_total', 'Records that did not decode, written to dead-letters/ with their offsets', (c) => c.deadLetters);
    counter('market_feed_archive_files_total', 'Parquet files renamed into place', (c) => c.files);
    counter('market_feed_archive_segments_total', "Segments written (a partition's records between two commits)", (c) => c.segments);
    counter('market_feed_archive_bytes_written_total', 'Bytes of Parquet written', (c) => c.bytesWritten);
    counter('market_feed_archive_rewritten_segments_total', 'Segments written again, the same, after a run that did not commit them', (c) => c.rewritten);
    counter('market_feed_archive_commit_failures_total', 'Offset commits that failed (tried again)', (c) => c.commitFailures);
    new Gauge({
      name: 'market_feed_archive_buffered_bytes',
      help: 'Bytes of Kafka values read and not yet written',
      registers: [this.registry],
      collect() {
        this.set(held().bytes);
      },
    });
    new Gauge({
      name: 'market_feed_archive_partitions',
      help: 'Partitions this instance archives',
      registers: [this.registry],
      collect() {
        this.set(held().partitions);
      },
    });
  }

  exposition(): Promise<string> {
    return this.registry.metrics();
  }
}
