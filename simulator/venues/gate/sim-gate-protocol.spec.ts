import { describe, expect, it } from 'vitest';
import { parseGateFrame, type GateFrame } from '../../../src/exchanges/gate/gate-frames.js';
import { gateControl } from '../../../src/exchanges/gate/gate-protocol.js';
import { gatePing, gateSubscribe } from '../../../src/exchanges/gate/gate-subscriptions.js';
import { shape } from '../../__fixtures__/json-shape.js';
import { gateTestVenue, pushes, recorded, request, START_TS } from './__fixtures__/gate-test-venue.js';
import { GATE_FIRST_SPOT_TRADE_ID } from './gate-spot-market.js';
import { GATE_CLOSES } from './sim-gate-protocol.js';

/** A frame parsed by the client's own reader, or the spec fails. */
function parsed(frame: unknown, market?: 'spot' | 'futures'): GateFrame {
  const result = parseGateFrame(JSON.stringify(frame), market);
  if (!result.ok) throw new Error(`refused: ${result.error} in ${JSON.stringify(frame)}`);
  return result.frame;
}

describe('Gate requests and answers', () => {
  it("acknowledges a request by its id with the payload echoed, in the recorded shape, as the client's own request asks", () => {
    const { connect, venue } = gateTestVenue(['gate']);
    const client = connect();
    client.send(gateSubscribe('spot', ['trades:BTC_USDT', 'trades:ETH_USDT'], '3', START_TS).text);
    const [ack] = client.take();
    expect(shape(ack)).toEqual(shape(recorded('gate-futures-subscribe-ack.ndjson')[7]));
    expect(ack).toMatchObject({ id: 3, channel: 'spot.trades', event: 'subscribe', payload: ['BTC_USDT', 'ETH_USDT'], result: { status: 'success' } });
    expect(gateControl(parsed(ack))).toMatchObject({ kind: 'subscribe_ack', success: true, requestId: '3' });
    expect([...(venue.connections as Iterable<{ subscriptions: Set<string> }>)].map((c) => [...c.subscriptions])).toEqual([
      ['trades:BTC_USDT', 'trades:ETH_USDT'],
    ]);
    client.send(request('spot.trades', ['BTC_USDT'], 4, 'unsubscribe'));
    expect(client.take()).toMatchObject([{ id: 4, event: 'unsubscribe', payload: ['BTC_USDT'] }]);
    expect([...(venue.connections as Iterable<{ subscriptions: Set<string> }>)].map((c) => [...c.subscriptions])).toEqual([['trades:ETH_USDT']]);
  });

  it('refuses the whole request for one unknown instrument with code 2 naming it; the book channel takes one instrument and its interval', () => {
    const { connect, venue } = gateTestVenue(['gate', 'gate_futures']);
    const client = connect('gate');
    client.send(request('spot.tickers', ['BTC_USDT', 'NMR_USDT'], 7));
    const [refusal] = client.take();
    expect(refusal).toEqual({
      time: Math.floor(START_TS / 1000),
      time_ms: START_TS,
      id: 7,
      channel: 'spot.tickers',
      event: 'subscribe',
      error: { code: 2, message: 'unknown currency pair NMR_USDT' },
      result: null,
    });
    expect(gateControl(parsed(refusal))).toMatchObject({ kind: 'subscribe_ack', success: false, requestId: '7' });
    expect(venue.counters).toMatchObject({ subscribeRequests: 1, subscribeRejected: 1 });
    // A channel of the other market, an interval not served: refused alike.
    client.send(request('futures.trades', ['BTC_USDT'], 8));
    client.send(request('spot.order_book_update', ['BTC_USDT', '1000ms'], 9));
    client.send(request('spot.order_book_update', ['BTC_USDT', '100ms'], 10));
    expect(client.take().map((f) => [f['id'], (f['error'] as { code: number } | null | undefined)?.code ?? null])).toEqual([
      [8, 2],
      [9, 2],
      [10, null],
    ]);
    const futures = connect('gate_futures');
    futures.send(request('futures.order_book_update', ['BTC_USDT', '100ms', '100'], 1));
    futures.send(request('futures.trades', ['BTC_USDT', 'XYZ_USDT'], 2));
    expect(futures.take().map((f) => [f['id'], f['error'] ?? null])).toEqual([
      [1, null],
      [2, { code: 2, message: 'unknown contract XYZ_USDT' }],
    ]);
  });

  it('answers the application ping with a pong the client reads, and text that is no request with code 1', () => {
    const { connect, venue } = gateTestVenue(['gate_futures']);
    const client = connect();
    client.send(gatePing('futures', START_TS));
    client.send('hello');
    const [pong, bad] = client.take();
    expect(pong).toEqual({ time: Math.floor(START_TS / 1000), time_ms: START_TS, channel: 'futures.pong', event: '', error: null, result: null });
    expect(parsed(pong)).toEqual({ kind: 'pong' });
    expect(bad).toMatchObject({ error: { code: 1 }, result: null });
    expect(venue.counters.pingsReceived).toBe(1);
  });
});

