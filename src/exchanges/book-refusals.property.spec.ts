import fc from 'fast-check';
import { pino } from 'pino';
import { asyncScheduler, defer, of, Subject } from 'rxjs';
import { describe, expect, it } from 'vitest';
import type { ExchangeId } from '../model/market-record.js';
import type { BookLevel } from '../model/order-book.js';
import { BINANCE_SPOT_DEPTH, type BinanceDepthMarket } from './binance/binance-book-plan.js';
import { binanceBookSync } from './binance/binance-book-sync.js';
import { BINANCE_USDM_DEPTH } from './binance-usdm/binance-usdm-book-plan.js';
import type { BookPlan } from './book-sync.js';
import type { BookUpdate } from './book-update.js';
import { frameDecoder } from './frame-decoder.js';
import { krakenBookChecksum } from './kraken/kraken-book-checksum.js';
import { protocolFor } from './protocol-registry.js';
import { venuePartsLookup } from './venue-parts-lookup.js';
import type { VenueBooks } from './venue-books.js';
import { venueEvents } from './venue-events.js';
import type { VenueItem, VenueOutput } from './venue-item.js';

/**
 * For every venue that keeps order books: a session of raw depth frames for two symbols, written by a
 * model of the venue (its true books evolve whatever we receive), one frame of the first symbol damaged
 * so that the decoder refuses it (a field of the wrong value, the frame cut short, or garbage that names
 * nothing), run through the real decoder, the protocol's refused-frame peek, `venueEvents` and the
 * plan's sync (Binance's REST snapshot answered by the model). With a socket (`live`), a resubscribe is
 * answered by a fresh snapshot; without one (normalize, replay), the book waits for the session's next.
 */

type Side = Map<number, number>;
interface Truth {
  bids: Side;
  asks: Side;
  /** Bybit `u`, Binance `u`: the id of the last change. */
  lastId: number;
}
interface Change {
  readonly bid: boolean;
  readonly ticks: number;
  /** 0 deletes. */
  readonly size: number;
}
type Op =
  | { readonly kind: 'delta'; readonly symbol: 0 | 1; readonly changes: readonly Change[] }
  | { readonly kind: 'snapshot'; readonly symbol: 0 | 1; readonly timestamp: boolean };
type Damage = 'field' | 'truncated' | 'garbage';

/** How one venue writes its depth frames, and how one is made unreadable while still naming its symbol. */
interface VenueModel {
  readonly exchange: ExchangeId;
  readonly symbols: readonly [string, string];
  /** Snapshots come on the socket (else over REST, on the sync's request: Binance). */
  readonly socketSnapshots: boolean;
  /**
   * A delta whose frame names nothing is caught by the book itself (ids, checksum); Coinbase numbers
   * messages per socket only (a skipped `sequence_num` reconnects a live feed), so without a socket such
   * a frame cannot be told from any other: garbage is tried on its snapshots only.
   */
  readonly garbageDeltas: boolean;
  snapshot(symbol: string, truth: Truth, n: number, timestamp: boolean): string;
  delta(symbol: string, changes: readonly Change[], truth: Truth, previousId: number, n: number): string;
  /** The same frame with one field the decoder refuses, its symbol still readable. */
  damaged(text: string): string;
  /** Where the frame has named its channel and symbol: a cut after it still tells the book. */
  namedBy(text: string, symbol: string): number;
  /** The REST snapshot of the true book (Binance). */
  readonly rest?: BinanceDepthMarket;
}

const T0 = 1_696_613_755_000;
const iso = (n: number): string => new Date(T0 + n).toISOString().replace('Z', '123Z');
const sorted = (side: Side, bid: boolean): [number, number][] => [...side].sort(([a], [b]) => (bid ? b - a : a - b));
const pairs = (side: Side, bid: boolean): string[][] => sorted(side, bid).map(([ticks, size]) => [String(ticks), String(size)]);
const changePairs = (changes: readonly Change[], bid: boolean): string[][] =>
  changes.filter((c) => c.bid === bid).map((c) => [String(c.ticks), String(c.size)]);
const setField = (text: string, path: readonly string[], value: unknown): string => {
  const json = JSON.parse(text) as Record<string, unknown>;
  let at = json;
  for (const key of path.slice(0, -1)) at = at[key] as Record<string, unknown>;
  at[path.at(-1) as string] = value;
  return JSON.stringify(json);
};
const after = (text: string, needle: string): number => {
  const at = text.indexOf(needle);
  if (at < 0) throw new Error(`${needle} not in ${text}`);
  return at + needle.length;
};

