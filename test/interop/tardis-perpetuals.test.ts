import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { normalizeDerivativeTickers, normalizeLiquidations, normalizeTrades } from 'tardis-dev';
import { describe, expect, it } from 'vitest';
import { createFrameNormalizer } from '../../src/exchanges/frame-normalizer.js';
import type { DerivativeTicker, FeedEvent, Liquidation, PriceTick } from '../../src/model/index.js';
import type { ExchangeId } from '../../src/model/market-record.js';

/**
 * Our perpetual path (`createFrameNormalizer`: the venue's decoder and per-symbol reducer, as the feed runs
 * them) against tardis-node's mappers (the `tardis-dev` package: `normalizeTrades`,
 * `normalizeDerivativeTickers`, `normalizeLiquidations`), a second implementation written apart from ours
 * and from ccxt's, which unlike ccxt normalizes funding and open interest and names a liquidation by the
 * side of the forced order (`sell`: a long liquidated). Recorded frames where they exist, the documented
 * ones otherwise (test/fixtures/exchange-frames/SOURCES.md and the Binance USD-M fixtures' README).
 */
const RECORDED = fileURLToPath(new URL('../fixtures/exchange-frames/', import.meta.url));
const DOCUMENTED_USDM = fileURLToPath(new URL('../../src/exchanges/binance-usdm/__fixtures__/', import.meta.url));
/** A time after Bybit's v5 and `allLiquidation` switch, so that tardis picks those mappers. */
const LOCAL = new Date(1_800_000_000_000);

interface TardisMapper<T> {
  canHandle(message: unknown): boolean;
  map(message: unknown, localTimestamp: Date): IterableIterator<T> | undefined;
}
interface TardisTrade {
  readonly symbol: string;
  readonly id: string | undefined;
  readonly price: number;
  readonly amount: number;
  readonly side: string;
  readonly timestamp: Date;
}
interface TardisTicker {
  readonly symbol: string;
  readonly lastPrice: number | undefined;
  readonly openInterest: number | undefined;
  readonly fundingRate: number | undefined;
  readonly fundingTimestamp: Date | undefined;
  readonly indexPrice: number | undefined;
  readonly markPrice: number | undefined;
  readonly timestamp: Date;
}
interface TardisLiquidation {
  readonly symbol: string;
  readonly price: number;
  readonly amount: number;
  readonly side: string;
  readonly timestamp: Date;
}

const lines = (path: string): readonly string[] =>
  readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '');

/** Each frame through ours and through a tardis mapper; `compare` after each with both sides' output for it. */
function replay<T>(
  exchange: ExchangeId,
  mapper: TardisMapper<T>,
  frames: readonly string[],
  compare: (ours: readonly FeedEvent[], theirs: readonly T[]) => void,
): void {
  const normalize = createFrameNormalizer(exchange, 'c1');
  frames.forEach((text, n) => {
    const ours = normalize(text, LOCAL.valueOf() + n);
    if (!ours.ok) throw new Error(`line ${n + 1}: ${ours.error}`);
    const message: unknown = JSON.parse(text);
    const theirs = mapper.canHandle(message) ? [...(mapper.map(message, LOCAL) ?? [])] : [];
    compare(ours.frame, theirs);
  });
}

/** Every frame of `path` through both: what we made of kind `type`, and everything the tardis mapper made, each in order. */
function collected<K extends 'trade' | 'liquidation', T>(
  exchange: ExchangeId,
  mapper: TardisMapper<T>,
  path: string,
  type: K,
): { readonly ours: readonly Extract<FeedEvent, { type: K }>[]; readonly theirs: readonly T[] } {
  const ours: Extract<FeedEvent, { type: K }>[] = [];
  const theirs: T[] = [];
  replay(exchange, mapper, lines(path), (o, t) => {
    ours.push(...o.filter((e): e is Extract<FeedEvent, { type: K }> => e.type === type));
    theirs.push(...t);
  });
  return { ours, theirs };
}
/** A forced sell closes a long: tardis's side of the order against our side of the position. */
const orderSide = (l: Liquidation): string => (l.positionSide === 'LONG' ? 'sell' : 'buy');

