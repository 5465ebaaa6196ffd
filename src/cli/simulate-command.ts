import { once } from 'node:events';
import { parseArgs } from 'node:util';
import { readReplayFrames } from '../capture/capture-reader.js';
import {
  parseControlAction,
  SIM_VENUE_IDS,
  startSimulator,
  UNIVERSE_SPLIT_VENUES,
  type SimulatorControl,
  type SimulatorOptions,
  type SimVenueName,
} from '../../simulator/index.js';
import { UsageError, type Command } from './command.js';
import { SIM_VENUE_FLAGS } from './simulate-usage.js';

export { simulateUsage } from './simulate-usage.js';

function venue(value: string, flag: string): SimVenueName {
  const found = SIM_VENUE_IDS.find((v) => v === value);
  if (found === undefined) throw new UsageError(flag, `expected a venue: ${SIM_VENUE_IDS.join(', ')}`);
  return found;
}

/** `--venue-quote VENUE:QUOTE` flags as each venue's quote. */
function venueQuotes(flags: readonly string[]): Partial<Record<SimVenueName, string>> {
  const quotes: Partial<Record<SimVenueName, string>> = {};
  for (const flag of flags) {
    const [name = '', quote = ''] = flag.split(':');
    if (!/^[A-Za-z0-9]{2,10}$/.test(quote)) throw new UsageError('--venue-quote', `expected VENUE:QUOTE, e.g. ${SIM_VENUE_IDS[0] ?? 'VENUE'}:USDC`);
    quotes[venue(name, '--venue-quote')] = quote.toUpperCase();
  }
  return quotes;
}

/** A fault flag as the control action it stands for, checked by the same table as the HTTP control API. */
function startupFault(flag: string, raw: string | undefined, action: string, param?: string): ((control: SimulatorControl) => void) | undefined {
  if (raw === undefined) return undefined;
  const at = raw.indexOf(':');
  if (param !== undefined && at === -1)
    throw new UsageError(flag, `expected VENUE:${param.toUpperCase()}, e.g. ${SIM_VENUE_IDS[0] ?? 'VENUE'}:${param === 'rate' ? '0.1' : '500'}`);
  const name = param === undefined ? raw : raw.slice(0, at);
  const target = venue(name, flag);
  const parsed = parseControlAction(action, new URLSearchParams(param === undefined ? {} : { [param]: raw.slice(at + 1) }));
  if (!parsed.ok) throw new UsageError(flag, parsed.answer.body.error);
  return (control) => parsed.run(control, target);
}

function number(value: string | undefined, flag: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = value.trim() === '' ? NaN : Number(value);
  if (!Number.isFinite(n) || n < 0) throw new UsageError(flag, 'expected a non-negative number');
  return n;
}

function wholeNumber(value: string | undefined, flag: string, fallback: number): number {
  const n = number(value, flag, fallback);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(flag, 'expected a whole number of at least 1');
  return n;
}

function universe(values: Readonly<Record<string, string | boolean | readonly string[] | undefined>>, seed: number): SimulatorOptions['universe'] {
  const raw = values['universe'];
  if (typeof raw !== 'string') {
    for (const flag of ['universe-quotes', 'universe-shares', 'universe-rate', 'universe-zipf'])
      if (values[flag] !== undefined) throw new UsageError(`--${flag}`, 'needs --universe N');
    return undefined;
  }
  if (values['coins'] !== undefined || values['quote'] !== undefined) throw new UsageError('--universe', 'give either --coins/--quote or --universe');
  const text = (flag: string): string | undefined => (typeof values[flag] === 'string' ? values[flag] : undefined);
  const quotes = text('universe-quotes')
    ?.split(',')
    .map((q) => q.trim().toUpperCase());
  if (quotes !== undefined && (quotes.length === 0 || quotes.some((q) => !/^[A-Z0-9]{2,10}$/.test(q))))
    throw new UsageError('--universe-quotes', 'expected quote assets, e.g. USDT,USDC');
  const shares = text('universe-shares')
    ?.split(',')
    .map((v) => number(v, '--universe-shares', 0));
  const count = UNIVERSE_SPLIT_VENUES.length + 1;
  if (shares !== undefined && (shares.length !== count || shares.every((v) => v === 0)))
    throw new UsageError('--universe-shares', `expected ${count} percentages: on all of ${UNIVERSE_SPLIT_VENUES.join(', ')}, then on each alone`);
  const [all = 0, ...alone] = shares ?? [];
  return {
    instruments: wholeNumber(raw, '--universe', 0),
    seed,
    ...(quotes === undefined ? {} : { quotes }),
    ...(shares === undefined ? {} : { shares: { all, only: Object.fromEntries(UNIVERSE_SPLIT_VENUES.map((venue, i) => [venue, alone[i] ?? 0])) } }),
    ...(text('universe-rate') === undefined ? {} : { tradesPerSecond: number(text('universe-rate'), '--universe-rate', 2000) }),
    ...(text('universe-zipf') === undefined ? {} : { zipfExponent: number(text('universe-zipf'), '--universe-zipf', 1) }),
  };
}

