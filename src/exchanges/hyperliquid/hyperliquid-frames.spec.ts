import { describe, expect, it } from 'vitest';
import { RECORDED_FRAMES, frameLines } from '../__fixtures__/never-throw-properties.js';
import { parseHyperliquidFrame, type HyperliquidFrame } from './hyperliquid-frames.js';

const lines = (file: string): readonly string[] => frameLines(RECORDED_FRAMES, (name) => name === file).map(({ text }) => text);
const parsed = (text: string): HyperliquidFrame => {
  const result = parseHyperliquidFrame(text);
  if (!result.ok) throw new Error(result.error);
  return result.frame;
};
const refusal = (text: string): string => {
  const result = parseHyperliquidFrame(text);
  return result.ok ? `read as ${result.frame.kind}` : result.error;
};

describe('parseHyperliquidFrame', () => {
  it('reads the recorded trades, each tid as the decimal text it was sent as, number or string', () => {
    const [fxs, btc] = lines('hyperliquid-trades.ndjson').map(parsed);
    expect(fxs).toEqual({ kind: 'trades', trades: [{ coin: 'FXS', tid: '611279506717453', px: '1.9008', sz: '10.5', side: 'A', time: 1730160015113 }] });
    expect(btc?.kind === 'trades' ? btc.trades.map((t) => [t.tid, t.side, t.px, t.sz, t.time]) : btc).toEqual([
      ['604438142537043', 'B', '64097.0', '0.00033', 1786539552700],
      ['153378402400855', 'A', '64096.0', '0.00023', 1786539553004],
      ['663834423078060', 'A', '64096.0', '0.0312', 1786539553102],
    ]);
  });

  it('keeps every digit of a tid past 2^53, which JSON.parse would round', () => {
    const text = '{"channel":"trades","data":[{"coin":"BTC","side":"B","px":"1","sz":"1","time":1,"hash":"0x0","tid":123456789012345678901}]}';
    expect((JSON.parse(text) as { data: { tid: number }[] }).data[0]?.tid).toBe(123456789012345680000);
    const frame = parsed(text);
    expect(frame.kind === 'trades' ? frame.trades[0]?.tid : frame).toBe('123456789012345678901');
  });

  it('refuses a tid that is no whole number, naming it', () => {
    for (const tid of ['1.5', '-3', '1e20', '"0x1f"'])
      expect(refusal(`{"channel":"trades","data":[{"coin":"BTC","side":"B","px":"1","sz":"1","time":1,"tid":${tid}}]}`)).toMatch(/^\$\.data\[0\]\.tid: /);
  });

  it('reads both recorded l2Book snapshots: 20 levels a side, bids best first, the time as sent', () => {
    const books = lines('hyperliquid-l2Book.ndjson').map(parsed);
    expect(books.map((b) => (b.kind === 'book' ? [b.coin, b.time, b.bids.length, b.asks.length, b.bids[0], b.asks[0], b.bids[19], b.asks[19]] : b))).toEqual([
      [
        'BTC',
        1786539643751,
        20,
        20,
        { price: 64094, size: 12.29409 },
        { price: 64095, size: 2.37411 },
        { price: 64075, size: 6.3175 },
        { price: 64114, size: 5.83788 },
      ],
      [
        'BTC',
        1786539646983,
        20,
        20,
        { price: 64093, size: 0.09932 },
        { price: 64094, size: 20.92904 },
        { price: 64073, size: 2.94287 },
        { price: 64113, size: 3.36834 },
      ],
    ]);
  });

  it('reads a book of more than 20 levels a side (the book keeps 20), and refuses one that is not [bids, asks]', () => {
    const level = '{"px":"1","sz":"1","n":1}';
    const side = (n: number): string => `[${Array.from({ length: n }, () => level).join(',')}]`;
    const wide = parsed(`{"channel":"l2Book","data":{"coin":"BTC","time":1,"levels":[${side(21)},[]]}}`);
    expect(wide.kind === 'book' ? wide.bids.length : wide).toBe(21);
    expect(refusal(`{"channel":"l2Book","data":{"coin":"BTC","time":1,"levels":[${side(1)}]}}`)).toBe('$.data.levels: expected [bids, asks]');
  });

  it('reads the recorded activeAssetCtx: funding, mark, oracle and open interest as written', () => {
    expect(parsed(lines('hyperliquid-activeAssetCtx.ndjson')[0] ?? '')).toEqual({
      kind: 'asset_ctx',
      coin: 'BTC',
      funding: '0.0000125',
      markPx: '64040.0',
      oraclePx: '64063.1',
      openInterest: '38485.06546',
    });
  });

  it('refuses the recorded spot frames as not listed: the bbo of @162 and a spot context', () => {
    expect(refusal(lines('hyperliquid-bbo.ndjson')[0] ?? '')).toBe('$.data.coin: "@162" is a spot pair, not listed here');
    expect(refusal(lines('hyperliquid-activeSpotAssetCtx.ndjson')[0] ?? '')).toBe(
      '$.channel: activeSpotAssetCtx is a spot pair\u2019s context: spot pairs are not listed here',
    );
  });

  it('refuses a builder-deployed perpetual (dex:COIN) as not listed', () => {
    expect(refusal('{"channel":"trades","data":[{"coin":"xyz:TSLA","side":"B","px":"1","sz":"1","time":1,"tid":1}]}')).toBe(
      '$.data[0].coin: "xyz:TSLA" is a builder-deployed perpetual (HIP-3), not listed here',
    );
  });

  it('reads a bbo with a null side (docs WsBbo: `[WsLevel | null, WsLevel | null]`)', () => {
    expect(parsed('{"channel":"bbo","data":{"coin":"BTC","time":1786539643751,"bbo":[null,{"px":"64095.0","sz":"2.37411","n":13}]}}')).toEqual({
      kind: 'bbo',
      coin: 'BTC',
      time: 1786539643751,
      ask: { price: 64095, size: 2.37411 },
    });
  });

  it('reads the recorded acks by type and coin, l2Book\u2019s extra null fields left aside', () => {
    expect(lines('hyperliquid-subscriptionResponse.ndjson').map(parsed)).toEqual([
      { kind: 'ack', method: 'subscribe', subscription: { type: 'trades', coin: 'BTC' } },
      { kind: 'ack', method: 'subscribe', subscription: { type: 'l2Book', coin: 'BTC' } },
    ]);
  });

  it('reads the pong, an error in the venue\u2019s words, and leaves other channels aside', () => {
    expect(parsed('{"channel":"pong"}')).toEqual({ kind: 'pong' });
    expect(parsed('{"channel":"error","data":"Invalid subscription {\\"type\\":\\"trades\\",\\"coin\\":\\"NOPE\\"}"}')).toEqual({
      kind: 'error',
      message: 'Invalid subscription {"type":"trades","coin":"NOPE"}',
    });
    expect(parsed('{"channel":"allMids","data":{"mids":{"BTC":"64041.5"}}}')).toEqual({ kind: 'other' });
  });

  it("refuses text that is not JSON with JSON.parse's own reason, even where a tid was quoted", () => {
    const cut = '{"channel":"trades","data":[{"tid":12,';
    const reason = (() => {
      try {
        JSON.parse(cut);
        return '';
      } catch (error) {
        return (error as Error).message;
      }
    })();
    expect(refusal(cut)).toBe(reason);
  });
});
