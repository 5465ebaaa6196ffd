import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { asyncScheduler, Subject } from 'rxjs';
import type { BookInput, BookOutput } from '../../src/exchanges/book-update.js';
import { createFrameNormalizer, type FrameNormalizer } from '../../src/exchanges/frame-normalizer.js';
import { VENUES } from '../../src/exchanges/venues.js';
import type { BookLevel } from '../../src/model/index.js';
import type { VenueListing } from '../../src/model/instrument.js';

/**
 * What the Deribit interop tests share: the recorded frames, the instrument lists our side is given, the
 * receipt time of each frame, and our side of each comparison (`normalize`'s path, given the venue's list
 * as `normalize --listings` is).
 *
 * The frames are `test/fixtures/exchange-frames/deribit-*.ndjson` (SOURCES.md and the shared collection's
 * SOURCES-venues-2026.md cite each): tardis-node's `test/mappers.test.ts` @c1d73fb, ccxt's
 * `ts/src/test/static/ws/deribit.json` @2e7f776 and nautilus_trader's `crates/adapters/deribit/test_data`
 * (perpetual trades, tickers and books of 2019-2026), crypto-msg-parser's `tests/deribit.rs` (an option trade of
 * 2021) and cryptofeed's recording of 2021-07-22 (10 BTC and ETH options: books, tickers and the two
 * instrument lists of that day), all from `wss://www.deribit.com/ws/api/v2`.
 */
export const RECORDED = fileURLToPath(new URL('../fixtures/exchange-frames/', import.meta.url));

/** The receipt time of a frame that carries no time of its own (an ack): 2027-01-15, after every recorded frame. */
export const LOCAL_TS = 1_800_000_000_000;

/** The two venues: inverse perpetuals and dated futures (sized in USD), and options (sized in the coin). */
export type DeribitVenue = 'deribit' | 'deribit_options';

/** The non-empty lines of a file. */
export function lines(path: string): readonly string[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '');
}

/** The frames of one recorded file of `test/fixtures/exchange-frames/`. */
export const recorded = (name: string): readonly string[] => lines(`${RECORDED}${name}`);

/** A notification's `params`, as far as the tests read it. */
interface Notification {
  readonly params?: { readonly channel?: string; readonly data?: unknown };
}

/** The channel a notification names (`trades.BTC-PERPETUAL.100ms`), or undefined for an answer. */
export const channelOf = (text: string): string | undefined => (JSON.parse(text) as Notification).params?.channel;

/** The instrument a notification's channel names (its second part): `BTC-PERPETUAL`. */
export const instrumentOf = (text: string): string => channelOf(text)?.split('.')[1] ?? '';

/**
 * When the frame was received: 5 ms after the newest venue time it carries (a trades frame's newest trade, a
 * book's or ticker's `timestamp`), as a live connection would receive it; `LOCAL_TS` for a frame with no time.
 * Each frame is so received before any option it names expires (an option expires at 08:00 UTC of its day).
 */
export function receivedAt(text: string): number {
  const data = (JSON.parse(text) as Notification).params?.data;
  const times = (Array.isArray(data) ? (data as readonly unknown[]) : [data]).map((d) => (typeof d === 'object' && d !== null && 'timestamp' in d ? Number(d.timestamp) : NaN));
  const newest = Math.max(...times.filter((t) => Number.isFinite(t)));
  return Number.isFinite(newest) ? newest + 5 : LOCAL_TS;
}

/** An entry of Deribit's `public/get_instruments` answer, the fields the tests read (docs "public/get_instruments"). */
export interface DeribitInstrumentEntry {
  readonly instrument_name: string;
  readonly kind: string;
  readonly base_currency: string;
  readonly quote_currency: string;
  readonly settlement_period: string;
  readonly expiration_timestamp: number;
  readonly contract_size: number;
  readonly strike?: number;
  readonly option_type?: string;
}
interface InstrumentsAnswer {
  readonly jsonrpc: string;
  readonly result: readonly DeribitInstrumentEntry[];
}

/** A recorded `get_instruments` answer; an empty one when its file is not there. */
function answer(name: string): InstrumentsAnswer {
  const path = `${RECORDED}${name}`;
  if (!existsSync(path)) return { jsonrpc: '2.0', result: [] };
  return JSON.parse(readFileSync(path, 'utf8')) as InstrumentsAnswer;
}

/**
 * The answers of `GET /api/v2/public/get_instruments?currency=BTC&expired=false` and `currency=ETH` recorded
 * on 2021-07-22 22:42:03 UTC, just before the option frames of the same recording: every BTC and ETH option,
 * perpetual and dated future listed that day.
 */
const ANSWERS: readonly InstrumentsAnswer[] = [answer('deribit-get_instruments-BTC.ndjson'), answer('deribit-get_instruments.ndjson')];

/** Every recorded entry, by instrument name. */
export const INSTRUMENTS: ReadonlyMap<string, DeribitInstrumentEntry> = new Map(ANSWERS.flatMap((a) => a.result).map((e) => [e.instrument_name, e] as const));

/** The `kind` of `public/get_instruments` each venue reads its list with (`kind=future`, `kind=option`). */
const KIND: Readonly<Record<DeribitVenue, string>> = { deribit: 'future', deribit_options: 'option' };

/**
 * A venue's list as the product reads it (the venue's list reader, what the catalog and `normalize --listings`
 * use): each recorded answer with only the entries of that venue's `kind`, as the venue's own query
 * (`...&kind=future` or `kind=option`) would have answered.
 */
