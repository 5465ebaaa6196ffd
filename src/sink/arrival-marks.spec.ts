import { describe, expect, it } from 'vitest';
import { ArrivalMarks } from './arrival-marks.js';

describe('ArrivalMarks', () => {
  it("bounds each record's arrival by the last mark at or before its number", () => {
    const marks = new ArrivalMarks(1_000);
    // records 0-2 arrive, mark at 1_100; records 3-4 arrive, mark at 1_250; record 5 arrives
    marks.mark(3, 1_100);
    marks.mark(5, 1_250);
    expect(marks.arrivedNotBefore(0)).toBe(1_000);
    expect(marks.arrivedNotBefore(2)).toBe(1_000);
    expect(marks.arrivedNotBefore(3)).toBe(1_100);
    expect(marks.arrivedNotBefore(4)).toBe(1_100);
    expect(marks.arrivedNotBefore(5)).toBe(1_250);
    expect(marks.latest).toBe(1_250);
  });

  it('tightens the last mark when no record arrived since it', () => {
    const marks = new ArrivalMarks(0);
    marks.mark(2, 100);
    marks.mark(2, 400);
    expect(marks.arrivedNotBefore(2)).toBe(400);
    expect(marks.arrivedNotBefore(1)).toBe(0);
    expect(marks.size).toBe(2);
  });

  it('forgets marks of records that left, keeping the one that bounds the oldest left', () => {
    const marks = new ArrivalMarks(0);
    for (let i = 1; i <= 10; i++) marks.mark(i * 10, i * 100);
    marks.forgetBefore(35);
    expect(marks.size).toBe(8);
    expect(marks.arrivedNotBefore(35)).toBe(300);
    expect(marks.arrivedNotBefore(100)).toBe(1_000);
  });

  it('stays bounded in size without marks leaving: later marks are skipped, so ages are only overestimated', () => {
    const marks = new ArrivalMarks(0);
    for (let i = 1; i <= 10_000; i++) marks.mark(i, i);
    expect(marks.size).toBeLessThanOrEqual(4096);
    expect(marks.arrivedNotBefore(9_999)).toBeLessThanOrEqual(9_999);
    marks.forgetBefore(10_000);
    expect(marks.size).toBe(1);
    marks.mark(10_001, 20_000);
    expect(marks.arrivedNotBefore(10_001)).toBe(20_000);
  });
});
