import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { BookOutput, BookUpdate } from '../../src/exchanges/book-update.js';
import { frameDecoder, type FrameDecoder } from '../../src/exchanges/frame-decoder.js';
import { createFrameNormalizer, type FrameNormalizer } from '../../src/exchanges/frame-normalizer.js';
import { okxBookReducer, type OkxBookState } from '../../src/exchanges/okx/okx-book-reducer.js';
import { readOkxSwapInstruments } from '../../src/exchanges/okx/okx-listings.js';
import { protocolFor } from '../../src/exchanges/protocol-registry.js';
import { listedPartsLookup } from '../../src/exchanges/venue-parts-lookup.js';
import type { VenueListing } from '../../src/model/instrument.js';

/**
 * What the OKX interop tests share: the recorded frames, the contract values of the swaps they name, and
 * our side of each comparison (`normalize`'s path, given the swaps' recorded instrument list).
 *
 * Contract values come from OKX's own answer to `GET /api/v5/public/instruments?instType=SWAP`, recorded on
 * 2022-05-13 (the venue's fixture `src/exchanges/okx/__fixtures__/okx-instruments-swap.json`, from
 * bmoscon/cryptofeed `sample_data/OKX.0`; its README cites it): BTC-USDT-SWAP `ctVal` 0.01 BTC,
 * IOST-USDT-SWAP 1000 IOST, REN-USDT-SWAP 10 REN, WNCG-USDT-SWAP 1 WNCG. OKX: "ctVal: Contract value"
 * (docs-v5 #public-data-rest-api-get-instruments); a swap's sizes are contracts, its base quantity `sz` x `ctVal`.
 * The tests read `ctVal` from the answer themselves; our side reads the answer with the product's list reader.
 */
export const RECORDED = fileURLToPath(new URL('../fixtures/exchange-frames/', import.meta.url));
const INSTRUMENTS = fileURLToPath(new URL('../../src/exchanges/okx/__fixtures__/okx-instruments-swap.json', import.meta.url));

/** A time after every recorded frame (2027-01-15), so that tardis picks its current OKX v5 mappers. */
export const LOCAL_TS = 1_800_000_000_000;

/** The non-empty lines of a file. */
export function lines(path: string): readonly string[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '');
}

/** The frames of one recorded file of `test/fixtures/exchange-frames/` (SOURCES.md cites each). */
export const recorded = (name: string): readonly string[] => lines(`${RECORDED}${name}`);

/** An entry of OKX's instrument list, the fields read here. */
export interface OkxSwapInstrument {
  readonly instId: string;
  readonly ctVal: string;
  readonly ctValCcy: string;
  readonly settleCcy: string;
  readonly ctType: string;
}

function readInstruments(): readonly OkxSwapInstrument[] {
  const body: unknown = JSON.parse(readFileSync(INSTRUMENTS, 'utf8'));
  const data = typeof body === 'object' && body !== null && 'data' in body && Array.isArray(body.data) ? (body.data as readonly unknown[]) : [];
  return data.map((entry) => {
    const e = entry as Partial<Record<keyof OkxSwapInstrument, unknown>>;
    const fields = [e.instId, e.ctVal, e.ctValCcy, e.settleCcy, e.ctType];
    if (!fields.every((f): f is string => typeof f === 'string')) throw new Error(`unreadable instrument ${JSON.stringify(entry)}`);
    const [instId, ctVal, ctValCcy, settleCcy, ctType] = fields;
    return { instId, ctVal, ctValCcy, settleCcy, ctType } as OkxSwapInstrument;
  });
}

/** The recorded swaps (linear and inverse), by instrument id. */
export const SWAP_INSTRUMENTS: ReadonlyMap<string, OkxSwapInstrument> = new Map(readInstruments().map((i) => [i.instId, i] as const));

/** Base asset per contract of a recorded swap (its `ctVal`). */
export function contractValueOf(instId: string): number {
  const value = Number(SWAP_INSTRUMENTS.get(instId)?.ctVal);
  if (!(value > 0)) throw new Error(`${instId}: no contract value recorded`);
  return value;
}

/** Contracts in the base asset, as a hand computation does: `sz` x `ctVal`. */
export const inBase = (contracts: number, instId: string): number => contracts * contractValueOf(instId);

/** Equal up to the last bits a product of two decimals may lose in binary (relative 1e-12). */
export function sameQuantity(ours: number | undefined, theirs: number | undefined): boolean {
  if (ours === undefined || theirs === undefined) return ours === theirs;
  return Math.abs(ours - theirs) <= 1e-12 * Math.max(1, Math.abs(theirs));
}

