import { describe, expect, it } from 'vitest';
import { frameDecoder } from '../frame-decoder.js';
import { bybitInverseProtocol } from './bybit-inverse-protocol.js';

const decode = frameDecoder(bybitInverseProtocol, { exchange: 'bybit_inverse' });
const trade = (v: string, p: string): string =>
  JSON.stringify({ topic: 'publicTrade.BTCUSD', type: 'snapshot', ts: 1, data: [{ T: 1, s: 'BTCUSD', S: 'Buy', v, p, L: 'PlusTick', i: 'a', BT: false }] });

describe('bybitInverseRefusal', () => {
  it('refuses a trade whose USD size over its price is no number, naming both, as Deribit does', () => {
    expect(decode(trade('2500', '5e-324'), 1, 'c1')).toMatchObject({ kind: 'invalid', error: '2500 USD over 5e-324 is no quantity of the base asset' });
  });

  it('maps a trade in the coin otherwise (2500 USD at 125000 is 0.02 BTC)', () => {
    const decoded = decode(trade('2500', '125000'), 1, 'c1');
    expect(decoded.kind === 'events' ? decoded.events.map((e) => (e.type === 'trade' ? e.quantity : e.type)) : decoded).toEqual([0.02]);
  });

  it('refuses a book delta with such a level, and takes an ordinary one', () => {
    const book = (bid: [string, string]): string =>
      JSON.stringify({ topic: 'orderbook.50.BTCUSD', type: 'delta', ts: 1, data: { s: 'BTCUSD', b: [bid], a: [], u: 2, seq: 2 } });
    expect(decode(book(['1e-320', '10']), 1, 'c1')).toMatchObject({ kind: 'invalid', error: '10 USD over 1e-320 is no quantity of the base asset' });
    expect(decode(book(['125000', '10']), 1, 'c1').kind).toBe('events');
  });
});
