import { describe, expect, it } from 'vitest';
import { shape } from '../../__fixtures__/json-shape.js';
import { restRouter } from '../../rest-router.js';
import { SIM_VENUES } from '../../sim-venues.js';
import { documented, okxTestVenue, recorded, START_TS } from '../okx/__fixtures__/okx-test-venue.js';
import type { OkxRest } from '../okx/okx-rest.js';

const PUBLIC = '/okx-swap/ws/v5/public';
const BUSINESS = '/okx-swap/ws/v5/business';
type Frame = Record<string, unknown> & { arg?: { channel?: string; instId?: string; instType?: string }; data?: Record<string, unknown>[] };

/** `a × b` of two decimal strings, written with `decimals` decimals (no binary rounding on the way). */
function times(a: string, b: string, decimals: number): string {
  const scale = (text: string) => {
    const [whole = '0', fraction = ''] = text.split('.');
    return { units: BigInt(`${whole}${fraction}`), decimals: fraction.length };
  };
  const x = scale(a);
  const y = scale(b);
  const product = (x.units * y.units).toString().padStart(x.decimals + y.decimals + 1, '0');
  const shift = x.decimals + y.decimals;
  return Number(`${product.slice(0, product.length - shift)}.${product.slice(product.length - shift)}`).toFixed(decimals);
}

/** 10 s of BTC-USDT-SWAP with a 6 % fall (so that liquidations happen), every channel subscribed, the client pinging. */
function swapFrames() {
  const venue = okxTestVenue('okx_swap');
  const publicClient = venue.connect(PUBLIC);
  const businessClient = venue.connect(BUSINESS);
  const perInstrument = ['trades', 'tickers', 'bbo-tbt', 'books', 'funding-rate', 'mark-price', 'open-interest'];
  publicClient.send({
    op: 'subscribe',
    args: [
      ...perInstrument.map((channel) => ({ channel, instId: 'BTC-USDT-SWAP' })),
      { channel: 'index-tickers', instId: 'BTC-USDT' },
      { channel: 'liquidation-orders', instType: 'SWAP' },
    ],
  });
  businessClient.send({ op: 'subscribe', args: [{ channel: 'trades-all', instId: 'BTC-USDT-SWAP' }] });
  venue.control.movePrice('okx_swap', { pct: -6, durationMs: 8_000, buyRatio: 0.2 }, 'BTC-USDT-SWAP');
  for (let s = 0; s < 10; s++) {
    venue.run(1_000);
    publicClient.send('ping');
    businessClient.send('ping');
  }
  const rest = venue.venue.config.restApi as OkxRest;
  const instrument = (JSON.parse(rest.answer('GET', '/api/v5/public/instruments?instType=SWAP').text) as { data: Record<string, string>[] }).data[0] ?? {};
  const of = (frames: Frame[], channel: string) => frames.filter((f) => f.arg?.channel === channel && 'data' in f);
  return { ...venue, publicFrames: publicClient.json() as Frame[], businessFrames: businessClient.json() as Frame[], instrument, of };
}

