import { describe, expect, it } from 'vitest';
import { frameDecoder } from '../../../src/exchanges/frame-decoder.js';
import { protocolFor } from '../../../src/exchanges/protocol-registry.js';
import { gateTestVenue, START_TS } from './__fixtures__/gate-test-venue.js';
import { gateFaultTradeFrame, gateMalformedFrame } from './gate-frames.js';

describe("Gate's malformed frames", () => {
  it("are each refused by the pipeline's Gate reader (spot and futures), and sent to every socket by the control API", () => {
    const partsOf = () => ({ coin: 'BTC', quote: 'USDT', contractValue: 0.0001 });
    for (const [exchange, market] of [
      ['gate', 'spot'],
      ['gate_futures', 'futures'],
    ] as const) {
      const decode = frameDecoder(protocolFor(exchange), { exchange, partsOf });
      for (let n = 0; n < 6; n++)
        expect(decode(gateMalformedFrame(market, n, 'BTC_USDT', START_TS), START_TS, 'c1').kind, `${exchange} kind ${n}`).toBe('invalid');
      // The undamaged fault trade is a trade the reader takes.
      expect(decode(gateFaultTradeFrame(market, 'BTC_USDT', START_TS), START_TS, 'c1').kind).not.toBe('invalid');
    }
    const { connect, control, venue } = gateTestVenue(['gate']);
    const clients = [connect(), connect()];
    control.sendMalformed('gate', 6);
    for (const client of clients) expect(client.socket.sent).toEqual([0, 1, 2, 3, 4, 5].map((n) => gateMalformedFrame('spot', n, 'BTC_USDT', START_TS)));
    expect(venue.counters.malformedSent).toBe(12);
  });
});
