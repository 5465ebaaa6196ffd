import { readFileSync } from 'node:fs';
import type { FrameNormalizer } from '../../src/exchanges/frame-normalizer.js';
import type { BookLevel, FeedEvent } from '../../src/model/index.js';

/** The shapes tardis-node's normalized mappers give, as far as the parity tests read them. */
export interface TardisMapper<T> {
  canHandle(message: unknown): boolean;
  map(message: unknown, localTimestamp: Date): IterableIterator<T> | undefined;
}
export interface TardisTrade {
  readonly symbol: string;
  readonly id: string;
  readonly price: number;
  readonly amount: number;
  readonly side: string;
  readonly timestamp: Date;
  readonly localTimestamp: Date;
}
export interface TardisLevel {
  readonly price: number;
  readonly amount: number;
}
export interface TardisBookChange {
  readonly symbol: string;
  readonly isSnapshot: boolean;
  readonly bids: readonly TardisLevel[];
  readonly asks: readonly TardisLevel[];
  readonly timestamp: Date;
}
export interface TardisBookTicker {
  readonly symbol: string;
  readonly bidPrice?: number;
  readonly bidAmount?: number;
  readonly askPrice?: number;
  readonly askAmount?: number;
  readonly timestamp: Date;
}
export interface TardisTicker {
  readonly symbol: string;
  readonly lastPrice?: number;
  readonly openInterest?: number;
  readonly fundingRate?: number;
  readonly fundingTimestamp?: Date;
  readonly indexPrice?: number;
  readonly markPrice?: number;
  readonly timestamp: Date;
}
export interface TardisLiquidation {
  readonly symbol: string;
  readonly price: number;
  readonly amount: number;
  readonly side: string;
  readonly timestamp: Date;
}

/** A filter of our events by record type. */
export const ofType =
  <K extends FeedEvent['type']>(type: K) =>
  (e: FeedEvent): e is Extract<FeedEvent, { type: K }> =>
    e.type === type;

/** A side of our book as [price, size] pairs. */
export const levels = (side: readonly BookLevel[] | undefined): readonly (readonly number[])[] => (side ?? []).map((l) => [l.price, l.size]);

/** The non-empty lines of a recorded frames file of `test/fixtures/exchange-frames/`. */
export function recordedLines(name: string): readonly string[] {
  return readFileSync(new URL(`../fixtures/exchange-frames/${name}`, import.meta.url), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '');
}

/**
 * Each text in order through ours (`normalize`: a refused one throws) and, where it handles it, tardis's
 * mapper, both at the same receive time `localTs`.
 */
export function throughBoth<T>(
  normalize: FrameNormalizer,
  texts: readonly string[],
  localTs: number,
  mapper?: TardisMapper<T>,
): { readonly ours: readonly FeedEvent[]; readonly theirs: readonly T[] } {
  const ours: FeedEvent[] = [];
  const theirs: T[] = [];
  for (const text of texts) {
    const result = normalize(text, localTs);
    if (!result.ok) throw new Error(result.error);
    ours.push(...result.frame);
    const message: unknown = JSON.parse(text);
    if (mapper?.canHandle(message) === true) theirs.push(...(mapper.map(message, new Date(localTs)) ?? []));
  }
  return { ours, theirs };
}