describe('OKX swaps: sizes in contracts of ctVal base', () => {
  const { publicFrames, businessFrames, control, instrument, of } = swapFrames();
  const ctVal = String(instrument['ctVal']);

  it('lists BTC-USDT-SWAP as a linear contract of 0.01 BTC (as recorded), traded in hundredths of a contract', () => {
    expect(instrument).toMatchObject({
      instId: 'BTC-USDT-SWAP',
      instType: 'SWAP',
      ctType: 'linear',
      ctVal: '0.01',
      ctValCcy: 'BTC',
      settleCcy: 'USDT',
      lotSz: '0.01',
      instFamily: 'BTC-USDT',
      uly: 'BTC-USDT',
    });
  });

  it('trades-all: each sz times ctVal is the tape quantity in BTC; ids run on by one', () => {
    const fills = of(businessFrames, 'trades-all').map((f) => f.data?.[0] as { tradeId: string; sz: string });
    expect(fills.length).toBeGreaterThan(150);
    const tape = new Map(control.madeTrades('okx_swap', 'BTC-USDT-SWAP').map((t) => [String(t.tradeId), t.quantity]));
    for (const fill of fills) expect(Number(times(fill.sz, ctVal, 4)), fill.tradeId).toBe(tape.get(fill.tradeId));
    const ids = fills.map((f) => Number(f.tradeId));
    expect(ids.every((id, n) => n === 0 || id === (ids[n - 1] ?? 0) + 1)).toBe(true);
  });

  it('trades, tickers, bbo-tbt: the recorded swap shapes; tickers vol24h times ctVal is volCcy24h', () => {
    const trades = of(publicFrames, 'trades');
    expect(trades.length).toBeGreaterThan(100);
    for (const frame of trades) expect(shape(frame)).toEqual(shape(recorded('okx-swap-trades.ndjson')[1]));
    const tickers = of(publicFrames, 'tickers');
    expect(tickers.length).toBeGreaterThan(20);
    for (const frame of tickers) {
      expect(shape(frame)).toEqual(shape(recorded('okx-swap-tickers.ndjson')[2]));
      const data = frame.data?.[0] as { vol24h: string; volCcy24h: string };
      expect(times(data.vol24h, ctVal, 4)).toBe(Number(data.volCcy24h).toFixed(4));
    }
    const bbo = of(publicFrames, 'bbo-tbt');
    for (const frame of bbo) expect(shape(frame)).toEqual(shape(documented('bbo-tbt')));
  });

  it('open-interest: oi contracts, oiCcy BTC (oi times ctVal), oiUsd at the mark, in the documented shape, at 3 s boundaries', () => {
    const frames = of(publicFrames, 'open-interest');
    expect(frames.length).toBeGreaterThanOrEqual(3);
    for (const frame of frames) {
      expect(shape(frame)).toEqual(shape(documented('open-interest')));
      const data = frame.data?.[0] as { oi: string; oiCcy: string; ts: string };
      expect(times(data.oi, ctVal, 4)).toBe(Number(data.oiCcy).toFixed(4));
    }
    // The first at subscribe, then every 3 s.
    expect(frames.slice(1).map((f) => (Number(f.data?.[0]?.['ts']) - START_TS) % 3_000)).toEqual(frames.slice(1).map(() => 0));
  });

  it('liquidation-orders: at most one push per contract per second, each the latest of its window and logged as published; sz in contracts', () => {
    const all = of(publicFrames, 'liquidation-orders');
    for (const frame of all) expect(shape(frame)).toEqual(shape(recorded('okx-swap-liquidation-orders.ndjson')[0]));
    expect(new Set(all.map((f) => f.arg?.instType))).toEqual(new Set(['SWAP']));
    const pushes = all.filter((f) => f.data?.[0]?.['instId'] === 'BTC-USDT-SWAP');
    expect(pushes.length).toBeGreaterThan(2);
    expect(pushes.length).toBeLessThanOrEqual(10);
    const made = control.liquidations('okx_swap', 'BTC-USDT-SWAP');
    const published = made.filter((l) => l.published === true);
    expect(made.length).toBeGreaterThan(published.length);
    expect(published).toHaveLength(pushes.length);
    // Each window's liquidations are logged unpublished but its last: the log reads (unpublished* published)*, the open window last.
    expect(made.map((l) => (l.published === undefined ? 'o' : l.published ? 'p' : 'u')).join('')).toMatch(/^(u*p)*o*$/);
    for (const [n, frame] of pushes.entries()) {
      const detail = (frame.data?.[0]?.['details'] as Record<string, string>[])[0] ?? {};
      const liquidation = published[n];
      expect(liquidation?.sentTo).toHaveLength(1);
      expect({ side: detail['side'], posSide: detail['posSide'], ts: Number(detail['ts']), base: Number(times(detail['sz'] ?? '0', ctVal, 4)) }).toEqual({
        side: liquidation?.position === 'long' ? 'sell' : 'buy',
        posSide: liquidation?.position,
        ts: liquidation?.ts,
        base: liquidation?.quantity,
      });
    }
    // A fall closes longs, mostly: their liquidation orders sell.
    const sells = pushes.filter((f) => (f.data?.[0]?.['details'] as { side: string }[])[0]?.side === 'sell');
    expect(sells.length).toBeGreaterThan(pushes.length / 2);
  });
});

