import { describe, expect, it } from 'vitest';
import { frameDecoder } from '../frame-decoder.js';
import type { MapperContext } from '../mapper-context.js';
import { GATE_CONTRACT_LIQUIDATES, GATE_DOCUMENTED_LIQUIDATES, GATE_LIVE_LIQUIDATES } from './__fixtures__/gate-liquidation-frames.js';
import { gateParsed } from './__fixtures__/gate-frames-at-hand.js';
import { parseGateFrame } from './gate-frames.js';
import { splitGateSymbol } from './gate-listings.js';
import { mapGateFrame } from './gate-mappers.js';
import { gateContractRefusal, gateFuturesProtocol } from './gate-protocol.js';
import { gateSubscribe, gateTopic, gateTopicsOf } from './gate-subscriptions.js';

const AT = 1_800_000_000_000;
/** Contract values (`quanto_multiplier`): BTC_USDT 0.0001 BTC, HEI_USDT 10 HEI, BTC_USD 1; LAB_USDT's is unknown. */
const VALUES: Readonly<Record<string, number>> = { BTC_USDT: 0.0001, HEI_USDT: 10, BTC_USD: 1 };
const FUTURES: MapperContext = {
  exchange: 'gate_futures',
  env: 'prod',
  connectionId: 'g1',
  partsOf: (s) => {
    const parts = splitGateSymbol(s);
    const value = VALUES[s];
    return parts === undefined
      ? undefined
      : { ...parts, instrument: `${parts.coin}-${parts.quote}-PERP`, ...(value === undefined ? {} : { contractValue: value }) };
  },
};
const liquidate = (rows: string): string =>
  `{"time":1787000001,"time_ms":1787000001002,"channel":"futures.public_liquidates","event":"update","result":${rows}}`;