/**
 * The recorded answer as the product reads an instrument list (`readOkxSwapInstruments`, what the catalog
 * and `normalize --listings` use): each linear swap's listing with its contract value.
 */
export const SWAP_LISTINGS: readonly VenueListing[] = ((): readonly VenueListing[] => {
  const read = readOkxSwapInstruments(JSON.parse(readFileSync(INSTRUMENTS, 'utf8')) as unknown);
  if (read.skipped.length > 0) throw new Error(`recorded list read with skips: ${JSON.stringify(read.skipped)}`);
  return read.listings;
})();

/** Whether the product lists `symbol` as a linear swap in the recorded answer (inverse swaps and futures are not this venue's). */
export const isListedSwap = (symbol: string): boolean => SWAP_LISTINGS.some((listing) => listing.symbol === symbol);

/**
 * Our side: `normalize`'s path (`createFrameNormalizer`: the venue's decoder, its per-symbol reducer and
 * its book sync), given the swaps' recorded instrument list as `normalize --listings` is.
 */
export function okxNormalizer(exchange: 'okx' | 'okx_swap'): FrameNormalizer {
  return createFrameNormalizer(exchange, 'c1', undefined, exchange === 'okx_swap' ? SWAP_LISTINGS : undefined);
}

/** Our decoder as `normalize --listings` builds it (the swaps' recorded list splitting their symbols). */
function okxDecoder(exchange: 'okx' | 'okx_swap'): FrameDecoder {
  return frameDecoder(protocolFor(exchange), { exchange, partsOf: listedPartsLookup(exchange, exchange === 'okx_swap' ? SWAP_LISTINGS : []) });
}

/** The depth updates our decoder makes of each frame (sizes in the base asset), before any book takes them; none for a refused frame. */
export function okxDepthUpdates(exchange: 'okx' | 'okx_swap', frames: readonly string[]): readonly (readonly BookUpdate[])[] {
  const decode = okxDecoder(exchange);
  return frames.map((text, n) => {
    const decoded = decode(text, LOCAL_TS + n, 'c1');
    return decoded.kind === 'events' ? decoded.books : [];
  });
}

/**
 * The books our decoder's depth updates make, folded by the product's OKX book reducer with a view of every
 * level it keeps (400 a side, the depth of `books`; `normalize` publishes the top 50): the view after each
 * frame, `undefined` after a frame that changed no book.
 */
export function okxFullBookViews(exchange: 'okx' | 'okx_swap', frames: readonly string[]): readonly (BookOutput | undefined)[] {
  const reducer = okxBookReducer({ viewLevels: 400, maxLevels: 400 });
  const states = new Map<string, OkxBookState>();
  return okxDepthUpdates(exchange, frames).map((updates) => {
    let last: BookOutput | undefined;
    for (const update of updates) {
      const step = reducer.reduce(states.get(update.symbol) ?? reducer.initial(update.symbol), [update]);
      states.set(update.symbol, step.state);
      last = step.events.at(-1) ?? last;
    }
    return last;
  });
}

/**
 * OKX's documentation examples used where no recorded frame exists (docs-v5, Public data > WebSocket,
 * as of 2026-01-15): a SWAP liquidation (#public-data-websocket-liquidation-orders-channel; the only
 * recorded `liquidation-orders` frame is of a FUTURES contract) and a BTC-USDT-SWAP open interest
 * (#public-data-websocket-open-interest-channel; the recorded one is of a swap whose contract is 1 coin, where
 * contracts and coins cannot be told apart).
 */
export const DOC_LIQUIDATION_ORDERS =
  '{"id":"1512","arg":{"channel":"liquidation-orders","instType":"SWAP"},"data":[{"details":[{"bkLoss":"0","bkPx":"0.007831","ccy":"","posSide":"short","side":"buy","sz":"13","ts":"1692266434010"}],"instFamily":"IOST-USDT","instId":"IOST-USDT-SWAP","instType":"SWAP","uly":"IOST-USDT"}]}';
export const DOC_OPEN_INTEREST =
  '{"arg":{"channel":"open-interest","instId":"BTC-USDT-SWAP"},"data":[{"instId":"BTC-USDT-SWAP","instType":"SWAP","oi":"2216113.01000000309","oiCcy":"22161.1301000000309","oiUsd":"1939251795.54769270396321","ts":"1743041250440"}]}';
