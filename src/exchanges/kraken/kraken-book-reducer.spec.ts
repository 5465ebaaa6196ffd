import { crc32 as zlibCrc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { BookInput, BookOutput, BookUpdate } from '../book-update.js';
import { frameLines } from './__fixtures__/recorded-frames.js';
import { krakenBookReducer, type KrakenBookState } from './kraken-book-reducer.js';
import { krakenBookUpdates, type KrakenBookUpdate } from './kraken-book-update.js';
import { parseKrakenFrame } from './kraken-frames.js';

type Reducer = ReturnType<typeof krakenBookReducer>;

/** Folds updates one message at a time, as `scan` would, keeping every output. */
function run(updates: readonly BookInput[], reducer: Reducer = krakenBookReducer(), symbol = 'BTC/USD'): { state: KrakenBookState; out: BookOutput[] } {
  let state = reducer.initial(symbol);
  const out: BookOutput[] = [];
  for (const update of updates) {
    const step = reducer.reduce(state, [update]);
    state = step.state;
    out.push(...step.events);
  }
  return { state, out };
}

function fromText(line: string | undefined, receivedTs = 1): KrakenBookUpdate {
  const result = parseKrakenFrame(line ?? '');
  if (!result.ok || result.frame.kind !== 'book') throw new Error(`not a book frame: ${line}`);
  const [update] = krakenBookUpdates(result.frame, receivedTs);
  if (update === undefined) throw new Error('no update');
  return update;
}

const recorded = frameLines('kraken-book.ndjson');
const line = (n: number): KrakenBookUpdate => fromText(recorded[n - 1], n);

/** A hand-made message: levels as `price/qty` texts, its checksum computed here with zlib over the string written out by hand. */
function message(action: 'snapshot' | 'update', bids: readonly string[], asks: readonly string[], checksumText: string, symbol = 'X/Y'): KrakenBookUpdate {
  const level = (pair: string) => {
    const [priceText = '', qtyText = ''] = pair.split('/');
    return { price: Number(priceText), size: Number(qtyText), priceText, qtyText };
  };
  const frame = { channel: 'book', type: action, data: [{ symbol, bids: [], asks: [], checksum: 0, timestamp: '2026-01-01T00:00:00Z' }] };
  const result = parseKrakenFrame(JSON.stringify(frame));
  if (!result.ok || result.frame.kind !== 'book') throw new Error('bad frame');
  const [update] = krakenBookUpdates(result.frame, 1);
  return { ...(update as KrakenBookUpdate), bids: bids.map(level), asks: asks.map(level), checksum: zlibCrc32(checksumText) };
}

const sides = (output: BookOutput | undefined) =>
  output?.type === 'book_view' ? { bids: output.bids.map((l) => `${l.price}/${l.size}`), asks: output.asks.map((l) => `${l.price}/${l.size}`) } : output;

describe('krakenBookReducer on recorded messages', () => {
  it('verifies every recorded checksum (BTC/USD at 1/8 dp, DOGE/USDT at 5/8 dp) and publishes a view after each message', () => {
    const btc = run(recorded.slice(0, 11).map((text, n) => fromText(text, n)));
    const doge = run(
      recorded.slice(11).map((text, n) => fromText(text, n)),
      krakenBookReducer(),
      'DOGE/USDT',
    );
    expect(btc.out.map((o) => o.type)).toEqual(Array(11).fill('book_view'));
    expect(doge.out.map((o) => o.type)).toEqual(Array(3).fill('book_view'));
    expect([btc.state.seen, doge.state.seen]).toEqual([
      { price: 1, qty: 8 },
      { price: 5, qty: 8 },
    ]);
  });

  it('applies a delete and an insert: 63296.7 leaves the bids, 63294.6 joins them last', () => {
    const { out } = run([line(1), line(2)]);
    expect(sides(out[1])).toMatchObject({
      bids: [
        '63299.4/0.00209987',
        '63298.7/0.000051',
        '63298.1/0.05742569',
        '63298/0.01534518',
        '63297.8/0.504238',
        '63297.7/0.78991808',
        '63295.8/0.56593064',
        '63295.7/0.78994295',
        '63295.5/0.000051',
        '63294.6/0.31581476',
      ],
    });
  });

  it('cuts the book to the depth: the ask that comes back in pushes out 85608, which Kraken sends no delete for', () => {
    const { out, state } = run([line(3), line(4), line(5), line(6), line(7)]);
    const snapshotAsks = (sides(out[0]) as { asks: string[] }).asks;
    expect((sides(out[1]) as { asks: string[] }).asks).toEqual([...snapshotAsks.filter((a) => a !== '85601.6/0.21608516'), '85608/0.04358176']);
    expect((sides(out[4]) as { asks: string[] }).asks).toEqual(snapshotAsks);
    expect(state.book.asks).toHaveLength(10);
    expect(state.texts.asks.has(85608)).toBe(false);
  });

  it('replaces the book on a repeated snapshot', () => {
    const { out } = run([line(3), line(4), line(8)]);
    expect(sides(out[2])).toEqual(sides(out[0]));
  });
});

describe('krakenBookReducer: resyncs', () => {
  it('says the book is down at the first update before any snapshot (one book_resync, no_snapshot), then drops the rest until a snapshot', () => {
    const { out, state } = run([line(2), line(4)]);
    expect(out).toEqual([expect.objectContaining({ type: 'book_resync', symbol: 'BTC/USD', reason: 'no_snapshot' })]);
    expect(state).toMatchObject({ status: 'resyncing', reason: 'no_snapshot' });
    expect(run([line(2), line(1), line(2)]).out.map((o) => o.type)).toEqual(['book_resync', 'book_view', 'book_view']);
  });

  it('on a refused book message drops the book at once (one book_resync, refused), asks again while down up to maxRefusals, and recovers on a snapshot', () => {
    const lost = (n: number): BookInput => ({ type: 'book_lost', symbol: 'BTC/USD', error: '$.data[0].checksum: expected an integer', receivedTs: n });
    const { out, state } = run([line(1), lost(10), line(2), lost(11), lost(12), lost(13), line(3), line(4)], krakenBookReducer({ maxRefusals: 3 }));
    expect(out.map((o) => (o.type === 'book_resync' ? `resync ${o.reason}` : 'view'))).toEqual([
      'view',
      'resync refused',
      'resync refused',
      'resync refused',
      'view',
      'view',
    ]);
    expect(out[1]).toMatchObject({ detail: '$.data[0].checksum: expected an integer', updateId: 0, exchangeTs: 10, receivedTs: 10 });
    expect(state).toMatchObject({ status: 'live', failedSnapshots: 0 });
    expect(state.refusals).toBeUndefined();
  });

  it('on a checksum mismatch emits one book_resync, drops every update until the next snapshot, then recovers', () => {
    const bad = { ...line(2), checksum: 1 };
    const { out, state } = run([line(1), bad, line(2), line(2), line(3), line(4)]);
    expect(out.map((o) => o.type)).toEqual(['book_view', 'book_resync', 'book_view', 'book_view']);
    expect(out[1]).toMatchObject({ type: 'book_resync', symbol: 'BTC/USD', reason: 'checksum', detail: 'expected 1, computed 1153589921' });
    expect(state.status).toBe('live');
  });

  it('finds a lost message by the next checksum', () => {
    const { out } = run([line(3), line(5)]);
    expect(out.map((o) => o.type)).toEqual(['book_view', 'book_resync']);
    expect(out[1]).toMatchObject({ reason: 'checksum', detail: expect.stringMatching(/^expected 402752521, computed \d+$/) as unknown });
  });

  it('never publishes a crossed or locked book', () => {
    const crossing = message('update', ['63299.5/1.00000000'], [], '');
    const { out, state } = run([line(1), { ...crossing, symbol: 'BTC/USD' }]);
    expect(out.map((o) => o.type)).toEqual(['book_view', 'book_resync']);
    expect(out[1]).toMatchObject({ reason: 'crossed', detail: 'best bid 63299.5 >= best ask 63299.5' });
    expect(state).toMatchObject({ status: 'resyncing', reason: 'crossed', book: { bids: [], asks: [] } });
  });

  it('asks again for a snapshot that fails, up to maxFailedSnapshots in a row, and recovers on a good one', () => {
    const bad = { ...line(1), checksum: 5 };
    const { out } = run([bad, bad, bad, bad, bad, line(1)], krakenBookReducer({ maxFailedSnapshots: 3 }));
    expect(out.map((o) => o.type)).toEqual(['book_resync', 'book_resync', 'book_resync', 'book_view']);
  });
});

describe('krakenBookReducer: levels', () => {
  // Checksum strings written out by hand: asks (low to high) then bids (high to low), each price then
  // quantity at 1 and 8 decimals, without the point and leading zeros.
  const snapshot = message('snapshot', ['100.0/1.00000000', '99.5/0.50000000'], ['101.0/2.00000000'], '1010200000000' + '1000100000000' + '99550000000');

  it('applies several changes to one level in one message in order', () => {
    const twice = message(
      'update',
      ['99.0/3.00000000', '99.0/0', '98.0/1.00000000', '98.0/4.00000000'],
      [],
      '1010200000000' + '1000100000000' + '99550000000' + '980400000000',
    );
    const { out } = run([snapshot, twice], krakenBookReducer(), 'X/Y');
    expect(sides(out[1])).toEqual({ bids: ['100/1', '99.5/0.5', '98/4'], asks: ['101/2'] });
  });

  it('deletes a level with qty 0; a delete of an absent level changes nothing', () => {
    const deletes = message('update', ['99.5/0', '42.0/0'], [], '1010200000000' + '1000100000000');
    const { out } = run([snapshot, deletes], krakenBookReducer(), 'X/Y');
    expect(out.map(sides)).toEqual([
      { bids: ['100/1', '99.5/0.5'], asks: ['101/2'] },
      { bids: ['100/1'], asks: ['101/2'] },
    ]);
  });

  it('learns the precision from the texts, and takes the configured one over it', () => {
    // Quantities re-serialised without their padding; the venue's checksum is of the 8 dp form.
    const thin = message('snapshot', ['100.0/1.5'], ['101.0/2.25'], '1010225000000' + '1000150000000');
    expect(run([thin], krakenBookReducer(), 'X/Y').out.map((o) => o.type)).toEqual(['book_resync']);
    const configured = krakenBookReducer({ precisionOf: (symbol) => (symbol === 'X/Y' ? { price: 1, qty: 8 } : undefined) });
    expect(run([thin], configured, 'X/Y').out.map((o) => o.type)).toEqual(['book_view']);
  });

  it('keeps the precision learned across a resync', () => {
    const wrong = { ...snapshot, checksum: 9 };
    const thin = message('snapshot', ['100.0/1.5'], ['101.0/2.25'], '1010225000000' + '1000150000000');
    expect(run([wrong, thin], krakenBookReducer(), 'X/Y').out.map((o) => o.type)).toEqual(['book_resync', 'book_view']);
  });

  it('publishes the top viewLevels per side', () => {
    const { out } = run([line(3)], krakenBookReducer({ viewLevels: 2 }));
    expect(sides(out[0])).toEqual({ bids: ['85600.4/0.20401971', '85599.6/0.04385864'], asks: ['85600.5/0.90679198', '85601.6/0.21608516'] });
  });

  it('applies a plain BookUpdate (no checksum, no texts) without verifying it', () => {
    const plain: BookUpdate = {
      type: 'book_update',
      symbol: 'X/Y',
      action: 'snapshot',
      bids: [{ price: 1, size: 2 }],
      asks: [{ price: 3, size: 4 }],
      updateId: 1,
      exchangeTs: 1,
      receivedTs: 1,
    };
    expect(run([plain], krakenBookReducer(), 'X/Y').out.map(sides)).toEqual([{ bids: ['1/2'], asks: ['3/4'] }]);
  });

  it('stamps a view with the message time: updateId in microseconds, exchangeTs in milliseconds', () => {
    const { out } = run([line(1)]);
    expect(out[0]).toMatchObject({ updateId: 1786562888631028, exchangeTs: 1786562888631, receivedTs: 1 });
  });
});
