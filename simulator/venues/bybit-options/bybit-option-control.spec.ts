import { describe, expect, it } from 'vitest';
import { answerControlRequest } from '../../handle-control-request.js';
import { bybitOptionTestVenue } from './__fixtures__/bybit-option-test-venue.js';

/** A venue with one client on an option's ticker and book and another on its coin's trades, trading a while. */
function followed() {
  const test = bybitOptionTestVenue();
  const symbols = (test.get('/v5/market/instruments-info?category=option&baseCoin=BTC').result.list ?? []).map((i) => String(i['symbol']));
  const symbol = symbols[Math.floor(symbols.length / 2)] ?? '';
  const option = test.connect();
  option.send({ op: 'subscribe', args: [`tickers.${symbol}`, `orderbook.25.${symbol}`] });
  const trades = test.connect();
  trades.send({ op: 'subscribe', args: ['publicTrade.ETH'] });
  test.control.setTradeRate('bybit_options', 0.5);
  test.run(2_000);
  option.take();
  trades.take();
  return { ...test, symbol, option, trades };
}

describe("the control API on Bybit's simulated options, as on the other venues", () => {
  it("drops the sockets holding an option's topics, those on its coin's trades included, and no other", () => {
    const { control, symbol, option, trades, connect } = followed();
    const other = connect();
    other.send({ op: 'subscribe', args: ['publicTrade.SOL'] });
    expect(control.drop('bybit_options', symbol)).toBe(1);
    expect(option.socket.closed?.code).toBe(1006);
    expect(trades.socket.closed).toBeUndefined();
    const eth = control.instruments('bybit_options').find((l) => l.base === 'ETH')?.symbol ?? '';
    expect(control.drop('bybit_options', eth)).toBe(1);
    expect(trades.socket.closed?.code).toBe(1006);
    expect(other.socket.closed).toBeUndefined();
  });

  it('stalls the venue (pongs still answered) and resumes it', () => {
    const { control, run, option, trades } = followed();
    expect(control.stall('bybit_options', true)).toBe(2);
    run(2_000);
    expect([...option.take(), ...trades.take()]).toEqual([]);
    option.send({ op: 'ping' });
    expect(option.take()).toMatchObject([{ op: 'pong' }]);
    control.stall('bybit_options', false);
    run(2_000);
    expect(option.take().length + trades.take().length).toBeGreaterThan(0);
  });

  it("sends malformed frames in the option framing, and arms the Bybit book faults on an option's topics", () => {
    const { control, run, symbol, option } = followed();
    control.sendMalformed('bybit_options', 4);
    const damaged = option.socket.sent.slice(-4);
    expect(damaged[0]).not.toMatch(/}$/);
    expect(damaged.slice(1).map((text) => (JSON.parse(text) as { topic: string }).topic)).toEqual([
      expect.stringMatching(/^publicTrade\.BTC$/),
      expect.stringMatching(/^publicTrade\.BTC$/),
      expect.stringMatching(/^tickers\./),
    ]);
    const from = option.socket.sent.length;
    control.bookFault('bybit_options', 'restart', symbol);
    run(1_000);
    const books = option.socket.sent
      .slice(from)
      .map((text) => JSON.parse(text) as { topic: string })
      .filter((f) => f.topic === `orderbook.25.${symbol}`);
    expect(books[0]).toMatchObject({ type: 'snapshot', data: { u: 1 } });
  });

  it('halts an option (silent, out of the lists) and resumes it; answers expire over HTTP', () => {
    const { control, run, symbol, option, get } = followed();
    control.halt('bybit_options', symbol);
    run(2_000);
    expect(option.take().filter((f) => f.topic === `tickers.${symbol}`)).toEqual([]);
    expect((get('/v5/market/instruments-info?category=option&baseCoin=BTC').result.list ?? []).some((i) => i['symbol'] === symbol)).toBe(false);
    control.resume('bybit_options', symbol);
    run(2_000);
    expect(option.take().some((f) => f.topic === `tickers.${symbol}`)).toBe(true);
    const answer = answerControlRequest(control, 'POST', '/control/bybit_options/expire');
    expect(answer.status).toBe(200);
    expect(Object.keys(answer.body as object)).toEqual(['expiryTs', 'expired', 'listed']);
  });

  it("serves the instrument list's faults on instruments-info?category=option", () => {
    const { control, get } = followed();
    control.listFault('bybit_options', 'empty');
    expect(get('/v5/market/instruments-info?category=option')).toMatchObject({ retCode: 0, result: { list: [] } });
    expect((get('/v5/market/instruments-info?category=option').result.list ?? []).length).toBeGreaterThan(0);
  });
});
