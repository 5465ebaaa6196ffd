import ccxt from 'ccxt';
import { normalizeOptionsSummary, normalizeTrades } from 'tardis-dev';
import { describe, expect, it } from 'vitest';
import { readBinanceOptionExchangeInfo } from '../../src/exchanges/binance-options/binance-option-listings.js';
import { binanceOptionOf } from '../../src/exchanges/binance-options/binance-option-names.js';
import { createFrameNormalizer } from '../../src/exchanges/frame-normalizer.js';
import type { VenueListing } from '../../src/model/instrument.js';
import type { OptionSummary, TradeEvent } from '../../src/model/index.js';
import type { TardisOptionSummary } from './deribit-interop.js';
import { ofType, recordedLines, throughBoth, type TardisMapper, type TardisTrade } from './tardis-records.js';

/**
 * Our Binance option readers (`normalize`'s path with the venue's list, which gives each option's unit)
 * against peers written apart from ours: the installed tardis-dev's 2023 `binance-european-options` mappers
 * on the 2023 frames; tardis-node's own expected outputs for its 2025-12-17 (v2) mapper, copied as data
 * from tardis-dev/tardis-node @c1d73fb `test/__snapshots__/mappers.test.snapshot` ("map
 * binance-european-options messages v2"), for the frames of its `test/mappers.test.ts`; and ccxt's
 * Binance option market and greeks parsers. Differences by design are named and asserted.
 */
const LOCAL = Date.UTC(2025, 11, 17);

const lines = recordedLines;

/** Units of the options of the frames: 1 for BTC; XRP's 100 (its recorded mark, 19.0314, is Black-Scholes' 0.1903 per XRP times 100) and DOGE's 1,000 as listed. */
const UNITS: Readonly<Record<string, number>> = { XRP: 100, DOGE: 1000 };

function listingsOf(symbols: readonly string[]): readonly VenueListing[] {
  return readBinanceOptionExchangeInfo({
    optionSymbols: symbols.map((symbol) => {
      const option = binanceOptionOf(symbol);
      return {
        expiryDate: option?.expiryTs,
        filters: [
          { filterType: 'PRICE_FILTER', minPrice: '0.0001', maxPrice: '100000', tickSize: '0.0001' },
          { filterType: 'LOT_SIZE', minQty: '0.01', maxQty: '1000', stepSize: '0.01' },
        ],
        symbol,
        side: option?.terms.type === 'call' ? 'CALL' : 'PUT',
        strikePrice: String(option?.terms.strike),
        underlying: `${option?.coin ?? ''}USDT`,
        unit: UNITS[option?.coin ?? ''] ?? 1,
        quoteAsset: 'USDT',
      };
    }),
  }).listings;
}

const LISTINGS = listingsOf(['DOGE-231006-0.06-C', 'BTC-240927-25000-P', 'BTC-251219-89000-C', 'BTC-251218-89000-P', 'XRP-251219-2.05-P']);

/** Each text through our normalizer (one connection, in order, the options' list given) and, where it handles it, through tardis's mapper. */
const both = <T>(texts: readonly string[], mapper?: TardisMapper<T>) =>
  throughBoth(createFrameNormalizer('binance_options', 'c1', undefined, LISTINGS), texts, LOCAL, mapper);

const percent = (fraction: number | undefined): number | undefined => (fraction === undefined ? undefined : Number((fraction * 100).toPrecision(12)));

