import { describe, expect, it } from 'vitest';
import type { VenueListing } from '../../model/instrument.js';
import type { FeedEvent } from '../../model/index.js';
import type { OptionSummary } from '../../model/option-summary.js';
import { frameDecoder } from '../frame-decoder.js';
import { createFrameNormalizer } from '../frame-normalizer.js';
import { OKX_OPTION_INSTRUMENTS_PATH, okxOptionNextFamily, readOkxOptionInstruments, readOkxOptionVolumes } from './okx-option-listings.js';
import { okxOptionKey, okxOptionOf, splitOkxOptionSymbol } from './okx-option-names.js';
import { okxOptionProtocol, okxOptionTopic } from './okx-option-protocol.js';
import { okxSubscribe } from './okx-subscriptions.js';

const TS = 1_764_230_400_000;
const CALL = 'BTC-USD-261127-56000-C';

/** The option as OKX lists it (docs "Get instruments", OPTION), with `fields` overridden. */
function instrument(fields: Record<string, string> = {}): Record<string, string> {
  return {
    instType: 'OPTION',
    instId: CALL,
    uly: 'BTC-USD',
    instFamily: 'BTC-USD',
    settleCcy: 'BTC',
    ctVal: '1',
    ctMult: '0.01',
    ctValCcy: 'BTC',
    optType: 'C',
    stk: '56000',
    listTime: '1763712000000',
    expTime: String(Date.UTC(2026, 10, 27, 8)),
    tickSz: '0.0005',
    lotSz: '1',
    minSz: '1',
    state: 'live',
    ...fields,
  };
}

const LISTINGS: readonly VenueListing[] = readOkxOptionInstruments({
  code: '0',
  msg: '',
  data: [instrument(), instrument({ instId: 'BTC-USD-261127-60000-P', optType: 'P', stk: '60000' })],
}).listings;

const push = (channel: string, arg: Record<string, string>, data: readonly Record<string, string>[]): string =>
  JSON.stringify({ arg: { channel, ...arg }, data });
const mark = (markPx: string, instId = CALL): string => push('mark-price', { instId }, [{ instType: 'OPTION', instId, markPx, ts: String(TS) }]);
const quote = (fields: Record<string, string>, instId = CALL): string =>
  push('tickers', { instId }, [
    { instType: 'OPTION', instId, last: '0.012', lastSz: '1', bidPx: '0.011', bidSz: '20', askPx: '0.0125', askSz: '30', ts: String(TS), ...fields },
  ]);
const interest = (oiCcy: string, instId = CALL): string => push('open-interest', { instId }, [{ instType: 'OPTION', instId, oi: '0', oiCcy, ts: String(TS) }]);

/** One `opt-summary` entry as OKX documents it ("Option summary channel"), with `fields` overridden. */
function entry(fields: Record<string, string> = {}): Record<string, string> {
  return {
    instType: 'OPTION',
    instId: CALL,
    uly: 'BTC-USD',
    delta: '0.51',
    gamma: '-0.13',
    vega: '0.002',
    theta: '-0.0004',
    lever: '4.5',
    markVol: '0.5916253554539876',
    bidVol: '0.58',
    askVol: '0.61',
    realVol: '0',
    deltaBS: '0.7325502184143025',
    gammaBS: '0.000024139685826358558',
    thetaBS: '-18.52354631567909',
    vegaBS: '74.44022302387287',
    fwdPx: '91500.5',
    volLv: '0.59',
    ts: String(TS + 1),
    ...fields,
  };
}
const summary = (...entries: readonly Record<string, string>[]): string => push('opt-summary', { instFamily: 'BTC-USD' }, entries);

/** Each frame in turn through `normalize` with the options' list: what came out, and what was refused. */
function run(...frames: readonly string[]): { readonly events: readonly FeedEvent[]; readonly refused: readonly string[] } {
  const normalize = createFrameNormalizer('okx_options', 'c1', undefined, LISTINGS);
  const events: FeedEvent[] = [];
  const refused: string[] = [];
  for (const text of frames) {
    const result = normalize(text, TS + 5);
    if (!result.ok) refused.push(result.error);
    else {
      events.push(...result.frame);
      if (result.refused !== undefined) refused.push(result.refused);
    }
  }
  return { events, refused };
}

const summaries = (events: readonly FeedEvent[]): readonly OptionSummary[] => events.filter((e): e is OptionSummary => e.type === 'option_summary');

