/**
 * What the options venues' frames carry, read the way `bench/options.ts` counts them: the summaries
 * each frame makes (one per option named, each to come out as one `option_summary` record), the marks
 * a summary waits for, and the frames that carry a whole family's summaries at once. The feed's own
 * readers are not used: the count checks them.
 */
import type { CaptureLine } from '../src/capture/capture-line.js';

/** The options venues the bench knows; `binance_options` is measured only when the pipeline has it. */
export const OPTION_VENUES = ['deribit_options', 'bybit_options', 'okx_options', 'binance_options'] as const;
export type OptionVenueName = (typeof OPTION_VENUES)[number];

export interface OptionSummaryFrames {
  /** What makes one summary, as the row says it. */
  readonly unit: string;
  /** The options a frame makes a summary of, one entry a summary (a family's push: one an option it lists). */
  readonly summariesIn: (frame: unknown) => readonly string[];
  /** The options whose mark a frame carries apart from any summary: a summary made before its option's first mark waits for it (OKX). */
  readonly marksIn?: (frame: unknown) => readonly string[];
  /** Whether a frame is one push of a family's summaries (OKX's `opt-summary`), also measured per push. */
  readonly familyPush?: { readonly name: string; readonly is: (frame: unknown) => boolean };
}

interface DeribitNotification {
  readonly params?: { readonly channel?: string; readonly data?: { readonly instrument_name?: unknown } };
}

interface BybitPush {
  readonly topic?: string;
  readonly data?: { readonly symbol?: unknown };
}

interface OkxPush {
  readonly arg?: { readonly channel?: string; readonly instId?: string };
  readonly data?: unknown;
}

interface BinanceEntry {
  readonly e?: unknown;
  readonly s?: unknown;
}

/** The entries' `instId` of an OKX push on `channel`, none on any other channel. */
function okxEntries(frame: unknown, channel: string): readonly string[] {
  const push = frame as OkxPush;
  if (push.arg?.channel !== channel || !Array.isArray(push.data)) return [];
  return (push.data as readonly { readonly instId?: unknown }[]).map((entry) => String(entry.instId));
}

/** The options of a Binance `<underlying>@optionMarkPrice` payload, bare or in a combined stream's `{"stream","data"}`. */
function binanceMarkEntries(frame: unknown): readonly string[] {
  const wrapped = frame as { readonly stream?: unknown; readonly data?: unknown };
  const payload = typeof wrapped.stream === 'string' ? wrapped.data : frame;
  if (!Array.isArray(payload)) return [];
  return (payload as readonly BinanceEntry[]).flatMap((entry) => (entry.e === 'markPrice' ? [String(entry.s)] : []));
}

export const OPTION_SUMMARY_FRAMES: Readonly<Record<OptionVenueName, OptionSummaryFrames>> = {
  deribit_options: {
    unit: 'a ticker notification',
    summariesIn: (frame) => {
      const { channel = '', data } = (frame as DeribitNotification).params ?? {};
      return channel.startsWith('ticker.') ? [String(data?.instrument_name)] : [];
    },
  },
  bybit_options: {
    unit: 'a tickers push',
    summariesIn: (frame) => {
      const push = frame as BybitPush;
      return push.topic?.startsWith('tickers.') === true ? [String(push.data?.symbol)] : [];
    },
  },
  okx_options: {
    unit: "an opt-summary entry, with the option's mark-price, open-interest and tickers pushes merged",
    summariesIn: (frame) => okxEntries(frame, 'opt-summary'),
    marksIn: (frame) => okxEntries(frame, 'mark-price'),
    familyPush: { name: 'opt-summary push', is: (frame) => (frame as OkxPush).arg?.channel === 'opt-summary' },
  },
  binance_options: {
    unit: 'an optionMarkPrice entry',
    summariesIn: binanceMarkEntries,
  },
};

/**
 * The line after the one where the last of `followed` had its first summary published (its first
 * summary, or its first mark when the venue's summaries wait for one, whichever came later): from there
 * every followed option has its state, and every summary counted goes out at once.
 */
export function afterFirstSummaries(lines: readonly CaptureLine[], venue: OptionSummaryFrames, followed: ReadonlySet<string>): number {
  const summarized = new Map<string, number>();
  const marked = new Map<string, number>();
  for (const [n, line] of lines.entries()) {
    const frame: unknown = JSON.parse(line.frame);
    for (const option of venue.summariesIn(frame)) if (followed.has(option) && !summarized.has(option)) summarized.set(option, n);
    for (const option of venue.marksIn?.(frame) ?? []) if (followed.has(option) && !marked.has(option)) marked.set(option, n);
  }
  const missing = [...followed].filter((option) => !summarized.has(option) || (venue.marksIn !== undefined && !marked.has(option)));
  if (missing.length > 0) throw new Error(`${missing.length} options never summarized in ${lines.length} frames, e.g. ${missing.slice(0, 3).join(', ')}`);
  let last = 0;
  for (const option of followed) last = Math.max(last, summarized.get(option) ?? 0, marked.get(option) ?? 0);
  return last + 1;
}

/** The summaries of `followed` options the frames make. */
export function summariesOf(lines: readonly CaptureLine[], venue: OptionSummaryFrames, followed: ReadonlySet<string>): number {
  return lines.reduce((n, line) => n + venue.summariesIn(JSON.parse(line.frame)).filter((option) => followed.has(option)).length, 0);
}
