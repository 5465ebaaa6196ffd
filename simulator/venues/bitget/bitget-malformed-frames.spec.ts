import { describe, expect, it } from 'vitest';
import { frameDecoder } from '../../../src/exchanges/frame-decoder.js';
import { protocolFor } from '../../../src/exchanges/protocol-registry.js';
import { bitgetTestVenue, START_TS } from './__fixtures__/bitget-test-venue.js';
import { bitgetFaultTradeFrame, bitgetMalformedFrame } from './bitget-frames.js';

describe("Bitget's malformed frames", () => {
  it("are each refused by the pipeline's Bitget reader (spot and futures), and sent to every socket by the control API", () => {
    for (const [exchange, instType] of [
      ['bitget', 'SPOT'],
      ['bitget_futures', 'USDT-FUTURES'],
    ] as const) {
      const decode = frameDecoder(protocolFor(exchange), { exchange });
      for (let n = 0; n < 6; n++)
        expect(decode(bitgetMalformedFrame(instType, n, 'BTCUSDT', START_TS), START_TS, 'c1').kind, `${exchange} kind ${n}`).toBe('invalid');
      // The undamaged fault trade is a trade the reader takes.
      expect(decode(bitgetFaultTradeFrame(instType, 'BTCUSDT', START_TS), START_TS, 'c1').kind).not.toBe('invalid');
    }
    const { connect, control, venue } = bitgetTestVenue(['bitget']);
    const clients = [connect(), connect()];
    control.sendMalformed('bitget', 6);
    for (const client of clients) expect(client.texts()).toEqual([0, 1, 2, 3, 4, 5].map((n) => bitgetMalformedFrame('SPOT', n, 'BTCUSDT', START_TS)));
    expect(venue.counters.malformedSent).toBe(12);
  });
});