describe('OKX option names', () => {
  it('read the family, expiry at 08:00 UTC, strike and type, keyed as a coin-settled option struck in USD', () => {
    const option = okxOptionOf(CALL);
    expect(option).toEqual({
      family: 'BTC-USD',
      coin: 'BTC',
      strikeCurrency: 'USD',
      expiryTs: Date.UTC(2026, 10, 27, 8),
      terms: { type: 'call', strike: 56000 },
    });
    expect(option === undefined ? undefined : okxOptionKey(option)).toBe('BTC-USD-20261127-56000-C');
    expect(splitOkxOptionSymbol('ETH-USD-261225-3500.5-P')).toEqual({ coin: 'ETH', quote: 'ETH', instrument: 'ETH-USD-20261225-3500.5-P' });
    for (const name of ['BTC-USD-SWAP', 'BTC-USD-261127', 'BTC-USD-261131-56000-C', 'BTC-USD-261127-56000-X', 'BTC-USD-261127-0-C'])
      expect(okxOptionOf(name), name).toBeUndefined();
  });
});

describe('OKX option lists', () => {
  it("read each option's key, terms, expiry and contract value (ctVal x ctMult, in the coin); the families one after the other", () => {
    expect(LISTINGS[0]).toEqual({
      exchange: 'okx_options',
      symbol: CALL,
      base: 'BTC',
      quote: 'BTC',
      state: 'trading',
      venueStatus: 'live',
      tickSize: 0.0005,
      lotStep: 0.01,
      contractValue: 0.01,
      key: 'BTC-USD-20261127-56000-C',
      expiryTs: Date.UTC(2026, 10, 27, 8),
      option: { type: 'call', strike: 56000 },
    });
    const read = readOkxOptionInstruments({
      code: '0',
      data: [instrument({ instId: 'BTC-USD-SWAP' }), instrument({ state: 'suspend', instId: 'ETH-USD-261127-3000-P', ctMult: '0.1' })],
    });
    expect(read.listings.map((l) => [l.symbol, l.state, l.contractValue])).toEqual([['ETH-USD-261127-3000-P', 'halted', 0.1]]);
    expect(read.skipped).toHaveLength(1);
    expect(OKX_OPTION_INSTRUMENTS_PATH).toBe('/api/v5/public/instruments?instType=OPTION&instFamily=BTC-USD');
    expect(okxOptionNextFamily({}, OKX_OPTION_INSTRUMENTS_PATH)).toBe('/api/v5/public/instruments?instType=OPTION&instFamily=ETH-USD');
    expect(okxOptionNextFamily({}, '/api/v5/public/instruments?instType=OPTION&instFamily=ETH-USD')).toBeUndefined();
    expect(readOkxOptionVolumes({ code: '0', data: [{ instId: CALL, volCcy24h: '12.5' }] }).volumes).toEqual(new Map([[CALL, 12.5]]));
  });
});

describe('OKX option topics and answers', () => {
  it('subscribe a family once for its summaries and trades (instFamily; option-trades with instType OPTION) and each option for its own channels', () => {
    const topics = okxOptionProtocol.streams.map((stream) => okxOptionTopic(CALL, stream.channel));
    expect(topics).toEqual(['option-trades:BTC-USD', 'opt-summary:BTC-USD', `mark-price:${CALL}`, `open-interest:${CALL}`, `tickers:${CALL}`]);
    expect(JSON.parse(okxSubscribe(topics.slice(0, 3), 'c1-1').text)).toEqual({
      op: 'subscribe',
      args: [
        { channel: 'option-trades', instType: 'OPTION', instFamily: 'BTC-USD' },
        { channel: 'opt-summary', instFamily: 'BTC-USD' },
        { channel: 'mark-price', instId: CALL },
      ],
    });
  });

  it("settle a family's topic by the ack that echoes its family, and refuse one the venue names in an error", () => {
    const control = (text: string) => {
      const parsed = okxOptionProtocol.parse(text);
      return parsed.ok ? okxOptionProtocol.control(parsed.frame) : parsed.error;
    };
    expect(control('{"event":"subscribe","arg":{"channel":"option-trades","instType":"OPTION","instFamily":"BTC-USD"},"connId":"a4d3ae55"}')).toEqual({
      kind: 'subscribe_ack',
      success: true,
      message: '',
      topics: ['option-trades:BTC-USD'],
    });
    expect(
      control('{"event":"error","code":"60018","msg":"Wrong URL or channel:opt-summary,instFamily:DOGE-USD doesn\'t exist.","connId":"a4d3ae55"}'),
    ).toMatchObject({
      kind: 'subscribe_ack',
      success: false,
      topics: ['opt-summary:DOGE-USD'],
    });
    expect(control('pong')).toEqual({ kind: 'pong' });
  });
});

