import { FieldReader } from '../field-reader.js';
import { okxItems, okxMillis, okxOptionalMillis, okxOptionalSignedDecimal, okxSide } from './okx-fields.js';

/**
 * One `funding-rate` record (docs "Funding rate channel"): `fundingRate` is the rate settled at
 * `fundingTime`, the next settlement; `ts` is absent from the 2022 layout (okx-swap-funding-rate.ndjson
 * line 2). A push may come without `fundingRate` (only `nextFundingRate` and `fundingTime`): its next
 * funding time is still read, as ccxt and tardis-node read it.
 */
export interface OkxFunding {
  readonly instId: string;
  /** Absent when not sent (absent, `null` or `""`). */
  readonly fundingRate?: string;
  readonly fundingTime: number;
  readonly ts?: number;
}

/** One `mark-price` record. */
export interface OkxMark {
  readonly instId: string;
  readonly markPx: string;
  readonly ts: number;
}

/** One `index-tickers` record: `instId` is the index (`BTC-USDT`), not a swap. */
export interface OkxIndex {
  readonly instId: string;
  readonly idxPx: string;
  readonly ts: number;
}

/** One `open-interest` record: `oi` in contracts, `oiCcy` in the base currency (okx-swap-open-interest.ndjson). */
export interface OkxOpenInterest {
  readonly instId: string;
  readonly oiCcy: string;
  readonly ts: number;
}

/** One liquidation of a `liquidation-orders` record. */
export interface OkxLiquidationDetail {
  /** Bankruptcy price. */
  readonly bkPx: string;
  /** The liquidation order's side: `buy` closes a short, `sell` a long. */
  readonly side: 'buy' | 'sell';
  /** Contracts. */
  readonly sz: string;
  readonly ts: number;
}

/** The liquidations of one instrument in a `liquidation-orders` push (subscribed per `instType`). */
export interface OkxLiquidations {
  readonly instId: string;
  readonly instType: string;
  readonly details: readonly OkxLiquidationDetail[];
}

export type OkxSwapFrame =
  | { readonly kind: 'funding'; readonly items: readonly OkxFunding[] }
  | { readonly kind: 'mark'; readonly items: readonly OkxMark[] }
  | { readonly kind: 'index'; readonly items: readonly OkxIndex[] }
  | { readonly kind: 'open_interest'; readonly items: readonly OkxOpenInterest[] }
  | { readonly kind: 'liquidations'; readonly items: readonly OkxLiquidations[] };

/** The derivative channels of a swap venue, by channel; `undefined` for another channel. */
export function readSwapChannel(r: FieldReader, channel: string): OkxSwapFrame | undefined {
  switch (channel) {
    case 'funding-rate':
      return { kind: 'funding', items: okxItems(r).map(({ item, path }) => readFunding(FieldReader.of(item, path), path)) };
    case 'mark-price':
      return {
        kind: 'mark',
        items: okxItems(r).map(({ item, path }) => {
          const m = FieldReader.of(item, path);
          return { instId: m.string('instId'), markPx: m.positiveDecimal('markPx'), ts: okxMillis(m, 'ts', path) };
        }),
      };
    case 'index-tickers':
      return {
        kind: 'index',
        items: okxItems(r).map(({ item, path }) => {
          const i = FieldReader.of(item, path);
          return { instId: i.string('instId'), idxPx: i.positiveDecimal('idxPx'), ts: okxMillis(i, 'ts', path) };
        }),
      };
    case 'open-interest':
      return {
        kind: 'open_interest',
        items: okxItems(r).map(({ item, path }) => {
          const o = FieldReader.of(item, path);
          return { instId: o.string('instId'), oiCcy: o.nonNegativeDecimal('oiCcy'), ts: okxMillis(o, 'ts', path) };
        }),
      };
    case 'liquidation-orders':
      return { kind: 'liquidations', items: okxItems(r).map(({ item, path }) => readLiquidations(FieldReader.of(item, path), path)) };
    default:
      return undefined;
  }
}

function readFunding(f: FieldReader, path: string): OkxFunding {
  const funding: { -readonly [K in keyof OkxFunding]: OkxFunding[K] } = { instId: f.string('instId'), fundingTime: okxMillis(f, 'fundingTime', path) };
  const fundingRate = okxOptionalSignedDecimal(f, 'fundingRate', path);
  if (fundingRate !== undefined) funding.fundingRate = fundingRate;
  const ts = okxOptionalMillis(f, 'ts', path);
  if (ts !== undefined) funding.ts = ts;
  return funding;
}

function readLiquidations(l: FieldReader, path: string): OkxLiquidations {
  const details = l.array('details').map((detail, n): OkxLiquidationDetail => {
    const at = `${path}.details[${n}]`;
    const d = FieldReader.of(detail, at);
    return { bkPx: d.positiveDecimal('bkPx'), side: okxSide(d, 'side', at), sz: d.positiveDecimal('sz'), ts: okxMillis(d, 'ts', at) };
  });
  return { instId: l.string('instId'), instType: l.string('instType'), details };
}
