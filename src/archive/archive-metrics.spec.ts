import { describe, expect, it } from 'vitest';
import { ArchiveMetrics } from './archive-metrics.js';
import type { ArchiveCounters } from './archiver.js';

describe('ArchiveMetrics', () => {
  it("reads the archiver's counters at each scrape", async () => {
    const counters: ArchiveCounters = { records: 0, deadLetters: 0, files: 0, segments: 0, bytesWritten: 0, rewritten: 0, commitFailures: 0 };
    const metrics = new ArchiveMetrics(
      () => counters,
      () => ({ bytes: 2048, partitions: 6 }),
    );
    Object.assign(counters, { records: 1200, deadLetters: 3, files: 14, segments: 9, bytesWritten: 81_920, rewritten: 2, commitFailures: 1 });
    const text = await metrics.exposition();
    for (const line of [
      'market_feed_archive_records_total 1200',
      'market_feed_archive_dead_letters_total 3',
      'market_feed_archive_files_total 14',
      'market_feed_archive_segments_total 9',
      'market_feed_archive_bytes_written_total 81920',
      'market_feed_archive_rewritten_segments_total 2',
      'market_feed_archive_commit_failures_total 1',
      'market_feed_archive_buffered_bytes 2048',
      'market_feed_archive_partitions 6',
    ])
      expect(text.split('\n')).toContain(line);
  });
});
