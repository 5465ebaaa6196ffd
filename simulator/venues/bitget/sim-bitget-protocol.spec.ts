import { describe, expect, it } from 'vitest';
import { parseBitgetFrame, type BitgetFrame } from '../../../src/exchanges/bitget/bitget-frames.js';
import { bitgetControl } from '../../../src/exchanges/bitget/bitget-protocol.js';
import { shape } from '../../__fixtures__/json-shape.js';
import { bitgetTestVenue, recorded, subscribe, type BitgetTestClient } from './__fixtures__/bitget-test-venue.js';
import { BITGET_CLOSES } from './sim-bitget-protocol.js';

/** A text parsed by the client's own reader, or the spec fails. */
function parsed(text: string): BitgetFrame {
  const result = parseBitgetFrame(text);
  if (!result.ok) throw new Error(`refused: ${result.error} in ${text}`);
  return result.frame;
}

const pushes = (client: BitgetTestClient, channel: string) =>
  client.json().filter((f) => f['event'] === undefined && (f['arg'] as Record<string, unknown> | undefined)?.['channel'] === channel);

describe('Bitget requests and answers', () => {
  it('acknowledges each argument as recorded, unsubscribes alike, and refuses an unknown instrument, channel or type with 30001 naming it', () => {
    const { connect, venue } = bitgetTestVenue(['bitget']);
    const client = connect();
    client.send({
      op: 'subscribe',
      args: [
        { instType: 'SPOT', channel: 'ticker', instId: 'BTCUSDT' },
        { instType: 'SPOT', channel: 'ticker', instId: 'NMRUSDT' },
        { instType: 'SPOT', channel: 'candle1s', instId: 'BTCUSDT' },
        { instType: 'USDT-FUTURES', channel: 'trade', instId: 'BTCUSDT' },
      ],
    });
    const events = client.take().filter((f) => f['event'] !== undefined);
    expect(shape(events[0])).toEqual(shape(recorded('bitget-subscribe-ack.ndjson')[1]));
    expect(events[0]).toEqual({ event: 'subscribe', arg: { instType: 'SPOT', channel: 'ticker', instId: 'BTCUSDT' } });
    expect(events.slice(1)).toEqual([
      {
        event: 'error',
        arg: { instType: 'SPOT', channel: 'ticker', instId: 'NMRUSDT' },
        code: 30001,
        msg: "instType:SPOT,channel:ticker,instId:NMRUSDT doesn't exist",
      },
      {
        event: 'error',
        arg: { instType: 'SPOT', channel: 'candle1s', instId: 'BTCUSDT' },
        code: 30001,
        msg: "instType:SPOT,channel:candle1s,instId:BTCUSDT doesn't exist",
      },
      {
        event: 'error',
        arg: { instType: 'USDT-FUTURES', channel: 'trade', instId: 'BTCUSDT' },
        code: 30001,
        msg: "instType:USDT-FUTURES,channel:trade,instId:BTCUSDT doesn't exist",
      },
    ]);
    // The client settles each: the ack its topic, each error refusing its own topic.
    expect(events.map((e) => bitgetControl(parsed(JSON.stringify(e))))).toMatchObject([
      { kind: 'subscribe_ack', success: true, topics: ['ticker:BTCUSDT'] },
      { kind: 'subscribe_ack', success: false, topics: ['ticker:NMRUSDT'] },
      { kind: 'subscribe_ack', success: false, topics: ['candle1s:BTCUSDT'] },
      { kind: 'subscribe_ack', success: false, topics: ['trade:BTCUSDT'] },
    ]);
    expect([...(venue.connections as Iterable<{ subscriptions: Set<string> }>)].map((c) => [...c.subscriptions])).toEqual([['ticker:BTCUSDT']]);
    expect(venue.counters).toMatchObject({ subscribeRequests: 1, subscribeRejected: 1 });
    client.send(subscribe('SPOT', 'ticker', ['BTCUSDT'], 'unsubscribe'));
    expect(client.take()).toEqual([{ event: 'unsubscribe', arg: { instType: 'SPOT', channel: 'ticker', instId: 'BTCUSDT' } }]);
  });

  it('answers the text ping with pong, a request that is no JSON with 30002 and another op with 30003', () => {
    const { connect, venue } = bitgetTestVenue(['bitget']);
    const client = connect();
    client.send('ping');
    client.send('{"op":"subscribe","argss":[]}');
    client.send({ op: 'login', args: [] });
    expect(client.texts()[0]).toBe('pong');
    expect(client.json()).toEqual([
      { event: 'error', code: 30002, msg: 'illegal request' },
      { event: 'error', code: 30003, msg: 'invalid op' },
    ]);
    expect(parsed('pong')).toEqual({ kind: 'pong' });
    expect(venue.counters.pingsReceived).toBe(1);
  });
});