describe("our Binance option readers against tardis-dev's 2023 binance-european-options mappers", () => {
  it('@trade: the trade is tardis\'s (id, side, time), its price and amount told per coin with the unit (1,000 DOGE a contract)', () => {
    const { ours, theirs } = both(lines('binance-options-trade.ndjson'), normalizeTrades('binance-european-options', new Date(0)) as TardisMapper<TardisTrade>);
    const trades: readonly TradeEvent[] = ours.filter(ofType('trade'));
    expect([trades.length, theirs.length]).toEqual([1, 1]);
    expect(trades.map((t) => [t.symbol, t.tradeId, t.side, t.exchangeTs])).toEqual(theirs.map((t) => [t.symbol, t.id, t.side === 'buy' ? 'BUY' : 'SELL', t.timestamp.valueOf()]));
    // By design: tardis passes the contract's price and size through; ours are per DOGE.
    expect(trades.map((t) => [t.price, t.quantity])).toEqual(theirs.map((t) => [t.price / 1000, t.amount * 1000]));
    expect([trades[0]?.instrument, trades[0]?.quote]).toEqual(['DOGE-USDT-20231006-0.06-C', 'USDT']);
  });

  it("@ticker: quotes, mark and greeks are tardis's; by design the IVs are percent, the mark IV kept and the underlying NaN", () => {
    const { ours, theirs } = both(lines('binance-options-ticker.ndjson'), normalizeOptionsSummary('binance-european-options', new Date(0)) as TardisMapper<TardisOptionSummary>);
    const summaries: readonly OptionSummary[] = ours.filter(ofType('option_summary'));
    expect([summaries.length, theirs.length]).toEqual([1, 1]);
    const [mine, their] = [summaries[0], theirs[0]];
    expect([mine?.symbol, mine?.optionType, mine?.strike, mine?.expiryTs, mine?.exchangeTs, mine?.underlyingIndex]).toEqual([
      their?.symbol,
      their?.optionType,
      their?.strikePrice,
      their?.expirationDate.valueOf(),
      their?.timestamp.valueOf(),
      their?.underlyingIndex,
    ]);
    expect([mine?.bestBidPrice, mine?.bestBidAmount, mine?.bestAskPrice, mine?.bestAskAmount, mine?.markPrice, mine?.delta, mine?.gamma, mine?.vega, mine?.theta]).toEqual([
      their?.bestBidPrice,
      their?.bestBidAmount,
      their?.bestAskPrice,
      their?.bestAskAmount,
      their?.markPrice,
      their?.delta,
      their?.gamma,
      their?.vega,
      their?.theta,
    ]);
    expect([mine?.bestBidIv, mine?.bestAskIv]).toEqual([percent(their?.bestBidIV), percent(their?.bestAskIV)]);
    // tardis's 2023 mapper leaves the mark IV out and takes the underlying from `@index` frames (none here):
    // ours keeps `vo` and writes NaN. Both leave out a last price of "0" (no trade in the day).
    expect([their?.markIV, mine?.markIv, their?.underlyingPrice, mine?.underlyingPrice, their?.lastPrice, mine?.lastPrice]).toEqual([
      undefined,
      42.824954,
      undefined,
      Number.NaN,
      undefined,
      undefined,
    ]);
    expect([their?.rho, mine?.rho]).toEqual([undefined, Number.NaN]);
  });

  it('@markPrice (a mark alone) makes no record in either', () => {
    const { ours } = both(lines('binance-options-markPrice.ndjson'));
    const summary = normalizeOptionsSummary('binance-european-options', new Date(0)) as TardisMapper<TardisOptionSummary>;
    expect([ours, summary.canHandle(JSON.parse(lines('binance-options-markPrice.ndjson')[0] ?? '{}'))]).toEqual([[], false]);
  });
});

/**
 * tardis-node's v2 messages that are not in the shared collection, copied from `test/mappers.test.ts`
 * @c1d73fb: messages[1] (lines 9759-9773), [6] (lines 9858-9876) and [7] (lines 9877-9902).
 */
const V2_TRADE_SELL = {
  stream: 'btc-251218-89000-p@optionTrade',
  data: { e: 'trade', E: 1765983422509, T: 1765983422509, s: 'BTC-251218-89000-P', t: 18, p: '600.000', q: '3.90', X: 'MARKET', S: 'SELL', m: true },
};
const V2_OPEN_INTEREST = {
  stream: 'btcusdt@optionOpenInterest@251219',
  data: [
    { e: 'openInterest', E: 1765983420500, s: 'BTC-251219-89000-C', o: '123.45', h: '11025678.90' },
    { e: 'openInterest', E: 1765983420500, s: 'BTC-251218-89000-P', o: '67.89', h: '6070901.23' },
  ],
};
const V2_BTC_MARKS = {
  stream: 'btcusdt@optionMarkPrice',
  data: [
    {
      s: 'BTC-251219-89000-C',
      mp: '1450.5',
      E: 1765983421000,
      e: 'markPrice',
      i: '104334.60217391',
      P: '0.0000',
      bo: '1440.0',
      ao: '1460.0',
      bq: '5.00',
      aq: '3.50',
      b: '0.85',
      a: '0.88',
      hl: '2000.0',
      ll: '500.0',
      vo: '0.86',
      rf: '0.0',
      d: '0.75',
      t: '-0.05',
      g: '0.002',
      v: '0.15',
    },
  ],
};

