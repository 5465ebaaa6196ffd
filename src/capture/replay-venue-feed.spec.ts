import { readFileSync } from 'node:fs';
import { from, type Observable } from 'rxjs';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import type { VenueOutput } from '../exchanges/venue-item.js';
import type { VenueFeedOptions } from '../pipeline/venue-settings.js';
import type { CaptureLine } from './capture-line.js';
import { replayVenueFeed } from './replay-venue-feed.js';

/** Simulator frames: a snapshot, deltas, a dropped delta, a resubscribe's snapshot, a u = 1 restart and a crossed delta. */
const frames = readFileSync(new URL('../../simulator/__fixtures__/sim-bybit-orderbook-faults.ndjson', import.meta.url), 'utf8')
  .split('\n')
  .filter((line) => line !== '');
const capture: readonly CaptureLine[] = frames.map((frame, n) => ({ receivedTs: 1_000 + n, exchange: 'bybit', connectionId: 'bybit-1', frame }));

const options = (books: VenueFeedOptions['books']): VenueFeedOptions => ({
  exchange: 'bybit',
  url: 'wss://unused',
  coins: ['BTC'],
  quote: 'USDT',
  logger: pino({ enabled: false }),
  ...(books === undefined ? {} : { books }),
});

async function replayed(feed$: Observable<VenueOutput>, count: number): Promise<VenueOutput[]> {
  const events: VenueOutput[] = [];
  await new Promise<void>((resolve) => {
    const subscription = feed$.subscribe((event) => {
      events.push(event);
      if (events.length === count) {
        resolve();
        queueMicrotask(() => subscription.unsubscribe());
      }
    });
    setTimeout(resolve, 200);
  });
  return events;
}

describe('replayVenueFeed with order books', () => {
  it('replays captured depth frames through the same book sync as live: views, and one book_resync per dropped or crossed delta', async () => {
    const events = await replayed(replayVenueFeed(from(capture))(options({ options: { 'books.bybitDepth': 50 } })), 100);
    const described = events.map((e) =>
      e.type === 'order_book' ? `view ${e.connectionId}` : e.type === 'feed_status' ? `${e.state}${e.symbol === undefined ? '' : ` ${e.symbol}`}` : e.type,
    );
    expect(described).toEqual([
      'connected',
      ...Array<string>(6).fill('view bybit-1'),
      'book_resync BTCUSDT',
      ...Array<string>(8).fill('view bybit-1'),
      'book_resync BTCUSDT',
    ]);
    const resyncs = events.filter((e) => e.type === 'feed_status' && e.state === 'book_resync');
    expect(resyncs.map((e) => (e.type === 'feed_status' ? [e.reason.split(':')[0], e.ts] : []))).toEqual([
      ['gap', 1_006],
      ['crossed', 1_017],
    ]);
  });

  it('says the book is down (book_resync, refused) when a captured snapshot is refused, and publishes none of the deltas after it until the next snapshot', async () => {
    const [snapshot = '', ...rest] = frames;
    const damaged: readonly CaptureLine[] = [
      { receivedTs: 1_000, exchange: 'bybit', connectionId: 'bybit-1', frame: snapshot.replace(/"u":\d+/, '"u":"x"') },
      ...rest.slice(0, 3).map((frame, n) => ({ receivedTs: 1_001 + n, exchange: 'bybit' as const, connectionId: 'bybit-1', frame })),
      { receivedTs: 1_004, exchange: 'bybit', connectionId: 'bybit-1', frame: snapshot },
    ];
    const events = await replayed(replayVenueFeed(from(damaged))(options({ options: { 'books.bybitDepth': 50 } })), 100);
    expect(events.map((e) => (e.type === 'feed_status' ? `${e.state} ${e.reason.split(':')[0] ?? ''}` : e.type))).toEqual([
      'connected replayed capture',
      'invalid_frame',
      'book_resync refused',
      'order_book',
    ]);
    expect(events[2]).toMatchObject({ type: 'feed_status', state: 'book_resync', symbol: 'BTCUSDT', ts: 1_000, connectionId: 'bybit-1' });
  });

  it('replays no books when books are off', async () => {
    const events = await replayed(replayVenueFeed(from(capture))(options(undefined)), 100);
    expect(events.map((e) => e.type)).toEqual(['feed_status']);
  });

  it('stamps views with the configured instrument', async () => {
    const [, first] = await replayed(replayVenueFeed(from(capture))(options({ options: { 'books.bybitDepth': 50 } })), 2);
    expect(first).toMatchObject({
      type: 'order_book',
      exchange: 'bybit',
      symbol: 'BTCUSDT',
      coin: 'BTC',
      quote: 'USDT',
      env: 'prod',
      receivedTs: 1_000,
      isFallback: false,
    });
  });
});

describe('replayVenueFeed of a perpetual venue', () => {
  it("names each record's instrument as the live feed does (BTC-USDT-PERP, the key its records go under)", async () => {
    // The first recorded linear trade frame (test/fixtures/exchange-frames/bybit-linear-publicTrade.ndjson).
    const [trade = ''] = readFileSync(new URL('../../test/fixtures/exchange-frames/bybit-linear-publicTrade.ndjson', import.meta.url), 'utf8').split('\n');
    const line: CaptureLine = { receivedTs: 1_000, exchange: 'bybit_linear', connectionId: 'linear-1', frame: trade };
    const feed = replayVenueFeed(from([line]));
    const events = await replayed(feed({ ...options(undefined), exchange: 'bybit_linear' }), 2);
    expect(events.map((e) => e.type)).toEqual(['feed_status', 'trade']);
    expect(events[1]).toMatchObject({ type: 'trade', exchange: 'bybit_linear', symbol: 'BTCUSDT', coin: 'BTC', quote: 'USDT', instrument: 'BTC-USDT-PERP' });
  });
});

