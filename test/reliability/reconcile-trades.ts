import type { SentTrade } from '../../simulator/sim-venue.js';
import type { ConsumedRecord } from '../support/topic-reader.js';

/** States that say a venue's data stopped: trades missing after one of them are reported, not lost. */
const OUTAGE_STATES = new Set(['disconnected', 'retry_scheduled', 'feed_stale', 'geo_blocked', 'retries_exhausted', 'all_sources_down']);
/** States that say data flows again. */
const RESUME_STATES = new Set(['subscribed', 'feed_recovered']);

/** What the simulator wrote to sockets, compared with what is in Kafka, by (symbol, trade id). */
export interface Reconciliation {
  /** Distinct trades the simulator wrote to a socket of the venue. */
  readonly sent: number;
  /** Of those, how many are in Kafka. */
  readonly delivered: number;
  /** Trades in Kafka more than once. */
  readonly duplicates: readonly string[];
  /** Sent, not in Kafka, inside a `gap` range or an outage (disconnected/stale .. subscribed/recovered). */
  readonly reported: readonly string[];
  /** Sent, not in Kafka, and no status explains it: a silent loss. */
  readonly unexplained: readonly string[];
  /** Live records (not `source: repair`) in Kafka but never sent by the simulator. */
  readonly unexpected: readonly string[];
  /** Records a gap's repair published (`source: repair`): the venue made them, the socket never carried them. */
  readonly repaired: readonly string[];
  /** Consecutive-id venues: repaired records whose id lies in no `gap` range (a repair may only fill a named gap). */
  readonly repairedOutsideGaps: readonly string[];
  /** Consecutive-id venues: ids between a symbol's first and last trade in Kafka that are neither in Kafka nor in a `gap`. */
  readonly uncoveredIds: readonly string[];
  /** Trade ids named missing by `gap` statuses. */
  readonly gapIds: number;
}

export interface ReconcileInput {
  readonly exchange: string;
  readonly sent: readonly SentTrade[];
  /** Every `trade` record read from Kafka. */
  readonly trades: readonly ConsumedRecord[];
  /** Every `feed_status` record read from Kafka. */
  readonly statuses: readonly ConsumedRecord[];
  /** Venue trade ids are consecutive per symbol (Binance): check that every hole is a reported `gap`. */
  readonly consecutiveIds?: boolean;
}

const keyOf = (symbol: unknown, id: unknown): string => `${String(symbol)}/${String(id)}`;