const bybit = (exchange: 'bybit' | 'bybit_linear'): VenueModel => ({
  exchange,
  symbols: ['BTCUSDT', 'ETHUSDT'],
  socketSnapshots: true,
  garbageDeltas: true,
  snapshot: (s, truth, n) =>
    JSON.stringify({
      topic: `orderbook.50.${s}`,
      type: 'snapshot',
      ts: T0 + n,
      data: { s, b: pairs(truth.bids, true), a: pairs(truth.asks, false), u: truth.lastId, seq: n },
      cts: T0 + n,
    }),
  delta: (s, changes, truth, _previous, n) =>
    JSON.stringify({
      topic: `orderbook.50.${s}`,
      type: 'delta',
      ts: T0 + n,
      data: { s, b: changePairs(changes, true), a: changePairs(changes, false), u: truth.lastId, seq: n },
      cts: T0 + n,
    }),
  damaged: (text) => setField(text, ['data', 'u'], 0),
  namedBy: (text, s) => after(text, `"topic":"orderbook.50.${s}"`),
});

const binance = (exchange: 'binance' | 'binance_usdm', rest: BinanceDepthMarket): VenueModel => ({
  exchange,
  symbols: ['BTCUSDT', 'ETHUSDT'],
  socketSnapshots: false,
  garbageDeltas: true,
  snapshot: () => {
    throw new Error('Binance snapshots come over REST');
  },
  delta: (s, changes, truth, previous, n) => {
    const data = { e: 'depthUpdate', E: T0 + n, ...(exchange === 'binance_usdm' ? { T: T0 + n } : {}), s, U: truth.lastId, u: truth.lastId };
    const chained = exchange === 'binance_usdm' ? { pu: previous } : {};
    return JSON.stringify({
      stream: `${s.toLowerCase()}@depth@100ms`,
      data: { ...data, ...chained, b: changePairs(changes, true), a: changePairs(changes, false) },
    });
  },
  damaged: (text) => {
    const u = (JSON.parse(text) as { data: { u: number } }).data.u;
    return setField(text, ['data', 'U'], u + 1);
  },
  namedBy: (text, s) => after(text, `"stream":"${s.toLowerCase()}@depth@100ms"`),
  rest,
});

let coinbaseSequence = 0;
const coinbaseLevels = (levels: readonly (readonly [boolean, number, number])[], n: number): string =>
  JSON.stringify(
    levels.map(([bid, ticks, size]) => ({ side: bid ? 'bid' : 'offer', event_time: iso(n), price_level: String(ticks), new_quantity: String(size) })),
  );
const coinbase: VenueModel = {
  exchange: 'coinbase',
  symbols: ['BTC-USD', 'ETH-USD'],
  socketSnapshots: true,
  garbageDeltas: false,
  snapshot: (s, truth, n) => {
    const levels = [...sorted(truth.bids, true).map(([t, z]) => [true, t, z] as const), ...sorted(truth.asks, false).map(([t, z]) => [false, t, z] as const)];
    return `{"channel":"l2_data","client_id":"","timestamp":"${iso(n)}","sequence_num":${coinbaseSequence++},"events":[{"type":"snapshot","product_id":"${s}","updates":${coinbaseLevels(levels, n)}}]}`;
  },
  delta: (s, changes, _truth, _previous, n) =>
    `{"channel":"l2_data","client_id":"","timestamp":"${iso(n)}","sequence_num":${coinbaseSequence++},"events":[{"type":"update","product_id":"${s}","updates":${coinbaseLevels(
      changes.map((c) => [c.bid, c.ticks, c.size] as const),
      n,
    )}}]}`,
  damaged: (text) => text.replace(/"type":"(snapshot|update)"/, '"type":"bogus"'),
  namedBy: (text, s) => after(text, `"product_id":"${s}"`),
};