describe('Bitget trades', () => {
  it('sends the last trades newest first on subscribe, then one update a trade, in the recorded shapes; the client reads back the tape', () => {
    const { connect, run, control } = bitgetTestVenue(['bitget']);
    run(5_000);
    const client = connect();
    client.send(subscribe('SPOT', 'trade', ['BTCUSDT']));
    run(5_000);
    const [snapshot, ...updates] = pushes(client, 'trade');
    expect(snapshot?.['action']).toBe('snapshot');
    expect(shape(snapshot)).toEqual(shape(recorded('bitget-trade.ndjson')[1]));
    expect(updates.length).toBeGreaterThan(50);
    for (const update of updates) expect(shape(update)).toEqual(shape(recorded('bitget-trade.ndjson')[0]));
    const read = (frame: Record<string, unknown> | undefined) => {
      const f = parsed(JSON.stringify(frame));
      return f.kind === 'trades' ? f.trades : [];
    };
    const backlog = read(snapshot);
    expect(backlog).toHaveLength(50);
    const ids = backlog.map((t) => BigInt(t.tradeId));
    expect(ids.every((id, n) => n === 0 || id < (ids[n - 1] ?? 0n))).toBe(true);
    const tape = new Map(control.madeTrades('bitget', 'BTCUSDT').map((t) => [t.venueTradeId, t]));
    const sent = updates.flatMap(read);
    for (const trade of [...backlog, ...sent]) {
      expect(trade.tradeId).toMatch(/^\d{19}$/);
      const made = tape.get(trade.tradeId);
      expect([Number(trade.price), Number(trade.size), trade.side === 'sell', trade.ts]).toEqual([made?.price, made?.quantity, made?.isBuyerMaker, made?.ts]);
    }
    // Ids rise with time and are not consecutive.
    const gaps = sent.slice(1).map((t, n) => BigInt(t.tradeId) - BigInt(sent[n]?.tradeId ?? '0'));
    expect(gaps.every((gap) => gap > 1n)).toBe(true);
    // The updates are the trades made since the subscription, every one, in order.
    const since = control.madeTrades('bitget', 'BTCUSDT').filter((t) => t.ts > (backlog[0]?.ts ?? 0));
    expect(sent.map((t) => t.tradeId)).toEqual(since.map((t) => t.venueTradeId));
  });
});

describe('Bitget USDT-M frames', () => {
  it('writes the trade snapshot, updates and books1 in the recorded USDT-M shapes (sizes without trailing zeros), read by the client', () => {
    const { connect, run, control } = bitgetTestVenue(['bitget_futures']);
    run(3_000);
    const client = connect();
    client.send({ op: 'subscribe', args: ['trade', 'books1'].map((channel) => ({ instType: 'USDT-FUTURES', channel, instId: 'BTCUSDT' })) });
    run(2_000);
    const [snapshot, ...updates] = pushes(client, 'trade');
    expect(shape(snapshot)).toEqual(shape(recorded('bitget-futures-trade.ndjson')[0]));
    expect(updates.length).toBeGreaterThan(10);
    const tops = pushes(client, 'books1');
    for (const top of tops) expect(shape(top)).toEqual(shape(recorded('bitget-futures-books1.ndjson')[0]));
    const tape = new Map(control.madeTrades('bitget_futures', 'BTCUSDT').map((t) => [t.venueTradeId, t.quantity]));
    for (const frame of [snapshot, ...updates]) {
      const read = parsed(JSON.stringify(frame));
      for (const trade of read.kind === 'trades' ? read.trades : []) {
        expect(trade.size).not.toMatch(/\.\d*0$/);
        expect(Number(trade.size)).toBe(tape.get(trade.tradeId));
      }
    }
  });
});

