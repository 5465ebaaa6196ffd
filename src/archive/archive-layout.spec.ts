import { describe, expect, it } from 'vitest';
import { HIVE_NULL, parseSegmentFileName, recordFolder, segmentFileName, tableOf } from './archive-layout.js';

describe('the archive layout', () => {
  it('names a table after its topic, without the prefix, market. and .v1', () => {
    expect(tableOf('market.trades.v1')).toBe('trades');
    expect(tableOf('staging.market.book-snapshots.v1', 'staging.')).toBe('book-snapshots');
    expect(tableOf('market.trades.v2')).toBe('trades.v2');
    expect(tableOf('strategy.signals.v1')).toBe('strategy.signals');
  });

  it('names a file by its segment, offsets padded so names sort as offsets do, and reads the name back', () => {
    const segment = { topic: 'market.trades.v1', partition: 3, first: 100, last: 199 };
    expect(segmentFileName(segment)).toBe('market.trades.v1_p3_o000000000100-000000000199.parquet');
    expect(parseSegmentFileName(segmentFileName(segment))).toEqual(segment);
    expect(parseSegmentFileName('part-0.parquet')).toBeUndefined();
  });

  it("writes Hive folders, a missing exchange as Hive's null folder, a slash escaped", () => {
    expect(recordFolder('trades', 'bybit', '2026-11-25')).toBe('type=trades/exchange=bybit/date=2026-11-25');
    expect(recordFolder('feed-status', undefined, '2026-11-25')).toBe(`type=feed-status/exchange=${HIVE_NULL}/date=2026-11-25`);
    expect(recordFolder('trades', 'a/b=c', '2026-11-25')).toBe('type=trades/exchange=a%2Fb%3Dc/date=2026-11-25');
  });
});
