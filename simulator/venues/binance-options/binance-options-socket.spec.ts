import { describe, expect, it } from 'vitest';
import { binanceOptionsTestVenue, type Frame } from './__fixtures__/binance-options-test-venue.js';
import { simBinanceOptionsVenue } from './sim-binance-options-venue.js';

/** The venue's live BTC options, from exchangeInfo. */
function btcOptions(test: ReturnType<typeof binanceOptionsTestVenue>): string[] {
  const info = test.get('/eapi/v1/exchangeInfo').body as { optionSymbols: { symbol: string; underlying: string }[] };
  return info.optionSymbols.filter((s) => s.underlying === 'BTCUSDT').map((s) => s.symbol);
}

describe("Binance's simulated options socket: requests, routes and limits", () => {
  it('answers SUBSCRIBE with {"result":null,"id":n}, lists the streams, and refuses a name of no stream', () => {
    const test = binanceOptionsTestVenue();
    const client = test.connect('/binance-options/public/ws');
    const [symbol = ''] = btcOptions(test);
    client.send({ method: 'SUBSCRIBE', params: [`${symbol.toLowerCase()}@optionTrade`, 'btcusdt@optionTrade'], id: 7 });
    client.send({ method: 'LIST_SUBSCRIPTIONS', id: 8 });
    client.send({ method: 'SUBSCRIBE', params: ['btcusdt@kline_1m'], id: 9 });
    client.send('not json');
    expect(client.take()).toEqual([
      { result: null, id: 7 },
      { result: [`${symbol.toLowerCase()}@optionTrade`, 'btcusdt@optionTrade'], id: 8 },
      { error: { code: 2, msg: 'Invalid request: invalid stream' }, id: 9 },
      { error: { code: 3, msg: expect.stringMatching(/^Invalid JSON/) as unknown }, id: null },
    ]);
  });

  it('delivers a stream only on its route: a market stream asked on /public is acknowledged and stays silent', () => {
    const test = binanceOptionsTestVenue();
    const pub = test.connect('/binance-options/public/stream?streams=btcusdt@optionMarkPrice');
    const market = test.connect('/binance-options/market/stream?streams=btcusdt@optionMarkPrice');
    test.run(2_100);
    expect(pub.take()).toEqual([]);
    expect(market.take().filter((f) => f['stream'] === 'btcusdt@optionMarkPrice').length).toBe(2);
  });

  it("carries every trade of an underlying's options on <underlying>@optionTrade, the same ids as each option's stream", () => {
    const test = binanceOptionsTestVenue();
    test.control.setTradeRate('binance_options', 0.5);
    const all = test.connect('/binance-options/public/stream?streams=ethusdt@optionTrade');
    test.run(3_000, 100);
    const trades = all.take().map((f) => f['data'] as Frame);
    expect(trades.length).toBeGreaterThan(0);
    expect(trades.every((t) => String(t['s']).startsWith('ETH-'))).toBe(true);
    const made = new Set(test.control.madeTrades('binance_options').map((t) => `${t.symbol} ${t.venueTradeId}`));
    expect(trades.every((t) => made.has(`${String(t['s'])} ${String(t['t'])}`))).toBe(true);
  });

  it('refuses a SUBSCRIBE past 200 streams a connection, and an upgrade naming more', () => {
    const test = binanceOptionsTestVenue();
    const client = test.connect('/binance-options/public/ws');
    const names = btcOptions(test).flatMap((s) => ['optionTrade', 'bookTicker', 'optionTicker'].map((k) => `${s.toLowerCase()}@${k}`));
    expect(names.length).toBeGreaterThan(200);
    client.send({ method: 'SUBSCRIBE', params: names.slice(0, 200), id: 1 });
    client.send({ method: 'SUBSCRIBE', params: names.slice(200, 201), id: 2 });
    expect(client.take()).toEqual([
      { result: null, id: 1 },
      { error: { code: 4, msg: 'Too many subscriptions' }, id: 2 },
    ]);
    const url = new URL(`/binance-options/public/stream?streams=${names.slice(0, 201).join('/')}`, 'ws://127.0.0.1');
    expect(test.venue.gate.admit('10.0.0.1', test.clock.now, test.venue.config.protocol.urlTopics?.(url).length ?? 0)).toMatchObject({
      ok: false,
      status: 400,
    });
  });

  it('closes a connection past 10 incoming messages a second (1008)', () => {
    const test = binanceOptionsTestVenue();
    const client = test.connect('/binance-options/market/ws');
    for (let n = 1; n <= 11; n += 1) client.send({ method: 'LIST_SUBSCRIPTIONS', id: n });
    expect(client.socket.closed?.code).toBe(1008);
  });

  it('closes a connection that sent no pong for the pong timeout (15 minutes by default), and keeps one that did', () => {
    expect(simBinanceOptionsVenue.options.pongTimeoutMs).toBe(900_000);
    const test = binanceOptionsTestVenue(['binance_options'], { venueOptions: { binance_options: { pongTimeoutMs: 60_000 } } });
    const silent = test.connect('/binance-options/market/ws');
    const answering = test.connect('/binance-options/market/ws');
    for (let n = 0; n < 4; n += 1) {
      test.run(20_000, 1_000);
      answering.socket.emit('pong', Buffer.from(''));
    }
    expect(silent.socket.closed).toEqual({ code: 1000, reason: 'pong timeout' });
    expect(answering.socket.closed).toBeUndefined();
  });
});