describe('Bitget tickers and books1', () => {
  it('pushes the spot ticker and books1 in the recorded shapes, read by the client', () => {
    const { connect, run } = bitgetTestVenue(['bitget']);
    const client = connect();
    client.send({ op: 'subscribe', args: [...subscribe('SPOT', 'ticker', ['BTCUSDT']).args, ...subscribe('SPOT', 'books1', ['ETHUSDT']).args] });
    run(2_000);
    const tickers = pushes(client, 'ticker');
    const tops = pushes(client, 'books1');
    expect(tickers.length).toBeGreaterThan(2);
    expect(tops.length).toBeGreaterThan(2);
    for (const ticker of tickers) expect(shape(ticker)).toEqual(shape(recorded('bitget-ticker.ndjson')[0]));
    for (const top of tops) expect(shape(top)).toEqual(shape(recorded('bitget-books1.ndjson')[0]));
    const ticker = parsed(JSON.stringify(tickers.at(-1)));
    expect(ticker).toMatchObject({ kind: 'ticker', tickers: [{ instId: 'BTCUSDT' }] });
    const figures = ticker.kind === 'ticker' ? ticker.tickers[0] : undefined;
    expect(Number(figures?.bidPr)).toBeLessThan(Number(figures?.askPr));
    expect(Number(figures?.low24h)).toBeLessThanOrEqual(Number(figures?.lastPr));
    expect(parsed(JSON.stringify(tops.at(-1)))).toMatchObject({ kind: 'book', channel: 'books1', instId: 'ETHUSDT', action: 'snapshot' });
  });

  it('pushes the USDT-M ticker with mark, index, funding, its next time and holding as recorded, from the perpetual model', () => {
    const { connect, run, control } = bitgetTestVenue(['bitget_futures']);
    const client = connect();
    client.send(subscribe('USDT-FUTURES', 'ticker', ['BTCUSDT']));
    client.send(subscribe('SPOT', 'ticker', ['BTCUSDT']));
    run(2_000);
    const tickers = pushes(client, 'ticker');
    expect(tickers.length).toBeGreaterThan(2);
    for (const ticker of tickers) expect(shape(ticker)).toEqual(shape(recorded('bitget-futures-ticker.ndjson')[0]));
    // A new subscriber's first ticker is the contract as the model has it now.
    const later = connect();
    later.send(subscribe('USDT-FUTURES', 'ticker', ['BTCUSDT']));
    const first = parsed(JSON.stringify(pushes(later, 'ticker')[0]));
    const read = first.kind === 'ticker' ? first.tickers[0] : undefined;
    const contract = control.perpetual('bitget_futures', 'BTCUSDT')[0];
    expect(read?.nextFundingTime).toBe(contract?.nextFundingTime);
    expect(Number(read?.markPrice)).toBeCloseTo(contract?.markPrice ?? 0, 1);
    expect(Number(read?.indexPrice)).toBeCloseTo(contract?.indexPrice ?? 0, 1);
    expect(Number(read?.holdingAmount)).toBeCloseTo(contract?.openInterest ?? 0, 4);
    expect(Number(read?.fundingRate)).toBeCloseTo(contract?.fundingRate ?? 0, 5);
    // The spot argument is not served on the futures path.
    expect(
      client
        .json()
        .filter((f) => f['event'] === 'error')
        .map((f) => f['code']),
    ).toEqual([30001]);
  });
});

