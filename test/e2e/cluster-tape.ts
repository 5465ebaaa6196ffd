import { expect } from 'vitest';
import type { RunningSimulator } from '../../simulator/start-simulator.js';
import type { ConsumedRecord } from '../support/topic-reader.js';
import { COINS } from './cluster-instances.js';

/** What the topic holds of what the venue made, per symbol, from the first trade published to the end. */
export interface TapeReconciliation {
  /** Trades the venue made in the window. */
  readonly made: number;
  /** Made in the window, not in the topic, as `SYMBOL/id@ts`. */
  readonly missing: readonly string[];
  /** In the topic more than once. */
  readonly twice: readonly string[];
  /** In the topic, never made by the venue. */
  readonly unknown: readonly string[];
}

/**
 * Every trade the simulator's market made of each followed symbol, from the first the topic holds
 * of it (of `wholeTape`'s coins, from the first the venue made) to `endTs` (the venue stalled),
 * against the trades topic: none missing, none twice.
 */
export function reconcileTape(
  sim: RunningSimulator,
  venue: 'bybit' | 'binance',
  trades: readonly ConsumedRecord[],
  endTs: number,
  coins: readonly string[] = COINS,
  wholeTape: readonly string[] = [],
): TapeReconciliation {
  const inTopic = new Map<string, number>();
  const firstTs = new Map<string, number>();
  for (const { value } of trades) {
    if (value['exchange'] !== venue) continue;
    const symbol = String(value['symbol']);
    const key = `${symbol}/${String(value['tradeId'])}`;
    inTopic.set(key, (inTopic.get(key) ?? 0) + 1);
    firstTs.set(symbol, Math.min(firstTs.get(symbol) ?? Infinity, Number(value['exchangeTs'])));
  }
  const made = new Set<string>();
  const missing: string[] = [];
  for (const coin of coins) {
    const symbol = `${coin}USDT`;
    const from = wholeTape.includes(coin) ? -Infinity : (firstTs.get(symbol) ?? Infinity);
    const tape = sim.control.madeTrades(venue, symbol);
    // The tape reaches back to the first trade published: the simulator kept everything of the run.
    if (!wholeTape.includes(coin)) expect(tape[0]?.ts ?? Infinity, `${symbol}'s tape reaches back`).toBeLessThanOrEqual(from);
    for (const trade of tape) {
      const key = `${symbol}/${trade.tradeId}`;
      if (trade.ts < from || trade.ts >= endTs) continue;
      made.add(key);
      if (!inTopic.has(key)) missing.push(`${key}@${trade.ts}`);
    }
  }
  return {
    made: made.size,
    missing,
    twice: [...inTopic].filter(([, n]) => n > 1).map(([key]) => key),
    unknown: [...inTopic.keys()]
      .filter((key) => !made.has(key) && !key.endsWith('@'))
      .filter((key) => {
        const [symbol, id] = key.split('/');
        return !sim.control.madeTrades(venue, symbol).some((trade) => String(trade.tradeId) === id);
      }),
  };
}

/** A hole the feed named (`gap`), as the trades it may hold: a symbol's ids from..to, or its trades made from a moment up to an id. */
export interface NamedHole {
  readonly symbol: string;
  readonly reason: string;
  /** The first id that may be missing, when the gap says (consecutive ids, or the id after the trade before a gap by time). */
  readonly fromId?: number;
  /** The last id that may be missing. */
  readonly toId: number;
  /** The earliest moment of a missing trade (a gap by time: the trade before it; a gap since a moment: that moment). */
  readonly fromTs?: number;
  /** How its repair ended: `gap_repaired` or `gap_unrepaired` and the reason, absent when no answer came. */
  readonly answer?: string;
}

const numberOf = (value: unknown): number | undefined => (value === null || value === undefined ? undefined : Number(value));

/**
 * The holes `statuses` name, each with its repair's answer (the next `gap_repaired`/`gap_unrepaired`
 * of the symbol with the same range): gaps of ids (`missingFrom..missingTo`), gaps by time (`trades
 * after id X (...) and before id Y`), gaps since a moment (`missingTo` and `lastEventTs`).
 */
export function namedHoles(statuses: readonly Readonly<Record<string, unknown>>[]): NamedHole[] {
  const holes: NamedHole[] = [];
  const answers = statuses.filter((s) => s['state'] === 'gap_repaired' || s['state'] === 'gap_unrepaired');
  for (const gap of statuses.filter((s) => s['state'] === 'gap')) {
    const symbol = String(gap['symbol']);
    const reason = String(gap['reason']);
    const missingFrom = numberOf(gap['missingFrom']);
    const missingTo = numberOf(gap['missingTo']);
    const lastEventTs = numberOf(gap['lastEventTs']);
    const byTime = /^trades after id (\d+) .* and before id (\d+) /.exec(reason);
    // A gap names itself by its ids, or, when its first id is not known, by its end and the moment it
    // began (its answer adds the first id the venue's history gave), or by time alone.
    const same = (answer: Readonly<Record<string, unknown>>): boolean =>
      answer['symbol'] === symbol &&
      numberOf(answer['missingTo']) === missingTo &&
      (missingFrom !== undefined ? numberOf(answer['missingFrom']) === missingFrom : numberOf(answer['lastEventTs']) === lastEventTs);
    const found = answers.find(same);
    const answer = found === undefined ? {} : { answer: `${String(found['state'])}: ${String(found['reason'])}` };
    if (byTime !== null)
      holes.push({
        symbol,
        reason,
        fromId: Number(byTime[1]) + 1,
        toId: Number(byTime[2]) - 1,
        ...(lastEventTs === undefined ? {} : { fromTs: lastEventTs }),
        ...answer,
      });
    else if (missingTo !== undefined)
      holes.push({
        symbol,
        reason,
        toId: missingTo,
        ...(missingFrom === undefined ? {} : { fromId: missingFrom }),
        ...(missingFrom === undefined && lastEventTs !== undefined ? { fromTs: lastEventTs } : {}),
        ...answer,
      });
  }
  return holes;
}

/** The hole a missing trade (`SYMBOL/id@ts`) lies in, if one was named. */
export function holeOf(missing: string, holes: readonly NamedHole[]): NamedHole | undefined {
  const [key, ts] = missing.split('@');
  const [symbol, id] = (key ?? '').split('/');
  return holes.find(
    (hole) =>
      hole.symbol === symbol &&
      Number(id) <= hole.toId &&
      (hole.fromId === undefined || Number(id) >= hole.fromId) &&
      (hole.fromTs === undefined || Number(ts) >= hole.fromTs),
  );
}