/** Kraken writes its numbers padded (BTC/USD: 1 and 8 decimals), and the checksum over them. */
const krakenLevel = (ticks: number, size: number): string => `{"price":${ticks}.0,"qty":${size}.00000000}`;
const krakenChecksum = (truth: Truth): number => {
  const texts = (side: Side, bid: boolean) => sorted(side, bid).map(([t, z]) => ({ price: `${t}.0`, qty: `${z}.00000000` }));
  return krakenBookChecksum(texts(truth.asks, false), texts(truth.bids, true), { price: 1, qty: 8 });
};
const kraken: VenueModel = {
  exchange: 'kraken',
  symbols: ['BTC/USD', 'ETH/USD'],
  socketSnapshots: true,
  garbageDeltas: true,
  snapshot: (s, truth, n, timestamp) => {
    const side = (m: Side, bid: boolean) => sorted(m, bid).map(([t, z]) => krakenLevel(t, z));
    // Kraken's documented snapshot carries no `timestamp`: read with the receive time.
    const time = timestamp ? `,"timestamp":"${iso(n)}"` : '';
    return `{"channel":"book","type":"snapshot","data":[{"symbol":"${s}","bids":[${side(truth.bids, true).join(',')}],"asks":[${side(truth.asks, false).join(',')}],"checksum":${krakenChecksum(truth)}${time}}]}`;
  },
  delta: (s, changes, truth, _previous, n) => {
    const side = (bid: boolean) => changes.filter((c) => c.bid === bid).map((c) => krakenLevel(c.ticks, c.size));
    return `{"channel":"book","type":"update","data":[{"symbol":"${s}","bids":[${side(true).join(',')}],"asks":[${side(false).join(',')}],"checksum":${krakenChecksum(truth)},"timestamp":"${iso(n)}"}]}`;
  },
  damaged: (text) => text.replace(/"checksum":\d+/, '"checksum":"bad"'),
  namedBy: (text, s) => after(text, `"symbol":"${s}"`),
};

const VENUES: readonly VenueModel[] = [
  bybit('bybit'),
  bybit('bybit_linear'),
  binance('binance', BINANCE_SPOT_DEPTH),
  binance('binance_usdm', BINANCE_USDM_DEPTH),
  coinbase,
  kraken,
];

/** What one delivered frame did. */
interface Step {
  readonly symbol: string;
  /** `answer`: the venue's fresh snapshot after a resubscribe. */
  readonly kind: 'delta' | 'snapshot' | 'answer';
  readonly refused: boolean;
  readonly out: readonly VenueOutput[];
  /** Resubscribes asked for while the frame went through. */
  readonly asked: readonly string[];
  /** The true top of each symbol's book after the frame. */
  readonly truth: ReadonlyMap<string, { readonly bids: BookLevel[]; readonly asks: BookLevel[] }>;
}

function topOf(truth: Truth): { bids: BookLevel[]; asks: BookLevel[] } {
  const side = (m: Side, bid: boolean) => sorted(m, bid).map(([price, size]) => ({ price, size }));
  return { bids: side(truth.bids, true), asks: side(truth.asks, false) };
}

function applied(truth: Truth, changes: readonly Change[]): void {
  for (const { bid, ticks, size } of changes) {
    const side = bid ? truth.bids : truth.asks;
    if (size === 0) side.delete(ticks);
    else side.set(ticks, size);
  }
  truth.lastId += 1;
}