/**
 * tardis-node's expected v2 records (`mappers.test.snapshot` @c1d73fb): "v2 1" (lines 146-160), "v2 2"
 * (162-176), "v2 5" (227-257) and "v2 8" (267-297), the fields the comparison reads.
 */
const EXPECTED_V2 = {
  trades: [
    { symbol: 'BTC-251219-89000-C', id: '200', price: 1420, amount: 1.54, side: 'buy', timestamp: '2025-12-17T14:57:00.778Z' },
    { symbol: 'BTC-251218-89000-P', id: '18', price: 600, amount: 3.9, side: 'sell', timestamp: '2025-12-17T14:57:02.509Z' },
  ],
  xrp: {
    symbol: 'XRP-251219-2.05-P',
    optionType: 'put',
    strikePrice: 2.05,
    expirationDate: '2025-12-19T08:00:00.000Z',
    bestBidPrice: undefined,
    bestAskPrice: undefined,
    lastPrice: undefined,
    openInterest: undefined,
    markPrice: 19.0314,
    markIV: 2.6,
    delta: -0.56213899,
    gamma: 1.12832706,
    vega: 0.00052941,
    theta: -0.04023754,
    underlyingPrice: 1.96239445,
    underlyingIndex: 'XRPUSDT',
    timestamp: '2025-12-17T14:57:00.260Z',
  },
  btc: {
    symbol: 'BTC-251219-89000-C',
    bestBidPrice: 1440,
    bestBidAmount: 5,
    bestBidIV: 0.85,
    bestAskPrice: 1460,
    bestAskAmount: 3.5,
    bestAskIV: 0.88,
    lastPrice: 1420,
    openInterest: 123.45,
    markPrice: 1450.5,
    markIV: 0.86,
    delta: 0.75,
    gamma: 0.002,
    vega: 0.15,
    theta: -0.05,
    underlyingPrice: 104334.60217391,
    underlyingIndex: 'BTCUSDT',
    timestamp: '2025-12-17T14:57:01.000Z',
  },
} as const;

describe("our Binance option readers against tardis-node's expected v2 records", () => {
  it('@optionTrade: every trade is tardis-node\'s (id, price, amount, side by `m`, time)', () => {
    const { ours } = both([...lines('binance-options-optionTrade.ndjson'), JSON.stringify(V2_TRADE_SELL)]);
    expect(ours.filter(ofType('trade')).map((t) => ({ symbol: t.symbol, id: t.tradeId, price: t.price, amount: t.quantity, side: t.side.toLowerCase(), timestamp: new Date(t.exchangeTs).toISOString() }))).toEqual(
      EXPECTED_V2.trades,
    );
  });

  it('@optionMarkPrice: the XRP put is tardis-node\'s, by design per XRP (its mark over the unit of 100) with its IV in percent and rho NaN', () => {
    const [mine] = both(lines('binance-options-optionMarkPrice.ndjson')).ours.filter(ofType('option_summary'));
    const x = EXPECTED_V2.xrp;
    expect(mine).toMatchObject({
      symbol: x.symbol,
      optionType: x.optionType,
      strike: x.strikePrice,
      expiryTs: Date.parse(x.expirationDate),
      delta: x.delta,
      gamma: x.gamma,
      vega: x.vega,
      theta: x.theta,
      underlyingPrice: x.underlyingPrice,
      underlyingIndex: x.underlyingIndex,
      exchangeTs: Date.parse(x.timestamp),
    });
    expect([mine?.markPrice, mine?.markIv, mine?.bestBidPrice, mine?.bestAskPrice, mine?.lastPrice, mine?.openInterest]).toEqual([
      Number((x.markPrice / 100).toPrecision(15)),
      percent(x.markIV),
      x.bestBidPrice,
      x.bestAskPrice,
      x.lastPrice,
      x.openInterest,
    ]);
    expect(mine?.rho).toBeNaN();
  });

  it("@optionTicker's last price and @optionOpenInterest merged into the next summary, as tardis-node merges them", () => {
    const { ours } = both([...lines('binance-options-optionTicker.ndjson'), JSON.stringify(V2_OPEN_INTEREST), JSON.stringify(V2_BTC_MARKS)]);
    const summaries = ours.filter(ofType('option_summary'));
    expect(summaries).toHaveLength(1);
    const [mine] = summaries;
    const b = EXPECTED_V2.btc;
    expect(mine).toMatchObject({
      symbol: b.symbol,
      bestBidPrice: b.bestBidPrice,
      bestBidAmount: b.bestBidAmount,
      bestAskPrice: b.bestAskPrice,
      bestAskAmount: b.bestAskAmount,
      lastPrice: b.lastPrice,
      openInterest: b.openInterest,
      markPrice: b.markPrice,
      delta: b.delta,
      gamma: b.gamma,
      vega: b.vega,
      theta: b.theta,
      underlyingPrice: b.underlyingPrice,
      underlyingIndex: b.underlyingIndex,
      exchangeTs: Date.parse(b.timestamp),
    });
    expect([mine?.bestBidIv, mine?.bestAskIv, mine?.markIv]).toEqual([percent(b.bestBidIV), percent(b.bestAskIV), percent(b.markIV)]);
    // Ours also names the index price (tardis-node's summary has no such field).
    expect(mine?.indexPrice).toBe(b.underlyingPrice);
  });
});

