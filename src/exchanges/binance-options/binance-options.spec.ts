import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { VenueListing } from '../../model/instrument.js';
import type { OptionSummary } from '../../model/option-summary.js';
import type { TradeEvent } from '../../model/trade-event.js';
import { RECORDED_FRAMES } from '../__fixtures__/never-throw-properties.js';
import { createFrameNormalizer } from '../frame-normalizer.js';
import { BINANCE_OPTION_CONNECTION_LIMITS } from './binance-option-limits.js';
import { readBinanceOptionExchangeInfo, readBinanceOptionVolumes } from './binance-option-listings.js';
import { binanceOptionOf, splitBinanceOptionSymbol } from './binance-option-names.js';
import { binanceOptionProtocol, binanceOptionTopic } from './binance-option-protocol.js';

const TS = Date.UTC(2026, 10, 20, 12);
const line = (file: string): string => readFileSync(new URL(file, RECORDED_FRAMES), 'utf8').split('\n')[0] ?? '';

/** One `optionSymbols` entry as the options "Exchange Information" page writes it. */
function optionSymbol(symbol: string, unit: number, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const option = binanceOptionOf(symbol);
  return {
    expiryDate: option?.expiryTs,
    filters: [
      { filterType: 'PRICE_FILTER', minPrice: '5', maxPrice: '100000', tickSize: '5' },
      { filterType: 'LOT_SIZE', minQty: '0.01', maxQty: '100', stepSize: '0.01' },
    ],
    symbol,
    side: option?.terms.type === 'call' ? 'CALL' : 'PUT',
    strikePrice: (option?.terms.strike ?? 0).toFixed(8),
    underlying: `${option?.coin ?? ''}USDT`,
    unit,
    quoteAsset: 'USDT',
    status: 'TRADING',
    ...extra,
  };
}

function listingsOf(...entries: Record<string, unknown>[]): readonly VenueListing[] {
  return readBinanceOptionExchangeInfo({ timezone: 'UTC', optionSymbols: entries }).listings;
}

const LISTED = listingsOf(
  optionSymbol('BTC-261127-56000-C', 1),
  optionSymbol('BTC-261127-56000-P', 1),
  optionSymbol('XRP-251219-2.05-P', 100),
  optionSymbol('BTC-251219-89000-C', 1),
  optionSymbol('DOGE-231006-0.06-C', 1000),
  optionSymbol('BTC-240927-25000-P', 1),
);

function normalized(text: string) {
  return createFrameNormalizer('binance_options', 'c1', undefined, LISTED)(text, TS);
}

function summariesOf(text: string): readonly OptionSummary[] {
  const result = normalized(text);
  if (!result.ok) throw new Error(result.error);
  return result.frame.filter((e): e is OptionSummary => e.type === 'option_summary');
}

/** An `@optionMarkPrice` push of `entries`, each the documented entry with its fields overridden. */
function marks(...entries: Record<string, string | number>[]): string {
  const base = {
    s: 'BTC-261127-56000-C',
    mp: '770.543',
    E: TS,
    e: 'markPrice',
    i: '104334.60217391',
    P: '0.000',
    bo: '760.000',
    ao: '780.000',
    bq: '0.3000',
    aq: '0.6000',
    b: '0.92159033',
    a: '0.94461441',
    hl: '924.652',
    ll: '616.435',
    vo: '0.9408058',
    rf: '0.0',
    d: '0.11111964',
    t: '-164.26702615',
    g: '0.00001245',
    v: '30.63855919',
  };
  return JSON.stringify({ stream: 'btcusdt@optionMarkPrice', data: entries.map((entry) => ({ ...base, ...entry })) });
}

