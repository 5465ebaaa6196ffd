import type { WebSocket } from 'ws';
import { describe, expect, it } from 'vitest';
import { FakeSocket } from '../../perpetual/__fixtures__/perpetual-test-venue.js';
import { DERIBIT_OPTIONS_WS_PATH } from '../deribit/sim-deribit-venue.js';
import { dataOf, okxOptionsTestVenue } from './__fixtures__/okx-options-test-venue.js';

type DeribitTicker = {
  instrument_name: string;
  timestamp: number;
  mark_iv: number;
  underlying_price: number;
  mark_price: number;
  best_bid_price: number;
  best_ask_price: number;
};

const MONTHS = 'JANFEBMARAPRMAYJUNJULAUGSEPOCTNOVDEC';

/** Deribit's name of an option as OKX names it: `BTC-10AUG26-62000-C` -> `BTC-USD-260810-62000-C`. */
function okxNameOf(deribit: string): string {
  const [coin = '', date = '', strike = '', type = ''] = deribit.split('-');
  const m = /^(\d{1,2})([A-Z]{3})(\d{2})$/.exec(date) as RegExpExecArray;
  const month = String(MONTHS.indexOf(m[2] ?? '') / 3 + 1).padStart(2, '0');
  return `${coin}-USD-${m[3] ?? ''}${month}${(m[1] ?? '').padStart(2, '0')}-${strike}-${type}`;
}

describe('one option, two venues: deribit_options and okx_options quote it off one forward and one smile', () => {
  it.each([[['deribit_options', 'okx_options']], [['deribit', 'deribit_options', 'okx_options']]] as const)(
    '%j: the same mark volatility, forward and mark at the same moment for every option both list; each venue its own spread',
    (served) => {
      const { venues, connect, run } = okxOptionsTestVenue(served);
      const deribit = venues.get('deribit_options');
      const names = (deribit?.config.market.symbols ?? []).filter((s, n) => /^(BTC|ETH)-/.test(s) && n % 3 === 0).slice(0, 250);
      const socket = new FakeSocket();
      deribit?.attach(socket as unknown as WebSocket, new URL(DERIBIT_OPTIONS_WS_PATH, 'ws://127.0.0.1'), 'deribit-1');
      socket.emit(
        'message',
        Buffer.from(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'public/subscribe', params: { channels: names.map((n) => `ticker.${n}.100ms`) } })),
      );
      const okx = connect();
      okx.send({ op: 'subscribe', args: ['BTC-USD', 'ETH-USD'].map((instFamily) => ({ channel: 'opt-summary', instFamily })) });
      okx.send({ op: 'subscribe', args: names.map((n) => ({ channel: 'tickers', instId: okxNameOf(n) })) });
      run(3_000);
      const frames = okx.take();
      const summaries = frames.filter((f) => (f['arg'] as Record<string, string>)['channel'] === 'opt-summary' && 'data' in f);
      const at = Math.max(...summaries.map((f) => Number(dataOf(f)[0]?.['ts'])));
      const summary = new Map(summaries.filter((f) => Number(dataOf(f)[0]?.['ts']) === at).flatMap((f) => dataOf(f).map((e) => [e['instId'], e] as const)));
      const tickers = new Map(
        frames
          .filter((f) => (f['arg'] as Record<string, string>)['channel'] === 'tickers' && 'data' in f)
          .map((f) => [dataOf(f)[0]?.['instId'], dataOf(f)[0]] as const),
      );
      const latest = new Map<string, DeribitTicker>();
      for (const text of socket.sent) {
        const frame = JSON.parse(text) as { params?: { data?: DeribitTicker } };
        if (frame.params?.data?.instrument_name !== undefined) latest.set(frame.params.data.instrument_name, frame.params.data);
      }
      let compared = 0;
      let spreadsApart = 0;
      for (const name of names) {
        const d = latest.get(name);
        const o = summary.get(okxNameOf(name));
        const quote = tickers.get(okxNameOf(name));
        expect([name, d?.timestamp, o?.['ts']]).toEqual([name, at, String(at)]);
        // Deribit writes 2 decimals of a percent, OKX 10 of a fraction: the same volatility and forward.
        expect(Math.abs((d?.mark_iv ?? 0) / 100 - Number(o?.['markVol'])), name).toBeLessThanOrEqual(0.00005 + 1e-12);
        expect(Math.abs((d?.underlying_price ?? 0) - Number(o?.['fwdPx'])), name).toBeLessThanOrEqual(0.005 + 1e-9);
        // The mark in the coin: Deribit's, 8 decimals (0.000001 at least), and OKX's through its delta.
        const okxMark = Number(o?.['deltaBS']) - Number(o?.['delta']);
        expect(Math.abs(Math.max(0.000001, okxMark) - (d?.mark_price ?? 0)), name).toBeLessThan(2e-8);
        compared += 1;
        if (quote?.['askPx'] !== String(d?.best_ask_price) || quote['bidPx'] !== (d?.best_bid_price === 0 ? '' : String(d?.best_bid_price))) spreadsApart += 1;
      }
      expect(compared).toBe(names.length);
      expect(compared).toBeGreaterThan(200);
      expect(spreadsApart).toBeGreaterThan(compared / 2);
    },
  );
});