/** Reconciles one venue's sent trades with Kafka. */
export function reconcileTrades(input: ReconcileInput): Reconciliation {
  const trades = input.trades.map((t) => t.value).filter((t) => t['exchange'] === input.exchange);
  const statuses = input.statuses.map((s) => s.value).filter((s) => s['exchange'] === input.exchange);
  const inKafka = new Map<string, number>();
  for (const t of trades) inKafka.set(keyOf(t['symbol'], t['tradeId']), (inKafka.get(keyOf(t['symbol'], t['tradeId'])) ?? 0) + 1);
  const repaired = new Set(trades.filter((t) => t['source'] === 'repair').map((t) => keyOf(t['symbol'], t['tradeId'])));
  const sent = new Map<string, SentTrade>();
  for (const s of input.sent) sent.set(keyOf(s.symbol, s.tradeId), s);

  // A gap named by time whose first id was not known (nothing of the symbol published before) has
  // its range from the repair's answer, which found the first id (same symbol and end).
  const answers = statuses.filter((s) => s['state'] === 'gap_repaired' || s['state'] === 'gap_unrepaired');
  const firstIdOf = (gap: Readonly<Record<string, unknown>>): number => {
    if (gap['missingFrom'] !== null && gap['missingFrom'] !== undefined) return Number(gap['missingFrom']);
    const answer = answers.find(
      (s) => s['symbol'] === gap['symbol'] && s['missingTo'] === gap['missingTo'] && s['missingFrom'] !== null && s['missingFrom'] !== undefined,
    );
    return answer === undefined ? Number(gap['missingTo']) + 1 : Number(answer['missingFrom']);
  };
  // A gap named by time (a venue whose ids are not consecutive) says its range only in its reason: the trades after one id and before another.
  const byTime = (s: Readonly<Record<string, unknown>>): { readonly symbol: string; readonly from: number; readonly to: number } | undefined => {
    const range = /^trades after id (\d+) \(.*?\) and before id (\d+)/.exec(String(s['reason']));
    return range === null ? undefined : { symbol: String(s['symbol']), from: Number(range[1]) + 1, to: Number(range[2]) - 1 };
  };
  const gaps = statuses
    .filter((s) => s['state'] === 'gap')
    .flatMap((s) => {
      if (s['missingTo'] !== null && s['missingTo'] !== undefined) return [{ symbol: String(s['symbol']), from: firstIdOf(s), to: Number(s['missingTo']) }];
      const range = byTime(s);
      return range === undefined ? [] : [range];
    });
  const inGap = (symbol: string, id: number): boolean => gaps.some((g) => g.symbol === symbol && g.from <= id && id <= g.to);
  const outages = outageWindows(trades, statuses);
  const inOutage = (ts: number): boolean => outages.some((w) => w.from < ts && ts <= w.to);

  const reported: string[] = [];
  const unexplained: string[] = [];
  let delivered = 0;
  for (const [key, s] of sent) {
    if (inKafka.has(key)) delivered++;
    else if (inGap(s.symbol, s.tradeId) || inOutage(s.ts)) reported.push(key);
    else unexplained.push(key);
  }

  const uncoveredIds: string[] = [];
  if (input.consecutiveIds === true) {
    const bySymbol = new Map<string, number[]>();
    for (const t of trades) bySymbol.set(String(t['symbol']), [...(bySymbol.get(String(t['symbol'])) ?? []), Number(t['tradeId'])]);
    for (const [symbol, ids] of bySymbol) {
      const present = new Set(ids);
      for (let id = Math.min(...ids); id <= Math.max(...ids); id++) {
        if (!present.has(id) && !inGap(symbol, id)) uncoveredIds.push(`${symbol}/${id}`);
      }
    }
  }

  return {
    sent: sent.size,
    delivered,
    duplicates: [...inKafka].filter(([, n]) => n > 1).map(([key]) => key),
    reported,
    unexplained,
    unexpected: [...inKafka.keys()].filter((key) => !sent.has(key) && !repaired.has(key)),
    repaired: [...repaired],
    repairedOutsideGaps:
      input.consecutiveIds === true
        ? trades.filter((t) => t['source'] === 'repair' && !inGap(String(t['symbol']), Number(t['tradeId']))).map((t) => keyOf(t['symbol'], t['tradeId']))
        : [],
    uncoveredIds,
    gapIds: gaps.reduce((n, g) => n + g.to - g.from + 1, 0),
  };
}

/**
 * Exchange-time windows in which the venue's data was reported down: from the last trade delivered
 * before an outage status to the next `subscribed`/`feed_recovered` status (open-ended if none).
 */
export function outageWindows(
  trades: readonly Readonly<Record<string, unknown>>[],
  statuses: readonly Readonly<Record<string, unknown>>[],
): readonly { readonly from: number; readonly to: number }[] {
  const ordered = [...statuses].sort((a, b) => Number(a['ts']) - Number(b['ts']));
  const received = trades.map((t) => ({ at: Number(t['receivedTs']), ts: Number(t['exchangeTs']) })).sort((a, b) => a.at - b.at);
  const latest: number[] = [];
  for (const t of received) latest.push(Math.max(t.ts, latest.at(-1) ?? 0));
  /** Latest exchange time among trades received at or before `at`. */
  const lastTradeBefore = (at: number): number => {
    let lo = 0;
    let hi = received.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((received[mid]?.at ?? Infinity) <= at) lo = mid + 1;
      else hi = mid;
    }
    return lo === 0 ? 0 : (latest[lo - 1] ?? 0);
  };
  const windows: { from: number; to: number }[] = [];
  for (const [i, status] of ordered.entries()) {
    if (!OUTAGE_STATES.has(String(status['state']))) continue;
    const resumed = ordered.slice(i + 1).find((s) => RESUME_STATES.has(String(s['state'])));
    windows.push({ from: lastTradeBefore(Number(status['ts'])), to: resumed === undefined ? Infinity : Number(resumed['ts']) });
  }
  return windows;
}

/** One line for logs and failure messages. */
export function describeReconciliation(r: Reconciliation): string {
  const sample = (list: readonly string[]): string => (list.length === 0 ? '0' : `${list.length} (${list.slice(0, 5).join(', ')})`);
  return (
    `sent ${r.sent}, delivered ${r.delivered}, reported missing ${r.reported.length}, gap ids ${r.gapIds}, ` +
    `unexplained ${sample(r.unexplained)}, duplicates ${sample(r.duplicates)}, unexpected ${sample(r.unexpected)}, uncovered ids ${sample(r.uncoveredIds)}, ` +
    `repaired ${r.repaired.length}, repaired outside gaps ${sample(r.repairedOutsideGaps)}`
  );
}