describe('Binance option names', () => {
  it('read the coin, expiry at 08:00 UTC, strike and type, keyed by USDT, upper or lower case', () => {
    expect(binanceOptionOf('btc-261127-56000-c')).toEqual({
      coin: 'BTC',
      expiryCode: '261127',
      expiryTs: Date.UTC(2026, 10, 27, 8),
      terms: { type: 'call', strike: 56000 },
    });
    expect(splitBinanceOptionSymbol('XRP-251219-2.05-P')).toEqual({ coin: 'XRP', quote: 'USDT', instrument: 'XRP-USDT-20251219-2.05-P' });
  });

  it('are none for an underlying, a bad day, type or strike', () => {
    expect(['BTCUSDT', 'BTC-261131-56000-C', 'BTC-261127-56000-X', 'BTC-261127-0-C', 'BTC-27NOV26-56000-C'].map(binanceOptionOf)).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });
});

describe('the Binance option list', () => {
  it('reads each option with its unit, its tick and lot per coin, halting what is not TRADING, skipping what disagrees with its name', () => {
    const read = readBinanceOptionExchangeInfo({
      optionSymbols: [
        optionSymbol('XRP-251219-2.05-P', 100),
        optionSymbol('BTC-261127-56000-C', 1, { status: 'PENDING' }),
        optionSymbol('BTC-261127-60000-C', 1, { side: 'PUT' }),
        optionSymbol('ETH-261127-4000-C', 0),
        { ...optionSymbol('ETH-261127-4000-P', 1), status: undefined },
      ],
    });
    expect(read.listings.map((l) => [l.symbol, l.key, l.base, l.quote, l.state, l.tickSize, l.lotStep, l.contractValue, l.expiryTs])).toEqual([
      ['XRP-251219-2.05-P', 'XRP-USDT-20251219-2.05-P', 'XRP', 'USDT', 'trading', 0.05, 1, 100, Date.UTC(2025, 11, 19, 8)],
      ['BTC-261127-56000-C', 'BTC-USDT-20261127-56000-C', 'BTC', 'USDT', 'halted', 5, 0.01, 1, Date.UTC(2026, 10, 27, 8)],
      ['ETH-261127-4000-P', 'ETH-USDT-20261127-4000-P', 'ETH', 'USDT', 'trading', 5, 0.01, 1, Date.UTC(2026, 10, 27, 8)],
    ]);
    expect(read.skipped.map((s) => s.path)).toEqual(['$.optionSymbols[2].side', '$.optionSymbols[3].unit']);
  });

  it("reads each option's 24 h volume in USDT (`amount`)", () => {
    const read = readBinanceOptionVolumes([{ symbol: 'BTC-261127-56000-C', volume: '2', amount: '1540.5' }, { symbol: 'X' }]);
    expect([...read.volumes]).toEqual([['BTC-261127-56000-C', 1540.5]]);
    expect(read.skipped).toHaveLength(1);
  });
});

describe('the Binance option protocol', () => {
  it("subscribes each option's trades on /public, its underlying's marks and its expiry's open interest on /market, shared", () => {
    const topics = binanceOptionProtocol.streams.map((stream) => [binanceOptionProtocol.topic('BTC-261127-56000-C', stream), stream.route]);
    expect(topics).toEqual([
      ['btc-261127-56000-c@optionTrade', 'public'],
      ['btcusdt@optionMarkPrice', 'market'],
      ['btcusdt@optionOpenInterest@261127', 'market'],
    ]);
    expect(binanceOptionTopic('BTC-261127-56000-C', 'optionMarkPrice')).toBe(binanceOptionTopic('BTC-261225-90000-P', 'optionMarkPrice'));
    expect(binanceOptionProtocol.connection.routes?.map((r) => r.path)).toEqual(['/public', '/market']);
  });

  it('keeps within the documented 200 streams and 10 messages a second, and rotates before the 24 h cut', () => {
    expect([BINANCE_OPTION_CONNECTION_LIMITS.maxTopics, BINANCE_OPTION_CONNECTION_LIMITS.requestsPerSecond]).toEqual([200, 5]);
    expect(binanceOptionProtocol.connection.rotation?.lifetimeMs).toBeLessThan(24 * 3_600_000);
    const url = binanceOptionProtocol.connection.url('ws://127.0.0.1:29470/binance-options/public', ['btc-261127-56000-c@optionTrade']);
    expect(url).toBe('ws://127.0.0.1:29470/binance-options/public/stream?streams=btc-261127-56000-c@optionTrade');
  });

  it('reads the subscribe answer, an error and serverShutdown', () => {
    const control = (text: string) => {
      const parsed = binanceOptionProtocol.parse(text);
      if (!parsed.ok) throw new Error(parsed.error);
      return binanceOptionProtocol.control(parsed.frame);
    };
    expect(control('{"result":null,"id":3}')).toEqual({ kind: 'subscribe_ack', success: true, message: '', requestId: '3' });
    expect(control('{"error":{"code":4,"msg":"too many streams"},"id":4}')).toEqual({ kind: 'venue_error', message: '4: too many streams', requestId: '4' });
    expect(control('{"stream":"x","data":{"e":"serverShutdown","E":1}}')).toEqual({ kind: 'rotate', reason: 'serverShutdown' });
  });
});