describe('Bitget limits', () => {
  it('answers the 241st subscription request of an hour with 30007 and closes; each connection counts its own', () => {
    const { connect, run, venue } = bitgetTestVenue(['bitget'], { venueOptions: { bitget: { idleCloseMs: 0 } } });
    const client = connect();
    for (let n = 0; n < 240; n++) {
      client.send(subscribe('SPOT', 'ticker', ['BTCUSDT'], n % 2 === 0 ? 'subscribe' : 'unsubscribe'));
      run(200);
    }
    expect(client.json().filter((f) => f['event'] === 'error')).toEqual([]);
    client.send(subscribe('SPOT', 'ticker', ['BTCUSDT']));
    expect(client.take().at(-1)).toEqual({ event: 'error', code: 30007, msg: 'request over limit,connection close' });
    expect(client.socket.closed).toEqual(BITGET_CLOSES.requests);
    expect(venue.counters.refusals.messageRate).toBe(1);
    // Each connection counts its own.
    const other = connect();
    for (let n = 0; n < 240; n++) {
      other.send(subscribe('SPOT', 'ticker', ['BTCUSDT'], n % 2 === 0 ? 'subscribe' : 'unsubscribe'));
      run(200);
    }
    expect(other.socket.closed).toBeUndefined();
    expect(other.json().filter((f) => f['event'] === 'error')).toEqual([]);
  });

  it('refuses each channel past 1,000 on a connection with 30006 naming it', () => {
    const { connect, venue, run } = bitgetTestVenue(['bitget'], { limits: { bitget: { maxTopicsPerConnection: 3 } } });
    const client = connect();
    client.send({ op: 'subscribe', args: ['trade', 'ticker', 'books1', 'books'].map((channel) => ({ instType: 'SPOT', channel, instId: 'BTCUSDT' })) });
    run(20);
    const events = client.json().filter((f) => f['event'] !== undefined);
    expect(events.map((e) => [e['event'], e['code']])).toEqual([
      ['subscribe', undefined],
      ['subscribe', undefined],
      ['subscribe', undefined],
      ['error', 30006],
    ]);
    expect(events[3]?.['arg']).toEqual({ instType: 'SPOT', channel: 'books', instId: 'BTCUSDT' });
    expect(venue.counters.refusals.topicsPerConnection).toBe(1);
    const defaults = bitgetTestVenue(['bitget']);
    expect(defaults.venue.limits.maxTopicsPerConnection).toBe(1000);
  });

  it('closes a connection past 10 messages a second, pings included', () => {
    const { connect, venue } = bitgetTestVenue(['bitget']);
    const client = connect();
    for (let n = 0; n < 10; n++) client.send('ping');
    expect(client.socket.closed).toBeUndefined();
    client.send('ping');
    expect(client.socket.closed?.code).toBe(1008);
    expect(venue.counters.refusals.messageRate).toBe(1);
  });

  it('holds 100 connections of the IP over spot and futures together; the 101st is answered 30007 and closed', () => {
    const { connect, venueOf } = bitgetTestVenue(['bitget', 'bitget_futures']);
    const clients = Array.from({ length: 100 }, (_, n) => connect(n % 2 === 0 ? 'bitget' : 'bitget_futures'));
    expect(clients.every((c) => c.socket.closed === undefined)).toBe(true);
    const refused = connect('bitget_futures');
    expect(refused.json()).toEqual([{ event: 'error', code: 30007, msg: 'request over limit,connection close' }]);
    expect(refused.socket.closed).toEqual(BITGET_CLOSES.connections);
    expect(venueOf('bitget_futures').counters.refusals.connectionAttempts).toBe(1);
    clients[0]?.socket.close();
    expect(connect('bitget').socket.closed).toBeUndefined();
  });

  it('closes a connection that sent no ping for 2 minutes; one pinging every 25 s stays', () => {
    const { connect, run } = bitgetTestVenue(['bitget']);
    const silent = connect();
    const pinging = connect();
    for (let t = 0; t < 150_000; t += 25_000) {
      pinging.send('ping');
      run(25_000, 100);
    }
    expect(silent.socket.closed).toEqual(BITGET_CLOSES.idle);
    expect(pinging.socket.closed).toBeUndefined();
  });

  it('refuses connection attempts past 300 in 5 minutes with 429, and cuts every connection after 24 hours', () => {
    const { venue } = bitgetTestVenue(['bitget']);
    expect(venue.limits.connectionAttempts).toEqual({ max: 300, windowMs: 300_000, refuseStatus: 429 });
    const verdicts = Array.from({ length: 301 }, () => venue.gate.admit('10.0.0.1', 1_000, 0));
    expect(verdicts.filter((v) => v.ok)).toHaveLength(300);
    expect(verdicts.at(-1)).toMatchObject({ ok: false, status: 429 });
    expect(venue.config.maxConnectionLifetimeMs).toBe(86_400_000);
  });
});
