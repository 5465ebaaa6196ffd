import { describe, expect, it } from 'vitest';
import { gateLine, gateLines, gateParsed } from './__fixtures__/gate-frames-at-hand.js';
import { parseGateFrame } from './gate-frames.js';

/** The recorded WebSocket files (the two `*-rest` files hold REST bodies, read by the book's snapshot reader). */
const SOCKET_FILES = {
  'gate-trades.ndjson': 'trades',
  'gate-tickers.ndjson': 'tickers',
  'gate-book_ticker.ndjson': 'book_ticker',
  'gate-order_book_update.ndjson': 'book_update',
  'gate-obu.ndjson': 'book_update',
  'gate-subscribe-ack.ndjson': 'ack',
  'gate-futures-trades.ndjson': 'trades',
  'gate-futures-tickers.ndjson': 'tickers',
  'gate-futures-book_ticker.ndjson': 'book_ticker',
  'gate-futures-order_book_update.ndjson': 'book_update',
  'gate-futures-subscribe-ack.ndjson': 'ack',
} as const;

/** A recorded frame with its `result` replaced. */
function withResult(text: string, result: unknown): string {
  return JSON.stringify({ ...(JSON.parse(text) as Record<string, unknown>), result });
}

describe("Gate's frames", () => {
  it('reads every recorded frame of both sockets, each as the kind its channel says', () => {
    for (const [file, kind] of Object.entries(SOCKET_FILES)) {
      const lines = gateLines(file);
      expect(lines.length, file).toBeGreaterThan(0);
      lines.forEach((line, n) => expect(gateParsed(line).kind, `${file}:${n + 1}`).toBe(kind));
    }
  });

  it('spot trades: one a push, the taker side, the base-coin amount as written, create_time_ms with its fraction dropped', () => {
    expect(gateParsed(gateLine('gate-trades.ndjson', 1))).toEqual({
      kind: 'trades',
      market: 'spot',
      trades: [{ symbol: 'DIS_USDT', id: '816995772', price: '121.5800000000', size: '0.2010000000', side: 'sell', ts: 1619093543708 }],
    });
    expect(gateParsed(gateLine('gate-trades.ndjson', 4))).toMatchObject({
      trades: [{ symbol: 'TLOS_BTC', id: '5541729598', price: '0.00000644', side: 'buy', ts: 1682689046123 }],
    });
  });

  it('futures trades: a batch, contracts signed by the taker (a negative size a sell), prices as strings or JSON numbers', () => {
    expect(gateParsed(gateLine('gate-futures-trades.ndjson', 2))).toEqual({
      kind: 'trades',
      market: 'futures',
      trades: [{ symbol: 'MOB_USDT', id: '927273', price: '0.836', size: '90', side: 'sell', ts: 1667469835931 }],
    });
    const batch = gateParsed(gateLine('gate-futures-trades.ndjson', 3));
    expect(batch.kind === 'trades' ? batch.trades.map((t) => [t.id, t.size, t.side]) : batch).toEqual([
      ['13654526', '1', 'buy'],
      ['13654527', '2000', 'buy'],
      ['13654528', '999', 'buy'],
    ]);
    // With `X-Gate-Size-Decimal: 1` sizes are decimal strings.
    const decimal = withResult(gateLine('gate-futures-trades.ndjson', 2), [
      { contract: 'BTC_USDT', create_time_ms: 1, id: 7, price: '60000', size: '-0.25', is_internal: true },
    ]);
    expect(gateParsed(decimal)).toMatchObject({ trades: [{ size: '0.25', side: 'sell', internal: true }] });
  });

  it('spot tickers: the day, best bid and ask, stamped with the push time (time_ms, else time in seconds)', () => {
    expect(gateParsed(gateLine('gate-tickers.ndjson', 1))).toEqual({
      kind: 'tickers',
      market: 'spot',
      tickers: [
        {
          symbol: 'NEO_BTC',
          ts: 1619093533000,
          last: '0.0018716',
          high24h: '0.0018754',
          low24h: '0.0017148',
          changePercent: '2.9256',
          baseVolume: '1138.01640718',
          quoteVolume: '2.048263365803126',
          bid: '0.0018697',
          ask: '0.0018734',
        },
      ],
    });
    const last = gateParsed(gateLine('gate-tickers.ndjson', 8));
    expect(last.kind === 'tickers' ? last.tickers[0]?.ts : last).toBe((JSON.parse(gateLine('gate-tickers.ndjson', 8)) as { time_ms: number }).time_ms);
  });

  it('futures tickers: mark, index, funding and its next time, open interest in contracts; the record time t where sent', () => {
    expect(gateParsed(gateLine('gate-futures-tickers.ndjson', 3))).toEqual({
      kind: 'tickers',
      market: 'futures',
      tickers: [
        {
          symbol: 'BTC_USDT',
          ts: 1786540617093,
          last: '63964.7',
          high24h: '64443.9',
          low24h: '63209.0',
          changePercent: '-0.5151',
          baseVolume: '39369.0687',
          quoteVolume: '2518230674',
          markPrice: '63964.8',
          indexPrice: '63989.2',
          fundingRate: '0.000052',
          nextFundingTime: 1786550400000,
          openInterest: '658216984',
        },
      ],
    });
    // 2022: no time_ms, a negative funding rate.
    expect(gateParsed(gateLine('gate-futures-tickers.ndjson', 2))).toMatchObject({ tickers: [{ ts: 1654162715000, fundingRate: '-0.00004' }] });
  });

  it('reads a ticker result nested one array deeper, and a bare object, as older futures pushes wrote them', () => {
    const line = gateLine('gate-futures-tickers.ndjson', 1);
    const [ticker] = (JSON.parse(line) as { result: unknown[] }).result;
    const flat = gateParsed(line);
    expect(gateParsed(withResult(line, [[ticker]]))).toEqual(flat);
    expect(gateParsed(withResult(line, ticker))).toEqual(flat);
  });

  it('leaves out a ticker figure that is empty or no decimal, and keeps the rest', () => {
    const line = gateLine('gate-futures-tickers.ndjson', 1);
    const [ticker] = (JSON.parse(line) as { result: Record<string, unknown>[] }).result;
    const frame = gateParsed(withResult(line, [{ ...ticker, mark_price: '', index_price: 'n/a', total_size: '-1' }]));
    expect(frame.kind === 'tickers' ? frame.tickers[0] : frame).toMatchObject({ last: '23160.2', fundingRate: '0.0001' });
    expect(frame.kind === 'tickers' ? Object.keys(frame.tickers[0] ?? {}) : []).not.toContain('markPrice');
    expect(frame.kind === 'tickers' ? Object.keys(frame.tickers[0] ?? {}) : []).not.toContain('openInterest');
  });

  it('best bid and ask: spot sizes in the coin, futures contracts as JSON numbers; an empty side absent', () => {
    expect(gateParsed(gateLine('gate-book_ticker.ndjson', 1))).toEqual({
      kind: 'book_ticker',
      market: 'spot',
      symbol: 'ETC_ETH',
      ts: 1682689046131,
      updateId: 517377894,
      bid: { price: '0.010326', size: '0.001' },
      ask: { price: '0.010366', size: '10' },
    });
    expect(gateParsed(gateLine('gate-futures-book_ticker.ndjson', 1))).toMatchObject({
      market: 'futures',
      symbol: 'PHB_USDT',
      bid: { price: '0.7379', size: '814' },
    });
    const empty = withResult(gateLine('gate-futures-book_ticker.ndjson', 1), { t: 0, u: 0, s: 'PHB_USDT', b: '', B: 0, a: '', A: 0 });
    expect(gateParsed(empty)).toEqual({ kind: 'book_ticker', market: 'futures', symbol: 'PHB_USDT', ts: 0, updateId: 0 });
  });

  it('depth: spot [price, size] pairs, futures {p, s} objects, U..u, size 0 a delete; obu a whole book named by its stream', () => {
    expect(gateParsed(gateLine('gate-order_book_update.ndjson', 52))).toEqual({
      kind: 'book_update',
      market: 'spot',
      channel: 'order_book_update',
      symbol: 'BTC_USDT',
      ts: 1682689045398,
      firstUpdateId: 13934528633,
      lastUpdateId: 13934528633,
      full: false,
      bids: [{ price: 29291.4, size: 0.5124 }],
      asks: [],
    });
    expect(gateParsed(gateLine('gate-futures-order_book_update.ndjson', 1))).toEqual({
      kind: 'book_update',
      market: 'futures',
      channel: 'order_book_update',
      symbol: 'RDNT_USDT',
      ts: 1684930165217,
      firstUpdateId: 203083177,
      lastUpdateId: 203083177,
      full: false,
      bids: [],
      asks: [{ price: 0.2983, size: 0 }],
    });
    expect(gateParsed(gateLine('gate-obu.ndjson', 1))).toMatchObject({
      channel: 'obu',
      symbol: 'BTC_USDT',
      full: true,
      lastUpdateId: 25847113075,
      bids: [
        { price: 115765.1, size: 0.337839 },
        { price: 115764.2, size: 0.005 },
        { price: 115763.3, size: 0.004365 },
      ],
    });
    expect(gateParsed(gateLine('gate-obu.ndjson', 1))).not.toHaveProperty('firstUpdateId');
  });

  it('acks with and without the echoed payload and request id; pongs; errors with their code', () => {
    expect(gateParsed(gateLine('gate-subscribe-ack.ndjson', 1))).toEqual({ kind: 'ack', channel: 'spot.trades', event: 'subscribe' });
    expect(gateParsed(gateLine('gate-futures-subscribe-ack.ndjson', 8))).toEqual({
      kind: 'ack',
      channel: 'futures.tickers',
      event: 'subscribe',
      id: 1,
      payload: ['BTC_USDT'],
    });
    expect(gateParsed('{"time":1700000000,"time_ms":1700000000001,"channel":"futures.pong","event":"","error":null,"result":null}')).toEqual({ kind: 'pong' });
    expect(
      gateParsed(
        '{"time":1700000000,"channel":"spot.trades","event":"subscribe","error":{"code":2,"message":"unknown currency pair GIBBERISH_USD"},"result":null}',
      ),
    ).toEqual({ kind: 'error', channel: 'spot.trades', event: 'subscribe', code: 2, message: 'unknown currency pair GIBBERISH_USD' });
    expect(gateParsed('{"time":1700000000,"channel":"spot.candlesticks","event":"update","result":{"n":"1m_BTC_USDT"}}')).toEqual({ kind: 'other' });
  });

  it('refuses a frame whose field is missing or wrong, naming its path', () => {
    const refusal = (text: string) => {
      const parsed = parseGateFrame(text);
      return parsed.ok ? 'read' : parsed.error;
    };
    const trade = gateLine('gate-futures-trades.ndjson', 3);
    expect(refusal(withResult(trade, [{ contract: 'BTC_USDT', create_time_ms: 1, id: 7, price: '60000', size: 0 }]))).toContain('$.result[0].size');
    expect(refusal(gateLine('gate-trades.ndjson', 1).replace('"price":"121.5800000000"', '"price":"-1"'))).toContain('$.result.price');
    expect(refusal(gateLine('gate-order_book_update.ndjson', 52).replace('"U":13934528633,', ''))).toContain('$.result.U');
    expect(refusal('{"time":1,"channel":"margin.trades","event":"update","result":{}}')).toContain('$.channel');
    expect(refusal('not json')).not.toBe('read');
  });
});
