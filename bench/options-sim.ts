/**
 * The simulated options venues `bench/options.ts` records from, and the options it follows on each:
 * the BTC and ETH options every measured venue lists, matched by their terms (underlying, expiry,
 * strike, call or put), since each venue names them its own way.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { asyncScheduler, firstValueFrom } from 'rxjs';
import { readVenueList } from '../src/catalog/read-venue-list.js';
import { restWeightPacer } from '../src/exchanges/rest/rest-weight-pacer.js';
import { VENUES } from '../src/exchanges/venues.js';
import type { ExchangeId } from '../src/model/index.js';
import type { VenueListing } from '../src/model/instrument.js';
import { SIM_VENUES } from '../simulator/sim-venues.js';
import { ROOT, marketFeedEntry, sleep, stopProcess } from './bench-processes.js';
import type { OptionVenueName } from './option-summary-frames.js';

/** The option chains followed, as the pipeline follows by default (`--option-underlyings`). */
export const UNDERLYINGS: readonly string[] = ['BTC', 'ETH'];

/**
 * The simulator in a process of its own (`market-feed simulate`), as `deribit-chain.ts` runs it: in the
 * bench's process its option pushes came late and few while that process recorded them.
 */
export interface OptionsSim {
  readonly child: ChildProcess;
  /** Every venue's REST API, each on its own paths. */
  readonly restUrl: string;
  urlOf(venue: OptionVenueName): string;
}

/** Starts `market-feed simulate --no-limits` serving `venues` on loopback `port`, and waits until Deribit's options are listed. */
export async function startOptionsSim(venues: readonly OptionVenueName[], port: number): Promise<OptionsSim> {
  const args = [...marketFeedEntry(), 'simulate', '--port', String(port), '--venues', venues.join(','), '--coins', UNDERLYINGS.join(','), '--no-limits'];
  const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  const base = `127.0.0.1:${port}`;
  const sim: OptionsSim = { child, restUrl: `http://${base}`, urlOf: (venue) => `ws://${base}${SIM_VENUES[venue].path}` };
  for (let tries = 0; tries < 120 && child.exitCode === null; tries++) {
    await sleep(500);
    const answer = await fetch(`${sim.restUrl}${VENUES.deribit_options.catalog.listings.path}`).catch(() => undefined);
    if (answer?.ok === true) return sim;
  }
  await stopProcess(child);
  throw new Error(`the simulator did not answer on port ${port} in 60 s (the port taken?)`);
}

/** The venue's trading BTC and ETH options, read page by page as the pipeline reads its list. */
async function optionsListed(sim: OptionsSim, venue: ExchangeId): Promise<readonly VenueListing[]> {
  const pacer = restWeightPacer(asyncScheduler, VENUES[venue].catalog.pacer);
  const read = await firstValueFrom(readVenueList('listings', { exchange: venue, restUrl: sim.restUrl, pacer, timeoutMs: 30_000, scheduler: asyncScheduler }));
  return read.listings.filter((l) => UNDERLYINGS.includes(l.base) && l.state === 'trading' && l.option !== undefined && l.expiryTs !== undefined);
}

/** An option's terms, the same on every venue: `BTC 1795852800000 56000 call`. */
const termsOf = (l: VenueListing): string => `${l.base} ${l.expiryTs ?? ''} ${l.option?.strike ?? ''} ${l.option?.type ?? ''}`;

/** Each venue's listings of the same options, in one order (underlying, expiry, strike, call before put), and how many each venue listed. */
export interface OptionChains {
  readonly chains: ReadonlyMap<ExchangeId, readonly VenueListing[]>;
  readonly listed: ReadonlyMap<ExchangeId, number>;
}

/** The options every one of `venues` lists, each venue's listing of each in the same order. */
export async function commonChains(sim: OptionsSim, venues: readonly ExchangeId[]): Promise<OptionChains> {
  const read = new Map<ExchangeId, ReadonlyMap<string, VenueListing>>();
  for (const venue of venues) read.set(venue, new Map((await optionsListed(sim, venue)).map((l) => [termsOf(l), l])));
  const all = [...read.values()];
  const common = [...(all[0]?.values() ?? [])]
    .filter((l) => all.every((listed) => listed.has(termsOf(l))))
    .sort(
      (a, b) =>
        a.base.localeCompare(b.base) ||
        (a.expiryTs ?? 0) - (b.expiryTs ?? 0) ||
        (a.option?.strike ?? 0) - (b.option?.strike ?? 0) ||
        (a.option?.type ?? '').localeCompare(b.option?.type ?? ''),
    )
    .map(termsOf);
  const chains = new Map(venues.map((venue) => [venue, common.flatMap((terms) => read.get(venue)?.get(terms) ?? [])]));
  return { chains, listed: new Map([...read].map(([venue, listed]) => [venue, listed.size])) };
}
