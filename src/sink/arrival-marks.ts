/** Live marks kept at most; past it new marks are skipped, which only makes the bound coarser. */
const MAX_MARKS = 4096;

/**
 * When numbered records arrived, known without reading the clock per record. A mark `(seq, at)`
 * says "records numbered `seq` and later arrived at `at` or later"; marks are taken where the clock
 * is read anyway (each send-loop turn, each readiness or metrics look). So a record's arrival is
 * bounded from below by the last mark at or before its number: its age is never underestimated,
 * and overestimated by at most the gap between two marks.
 */
export class ArrivalMarks {
  private seqs: number[];
  private times: number[];
  private first = 0;

  /** `start`: epoch ms before the first record (number 0) can have arrived. */
  constructor(start: number) {
    this.seqs = [0];
    this.times = [start];
  }

  /** Notes that every record numbered `seq` or later arrives at `at` or later. */
  mark(seq: number, at: number): void {
    const last = this.seqs.length - 1;
    if (this.seqs[last] === seq) {
      this.times[last] = Math.max(this.times[last] ?? at, at);
      return;
    }
    if (this.seqs.length - this.first >= MAX_MARKS) return;
    this.seqs.push(seq);
    this.times.push(at);
  }

  /** The earliest time record `seq` can have arrived. */
  arrivedNotBefore(seq: number): number {
    let i = this.first;
    while (i + 1 < this.seqs.length && (this.seqs[i + 1] ?? Infinity) <= seq) i++;
    return this.times[i] ?? 0;
  }

  /** The time of the latest mark: every record numbered from now on arrives at it or later. */
  get latest(): number {
    return this.times[this.times.length - 1] ?? 0;
  }

  /** Forgets the marks that only bound records numbered below `seq` (they have left). */
  forgetBefore(seq: number): void {
    while (this.first + 1 < this.seqs.length && (this.seqs[this.first + 1] ?? Infinity) <= seq) this.first++;
    if (this.first > 1024) {
      this.seqs = this.seqs.slice(this.first);
      this.times = this.times.slice(this.first);
      this.first = 0;
    }
  }

  /** Live marks (for tests and bounds). */
  get size(): number {
    return this.seqs.length - this.first;
  }
}