describe('replayVenueFeed of a venue sized in contracts', () => {
  const swapTrade = readFileSync(new URL('../../test/fixtures/exchange-frames/okx-swap-trades.ndjson', import.meta.url), 'utf8').split('\n')[0] ?? '';
  const line: CaptureLine = { receivedTs: 5_000, exchange: 'okx_swap', connectionId: 'okx_swap-1', frame: swapTrade };
  const swapOptions = (instruments?: VenueFeedOptions['instruments$']): VenueFeedOptions => ({
    exchange: 'okx_swap',
    url: 'wss://unused',
    coins: ['BTC'],
    quote: 'USDT',
    logger: pino({ enabled: false }),
    ...(instruments === undefined ? {} : { instruments$: instruments }),
  });

  it('reads sizes in the base asset with the contract value the shard was told (7 contracts of 0.01 BTC: 0.07 BTC)', async () => {
    const told = from([[{ symbol: 'BTC-USDT-SWAP', coin: 'BTC', quote: 'USDT', instrument: 'BTC-USDT-PERP', contractValue: 0.01 }]]);
    const events = await replayed(replayVenueFeed(from([line]))(swapOptions(told)), 2);
    expect(events.find((e) => e.type === 'trade')).toMatchObject({ symbol: 'BTC-USDT-SWAP', instrument: 'BTC-USDT-PERP', price: 43568.8, quantity: 0.07 });
  });

  it('refuses a sized frame whose contract value it was not told, never publishing contracts', async () => {
    const events = await replayed(replayVenueFeed(from([line]))(swapOptions()), 2);
    expect(events.some((e) => e.type === 'trade')).toBe(false);
    expect(events.find((e) => e.type === 'invalid_frame')).toMatchObject({ exchange: 'okx_swap' });
  });

  it("keeps a shard to its own instruments: a frame of another shard's instrument gives it nothing (every shard reads the whole capture)", async () => {
    // The first recorded linear trade frame (BTCUSDT), replayed to a shard told ETHUSDT and to one told BTCUSDT.
    const [trade = ''] = readFileSync(new URL('../../test/fixtures/exchange-frames/bybit-linear-publicTrade.ndjson', import.meta.url), 'utf8').split('\n');
    const linear: CaptureLine = { receivedTs: 1_000, exchange: 'bybit_linear', connectionId: 'linear-1', frame: trade };
    const shard = (symbol: string, coin: string) =>
      replayed(
        replayVenueFeed(from([linear]))({
          ...options(undefined),
          exchange: 'bybit_linear',
          instruments$: from([[{ symbol, coin, quote: 'USDT', instrument: `${coin}-USDT-PERP` }]]),
        }),
        2,
      );
    expect((await shard('ETHUSDT', 'ETH')).map((e) => e.type)).toEqual(['feed_status']);
    expect((await shard('BTCUSDT', 'BTC')).map((e) => e.type)).toEqual(['feed_status', 'trade']);
  });
});

describe('replayVenueFeed of a frame carrying many instruments', () => {
  it("keeps the shard's own instruments of it, as a live socket does: another shard's option it cannot read refuses nothing", async () => {
    // Binance's `optionMarkPrice`: every option of the underlying in one frame; this shard follows one, whose unit its list gives.
    const entry = (s: string) => ({
      s,
      mp: '19.0314',
      E: 1765983420260,
      e: 'markPrice',
      i: '1.96239445',
      P: '0.0000',
      bo: '0.0000',
      ao: '0.0000',
      bq: '0.00',
      aq: '0.00',
      b: '-1.0',
      a: '-1.0',
      hl: '34.2565',
      ll: '3.8062',
      vo: '2.6',
      rf: '0.0',
      d: '-0.56213899',
      t: '-0.04023754',
      g: '1.12832706',
      v: '0.00052941',
    });
    const frame = JSON.stringify({ stream: 'xrpusdt@optionMarkPrice', data: [entry('XRP-251219-2.05-P'), entry('XRP-251219-2.10-P')] });
    const line: CaptureLine = { receivedTs: 1_000, exchange: 'binance_options', connectionId: 'binance_options-1', frame };
    const feed = replayVenueFeed(from([line]))({
      exchange: 'binance_options',
      url: 'wss://unused',
      coins: ['XRP'],
      quote: 'USDT',
      logger: pino({ enabled: false }),
      instruments$: from([[{ symbol: 'XRP-251219-2.05-P', coin: 'XRP', quote: 'USDT', instrument: 'XRP-USDT-20251219-2.05-P', contractValue: 100 }]]),
    });
    const events = await replayed(feed, 2);
    expect(events.map((e) => (e.type === 'option_summary' ? [e.type, e.symbol, e.markPrice] : [e.type]))).toEqual([
      ['feed_status'],
      ['option_summary', 'XRP-251219-2.05-P', 0.190314],
    ]);
  });
});
