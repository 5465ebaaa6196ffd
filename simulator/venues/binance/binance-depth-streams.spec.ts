import { describe, expect, it } from 'vitest';
import { BinanceDepthRest } from './binance-depth-rest.js';
import { BinanceDepthStreams } from './binance-depth-streams.js';
import type { BookMessage } from '../../book-channels.js';
import { SimulatedBooks } from '../../simulated-books.js';
import { SimulatedMarket } from '../../simulated-market.js';

/** The documented examples (binance-spot-api-docs web-socket-streams.md "Diff. Depth Stream", rest-api.md "Order book"). */
const DOC_DEPTH_UPDATE = { e: 'depthUpdate', E: 1672515782136, s: 'BNBBTC', U: 157, u: 160, b: [['0.0024', '10']], a: [['0.0026', '100']] };
const DOC_REST_DEPTH = { lastUpdateId: 1027024, bids: [['4.00000000', '431.00000000']], asks: [['4.00000200', '12.00000000']] };

interface DepthUpdate {
  readonly e: string;
  readonly s: string;
  readonly U: number;
  readonly u: number;
  readonly b: readonly (readonly [string, string])[];
  readonly a: readonly (readonly [string, string])[];
}
interface RestDepth {
  readonly lastUpdateId: number;
  readonly bids: readonly (readonly [string, string])[];
  readonly asks: readonly (readonly [string, string])[];
}

function venue(seed = 2) {
  const market = new SimulatedMarket({
    symbols: [
      { symbol: 'BTCUSDT', coin: 'BTC' },
      { symbol: 'ETHUSDT', coin: 'ETH' },
    ],
    seed,
    idStep: 'consecutive',
  });
  const books = new SimulatedBooks({ market, seed, depth: 1000 });
  const streams = new BinanceDepthStreams({ books });
  let now = 1_700_000_000_000;
  const rest = new BinanceDepthRest({ books, clock: () => now });
  const run = (steps: number, subscribed: (topic: string) => boolean = () => true): DepthUpdate[] => {
    const out: BookMessage[] = [];
    for (let n = 0; n < steps; n += 1) {
      now += 20;
      for (const symbol of market.symbols) market.nextTrade(symbol, now);
      out.push(...streams.tick(20, now, subscribed));
    }
    return out.filter((m) => m.topic === 'btcusdt@depth@100ms').map((m) => m.payload as unknown as DepthUpdate);
  };
  const snapshot = (limit: number): RestDepth => rest.answer('GET', `/api/v3/depth?symbol=BTCUSDT&limit=${limit}`).body as RestDepth;
  return { streams, rest, run, snapshot };
}

/**
 * A local book kept by Binance's documented procedure (2025 text): drop events with `u` <= the
 * snapshot's `lastUpdateId`, the first kept one must hold `lastUpdateId` in `[U; u]`, each next
 * `U` must be the previous `u` + 1; quantities are absolute, 0 removes. Throws on a gap.
 */
class LocalBook {
  readonly bids = new Map<string, string>();
  readonly asks = new Map<string, string>();
  updateId: number;

  constructor(snapshot: RestDepth) {
    for (const [p, q] of snapshot.bids) this.bids.set(p, q);
    for (const [p, q] of snapshot.asks) this.asks.set(p, q);
    this.updateId = snapshot.lastUpdateId;
  }

  apply(event: DepthUpdate): void {
    if (event.u <= this.updateId) return;
    if (event.U > this.updateId + 1) throw new Error(`gap: local ${this.updateId}, event U ${event.U}`);
    for (const [side, levels] of [
      [this.bids, event.b],
      [this.asks, event.a],
    ] as const) {
      for (const [p, q] of levels) {
        if (Number(q) === 0) side.delete(p);
        else side.set(p, q);
      }
    }
    this.updateId = event.u;
  }

  top(levels: number): { bids: string[][]; asks: string[][] } {
    const sorted = (side: Map<string, string>, direction: number) => [...side].sort(([x], [y]) => (Number(x) - Number(y)) * direction).slice(0, levels);
    return { bids: sorted(this.bids, -1), asks: sorted(this.asks, 1) };
  }
}