export function listingsOf(exchange: DeribitVenue): readonly VenueListing[] {
  return ANSWERS.flatMap((a) => VENUES[exchange].catalog.listings.read({ ...a, result: a.result.filter((e) => e.kind === KIND[exchange]) }, exchange).listings);
}

/**
 * Our side: `normalize`'s path (the venue's decoder, its per-symbol reducer and its book sync). `listed`: given
 * the venue's recorded list as `normalize --listings` is, for frames of instruments listed on 2021-07-22;
 * otherwise without a list, as `normalize` reads a replay of another day (a Deribit name says its underlying,
 * expiry, strike and type).
 */
export function deribitNormalizer(exchange: DeribitVenue, listed: boolean): FrameNormalizer {
  return createFrameNormalizer(exchange, 'c1', undefined, listed ? listingsOf(exchange) : undefined);
}

/**
 * An inverse contract's USD amount in the base asset at a price: `amount / price`. Deribit: "amount: Trade
 * amount. For perpetual and inverse futures the amount is in USD units. For options and linear futures it is
 * the underlying base currency coin" (docs "trades.{instrument_name}.{interval}"); the book's levels alike.
 */
export const inBase = (usd: number, price: number): number => usd / price;

/** Equal up to the last bits a quotient of two decimals may lose in binary (relative 1e-12). */
export function sameQuantity(ours: number | undefined, theirs: number | undefined): boolean {
  if (ours === undefined || theirs === undefined) return ours === theirs;
  return Math.abs(ours - theirs) <= 1e-12 * Math.max(1, Math.abs(theirs));
}

/** What the product's Deribit book code made of one book frame: the sync's outputs for it, and the instruments it resubscribed. */
export interface DeribitBookStep {
  /** A `book_view` (the book after the frame) or a `book_resync` (the chain broken: the book is down until a snapshot). */
  readonly outputs: readonly BookOutput[];
  /** The books the sync asked to resubscribe for it (each `book_resync`: Deribit answers a resubscribe with a fresh snapshot). */
  readonly resubscribed: readonly string[];
}

/**
 * The product's own Deribit book code, as the `deribit` venue runs it on a live socket: its protocol's parser, its
 * book plan's `updates` (`deribitBookUpdate`: `change_id` / `prev_change_id`, each level change) and its plan's
 * `sync` (`deribitBookReducer` per instrument along the `change_id` chain; a `book_resync` calls the context's
 * `resubscribe`, recorded here). The venue's `refuse` is left out: it reads the instrument list, and `deribit`
 * lists no option (`deribit_options` has no book plan), while the recorded run is an option's, fed under its own name.
 * The plan's sizes are the USD amount / the level's price (the inverse venue's base asset), for every instrument.
 */
export function deribitBookSteps(frames: readonly string[]): readonly DeribitBookStep[] {
  const protocol = VENUES.deribit.protocol;
  const plan = protocol.book;
  if (plan === undefined) throw new Error('deribit has no book plan');
  let outputs: BookOutput[] = [];
  let resubscribed: string[] = [];
  const inputs = new Subject<BookInput>();
  const context = { exchange: 'deribit', scheduler: asyncScheduler, logger: pino({ enabled: false }), resubscribe: (symbol: string) => void resubscribed.push(symbol) } as const;
  inputs.pipe(plan.sync(context)).subscribe((output) => void outputs.push(output));
  return frames.map((text) => {
    [outputs, resubscribed] = [[], []];
    const parsed = protocol.parse(text);
    if (!parsed.ok) throw new Error(`${channelOf(text) ?? text}: ${parsed.error}`);
    for (const update of plan.updates(parsed.frame, receivedAt(text))) inputs.next(update);
    return { outputs, resubscribed };
  });
}

/**
 * A side of the product's book as Deribit wrote it, `[price, amount]`: the plan's size (amount / price) times the price.
 * For the option run these are the coin amounts Deribit sent (an option's "amount ... is the underlying base currency
 * coin", docs "trades.{instrument_name}.{interval}"), the unit ccxt and tardis keep, so levels compare with them as sent.
 */
export const asSent = (side: readonly BookLevel[] | undefined): readonly (readonly number[])[] => (side ?? []).map((l) => [l.price, l.size * l.price]);

/** Two books' sides alike: the same prices in the same order, each amount the same up to `sameQuantity`. */
export function sameLevels(ours: readonly (readonly number[])[], theirs: readonly (readonly number[])[]): boolean {
  return ours.length === theirs.length && ours.every(([p, a], i) => p === theirs[i]?.[0] && sameQuantity(a, theirs[i]?.[1]));
}

/** tardis-node's `option_summary` record (`tardis-dev` types `OptionSummary`), as far as the tests read it. */
export interface TardisOptionSummary {
  readonly symbol: string;
  readonly optionType: 'put' | 'call';
  readonly strikePrice: number;
  readonly expirationDate: Date;
  readonly bestBidPrice?: number;
  readonly bestBidAmount?: number;
  readonly bestBidIV?: number;
  readonly bestAskPrice?: number;
  readonly bestAskAmount?: number;
  readonly bestAskIV?: number;
  readonly lastPrice?: number;
  readonly openInterest?: number;
  readonly markPrice: number;
  readonly markIV: number;
  readonly delta: number;
  readonly gamma: number;
  readonly vega: number;
  readonly theta: number;
  readonly rho: number;
  readonly underlyingPrice: number;
  readonly underlyingIndex: string;
  readonly timestamp: Date;
  readonly localTimestamp: Date;
}
