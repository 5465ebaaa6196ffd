import { describe, expect, it } from 'vitest';
import { bybitOptionTestVenue, START_TS } from './__fixtures__/bybit-option-test-venue.js';

/** Every topic the venue serves of its listed options (a ticker and two books each), then the coins' trades. */
function everyTopic(test: ReturnType<typeof bybitOptionTestVenue>): string[] {
  const symbols = ['BTC', 'ETH', 'SOL'].flatMap((coin) =>
    (test.get(`/v5/market/instruments-info?category=option&baseCoin=${coin}&limit=1000`).result.list ?? []).map((i) => String(i['symbol'])),
  );
  return [...symbols.flatMap((s) => [`tickers.${s}`, `orderbook.25.${s}`, `orderbook.100.${s}`]), 'publicTrade.BTC', 'publicTrade.ETH', 'publicTrade.SOL'];
}

describe("Bybit's simulated option socket: its requests, as wss-authentication.mdx's Option tabs show them", () => {
  it('answers a subscribe with the option envelope (COMMAND_RESP, the topics taken), then each ticker snapshot', () => {
    const test = bybitOptionTestVenue();
    const [ticker, book] = everyTopic(test);
    const client = test.connect();
    client.send({ req_id: '7', op: 'subscribe', args: [ticker, book, 'publicTrade.BTC'] });
    const [answer, ...after] = client.take();
    expect(JSON.stringify(answer)).toBe(
      JSON.stringify({ success: true, conn_id: client.id, data: { failTopics: [], successTopics: [ticker, book, 'publicTrade.BTC'] }, type: 'COMMAND_RESP' }),
    );
    expect(after.map((f) => f.topic)).toEqual(expect.arrayContaining([ticker, book]));
    expect(test.venue.subscribeLog.at(-1)).toEqual({ connectionId: client.id, topics: [ticker, book, 'publicTrade.BTC'], accepted: true });
  });

  it('refuses an unknown topic, a coin without options, a delivered or unknown symbol and a depth options lack, taking the rest', () => {
    const test = bybitOptionTestVenue();
    const [ticker] = everyTopic(test);
    const symbol = (ticker ?? '').slice('tickers.'.length);
    const client = test.connect();
    const refused = ['tickers.BTC-1JAN27-1-C-USDT', 'publicTrade.DOGE', `orderbook.50.${symbol}`, `kline.1.${symbol}`, 'publicTrade.BTCUSDT'];
    client.send({ op: 'subscribe', args: [...refused, ticker] });
    const [answer] = client.take();
    expect(answer).toEqual({
      success: false,
      ret_msg: 'error:handler not found,topic:tickers.BTC-1JAN27-1-C-USDT',
      conn_id: client.id,
      data: { failTopics: refused, successTopics: [ticker] },
      type: 'COMMAND_RESP',
    });
    client.send({ op: 'subscribe', args: [ticker] });
    expect(client.take()[0]).toMatchObject({
      success: false,
      ret_msg: `error:already subscribed,topic:${ticker ?? ''}`,
      data: { failTopics: [ticker], successTopics: [] },
    });
    client.send({ op: 'unsubscribe', args: [ticker, 'publicTrade.ETH'] });
    expect(client.take()[0]).toMatchObject({ success: false, data: { failTopics: ['publicTrade.ETH'], successTopics: [ticker] }, type: 'COMMAND_RESP' });
    client.send('{"op":');
    expect(client.take()[0]).toMatchObject({ success: false, ret_msg: 'error:unmarshal request failed', type: 'COMMAND_RESP' });
  });

  it('answers a ping with the option pong, {"args":["<ms>"],"op":"pong"}, and counts it', () => {
    const test = bybitOptionTestVenue();
    const client = test.connect();
    client.send({ req_id: 'p1', op: 'ping' });
    expect(client.socket.sent).toEqual([JSON.stringify({ args: [String(START_TS)], op: 'pong' })]);
    expect(test.control.counters('bybit_options').pingsReceived).toBe(1);
  });

  it('holds at most 2,000 args on a connection: one more refuses the whole request and takes nothing', () => {
    // Characters aside (2,000 option topics are about 60,000 of them): the count alone.
    const test = bybitOptionTestVenue(['bybit_options'], { limits: { bybit_options: { maxArgsCharsPerConnection: 1_000_000 } } });
    const topics = everyTopic(test);
    expect(topics.length).toBeGreaterThan(2001);
    const client = test.connect();
    client.send({ op: 'subscribe', args: topics.slice(0, 1990) });
    expect(client.take()[0]).toMatchObject({ success: true });
    client.send({ op: 'subscribe', args: topics.slice(1990, 2001) });
    expect(client.take()[0]).toEqual({
      success: false,
      ret_msg: 'error:args count >2000',
      conn_id: client.id,
      data: { failTopics: topics.slice(1990, 2001), successTopics: [] },
      type: 'COMMAND_RESP',
    });
    expect(client.socket.sent.length).toBeGreaterThan(0);
    client.send({ op: 'subscribe', args: topics.slice(1990, 2000) });
    expect(client.take()[0]).toMatchObject({ success: true, data: { successTopics: topics.slice(1990, 2000) } });
    expect(test.control.counters('bybit_options').refusals.topicsPerConnection).toBe(1);
  });

  it('holds at most 21,000 characters of args on a connection', () => {
    const test = bybitOptionTestVenue();
    const topics = everyTopic(test);
    let chars = 0;
    const fit = topics.filter((t) => (chars += t.length) <= 21_000);
    const client = test.connect();
    client.send({ op: 'subscribe', args: fit });
    expect(client.take()[0]).toMatchObject({ success: true });
    const over = topics[fit.length] ?? '';
    client.send({ op: 'subscribe', args: [over] });
    expect(client.take()[0]).toMatchObject({ success: false, ret_msg: 'error:args length >21000', data: { failTopics: [over], successTopics: [] } });
    expect(test.control.counters('bybit_options').refusals.argsChars).toBe(1);
  });

  it('closes a connection neither pinged nor sent anything for the idle time, and keeps one that pings', () => {
    const test = bybitOptionTestVenue(['bybit_options'], { venueOptions: { bybit_options: { idleCloseMs: 10_000 } } });
    const quiet = test.connect();
    const pinging = test.connect();
    for (let s = 0; s < 12; s += 1) {
      if (s % 5 === 0) pinging.send({ op: 'ping' });
      test.run(1_000, 100);
    }
    expect(quiet.socket.closed).toEqual({ code: 1000, reason: 'idle' });
    expect(pinging.socket.closed).toBeUndefined();
  });
});