describe('Gate trades', () => {
  it('pushes one spot trade a frame in the recorded shape, ids one counter over every pair, each the id the tape names', () => {
    const { connect, run, control } = gateTestVenue(['gate']);
    const client = connect();
    client.send(request('spot.trades', ['BTC_USDT', 'ETH_USDT']));
    run(5_000);
    const frames = pushes(client.json(), 'spot.trades');
    expect(frames.length).toBeGreaterThan(150);
    for (const frame of frames) expect(shape(frame)).toEqual(shape(recorded('gate-trades.ndjson')[3]));
    const trades = frames.flatMap((f) => {
      const read = parsed(f, 'spot');
      return read.kind === 'trades' ? read.trades : [];
    });
    // One counter for the venue: every id above the last, both pairs together.
    const ids = trades.map((t) => Number(t.id));
    expect(ids.every((id, n) => n === 0 || id > (ids[n - 1] ?? 0))).toBe(true);
    expect(ids[0]).toBeGreaterThan(GATE_FIRST_SPOT_TRADE_ID);
    expect(new Set(trades.map((t) => t.symbol))).toEqual(new Set(['BTC_USDT', 'ETH_USDT']));
    for (const symbol of ['BTC_USDT', 'ETH_USDT']) {
      const tape = control.madeTrades('gate', symbol);
      const sent = trades.filter((t) => t.symbol === symbol);
      expect(sent.map((t) => [t.id, Number(t.price), Number(t.size), t.side === 'sell', t.ts])).toEqual(
        tape.map((t) => [t.venueTradeId, t.price, t.quantity, t.isBuyerMaker, t.ts]),
      );
    }
  });

  it('pushes futures trades as an array a tick, sizes whole contracts negative for a taker sell, ids per contract; in the coin they are the tape', () => {
    const { connect, run, control, get } = gateTestVenue(['gate_futures']);
    const client = connect();
    client.send(request('futures.trades', ['BTC_USDT']));
    run(3_000);
    const frames = pushes(client.json(), 'futures.trades');
    expect(frames.length).toBeGreaterThan(10);
    const recordedTrade = (recorded('gate-futures-trades.ndjson')[1]?.['result'] as unknown[])[0];
    for (const frame of frames) {
      expect(Object.keys(frame)).toEqual(['time', 'time_ms', 'channel', 'event', 'result']);
      for (const trade of frame['result'] as Record<string, unknown>[]) {
        expect(Object.keys(trade)).toEqual(Object.keys(recordedTrade as object));
        expect(Number.isInteger(trade['size'])).toBe(true);
      }
    }
    const trades = frames.flatMap((f) => {
      const read = parsed(f, 'futures');
      return read.kind === 'trades' ? read.trades : [];
    });
    const quanto = Number((get('gate_futures', '/api/v4/futures/usdt/contracts/BTC_USDT').body as { quanto_multiplier: string }).quanto_multiplier);
    expect(quanto).toBe(0.0001);
    const tape = control.madeTrades('gate_futures', 'BTC_USDT');
    expect(trades.map((t) => [t.id, Number(t.price), Math.round(Number(t.size) * quanto * 1e8) / 1e8, t.side === 'sell', t.ts])).toEqual(
      tape.map((t) => [t.venueTradeId, t.price, Math.round(t.quantity * 1e8) / 1e8, t.isBuyerMaker, t.ts]),
    );
    const ids = trades.map((t) => Number(t.id));
    expect(ids.every((id, n) => n === 0 || id === (ids[n - 1] ?? 0) + 1)).toBe(true);
  });
});

