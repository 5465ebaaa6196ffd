import { readFileSync, readdirSync } from 'node:fs';
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { mutate } from './mutate-json.js';

/** One line of a recorded (or documented) frame file. */
export interface FrameLine {
  readonly file: string;
  readonly text: string;
}

/** The venues' recorded frames, shared by every venue's specs. */
export const RECORDED_FRAMES = new URL('../../../test/fixtures/exchange-frames/', import.meta.url);

/** Every non-empty line of the `.ndjson` files of `dir` whose name passes `keep`. */
export function frameLines(dir: URL, keep: (file: string) => boolean = () => true): readonly FrameLine[] {
  return readdirSync(dir)
    .filter((file) => keep(file) && file.endsWith('.ndjson'))
    .flatMap((file) =>
      readFileSync(new URL(file, dir), 'utf8')
        .split('\n')
        .map((text) => ({ file, text })),
    )
    .filter(({ text }) => text.trim() !== '');
}

/** Records a venue path emitted, counted by its `problemsOf`, so that a property over refusals alone is caught. */
export class EmittedCount {
  private count = 0;

  add(records: number): void {
    this.count += records;
  }

  /** The records added since the last call. */
  take(): number {
    const count = this.count;
    this.count = 0;
    return count;
  }
}

/** One venue path (parse, map, and whatever state it folds into) as the properties see it. */
export interface PathUnderFuzz {
  /** What is wrong with what the path made of `text`; a throw fails the property. */
  readonly problemsOf: (text: string) => readonly string[];
  /** Where `problemsOf` counts the records the path emitted. */
  readonly emitted: EmittedCount;
  /** Real frames, each mutated one field at a time. */
  readonly frames: readonly unknown[];
  /** Records a run of 3,000 mutated frames emits at least, so that a property over refusals alone is caught. */
  readonly emittedAtLeast: number;
  /** Runs of the arbitrary-input property; default 2,000. */
  readonly arbitraryRuns?: number;
}

/** A value a field of a real frame is replaced with: missing, any JSON, or a number or decimal a venue would never send. */
const BAD_VALUE = fc.oneof(fc.constant(undefined), fc.jsonValue(), fc.constantFrom('NaN', '-1', '0', '', 'Infinity', '1e999', null, -1, 1.5, [], {}));
const BAD_DECIMAL = fc.constantFrom('NaN', '-1', '0', '', 'abc', '1e999');

/**
 * The properties every venue path holds, as tests of the calling `describe`: it never throws on
 * arbitrary text or JSON (what is not JSON is refused with the JSON reader's reason, the rest naming
 * a field); and on real frames with one field replaced, removed or retyped, or one number replaced by
 * a bad decimal, it emits only well-formed records of the frame.
 */
export function neverThrowProperties(path: PathUnderFuzz): void {
  const { problemsOf, frames } = path;
  it("never throws on arbitrary text or JSON, refusing what is not JSON with the JSON reader's reason and the rest naming a field", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.jsonValue().map((value) => JSON.stringify(value)),
        ),
        (text) => {
          expect(problemsOf(text)).toEqual([]);
        },
      ),
      { numRuns: path.arbitraryRuns ?? 2000 },
    );
  });

  for (const [what, replacement] of [
    ['real frames with one field replaced, removed or retyped, and emits only well-formed records of the frame', BAD_VALUE],
    ['real frames with one number replaced by a bad decimal, and emits only finite positive prices and sizes of the frame', BAD_DECIMAL],
  ] as const)
    it(`never throws on ${what}`, () => {
      path.emitted.take();
      fc.assert(
        fc.property(fc.constantFrom(...frames), fc.nat(), replacement, (frame, pick, value) => {
          expect(problemsOf(JSON.stringify(mutate(frame, pick, value)))).toEqual([]);
        }),
        { numRuns: 3000 },
      );
      expect(path.emitted.take()).toBeGreaterThan(path.emittedAtLeast);
    });
}