/** Runs a session through the decoder and the venue's book stages; `refusedAt` is the op whose frame is damaged. */
function session(
  model: VenueModel,
  start: readonly [readonly Change[], readonly Change[]],
  ops: readonly Op[],
  refusedAt: number,
  damage: Damage,
  cut: number,
  live: boolean,
): Step[] {
  const { exchange } = model;
  const protocol = protocolFor(exchange, model.rest === undefined ? undefined : { options: {} });
  const truths = new Map<string, Truth>(model.symbols.map((s, i) => [s, { bids: new Map(), asks: new Map(), lastId: 1000 * (i + 1) }]));
  model.symbols.forEach((s, i) => applied(truths.get(s) as Truth, start[i] ?? []));
  const asked: string[] = [];
  const plan = protocol.book as BookPlan<unknown>;
  const rest = model.rest;
  const sync: BookPlan<unknown>['sync'] =
    rest === undefined
      ? (context) => plan.sync(context)
      : (context) =>
          binanceBookSync({
            rule: rest.rule(exchange),
            scheduler: context.scheduler,
            snapshot: (symbol) =>
              defer(() => {
                const truth = truths.get(symbol) as Truth;
                const { bids, asks } = topOf(truth);
                const snapshot: BookUpdate = {
                  type: 'book_update',
                  symbol,
                  action: 'snapshot',
                  bids,
                  asks,
                  updateId: truth.lastId,
                  exchangeTs: T0,
                  receivedTs: T0,
                };
                return of(snapshot);
              }),
          });
  const partsOf = venuePartsLookup(exchange);
  const books: VenueBooks<unknown> = {
    plan: { ...plan, sync },
    env: 'prod',
    partsOf,
    context: { exchange, scheduler: asyncScheduler, logger: pino({ enabled: false }), resubscribe: (symbol) => asked.push(symbol) },
    connectionId: 'c1',
  };
  const decode = frameDecoder(protocol, { exchange, partsOf });
  const items = new Subject<readonly VenueItem[]>();
  const outputs: VenueOutput[] = [];
  items.pipe(venueEvents(protocol, books, { oneConnection: true })).subscribe((output) => outputs.push(output));
  const steps: Step[] = [];
  let n = 0;
  const deliver = (symbol: string, kind: Step['kind'], text: string, refused: boolean): void => {
    const from = outputs.length;
    const askedFrom = asked.length;
    n += 1;
    const decoded = decode(text, T0 + n, 'c1');
    // As the live feed and the replay do: the refusal, then the losses of the books it named.
    if (decoded.kind === 'invalid')
      items.next([{ type: 'invalid_frame', exchange, connectionId: 'c1', raw: text, error: decoded.error, receivedTs: T0 + n }, ...decoded.lost]);
    else if (decoded.kind === 'events') items.next([...decoded.events, ...decoded.books]);
    const truth = new Map([...truths].map(([s, t]) => [s, topOf(t)]));
    steps.push({ symbol, kind, refused, out: outputs.slice(from), asked: asked.slice(askedFrom), truth });
  };
  const snapshotOf = (s: string, timestamp: boolean) => model.snapshot(s, truths.get(s) as Truth, n, timestamp);
  ops.forEach((op, i) => {
    const symbol = model.symbols[op.symbol];
    const truth = truths.get(symbol) as Truth;
    let text: string;
    if (op.kind === 'snapshot') text = snapshotOf(symbol, op.timestamp);
    else {
      const previous = truth.lastId;
      applied(truth, op.changes);
      text = model.delta(symbol, op.changes, truth, previous, n);
    }
    const refused = i === refusedAt;
    if (refused) {
      if (damage === 'garbage') text = 'garbage: \u0000\u0001';
      else if (damage === 'field') text = model.damaged(text);
      else {
        const named = model.namedBy(text, symbol);
        text = text.slice(0, named + Math.floor(cut * (text.length - 1 - named)));
      }
    }
    deliver(symbol, op.kind, text, refused);
    // The venue answers a resubscribe with a fresh snapshot, before anything else of that topic.
    if (live) for (const s of new Set(steps.at(-1)?.asked ?? [])) deliver(s, 'answer', snapshotOf(s, true), false);
  });
  return steps;
}

const change: fc.Arbitrary<Change> = fc.oneof(
  fc.record({ bid: fc.constant(true), ticks: fc.integer({ min: 90, max: 97 }), size: fc.integer({ min: 0, max: 5 }) }),
  fc.record({ bid: fc.constant(false), ticks: fc.integer({ min: 101, max: 108 }), size: fc.integer({ min: 0, max: 5 }) }),
);
const startSide = (bid: boolean): fc.Arbitrary<Change[]> =>
  fc.array(
    fc.record({
      bid: fc.constant(bid),
      ticks: bid ? fc.integer({ min: 90, max: 97 }) : fc.integer({ min: 101, max: 108 }),
      size: fc.integer({ min: 1, max: 5 }),
    }),
    {
      minLength: 1,
      maxLength: 6,
    },
  );
const startBook: fc.Arbitrary<Change[]> = fc.tuple(startSide(true), startSide(false)).map(([b, a]) => [...b, ...a]);
const opOf = (snapshots: boolean): fc.Arbitrary<Op> =>
  fc.oneof(
    {
      weight: 8,
      arbitrary: fc.record({
        kind: fc.constant('delta' as const),
        symbol: fc.constantFrom(0 as const, 1 as const),
        changes: fc.array(change, { minLength: 1, maxLength: 3 }),
      }),
    },
    {
      weight: snapshots ? 1 : 0,
      arbitrary: fc.record({ kind: fc.constant('snapshot' as const), symbol: fc.constantFrom(0 as const, 1 as const), timestamp: fc.boolean() }),
    },
  );