describe("OKX option summaries: the family's opt-summary merged with each option's mark, open interest and quote", () => {
  it('wait for the first mark, then carry the last mark, quote (sizes in the coin), last price and open interest', () => {
    const { events, refused } = run(summary(entry({ markVol: '0.5' })), quote({}), interest('1.25'), mark('0.0125'), summary(entry()));
    expect(refused).toEqual([]);
    const [first, second] = summaries(events);
    // The summary made before any mark goes out with the first mark, carrying what was known by then.
    expect([first?.markIv, first?.markPrice, second?.markPrice]).toEqual([50, 0.0125, 0.0125]);
    expect(second).toMatchObject({
      exchange: 'okx_options',
      symbol: CALL,
      instrument: 'BTC-USD-20261127-56000-C',
      coin: 'BTC',
      quote: 'BTC',
      optionType: 'call',
      strike: 56000,
      expiryTs: Date.UTC(2026, 10, 27, 8),
      bestBidPrice: 0.011,
      bestBidAmount: 0.2,
      bestBidIv: 58,
      bestAskPrice: 0.0125,
      bestAskAmount: 0.3,
      bestAskIv: 61,
      lastPrice: 0.012,
      markIv: 59.1625355454,
      delta: 0.7325502184143025,
      gamma: 0.000024139685826358558,
      vega: 74.44022302387287,
      theta: -18.52354631567909,
      underlyingPrice: 91500.5,
      underlyingIndex: 'BTC-USD-261127',
      openInterest: 1.25,
      exchangeTs: TS + 1,
    });
    expect(second?.rho).toBeNaN();
    // Nothing but summaries leaves the merge.
    expect(events.map((e) => e.type)).toEqual(['option_summary', 'option_summary']);
  });

  it("take the venue's edge values: a worthless option's mark and open interest of 0, an empty side, no quote at all", () => {
    const emptyBid = quote({ bidPx: '', bidSz: '0', last: '' });
    const { events, refused } = run(mark('0'), interest('0'), emptyBid, summary(entry({ bidVol: '', markVol: '0' })));
    expect(refused).toEqual([]);
    const [worthless] = summaries(events);
    expect([worthless?.markPrice, worthless?.markIv, worthless?.openInterest, worthless?.bestBidPrice, worthless?.bestBidIv, worthless?.lastPrice]).toEqual([
      0,
      0,
      0,
      undefined,
      undefined,
      undefined,
    ]);
    expect([worthless?.bestAskPrice, worthless?.bestAskAmount, worthless?.bestAskIv]).toEqual([0.0125, 0.3, 61]);
    // An IV on a side without a quote is left out; a quote gone empty empties its side.
    const noQuote = summaries(run(mark('0.01'), summary(entry()), quote({ bidPx: '', bidSz: '', askPx: '', askSz: '' }), summary(entry())).events);
    expect(noQuote.map((s) => [s.bestBidPrice, s.bestBidIv, s.bestAskPrice, s.bestAskIv])).toEqual([
      [undefined, undefined, undefined, undefined],
      [undefined, undefined, undefined, undefined],
    ]);
  });

  it("refuse an unreadable entry alone, never its family's other options", () => {
    const other = 'BTC-USD-261127-60000-P';
    const { events, refused } = run(mark('0.01'), mark('0.02', other), summary(entry({ deltaBS: 'NaN' }), entry({ instId: other })));
    expect(summaries(events).map((s) => s.symbol)).toEqual([other]);
    expect(refused).toEqual([`1 entries refused: $.data[0].deltaBS: ${CALL}: expected a decimal string`]);
  });

  it('keep only the options the socket follows from a family-wide push, and refuse sized frames whose contract value is unknown', () => {
    const normalize = createFrameNormalizer('okx_options', 'c1');
    const trade = push('option-trades', { instType: 'OPTION', instFamily: 'BTC-USD' }, [
      { instId: CALL, instFamily: 'BTC-USD', tradeId: '7', px: '0.012', sz: '3', side: 'sell', ts: String(TS) },
    ]);
    const unlisted = normalize(trade, TS);
    expect(unlisted.ok ? 'mapped' : unlisted.error).toBe(`${CALL}: contract value (ctVal x ctMult) unknown, its sizes are contracts: not published`);
    const listed = run(trade).events.filter((e) => e.type === 'trade');
    expect(listed).toMatchObject([{ symbol: CALL, tradeId: '7', price: 0.012, quantity: 0.03, side: 'SELL', isBuyerMaker: true }]);
    // A socket following the put alone publishes none of the call's records from the family's pushes.
    const parts = new Map(LISTINGS.map((l) => [l.symbol, { coin: l.base, quote: l.quote, instrument: l.key ?? '', contractValue: l.contractValue ?? 0 }]));
    const decode = frameDecoder(okxOptionProtocol, { exchange: 'okx_options', partsOf: (symbol) => parts.get(symbol), follows: (symbol) => symbol !== CALL });
    for (const text of [trade, summary(entry(), entry({ instId: 'BTC-USD-261127-60000-P' }))]) {
      const decoded = decode(text, TS, 'c1');
      expect(decoded.kind === 'events' ? decoded.events.map((e) => [e.type, e.symbol]) : decoded.kind).toEqual(
        text === trade ? [] : [['option_summary', 'BTC-USD-261127-60000-P']],
      );
    }
  });
});