describe('OKX swaps: the derivative channels', () => {
  const { publicFrames, of } = swapFrames();

  it('funding-rate: the 2026 recorded layout; fundingTime the coming 8-hour boundary, next and previous 8 hours either side; at subscribe, then every 30 s', () => {
    const frames = of(publicFrames, 'funding-rate');
    expect(frames).toHaveLength(1);
    expect(shape(frames[0])).toEqual(shape({ ...recorded('okx-swap-funding-rate.ndjson')[0], arg: { channel: 'funding-rate', instId: 'BTC-USDT-SWAP' } }));
    // START_TS is 2026-08-09T21:26:57.583Z.
    expect(frames[0]?.data?.[0]).toMatchObject({
      fundingTime: String(Date.UTC(2026, 7, 10, 0)),
      nextFundingTime: String(Date.UTC(2026, 7, 10, 8)),
      prevFundingTime: String(Date.UTC(2026, 7, 9, 16)),
      maxFundingRate: '0.00375',
      minFundingRate: '-0.00375',
      instType: 'SWAP',
    });
    const venue = okxTestVenue('okx_swap', { venueOptions: { okx_swap: { idleCloseMs: 0 } } });
    const client = venue.connect(PUBLIC);
    client.send({ op: 'subscribe', args: [{ channel: 'funding-rate', instId: 'ETH-USDT-SWAP' }] });
    venue.run(65_000);
    expect(client.json().filter((f) => 'data' in f)).toHaveLength(3);
  });

  it('mark-price at 200 ms boundaries when it moved; index-tickers named by the index; both in the recorded shapes', () => {
    const marks = of(publicFrames, 'mark-price');
    expect(marks.length).toBeGreaterThan(20);
    for (const frame of marks) expect(shape(frame)).toEqual(shape(recorded('okx-swap-mark-price.ndjson')[0]));
    expect(marks.slice(1).every((f) => (Number(f.data?.[0]?.['ts']) - START_TS) % 200 === 0)).toBe(true);
    const prices = marks.map((f) => f.data?.[0]?.['markPx']);
    expect(prices.slice(1).every((p, n) => p !== prices[n])).toBe(true);
    const index = of(publicFrames, 'index-tickers');
    expect(index.length).toBeGreaterThan(20);
    for (const frame of index) {
      expect(shape(frame)).toEqual(shape(recorded('okx-swap-index-tickers.ndjson')[1]));
      expect([frame.arg?.instId, frame.data?.[0]?.['instId']]).toEqual(['BTC-USDT', 'BTC-USDT']);
    }
  });

  it('refuses with 60018 an index asked by its swap, liquidations by instrument or of another type, swaps on the spot paths', () => {
    const venue = okxTestVenue('okx_swap');
    const client = venue.connect(PUBLIC);
    client.send({
      op: 'subscribe',
      args: [
        { channel: 'index-tickers', instId: 'BTC-USDT-SWAP' },
        { channel: 'liquidation-orders', instId: 'BTC-USDT-SWAP' },
        { channel: 'liquidation-orders', instType: 'FUTURES' },
        { channel: 'books', instId: 'BTC-USDT' },
        { channel: 'liquidation-orders', instType: 'SWAP' },
      ],
    });
    const answers = client.take();
    expect(answers.map((f) => f['code'] ?? f['event'])).toEqual(['60018', '60018', '60018', '60018', 'subscribe']);
    expect(answers[1]?.['msg']).toMatch(/^Wrong URL or channel:liquidation-orders,instId:BTC-USDT-SWAP doesn't exist\./);
    expect(answers[4]).toMatchObject({ arg: { channel: 'liquidation-orders', instType: 'SWAP' } });
  });
});

describe('OKX swaps beside spot', () => {
  it("answers its REST on spot's paths when both are served: instType=SWAP and -SWAP instruments reach the swaps", () => {
    const spot = okxTestVenue('okx');
    const swap = okxTestVenue('okx_swap');
    const apis = { okx: spot.venue.config.restApi, okx_swap: swap.venue.config.restApi };
    const route = restRouter(
      (['okx', 'okx_swap'] as const).map((id) => ({ routes: SIM_VENUES[id].restRoutes, api: apis[id] ?? spot.venue.config.restApi ?? ({} as never) })),
    );
    expect(route('/api/v5/public/instruments?instType=SWAP')).toBe(apis.okx_swap);
    expect(route('/api/v5/market/history-trades?instId=BTC-USDT-SWAP&after=5')).toBe(apis.okx_swap);
    expect(route('/api/v5/market/tickers?instType=SPOT')).toBe(apis.okx);
    expect(route('/api/v5/market/history-trades?instId=BTC-USDT')).toBe(apis.okx);
  });
});
