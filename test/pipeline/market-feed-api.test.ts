import { setTimeout as sleep } from 'node:timers/promises';
import { pino } from 'pino';
import { lastValueFrom, toArray } from 'rxjs';
import { afterEach, describe, expect, it } from 'vitest';
import { createMarketFeed, loadConfig, type MarketFeed, type PriceTick, type TradeEvent } from '../../src/index.js';
import { startSimulator, type RunningSimulator } from '../../simulator/start-simulator.js';

let sim: RunningSimulator | undefined;
let feed: MarketFeed | undefined;
afterEach(async () => {
  feed?.stop();
  await sim?.close();
});

describe('createMarketFeed (in-process library API against the simulator)', () => {
  it('delivers prices and trades to callbacks, caches the latest price, and closes open windows on stop', async () => {
    // The 60 s windows are aligned to the minute: started close to a boundary, the test would see a
    // window close at it and another at the stop. It runs within one minute instead.
    const toBoundary = 60_000 - (Date.now() % 60_000);
    if (toBoundary < 10_000) await sleep(toBoundary + 100);
    sim = await startSimulator({ coins: ['BTC', 'ETH', 'SOL'], tradesPerSecond: 20, tickerIntervalMs: 100 });
    const config = loadConfig({
      env: {},
      flags: { coins: 'BTC,ETH,SOL', 'bybit-url': sim.urls.bybit, 'binance-url': sim.urls.binance, 'stats-windows-ms': '60000' },
    });
    feed = createMarketFeed({ config, logger: pino({ level: 'silent' }) });
    const prices: PriceTick[] = [];
    const trades: TradeEvent[] = [];
    const unsubscribePrices = feed.subscribePrice((tick) => prices.push(tick));
    feed.subscribeTrades((trade) => trades.push(trade));
    const stats = lastValueFrom(feed.stats$.pipe(toArray()));
    const status = lastValueFrom(feed.status$.pipe(toArray()));

    expect(feed.getPrice('BTC')).toBeUndefined();
    feed.start();
    await sleep(2500);
    unsubscribePrices();
    const pricesAtUnsubscribe = prices.length;
    await sleep(300);

    expect(pricesAtUnsubscribe).toBeGreaterThan(10);
    expect(prices.length).toBe(pricesAtUnsubscribe);
    expect(trades.length).toBeGreaterThan(50);
    expect(new Set(trades.map((t) => t.coin))).toEqual(new Set(['BTC', 'ETH', 'SOL']));
    const btc = feed.getPrice('btc');
    expect(btc?.coin).toBe('BTC');
    const lastBtcTrade = trades.filter((t) => t.coin === 'BTC').at(-1);
    expect(btc?.exchangeTs).toBeGreaterThanOrEqual(lastBtcTrade?.exchangeTs ?? Infinity);
    expect(Object.keys(feed.getAllPrices()).sort()).toEqual(['BTC', 'ETH', 'SOL']);

    feed.stop();
    const windows = await stats;
    expect(windows.map((w) => w.symbol).sort()).toEqual(['BTCUSDT', 'ETHUSDT', 'SOLUSDT']);
    for (const w of windows) expect(w.complete).toBe(false);
    expect(windows.reduce((n, w) => n + w.tradeCount, 0)).toBe(trades.length);
    expect((await status).map((s) => s.state)).toEqual(expect.arrayContaining(['connecting', 'connected', 'subscribed']));
  });
});