describe("Gate's futures liquidations (futures.public_liquidates)", () => {
  it('subscribes every contract at once: one topic whatever the instrument, the payload ["!all"], its ack naming it', () => {
    expect(gateTopic('BTC_USDT', 'public_liquidates')).toBe('public_liquidates:!all');
    expect(gateTopic('ETH_USDT', 'public_liquidates')).toBe('public_liquidates:!all');
    expect(JSON.parse(gateSubscribe('futures', ['public_liquidates:!all'], '7', 1_786_000_000_000).text)).toEqual({
      time: 1_786_000_000,
      id: 7,
      channel: 'futures.public_liquidates',
      event: 'subscribe',
      payload: ['!all'],
    });
    expect(gateTopicsOf('futures.public_liquidates', ['!all'])).toEqual(['public_liquidates:!all']);
    expect(gateFuturesProtocol.streams.filter((s) => s.record === 'liquidation').map((s) => s.channel)).toEqual(['public_liquidates']);
  });

  it('the documented example: a long closed by a sell of 124 contracts at the order price, in the coin, sampled', () => {
    expect(gateParsed(GATE_DOCUMENTED_LIQUIDATES)).toEqual({
      kind: 'liquidations',
      liquidations: [{ symbol: 'BTC_USD', price: '215.1', size: '124', side: 'sell', ts: 1541486601123 }],
      refused: [],
    });
    expect(mapGateFrame(gateParsed(GATE_DOCUMENTED_LIQUIDATES), AT, FUTURES)).toEqual([
      expect.objectContaining({
        type: 'liquidation',
        exchange: 'gate_futures',
        symbol: 'BTC_USD',
        instrument: 'BTC-USD-PERP',
        positionSide: 'LONG',
        price: 215.1,
        quantity: 124,
        sampled: true,
        exchangeTs: 1541486601123,
        receivedTs: AT,
      }),
    ]);
  });

  it('the live bare row: a decimal-string price, its time in milliseconds under `time`', () => {
    expect(mapGateFrame(gateParsed(GATE_LIVE_LIQUIDATES[0] ?? ''), AT, FUTURES)).toEqual([
      expect.objectContaining({
        symbol: 'HEI_USDT',
        instrument: 'HEI-USDT-PERP',
        positionSide: 'LONG',
        price: 0.13827,
        quantity: 230,
        exchangeTs: 1786327033531,
      }),
    ]);
  });

  it("one contract's rows in one push: each its own record, a positive size a short closed", () => {
    const records = mapGateFrame(gateParsed(GATE_CONTRACT_LIQUIDATES), AT, FUTURES);
    expect(records.map((r) => (r.type === 'liquidation' ? [r.positionSide, r.price, r.quantity, r.exchangeTs] : r.type))).toEqual([
      ['LONG', 64012.3, 0.0037, 1787000000411],
      ['SHORT', 64390.1, 0.0012, 1787000000907],
    ]);
  });

  it('reads a row time written in seconds as seconds', () => {
    const frame = gateParsed(liquidate('[{"contract":"BTC_USDT","price":"64000","time":1787000000,"size":5}]'));
    expect(frame.kind === 'liquidations' ? frame.liquidations[0]?.ts : undefined).toBe(1_787_000_000_000);
  });

  it('refuses a bad row alone, naming its path; the push keeps its others, and is refused whole only when it holds no row', () => {
    const frame = gateParsed(
      liquidate(
        '[{"contract":"BTC_USDT","price":"64000","time_ms":1787000000411,"size":0},{"contract":"BTC_USDT","price":"-1","time_ms":1787000000412,"size":3},{"contract":"BTC_USDT","price":"64000","time_ms":1787000000413,"size":4},{"price":"64000","time_ms":1787000000414,"size":4},"x"]',
      ),
    );
    expect(frame).toEqual({
      kind: 'liquidations',
      liquidations: [{ symbol: 'BTC_USDT', price: '64000', size: '4', side: 'buy', ts: 1787000000413 }],
      refused: [
        '$.result[0].size: expected a size other than 0',
        '$.result[1].price: expected a positive decimal',
        expect.stringMatching(/^\$\.result\[3\]\.contract: /) as string,
        '$.result[4]: expected an object',
      ],
    });
    const decoded = frameDecoder(gateFuturesProtocol, { exchange: 'gate_futures', partsOf: FUTURES.partsOf })(
      liquidate(
        '[{"contract":"BTC_USDT","price":"64000","time_ms":1787000000411,"size":"x"},{"contract":"BTC_USDT","price":"64000","time_ms":1787000000413,"size":4}]',
      ),
      AT,
      'g1',
    );
    expect(decoded).toMatchObject({ kind: 'events', refused: '1 entries refused: $.result[0].size: expected a decimal' });
    expect(decoded.kind === 'events' ? decoded.events.map((e) => e.type) : []).toEqual(['liquidation']);
    const none = parseGateFrame(liquidate('"nothing"'), 'futures');
    expect(none).toEqual({ ok: false, error: '$.result: expected a row or an array of rows' });
  });

  it("keeps the contracts the socket follows; refuses a followed contract's push whose contract value is unknown, never another's", () => {
    const follows = (symbol: string): boolean => symbol === 'HEI_USDT';
    const mine: MapperContext = { ...FUTURES, follows };
    const all = GATE_LIVE_LIQUIDATES.flatMap((text) => mapGateFrame(gateParsed(text), AT, mine));
    expect(all.map((l) => l.symbol)).toEqual(['HEI_USDT', 'HEI_USDT']);
    const lab = gateParsed(GATE_LIVE_LIQUIDATES[2] ?? '');
    expect(gateContractRefusal(lab, mine)).toBeUndefined();
    expect(gateContractRefusal(lab, FUTURES)).toBe('LAB_USDT: contract value (quanto_multiplier) unknown, its sizes are contracts: not published');
  });

  it('reads the channel on the futures socket only', () => {
    expect(parseGateFrame(GATE_DOCUMENTED_LIQUIDATES.replace('futures.public_liquidates', 'spot.public_liquidates'))).toEqual({
      ok: true,
      frame: { kind: 'other' },
    });
  });
});
