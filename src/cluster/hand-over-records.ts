import { EXCHANGE_IDS, type ExchangeId } from '../model/index.js';

/** The last trade of one (venue, symbol) an instance published before it stopped serving a shard. */
export interface HandOverTrade {
  readonly exchange: ExchangeId;
  readonly symbol: string;
  /** The canonical instrument (`BTC-USDT`), so that a symbol is known by its shard before it trades. */
  readonly instrument: string;
  /** The venue's trade id, as the trade record has it. */
  readonly tradeId: string;
  readonly exchangeTs: number;
}

/**
 * What the instances of a cluster tell each other about a shard changing owner, on the control
 * topic (`market-feed.NAME.shards`, partition = shard, key = the shard's number as text):
 * - `taking`: `instance` was assigned the shard and has its instruments subscribed (or gave up
 *   waiting for that); it holds their trades back until the previous owner says where it stopped.
 * - `serving`: `instance` serves the shard (a hand-over ended, or nobody served it before): the
 *   next instance assigned it waits for this one's `released`.
 * - `releasing`: the group took the shard from `instance` (a planned rebalance or leave); it goes on
 *   publishing until the next owner is subscribed. It may have left the group already.
 * - `released`: `instance` stopped serving the shard; `last` is the last trade it published per
 *   (venue, symbol) since the group took the shard from it (none: it published none since then).
 *   `to` names the instance whose `taking` it waited for, absent when it stopped without one.
 */
export type HandOverRecord =
  | { readonly kind: 'taking' | 'serving' | 'releasing'; readonly shard: number; readonly instance: string; readonly at: number }
  | {
      readonly kind: 'released';
      readonly shard: number;
      readonly instance: string;
      readonly to?: string;
      readonly at: number;
      readonly last: readonly HandOverTrade[];
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
  if (kind === 'taking' || kind === 'serving' || kind === 'releasing') return { kind, ...base };
  if (kind !== 'released' || !Array.isArray(value['last'])) return undefined;
  const to = value['to'];
  if (to !== undefined && typeof to !== 'string') return undefined;
  const last: HandOverTrade[] = [];
  for (const entry of value['last'] as unknown[]) {
    if (!isObject(entry)) return undefined;
    const { exchange, symbol, instrument, tradeId, exchangeTs } = entry;
    if (
      typeof exchange !== 'string' ||
      !EXCHANGES.has(exchange) ||
      typeof symbol !== 'string' ||
      typeof instrument !== 'string' ||
      typeof tradeId !== 'string' ||
      typeof exchangeTs !== 'number'
    )
      return undefined;
    last.push({ exchange: exchange as ExchangeId, symbol, instrument, tradeId, exchangeTs });
  }
  return { kind, ...base, ...(to === undefined ? {} : { to }), last };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
