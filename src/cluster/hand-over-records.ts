import { EXCHANGE_IDS, type ExchangeId } from '../model/index.js';
import type { PublishedTrade } from '../operators/index.js';

/**
 * The last trade of one (venue, symbol) an instance published before it stopped serving a shard:
 * its venue, symbol, canonical instrument (so that a symbol is known by its shard before it trades),
 * id, exchange time and price (absent in records of instances that did not write it). `heardTo`: how
 * far the socket that carried this trade had come when the instance stopped, in the venue's time, ms:
 * everything made up to then had been delivered (judged by the pace of its newest event; absent: a
 * trade repaired from the venue's history, a cut taken over, or a writer that did not say).
 */
export type HandOverTrade = PublishedTrade & { readonly heardTo?: number };

/**
 * What the instances of a cluster tell each other about a shard changing owner, on the control
 * topic (`market-feed.NAME.shards`, partition = shard, key = the shard's number as text):
 * - `taking`: `instance` was assigned the shard and has its instruments subscribed (or gave up
 *   waiting for that); it holds their trades back until the previous owner says where it stopped.
 * - `serving`: `instance` serves the shard (a hand-over ended, or nobody served it before): the
 *   next instance assigned it waits for this one's `released`. `subscribed: false`: it serves a shard
 *   nobody was known to serve, and has not all its instruments subscribed yet (a `serving` without
 *   it follows once it has); an instance still releasing the shard goes on until then.
 * - `releasing`: the group took the shard from `instance` (a planned rebalance or leave); it goes on
 *   publishing until the next owner is subscribed. It may have left the group already: a planned stop
 *   says for how long at most it goes on (`servesForMs`, from when it wrote the record).
 * - `released`: `instance` stopped serving the shard; `last` is the last trade it published per
 *   (venue, symbol) since the group took the shard from it (none: it published none since then).
 *   `to` names the instance whose `taking` it waited for, absent when it stopped without one. `open`
 *   names the instruments whose hole before it is still to be found: it took the shard without its
 *   previous owner's word and published no trade of them since.
 * - `withdrawn`: `instance` gave the shard up before it served it (its take ended without it: the
 *   group took it back or declared it lost, or another instance claimed it), or stopped holding a
 *   shard it had lost: it will neither serve it nor release it. An instance waiting for its release
 *   waits no longer: it reads back what was published instead.
 */
export type HandOverRecord =
  | { readonly kind: 'taking'; readonly shard: number; readonly instance: string; readonly at: number }
  | { readonly kind: 'withdrawn'; readonly shard: number; readonly instance: string; readonly at: number }
  | { readonly kind: 'serving'; readonly shard: number; readonly instance: string; readonly at: number; readonly subscribed?: false }
  | { readonly kind: 'releasing'; readonly shard: number; readonly instance: string; readonly at: number; readonly servesForMs?: number }
  | {
      readonly kind: 'released';
      readonly shard: number;
      readonly instance: string;
      readonly to?: string;
      readonly at: number;
      readonly last: readonly HandOverTrade[];
      readonly open?: readonly string[];
    };

/** The version written in every record; a record of another version is ignored. */
const VERSION = 1;

/** The record as JSON text (the control topic is the cluster's own: no consumer of the feed reads it). */
export function encodeHandOver(record: HandOverRecord): string {
  return JSON.stringify({ v: VERSION, ...record });
}

const EXCHANGES: ReadonlySet<string> = new Set(EXCHANGE_IDS);

/** A record read back from the control topic, or `undefined` for anything else (another version, a malformed value). */
export function decodeHandOver(text: string): HandOverRecord | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isObject(value) || value['v'] !== VERSION) return undefined;
  const { kind, shard, instance, at } = value;
  if (
    !Number.isSafeInteger(shard) ||
    (shard as number) < 0 ||
    typeof instance !== 'string' ||
    instance === '' ||
    typeof at !== 'number' ||
    !Number.isFinite(at)
  )
    return undefined;
  const base = { shard: shard as number, instance, at };
  if (kind === 'taking' || kind === 'withdrawn') return { kind, ...base };
  if (kind === 'serving') {
    const subscribed = value['subscribed'];
    if (subscribed === undefined || subscribed === true) return { kind, ...base };
    return subscribed === false ? { kind, ...base, subscribed } : undefined;
  }
  if (kind === 'releasing') {
    const servesForMs = value['servesForMs'];
    if (servesForMs === undefined) return { kind, ...base };
    return typeof servesForMs === 'number' && Number.isFinite(servesForMs) && servesForMs >= 0 ? { kind, ...base, servesForMs } : undefined;
  }
  if (kind !== 'released' || !Array.isArray(value['last'])) return undefined;
  const to = value['to'];
  if (to !== undefined && typeof to !== 'string') return undefined;
  const open = value['open'];
  if (open !== undefined && !(Array.isArray(open) && open.every((instrument) => typeof instrument === 'string'))) return undefined;
  const last: HandOverTrade[] = [];
  for (const entry of value['last'] as unknown[]) {
    if (!isObject(entry)) return undefined;
    const { exchange, symbol, instrument, tradeId, exchangeTs, price, heardTo } = entry;
    if (
      typeof exchange !== 'string' ||
      !EXCHANGES.has(exchange) ||
      typeof symbol !== 'string' ||
      typeof instrument !== 'string' ||
      typeof tradeId !== 'string' ||
      typeof exchangeTs !== 'number' ||
      (price !== undefined && (typeof price !== 'number' || !Number.isFinite(price))) ||
      (heardTo !== undefined && (typeof heardTo !== 'number' || !Number.isFinite(heardTo)))
    )
      return undefined;
    last.push({
      exchange: exchange as ExchangeId,
      symbol,
      instrument,
      tradeId,
      exchangeTs,
      ...(price === undefined ? {} : { price }),
      ...(heardTo === undefined ? {} : { heardTo }),
    });
  }
  return { kind, ...base, ...(to === undefined ? {} : { to }), last, ...(open === undefined || open.length === 0 ? {} : { open: open }) };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