interface CcxtMarket {
  readonly base: string;
  readonly quote: string;
  readonly settle: string;
  readonly contractSize: number;
  readonly strike: number;
  readonly expiry: number;
  readonly optionType: string;
  readonly precision: { readonly amount: number; readonly price: number };
}

interface CcxtGreeks {
  readonly delta?: number;
  readonly gamma?: number;
  readonly vega?: number;
  readonly theta?: number;
  readonly rho?: number;
  readonly markPrice?: number;
  readonly markImpliedVolatility?: number;
  readonly bidImpliedVolatility?: number;
}

describe("our Binance option readers against ccxt's Binance option parsers", () => {
  const exchange = new ccxt.binance() as unknown as { parseMarket(m: unknown): CcxtMarket; parseGreeks(g: unknown): CcxtGreeks };

  it("the list: ccxt's recorded exchangeInfo entry (binance.js, options (eapi)) has ccxt's coin, settlement, unit, strike, expiry and type", () => {
    const entry = {
      contractId: 3,
      expiryDate: 1677225600000,
      filters: [
        { filterType: 'PRICE_FILTER', minPrice: '724.6', maxPrice: '919.2', tickSize: '0.1' },
        { filterType: 'LOT_SIZE', minQty: '0.01', maxQty: '1001', stepSize: '0.01' },
      ],
      id: 2474,
      symbol: 'ETH-230224-800-C',
      side: 'CALL',
      strikePrice: '800.00000000',
      underlying: 'ETHUSDT',
      unit: 1,
      priceScale: 1,
      quantityScale: 2,
      quoteAsset: 'USDT',
    };
    const [mine] = readBinanceOptionExchangeInfo({ optionSymbols: [entry] }).listings;
    const theirs = exchange.parseMarket(entry);
    expect([mine?.base, mine?.quote, mine?.contractValue, mine?.option?.strike, mine?.expiryTs, mine?.option?.type, mine?.tickSize, mine?.lotStep]).toEqual([
      theirs.base,
      theirs.settle,
      theirs.contractSize,
      theirs.strike,
      theirs.expiry,
      theirs.optionType,
      theirs.precision.price,
      theirs.precision.amount,
    ]);
    expect(mine?.key).toBe('ETH-USDT-20230224-800-C');
  });

  it("the greeks: the XRP put's, written as `GET /eapi/v1/mark` names them, are ccxt's; by design its mark per XRP, IVs in percent, an IV of -1 absent", () => {
    const data = (JSON.parse(lines('binance-options-optionMarkPrice.ndjson')[0] ?? '{}') as { readonly data: readonly Record<string, string>[] }).data[0] ?? {};
    const greeks = exchange.parseGreeks({ symbol: data['s'], markPrice: data['mp'], bidIV: data['b'], askIV: data['a'], markIV: data['vo'], delta: data['d'], theta: data['t'], gamma: data['g'], vega: data['v'] });
    const [mine] = both(lines('binance-options-optionMarkPrice.ndjson')).ours.filter(ofType('option_summary'));
    expect([mine?.delta, mine?.gamma, mine?.vega, mine?.theta]).toEqual([greeks.delta, greeks.gamma, greeks.vega, greeks.theta]);
    expect([mine?.markPrice, mine?.markIv, mine?.bestBidIv]).toEqual([Number(((greeks.markPrice ?? 0) / 100).toPrecision(15)), percent(greeks.markImpliedVolatility), undefined]);
    expect([greeks.bidImpliedVolatility, greeks.rho]).toEqual([-1, undefined]);
  });
});
