import { describe, expect, it } from 'vitest';
import type { MarketEvent } from '../../model/index.js';
import { RECORDED_FRAMES, frameLines } from '../__fixtures__/never-throw-properties.js';
import { frameDecoder } from '../frame-decoder.js';
import { venuePartsLookup } from '../venue-parts-lookup.js';
import { BUILT_CLOSED_OPTION_TICKER, RECORDED_FAR_OPTION_TICKER } from './__fixtures__/deribit-closed-option-ticker.js';
import { deribitOptionsVenue, deribitVenue } from './deribit-venue.js';

const RECEIVED_TS = 1_786_563_200_000;
const lines = (file: string): readonly string[] => frameLines(RECORDED_FRAMES, (name) => name === file).map(({ text }) => text);
const inverse = frameDecoder(deribitVenue.protocol, { exchange: 'deribit', partsOf: venuePartsLookup('deribit') });
const options = frameDecoder(deribitOptionsVenue.protocol, { exchange: 'deribit_options', partsOf: venuePartsLookup('deribit_options') });
const events = (decode: typeof inverse, text: string): readonly MarketEvent[] => {
  const decoded = decode(text, RECEIVED_TS, 'd-1');
  if (decoded.kind !== 'events') throw new Error(`not events: ${JSON.stringify(decoded)}`);
  return decoded.events;
};
const provenance = { exchange: 'deribit', env: 'prod', connectionId: 'd-1', isFallback: false, receivedTs: RECEIVED_TS } as const;
const perpetual = { symbol: 'BTC-PERPETUAL', coin: 'BTC', quote: 'USD', instrument: 'BTC-USD-INV-PERP' } as const;

describe('deribit (inverse) frames', () => {
  it('maps the recorded trades: trade_seq as the id, direction the taker, USD amounts over the price in BTC', () => {
    expect(events(inverse, lines('deribit-trades.ndjson')[1] ?? '')).toEqual([
      {
        type: 'trade',
        ...provenance,
        ...perpetual,
        exchangeTs: 1765531356452,
        tradeId: '271252854',
        price: 92294.5,
        quantity: 10 / 92294.5,
        side: 'SELL',
        isBuyerMaker: true,
      },
      {
        type: 'trade',
        ...provenance,
        ...perpetual,
        exchangeTs: 1765531356452,
        tradeId: '271252855',
        price: 92288.5,
        quantity: 750 / 92288.5,
        side: 'SELL',
        isBuyerMaker: true,
      },
    ]);
  });

  it('publishes a liquidation trade as a trade and the taker\u2019s closed long (liquidation T, a taker sell)', () => {
    const [trade, liquidation] = events(inverse, lines('deribit-trades.ndjson')[0] ?? '');
    expect(trade).toMatchObject({ type: 'trade', tradeId: '40781986', price: 4469.5, quantity: 1120 / 4469.5, side: 'SELL' });
    expect(liquidation).toEqual({
      type: 'liquidation',
      ...provenance,
      ...perpetual,
      exchangeTs: 1584058044032,
      positionSide: 'LONG',
      price: 4469.5,
      quantity: 1120 / 4469.5,
      sampled: false,
    });
  });

  it('maps the 2026 ticker to best bid/ask, derivative ticker (current_funding, open interest over the mark) and price tick', () => {
    const mapped = events(inverse, lines('deribit-ticker.ndjson')[2] ?? '');
    const at = { ...provenance, ...perpetual, exchangeTs: 1786563120494 };
    expect(mapped).toEqual([
      { type: 'book_ticker', ...at, bid: 63344, bidSize: 58060 / 63344, ask: 63344.5, askSize: 9980 / 63344.5, exchangeTsEstimated: false },
      {
        type: 'derivative_ticker',
        ...at,
        markPrice: 63346.33,
        indexPrice: 63329.18,
        fundingRate: 2.081e-5,
        lastPrice: 63344,
        openInterest: 716004750 / 63346.33,
        openInterestValue: 716004750,
        openInterestTs: 1786563120494,
        openInterestSource: 'stream',
      },
      { type: 'price_tick', ...at, price: 63344, high24h: 64422, low24h: 63261, volume24h: 2778.68467406, turnover24h: 177187410, change24hPct: -0.0095 },
    ]);
  });

  it('maps a ticker whose mark_price is 0 without its mark and open interest (read over the mark), keeping its quote, index and last price', () => {
    const text = (lines('deribit-ticker.ndjson')[2] ?? '').replace('"mark_price":63346.33', '"mark_price":0');
    const mapped = events(inverse, text);
    expect(mapped.map((e) => e.type)).toEqual(['book_ticker', 'derivative_ticker', 'price_tick']);
    const ticker = mapped[1];
    expect(ticker).toMatchObject({ indexPrice: 63329.18, lastPrice: 63344, fundingRate: 2.081e-5 });
    for (const key of ['markPrice', 'openInterest', 'openInterestValue', 'openInterestSource']) expect(ticker).not.toHaveProperty(key);
  });

  it('reads the 2019 ticker layout (no volume_usd): no turnover', () => {
    const tick = events(inverse, lines('deribit-ticker.ndjson')[0] ?? '').find((e) => e.type === 'price_tick');
    expect(tick).toMatchObject({ price: 10095.5, volume24h: 24618.46215298, high24h: 10131.5 });
    expect(tick).not.toHaveProperty('turnover24h');
  });

  it('chains the recorded book: the change names the snapshot, sizes are USD over each level\u2019s price', () => {
    const [snapshot, change] = lines('deribit-book.ndjson')
      .slice(1)
      .map((text) => inverse(text, RECEIVED_TS, 'd-1'));
    if (snapshot?.kind !== 'events' || change?.kind !== 'events') throw new Error('not events');
    expect(snapshot.books[0]).toMatchObject({ action: 'snapshot', updateId: 169600103289 });
    expect(snapshot.books[0]?.bids[0]).toEqual({ price: 63324.5, size: 372280 / 63324.5 });
    expect(change.books[0]).toMatchObject({ action: 'delta', updateId: 169600103676, prevUpdateId: 169600103289, bids: [{ price: 62533, size: 0 }] });
  });

  it('refuses a USDC-margined linear contract as not listed, and reads the grouped book and quote channels as nothing', () => {
    expect(inverse(lines('deribit-book.ndjson')[0] ?? '', RECEIVED_TS, 'd-1')).toMatchObject({
      kind: 'invalid',
      error: '$.params.data.instrument_name: "LINK_USDC-PERPETUAL" is not listed by deribit',
    });
    expect(events(inverse, lines('deribit-book-grouped.ndjson')[0] ?? '')).toEqual([]);
    expect(events(inverse, lines('deribit-quote.ndjson')[0] ?? '')).toEqual([]);
  });
});

