import { describe, expect, it } from 'vitest';
import { binanceOptionsTestVenue } from './__fixtures__/binance-options-test-venue.js';

/** A venue with one client on an option's public streams and one on ETH's trades. */
function followed() {
  const test = binanceOptionsTestVenue();
  const info = test.get('/eapi/v1/exchangeInfo').body as { optionSymbols: { symbol: string; underlying: string }[] };
  const symbol = info.optionSymbols.find((s) => s.underlying === 'BTCUSDT')?.symbol ?? '';
  const option = test.connect(`/binance-options/public/stream?streams=${symbol.toLowerCase()}@bookTicker`);
  const eth = test.connect('/binance-options/public/stream?streams=ethusdt@optionTrade');
  test.control.setTradeRate('binance_options', 0.5);
  test.run(2_000, 100);
  option.take();
  eth.take();
  return { ...test, symbol, option, eth };
}

describe("the control API on Binance's simulated options, as on the other venues", () => {
  it("drops the sockets holding an option's streams, those on its underlying's included, and no other", () => {
    const { control, symbol, option, eth } = followed();
    expect(control.drop('binance_options', symbol)).toBe(1);
    expect(option.socket.closed?.code).toBe(1006);
    expect(eth.socket.closed).toBeUndefined();
    const ethOption = control.instruments('binance_options').find((i) => i.symbol.startsWith('ETH-'))?.symbol ?? '';
    expect(control.drop('binance_options', ethOption)).toBe(1);
    expect(eth.socket.closed?.code).toBe(1006);
  });

  it('stalls the venue and resumes it', () => {
    const { control, run, option, eth } = followed();
    expect(control.stall('binance_options', true)).toBe(2);
    run(2_000, 100);
    expect([...option.take(), ...eth.take()]).toEqual([]);
    control.stall('binance_options', false);
    run(2_000, 100);
    expect(option.take().length).toBeGreaterThan(0);
  });

  it('sends malformed frames a client must refuse: a cut frame, a negative price, a size NaN, a mark NaN', () => {
    const { control, eth } = followed();
    control.sendMalformed('binance_options', 4);
    const texts = eth.socket.sent.slice(-4);
    expect(() => JSON.parse(texts[0] ?? '') as unknown).toThrow();
    expect(texts[1]).toContain('"p":"-5.000"');
    expect(texts[2]).toContain('"q":"NaN"');
    expect(texts[3]).toContain('"mp":"NaN"');
  });
});
