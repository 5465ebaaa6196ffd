import type { VenueListing } from '../../model/instrument.js';
import type { ExchangeId } from '../../model/market-record.js';
import { FieldReader } from '../field-reader.js';
import { FrameParseError } from '../frame-parse-error.js';
import type { ListingsRead } from '../rest/listings-read.js';
import type { QuoteVolumes } from '../rest/quote-volumes.js';
import { skipUnusable } from '../rest/skip-unusable.js';
import { HYPERLIQUID_QUOTE, hyperliquidBaseOf, unlistedCoinProblem } from './hyperliquid-coins.js';

/** Every read is `POST /info` with a JSON body naming what it asks for (docs "Info endpoint"). */
export const HYPERLIQUID_INFO_PATH = '/info';

/** The perpetuals of the first perp dex (docs "Info endpoint > Perpetuals": `meta`, `dex` "Defaults to the empty string which represents the first perp dex"). */
export const HYPERLIQUID_META_BODY = '{"type":"meta"}';

/** The same list with each perpetual's context (`[meta, ctxs]`, ctxs in the universe's order): its day's notional volume. */
export const HYPERLIQUID_META_AND_CTXS_BODY = '{"type":"metaAndAssetCtxs"}';

/**
 * Decimals a perpetual's price may have at most, less its `szDecimals` (docs "Tick and lot size":
 * "Prices can have up to 5 significant figures, but no more than MAX_DECIMALS - szDecimals decimal
 * places where MAX_DECIMALS is 6 for perps").
 */
const PERP_MAX_DECIMALS = 6;

/** `szDecimals` is an asset's size decimals: an integer, 0 or more (BTC 5, ETH 4, kPEPE 0). */
function sizeDecimals(r: FieldReader, path: string): number {
  const value = r.raw('szDecimals');
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > 20)
    throw new FrameParseError(`${path}.szDecimals`, 'expected an integer from 0 to 20');
  return value;
}

/**
 * The body of `POST /info {"type":"meta"}`: one listing per perpetual of `universe` (the coin its
 * symbol, base its asset, `kPEPE` 1000PEPE, quote USDC). A perpetual with `isDelisted: true` no longer
 * trades and stays in the list only to keep the others' asset ids: it is left out, as an instrument no
 * one trades; the others are `trading` (Hyperliquid has no state word: `venueStatus` says `listed`,
 * or `listed, isolated only` with `onlyIsolated`). Lot step: 10^-szDecimals ("Sizes are rounded to the
 * szDecimals of that asset"). Tick size: 10^-(6 - szDecimals), the finest step the decimals rule allows;
 * the five significant figures make the step coarser as the price grows (BTC, szDecimals 5, may be
 * priced to 0.1 below 10,000 and to 1 from there), which no fixed tick says. A name that is no
 * perpetual of this list (`dex:COIN`, `@107`) is skipped and recorded.
 */
export function readHyperliquidMeta(json: unknown, exchange: ExchangeId = 'hyperliquid'): ListingsRead {
  const universe = FieldReader.of(json, '$').array('universe');
  const { values, skipped } = skipUnusable(universe, '$.universe', (entry, path): VenueListing | undefined => {
    const r = FieldReader.of(entry, path);
    const name = r.string('name');
    const problem = unlistedCoinProblem(name);
    if (problem !== undefined) throw new FrameParseError(`${path}.name`, problem);
    const decimals = sizeDecimals(r, path);
    if (r.raw('isDelisted') === true) return undefined;
    return {
      exchange,
      symbol: name,
      base: hyperliquidBaseOf(name),
      quote: HYPERLIQUID_QUOTE,
      state: 'trading',
      venueStatus: r.raw('onlyIsolated') === true ? 'listed, isolated only' : 'listed',
      tickSize: Number(`1e-${Math.max(0, PERP_MAX_DECIMALS - decimals)}`),
      lotStep: Number(`1e-${decimals}`),
    };
  });
  return { listings: values.filter((listing): listing is VenueListing => listing !== undefined), skipped };
}

/** A perpetual of the universe and the context at its position. */
interface ContextPair {
  readonly perpetual: unknown;
  readonly context: unknown;
  readonly n: number;
}

/**
 * The body of `POST /info {"type":"metaAndAssetCtxs"}` (`[meta, ctxs]`: ctxs "index-aligned" with
 * `meta.universe`, each with `dayNtlVlm`, the day's notional volume in USDC), as 24 h quote volume per
 * coin. The contexts name no coin, so they are paired with the universe by position: an answer whose
 * two arrays differ in length is refused whole (`$[1]`) rather than paired wrongly. An entry without a
 * usable volume is skipped and recorded.
 */
export function readHyperliquidQuoteVolumes(json: unknown): QuoteVolumes {
  if (!Array.isArray(json) || json.length < 2) throw new FrameParseError('$', 'expected [meta, assetCtxs]');
  const universe = FieldReader.of(json[0] as unknown, '$[0]').array('universe');
  const contexts: unknown = json[1];
  if (!Array.isArray(contexts)) throw new FrameParseError('$[1]', 'expected an array of asset contexts');
  if (contexts.length !== universe.length)
    throw new FrameParseError('$[1]', `expected one context per perpetual of $[0].universe (${universe.length}), got ${contexts.length}`);
  const pairs = universe.map((perpetual, n): ContextPair => ({ perpetual, context: contexts[n] as unknown, n }));
  const { values, skipped } = skipUnusable(pairs, '$[0].universe', (pair, path) => {
    const { perpetual, context, n } = pair as ContextPair;
    const name = FieldReader.of(perpetual, path).string('name');
    return [name, Number(FieldReader.of(context, `$[1][${n}]`).nonNegativeDecimal('dayNtlVlm'))] as const;
  });
  return { volumes: new Map(values), skipped };
}