describe("a Binance option's summary from @optionMarkPrice", () => {
  it('is told per coin with the unit (the recorded XRP put, 100 XRP a contract), IVs in percent, greeks as sent, rho NaN, empty sides absent', () => {
    const [s] = summariesOf(line('binance-options-optionMarkPrice.ndjson'));
    expect(s).toMatchObject({
      exchange: 'binance_options',
      symbol: 'XRP-251219-2.05-P',
      instrument: 'XRP-USDT-20251219-2.05-P',
      coin: 'XRP',
      quote: 'USDT',
      optionType: 'put',
      strike: 2.05,
      expiryTs: Date.UTC(2025, 11, 19, 8),
      markPrice: 0.190314,
      markIv: 260,
      delta: -0.56213899,
      gamma: 1.12832706,
      vega: 0.00052941,
      theta: -0.04023754,
      underlyingPrice: 1.96239445,
      indexPrice: 1.96239445,
      underlyingIndex: 'XRPUSDT',
      exchangeTs: 1765983420260,
    });
    expect(s?.rho).toBeNaN();
    expect(
      ['bestBidPrice', 'bestBidAmount', 'bestBidIv', 'bestAskPrice', 'bestAskAmount', 'bestAskIv', 'lastPrice', 'openInterest'].filter((k) => k in (s ?? {})),
    ).toEqual([]);
  });

  it("carries both quoted sides with their IVs, and keeps a worthless option's mark of 0", () => {
    const [quoted, worthless] = summariesOf(marks({}, { s: 'BTC-261127-56000-P', mp: '0.000', vo: '0', bo: '0.000', bq: '0.0000', b: '-1.0', a: '-1.0' }));
    expect(quoted).toMatchObject({
      bestBidPrice: 760,
      bestBidAmount: 0.3,
      bestBidIv: 92.159033,
      bestAskPrice: 780,
      bestAskAmount: 0.6,
      bestAskIv: 94.461441,
      markIv: 94.08058,
    });
    expect([worthless?.markPrice, worthless?.markIv, worthless?.bestBidPrice, worthless?.bestAskPrice, worthless?.bestAskIv]).toEqual([
      0,
      0,
      undefined,
      780,
      undefined,
    ]);
  });

  it('refuses one bad entry alone, naming it, and maps the others of the frame', () => {
    const result = normalized(marks({ s: 'BTC-261127-56000-C', vo: '' }, { s: 'BTC-261127-56000-P' }));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.frame.map((e) => e.symbol)).toEqual(['BTC-261127-56000-P']);
    expect(result.refused).toBe('1 entries refused: $.data[0].vo: BTC-261127-56000-C: expected a non-negative decimal string');
  });

  it('leaves out an option whose expiry has come, refusing nothing', () => {
    const result = normalized(marks({ s: 'BTC-261127-56000-C', E: Date.UTC(2026, 10, 27, 8) }, { s: 'BTC-261127-56000-P', E: Date.UTC(2026, 10, 27, 7) }));
    expect(result.ok && result.frame.map((e) => e.symbol)).toEqual(['BTC-261127-56000-P']);
    expect(result.ok && result.refused).toBeUndefined();
  });

  it('merges the open interest (in the coin) and the last trade price into the summaries that follow', () => {
    const normalize = createFrameNormalizer('binance_options', 'c1', undefined, LISTED);
    normalize(
      JSON.stringify({ stream: 'btcusdt@optionOpenInterest@261127', data: [{ e: 'openInterest', E: TS, s: 'BTC-261127-56000-C', o: '12.5', h: '1.0' }] }),
      TS,
    );
    const trade = normalize(
      JSON.stringify({
        stream: 'btc-261127-56000-c@optionTrade',
        data: { e: 'trade', E: TS, T: TS, s: 'BTC-261127-56000-C', t: 7, p: '775.000', q: '0.10', X: 'MARKET', S: 'BUY', m: false },
      }),
      TS,
    );
    expect(trade.ok && trade.frame.map((e) => e.type)).toEqual(['trade']);
    const next = normalize(marks({}), TS);
    expect(next.ok && next.frame.map((e) => e.type === 'option_summary' && [e.openInterest, e.lastPrice])).toEqual([[12.5, 775]]);
  });

  it('is refused without the list (its unit unknown), never published per contract', () => {
    const result = createFrameNormalizer('binance_options', 'c1')(line('binance-options-optionMarkPrice.ndjson'), TS);
    expect(result).toMatchObject({
      ok: false,
      error: 'XRP-251219-2.05-P: contract unit unknown (its listing unread), its prices and sizes are per contract: not published',
    });
  });
});

