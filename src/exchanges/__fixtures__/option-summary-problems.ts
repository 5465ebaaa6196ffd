import type { MarketEvent } from '../../model/index.js';
import type { OptionSummary } from '../../model/option-summary.js';

/** How a venue's summaries must read beside the checks every venue shares. */
export interface OptionSummaryRules {
  /** The option's canonical key from the venue's name of it. */
  readonly keyOf: (symbol: string) => string | undefined;
  /** Whether the venue sends a rho (else the record's is NaN) and an interest rate. */
  readonly rho: 'sent' | 'not sent';
  /** Whether the underlying's price may be NaN: a venue whose older frames do not send it (OKX before `fwdPx`). */
  readonly underlyingPrice?: 'sent' | 'NaN when not sent';
}

/**
 * What is wrong with a summary (which the shared checks do not know): every figure finite, of its sign and
 * one of the frame's `numbers`; a quote whole (a price with its amount); the key the venue's name gives; a
 * strike above 0 and an expiry at 08:00 UTC. A worthless option is marked 0.
 */
export function optionSummaryProblems(e: OptionSummary, numbers: ReadonlySet<number>, rules: OptionSummaryRules): readonly string[] {
  const problems: string[] = [];
  const of = (name: string, value: number | undefined, min: 'positive' | 'non-negative' | 'signed'): void => {
    if (value === undefined) return;
    const sign = min === 'positive' ? value > 0 : min === 'non-negative' ? value >= 0 : true;
    if (!(Number.isFinite(value) && sign && numbers.has(value))) problems.push(`${name} ${value} is not a ${min} number of the frame`);
  };
  for (const name of ['bestBidPrice', 'bestBidAmount', 'bestAskPrice', 'bestAskAmount', 'lastPrice', 'indexPrice', 'bestBidIv', 'bestAskIv'] as const)
    of(name, e[name], 'positive');
  if (!(rules.underlyingPrice === 'NaN when not sent' && Number.isNaN(e.underlyingPrice))) of('underlyingPrice', e.underlyingPrice, 'positive');
  for (const name of ['markPrice', 'markIv', 'openInterest'] as const) of(name, e[name], 'non-negative');
  for (const name of ['delta', 'gamma', 'vega', 'theta', 'interestRate'] as const) of(name, e[name], 'signed');
  if (rules.rho === 'sent') of('rho', e.rho, 'signed');
  else if (!Number.isNaN(e.rho)) problems.push(`rho ${e.rho}: the venue sends none`);
  if ((e.bestBidPrice === undefined) !== (e.bestBidAmount === undefined) || (e.bestAskPrice === undefined) !== (e.bestAskAmount === undefined))
    problems.push('a quote without its amount');
  if (e.instrument !== rules.keyOf(e.symbol)) problems.push(`instrument ${String(e.instrument)} is not ${e.symbol}'s key`);
  if (!(e.strike > 0) || !Number.isSafeInteger(e.expiryTs) || e.expiryTs % 86_400_000 !== 8 * 3_600_000) problems.push(`terms ${e.strike} ${e.expiryTs}`);
  return problems;
}

/**
 * The numbers a frame writes (as numbers or decimal strings), each also as a percent (an IV) and as
 * whatever `also` makes of it (a venue's figures per coin of a contract), with `known` (figures the path
 * knew before the frame: a mark merged in).
 */
export function frameNumbers(value: unknown, also: (n: number) => readonly number[] = () => [], known: readonly number[] = []): Set<number> {
  const into = new Set<number>(known);
  const add = (n: number): void => {
    into.add(n);
    into.add(Number((n * 100).toPrecision(12)));
    for (const m of also(n)) into.add(m);
  };
  const walk = (v: unknown): void => {
    if (typeof v === 'number') add(v);
    else if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) add(Number(v));
    else if (typeof v === 'object' && v !== null) for (const child of Object.values(v as Record<string, unknown>)) walk(child);
  };
  walk(value);
  return into;
}

/** What is wrong with an option path's events: the shared checks of those not summaries (but a symbol's spelling, which names no quote: `sharedOf`), and each summary's own. */
export function optionEventsProblems(
  events: readonly MarketEvent[],
  numbers: ReadonlySet<number>,
  rules: OptionSummaryRules,
  sharedOf: (others: readonly MarketEvent[]) => readonly string[],
): readonly string[] {
  const summaries = events.filter((e): e is OptionSummary => e.type === 'option_summary');
  const shared = sharedOf(events.filter((e) => e.type !== 'option_summary')).filter((problem) => !/^\w+: \w+\/\w+ does not spell \S+$/.test(problem));
  return [...shared, ...summaries.flatMap((s) => optionSummaryProblems(s, numbers, rules).map((p) => `option_summary: ${p}`))];
}