describe('deribit_options frames', () => {
  const option = { exchange: 'deribit_options', env: 'prod', connectionId: 'd-1', isFallback: false, receivedTs: RECEIVED_TS } as const;

  it('maps an option trade: the amount is already the coin, keyed by underlying, USD strike, expiry day', () => {
    expect(events(options, lines('deribit-options-trades.ndjson')[0] ?? '')).toEqual([
      {
        type: 'trade',
        ...option,
        symbol: 'BTC-26MAR21-62000-C',
        coin: 'BTC',
        quote: 'BTC',
        instrument: 'BTC-USD-20210326-62000-C',
        exchangeTs: 1616321732986,
        tradeId: '1706',
        price: 0.007,
        quantity: 0.1,
        side: 'BUY',
        isBuyerMaker: false,
      },
    ]);
  });

  it('maps an option ticker to its summary, both quotes present, expiry at 08:00 UTC', () => {
    expect(events(options, lines('deribit-options-ticker.ndjson')[0] ?? '')).toEqual([
      {
        type: 'option_summary',
        ...option,
        symbol: 'ETH-30JUL21-2800-C',
        coin: 'ETH',
        quote: 'ETH',
        instrument: 'ETH-USD-20210730-2800-C',
        exchangeTs: 1626993723632,
        optionType: 'call',
        strike: 2800,
        expiryTs: Date.UTC(2021, 6, 30, 8),
        bestBidPrice: 0.0015,
        bestBidAmount: 4714,
        bestBidIv: 115.62,
        bestAskPrice: 0.0025,
        bestAskAmount: 873,
        bestAskIv: 125.63,
        lastPrice: 0.002,
        markPrice: 0.001972,
        markIv: 120.74,
        delta: 0.03127,
        gamma: 0.0002,
        vega: 0.20072,
        theta: -1.64029,
        rho: 0.01188,
        underlyingPrice: 2003.61,
        underlyingIndex: 'ETH-30JUL21',
        indexPrice: 2006.72,
        openInterest: 12685,
        interestRate: 0,
      },
    ]);
  });

  it('leaves out an empty side (price, amount and IV 0) and a null last price; a USDC option is priced and keyed in USDC, strike 1.02', () => {
    const [empty] = events(options, lines('deribit-options-ticker.ndjson')[1] ?? '');
    expect(empty).toMatchObject({ instrument: 'ETH-USD-20210827-4000-P', optionType: 'put', strike: 4000 });
    for (const key of ['bestBidPrice', 'bestBidAmount', 'bestBidIv', 'bestAskPrice', 'bestAskAmount', 'bestAskIv']) expect(empty).not.toHaveProperty(key);
    const [usdc] = events(options, lines('deribit-options-ticker.ndjson')[28] ?? '');
    expect(usdc).toMatchObject({
      coin: 'MATIC',
      quote: 'USDC',
      instrument: 'MATIC-USDC-20240309-1.02-C',
      strike: 1.02,
      expiryTs: Date.UTC(2024, 2, 9, 8),
      markPrice: 0.139,
    });
    expect(usdc).not.toHaveProperty('lastPrice');
    expect(usdc).not.toHaveProperty('bestBidPrice');
  });

  it('maps a live option ticker whose mark_price is 0 (far out of the money) to its summary with markPrice 0', () => {
    const [summary] = events(options, RECORDED_FAR_OPTION_TICKER.replace('"mark_price":0.000001', '"mark_price":0'));
    expect(summary).toMatchObject({
      type: 'option_summary',
      instrument: 'ETH-USD-20210723-2300-C',
      markPrice: 0,
      markIv: 111.4,
      bestAskPrice: 0.001,
      bestAskIv: 227.51,
    });
    // deribit-options-ticker.ndjson line 3 as recorded: the lowest live mark, 0.000001.
    expect(events(options, RECORDED_FAR_OPTION_TICKER)[0]).toMatchObject({ markPrice: 0.000001 });
  });

  it('publishes a quote IV of 0 (a bid at or below intrinsic value: no IV exists) as absent, the quote kept', () => {
    const text = (lines('deribit-options-ticker.ndjson')[0] ?? '').replace('"bid_iv":115.62', '"bid_iv":0.0').replace('"ask_iv":125.63', '"ask_iv":0.0');
    expect(text).toContain('"bid_iv":0.0');
    const [summary] = events(options, text);
    expect(summary).toMatchObject({ bestBidPrice: 0.0015, bestBidAmount: 4714, bestAskPrice: 0.0025, bestAskAmount: 873 });
    expect(summary).not.toHaveProperty('bestBidIv');
    expect(summary).not.toHaveProperty('bestAskIv');
  });

  it("gives an expired option's last ticker (state closed, mark_price 0: built, no recorded one) its summary, and closes its streams", () => {
    const decoded = options(BUILT_CLOSED_OPTION_TICKER, RECEIVED_TS, 'd-1');
    expect(decoded).toMatchObject({ kind: 'events', control: { kind: 'closed', symbol: 'ETH-23JUL21-2300-C' } });
    expect(decoded.kind === 'events' ? decoded.events : []).toEqual([
      {
        type: 'option_summary',
        ...option,
        symbol: 'ETH-23JUL21-2300-C',
        coin: 'ETH',
        quote: 'ETH',
        instrument: 'ETH-USD-20210723-2300-C',
        exchangeTs: Date.UTC(2021, 6, 23, 8),
        optionType: 'call',
        strike: 2300,
        expiryTs: Date.UTC(2021, 6, 23, 8),
        lastPrice: 0.0005,
        markPrice: 0,
        markIv: 111.4,
        delta: 0.00009,
        gamma: 0,
        vega: 0.00022,
        theta: -0.00146,
        rho: 0,
        underlyingPrice: 2005.38,
        underlyingIndex: 'ETH-23JUL21',
        indexPrice: 2006.72,
        openInterest: 3709,
        interestRate: 0,
      },
    ]);
  });

  it('drops an optional figure it cannot read (a negative open interest, an IV as text) and maps the rest of the ticker', () => {
    const text = (lines('deribit-options-ticker.ndjson')[0] ?? '')
      .replace('"open_interest":12685', '"open_interest":-1')
      .replace('"bid_iv":115.62', '"bid_iv":"115.62"');
    expect(text).toContain('"open_interest":-1');
    const [summary] = events(options, text);
    expect(summary).toMatchObject({ markPrice: 0.001972, bestBidPrice: 0.0015, bestBidAmount: 4714, bestAskIv: 125.63, interestRate: 0 });
    expect(summary).not.toHaveProperty('openInterest');
    expect(summary).not.toHaveProperty('bestBidIv');
  });

  it('maps option book notifications to nothing (options have no books here)', () => {
    for (const text of lines('deribit-options-book.ndjson')) expect(events(options, text)).toEqual([]);
  });
});