describe('Binance option trades and the 2023 shapes', () => {
  const tradesOf = (text: string): readonly TradeEvent[] => {
    const result = normalized(text);
    if (!result.ok) throw new Error(result.error);
    return result.frame.filter((e): e is TradeEvent => e.type === 'trade');
  };

  it('reads @optionTrade: a numeric id, the taker side, price and size per coin', () => {
    expect(
      tradesOf(line('binance-options-optionTrade.ndjson')).map((t) => [t.tradeId, t.price, t.quantity, t.side, t.isBuyerMaker, t.exchangeTs, t.instrument]),
    ).toEqual([['200', 1420, 1.54, 'BUY', false, 1765983420778, 'BTC-USDT-20251219-89000-C']]);
  });

  it('reads the 2023 @trade: a string id, S "-1" a seller taking, in the coin with the unit', () => {
    expect(tradesOf(line('binance-options-trade.ndjson')).map((t) => [t.tradeId, t.price, t.quantity, t.side, t.isBuyerMaker])).toEqual([
      ['15', 0.00264, 10, 'SELL', true],
    ]);
  });

  it('reads the 2023 @ticker as a summary without an underlying price (NaN), and the 2023 @markPrice as nothing', () => {
    const [s] = summariesOf(line('binance-options-ticker.ndjson'));
    expect(s).toMatchObject({
      markPrice: 3475,
      markIv: 42.824954,
      bestBidPrice: 3000,
      bestBidIv: 38.04034,
      bestAskPrice: 3950,
      delta: -0.34807987,
      underlyingIndex: 'BTCUSDT',
    });
    expect([s?.underlyingPrice, s?.lastPrice]).toEqual([Number.NaN, undefined]);
    expect(normalized(line('binance-options-markPrice.ndjson'))).toEqual({ ok: true, frame: [] });
  });

  it('reads @optionTicker as a last price alone, and a bookTicker as nothing', () => {
    expect(normalized(line('binance-options-optionTicker.ndjson'))).toEqual({ ok: true, frame: [] });
    expect(normalized(line('binance-options-bookTicker.ndjson'))).toEqual({ ok: true, frame: [] });
  });
});