describe("our perpetual parsers against tardis-node's mappers (tardis-dev) on the same frames", () => {
  it('Bybit linear: every recorded trade alike (UUID id, price, size, time, taker side)', () => {
    const mapper = normalizeTrades('bybit', LOCAL) as TardisMapper<TardisTrade>;
    const { ours, theirs } = collected('bybit_linear', mapper, `${RECORDED}bybit-linear-publicTrade.ndjson`, 'trade');
    expect(ours.length).toBeGreaterThan(31);
    expect(ours.map((e) => [e.symbol, e.tradeId, e.price, e.quantity, e.exchangeTs, e.side.toLowerCase()])).toEqual(
      theirs.map((t) => [t.symbol, t.id, t.price, t.amount, t.timestamp.valueOf(), t.side]),
    );
  });

  it("Bybit linear: after every recorded tickers frame tardis emits for, our merged figures are tardis's (mark, index, funding rate and time, open interest, last price, time)", () => {
    const mapper = normalizeDerivativeTickers('bybit', LOCAL) as TardisMapper<TardisTicker>;
    let known: DerivativeTicker | undefined;
    let price: PriceTick | undefined;
    let compared = 0;
    replay('bybit_linear', mapper, lines(`${RECORDED}bybit-linear-tickers.ndjson`), (ours, theirs) => {
      known = ours.filter((e): e is DerivativeTicker => e.type === 'derivative_ticker').at(-1) ?? known;
      price = ours.filter((e): e is PriceTick => e.type === 'price_tick').at(-1) ?? price;
      for (const t of theirs) {
        compared += 1;
        expect(
          [known?.markPrice, known?.indexPrice, known?.fundingRate, known?.nextFundingTs, known?.openInterest, price?.price],
          `tardis ticker at ${t.timestamp.valueOf()}`,
        ).toEqual([t.markPrice, t.indexPrice, t.fundingRate, t.fundingTimestamp?.valueOf(), t.openInterest, t.lastPrice]);
        // tardis times the figures by the frame that changed any of them, as our record or tick of that frame is.
        expect(Math.max(known?.exchangeTs ?? 0, price?.exchangeTs ?? 0)).toBe(t.timestamp.valueOf());
      }
    });
    // The snapshot and every delta that moved the mark, the open interest or the last price.
    expect(compared).toBeGreaterThan(60);
  });

  it('Bybit linear: the allLiquidation frames alike (price, size, time; a Buy is a long liquidated by a forced sell)', () => {
    const mapper = normalizeLiquidations('bybit', LOCAL) as TardisMapper<TardisLiquidation>;
    const { ours, theirs } = collected('bybit_linear', mapper, `${RECORDED}bybit-linear-allLiquidation.ndjson`, 'liquidation');
    expect(ours).toHaveLength(3);
    expect(ours.map((l) => [l.symbol, l.price, l.quantity, l.exchangeTs, orderSide(l), l.sampled])).toEqual(
      theirs.map((t) => [t.symbol, t.price, t.amount, t.timestamp.valueOf(), t.side, false]),
    );
  });

  it("Binance USD-M: the documented mark prices alike (mark, index, funding rate and time, event time); a delivery contract's is not ours to follow", () => {
    const mapper = normalizeDerivativeTickers('binance-futures', LOCAL) as TardisMapper<TardisTicker>;
    const compared: string[] = [];
    replay('binance_usdm', mapper, lines(`${DOCUMENTED_USDM}binance-usdm-markPrice.ndjson`), (ours, theirs) => {
      const mine = ours.filter((e): e is DerivativeTicker => e.type === 'derivative_ticker');
      // tardis reads only the enveloped frames (it keys on the stream name): the raw line 2 is ours alone.
      if (theirs.length === 0) return;
      const [t, ...more] = theirs;
      expect(more).toEqual([]);
      if (t !== undefined && /_\d+$/.test(t.symbol)) {
        // A dated contract (COIN-M's example, BTCUSD_201225): no funding in either; not a perpetual, so no record of ours.
        expect([t.fundingRate, mine]).toEqual([undefined, []]);
        compared.push(t.symbol);
        return;
      }
      const [e] = mine;
      expect([e?.symbol, e?.markPrice, e?.indexPrice, e?.fundingRate, e?.nextFundingTs, e?.exchangeTs]).toEqual([
        t?.symbol,
        t?.markPrice,
        t?.indexPrice,
        t?.fundingRate,
        t?.fundingTimestamp?.valueOf(),
        t?.timestamp.valueOf(),
      ]);
      compared.push(t?.symbol ?? '');
    });
    expect(compared).toEqual(['BTCUSDT', 'BTCUSD_201225']);
  });

  it("Binance USD-M: the documented liquidations alike on symbol, price, quantity (both the filled quantity z), time and side", () => {
    const mapper = normalizeLiquidations('binance-futures', LOCAL) as TardisMapper<TardisLiquidation>;
    const { ours, theirs } = collected('binance_usdm', mapper, `${DOCUMENTED_USDM}binance-usdm-forceOrder.ndjson`, 'liquidation');
    expect(ours).toHaveLength(2);
    expect(ours.map((l) => [l.symbol, l.price, l.quantity, l.exchangeTs, orderSide(l), l.sampled])).toEqual(
      theirs.map((t) => [t.symbol, t.price, t.amount, t.timestamp.valueOf(), t.side, true]),
    );
  });
});