describe('Gate tickers and best bid/ask', () => {
  it('pushes the spot ticker and book_ticker in the recorded shapes, read by the client', () => {
    const { connect, run } = gateTestVenue(['gate']);
    const client = connect();
    client.send(request('spot.tickers', ['BTC_USDT'], 1));
    client.send(request('spot.book_ticker', ['ETH_USDT'], 2));
    run(3_000);
    const tickers = pushes(client.json(), 'spot.tickers');
    const tops = pushes(client.json(), 'spot.book_ticker');
    expect(tickers.length).toBeGreaterThan(2);
    expect(tops.length).toBeGreaterThan(2);
    for (const ticker of tickers) expect(shape(ticker)).toEqual(shape(recorded('gate-tickers.ndjson')[7]));
    for (const top of tops) expect(shape(top)).toEqual(shape(recorded('gate-book_ticker.ndjson')[0]));
    const ticker = parsed(tickers.at(-1), 'spot');
    const figures = ticker.kind === 'tickers' ? ticker.tickers[0] : undefined;
    expect(figures?.symbol).toBe('BTC_USDT');
    expect(Number(figures?.bid)).toBeLessThan(Number(figures?.ask));
    expect(Number(figures?.low24h)).toBeLessThanOrEqual(Number(figures?.last));
    expect(parsed(tops.at(-1), 'spot')).toMatchObject({ kind: 'book_ticker', symbol: 'ETH_USDT' });
  });

  it('pushes the futures ticker as recorded (2026), mark, index, funding and open interest in contracts from the perpetual model', () => {
    const { connect, run, control } = gateTestVenue(['gate_futures']);
    const client = connect();
    client.send(request('futures.tickers', ['BTC_USDT'], 1));
    client.send(request('futures.book_ticker', ['BTC_USDT'], 2));
    run(3_000);
    const tickers = pushes(client.json(), 'futures.tickers');
    expect(tickers.length).toBeGreaterThan(2);
    for (const ticker of tickers) expect(shape(ticker)).toEqual(shape(recorded('gate-futures-tickers.ndjson')[2]));
    for (const top of pushes(client.json(), 'futures.book_ticker')) expect(shape(top)).toEqual(shape(recorded('gate-futures-book_ticker.ndjson')[0]));
    const later = connect();
    later.send(request('futures.tickers', ['BTC_USDT'], 1));
    const first = parsed(pushes(later.json(), 'futures.tickers')[0], 'futures');
    const read = first.kind === 'tickers' ? first.tickers[0] : undefined;
    const contract = control.perpetual('gate_futures', 'BTC_USDT')[0];
    expect(read?.nextFundingTime).toBe(contract?.nextFundingTime);
    expect(Number(read?.markPrice)).toBeCloseTo(contract?.markPrice ?? 0, 1);
    expect(Number(read?.indexPrice)).toBeCloseTo(contract?.indexPrice ?? 0, 1);
    expect(Number(read?.openInterest) * 0.0001).toBeCloseTo(contract?.openInterest ?? 0, 6);
    expect(Number(read?.fundingRate)).toBeCloseTo(contract?.fundingRate ?? 0, 5);
  });
});

describe('Gate limits', () => {
  it('holds 300 connections of the IP over spot and futures together; the 301st is closed; no cap on channels', () => {
    const { connect, venueOf } = gateTestVenue(['gate', 'gate_futures']);
    const clients = Array.from({ length: 300 }, (_, n) => connect(n % 2 === 0 ? 'gate' : 'gate_futures'));
    expect(clients.every((c) => c.socket.closed === undefined)).toBe(true);
    const refused = connect('gate_futures');
    expect(refused.socket.closed).toEqual(GATE_CLOSES.connections);
    expect(venueOf('gate_futures').counters.refusals.connectionAttempts).toBe(1);
    clients[0]?.socket.close();
    expect(connect('gate').socket.closed).toBeUndefined();
    expect(venueOf('gate').limits.maxTopicsPerConnection).toBeUndefined();
  });
});