const isResyncOf = (symbol: string) => (o: VenueOutput) => o.type === 'feed_status' && o.state === 'book_resync' && o.symbol === symbol;
const isViewOf = (symbol: string) => (o: VenueOutput) => o.type === 'order_book' && o.symbol === symbol;

describe.each(VENUES.map((model) => [model.exchange, model] as const))('%s: a refused depth frame', (_exchange, model) => {
  it('resyncs its book at once and says so (book_resync), never leaves an update of it dropped unsaid, never publishes a wrong book, and recovers', () => {
    fc.assert(
      fc.property(
        fc.tuple(startBook, startBook),
        fc.array(opOf(model.socketSnapshots), { minLength: 1, maxLength: 30 }),
        fc.nat(),
        fc.constantFrom<Damage>('field', 'truncated', 'garbage'),
        fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }),
        fc.boolean(),
        (start, rest, pick, damage, cut, live) => {
          // The session opens with each book's snapshot (on the socket), which may be the refused frame too.
          const opening: readonly Op[] = model.socketSnapshots
            ? [
                { kind: 'snapshot', symbol: 0, timestamp: false },
                { kind: 'snapshot', symbol: 1, timestamp: true },
              ]
            : [];
          const all = [...opening, ...rest];
          const mine = all.flatMap((op, i) => (op.symbol === 0 && (damage !== 'garbage' || op.kind === 'snapshot' || model.garbageDeltas) ? [i] : []));
          fc.pre(mine.length > 0);
          const refusedAt = mine[pick % mine.length] as number;
          const [a, b] = model.symbols;
          const steps = session(model, start, all, refusedAt, damage, cut, live && model.socketSnapshots);
          const refused = steps.findIndex((step) => step.refused);
          expect(steps[refused]?.out.filter((o) => o.type === 'invalid_frame')).toHaveLength(1);

          // Every published book is the venue's true book: none is built on a book that lost a frame.
          for (const step of steps)
            for (const o of step.out)
              if (o.type === 'order_book') expect({ symbol: o.symbol, bids: o.bids, asks: o.asks }).toEqual({ symbol: o.symbol, ...step.truth.get(o.symbol) });

          // The other book never notices.
          expect(steps.flatMap((step) => step.out.filter(isResyncOf(b)))).toEqual([]);

          // At once: the refusal of a frame that names its book resyncs it with the refusal, and a live socket resubscribes.
          const liveBefore = (() => {
            for (let i = refused - 1; i >= 0; i--) {
              const out = steps[i]?.out ?? [];
              if (out.some(isResyncOf(a))) return false;
              if (out.some(isViewOf(a))) return true;
            }
            return false;
          })();
          if (damage !== 'garbage' && (model.socketSnapshots || liveBefore)) {
            const reasons = (steps[refused]?.out ?? []).flatMap((o) => (isResyncOf(a)(o) && o.type === 'feed_status' ? [o.reason] : []));
            expect(reasons).toHaveLength(1);
            expect(reasons[0]).toMatch(/^refused: /);
            if (model.socketSnapshots) expect(steps[refused]?.asked).toEqual([a]);
          }

          // Never silently: a frame of the book read and not published comes after a book_resync more recent than its last view.
          let lastView = -1;
          let lastResync = -1;
          steps.forEach((step, i) => {
            if (step.out.some(isResyncOf(a))) lastResync = i;
            const viewed = step.out.some(isViewOf(a));
            if (step.symbol === a && !step.refused && !viewed) expect({ step: i, saidDown: lastResync > lastView }).toEqual({ step: i, saidDown: true });
            if (viewed) lastView = i;
          });

          // Recovery: the next snapshot of the book (a resubscribe's answer, the input's next one, Binance's next delta) publishes it again, and it stays up.
          const next = steps.findIndex((step, i) => i > refused && step.symbol === a && (model.socketSnapshots ? step.kind !== 'delta' : true));
          if (next >= 0) for (const step of steps.slice(next)) if (step.symbol === a) expect(step.out.some(isViewOf(a))).toBe(true);
        },
      ),
      { numRuns: 250 },
    );
  });
});
