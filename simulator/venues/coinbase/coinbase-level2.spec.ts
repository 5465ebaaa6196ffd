import { describe, expect, it } from 'vitest';
import type { BookMessage } from '../../book-channels.js';
import { SimulatedBooks } from '../../simulated-books.js';
import { SimulatedMarket } from '../../simulated-market.js';
import { CoinbaseLevel2 } from './coinbase-level2.js';

interface Row {
  readonly side: 'bid' | 'offer';
  readonly event_time: string;
  readonly price_level: string;
  readonly new_quantity: string;
}
interface Level2Event {
  readonly type: 'snapshot' | 'update';
  readonly product_id: string;
  readonly updates: readonly Row[];
}

const TOPIC = 'level2:BTC-USD';

/** A one-product market whose price moves every step, its books and the level2 channel; `dropped` lists what `drop` lost. */
function channel(depth = 60) {
  const market = new SimulatedMarket({ symbols: [{ symbol: 'BTC-USD', coin: 'BTC', quote: 'USD', sizeDecimals: 8 }], seed: 3, idStep: 'consecutive' });
  const dropped: string[] = [];
  const level2 = new CoinbaseLevel2({ books: new SimulatedBooks({ market, seed: 3, depth }), onDropped: (topic) => dropped.push(topic) });
  let now = 1_786_309_548_000;
  const run = (steps: number, subscribed: (topic: string) => boolean = () => true): BookMessage[] => {
    const out: BookMessage[] = [];
    for (let n = 0; n < steps; n += 1) {
      now += 20;
      market.nextTrade('BTC-USD', now);
      out.push(...level2.tick(20, now, subscribed));
    }
    return out;
  };
  return { level2, run, dropped, now: () => now };
}

const event = (message: BookMessage | undefined): Level2Event =>
  (message?.payload['events'] as Level2Event[] | undefined)?.[0] ?? { type: 'update', product_id: '', updates: [] };

/** A client's book: a snapshot replaces it, an update sets absolute sizes ("0" deletes). */
function clientBook() {
  const sides = { bid: new Map<string, string>(), offer: new Map<string, string>() };
  const apply = (e: Level2Event): void => {
    if (e.type === 'snapshot') for (const side of Object.values(sides)) side.clear();
    for (const row of e.updates) {
      if (row.new_quantity === '0') sides[row.side].delete(row.price_level);
      else sides[row.side].set(row.price_level, row.new_quantity);
    }
  };
  const top = (side: 'bid' | 'offer', levels: number): [string, string][] =>
    [...sides[side]].sort(([a], [b]) => (side === 'bid' ? Number(b) - Number(a) : Number(a) - Number(b))).slice(0, levels);
  return { apply, top, sides };
}

describe('CoinbaseLevel2', () => {
  it('snapshots the whole book on subscribe: bids best first, then offers best first, one event time', () => {
    const { level2 } = channel(60);
    const [message] = level2.onSubscribe(TOPIC, 1_786_309_548_000);
    const snapshot = event(message);
    expect(message?.topic).toBe(TOPIC);
    expect(snapshot).toMatchObject({ type: 'snapshot', product_id: 'BTC-USD' });
    const bids = snapshot.updates.filter((r) => r.side === 'bid').map((r) => Number(r.price_level));
    const offers = snapshot.updates.filter((r) => r.side === 'offer').map((r) => Number(r.price_level));
    expect([bids.length, offers.length]).toEqual([60, 60]);
    expect(snapshot.updates.map((r) => r.side)).toEqual([...bids.map(() => 'bid'), ...offers.map(() => 'offer')]);
    expect(bids).toEqual([...bids].sort((a, b) => b - a));
    expect(offers).toEqual([...offers].sort((a, b) => a - b));
    expect((bids[0] as number) < (offers[0] as number)).toBe(true);
    expect(new Set(snapshot.updates.map((r) => r.event_time)).size).toBe(1);
    for (const row of snapshot.updates)
      expect([row.price_level, row.new_quantity]).toEqual([expect.stringMatching(/^\d+(\.\d*[1-9])?$/), expect.stringMatching(/^\d+(\.\d*[1-9])?$/)]);
  });

  it('sends the changed levels of each step, bids then offers, so that a client holds exactly the simulated book', () => {
    const { level2, run } = channel(60);
    const client = clientBook();
    client.apply(event(level2.onSubscribe(TOPIC, 1_786_309_548_000)[0]));
    const updates = run(300).map(event);
    expect(updates.length).toBeGreaterThan(200);
    let deletes = 0;
    for (const update of updates) {
      expect(update.type).toBe('update');
      const sides = update.updates.map((r) => r.side);
      expect(sides).toEqual([...sides].sort());
      expect(new Set(update.updates.map((r) => r.event_time)).size).toBe(1);
      deletes += update.updates.filter((r) => r.new_quantity === '0').length;
      client.apply(update);
    }
    expect(deletes).toBeGreaterThan(0);
    const view = level2.view('BTC-USD', 'level2', 1000);
    expect(client.top('bid', 1000)).toEqual(view?.bids);
    expect(client.top('offer', 1000)).toEqual(view?.asks);
    expect(view?.updateId).toBe(updates.length);
  });

  it('sends nothing for a product nobody holds, and a fresh snapshot to a later subscriber', () => {
    const { level2, run } = channel();
    level2.onSubscribe(TOPIC, 0);
    expect(run(50, () => false)).toEqual([]);
    const client = clientBook();
    client.apply(event(level2.onSubscribe(TOPIC, 1)[0]));
    for (const message of run(50)) client.apply(event(message));
    expect(client.top('bid', 100)).toEqual(level2.view('BTC-USD', 'level2', 100)?.bids);
  });

  it('drop: the next update is not sent and reported lost; cross: the book crossed by one bid, mended by the next update; restart: a snapshot', () => {
    const { level2, run, dropped } = channel();
    const client = clientBook();
    client.apply(event(level2.onSubscribe(TOPIC, 0)[0]));
    for (const message of run(5)) client.apply(event(message));
    expect(level2.arm('drop', 'BTC-USD')).toBe(true);
    expect(run(1)).toEqual([]);
    expect(dropped).toEqual([TOPIC]);

    // The client missed an update: it takes a fresh snapshot, as one that saw the hole in sequence_num does.
    client.apply(event(level2.onSubscribe(TOPIC, 1)[0]));
    const crossed = (): boolean => Number(client.top('bid', 1)[0]?.[0]) >= Number(client.top('offer', 1)[0]?.[0]);
    level2.arm('cross', 'BTC-USD');
    const [cross, mend] = run(2);
    client.apply(event(cross));
    expect(crossed()).toBe(true);
    client.apply(event(mend));
    expect(crossed()).toBe(false);

    level2.arm('restart', 'BTC-USD');
    expect(run(1).map((m) => event(m).type)).toEqual(['snapshot']);
    expect(run(3).map((m) => event(m).type)).toEqual(['update', 'update', 'update']);
  });

  it('serves only level2 topics of listed products', () => {
    const { level2 } = channel();
    expect([level2.accepts(TOPIC), level2.accepts('level2:NOPE-USD'), level2.accepts('ticker:BTC-USD')]).toEqual([true, false, false]);
    expect(level2.onSubscribe('ticker:BTC-USD', 0)).toEqual([]);
    expect(level2.arm('drop', 'NOPE-USD')).toBe(false);
    expect(level2.view('BTC-USD', 'l2_data', 5)).toBeUndefined();
  });
});