describe('BinanceDepthStreams and the REST snapshot', () => {
  it('writes depthUpdate events and REST snapshots with the documented keys and value types', () => {
    const { run, snapshot } = venue();
    const event = run(10)[0];
    expect(Object.keys(event ?? {})).toEqual(Object.keys(DOC_DEPTH_UPDATE));
    expect(event).toMatchObject({
      e: 'depthUpdate',
      E: expect.any(Number) as unknown,
      s: 'BTCUSDT',
      U: expect.any(Number) as unknown,
      u: expect.any(Number) as unknown,
    });
    const rest = snapshot(5);
    expect(Object.keys(rest)).toEqual(Object.keys(DOC_REST_DEPTH));
    const decimal8 = expect.stringMatching(/^\d+\.\d{8}$/) as unknown;
    for (const level of [...rest.bids, ...rest.asks, ...(event?.b ?? []), ...(event?.a ?? [])]) expect(level).toEqual([decimal8, decimal8]);
    expect(rest.bids).toHaveLength(5);
    expect(Number(rest.bids[0]?.[0])).toBeLessThan(Number(rest.asks[0]?.[0]));
  });

  it('counts U on from the previous u + 1 and leaves the snapshot id inside the stream sequence', () => {
    const { run, snapshot } = venue();
    const before = run(30);
    const rest = snapshot(1000);
    const after = run(30);
    const events = [...before, ...after];
    for (let n = 1; n < events.length; n += 1) expect(events[n]?.U).toBe((events[n - 1]?.u ?? 0) + 1);
    const firstAfter = after.find((e) => e.u > rest.lastUpdateId);
    expect(firstAfter?.U).toBeLessThanOrEqual(rest.lastUpdateId + 1);
    expect(before.at(-1)?.u).toBeLessThanOrEqual(rest.lastUpdateId);
  });

  it("a book built by the documented procedure from a snapshot taken mid-stream equals the simulator's book after every event", () => {
    const { streams, run, snapshot } = venue();
    run(12);
    const local = new LocalBook(snapshot(5000));
    for (let round = 0; round < 30; round += 1) {
      for (const event of run(5)) local.apply(event);
      const view = streams.view('BTCUSDT', 'depth@100ms', 1000);
      expect(local.updateId).toBe(view?.updateId);
      expect(local.top(1000)).toEqual({ bids: view?.bids, asks: view?.asks });
    }
  });

  it('pushes depth@100ms every 100 ms and depth every second, and nothing to a stream nobody holds', () => {
    const { streams } = venue();
    const counts = new Map<string, number>();
    for (let n = 0; n < 100; n += 1)
      for (const m of streams.tick(20, n * 20, (t) => t.startsWith('btcusdt'))) counts.set(m.topic, (counts.get(m.topic) ?? 0) + 1);
    expect(Object.fromEntries(counts)).toEqual({ 'btcusdt@depth@100ms': 20, 'btcusdt@depth': 2 });
  });

  it('drop: the next event of the symbol is not sent, so the following one starts past local u + 1', () => {
    const { streams, run, snapshot } = venue();
    run(6);
    const local = new LocalBook(snapshot(1000));
    for (const event of run(10)) local.apply(event);
    expect(streams.arm('drop', 'BTCUSDT')).toBe(true);
    expect(streams.arm('restart', 'BTCUSDT')).toBe(false);
    expect(() => run(10).forEach((e) => local.apply(e))).toThrow(/^gap/);
  });

  it('cross: one event puts a bid above the best ask and the next one removes it', () => {
    const { streams, run } = venue();
    run(6);
    streams.arm('cross', 'BTCUSDT');
    const [crossed, next] = run(10);
    const phantom = crossed?.b.at(-1);
    const bestAsk = Math.min(
      ...(crossed?.a ?? []).filter(([, q]) => Number(q) > 0).map(([p]) => Number(p)),
      Number(streams.view('BTCUSDT', 'depth@100ms', 1)?.asks[0]?.[0]),
    );
    expect(Number(phantom?.[0])).toBeGreaterThan(bestAsk);
    expect(next?.b).toContainEqual([phantom?.[0], '0.00000000']);
    expect(next?.U).toBe((crossed?.u ?? 0) + 1);
  });
});