/** The venues' own flags (`--weight-per-minute`) as each venue's options; whole numbers of at least 1. */
function venueOptions(values: Readonly<Record<string, unknown>>): NonNullable<SimulatorOptions['venueOptions']> {
  const options: Record<string, Record<string, number>> = {};
  for (const flag of SIM_VENUE_FLAGS) {
    const raw = values[flag.name];
    if (typeof raw === 'string') options[flag.venue] = { ...options[flag.venue], [flag.option]: wholeNumber(raw, `--${flag.name}`, 0) };
  }
  return options;
}

function port(value: string | undefined): number {
  const n = number(value, '--port', 8765);
  if (!Number.isInteger(n) || n > 65535) throw new UsageError('--port', 'expected a whole number from 0 to 65535');
  return n;
}

/** `market-feed simulate`: runs the simulator until SIGINT or SIGTERM. */
export const simulateCommand: Command = async (io) => {
  const { values } = parseArgs({
    args: [...io.argv],
    options: {
      port: { type: 'string' },
      coins: { type: 'string' },
      quote: { type: 'string' },
      seed: { type: 'string' },
      rate: { type: 'string' },
      'ticker-interval-ms': { type: 'string' },
      replay: { type: 'string' },
      'replay-venue': { type: 'string' },
      refuse: { type: 'string' },
      stall: { type: 'string' },
      'malformed-rate': { type: 'string' },
      slow: { type: 'string' },
      'book-depth': { type: 'string' },
      ...Object.fromEntries(SIM_VENUE_FLAGS.map((flag) => [flag.name, { type: 'string' } as const])),
      universe: { type: 'string' },
      'universe-quotes': { type: 'string' },
      'universe-shares': { type: 'string' },
      'universe-rate': { type: 'string' },
      'universe-zipf': { type: 'string' },
      'no-limits': { type: 'boolean' },
      venues: { type: 'string' },
      'venue-quote': { type: 'string', multiple: true },
    },
    strict: true,
  });
  const faults = [
    startupFault('--refuse', values.refuse, 'refuse', 'status'),
    startupFault('--stall', values.stall, 'stall'),
    startupFault('--malformed-rate', values['malformed-rate'], 'malformed-rate', 'rate'),
    startupFault('--slow', values.slow, 'slow', 'ms'),
  ];
  const seed = number(values.seed, '--seed', 1);
  const generated = universe(values, seed);
  const options: SimulatorOptions = {
    port: port(values.port),
    ...(generated === undefined ? {} : { universe: generated }),
    ...(values['no-limits'] === true ? { limits: false as const } : {}),
    coins: (values.coins ?? 'BTC,ETH')
      .split(',')
      .map((c) => c.trim().toUpperCase())
      .filter((c) => c !== ''),
    quote: (values.quote ?? 'USDT').toUpperCase(),
    ...(values.venues === undefined ? {} : { venues: values.venues.split(',').map((v) => venue(v.trim(), '--venues')) }),
    ...(values['venue-quote'] === undefined ? {} : { venueQuotes: venueQuotes(values['venue-quote']) }),
    seed,
    tradesPerSecond: number(values.rate, '--rate', 5),
    tickerIntervalMs: number(values['ticker-interval-ms'], '--ticker-interval-ms', 200),
    bookDepth: wholeNumber(values['book-depth'], '--book-depth', 1000),
    venueOptions: venueOptions(values),
    ...(values.replay === undefined
      ? {}
      : { replay: { venue: venue(values['replay-venue'] ?? SIM_VENUE_IDS[0] ?? '', '--replay-venue'), lines: await readReplayFrames(values.replay) } }),
  };
  const sim = await startSimulator(options);
  for (const apply of faults) apply?.(sim.control);
  // Each venue's URL under its own key, `<venue>Url` in camel case (`bybitUrl`, `binanceUsdmUrl`).
  const urls = Object.fromEntries(SIM_VENUE_IDS.map((id) => [`${id.replace(/_(.)/g, (_, c: string) => c.toUpperCase())}Url`, sim.urls[id]]));
  io.stdout.write(`${JSON.stringify({ ...urls, controlUrl: sim.controlUrl, restUrl: sim.restUrl, venues: sim.control.venues })}\n`);
  await Promise.race([once(process, 'SIGINT'), once(process, 'SIGTERM')]);
  await sim.close();
  return 0;
};
