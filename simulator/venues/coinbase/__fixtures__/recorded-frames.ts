import { readFileSync } from 'node:fs';

/** The recorded frames of `coinbase-frames.ndjson` (see README.md), parsed, in file order. */
export function recordedFrames(): Record<string, unknown>[] {
  return readFileSync(new URL('coinbase-frames.ndjson', import.meta.url), 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

/** The first recorded frame of `channel` whose first event satisfies `pick`. */
export function recordedFrame(channel: string, pick: (event: Record<string, unknown>) => boolean = () => true): Record<string, unknown> {
  const found = recordedFrames().find((frame) => frame['channel'] === channel && pick(firstEvent(frame)));
  if (found === undefined) throw new Error(`no recorded ${channel} frame`);
  return found;
}

/** A recorded JSON file of this folder, parsed. */
export function recordedJson(name: string): unknown {
  return JSON.parse(readFileSync(new URL(name, import.meta.url), 'utf8'));
}

/** `events[0]` of a frame. */
export function firstEvent(frame: Record<string, unknown>): Record<string, unknown> {
  return ((frame['events'] as unknown[] | undefined)?.[0] ?? {}) as Record<string, unknown>;
}

/**
 * A JSON value's shape: an object's keys in order with their shapes, a list's distinct element
 * shapes, a primitive's type. Two frames of the same shape differ only in values and list lengths.
 */
export function shape(value: unknown): unknown {
  if (Array.isArray(value)) return [...new Set(value.map((v) => JSON.stringify(shape(v))))].sort().map((s) => JSON.parse(s) as unknown);
  if (value !== null && typeof value === 'object') return Object.entries(value).map(([k, v]) => [k, shape(v)]);
  return value === null ? 'null' : typeof value;
}
