import pino from 'pino';
import { asyncScheduler, firstValueFrom, Subject, take, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import type { ExchangeId } from '../../model/index.js';
import type { BookUpdate } from '../book-update.js';
import { binanceBookPlan, snapshotDepth } from './binance-book-plan.js';
import { parseBinanceFrame } from './binance-frames.js';

const logger = pino({ level: 'silent' });
const depthText = (U: number, u: number, bid: string) =>
  JSON.stringify({ stream: 'btcusdt@depth@100ms', data: { e: 'depthUpdate', E: 1700000000000 + u, s: 'BTCUSDT', U, u, b: [[bid, '1.5']], a: [] } });

/** A `fetch` that answers every depth request with this body and records the URLs asked for. */
function fakeFetch(body: object) {
  const urls: string[] = [];
  const send: typeof fetch = (input) => {
    urls.push(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
    return Promise.resolve(new Response(JSON.stringify(body), { status: 200 }));
  };
  return { urls, send };
}

function updatesOf(plan: ReturnType<typeof binanceBookPlan>, texts: readonly string[]): BookUpdate[] {
  return texts.flatMap((text, n) => {
    const parsed = parseBinanceFrame(text);
    if (!parsed.ok) throw new Error(parsed.error);
    return [...plan.updates(parsed.frame, n)];
  });
}

async function sync(exchange: ExchangeId, snapshotBody: object, texts: readonly string[], restUrl?: string) {
  const fake = fakeFetch(snapshotBody);
  const plan = binanceBookPlan({ fetch: fake.send, pacer: { minIntervalMs: 0 } });
  const source = new Subject<BookUpdate>();
  const outputs = firstValueFrom(
    source.pipe(
      plan.sync({ exchange, scheduler: asyncScheduler, logger, resubscribe: () => undefined, ...(restUrl === undefined ? {} : { restUrl }) }),
      take(1),
      toArray(),
    ),
  );
  for (const update of updatesOf(plan, texts)) source.next(update);
  return { outputs: await outputs, urls: fake.urls };
}

const body = { lastUpdateId: 20, bids: [['100.00', '2.0']], asks: [['101.00', '3.0']] };

describe('binanceBookPlan', () => {
  it('subscribes depth@100ms by default and maps only depthUpdate frames to book updates', () => {
    const plan = binanceBookPlan();
    expect(plan.channel).toBe('depth@100ms');
    expect(binanceBookPlan({ channel: 'depth' }).channel).toBe('depth');
    const trade = '{"stream":"btcusdt@trade","data":{"e":"trade","E":1,"s":"BTCUSDT","t":1,"p":"1.0","q":"1.0","T":1,"m":true}}';
    expect(updatesOf(plan, [trade, depthText(18, 21, '99.5')])).toEqual([
      {
        type: 'book_update',
        symbol: 'BTCUSDT',
        action: 'delta',
        bids: [{ price: 99.5, size: 1.5 }],
        asks: [],
        updateId: 21,
        firstUpdateId: 18,
        exchangeTs: 1700000000021,
        receivedTs: 1,
      },
    ]);
  });

  it("fetches the snapshot from the context's REST URL with the default limit 1000 and publishes the synced book", async () => {
    const { outputs, urls } = await sync('binance', body, [depthText(18, 21, '99.5')], 'http://127.0.0.1:1/');
    expect(urls).toEqual(['http://127.0.0.1:1/api/v3/depth?symbol=BTCUSDT&limit=1000']);
    expect(outputs).toMatchObject([
      {
        type: 'book_view',
        symbol: 'BTCUSDT',
        updateId: 21,
        bids: [
          { price: 100, size: 2 },
          { price: 99.5, size: 1.5 },
        ],
        asks: [{ price: 101, size: 3 }],
      },
    ]);
  });

  it('fetches no snapshot and publishes nothing without a REST URL (replay, normalize)', async () => {
    const fake = fakeFetch(body);
    const plan = binanceBookPlan({ fetch: fake.send, pacer: { minIntervalMs: 0 } });
    const source = new Subject<BookUpdate>();
    const outputs: unknown[] = [];
    const subscription = source
      .pipe(plan.sync({ exchange: 'binance', scheduler: asyncScheduler, logger, resubscribe: () => undefined }))
      .subscribe((o) => outputs.push(o));
    for (const update of updatesOf(plan, [depthText(18, 21, '99.5'), depthText(22, 23, '99.4')])) source.next(update);
    await new Promise((resolve) => setTimeout(resolve, 100));
    subscription.unsubscribe();
    expect([fake.urls, outputs]).toEqual([[], []]);
  });

  it('keeps Binance US to its older rule: an event overlapping the previous one is a gap there, not on Binance', async () => {
    const texts = [depthText(18, 21, '99.5'), depthText(21, 23, '99.4')];
    const first = (exchange: ExchangeId) => {
      const fake = fakeFetch(body);
      const plan = binanceBookPlan({ fetch: fake.send, pacer: { minIntervalMs: 0 } });
      const source = new Subject<BookUpdate>();
      const done = firstValueFrom(
        source.pipe(
          plan.sync({ exchange, scheduler: asyncScheduler, logger, resubscribe: () => undefined, restUrl: 'http://127.0.0.1:1' }),
          take(2),
          toArray(),
        ),
      );
      const updates = updatesOf(plan, texts);
      source.next(updates[0] as BookUpdate);
      setTimeout(() => source.next(updates[1] as BookUpdate), 20);
      return done;
    };
    expect((await first('binance')).map((o) => o.type)).toEqual(['book_view', 'book_view']);
    expect((await first('binance_us')).map((o) => (o.type === 'book_resync' ? o.detail : o.type))).toEqual(['book_view', 'expected U 22, got 21']);
  });

  it("holds further snapshot requests once the venue's used-weight header says the minute's budget is spent", async () => {
    const urls: string[] = [];
    const send: typeof fetch = (input) => {
      urls.push(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
      return Promise.resolve(new Response(JSON.stringify(body), { status: 200, headers: { 'x-mbx-used-weight-1m': '6000' } }));
    };
    const plan = binanceBookPlan({ fetch: send, pacer: { minIntervalMs: 0 } });
    const source = new Subject<BookUpdate>();
    const subscription = source
      .pipe(plan.sync({ exchange: 'binance', scheduler: asyncScheduler, logger, resubscribe: () => undefined, restUrl: 'https://api.binance.com' }))
      .subscribe();
    source.next({ ...(updatesOf(plan, [depthText(18, 21, '99.5')])[0] as BookUpdate) });
    await new Promise((resolve) => setTimeout(resolve, 100));
    source.next({ ...(updatesOf(plan, [depthText(18, 21, '99.5')])[0] as BookUpdate), symbol: 'ETHUSDT' });
    await new Promise((resolve) => setTimeout(resolve, 300));
    subscription.unsubscribe();
    expect(urls).toEqual(['https://api.binance.com/api/v3/depth?symbol=BTCUSDT&limit=1000']);
  });
});

describe('snapshotDepth', () => {
  const pacer = (waitingWeight: number) => ({ waiting: () => ({ requests: waitingWeight / 50, weight: waitingWeight }), weightPerMinute: 6000 });

  it('takes the configured depth while the snapshots waiting fit in a minute of weight', () => {
    // 5,900 waiting + 50 for this one (1000 levels) = 5,950 <= 6,000.
    expect(snapshotDepth(1000, pacer(5900))).toBe(1000);
  });

  it('takes 100 levels (weight 5) once a minute of weight is spoken for, so that a universe of first books comes in minutes', () => {
    // 5,960 + 50 = 6,010 > 6,000.
    expect(snapshotDepth(1000, pacer(5960))).toBe(100);
    expect(snapshotDepth(5000, pacer(6000))).toBe(100);
  });

  it('keeps a configured depth of 100 or less as it is', () => {
    expect(snapshotDepth(50, pacer(1_000_000))).toBe(50);
  });
});
