import { describe, expect, it } from 'vitest';
import { frameDecoder } from '../../../src/exchanges/frame-decoder.js';
import { protocolFor } from '../../../src/exchanges/protocol-registry.js';
import { okxTestVenue, START_TS } from './__fixtures__/okx-test-venue.js';
import { okxMalformedFrame } from './okx-malformed-frames.js';

describe("OKX's malformed frames", () => {
  it("are each refused by the pipeline's OKX reader, and sent to every socket by the control API", () => {
    const decode = frameDecoder(protocolFor('okx'), { exchange: 'okx' });
    for (let n = 0; n < 6; n++) expect(decode(okxMalformedFrame(n, 'BTC-USDT', START_TS), START_TS, 'c1').kind, `kind ${n}`).toBe('invalid');
    const { connect, control, venue } = okxTestVenue('okx');
    const clients = [connect('/okx/ws/v5/public'), connect('/okx/ws/v5/business')];
    control.sendMalformed('okx', 6);
    for (const client of clients) expect(client.texts()).toEqual([0, 1, 2, 3, 4, 5].map((n) => okxMalformedFrame(n, 'BTC-USDT', START_TS)));
    expect(venue.counters.malformedSent).toBe(12);
  });
});
